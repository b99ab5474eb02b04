/** Logins: create one (with a mailed link to choose a password), and the transitions of core's table. */
import { CreateLoginBody, displayName, LOGIN_TRANSITIONS, loginChanges, type LoginChanges } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { writeAudit } from '../audit.js';
import { type Env, parse, pathId, type ServerContext } from '../context.js';
import { newId } from '../crypto.js';
import { readJson } from '../edge.js';
import { keepAdministrator, loginTarget, suggestionFor, userIdTaken } from '../guards.js';
import { mailResetLink } from '../mail.js';
import { HttpProblem } from '../problems.js';
import { endSessions, holderOfUserId, updateContact } from '../store.js';
import { requireViewer } from '../viewer.js';
import { CSRF, declare, errors, ID, json, jsonBody, type Operation } from './doc.js';

/** A login's changes as updateContact's fields. */
const loginColumns = ({ state, ...rest }: LoginChanges): Record<string, unknown> => ({ loginState: state, ...rest });

const createLogin: Operation = {
  method: 'post',
  path: '/contacts/{id}/login',
  summary: 'Create a login',
  operationId: 'createLogin',
  tags: ['logins'],
  parameters: [ID, CSRF],
  request: { body: jsonBody('CreateLoginBody', { required: false }) },
  responses: { '200': json('The contact with an enabled login.', 'Contact'), ...errors(400, 401, 403, 404, 409, 422) },
};

const TRANSITION_SUMMARIES = {
  enable: 'Enable a disabled login',
  disable: 'Disable a login (ends its sessions)',
  lock: 'Lock a login (ends its sessions)',
  unlock: 'Unlock a login and reset its failed sign-ins',
} as const;

const transitionRoute = (name: keyof typeof TRANSITION_SUMMARIES): Operation => ({
  method: 'post',
  path: `/contacts/{id}/login/${name}`,
  summary: TRANSITION_SUMMARIES[name],
  operationId: `${name}Login`,
  tags: ['logins'],
  parameters: [ID, CSRF],
  responses: { '200': json('The contact after the change.', 'Contact'), ...errors(401, 403, 404, 409) },
});

export const loginRoutes = (context: ServerContext): OpenAPIHono<Env> => {
  const { db, now } = context;
  const app = new OpenAPIHono<Env>();

  declare(app, createLogin, async (c) => {
    const viewer = await requireViewer(db, c);
    const body = parse(CreateLoginBody, await readJson(c, { optional: true }));
    const contact = await db.transaction(async (tx) => {
      const before = await loginTarget(tx, viewer, pathId(c), LOGIN_TRANSITIONS.create.action);
      const chosen = body.userId ?? before.userId ?? (await suggestionFor(tx, viewer, before.firstName, before.lastName, before.id)).userId;
      if (!chosen) {
        throw new HttpProblem(422, 'validation', 'This contact needs a user ID before it can have a login.', {
          errors: [{ field: 'userId', message: 'Enter a user ID for this login.', code: 'required' }],
        });
      }
      const holder = await holderOfUserId(tx, chosen, before.id);
      if (holder) throw userIdTaken(holder, viewer);
      const at = now();
      const after = await updateContact(tx, before.id, { userId: chosen, ...loginColumns(loginChanges('create', at)) }, at);
      await tx.query(
        `insert into users (id, user_id, display_name, email, password_hash, contact_id, created_at) values ($1, $2, $3, $4, null, $5, $6)
         on conflict (contact_id) do update set user_id = excluded.user_id`,
        [newId('u'), chosen, displayName(after), after.email, after.id, at.toISOString()],
      );
      await mailResetLink(context, tx, after, 'created');
      await writeAudit(tx, { actorContactId: viewer.contactId, action: 'login.create', targetType: 'contact', targetId: after.id, accountId: after.accountId, before: before.login, after: after.login }, at);
      return after;
    });
    return c.json(contact, 200);
  });

  for (const name of ['enable', 'disable', 'lock', 'unlock'] as const) {
    const transition = LOGIN_TRANSITIONS[name];
    declare(app, transitionRoute(name), async (c) => {
      const viewer = await requireViewer(db, c);
      const contact = await db.transaction(async (tx) => {
        const before = await loginTarget(tx, viewer, pathId(c), transition.action);
        const at = now();
        const changes = loginChanges(name, at);
        await keepAdministrator(tx, before, { roles: before.roles, login: { ...before.login, ...changes } });
        const after = await updateContact(tx, before.id, loginColumns(changes), at);
        if (transition.endsSessions) await endSessions(tx, before.id);
        await writeAudit(tx, { actorContactId: viewer.contactId, action: transition.action, targetType: 'contact', targetId: before.id, accountId: before.accountId, before: before.login, after: after.login }, at);
        return after;
      });
      return c.json(contact, 200);
    });
  }

  return app;
};
