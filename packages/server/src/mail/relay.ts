/**
 * Mails leave through the outbox table (a transactional outbox): a route writes the mail in the
 * transaction that decides it, so a rolled-back change mails nothing, and the relay sends it once
 * that transaction has committed. Rows are claimed with `for update skip locked`, so several server
 * processes on one database send each mail once; a failed send is tried again later.
 */
import type { Database } from '../db.js';
import type { Mailer } from './mailer.js';
import { renderMail, type MailTemplate } from './templates.js';

/** Sends given up after this many failures (the row keeps the last error). */
export const MAX_ATTEMPTS = 5;

export interface MailRelay {
  /** Sends every mail waiting now; resolves when they are sent or have failed this round. */
  flush(): Promise<void>;
  /** Asks for a flush soon without waiting for it (after a request that may have written mail). */
  poke(): void;
  /** Stops the timer and waits for a flush under way. */
  stop(): Promise<void>;
}

export interface RelayOptions {
  /** Where the portal is, for the mails' footer; undefined when not configured. */
  portalUrl: () => string | undefined;
  /** Also flushes every so often, for mails whose send failed (default 30 s; 0: never). */
  intervalMs?: number;
  onError?: (error: unknown, mailId: string) => void;
}

interface PendingRow {
  id: string;
  recipient: string;
  template: MailTemplate;
  language: string | null;
}

export const createMailRelay = (db: Database, mailer: Mailer, options: RelayOptions): MailRelay => {
  let running: Promise<void> | undefined;
  let again = false;

  /** One mail not yet tried since `round`: claimed, sent and marked in one transaction; false when none is waiting. */
  const sendOne = async (round: Date): Promise<boolean> =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<PendingRow>(
        `select id, recipient, template, language from outbox
         where deliver and delivered_at is null and attempts < $1 and (attempted_at is null or attempted_at < $2)
         order by created_at, id limit 1 for update skip locked`,
        [MAX_ATTEMPTS, round.toISOString()],
      );
      const row = rows[0];
      if (!row) return false;
      try {
        const rendered = renderMail(row.template, { language: row.language, portalUrl: options.portalUrl() });
        await mailer.send({ to: row.recipient, ...rendered });
        const at = new Date().toISOString();
        await tx.query('update outbox set delivered_at = $2, attempted_at = $2, attempts = attempts + 1, last_error = null where id = $1', [row.id, at]);
      } catch (error) {
        options.onError?.(error, row.id);
        await tx.query('update outbox set attempted_at = $3, attempts = attempts + 1, last_error = $2 where id = $1', [
          row.id,
          error instanceof Error ? error.message : String(error),
          new Date().toISOString(),
        ]);
      }
      return true;
    });

  /** Every mail once; one that fails waits for a later round (the timer's), not tried again at once. */
  const drain = async (): Promise<void> => {
    const round = new Date();
    while (await sendOne(round));
  };

  const flush = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drain();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const interval = options.intervalMs ?? 30_000;
  const timer = interval > 0 ? setInterval(() => void flush().catch(() => undefined), interval) : undefined;
  timer?.unref();

  return {
    flush,
    poke: () => void flush().catch((error: unknown) => options.onError?.(error, '')),
    stop: async () => {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
};
