import { SORT_FIELDS, statusOf, type Contact, type SortField } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, expectedViewer, seed, userIdOf } from './helpers.js';

// The list's paging and sorting as a client sees them: every sort field, both directions, with
// and without search and filters (each takes its own path in list-query.ts).

let server: TestServer;
let admin: TestSession;

before(async () => {
  server = await startTestServer();
  admin = await server.signIn(userIdOf('admin'));
});
after(async () => {
  await server.close();
});

interface Page {
  items: Contact[];
  total: number;
}

const list = async (query: Record<string, string>): Promise<Page> => {
  const response = await api(server, `/api/contacts?${new URLSearchParams(query).toString()}`, { session: admin });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as Page;
};

/** Every contact of the query, read `pageSize` at a time. */
const walk = async (query: Record<string, string>, pageSize: number): Promise<{ ids: string[]; totals: Set<number> }> => {
  const ids: string[] = [];
  const totals = new Set<number>();
  for (let page = 1; ; page += 1) {
    const { items, total } = await list({ ...query, page: String(page), pageSize: String(pageSize) });
    totals.add(total);
    ids.push(...items.map((contact) => contact.id));
    if (items.length < pageSize) return { ids, totals };
  }
};

const scope = new Set(expectedViewer('admin').scope);
const inScope = seed.contacts.filter((contact) => scope.has(contact.accountId));

const QUERIES: { label: string; query: Record<string, string>; expected: Contact[] }[] = [
  { label: 'everything', query: {}, expected: inScope },
  { label: 'status active', query: { status: 'active' }, expected: inScope.filter((contact) => statusOf(contact) === 'active') },
  { label: 'search "ma"', query: { q: 'ma' }, expected: inScope.filter((contact) => `${contact.firstName} ${contact.lastName}\u0001${contact.email}\u0001${contact.lastName} ${contact.firstName}`.toLowerCase().includes('ma')) },
  {
    label: 'account acme-eu and children',
    query: { accountId: 'acme-eu' },
    expected: inScope.filter((contact) => contact.accountId === 'acme-eu' || contact.accountId === 'acme-de'),
  },
  { label: 'account acme-eu alone', query: { accountId: 'acme-eu', includeChildAccounts: 'false' }, expected: inScope.filter((contact) => contact.accountId === 'acme-eu') },
];

for (const { label, query, expected } of QUERIES) {
  test(`${label}: small pages add up to the whole list in every sort, and descending is ascending reversed`, async () => {
    assert.ok(expected.length > 14, 'the seed gives this query a few pages');
    for (const sort of SORT_FIELDS) {
      const asc = await walk({ ...query, sort, order: 'asc' }, 7);
      const desc = await walk({ ...query, sort, order: 'desc' }, 7);
      assert.deepEqual([...asc.totals], [expected.length], `${sort}: total`);
      assert.deepEqual([...desc.totals], [expected.length], `${sort}: total`);
      assert.deepEqual(new Set(asc.ids), new Set(expected.map((contact) => contact.id)), `${sort}: the contacts`);
      assert.equal(asc.ids.length, expected.length, `${sort}: no contact twice`);
      assert.deepEqual(desc.ids, [...asc.ids].reverse(), `${sort}: descending, ties included`);
      // The same order as one big page: paging neither reorders nor drops rows.
      const whole = await list({ ...query, sort, order: 'asc', pageSize: '200' });
      assert.deepEqual(
        whole.items.map((contact) => contact.id),
        asc.ids.slice(0, 200),
        `${sort}: pages agree with one page`,
      );
    }
  });
}

test('sorted by account, the accounts come in name order', async () => {
  const names = new Map(seed.accounts.map((account) => [account.id, account.name.toLowerCase()]));
  const byAccount = (await walk({ sort: 'account' as SortField }, 25)).ids.map((id) => names.get(seed.contacts.find((contact) => contact.id === id)!.accountId)!);
  assert.deepEqual(byAccount, [...byAccount].sort());
  assert.ok(new Set(byAccount).size > 1);
});

test('the total stays exact through creates, status changes and deletes', async () => {
  const before = (await list({ status: 'none' })).total;
  const created = await api(server, '/api/contacts', {
    method: 'POST',
    session: admin,
    body: { firstName: 'Counted', lastName: 'Once', email: 'counted.once@acme.example', accountId: 'acme-de' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await list({ status: 'none' })).total, before + 1);
  assert.equal((await list({ status: 'none', accountId: 'acme-de', includeChildAccounts: 'false' })).items.filter((contact) => contact.id === created.body.id).length, 1);
  const deleted = await api(server, `/api/contacts/${created.body.id}`, { method: 'DELETE', session: admin, headers: { 'if-match': `"${created.body.version}"` } });
  assert.ok(deleted.status === 204 || deleted.status === 200, JSON.stringify(deleted.body));
  assert.equal((await list({ status: 'none' })).total, before);
});
