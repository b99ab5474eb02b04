/** The accounts in the viewer's scope. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, ServerContext } from '../context.js';
import { listAccounts } from '../store.js';
import { requireViewer } from '../viewer.js';
import { declare, errors, json, type Operation } from './doc.js';

const accounts: Operation = {
  method: 'get',
  path: '/accounts',
  summary: 'Accounts in the viewer\u2019s scope',
  operationId: 'listAccounts',
  tags: ['accounts'],
  responses: { '200': json('Accounts.', 'AccountList'), ...errors(401) },
};

export const accountRoutes = ({ db }: ServerContext): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();
  declare(app, accounts, async (c) => {
    const viewer = await requireViewer(db, c);
    const all = await listAccounts(db);
    return c.json({ items: all.filter((account) => viewer.scope.includes(account.id)) }, 200);
  });
  return app;
};
