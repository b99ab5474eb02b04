/**
 * Deletes the rows that only grow: idempotency keys past their retry window, sessions past their
 * expiry and reset links used or expired a day ago. Embed tokens (auth/embed.ts) and rate limits
 * (rate-limit.ts) sweep their own tables. Each process sweeps at most once a minute by the
 * server's clock, at the start of a request, so no job or timer has to be run beside the server.
 */
import type { Queryable } from './db.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How often a process sweeps. */
export const SWEEP_EVERY_MS = MINUTE;
/** Rows one statement deletes at most, so a sweep never holds many locks for long. */
export const SWEEP_BATCH = 1000;
/** How long a retry with the same `Idempotency-Key` still answers with the first result. */
export const IDEMPOTENCY_WINDOW_MS = DAY;
/** How long a used or expired reset link is kept after it was used or expired. */
export const RESET_LINK_KEPT_MS = DAY;

// One bounded batch per table, $1 the cutoff. Rows another process is deleting (or a request
// holds) are skipped (`for update skip locked`) and left for the next sweep, so several processes
// may sweep at once; each statement commits on its own.
const SWEEP_IDEMPOTENCY_KEYS = `
  delete from idempotency_keys where (key, viewer_contact_id) in (
    select key, viewer_contact_id from idempotency_keys where created_at < $1 order by created_at limit ${SWEEP_BATCH} for update skip locked)`;
const SWEEP_SESSIONS = `
  delete from sessions where token_hash in (
    select token_hash from sessions where expires_at < $1 order by expires_at limit ${SWEEP_BATCH} for update skip locked)`;
const SWEEP_RESET_LINKS = `
  delete from password_reset_tokens where token_hash in (
    select token_hash from password_reset_tokens where used_at < $1 or expires_at < $1 limit ${SWEEP_BATCH} for update skip locked)`;

export class Sweeper {
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => Date,
  ) {}

  /** Sweeps when a minute has passed since this process last did (or its clock went back); else does nothing. */
  async maybeSweep(): Promise<void> {
    const at = this.now().getTime();
    if (at - this.sweptAt < SWEEP_EVERY_MS && at >= this.sweptAt) return;
    this.sweptAt = at;
    await this.sweep(at);
  }

  /** One batch of each table's rows past their time at `at`. */
  async sweep(at: number): Promise<void> {
    await this.db.query(SWEEP_IDEMPOTENCY_KEYS, [new Date(at - IDEMPOTENCY_WINDOW_MS).toISOString()]);
    await this.db.query(SWEEP_SESSIONS, [new Date(at).toISOString()]);
    await this.db.query(SWEEP_RESET_LINKS, [new Date(at - RESET_LINK_KEPT_MS).toISOString()]);
  }
}
