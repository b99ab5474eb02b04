/**
 * `/healthz`: the process answers (for a liveness probe: restart when it does not).
 * `/readyz`: the database answers and its schema is the one this server expects (for a readiness
 * probe and a load balancer: send no traffic until it is). Outside `/api`: no session, no CORS.
 * Declared like the API's routes, so the OpenAPI document lists them (tag `operations`).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from './context.js';
import type { Database } from './db.js';
import { SCHEMA_VERSION } from './migrations.js';
import { declare, type Operation } from './routes/doc.js';

const status = (values: string[]) => ({ type: 'string', enum: values });

const HEALTH = { type: 'object', required: ['status'], properties: { status: status(['ok']) } };
const READINESS = {
  type: 'object',
  required: ['status', 'database'],
  properties: {
    status: status(['ok', 'unavailable']),
    database: status(['reachable', 'unreachable']),
    schemaVersion: { type: ['integer', 'null'], description: 'The schema version of the database.' },
    expectedSchemaVersion: { type: 'integer', description: 'The schema version this server needs (on 503 with a reachable database).' },
  },
};

const healthz: Operation = {
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process answers',
  operationId: 'healthz',
  tags: ['operations'],
  security: [],
  responses: { '200': { description: 'The process is up.', content: { 'application/json': { schema: HEALTH } } } },
};

const readyz: Operation = {
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: the database answers with the expected schema',
  operationId: 'readyz',
  tags: ['operations'],
  security: [],
  responses: {
    '200': { description: 'Ready for traffic.', content: { 'application/json': { schema: READINESS } } },
    '503': { description: 'The database is unreachable, or its schema is not the one this server expects.', content: { 'application/json': { schema: READINESS } } },
  },
};

export const healthRoutes = (db: Database): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();
  declare(app, healthz, (c) => c.json({ status: 'ok' }, 200));
  declare(app, readyz, async (c) => {
    let version: number | null;
    try {
      const { rows } = await db.query<{ version: number | null }>('select max(version) as version from schema_version');
      version = rows[0]?.version ?? null;
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
    if (version !== SCHEMA_VERSION) {
      return c.json({ status: 'unavailable', database: 'reachable', schemaVersion: version, expectedSchemaVersion: SCHEMA_VERSION }, 503);
    }
    return c.json({ status: 'ok', database: 'reachable', schemaVersion: version }, 200);
  });
  return app;
};
