/**
 * Who is asking: the session of a request (resolved once, with the CSRF check of every unsafe
 * request) and the viewer that routes ask for when they need one.
 */
import type { Viewer } from '@portico/core';
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { Ctx, Env } from './context.js';
import { hashToken } from './crypto.js';
import type { Database } from './db.js';
import { forbidden, unauthenticated } from './problems.js';
import { viewerOf } from './store.js';

export const SESSION_COOKIE = 'portico_session';
export const CSRF_COOKIE = 'portico_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Unsafe requests that need no CSRF token: they start a session or come from a mailed link. */
const CSRF_EXEMPT = new Set(['POST /api/session', 'POST /api/demo/sign-in', 'POST /api/password-reset/confirm']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the session once per request and refuses an unsafe request of a session without its CSRF token. */
export const sessionMiddleware = (db: Database, now: () => Date): MiddlewareHandler<Env> => async (c, next) => {
  c.set('session', null);
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const { rows } = await db.query<{ token_hash: string; contact_id: string; csrf_token: string }>(
      'select token_hash, contact_id, csrf_token from sessions where token_hash = $1 and expires_at > $2',
      [hashToken(token), now().toISOString()],
    );
    const row = rows[0];
    if (row) c.set('session', { tokenHash: row.token_hash, contactId: row.contact_id, csrfToken: row.csrf_token });
  }
  const session = c.get('session');
  const routeKey = `${c.req.method} ${new URL(c.req.url).pathname}`;
  if (session && UNSAFE_METHODS.has(c.req.method) && !CSRF_EXEMPT.has(routeKey) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
    throw forbidden(`Missing or wrong CSRF token: send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header.`);
  }
  await next();
};

/** The signed-in viewer (401 without a session whose login may sign in), read once per request. */
export const requireViewer = async (db: Database, c: Ctx): Promise<Viewer> => {
  const cached = c.get('viewer');
  if (cached) return cached;
  const session = c.get('session');
  const viewer = session ? await viewerOf(db, session.contactId) : undefined;
  if (!viewer) throw unauthenticated();
  c.set('viewer', viewer);
  return viewer;
};
