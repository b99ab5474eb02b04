import { SORT_FIELDS, createSeedData } from '@portico/core';
import { migrate, seedDatabase, startServer, type RunningServer } from '@portico/server';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPgliteDatabase as createRealPglite, type Database } from '../../src/db.js';
import { api } from '../helpers.js';
import { createPgliteDatabase as createPostgresTestDatabase } from './database.js';

// The same seed on PGlite and on PostgreSQL (run by run.ts; this folder's imports get the real
// db.ts): every list answer the reference server gives, in every sort and direction, with short
// (grams), trigram and no-index terms in several scripts, status and account filters, and deep
// pages, must be the same contacts in the same order with the same totals on both, and so must an
// export, which pages by keyset. Case mapping (lower()) and sort order come from the database.

const data = createSeedData({ count: 3000 });
const ROLES = ['admin', 'other_tenant_admin', 'partner_admin'] as const;

interface Side {
  db: Database;
  server: RunningServer;
  headers: Map<string, Record<string, string>>;
}
const sides: Side[] = [];

const start = async (db: Database): Promise<Side> => {
  await migrate(db);
  await seedDatabase(db, data);
  const server = await startServer({ db, port: 0, host: '127.0.0.1', demo: true, rateLimits: false });
  const headers = new Map<string, Record<string, string>>();
  for (const role of ROLES) {
    const response = await fetch(`${server.url}/api/demo/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: data.demoViewers.find((viewer) => viewer.role === role)!.userId }),
    });
    assert.equal(response.status, 200);
    const cookies = response.headers.getSetCookie().map((value) => value.split(';')[0]!);
    const csrf = decodeURIComponent(cookies.find((cookie) => cookie.startsWith('portico_csrf='))?.split('=')[1] ?? '');
    headers.set(role, { cookie: cookies.join('; '), 'x-csrf-token': csrf });
  }
  return { db, server, headers };
};

before(async () => {
  if (!process.env.PORTICO_TEST_POSTGRES_URL) return;
  sides.push(await start(await createRealPglite()), await start(await createPostgresTestDatabase()));
  assert.deepEqual(
    sides.map((side) => side.db.kind),
    ['pglite', 'postgres'],
  );
});
after(async () => {
  for (const side of sides) {
    await side.server.close();
    await side.db.close();
  }
});

const skip = process.env.PORTICO_TEST_POSTGRES_URL ? false : 'runs in the PostgreSQL step (packages/server/test/postgres/run.ts)';

/** The answer of both sides to one list query, as [PGlite, PostgreSQL]. */
const answers = async (role: string, query: Record<string, string>) =>
  Promise.all(
    sides.map(async (side) => {
      const response = await api(side.server, `/api/contacts?${new URLSearchParams(query).toString()}`, { headers: side.headers.get(role)! });
      assert.equal(response.status, 200, JSON.stringify([query, response.body]));
      const { items, total, totalExact } = response.body as { items: { id: string }[]; total: number; totalExact?: boolean };
      return { ids: items.map((item) => item.id), total, totalExact };
    }),
  );

const TERMS = ['', 'a', 'll', 'an', 'Ka', 'mül', 'ü', 'MÜLLER', 'o’', '山田', '田', 'さく', 'مح', 'ол', 'example', '.e', '@', 'zzq', '%', '_'];

test('every sort and direction gives the same pages on PGlite and PostgreSQL', { skip }, async () => {
  let compared = 0;
  for (const role of ROLES) {
    for (const sort of SORT_FIELDS) {
      for (const order of ['asc', 'desc']) {
        for (const q of ['', 'an']) {
          for (const page of ['1', '4']) {
            const query = { sort, order, pageSize: '50', page, ...(q ? { q } : {}) };
            const [pglite, postgres] = await answers(role, query);
            assert.deepEqual(postgres, pglite, `${role} ${JSON.stringify(query)}`);
            compared += 1;
          }
        }
      }
    }
  }
  assert.equal(compared, ROLES.length * SORT_FIELDS.length * 2 * 2 * 2);
});

test('every search term and filter gives the same matches on PGlite and PostgreSQL', { skip }, async () => {
  let nonEmpty = 0;
  for (const role of ROLES) {
    for (const q of TERMS) {
      const accounts = role === 'admin' ? [{ accountId: 'acme-eu' }, { accountId: 'acme-eu', includeChildAccounts: 'false' }] : [];
      for (const filter of [{}, { status: 'locked' }, { status: 'active' }, ...accounts] as Record<string, string>[]) {
        for (const page of ['1', '2']) {
          const query = { pageSize: '40', page, ...(q ? { q } : {}), ...filter };
          const [pglite, postgres] = await answers(role, query);
          assert.deepEqual(postgres, pglite, `${role} ${JSON.stringify(query)}`);
          if (pglite!.ids.length > 0) nonEmpty += 1;
        }
      }
    }
  }
  assert.ok(nonEmpty > 200, `most queries match something (${nonEmpty})`);
});

test('an export (keyset pages) is the same file on PGlite and PostgreSQL', { skip }, async () => {
  for (const [role, query] of [
    ['admin', 'format=csv&sort=name'],
    ['admin', 'format=csv&sort=email&order=desc&q=an'],
    ['partner_admin', 'format=csv&sort=updatedAt'],
  ] as const) {
    const [pglite, postgres] = await Promise.all(
      sides.map(async (side) => {
        const response = await fetch(`${side.server.url}/api/contacts/export?${query}`, { headers: side.headers.get(role)! });
        assert.equal(response.status, 200);
        return response.text();
      }),
    );
    assert.ok(pglite!.split('\n').length > 100, `${role} ${query}: a long export`);
    assert.equal(postgres, pglite, `${role} ${query}`);
  }
});
