/**
 * JSON logs (pino), one line per event, each request's lines carrying its request id (`reqId`,
 * from a sane incoming `X-Request-Id` or a new one, sent back in the answer). What is logged of a
 * request is its method, path (never the query), status and time: no header, cookie or body, so
 * no password, token, session or reset link reaches the log. Errors are logged by name, message and
 * stack; the messages the server writes name no secret (packages/server/test/log.test.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { pino, type DestinationStream, type Logger } from 'pino';
import { randomUUID } from 'node:crypto';

export type { Logger } from 'pino';

export interface LogOptions {
  /** `fatal`, `error`, `warn`, `info` (default), `debug`, `trace` or `silent` (`PORTICO_LOG_LEVEL`). */
  level?: string;
  /** Where lines go; default standard output. */
  destination?: DestinationStream;
}

/**
 * Defence in depth: should a later change log a request or a header object, these never appear.
 * The request logger itself logs none of them.
 */
const REDACT = [
  'password',
  'token',
  'csrfToken',
  'cookie',
  'authorization',
  '*.password',
  '*.token',
  '*.cookie',
  '*.authorization',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
];

export const createLogger = ({ level = 'info', destination }: LogOptions = {}): Logger =>
  pino({ level, base: { service: 'portico-server' }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);

/** Loggers that write nothing, for apps created without one (tests of the routes). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export type LogEnv = { Variables: { log: Logger; requestId: string } };

/** Binds a child logger with the request id to the request and logs one line when it is answered. */
export const requestLogger = (logger: Logger): MiddlewareHandler<LogEnv> => async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const reqId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  const log = logger.child({ reqId });
  c.set('log', log);
  c.set('requestId', reqId);
  const started = performance.now();
  await next();
  c.header('X-Request-Id', reqId);
  const status = c.res.status;
  const line = { method: c.req.method, path: new URL(c.req.url).pathname, status, ms: Math.round(performance.now() - started) };
  if (status >= 500) log.error(line, 'request failed');
  else log.info(line, 'request');
};

/** An error as logged: name, message, stack; nothing the error object carries besides. */
export const errorFields = (error: unknown) =>
  error instanceof Error ? { err: { name: error.name, message: error.message, stack: error.stack } } : { err: { message: String(error) } };
