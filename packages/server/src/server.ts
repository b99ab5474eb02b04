import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';
import { createDatabase, type Database } from './db.js';
import { migrate, oneStartAtATime, truncateAll } from './migrations.js';
import { isEmpty, seedDatabase } from './seed.js';
import { createMailRelay, type MailRelay } from './mail/relay.js';
import { smtpMailer, type Mailer, type SmtpOptions } from './mail/mailer.js';
import { errorFields, silentLogger, type Logger } from './log.js';

export interface StartServerOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1: the reference server is for development and tests, not the open network. */
  host?: string;
  /** A database to use; otherwise one is created from `databaseUrl` / `dataDir` / `memory`. */
  db?: Database;
  /** PostgreSQL connection string; default `DATABASE_URL`. */
  databaseUrl?: string;
  /** PGlite data directory. Default `.portico-data`; ignored with `memory` or a database URL. */
  dataDir?: string;
  /** PGlite in memory: nothing is kept after the process ends. */
  memory?: boolean;
  /** Empty the database and seed it again before starting. */
  reset?: boolean;
  demo?: boolean;
  lockoutThreshold?: number;
  now?: () => Date;
  rateLimits?: AppOptions['rateLimits'];
  /**
   * Where users open the portal; mailed links start with it (see `AppOptions.publicUrl`). Default,
   * only when listening on a loopback address: this server's own URL. On any other address it is
   * required, so a server on the network never mails links to an address it guessed.
   */
  publicUrl?: AppOptions['publicUrl'];
  /** Bearer tokens: embed tokens, and the portal's OpenID Connect tokens (see `AppOptions.auth`). */
  auth?: AppOptions['auth'];
  /** Origins whose pages may call the API with cookies (CORS); see `AppOptions.allowedOrigins`. */
  allowedOrigins?: AppOptions['allowedOrigins'];
  /** `SameSite=None; Secure` session cookies for a page on another site; see `AppOptions.crossSiteCookies`. */
  crossSiteCookies?: AppOptions['crossSiteCookies'];
  /** Sends mail by SMTP (`PORTICO_SMTP_URL`, `PORTICO_MAIL_FROM`); without it (or `mailer`) mail stays in the outbox. */
  smtp?: SmtpOptions;
  /** Sends mail through this instead of SMTP. */
  mailer?: Mailer;
  /** How often failed mails are tried again, in milliseconds (default 30000). */
  mailRetryMs?: number;
  /** JSON logs (`createLogger`); default none. */
  logger?: Logger;
  /**
   * On `close()`, how long requests under way may take to finish before their connections are
   * cut, in milliseconds (default 10000).
   */
  shutdownTimeoutMs?: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  /**
   * Graceful shutdown: stops accepting connections, lets requests under way finish (up to
   * `shutdownTimeoutMs`), stops the mail relay, and closes the database if this call created it.
   */
  close(): Promise<void>;
}

/** Migrates, seeds an empty (or reset) database, and listens. */
export const startServer = async (options: StartServerOptions = {}): Promise<RunningServer> => {
  const { port = 8787, host = '127.0.0.1', demo = false } = options;
  if (options.publicUrl === undefined && !LOOPBACK_HOSTS.has(host)) {
    throw new Error(`Listening on ${host} needs a public URL for the links the server mails: set publicUrl (portico-server: --public-url or PORTICO_PUBLIC_URL).`);
  }
  const ownsDb = !options.db;
  const db =
    options.db ??
    (await createDatabase({
      url: options.databaseUrl ?? process.env.DATABASE_URL,
      dataDir: options.memory ? undefined : (options.dataDir ?? '.portico-data'),
    }));
  try {
    await oneStartAtATime(db, async () => {
      await migrate(db);
      if (options.reset) await truncateAll(db);
      if (await isEmpty(db)) await seedDatabase(db);
    });
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
  let ownUrl = '';
  const logger = options.logger ?? silentLogger();
  const mailer = options.mailer ?? (options.smtp ? smtpMailer(options.smtp) : undefined);
  const configuredPublicUrl = options.publicUrl;
  const mailRelay: MailRelay | undefined = mailer
    ? createMailRelay(db, mailer, {
        portalUrl: () => (typeof configuredPublicUrl === 'function' ? configuredPublicUrl() : (configuredPublicUrl ?? ownUrl)) || undefined,
        ...(options.mailRetryMs !== undefined ? { intervalMs: options.mailRetryMs } : {}),
        onError: (error, id) => logger.warn({ mailId: id, ...errorFields(error) }, 'mail not sent'),
      })
    : undefined;
  const app = createApp({
    db,
    demo,
    publicUrl: options.publicUrl ?? (() => ownUrl),
    ...(options.lockoutThreshold !== undefined ? { lockoutThreshold: options.lockoutThreshold } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.crossSiteCookies ? { crossSiteCookies: true } : {}),
    ...(mailRelay ? { mailRelay } : {}),
    logger,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  // Idle keep-alive connections stay open longer than clients (undici: 4 s) and load balancers
  // (typically 60 s) keep them, so the server never closes one just as a request is sent on it
  // ("other side closed"), which a slow moment of the event loop (PGlite) otherwise provokes.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  ownUrl = `http://${urlHost}:${address.port}`;
  // Mail a previous run wrote but did not get to send.
  mailRelay?.poke();
  return {
    url: ownUrl,
    port: address.port,
    db,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        // Stops accepting; resolves once every connection has ended.
        server.close((error) => (error ? reject(error) : resolve()));
        if (!('closeIdleConnections' in server)) return;
        // Idle keep-alive connections would hold close() open until they time out; those with a
        // request under way end after their answer (Node closes them once the server is closing).
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
        cut.unref();
        server.once('close', () => clearTimeout(cut));
      });
      await mailRelay?.stop();
      mailer?.close?.();
      if (ownsDb) await db.close();
    },
  };
};
