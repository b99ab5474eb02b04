/** Passwords: an administrator's reset (link, temporary password or a chosen one) and a mailed link's confirmation. */
import { loadPasswordStrength, PasswordReset, passwordProblems, type Action, type PasswordProblem, type PasswordResetResult } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { writeAudit } from '../audit.js';
import { type Env, parse, pathId, type ServerContext } from '../context.js';
import { hashPassword, hashToken, temporaryPassword } from '../crypto.js';
import { readJson } from '../edge.js';
import { loginTarget } from '../guards.js';
import { mailResetLink, mailTemporaryPassword } from '../mail.js';
import { HttpProblem } from '../problems.js';
import { PasswordResetConfirm } from '../schemas.js';
import { cancelResetLinks, endSessions, findContact, updateContact } from '../store.js';
import { requireViewer } from '../viewer.js';
import { clientAddress } from './session.js';
import { CSRF, declare, errors, ID, json, jsonBody, noContent, type Operation, problem } from './doc.js';

const PASSWORD_RULES =
  'The password must meet the password rules of docs/security.md (12 to 128 characters, not only spaces, not the user ID or e-mail address, hard to guess: a zxcvbn score of 3 or more); a 400 names `password` once per failed rule, with the codes `too_small`, `too_big`, `blank`, `matches_identity` and `too_weak`.';

const reset: Operation = {
  method: 'post',
  path: '/contacts/{id}/password-reset',
  summary: 'Reset a password: mail a link, mail a temporary password, or set one',
  description: `Each mode cancels the links mailed before. A password set here must meet${PASSWORD_RULES.slice('The password must meet'.length)}`,
  operationId: 'resetPassword',
  tags: ['logins'],
  parameters: [ID, CSRF],
  request: { body: jsonBody('PasswordReset') },
  responses: { '200': json('What was done.', 'PasswordResetResult'), ...errors(400, 401, 403, 404, 409) },
};

const confirm: Operation = {
  method: 'post',
  path: '/password-reset/confirm',
  summary: 'Choose a password with a mailed link\u2019s token',
  description: `${PASSWORD_RULES} A refused password leaves the link usable.`,
  operationId: 'confirmPasswordReset',
  tags: ['logins'],
  security: [],
  request: { body: jsonBody('PasswordResetConfirmBody') },
  responses: { '204': noContent('Password set.'), '400': problem('Invalid, used or expired token (one answer), or an invalid password.') },
};

/** A 400 naming `password` with every rule of core's password policy it fails. */
const rejectPassword = (problems: readonly PasswordProblem[]): void => {
  if (problems.length > 0) throw new HttpProblem(400, 'validation', 'The password does not meet the rules.', { errors: [...problems] });
};

export const passwordRoutes = (context: ServerContext): OpenAPIHono<Env> => {
  const { db, now, limit } = context;
  const app = new OpenAPIHono<Env>();

  declare(app, reset, async (c) => {
    const viewer = await requireViewer(db, c);
    const body = parse(PasswordReset, await readJson(c));
    const action: Action = body.mode === 'link' ? 'password.reset_link' : body.mode === 'temporary' ? 'password.reset_temporary' : 'password.set';
    const strength = body.mode === 'set' ? await loadPasswordStrength() : undefined;
    const result = await db.transaction(async (tx): Promise<PasswordResetResult> => {
      const contact = await loginTarget(tx, viewer, pathId(c), action);
      // Counted only once the viewer may reset this contact, so nobody can use up another's limit.
      await limit([['resetPerContact', contact.id]], tx);
      const at = now();
      const audit = { actorContactId: viewer.contactId, action, targetType: 'contact' as const, targetId: contact.id, accountId: contact.accountId };
      if (body.mode === 'link') {
        const expiresAt = await mailResetLink(context, tx, contact, 'reset');
        await writeAudit(tx, { ...audit, after: { expiresAt: expiresAt.toISOString() } }, at);
        return { mode: 'link', sentTo: contact.email, expiresAt: expiresAt.toISOString(), passwordChangeRequired: false };
      }
      if (body.mode === 'set' && strength) rejectPassword(passwordProblems(body.password, contact, strength));
      const password = body.mode === 'temporary' ? temporaryPassword() : body.password;
      await tx.query('update users set password_hash = $2 where contact_id = $1', [contact.id, await hashPassword(password)]);
      // A link mailed before would otherwise replace the password the administrator just gave.
      await cancelResetLinks(tx, contact.id, at);
      await updateContact(tx, contact.id, { passwordChangeRequired: true }, at);
      await endSessions(tx, contact.id);
      if (body.mode === 'temporary') await mailTemporaryPassword(context, tx, contact, password, at);
      await writeAudit(tx, { ...audit, after: { passwordChangeRequired: true } }, at);
      return { mode: body.mode, sentTo: body.mode === 'temporary' ? contact.email : null, expiresAt: null, passwordChangeRequired: true };
    });
    return c.json(result, 200);
  });

  declare(app, confirm, async (c) => {
    await limit([['resetConfirmPerAddress', clientAddress(c)]]);
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

  return app;
};
