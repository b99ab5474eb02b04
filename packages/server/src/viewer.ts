/**
 * Who is asking: the session of a request (resolved once, with the CSRF check of every unsafe
 * request), the gate that keeps a session whose password must change away from everything else
 * (issue 17), and the viewer that routes ask for when they need one.
 */
import type { Viewer } from '@portico/core';
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { Ctx, Env } from './context.js';
import { hashToken } from './crypto.js';
import type { Database, Queryable } from './db.js';
import { forbidden, HttpProblem, unauthenticated } from './problems.js';
import { viewerOf } from './store.js';
import { bearerToken } from './auth/embed.js';

export const SESSION_COOKIE = 'portico_session';
export const CSRF_COOKIE = 'portico_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** What a session carries that the gate and the self-service routes read (resolved once per request). */
export interface SelfSession {
  tokenHash: string;
  contactId: string;
  passwordChangeRequired: boolean;
}

/**
 * What a session whose password must change may reach besides the requests that need no session:
 * itself, the change, and signing out (seeds 000 and 001: "must be changed at next login").
 */
const REACHABLE_DURING_PASSWORD_CHANGE = new Set([
  'GET /api/me',
  'POST /api/me/password',
  'DELETE /api/session',
  // Need no session: signing in again (as someone else), the mailed link, the contract itself.
  'POST /api/session',
  'POST /api/demo/sign-in',
  'GET /api/demo/viewers',
  'POST /api/password-reset/request',
  'POST /api/password-reset/confirm',
  'GET /api/openapi.json',
]);

export const passwordChangeRequired = () =>
  new HttpProblem(403, 'password_change_required', 'Change your password before you continue: POST /api/me/password with the current and a new one.');

/** Throws 403 `password_change_required` for a session that must change its password first, unless the request is one it may make. */
export const guardPasswordChange = (session: SelfSession | null, routeKey: string): void => {
  if (session?.passwordChangeRequired && !REACHABLE_DURING_PASSWORD_CHANGE.has(routeKey)) throw passwordChangeRequired();
};

/** The session of a token with the flag the gate reads, or null. */
export const sessionOf = async (db: Queryable, token: string, at: Date): Promise<(SelfSession & { csrfToken: string }) | null> => {
  const { rows } = await db.query<{ token_hash: string; contact_id: string; csrf_token: string; password_change_required: boolean }>(
    `select s.token_hash, s.contact_id, s.csrf_token, c.password_change_required
     from sessions s join contacts c on c.id = s.contact_id where s.token_hash = $1 and s.expires_at > $2`,
    [hashToken(token), at.toISOString()],
  );
  const row = rows[0];
  return row ? { tokenHash: row.token_hash, contactId: row.contact_id, csrfToken: row.csrf_token, passwordChangeRequired: row.password_change_required } : null;
};

/** Unsafe requests that need no CSRF token: they start a session or come from a mailed link. */
const CSRF_EXEMPT = new Set(['POST /api/session', 'POST /api/demo/sign-in', 'POST /api/password-reset/confirm']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the session once per request and refuses an unsafe request of a session without its CSRF token. */
export const sessionMiddleware = (db: Database, now: () => Date, authenticate: (token: string) => Promise<Viewer>): MiddlewareHandler<Env> => async (c, next) => {
  // A bearer request is signed in by its token alone (requireViewer) and needs no CSRF token:
  // a browser never adds an Authorization header on its own. Its cookies are not read.
  const bearer = bearerToken(c.req.header('authorization'));
  c.set('bearer', bearer);
  c.set('authenticate', authenticate);
  if (bearer) {
    c.set('session', null);
    await next();
    return;
  }
  const token = getCookie(c, SESSION_COOKIE);
  c.set('session', token ? await sessionOf(db, token, now()) : null);
  const session = c.get('session');
  const routeKey = `${c.req.method} ${new URL(c.req.url).pathname}`;
  if (session && UNSAFE_METHODS.has(c.req.method) && !CSRF_EXEMPT.has(routeKey) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
    throw forbidden(`Missing or wrong CSRF token: send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header.`);
  }
  guardPasswordChange(session, routeKey);
  await next();
};

/** The signed-in viewer (401 without a session whose login may sign in), read once per request. */
export const requireViewer = async (db: Database, c: Ctx): Promise<Viewer> => {
  const cached = c.get('viewer');
  if (cached) return cached;
  const bearer = c.get('bearer');
  const authenticate = c.get('authenticate');
  if (bearer && authenticate) {
    const viewer = await authenticate(bearer);
    c.set('viewer', viewer);
    return viewer;
  }
  const session = c.get('session');
  const viewer = session ? await viewerOf(db, session.contactId) : undefined;
  if (!viewer) throw unauthenticated();
  c.set('viewer', viewer);
  return viewer;
};
