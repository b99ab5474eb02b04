import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, serverForEachTest } from './helpers.js';

// Writes that arrive at the same moment. PGlite is one connection, so its transactions take turns;
// on PostgreSQL (`DATABASE_URL`, the production path, run by packages/server/test/postgres/run.ts)
// they overlap, and what keeps them apart is the SQL itself: the unique keys, `for update` and the
// counters' lock order. The same answers are expected from both.

let server: TestServer;
let admin: TestSession;
serverForEachTest('admin', (started, session) => {
  server = started;
  admin = session;
});

const all = <T>(count: number, fn: (index: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, index) => fn(index)));

test('the same create sent eight times at once with one Idempotency-Key makes one contact and answers each with it', async () => {
  const body = { firstName: 'Fox', lastName: 'Mulder', email: 'fox.mulder@acme.example', accountId: 'acme' };
  const responses = await all(8, () => api(server, '/api/contacts', { method: 'POST', session: admin, body, headers: { 'Idempotency-Key': 'same-create' } }));
  assert.deepEqual(
    responses.map((response) => response.status),
    responses.map(() => 201),
    JSON.stringify(responses.map((response) => response.body)),
  );
  const ids = new Set(responses.map((response) => response.body.id));
  assert.equal(ids.size, 1);
  const { rows } = await server.db.query<{ id: string }>('select id from contacts where email = $1', [body.email]);
  assert.deepEqual(rows.map((row) => row.id), [...ids]);
  const audit = await server.db.query<{ count: number }>("select count(*)::int as count from audit_log where action = 'contact.create' and target_id = $1", [[...ids][0]]);
  assert.equal(audit.rows[0]!.count, 1, 'one audit row');
});

test('eight updates at once with the same If-Match: one succeeds, the others are 412', async () => {
  const created = await api(server, '/api/contacts', { method: 'POST', session: admin, body: { firstName: 'Walter', lastName: 'Skinner', email: 'walter.skinner@acme.example', accountId: 'acme' } });
  const id = created.body.id as string;
  const responses = await all(8, (index) =>
    api(server, `/api/contacts/${id}`, { method: 'PATCH', session: admin, body: { jobTitle: `Director ${index}` }, headers: { 'If-Match': created.headers.get('etag')! } }),
  );
  const statuses = responses.map((response) => response.status).sort();
  assert.deepEqual(statuses, [200, 412, 412, 412, 412, 412, 412, 412]);
  const winner = responses.find((response) => response.status === 200)!;
  const now = await api(server, `/api/contacts/${id}`, { session: admin });
  assert.deepEqual([now.body.version, now.body.jobTitle], [2, winner.body.jobTitle]);
});

test('eight updates at once without If-Match all apply, one version each', async () => {
  const created = await api(server, '/api/contacts', { method: 'POST', session: admin, body: { firstName: 'John', lastName: 'Doggett', email: 'john.doggett@acme.example', accountId: 'acme' } });
  const id = created.body.id as string;
  const responses = await all(8, (index) => api(server, `/api/contacts/${id}`, { method: 'PATCH', session: admin, body: { jobTitle: `Agent ${index}` } }));
  assert.deepEqual(
    responses.map((response) => response.status),
    responses.map(() => 200),
  );
  // Each update read the version its predecessor wrote (for update), so none was lost.
  assert.deepEqual(responses.map((response) => response.body.version as number).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal((await api(server, `/api/contacts/${id}`, { session: admin })).body.version, 9);
});

test('creates, moves between accounts and deletes at once keep the contact counters exact', async () => {
  const accounts = ['acme', 'acme-eu', 'acme-de'];
  const made = await all(12, (index) =>
    api(server, '/api/contacts', {
      method: 'POST',
      session: admin,
      body: { firstName: 'Counted', lastName: `Number${index}`, email: `counted.${index}@acme.example`, accountId: accounts[index % 3] },
    }),
  );
  assert.deepEqual(
    made.map((response) => response.status),
    made.map(() => 201),
    JSON.stringify(made.map((response) => response.body)),
  );
  // Moves in both directions between the same accounts lock the same counters in opposite
  // orders, unless the triggers take them in key order; deletes and creates run alongside.
  const changes = await all(18, (index) => {
    const contact = made[index % 12]!.body;
    if (index >= 12) return api(server, '/api/contacts', { method: 'POST', session: admin, body: { firstName: 'Later', lastName: `Number${index}`, email: `later.${index}@acme.example`, accountId: accounts[index % 3] } });
    if (index % 4 === 3) return api(server, `/api/contacts/${contact.id}`, { method: 'DELETE', session: admin });
    return api(server, `/api/contacts/${contact.id}`, { method: 'PATCH', session: admin, body: { accountId: accounts[(index + 1) % 3] } });
  });
  assert.ok(
    changes.every((response) => response.status >= 200 && response.status < 300),
    JSON.stringify(changes.map((response) => [response.status, response.body?.title])),
  );
  const counters = await server.db.query<{ account_id: string; login_state: string; count: number }>(
    'select account_id, login_state, count from contact_counts where count <> 0 order by 1, 2',
  );
  const counted = await server.db.query<{ account_id: string; login_state: string; count: number }>(
    'select account_id, login_state, count(*)::int as count from contacts group by 1, 2 order by 1, 2',
  );
  assert.deepEqual(counters.rows, counted.rows);
});

// Found by the PostgreSQL run: every create checks for a namesake and for the suggested user ID,
// sees none (the others have not committed) and suggests the same ID; the unique index on
// lower(user_id) failed all but one, which answered 409 "The value is already taken." although the
// request named no user ID. The server now creates those again, and they suggest none. PGlite runs
// the creates one after another, so there the race cannot happen.
test('contacts of the same name created at once: all are created, one gets the suggested user ID', async () => {
  const responses = await all(6, (index) =>
    api(server, '/api/contacts', { method: 'POST', session: admin, body: { firstName: 'Dana', lastName: 'Scully', email: `dana.scully.${index}@acme.example`, accountId: 'acme' } }),
  );
  assert.deepEqual(
    responses.map((response) => response.status),
    responses.map(() => 201),
    JSON.stringify(responses.map((response) => [response.status, response.body?.title])),
  );
  assert.deepEqual(responses.map((response) => response.body.userId ?? null).filter(Boolean), ['dana.scully']);
});
