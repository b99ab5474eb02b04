import {
  accountSubtree,
  AssociateUserBody,
  can,
  canChangeRoles,
  canMoveContact,
  ContactDraft,
  ContactPatch,
  createSeedData,
  CreateLoginBody,
  displayName,
  hasRole,
  inScope,
  LAST_ADMINISTRATOR_MESSAGE,
  LIMITS,
  loadPasswordStrength,
  loginActionAllowedInState,
  losesAdministrator,
  OWN_ADMINISTRATOR_MESSAGE,
  PasswordReset,
  passwordProblems,
  type PasswordProblem,
  ROLE_IDS,
  removesOwnAdministrator,
  RoleAssignment,
  sameName,
  SignInBody,
  suggestUserId,
  tenantOf,
  UserId,
  userIdCandidates,
  type Action,
  type Contact,
  type DemoViewer,
  type PasswordResetResult,
  type UserAccount,
  type UserIdSuggestion,
  type Viewer,
} from '@portico/core';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { Database, Queryable } from './db.js';
import { isUniqueViolation, violatedConstraint } from './db.js';
import { hashPassword, hashToken, newId, randomToken, sha256, temporaryPassword, verifyPassword } from './crypto.js';
import { crossOrigin, type CrossOriginOptions } from './cors.js';
import { publicBase, readJson, requestEdge } from './edge.js';
import type { MailRelay } from './mail/relay.js';
import { registerHealth } from './health.js';
import { errorFields, requestLogger, silentLogger, type LogEnv, type Logger } from './log.js';
import type { MailTemplate } from './mail/templates.js';
import { registerExportRoute } from './export.js';
import { ContactQueryParams, listPage, resolveContactQuery } from './list-query.js';
import { TEXT_COLLATION } from './migrations.js';
import { buildOpenApiDocument } from './openapi.js';
import { DemoSignInBody, PasswordResetConfirm } from './schemas.js';
import { conflict, forbidden, HttpProblem, notFound, tooManyRequests, unauthenticated, validationProblem } from './problems.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  cancelResetLinks,
  endSessions,
  findContact,
  heldUserIds,
  holderOfUserId,
  iso,
  listAccounts,
  listRoles,
  readOutbox,
  sendMail,
  signInKey,
  updateContact,
  viewerOf,
  writeAudit,
} from './store.js';

export const SESSION_COOKIE = 'portico_session';
export const CSRF_COOKIE = 'portico_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
export const RESET_LINK_VALIDITY_MS = 12 * 60 * 60 * 1000;
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Unsafe requests that need no CSRF token: they start a session or come from a mailed link. */
const CSRF_EXEMPT = new Set(['POST /api/session', 'POST /api/demo/sign-in', 'POST /api/password-reset/confirm']);
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
  /**
   * Sends the mails written to the outbox (SMTP: `startServer`'s `smtp`); poked after every write
   * request. Without it mails stay in the outbox, which only the demo shows.
   */
  mailRelay?: MailRelay;
  /** JSON logs (log.ts): a line per request with its id, and errors. Default: none. */
  logger?: Logger;
}

interface Session {
  tokenHash: string;
  contactId: string;
  csrfToken: string;
}

type Env = { Variables: { session: Session | null; viewer: Viewer | null | undefined } & LogEnv['Variables'] };
type Ctx = Context<Env>;

export const ListParams = ContactQueryParams.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(25),
});

export const UserSearchParams = z.object({
  q: z.string().max(LIMITS.search).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(25),
});

export const SuggestionParams = z.object({
  firstName: z.string().trim().min(1).max(LIMITS.name),
  lastName: z.string().trim().min(1).max(LIMITS.name),
});

/** Optional text fields where an empty string means "no value", as a cleared form field sends. */
const NULLABLE_TEXT = new Set(['honorific', 'jobTitle', 'businessPhone', 'mobilePhone', 'language', 'timeZone']);

// Core's schemas are zod/mini schemas, the server's own are classic: `z.safeParse` takes both.
const parse = <S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> => {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
};

const etag = (contact: Contact) => `"${contact.version}"`;

const isLocalHost = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

const problemResponse = (problem: HttpProblem): Response =>
  new Response(JSON.stringify(problem.toDocument()), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...(problem.retryAfter ? { 'retry-after': String(problem.retryAfter) } : {}) },
  });

const userIdTaken = (holder: { contactId: string | null; accountId: string | null }, viewer: Viewer): HttpProblem => {
  const visible = holder.contactId && holder.accountId && inScope(viewer, { accountId: holder.accountId }) ? holder.contactId : undefined;
  return conflict('This user ID is already taken.', {
    errors: [{ field: 'userId', message: 'This user ID is already taken. Choose another one.', code: 'taken' }],
    ...(visible ? { conflictingId: visible } : {}),
  });
};

export const createApp = ({
  db,
  demo = false,
  lockoutThreshold = 5,
  now = () => new Date(),
  rateLimits = {},
  publicUrl,
  allowedOrigins = [],
  crossSiteCookies = false,
  mailRelay,
  logger = silentLogger(),
}: AppOptions): Hono<Env> => {
  // A configured string is checked now, so a typo fails at start rather than in a user's mail.
  const configuredBase = typeof publicUrl === 'string' ? publicBase(publicUrl) : undefined;
  const linkBase = (): string => {
    if (typeof publicUrl === 'function') return publicBase(publicUrl());
    if (configuredBase === undefined) throw new Error('The server has no publicUrl, so it cannot mail links: set publicUrl (PORTICO_PUBLIC_URL for portico-server).');
    return configuredBase;
  };
  /** The portal's address for a mail's footer; undefined when not configured. */
  const portalUrl = (): string | undefined => {
    try {
      return linkBase();
    } catch {
      return undefined;
    }
  };
  /** Writes a mail to `contact` in the transaction; the relay sends it once that has committed. */
  const mailTo = (tx: Queryable, contact: Contact, template: MailTemplate, at: Date) =>
    sendMail(
      tx,
      { to: contact.email, template, language: contact.language ?? null, contactId: contact.id, accountId: contact.accountId, deliver: mailRelay !== undefined, portalUrl: portalUrl() },
      at,
    );
  const limiters = rateLimits === false ? null : Object.fromEntries(
    Object.entries({ ...DEFAULT_RATE_LIMITS, ...rateLimits }).map(([name, rule]) => [name, new RateLimiter(rule, now)]),
  ) as Record<keyof RateLimits, RateLimiter>;
  /** Counts an attempt against each named limit; the first one over its limit answers 429. */
  const limit = (checks: [keyof RateLimits, string][]) => {
    if (!limiters) return;
    for (const [name, key] of checks) {
      const wait = limiters[name].take(key);
      if (wait > 0) throw tooManyRequests(wait);
    }
  };
  const clientAddress = (c: Ctx): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  const app = new Hono<Env>();
  const demoViewers: DemoViewer[] = createSeedData({ count: 0 }).demoViewers;
  let openApiDocument: object | undefined;

  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(error);
    // A concurrent writer took the same unique value between our check and our write.
    if (isUniqueViolation(error)) return problemResponse(conflict('The value is already taken.'));
    (c.get('log') ?? logger).error(errorFields(error), 'unhandled error');
    return problemResponse(new HttpProblem(500, 'server', 'Something went wrong on the server.'));
  });
  app.notFound((c) => problemResponse(new HttpProblem(404, 'not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));

  app.use('*', requestLogger(logger));
  registerHealth(app, db);
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
  app.use('/api/*', async (c, next) => {
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
  });

  const requireViewer = async (c: Ctx): Promise<Viewer> => {
    const cached = c.get('viewer');
    if (cached) return cached;
    const session = c.get('session');
    const viewer = session ? await viewerOf(db, session.contactId) : undefined;
    if (!viewer) throw unauthenticated();
    c.set('viewer', viewer);
    return viewer;
  };

  /** The contact if the viewer reaches it (else 404, the same as a missing id) and may take `action` (else 403). */
  const reachable = async (q: Queryable, viewer: Viewer, id: string, action: Action, lock = false): Promise<Contact> => {
    const contact = await findContact(q, id, { lock });
    if (!contact || !inScope(viewer, contact)) throw notFound();
    if (!can(viewer, action, contact)) throw forbidden();
    return contact;
  };

  /**
   * A company always keeps an active administrator (`isActiveAdministrator`): a change that takes
   * one away (`after` is the contact as the change leaves it, `null` when deleted) is refused with
   * a 409 unless another one remains in the contact's company.
   */
  const keepAdministrator = async (q: Queryable, before: Contact, after: Pick<Contact, 'roles' | 'login'> | null): Promise<void> => {
    if (!losesAdministrator(before, after)) return;
    const accounts = await listAccounts(q);
    const tenant = tenantOf(accounts, before.accountId);
    // One such change per company at a time, so two administrators cannot disable each other at once.
    await q.query('select id from accounts where id = $1 for no key update', [tenant]);
    const { rows } = await q.query<{ others: number }>(
      `select count(*)::int as others from contacts c
       where c.account_id = any($1::text[]) and c.id <> $2 and c.login_state = 'enabled'
         and exists (select 1 from contact_roles r where r.contact_id = c.id and r.role_id = $3)`,
      [accountSubtree(accounts, tenant), before.id, ROLE_IDS.admin],
    );
    if ((rows[0]?.others ?? 0) === 0) throw conflict(LAST_ADMINISTRATOR_MESSAGE);
  };

  const loginTarget = async (q: Queryable, viewer: Viewer, id: string, action: Action): Promise<Contact> => {
    const contact = await reachable(q, viewer, id, action, true);
    if (!loginActionAllowedInState(action, contact.login.state)) {
      throw conflict(contact.login.state === 'none' ? 'This contact has no login yet.' : `Not possible while the login is ${contact.login.state}.`);
    }
    return contact;
  };

  /** Seed 000: `firstname.lastname`, but none when someone in the company has the same name. */
  const suggestionFor = async (q: Queryable, viewer: Viewer, firstName: string, lastName: string, exceptContactId?: string): Promise<UserIdSuggestion> => {
    const suggestion = suggestUserId(firstName, lastName);
    const candidates = suggestion ? userIdCandidates(suggestion) : [];
    // Held IDs are read before the namesake check: a namesake created at the same moment either
    // committed before that check, which then sees it, or holds no ID yet that this reading saw, so
    // the create that follows meets its ID in the unique index and runs again (POST /api/contacts).
    // Read the other way round, a namesake committed in between would pass for another company's
    // holder and the second Dana Scully would get dana.scully2 instead of no ID (seed 000).
    const held = candidates.length > 0 ? await heldUserIds(q, candidates, exceptContactId) : new Set<string>();
    const tenant = accountSubtree(await listAccounts(q), viewer.tenantId);
    const { rows } = await q.query<{ first_name: string; last_name: string }>(
      `select first_name, last_name from contacts
       where account_id = any($1::text[]) and lower(trim(first_name)) = lower(trim($2)) and lower(trim(last_name)) = lower(trim($3)) and id is distinct from $4`,
      [tenant, firstName, lastName, exceptContactId ?? null],
    );
    if (rows.some((row) => sameName({ firstName: row.first_name, lastName: row.last_name }, { firstName, lastName }))) {
      return { userId: null, reason: 'duplicate_name' };
    }
    if (!suggestion) return { userId: null, reason: 'no_latin_letters' };
    // Held IDs are skipped for the next numbered one, whoever holds them: the answer is the same
    // for a holder in the viewer's company and one in another (docs/security.md, "User accounts").
    const free = candidates.find((candidate) => !held.has(candidate.toLowerCase()));
    return free ? { userId: free, reason: 'suggested' } : { userId: null, reason: 'taken' };
  };

  interface NewSession {
    token: string;
    csrfToken: string;
    contactId: string;
  }

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
  const sessionResponse = async (c: Ctx, { token, csrfToken, contactId }: NewSession): Promise<Response> => {
    const viewer = await viewerOf(db, contactId);
    if (!viewer) throw unauthenticated();
    // A cross-site page's requests carry only `SameSite=None` cookies, which browsers take only with `Secure`.
    const secure = crossSiteCookies || !isLocalHost(c.req.url);
    const sameSite = crossSiteCookies ? 'None' : 'Lax';
    // Partitioned (CHIPS): kept for the portal's site only, which browsers that block third-party cookies still accept.
    const partitioned = crossSiteCookies;
    const maxAge = SESSION_TTL_MS / 1000;
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite, path: '/', secure, partitioned, maxAge });
    // Readable by scripts on purpose: the double-submit CSRF token is sent back in a header.
    setCookie(c, CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite, path: '/', secure, partitioned, maxAge });
    // Also in a header: a page on another site cannot read this server's cookies.
    c.header(CSRF_HEADER, csrfToken);
    return c.json(viewer, 200);
  };

  interface LoginRow {
    id: string;
    password_hash: string | null;
    contact_id: string;
    account_id: string;
    login_state: string;
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

  // One answer for every failed sign-in, so it does not tell whether a user ID exists or is locked.
  const invalidCredentials = () => new HttpProblem(401, 'unauthenticated', 'The user ID or password is wrong, or the login is not active.');

  // ---- sessions ----

  app.post('/api/session', async (c) => {
    const body = parse(SignInBody, await readJson(c));
    // One key for the limit and the lookup, so no spelling reaches a login under another key.
    const key = signInKey(body.userId);
    limit([['signInPerAddress', clientAddress(c)], ['signInPerUser', key]]);
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

  app.delete('/api/session', async (c) => {
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

  app.get('/api/me', async (c) => {
    const viewer = await requireViewer(c);
    // For a page on another site, which cannot read the CSRF cookie (a reloaded page asks for /me first).
    c.header(CSRF_HEADER, c.get('session')?.csrfToken);
    return c.json(viewer);
  });

  // ---- demo ----

  if (demo) {
    app.get('/api/demo/viewers', (c) => c.json({ items: demoViewers }));
    app.post('/api/demo/sign-in', async (c) => {
      const body = parse(DemoSignInBody, await readJson(c));
      const session = await db.transaction(async (tx) => {
        const login = await findLogin(tx, signInKey(body.userId));
        return login?.login_state === 'enabled' ? startSession(tx, login) : undefined;
      });
      if (!session) throw invalidCredentials();
      return sessionResponse(c, session);
    });
  }

  // ---- contacts ----

  app.get('/api/contacts', async (c) => {
    const viewer = await requireViewer(c);
    if (!can(viewer, 'contact.list')) throw forbidden();
    const params = parse(ListParams, c.req.query());
    const query = await resolveContactQuery(db, viewer, params);
    const { items, total, totalExact } = await listPage(db, query, { offset: (params.page - 1) * params.pageSize, limit: params.pageSize });
    return c.json({ items, total, ...(totalExact === false ? { totalExact } : {}), page: params.page, pageSize: params.pageSize });
  });

  app.post('/api/contacts', async (c) => {
    const viewer = await requireViewer(c);
    if (!can(viewer, 'contact.create')) throw forbidden();
    const draft = parse(ContactDraft, await readJson(c));
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw new HttpProblem(400, 'validation', 'The Idempotency-Key header must be 1 to 200 characters.');
    }
    const requestHash = sha256(JSON.stringify(draft));

    const replay = async (q: Queryable): Promise<Response | undefined> => {
      if (!key) return undefined;
      const { rows } = await q.query<{ request_hash: string; contact_id: string; response: Contact }>(
        'select request_hash, contact_id, response from idempotency_keys where key = $1 and viewer_contact_id = $2',
        [key, viewer.contactId],
      );
      const earlier = rows[0];
      if (!earlier) return undefined;
      if (earlier.request_hash !== requestHash) throw conflict('This idempotency key was already used for a different contact.');
      c.header('Location', `/api/contacts/${earlier.contact_id}`);
      c.header('ETag', etag(earlier.response));
      c.header('Idempotency-Replayed', 'true');
      return c.json(earlier.response, 201);
    };

    const create = () =>
      db.transaction(async (tx) => {
        const replayed = await replay(tx);
        if (replayed) return replayed;
        const { rows: accounts } = await tx.query('select id from accounts where id = $1', [draft.accountId]);
        if (accounts.length === 0 || !can(viewer, 'contact.create', { id: '', accountId: draft.accountId, roles: [] })) {
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [{ field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' }],
          });
        }
        const suggestion = await suggestionFor(tx, viewer, draft.firstName, draft.lastName);
        const at = now().toISOString();
        const id = newId('c');
        await tx.query(
          `insert into contacts (id, account_id, honorific, first_name, last_name, job_title, email, business_phone, mobile_phone, language, time_zone,
             notifications, user_id, login_state, version, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'none', 1, $14, $14)`,
          [
            id,
            draft.accountId,
            draft.honorific ?? null,
            draft.firstName,
            draft.lastName,
            draft.jobTitle || null,
            draft.email,
            draft.businessPhone || null,
            draft.mobilePhone || null,
            draft.language || null,
            draft.timeZone || null,
            draft.notifications ?? true,
            suggestion.userId,
            at,
          ],
        );
        const contact = (await findContact(tx, id))!;
        await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.create', targetType: 'contact', targetId: id, accountId: contact.accountId, after: contact }, now());
        if (key) {
          await tx.query(
            'insert into idempotency_keys (key, viewer_contact_id, request_hash, contact_id, response, created_at) values ($1, $2, $3, $4, $5::jsonb, $6)',
            [key, viewer.contactId, requestHash, id, JSON.stringify(contact), at],
          );
        }
        c.header('Location', `/api/contacts/${id}`);
        c.header('ETag', etag(contact));
        return c.json(contact, 201);
      });

    try {
      return await create();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent request with the same key committed first: answer with its result.
      if (key) {
        const replayed = await replay(db);
        if (replayed) return replayed;
      }
      // A namesake created at the same moment took the suggested user ID first (the request names
      // none, so the ID is ours to drop): create again, which now sees that contact and suggests none.
      if (violatedConstraint(error) === 'contacts_user_id_key') return await create();
      throw error;
    }
  });

  // Before `/api/contacts/:id`, which would otherwise take "export" as an id.
  registerExportRoute(app, { db, now, requireViewer });

  app.get('/api/contacts/:id', async (c) => {
    const viewer = await requireViewer(c);
    const contact = await reachable(db, viewer, c.req.param('id'), 'contact.view');
    c.header('ETag', etag(contact));
    return c.json(contact);
  });

  app.patch('/api/contacts/:id', async (c) => {
    const viewer = await requireViewer(c);
    const changes = parse(ContactPatch, await readJson(c));
    const ifMatch = c.req.header('If-Match');
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, c.req.param('id'), 'contact.update', true);
      if (ifMatch !== undefined && ifMatch.trim() !== '*') {
        const versions = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replaceAll('"', ''));
        if (!versions.includes(String(before.version))) {
          throw new HttpProblem(412, 'precondition_failed', 'Someone else changed this contact in the meantime. Reload it and apply your changes again.');
        }
      }
      const userIdChanges = changes.userId !== undefined && changes.userId?.toLowerCase() !== before.userId?.toLowerCase();
      if (changes.userId !== undefined && changes.userId !== before.userId) {
        if (!can(viewer, 'contact.edit_user_id', before)) throw forbidden('You may not change the user ID.');
        if (changes.userId === null && before.login.state !== 'none') {
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [{ field: 'userId', message: 'A contact with a login needs a user ID.', code: 'required' }],
          });
        }
        if (changes.userId !== null && userIdChanges) {
          const holder = await holderOfUserId(tx, changes.userId, before.id);
          if (holder) throw userIdTaken(holder, viewer);
        }
      }
      if (changes.accountId !== undefined && changes.accountId !== before.accountId) {
        if (!can(viewer, 'contact.change_account', before)) throw forbidden('You may not move contacts to another account.');
        const accounts = await listAccounts(tx);
        if (!canMoveContact(viewer, before, changes.accountId, accounts)) {
          // Companies are closed: an account the viewer manages in another company is still no destination.
          const managed = accounts.some((account) => account.id === changes.accountId) && inScope(viewer, { accountId: changes.accountId });
          throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
            errors: [
              managed
                ? { field: 'accountId', message: 'A contact stays in its own company: choose an account of the same company.', code: 'other_company' }
                : { field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' },
            ],
          });
        }
      }
      const values: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        values[field] = value === '' && NULLABLE_TEXT.has(field) ? null : value;
      }
      const after = await updateContact(tx, before.id, values, now());
      if (changes.userId) await tx.query('update users set user_id = $2 where contact_id = $1', [before.id, changes.userId]);
      if (after.email.toLowerCase() !== before.email.toLowerCase()) await addressChanged(tx, before, now());
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.update', targetType: 'contact', targetId: before.id, accountId: after.accountId, before, after }, now());
      return after;
    });
    c.header('ETag', etag(contact));
    return c.json(contact);
  });

  app.delete('/api/contacts/:id', async (c) => {
    const viewer = await requireViewer(c);
    await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, c.req.param('id'), 'contact.delete', true);
      await keepAdministrator(tx, before, null);
      await endSessions(tx, before.id);
      // The user account outlives the contact (seed 003) in its company, but its password does not:
      // it signs in again only once an administrator of that company associates it with a contact
      // and sets a password or sends a link (docs/security.md, "User accounts").
      await tx.query('update users set contact_id = null, password_hash = null where contact_id = $1', [before.id]);
      await tx.query('delete from contacts where id = $1', [before.id]);
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'contact.delete', targetType: 'contact', targetId: before.id, accountId: before.accountId, before }, now());
    });
    return c.body(null, 204);
  });

  // ---- logins ----

  /** Mails a single-use link to choose a password, valid 12 hours (seed 002). */
  const mailResetLink = async (tx: Queryable, c: Ctx, contact: Contact, purpose: 'created' | 'reset'): Promise<Date> => {
    const at = now();
    const expiresAt = new Date(at.getTime() + RESET_LINK_VALIDITY_MS);
    const token = randomToken();
    // A new link replaces older ones, so only the latest mail works.
    await cancelResetLinks(tx, contact.id, at);
    await tx.query('insert into password_reset_tokens (token_hash, contact_id, created_at, expires_at) values ($1, $2, $3, $4)', [
      hashToken(token),
      contact.id,
      at.toISOString(),
      expiresAt.toISOString(),
    ]);
    const link = `${linkBase()}/reset-password?token=${encodeURIComponent(token)}`;
    const name = displayName(contact);
    await mailTo(tx, contact, purpose === 'created' ? { kind: 'login-created', name, userId: contact.userId ?? '', link } : { kind: 'password-reset', name, link }, at);
    return expiresAt;
  };

  /**
   * The credentials follow the address: links mailed to the old one stop working, and the old
   * address hears of the change (without the new one, which its reader may not be meant to know).
   */
  const addressChanged = async (tx: Queryable, before: Contact, at: Date): Promise<void> => {
    const cancelled = await cancelResetLinks(tx, before.id, at);
    if (before.login.state === 'none' && cancelled === 0) return;
    await mailTo(tx, before, { kind: 'address-changed', name: displayName(before) }, at);
  };

  app.post('/api/contacts/:id/login', async (c) => {
    const viewer = await requireViewer(c);
    const body = parse(CreateLoginBody, await readJson(c, { optional: true }));
    const contact = await db.transaction(async (tx) => {
      const before = await loginTarget(tx, viewer, c.req.param('id'), 'login.create');
      const chosen = body.userId ?? before.userId ?? (await suggestionFor(tx, viewer, before.firstName, before.lastName, before.id)).userId;
      if (!chosen) {
        throw new HttpProblem(422, 'validation', 'This contact needs a user ID before it can have a login.', {
          errors: [{ field: 'userId', message: 'Enter a user ID for this login.', code: 'required' }],
        });
      }
      const holder = await holderOfUserId(tx, chosen, before.id);
      if (holder) throw userIdTaken(holder, viewer);
      const at = now();
      const after = await updateContact(
        tx,
        before.id,
        { userId: chosen, loginState: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0, passwordChangeRequired: true },
        at,
      );
      await tx.query(
        `insert into users (id, user_id, display_name, email, password_hash, contact_id, created_at) values ($1, $2, $3, $4, null, $5, $6)
         on conflict (contact_id) do update set user_id = excluded.user_id`,
        [newId('u'), chosen, displayName(after), after.email, after.id, at.toISOString()],
      );
      await mailResetLink(tx, c, after, 'created');
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'login.create', targetType: 'contact', targetId: after.id, accountId: after.accountId, before: before.login, after: after.login }, at);
      return after;
    });
    return c.json(contact);
  });

  const LOGIN_TRANSITIONS = {
    enable: { action: 'login.enable', changes: () => ({ loginState: 'enabled' as const, lockReason: null, lockedAt: null }), endsSessions: false },
    disable: { action: 'login.disable', changes: () => ({ loginState: 'disabled' as const, lockReason: null, lockedAt: null }), endsSessions: true },
    lock: { action: 'login.lock', changes: (at: Date) => ({ loginState: 'locked' as const, lockReason: 'admin', lockedAt: at.toISOString() }), endsSessions: true },
    unlock: { action: 'login.unlock', changes: () => ({ loginState: 'enabled' as const, lockReason: null, lockedAt: null, failedSignIns: 0 }), endsSessions: false },
  } as const;

  for (const [name, transition] of Object.entries(LOGIN_TRANSITIONS)) {
    app.post(`/api/contacts/:id/login/${name}`, async (c) => {
      const viewer = await requireViewer(c);
      const contact = await db.transaction(async (tx) => {
        const before = await loginTarget(tx, viewer, c.req.param('id'), transition.action);
        const at = now();
        const changes = transition.changes(at);
        await keepAdministrator(tx, before, { roles: before.roles, login: { ...before.login, state: changes.loginState } });
        const after = await updateContact(tx, before.id, changes, at);
        if (transition.endsSessions) await endSessions(tx, before.id);
        await writeAudit(tx, { actorContactId: viewer.contactId, action: transition.action, targetType: 'contact', targetId: before.id, accountId: before.accountId, before: before.login, after: after.login }, at);
        return after;
      });
      return c.json(contact);
    });
  }

  // ---- passwords ----

  /** A 400 naming `password` with every rule of core's password policy it fails. */
  const rejectPassword = (problems: readonly PasswordProblem[]): void => {
    if (problems.length > 0) throw new HttpProblem(400, 'validation', 'The password does not meet the rules.', { errors: [...problems] });
  };

  app.post('/api/contacts/:id/password-reset', async (c) => {
    const viewer = await requireViewer(c);
    const reset = parse(PasswordReset, await readJson(c));
    const action: Action = reset.mode === 'link' ? 'password.reset_link' : reset.mode === 'temporary' ? 'password.reset_temporary' : 'password.set';
    const strength = reset.mode === 'set' ? await loadPasswordStrength() : undefined;
    const result = await db.transaction(async (tx): Promise<PasswordResetResult> => {
      const contact = await loginTarget(tx, viewer, c.req.param('id'), action);
      // Counted only once the viewer may reset this contact, so nobody can use up another's limit.
      limit([['resetPerContact', contact.id]]);
      const at = now();
      const audit = { actorContactId: viewer.contactId, action, targetType: 'contact' as const, targetId: contact.id, accountId: contact.accountId };
      if (reset.mode === 'link') {
        const expiresAt = await mailResetLink(tx, c, contact, 'reset');
        await writeAudit(tx, { ...audit, after: { expiresAt: expiresAt.toISOString() } }, at);
        return { mode: 'link', sentTo: contact.email, expiresAt: expiresAt.toISOString(), passwordChangeRequired: false };
      }
      if (reset.mode === 'set' && strength) rejectPassword(passwordProblems(reset.password, contact, strength));
      const password = reset.mode === 'temporary' ? temporaryPassword() : reset.password;
      await tx.query('update users set password_hash = $2 where contact_id = $1', [contact.id, await hashPassword(password)]);
      // A link mailed before would otherwise replace the password the administrator just gave.
      await cancelResetLinks(tx, contact.id, at);
      await updateContact(tx, contact.id, { passwordChangeRequired: true }, at);
      await endSessions(tx, contact.id);
      if (reset.mode === 'temporary') {
        await mailTo(tx, contact, { kind: 'temporary-password', name: displayName(contact), password }, at);
      }
      await writeAudit(tx, { ...audit, after: { passwordChangeRequired: true } }, at);
      return { mode: reset.mode, sentTo: reset.mode === 'temporary' ? contact.email : null, expiresAt: null, passwordChangeRequired: true };
    });
    return c.json(result);
  });

  app.post('/api/password-reset/confirm', async (c) => {
    limit([['resetConfirmPerAddress', clientAddress(c)]]);
    const body = parse(PasswordResetConfirm, await readJson(c));
    const strength = await loadPasswordStrength();
    const at = now();
    const done = await db.transaction(async (tx) => {
      // Unknown, used and expired tokens get the same answer. Locked, so two requests with one link cannot both use it.
      const { rows } = await tx.query<{ contact_id: string }>(
        `select contact_id from password_reset_tokens where token_hash = $1 and used_at is null and expires_at > $2 for update`,
        [hashToken(body.token), at.toISOString()],
      );
      const contact = rows[0] && (await findContact(tx, rows[0].contact_id));
      if (!contact) return false;
      // Checked against the login the link is for; a refused password leaves the link usable.
      rejectPassword(passwordProblems(body.password, contact, strength));
      await tx.query('update password_reset_tokens set used_at = $2 where token_hash = $1', [hashToken(body.token), at.toISOString()]);
      await tx.query('update users set password_hash = $2 where contact_id = $1', [contact.id, await hashPassword(body.password)]);
      await updateContact(tx, contact.id, { passwordChangeRequired: false }, at);
      await endSessions(tx, contact.id);
      await writeAudit(tx, { actorContactId: contact.id, action: 'password.reset_confirm', targetType: 'contact', targetId: contact.id, accountId: contact.accountId }, at);
      return true;
    });
    if (!done) {
      throw new HttpProblem(400, 'validation', 'This password reset link is invalid, used or expired. Ask for a new one.', {
        errors: [{ field: 'token', message: 'This link is invalid, used or expired.', code: 'invalid_token' }],
      });
    }
    return c.body(null, 204);
  });

  // ---- roles and accounts ----

  app.get('/api/roles', async (c) => {
    await requireViewer(c);
    return c.json({ items: await listRoles(db) });
  });

  app.put('/api/contacts/:id/roles', async (c) => {
    const viewer = await requireViewer(c);
    const body = parse(RoleAssignment, await readJson(c));
    const roles = [...new Set(body.roles)];
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, c.req.param('id'), 'roles.assign', true);
      const known = new Set((await listRoles(tx)).map((role) => role.id));
      const unknown = roles.filter((role) => !known.has(role));
      if (unknown.length > 0) {
        throw new HttpProblem(400, 'validation', 'The request has invalid fields.', {
          errors: [{ field: 'roles', message: `Unknown role: ${unknown.join(', ')}.`, code: 'unknown_role' }],
        });
      }
      if (removesOwnAdministrator(viewer, before, roles)) throw forbidden(OWN_ADMINISTRATOR_MESSAGE);
      if (!canChangeRoles(viewer, before, roles)) throw forbidden('You may not grant or remove some of these roles.');
      await keepAdministrator(tx, before, { roles, login: before.login });
      await tx.query('delete from contact_roles where contact_id = $1', [before.id]);
      for (const [position, roleId] of roles.entries()) {
        await tx.query('insert into contact_roles (contact_id, role_id, position) values ($1, $2, $3)', [before.id, roleId, position]);
      }
      const after = await updateContact(tx, before.id, {}, now());
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'roles.assign', targetType: 'contact', targetId: before.id, accountId: before.accountId, before: before.roles, after: after.roles }, now());
      return after;
    });
    c.header('ETag', etag(contact));
    return c.json(contact);
  });

  app.get('/api/accounts', async (c) => {
    const viewer = await requireViewer(c);
    const accounts = await listAccounts(db);
    return c.json({ items: accounts.filter((account) => viewer.scope.includes(account.id)) });
  });

  // ---- user IDs and user accounts ----

  const requireEditor = (viewer: Viewer) => {
    if (!can(viewer, 'contact.create') && !can(viewer, 'contact.update')) throw forbidden();
  };

  // Registered before `/api/user-ids/:userId`, which would otherwise take "suggestion" as a user ID.
  app.get('/api/user-ids/suggestion', async (c) => {
    const viewer = await requireViewer(c);
    requireEditor(viewer);
    const params = parse(SuggestionParams, c.req.query());
    return c.json(await suggestionFor(db, viewer, params.firstName, params.lastName));
  });

  app.get('/api/user-ids/:userId', async (c) => {
    const viewer = await requireViewer(c);
    requireEditor(viewer);
    const { userId } = parse(z.object({ userId: UserId }), { userId: c.req.param('userId') });
    // Only a contact the viewer reaches may be left out: another's id would otherwise turn "not
    // available" into "available" exactly when that contact holds the ID, and so confirm both.
    const exclude = c.req.query('excludeContactId') || undefined;
    const excluded = exclude ? await findContact(db, exclude) : undefined;
    const holder = await holderOfUserId(db, userId, excluded && inScope(viewer, excluded) ? excluded.id : undefined);
    const visible = holder?.contactId && holder.accountId && inScope(viewer, { accountId: holder.accountId }) ? holder.contactId : null;
    return c.json({ userId, available: !holder, takenByContactId: visible });
  });

  app.get('/api/users', async (c) => {
    const viewer = await requireViewer(c);
    if (!can(viewer, 'user.associate')) throw forbidden();
    const params = parse(UserSearchParams, c.req.query());
    const needle = params.q?.normalize('NFC').trim().toLowerCase() ?? '';
    // The viewer's company only (users.tenant_id), and of its associated accounts those whose contact is in scope.
    const where = `u.tenant_id = $3 and (u.contact_id is null or c.account_id = any($1::text[]))
      and ($2 = '' or position($2 in lower(u.user_id)) > 0 or position($2 in lower(u.display_name)) > 0 or position($2 in lower(u.email)) > 0)`;
    const values = [viewer.scope, needle, viewer.tenantId];
    const count = await db.query<{ total: number }>(`select count(*)::int as total from users u left join contacts c on c.id = u.contact_id where ${where}`, values);
    const { rows } = await db.query<{ id: string; user_id: string; display_name: string; email: string; contact_id: string | null }>(
      `select u.id, u.user_id, u.display_name, u.email, u.contact_id from users u left join contacts c on c.id = u.contact_id
       where ${where} order by lower(u.display_name) collate ${TEXT_COLLATION}, u.id limit ${params.pageSize} offset ${(params.page - 1) * params.pageSize}`,
      values,
    );
    const items: UserAccount[] = rows.map((row) => ({ id: row.id, userId: row.user_id, displayName: row.display_name, email: row.email, contactId: row.contact_id }));
    return c.json({ items, total: count.rows[0]?.total ?? 0, page: params.page, pageSize: params.pageSize });
  });

  app.put('/api/contacts/:id/user', async (c) => {
    const viewer = await requireViewer(c);
    const body = parse(AssociateUserBody, await readJson(c));
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, c.req.param('id'), 'user.associate', true);
      // Only an account of the viewer's company, bound only to a contact of that company; any other
      // is answered as a missing one.
      const { rows } = await tx.query<{ id: string; user_id: string; contact_id: string | null }>(
        'select u.id, u.user_id, u.contact_id from users u where u.id = $1 and u.tenant_id = $2 and u.tenant_id = (select tenant_id from contacts where id = $3) for update',
        [body.userAccountId, viewer.tenantId, before.id],
      );
      const user = rows[0];
      const holder = user?.contact_id ? await findContact(tx, user.contact_id) : undefined;
      if (!user || (holder && !inScope(viewer, holder))) throw notFound('User account');
      if (holder?.id === before.id) return before;
      if (holder) {
        throw conflict(`This user account already belongs to ${displayName(holder)}.`, {
          conflictingId: holder.id,
          errors: [{ field: 'userAccountId', message: `Already associated with ${displayName(holder)}.`, code: 'taken' }],
        });
      }
      if (before.login.state !== 'none') throw conflict('This contact already has a login of its own.', { conflictingId: before.id });
      const other = await holderOfUserId(tx, user.user_id, before.id);
      // The user account itself is the only allowed holder of its user ID.
      if (other && other.contactId) throw userIdTaken(other, viewer);
      await tx.query('update users set contact_id = $2 where id = $1', [user.id, before.id]);
      const at = now();
      const after = await updateContact(tx, before.id, { userId: user.user_id, loginState: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0 }, at);
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'user.associate', targetType: 'contact', targetId: before.id, accountId: before.accountId, before: { userId: before.userId }, after: { userId: after.userId, userAccountId: user.id } }, at);
      return after;
    });
    return c.json(contact);
  });

  // ---- outbox, audit, OpenAPI ----

  // The mails hold live reset links and temporary passwords: only for a session, and only those to
  // the viewer's accounts. The demo shows them to every signed-in viewer, otherwise admins only.
  app.get('/api/outbox', async (c) => {
    const viewer = await requireViewer(c);
    if (!demo && !hasRole(viewer, ROLE_IDS.admin)) throw forbidden();
    return c.json({ items: await readOutbox(db, viewer.scope) });
  });

  app.get('/api/audit', async (c) => {
    const viewer = await requireViewer(c);
    if (!hasRole(viewer, ROLE_IDS.admin)) throw forbidden();
    const { rows } = await db.query<{
      id: string;
      actor_contact_id: string | null;
      action: string;
      target_type: string;
      target_id: string | null;
      account_id: string | null;
      before: unknown;
      after: unknown;
      at: Date | string;
    }>('select * from audit_log where account_id = any($1::text[]) order by at desc, id desc limit 500', [viewer.scope]);
    return c.json({
      items: rows.map((row) => ({
        id: row.id,
        actorContactId: row.actor_contact_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        accountId: row.account_id,
        before: row.before,
        after: row.after,
        at: iso(row.at),
      })),
    });
  });

  app.get('/api/openapi.json', (c) => c.json((openApiDocument ??= buildOpenApiDocument())));

  return app;
};
