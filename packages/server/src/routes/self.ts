import { ChangePasswordBody, loadPasswordStrength, passwordProblems, PasswordResetRequestBody } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { writeAudit } from '../audit.js';
import { parse, type Env, type ServerContext } from '../context.js';
import { hashPassword, verifyPassword } from '../crypto.js';
import { readJson } from '../edge.js';
import { mailResetLink } from '../mail.js';
import { HttpProblem, unauthenticated } from '../problems.js';
import { cancelResetLinks, findContact, signInKey, updateContact, viewerOf } from '../store.js';
import { requireViewer } from '../viewer.js';
import { CSRF, declare, errors, json, jsonBody, noContent, type Operation, problem } from './doc.js';
import { clientAddress } from './session.js';

/**
 * The contact's own side of a login (issue 17): changing one's password and "forgot password".
 * The gate that keeps a session whose password must change away from everything else is in
 * viewer.ts, with the session it reads.
 */

const changePassword: Operation = {
  method: 'post',
  path: '/me/password',
  summary: 'Change one\u2019s own password',
  description:
    'The current password and a new one that meets the password rules of docs/security.md; a 400 names `currentPassword` (`wrong_password`) or `newPassword` once per failed rule (`too_small`, `too_big`, `blank`, `matches_identity`, `too_weak`, `unchanged`). Clears `passwordChangeRequired`, cancels mailed reset links and ends every other session of the login; this one goes on. Rate-limited per login (429). A session whose password must change reaches only this, `GET /api/me` and sign-out: every other request answers 403 `password_change_required`.',
  operationId: 'changePassword',
  tags: ['session'],
  parameters: [CSRF],
  request: { body: jsonBody('ChangePasswordBody') },
  responses: { '200': json('The viewer, without `passwordChangeRequired`.', 'Viewer'), ...errors(400, 401, 403), '429': problem('Too many attempts; `Retry-After` says when to try again.') },
};

const requestPasswordReset: Operation = {
  method: 'post',
  path: '/password-reset/request',
  summary: '\u201cForgot password\u201d: mail a link to choose a password',
  description:
    'By user ID or e-mail address (case-insensitive). Each active login it names gets the same single-use link as an administrator\u2019s reset, valid 12 hours; earlier links stop working. The answer is the same whether or not such a login exists. Rate-limited per address and per identifier typed (429, whatever exists).',
  operationId: 'requestPasswordReset',
  tags: ['session'],
  security: [],
  request: { body: jsonBody('PasswordResetRequestBody') },
  responses: { '202': noContent('Accepted: a link was mailed if a login matches.'), '400': problem('Invalid body.'), '429': problem('Too many requests; `Retry-After` says when to try again.') },
};

export const selfRoutes = (context: ServerContext): OpenAPIHono<Env> => {
  const { db, now, limit } = context;
  const routes = new OpenAPIHono<Env>();

  declare(routes, changePassword, async (c) => {
    const viewer = await requireViewer(db, c);
    const session = c.get('session');
    if (!session) throw unauthenticated();
    const body = parse(ChangePasswordBody, await readJson(c));
    // Each attempt checks a password: a stolen session must not become a guessing machine.
    await limit([['passwordChangePerContact', viewer.contactId]]);
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
    return c.json(after, 200);
  });

  declare(routes, requestPasswordReset, async (c) => {
    const body = parse(PasswordResetRequestBody, await readJson(c));
    const key = signInKey(body.identifier);
    // Keyed by what was typed and where from, never by whether a login exists.
    await limit([
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
        const expiresAt = await mailResetLink(context, tx, contact, 'reset');
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
