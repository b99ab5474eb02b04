/** The role catalogue and a contact's roles. */
import { canChangeRoles, OWN_ADMINISTRATOR_MESSAGE, removesOwnAdministrator, RoleAssignment } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { writeAudit } from '../audit.js';
import { type Env, etag, parse, pathId, type ServerContext } from '../context.js';
import { readJson } from '../edge.js';
import { keepAdministrator, reachable } from '../guards.js';
import { forbidden, HttpProblem } from '../problems.js';
import { listRoles, updateContact } from '../store.js';
import { requireViewer } from '../viewer.js';
import { CSRF, declare, errors, ETAG, ID, json, jsonBody, type Operation } from './doc.js';

const catalogue: Operation = { method: 'get', path: '/roles', summary: 'The role catalogue', operationId: 'listRoles', tags: ['roles'], responses: { '200': json('Roles.', 'RoleList'), ...errors(401) } };

const assign: Operation = {
  method: 'put',
  path: '/contacts/{id}/roles',
  summary: 'Replace a contact\u2019s roles',
  operationId: 'setRoles',
  tags: ['roles'],
  parameters: [ID, CSRF],
  request: { body: jsonBody('RoleAssignment') },
  responses: { '200': json('The contact with its new roles.', 'Contact', ETAG), ...errors(400, 401, 403, 404, 409) },
};

export const roleRoutes = ({ db, now }: ServerContext): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();

  declare(app, catalogue, async (c) => {
    await requireViewer(db, c);
    return c.json({ items: await listRoles(db) }, 200);
  });

  declare(app, assign, async (c) => {
    const viewer = await requireViewer(db, c);
    const body = parse(RoleAssignment, await readJson(c));
    const roles = [...new Set(body.roles)];
    const contact = await db.transaction(async (tx) => {
      const before = await reachable(tx, viewer, pathId(c), 'roles.assign', true);
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
    return c.json(contact, 200);
  });

  return app;
};
