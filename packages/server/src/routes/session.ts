/** Signing in and out, the viewer, and the demo's password-less sign-in. */
import { createSeedData, SignInBody, type DemoViewer } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, setCookie } from 'hono/cookie';
import { writeAudit } from '../audit.js';
import { parse, type Ctx, type Env, type ServerContext } from '../context.js';
import { hashToken, randomToken, verifyPassword } from '../crypto.js';
import type { Queryable } from '../db.js';
import { readJson } from '../edge.js';
import { HttpProblem, unauthenticated } from '../problems.js';
import { DemoSignInBody } from '../schemas.js';
import { endSessions, signInKey, updateContact, viewerOf } from '../store.js';
import { CSRF_COOKIE, CSRF_HEADER, requireViewer, SESSION_COOKIE } from '../viewer.js';
import { CSRF, declare, errors, json, jsonBody, noContent, type Operation, problem } from './doc.js';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const isLocalHost = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export const clientAddress = (c: Ctx): string => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
};

interface LoginRow {
  id: string;
  password_hash: string | null;
  contact_id: string;
  account_id: string;
  login_state: string;
}

interface NewSession {
  token: string;
  csrfToken: string;
  contactId: string;
}

/**
 * The login a sign-in key (signInKey) names, its contact row locked until the transaction ends:
 * concurrent sign-ins of one login are decided one after the other, each seeing the failed
 * count and state the one before left.
 */
const findLogin = async (tx: Queryable, key: string): Promise<LoginRow | undefined> => {
  const { rows } = await tx.query<LoginRow>(
    `select u.id, u.password_hash, u.contact_id, c.account_id, c.login_state
     from users u join contacts c on c.id = u.contact_id where lower(u.user_id) = $1 for update of c`,
    [key],
  );
  return rows[0];
};

/** The CSRF token also in a header: a page on another site cannot read this server's cookies (docs/embedding.md). */
const CSRF_TOKEN_HEADER = {
  'X-CSRF-Token': { description: 'The session\u2019s CSRF token (the `portico_csrf` cookie\u2019s value), for a page on another origin, which cannot read the cookie.', schema: { type: 'string' } },
};

// One answer for every failed sign-in, so it does not tell whether a user ID exists or is locked.
const invalidCredentials = () => new HttpProblem(401, 'unauthenticated', 'The user ID or password is wrong, or the login is not active.');

const signIn: Operation = {
  method: 'post',
  path: '/session',
  summary: 'Sign in',
  operationId: 'signIn',
  tags: ['session'],
  security: [],
  request: { body: jsonBody('SignInBody') },
  responses: {
    '200': json('Signed in; sets the `portico_session` and `portico_csrf` cookies.', 'Viewer', CSRF_TOKEN_HEADER),
    '400': problem('Invalid body.'),
    '401': problem('Wrong user ID or password, or the login is not active (one answer for all).'),
  },
};

const signOut: Operation = { method: 'delete', path: '/session', summary: 'Sign out', operationId: 'signOut', tags: ['session'], parameters: [CSRF], responses: { '204': noContent('Signed out.'), ...errors(403) } };

const me: Operation = { method: 'get', path: '/me', summary: 'The signed-in viewer', operationId: 'me', tags: ['session'], responses: { '200': json('The viewer with their scope.', 'Viewer', CSRF_TOKEN_HEADER), ...errors(401) } };

const demoViewersRoute: Operation = {
  method: 'get',
  path: '/demo/viewers',
  summary: 'Demo viewers (demo mode only)',
  operationId: 'demoViewers',
  tags: ['demo'],
  security: [],
  responses: { '200': json('The demo personas.', 'DemoViewerList'), ...errors(404) },
};

const demoSignIn: Operation = {
  method: 'post',
  path: '/demo/sign-in',
  summary: 'Sign in without a password (demo mode only)',
  operationId: 'demoSignIn',
  tags: ['demo'],
  security: [],
  request: { body: jsonBody('DemoSignInBody') },
  responses: { '200': json('Signed in.', 'Viewer', CSRF_TOKEN_HEADER), ...errors(400, 401, 404) },
};

export const sessionRoutes = (context: ServerContext): OpenAPIHono<Env> => {
  const { db, demo, lockoutThreshold, now, limit, crossSiteCookies } = context;
  const app = new OpenAPIHono<Env>();

  /** Records a sign-in in the transaction that decided it, on the login row that transaction locked. */
  const startSession = async (tx: Queryable, login: LoginRow): Promise<NewSession> => {
    const token = randomToken();
    const csrfToken = randomToken();
    const at = now();
    await tx.query('update contacts set failed_sign_ins = 0, last_sign_in_at = $2 where id = $1', [login.contact_id, at.toISOString()]);
    await tx.query(
      'insert into sessions (token_hash, user_ref, contact_id, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
      [hashToken(token), login.id, login.contact_id, csrfToken, at.toISOString(), new Date(at.getTime() + SESSION_TTL_MS).toISOString()],
    );
    await writeAudit(tx, { actorContactId: login.contact_id, action: 'session.sign_in', targetType: 'session', targetId: login.contact_id, accountId: login.account_id }, at);
    return { token, csrfToken, contactId: login.contact_id };
  };

  /** Once the sign-in is committed: the cookies and the viewer. */
  const sessionResponse = async (c: Ctx, { token, csrfToken, contactId }: NewSession) => {
    const viewer = await viewerOf(db, contactId);
    if (!viewer) throw unauthenticated();
    // A cross-site page's requests carry only `SameSite=None` cookies, which browsers take only with `Secure`.
    const secure = crossSiteCookies || !isLocalHost(c.req.url);
    const sameSite = crossSiteCookies ? 'None' : 'Lax';
    // Partitioned (CHIPS): kept for the embedding page's site only, which browsers that block third-party cookies still accept.
    const partitioned = crossSiteCookies;
    const maxAge = SESSION_TTL_MS / 1000;
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite, path: '/', secure, partitioned, maxAge });
    // Readable by scripts on purpose: the double-submit CSRF token is sent back in a header.
    setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite, path: '/', secure, partitioned, maxAge });
    // Also in a header: a page on another site cannot read this server's cookies.
    c.header(CSRF_HEADER, csrfToken);
    return c.json(viewer, 200);
  };

  declare(app, signIn, async (c) => {
    const body = parse(SignInBody, await readJson(c));
    // One key for the limit and the lookup, so no spelling reaches a login under another key.
    const key = signInKey(body.userId);
    await limit([['signInPerAddress', clientAddress(c)], ['signInPerUser', key]]);
    // Decided in one transaction on the locked contact row: the password check, the failed count,
    // the lock and the session. A burst of attempts is taken one by one, so none is checked
    // against a state an earlier one has changed: once the lock is in, every later attempt is
    // refused, the right password too, and nothing resets the count of a locked login.
    const session = await db.transaction(async (tx): Promise<NewSession | undefined> => {
      const login = await findLogin(tx, key);
      // Checked in every case, so the time taken does not tell an unknown or inactive login apart.
      const passwordOk = await verifyPassword(body.password, login?.password_hash ?? null);
      if (!login || login.login_state !== 'enabled') return undefined;
      if (passwordOk) return startSession(tx, login);
      const at = now();
      const { rows } = await tx.query<{ failed_sign_ins: number }>(
        'update contacts set failed_sign_ins = failed_sign_ins + 1 where id = $1 returning failed_sign_ins',
        [login.contact_id],
      );
      const failed = rows[0]?.failed_sign_ins ?? 0;
      await writeAudit(tx, { actorContactId: null, action: 'session.sign_in_failed', targetType: 'contact', targetId: login.contact_id, accountId: login.account_id, after: { failedSignIns: failed } }, at);
      if (failed >= lockoutThreshold) {
        await updateContact(tx, login.contact_id, { loginState: 'locked', lockReason: 'failed_sign_ins', lockedAt: at.toISOString() }, at);
        await endSessions(tx, login.contact_id);
        await writeAudit(tx, { actorContactId: null, action: 'login.lock', targetType: 'contact', targetId: login.contact_id, accountId: login.account_id, after: { state: 'locked', lockReason: 'failed_sign_ins' } }, at);
      }
      return undefined;
    });
    if (!session) throw invalidCredentials();
    return sessionResponse(c, session);
  });

  declare(app, signOut, async (c) => {
    const session = c.get('session');
    if (session) {
      await db.transaction(async (tx) => {
        await tx.query('delete from sessions where token_hash = $1', [session.tokenHash]);
        await writeAudit(tx, { actorContactId: session.contactId, action: 'session.sign_out', targetType: 'session', targetId: session.contactId, accountId: null }, now());
      });
    }
    // With the attributes they were set with: a cross-site answer may only touch `SameSite=None; Secure` cookies.
    const attributes = crossSiteCookies ? ({ path: '/', sameSite: 'None', secure: true, partitioned: true } as const) : { path: '/' };
    deleteCookie(c, SESSION_COOKIE, attributes);
    deleteCookie(c, CSRF_COOKIE, attributes);
    return c.body(null, 204);
  });

  declare(app, me, async (c) => {
    const viewer = await requireViewer(db, c);
    // For a page on another site, which cannot read the CSRF cookie (a reloaded page asks for /me first).
    const csrfToken = c.get('session')?.csrfToken;
    if (csrfToken) c.header(CSRF_HEADER, csrfToken);
    return c.json(viewer, 200);
  });

  // Only a demo server has them, and only its document lists them (the checked-in one is a demo server's).
  if (demo) {
    const demoViewers: DemoViewer[] = createSeedData({ count: 0 }).demoViewers;
    declare(app, demoViewersRoute, (c) => c.json({ items: demoViewers }, 200));
    declare(app, demoSignIn, async (c) => {
      const body = parse(DemoSignInBody, await readJson(c));
      const session = await db.transaction(async (tx) => {
        const login = await findLogin(tx, signInKey(body.userId));
        return login?.login_state === 'enabled' ? startSession(tx, login) : undefined;
      });
      if (!session) throw invalidCredentials();
      return sessionResponse(c, session);
    });
  }

  return app;
};
