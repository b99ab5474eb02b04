import { createSeedData, type Contact } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedDatabase, truncateAll } from '../src/index.js';
import { SEARCH_COUNT_CAP } from '../src/list-query.js';
import { SEARCH_COLUMN, containsPattern } from '../src/search.js';
import { api } from './helpers.js';

// Search at a scale where the plans matter (ADR 0009, second addendum): 24,000 contacts, about
// 15,000 of them in Acme's scope and 6,000 in Globex's. Tenant isolation first: the trigram index
// now leads with the tenant, so a search that matches only another tenant's contacts must still
// return nothing, and the same search must answer that tenant in full. Then deep pages of a term
// in every contact, which are walked along the sort's index instead of reading every match.

const large = createSeedData({ count: 24_000 });
let server: TestServer;
const sessions = new Map<string, TestSession>();

before(async () => {
  server = await startTestServer();
  await truncateAll(server.db);
  // Analysed, as a seeded database is, so the planner sees the real distribution.
  await seedDatabase(server.db, large);
  for (const role of ['admin', 'other_tenant_admin', 'partner_admin'] as const) {
    sessions.set(role, await server.signIn(large.demoViewers.find((viewer) => viewer.role === role)!.userId));
  }
});
after(async () => {
  await server.close();
});

interface Page {
  items: Contact[];
  total: number;
  totalExact?: boolean;
}

const list = async (role: string, query: Record<string, string>): Promise<Page> => {
  const response = await api(server, `/api/contacts?${new URLSearchParams(query).toString()}`, { session: sessions.get(role)! });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as Page;
};

const scopeOf = async (role: string): Promise<Set<string>> => new Set(((await api(server, '/api/me', { session: sessions.get(role)! })).body as { scope: string[] }).scope);

/** The seed's contacts in `scope` whose search text contains `needle` (what the server must find). */
const matching = (scope: Set<string>, needle: string, state?: string) =>
  large.contacts.filter(
    (contact) =>
      scope.has(contact.accountId) &&
      (!state || contact.login.state === state) &&
      `${contact.firstName} ${contact.lastName}\u0001${contact.email}\u0001${contact.lastName} ${contact.firstName}`.toLowerCase().includes(needle),
  );

const ids = (page: Page) => page.items.map((contact) => contact.id);

test('a search whose matches all lie in another tenant returns nothing, and that tenant gets every one of them', async () => {
  const acme = await scopeOf('admin');
  const globex = await scopeOf('other_tenant_admin');
  assert.ok(matching(globex, 'globex').length > SEARCH_COUNT_CAP, 'Globex holds more matches than the cap');
  assert.equal(matching(acme, 'globex').length, 0, 'and Acme none');
  for (const role of ['admin', 'partner_admin']) {
    for (const sort of ['name', 'email', 'account']) {
      const page = await list(role, { q: 'globex', sort });
      assert.deepEqual([page.items, page.total, 'totalExact' in page], [[], 0, false], `${role} by ${sort}: nothing, exactly`);
    }
  }
  // Every Globex contact has a globex.example address: Globex's search is its whole unsearched list.
  const everything = await list('other_tenant_admin', {});
  assert.equal(everything.total, matching(globex, 'globex').length);
  for (const page of ['1', '9']) {
    const searched = await list('other_tenant_admin', { q: 'globex', page });
    assert.deepEqual([searched.total, searched.totalExact], [SEARCH_COUNT_CAP, false], `page ${page}: more than the cap`);
    assert.deepEqual(ids(searched), ids(await list('other_tenant_admin', { page })), `page ${page}: the unsearched page`);
    assert.ok(searched.items.every((contact) => globex.has(contact.accountId)));
  }
  // Under the cap the count is exact, and only Globex's.
  const locked = await list('other_tenant_admin', { q: 'globex', status: 'locked', pageSize: '200' });
  const expected = matching(globex, 'globex', 'locked');
  assert.ok(expected.length > 0 && expected.length <= 200);
  assert.deepEqual([locked.total, 'totalExact' in locked], [expected.length, false]);
  assert.deepEqual(new Set(ids(locked)), new Set(expected.map((contact) => contact.id)));
});

test('a term in both tenants finds each viewer only their own matches', async () => {
  for (const role of ['admin', 'other_tenant_admin', 'partner_admin']) {
    const scope = await scopeOf(role);
    const expected = matching(scope, 'ller');
    const page = await list(role, { q: 'ller', pageSize: '200' });
    assert.ok(page.items.every((contact) => scope.has(contact.accountId)), `${role}: only their accounts`);
    if (expected.length <= SEARCH_COUNT_CAP) assert.deepEqual([page.total, 'totalExact' in page], [expected.length, false], `${role}: exact`);
    else assert.deepEqual([page.total, page.totalExact], [SEARCH_COUNT_CAP, false], `${role}: the bound`);
  }
});

test('the search reads the tenant and the trigrams from one index', async () => {
  // The list's search condition (list-query.ts): the scope's accounts, their tenant, the pattern.
  const { rows } = await server.db.query<{ 'QUERY PLAN': string }>(
    `explain select c.id from contacts c where c.account_id = any($1::text[]) and c.tenant_id = $2::text and c.${SEARCH_COLUMN} like $3`,
    [[...(await scopeOf('admin'))], 'acme', containsPattern('globex')],
  );
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  assert.match(plan, /Bitmap Index Scan on contacts_tenant_search_idx.*\n\s+Index Cond: \(\(tenant_id = 'acme'::text\) AND \(search_text ~~ /, plan);
});

test('a contact carries the tenant of its account, after a move to another tenant too', async () => {
  const tenants = async () =>
    (await server.db.query<{ account_id: string; tenant_id: string }>('select distinct account_id, tenant_id from contacts order by 1')).rows.map((row) => [row.account_id, row.tenant_id]);
  assert.deepEqual(await tenants(), [
    ['acme', 'acme'],
    ['acme-de', 'acme'],
    ['acme-eu', 'acme'],
    ['acme-us', 'acme'],
    ['globex', 'globex'],
    ['globex-retail', 'globex'],
    ['initech', 'initech'],
  ]);
  const { rows } = await server.db.query<{ id: string }>("select id from contacts where account_id = 'acme-de' order by id limit 1");
  await server.db.query("update contacts set account_id = 'globex-retail' where id = $1", [rows[0]!.id]);
  const moved = await server.db.query<{ tenant_id: string }>('select tenant_id from contacts where id = $1', [rows[0]!.id]);
  await server.db.query("update contacts set account_id = 'acme-de' where id = $1", [rows[0]!.id]);
  assert.equal(moved.rows[0]!.tenant_id, 'globex');
});

test('deep pages of a term in every contact are walked along the sort, and are the unsearched pages', async () => {
  const everything = await list('admin', {});
  assert.ok(everything.total > 14_000, `the scope holds ${everything.total} contacts`);
  // Page 165 (rows 4,101 to 4,125) is past what the cap's sample vouches for (4 × 1,001 rows): the
  // server estimates the term's share of the scope and walks, answering with the bound.
  for (const [sort, order] of [
    ['name', 'asc'],
    ['email', 'desc'],
    ['updatedAt', 'asc'],
  ]) {
    const query = { sort: sort!, order: order!, page: '165' };
    const searched = await list('admin', { ...query, q: 'example' });
    assert.deepEqual([searched.total, searched.totalExact], [SEARCH_COUNT_CAP, false], `${sort} ${order}: walked, so the bound`);
    assert.deepEqual(ids(searched), ids(await list('admin', query)), `${sort} ${order}: the unsearched page`);
  }
  // Deeper still, walking would cost more than reading every match: the same page, an exact total.
  const deep = await list('admin', { q: 'example', page: '500' });
  assert.deepEqual([deep.total, 'totalExact' in deep], [everything.total, false]);
  assert.deepEqual(ids(deep), ids(await list('admin', { page: '500' })));
});
