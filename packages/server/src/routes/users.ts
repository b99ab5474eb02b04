/** User IDs (suggestion, availability) and user accounts (search, association with a contact). */
import { AssociateUserBody, can, displayName, inScope, LIMITS, UserId, type UserAccount, type Viewer } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { writeAudit } from '../audit.js';
import { type Env, parse, pathId, type ServerContext } from '../context.js';
import { readJson } from '../edge.js';
import { reachable, suggestionFor, userIdTaken } from '../guards.js';
import { TEXT_COLLATION } from '../migrations.js';
import { conflict, forbidden, notFound } from '../problems.js';
import { findContact, holderOfUserId, updateContact } from '../store.js';
import { requireViewer } from '../viewer.js';
import { CSRF, declare, errors, ID, json, jsonBody, type Operation } from './doc.js';

export const UserSearchParams = z.object({
  q: z.string().max(LIMITS.search).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(25),
});

export const SuggestionParams = z.object({
  firstName: z.string().trim().min(1).max(LIMITS.name),
  lastName: z.string().trim().min(1).max(LIMITS.name),
});

const suggestion: Operation = {
  method: 'get',
  path: '/user-ids/suggestion',
  summary: 'Suggest a user ID (firstname.lastname)',
  operationId: 'suggestUserId',
  tags: ['users'],
  parameters: [
    { name: 'firstName', in: 'query', required: true, schema: { type: 'string' } },
    { name: 'lastName', in: 'query', required: true, schema: { type: 'string' } },
  ],
  responses: { '200': json('The suggestion, or null with a reason.', 'UserIdSuggestion'), ...errors(400, 401, 403) },
};

const availability: Operation = {
  method: 'get',
  path: '/user-ids/{userId}',
  summary: 'Check whether a user ID is free',
  operationId: 'checkUserId',
  tags: ['users'],
  parameters: [
    { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'excludeContactId', in: 'query', required: false, schema: { type: 'string' } },
  ],
  responses: { '200': json('Availability.', 'UserIdAvailability'), ...errors(400, 401, 403) },
};

const search: Operation = {
  method: 'get',
  path: '/users',
  summary: 'Search user accounts (admin only)',
  operationId: 'searchUsers',
  tags: ['users'],
  parameters: [
    { name: 'q', in: 'query', schema: { type: 'string' } },
    { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
    { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: 25 } },
  ],
  responses: { '200': json('User accounts.', 'UserAccountPage'), ...errors(400, 401, 403) },
};

const associate: Operation = {
  method: 'put',
  path: '/contacts/{id}/user',
  summary: 'Associate an existing user account with a contact (admin only)',
  operationId: 'associateUser',
  tags: ['users'],
  parameters: [ID, CSRF],
  request: { body: jsonBody('AssociateUserBody') },
  responses: { '200': json('The contact with the user associated.', 'Contact'), ...errors(400, 401, 403, 404, 409) },
};

const requireEditor = (viewer: Viewer) => {
  if (!can(viewer, 'contact.create') && !can(viewer, 'contact.update')) throw forbidden();
};

export const userRoutes = ({ db, now }: ServerContext): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();

  // Registered before `/user-ids/{userId}`, which would otherwise take "suggestion" as a user ID.
  declare(app, suggestion, async (c) => {
    const viewer = await requireViewer(db, c);
    requireEditor(viewer);
    const params = parse(SuggestionParams, c.req.query());
    return c.json(await suggestionFor(db, viewer, params.firstName, params.lastName), 200);
  });

  declare(app, availability, async (c) => {
    const viewer = await requireViewer(db, c);
    requireEditor(viewer);
    const { userId } = parse(z.object({ userId: UserId }), { userId: c.req.param('userId') });
    // Only a contact the viewer reaches may be left out: another's id would otherwise turn "not
    // available" into "available" exactly when that contact holds the ID, and so confirm both.
    const exclude = c.req.query('excludeContactId') || undefined;
    const excluded = exclude ? await findContact(db, exclude) : undefined;
    const holder = await holderOfUserId(db, userId, excluded && inScope(viewer, excluded) ? excluded.id : undefined);
    const visible = holder?.contactId && holder.accountId && inScope(viewer, { accountId: holder.accountId }) ? holder.contactId : null;
    return c.json({ userId, available: !holder, takenByContactId: visible }, 200);
  });

  declare(app, search, async (c) => {
    const viewer = await requireViewer(db, c);
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
    return c.json({ items, total: count.rows[0]?.total ?? 0, page: params.page, pageSize: params.pageSize }, 200);
  });

  declare(app, associate, async (c) => {
    const viewer = await requireViewer(db, c);
    const body = parse(AssociateUserBody, await readJson(c));
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, pathId(c), 'user.associate', true);
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
    return c.json(contact, 200);
  });

  return app;
};
