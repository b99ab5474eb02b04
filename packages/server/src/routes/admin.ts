/** What administrators read: the outbox and the audit log. */
import { hasRole, ROLE_IDS } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { readAudit } from '../audit.js';
import type { Env, ServerContext } from '../context.js';
import { forbidden } from '../problems.js';
import { readOutbox } from '../store.js';
import { requireViewer } from '../viewer.js';
import { declare, errors, json, type Operation } from './doc.js';

const outbox: Operation = {
  method: 'get',
  path: '/outbox',
  summary: 'Mails the server would have sent to the viewer\u2019s accounts (admins; in demo mode every signed-in viewer)',
  operationId: 'outbox',
  tags: ['admin'],
  responses: { '200': json('Messages.', 'OutboxList'), ...errors(401, 403) },
};

const audit: Operation = { method: 'get', path: '/audit', summary: 'Audit log (admins)', operationId: 'audit', tags: ['admin'], responses: { '200': json('Newest first.', 'AuditList'), ...errors(401, 403) } };

export const adminRoutes = ({ db, demo }: ServerContext): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();

  // The mails hold live reset links and temporary passwords: only for a session, and only those to
  // the viewer's accounts. The demo shows them to every signed-in viewer, otherwise admins only.
  declare(app, outbox, async (c) => {
    const viewer = await requireViewer(db, c);
    if (!demo && !hasRole(viewer, ROLE_IDS.admin)) throw forbidden();
    return c.json({ items: await readOutbox(db, viewer.scope) }, 200);
  });

  declare(app, audit, async (c) => {
    const viewer = await requireViewer(db, c);
    if (!hasRole(viewer, ROLE_IDS.admin)) throw forbidden();
    return c.json({ items: await readAudit(db, viewer.scope) }, 200);
  });

  return app;
};
