import {
  ChangePasswordBody,
  loadPasswordStrength,
  passwordProblems,
  PasswordResetRequestBody,
  type Contact,
  type Viewer,
} from '@portico/core';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Database, Queryable } from '../db.js';
import { hashPassword, hashToken, verifyPassword } from '../crypto.js';
import { readJson } from '../edge.js';
import { HttpProblem, unauthenticated, validationProblem } from '../problems.js';
import type { RateLimits } from '../rate-limit.js';
import { cancelResetLinks, findContact, signInKey, updateContact, viewerOf, writeAudit } from '../store.js';

/**
 * The contact's own side of a login (issue 17): changing one's password, "forgot password", and
 * the gate that keeps a session whose password must change away from everything else.
 */

/** What a session carries that these routes read (app.ts resolves it once per request). */
export interface SelfSession {
  tokenHash: string;
  contactId: string;
  passwordChangeRequired: boolean;
}

// The app's Env is wider; these routes read only the session.
type SelfEnv = { Variables: { session: SelfSession | null } };

export interface SelfRouteOptions {
  db: Database;
  now: () => Date;
  /** Counts an attempt against each named limit; the first over its limit throws a 429. */
  limit: (checks: [keyof RateLimits, string][]) => void;
  clientAddress: (c: Context) => string;
  /** The signed-in viewer, or a 401. */
  requireViewer: (c: Context) => Promise<Viewer>;
  /** Mails a login's single-use 12-hour link to choose a password (app.ts, the same as the administrator's reset). */
  mailResetLink: (tx: Queryable, contact: Contact, purpose: 'created' | 'reset') => Promise<Date>;
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

// Classic zod parses core's zod/mini schemas too.
const parse = <S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> => {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
};

export const selfRoutes = ({ db, now, limit, clientAddress, requireViewer, mailResetLink }: SelfRouteOptions): Hono<SelfEnv> => {
  const routes = new Hono<SelfEnv>();

  routes.post('/me/password', async (c) => {
    const viewer = await requireViewer(c);
    const session = c.get('session');
    if (!session) throw unauthenticated();
    const body = parse(ChangePasswordBody, await readJson(c));
    // Each attempt checks a password: a stolen session must not become a guessing machine.
    limit([['passwordChangePerContact', viewer.contactId]]);
    const strength = await loadPasswordStrength();
    await db.transaction(async (tx) => {
      const contact = await findContact(tx, viewer.contactId, { lock: true });
      if (!contact) throw unauthenticated();
      const { rows } = await tx.query<{ password_hash: string | null }>('select password_hash from users where contact_id = $1', [contact.id]);
      if (!(await verifyPassword(body.currentPassword, rows[0]?.password_hash ?? null))) {
        throw new HttpProblem(400, 'validation', 'The current password is wrong.', {
          errors: [{ field: 'currentPassword', message: 'The current password is wrong.', code: 'wrong_password' }],
        });
      }
      const problems = passwordProblems(body.newPassword, contact, strength).map((problem) => ({ ...problem, field: 'newPassword' }));
      // A temporary or administrator-set password is known to someone else: it must really change.
      if (body.newPassword === body.currentPassword) {
        problems.push({ field: 'newPassword', code: 'unchanged', message: 'The new password must differ from the current one.' });
      }
      if (problems.length > 0) throw new HttpProblem(400, 'validation', 'The new password does not meet the rules.', { errors: problems });
      const at = now();
      await tx.query('update users set password_hash = $2 where contact_id = $1', [contact.id, await hashPassword(body.newPassword)]);
      // A link mailed before would otherwise replace the password just chosen.
      await cancelResetLinks(tx, contact.id, at);
      await updateContact(tx, contact.id, { passwordChangeRequired: false }, at);
      // Every other session ends (one opened with the old password elsewhere); this one goes on.
      await tx.query('delete from sessions where contact_id = $1 and token_hash <> $2', [contact.id, session.tokenHash]);
      await writeAudit(tx, { actorContactId: contact.id, action: 'password.change', targetType: 'contact', targetId: contact.id, accountId: contact.accountId }, at);
    });
    const after = await viewerOf(db, viewer.contactId);
    if (!after) throw unauthenticated();
    return c.json(after);
  });

  routes.post('/password-reset/request', async (c) => {
    const body = parse(PasswordResetRequestBody, await readJson(c));
    const key = signInKey(body.identifier);
    // Keyed by what was typed and where from, never by whether a login exists.
    limit([
      ['resetRequestPerAddress', clientAddress(c)],
      ['resetRequestPerIdentifier', key],
    ]);
    await db.transaction(async (tx) => {
      // A user ID names one login; an e-mail address may be shared by several (each gets its own link).
      const { rows } = await tx.query<{ id: string }>(
        `select c.id from contacts c join users u on u.contact_id = c.id
         where c.login_state = 'enabled' and (lower(u.user_id) = $1 or lower(c.email) = $1)
         order by c.id for update of c`,
        [key],
      );
      const at = now();
      for (const { id } of rows) {
        const contact = await findContact(tx, id);
        if (!contact) continue;
        const expiresAt = await mailResetLink(tx, contact, 'reset');
        await writeAudit(
          tx,
          { actorContactId: null, action: 'password.reset_request', targetType: 'contact', targetId: contact.id, accountId: contact.accountId, after: { expiresAt: expiresAt.toISOString() } },
          at,
        );
      }
    });
    // The same answer whether or not the user ID or address exists.
    return c.body(null, 202);
  });

  return routes;
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
