/**
 * Stands in for `packages/server/src/db.ts` in the test processes of `run.ts` (see hooks.mjs):
 * everything is the real module's, except `createPgliteDatabase()`, which gives a fresh, empty
 * database on the cluster of `PORTICO_TEST_POSTGRES_URL` through the real `createPostgresDatabase`
 * (`pg`). So the server tests, `startTestServer()` among them, run unchanged on PostgreSQL, each
 * test server or database on its own database as each had its own in-memory PGlite.
 */
import { createPostgresDatabase, type Database } from '../../src/db.js';

export * from '../../src/db.js';

const adminUrl = process.env.PORTICO_TEST_POSTGRES_URL;
let sequence = 0;

/** Runs `sql` as the cluster's superuser (create or drop a database). */
export const asAdmin = async (sql: string) => {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

export const createPgliteDatabase = async (dataDir?: string): Promise<Database> => {
  if (!adminUrl) throw new Error('PORTICO_TEST_POSTGRES_URL is not set: run these tests through packages/server/test/postgres/run.ts');
  if (dataDir) throw new Error('The PostgreSQL test run has no PGlite data directories');
  sequence += 1;
  const name = `test_${process.pid}_${sequence}`;
  await asAdmin(`create database ${name} owner portico`);
  const url = new URL(adminUrl);
  url.username = 'portico';
  url.pathname = `/${name}`;
  const db = await createPostgresDatabase(url.toString());
  let closed = false;
  return {
    ...db,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.close();
      // Not `with (force)`: the pool's sockets may still be closing, and a terminated one would
      // throw in the test process. PostgreSQL waits up to 5 s for them; a database still in use
      // then (a test that kept a connection) stays until the cluster is deleted.
      await asAdmin(`drop database if exists ${name}`).catch(() => undefined);
    },
  };
};
