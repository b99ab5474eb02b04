/**
 * Who is asking: the session of a request (resolved once, with the CSRF check of every unsafe
 * request) and the viewer that routes ask for when they need one.
 */
import type { Viewer } from '@portico/core';
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { Ctx, Env } from './context.js';
import type { Database } from './db.js';
import { forbidden, unauthenticated } from './problems.js';
import { viewerOf } from './store.js';
import { guardPasswordChange, sessionOf } from './routes/self.js';
import { bearerToken } from './auth/embed.js';

export const SESSION_COOKIE = 'portico_session';
export const CSRF_COOKIE = 'portico_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

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
