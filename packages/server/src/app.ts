/**
 * The reference server's app: the request edge, the session, and the route modules (routes/*.ts),
 * each an `OpenAPIHono` whose operations declare their OpenAPI description beside their handlers,
 * mounted under `/api`. The shared pieces live in their own modules: who is asking (viewer.ts),
 * core's rules on the database (guards.ts), idempotent creates (idempotency.ts), the audit log
 * (audit.ts) and the mails (mail.ts, sent after the commit by mail/relay.ts). Before them: the
 * request log (log.ts), the health checks (health.ts) and, for pages on other origins, CORS (cors.ts).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, ServerContext } from './context.js';
import { crossOrigin, type CrossOriginOptions } from './cors.js';
import type { Database } from './db.js';
import { isUniqueViolation } from './db.js';
import { documentOf, registerComponents } from './document.js';
import { publicBase, requestEdge } from './edge.js';
import { healthRoutes } from './health.js';
import { errorFields, requestLogger, silentLogger, type Logger } from './log.js';
import type { MailRelay } from './mail/relay.js';
import { conflict, HttpProblem, tooManyRequests } from './problems.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { accountRoutes } from './routes/accounts.js';
import { adminRoutes } from './routes/admin.js';
import { contactRoutes } from './routes/contacts.js';
import { loginRoutes } from './routes/login.js';
import { passwordRoutes } from './routes/password.js';
import { roleRoutes } from './routes/roles.js';
import { selfRoutes } from './routes/self.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';
import { CSRF_HEADER, sessionMiddleware } from './viewer.js';
import { createAuthenticator, embedTokenRoutes, type AuthOptions } from './auth/index.js';

export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './viewer.js';
export { RESET_LINK_VALIDITY_MS } from './mail.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AppOptions extends CrossOriginOptions {
  db: Database;
  /** Enables the demo endpoints (viewer list, password-less sign-in), and the outbox for every signed-in viewer. */
  demo?: boolean;
  /**
   * Where users open the portal, e.g. `https://portal.example/contacts`: mailed links start with it
   * (`<publicUrl>/reset-password?token=…`), never with the request's Host header. A function is asked
   * at each mail, for a server that learns its address after it starts. Without it, requests that
   * would mail a link answer 500 and mail nothing; `startServer` always passes one.
   */
  publicUrl?: string | (() => string);
  /** Failed sign-ins in a row that lock a login (seed 002). */
  lockoutThreshold?: number;
  /** The clock; tests inject one to move past expiry times. */
  now?: () => Date;
  /** Limits on sign-in and password reset attempts; `false` turns them off (for tests that sign in often). */
  rateLimits?: Partial<RateLimits> | false;
  /** Bearer tokens besides password sessions: embed tokens always, the portal's OpenID Connect tokens with `oidc`. */
  auth?: AuthOptions;
  /**
   * Sends the mails written to the outbox (SMTP: `startServer`'s `smtp`); poked after every write
   * request. Without it mails stay in the outbox, which only the demo shows.
   */
  mailRelay?: MailRelay;
  /** JSON logs (log.ts): a line per request with its id, and errors. Default: none. */
  logger?: Logger;
}

const problemResponse = (problem: HttpProblem): Response =>
  new Response(JSON.stringify(problem.toDocument()), {
    status: problem.status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json', ...(problem.retryAfter ? { 'retry-after': String(problem.retryAfter) } : {}) },
  });

export const createApp = ({
  db,
  demo = false,
  lockoutThreshold = 5,
  now = () => new Date(),
  rateLimits = {},
  publicUrl,
  auth = {},
  allowedOrigins = [],
  crossSiteCookies = false,
  mailRelay,
  logger = silentLogger(),
}: AppOptions): OpenAPIHono<Env> => {
  // A configured string is checked now, so a typo fails at start rather than in a user's mail.
  const configuredBase = typeof publicUrl === 'string' ? publicBase(publicUrl) : undefined;
  const linkBase = (): string => {
    if (typeof publicUrl === 'function') return publicBase(publicUrl());
    if (configuredBase === undefined) throw new Error('The server has no publicUrl, so it cannot mail links: set publicUrl (PORTICO_PUBLIC_URL for portico-server).');
    return configuredBase;
  };
  const rules = rateLimits === false ? null : { ...DEFAULT_RATE_LIMITS, ...rateLimits };
  const limiter = new RateLimiter(db, now);
  const limit: ServerContext['limit'] = async (checks, q) => {
    if (!rules) return;
    for (const [name, key] of checks) {
      const wait = await limiter.take(name, rules[name], key, q);
      if (wait > 0) throw tooManyRequests(wait);
    }
  };
  const context: ServerContext = { db, demo, lockoutThreshold, now, limit, linkBase, deliverMail: mailRelay !== undefined, crossSiteCookies };

  const app = new OpenAPIHono<Env>();
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(error);
    // A concurrent writer took the same unique value between our check and our write.
    if (isUniqueViolation(error)) return problemResponse(conflict('The value is already taken.'));
    (c.get('log') ?? logger).error(errorFields(error), 'unhandled error');
    return problemResponse(new HttpProblem(500, 'server', 'Something went wrong on the server.'));
  });
  app.notFound((c) => problemResponse(new HttpProblem(404, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));

  app.use('*', requestLogger(logger));
  app.route('/', healthRoutes(db));
  // Before the edge and the session, so their refusals (401, 413, …) carry the CORS headers too.
  const cors = crossOrigin(allowedOrigins, CSRF_HEADER);
  if (cors) app.use('/api/*', cors);
  app.use('*', ...requestEdge());
  if (mailRelay) {
    app.use('/api/*', async (c, next) => {
      await next();
      // A write may have committed mail; the relay sends it without holding up the answer.
      if (UNSAFE_METHODS.has(c.req.method)) mailRelay.poke();
    });
  }
  // Resolve the session once per request; routes ask for the viewer when they need one.
  const authenticator = createAuthenticator(db, auth, now);
  app.use('/api/*', sessionMiddleware(db, now, authenticator.viewerForBearer));

  registerComponents(app);
  // The contacts' module before the others under /contacts/{id}/…, as each declares its routes in the order they must match.
  app.route('/api', sessionRoutes(context));
  app.route('/api', contactRoutes(context));
  app.route('/api', loginRoutes(context));
  app.route('/api', passwordRoutes(context));
  app.route('/api', selfRoutes(context));
  app.route('/api', embedTokenRoutes(db, { now }));
  app.route('/api', roleRoutes(context));
  app.route('/api', accountRoutes(context));
  app.route('/api', userRoutes(context));
  app.route('/api', adminRoutes(context));

  let document: Record<string, unknown> | undefined;
  app.get('/api/openapi.json', (c) => c.json((document ??= documentOf(app))));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    operationId: 'openapi',
    tags: ['admin'],
    security: [],
    responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } },
  });

  return app;
};
