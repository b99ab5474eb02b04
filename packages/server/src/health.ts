/**
 * `/healthz`: the process answers (for a liveness probe: restart when it does not).
 * `/readyz`: the database answers and its schema is the one this server expects (for a readiness
 * probe and a load balancer: send no traffic until it is). Outside `/api`: no session, no CORS.
 */
import type { Hono } from 'hono';
import type { Database } from './db.js';
import { SCHEMA_VERSION } from './migrations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mounted on the app whatever its variables
export const registerHealth = (app: Hono<any>, db: Database): void => {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
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
    return c.json({ status: 'ok', database: 'reachable', schemaVersion: version });
  });
};
