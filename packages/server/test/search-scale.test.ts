import { createSeedData, type Contact, type Page } from '@portico/core';
import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEARCH_COUNT_CAP } from '../src/list-query.js';
import { SEARCH_COLUMN, containsPattern } from '../src/search.js';
import { api, startSeededTestServer } from './helpers.js';

// Search at a scale where the plans matter (ADR 0009, second addendum): 24,000 contacts, about
// 15,000 of them in Acme's scope and 6,000 in Globex's. Tenant isolation first: the trigram index
// now leads with the tenant, so a search that matches only another tenant's contacts must still
// return nothing, and the same search must answer that tenant in full. Then deep pages of a term
// in every contact, which are walked along the sort's index instead of reading every match.

const large = createSeedData({ count: 24_000 });
let server: TestServer;
const sessions = new Map<string, TestSession>();

before(async () => {
  server = await startSeededTestServer(large);
  for (const role of ['admin', 'other_tenant_admin', 'partner_admin'] as const) {
    sessions.set(role, await server.signIn(large.demoViewers.find((viewer) => viewer.role === role)!.userId));
  }
});
after(async () => {
  await server.close();
});

const list = async (role: string, query: Record<string, string>): Promise<Page<Contact>> => {
  const response = await api(server, `/api/contacts?${new URLSearchParams(query).toString()}`, { session: sessions.get(role)! });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as Page<Contact>;
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

const ids = (page: Page<Contact>) => page.items.map((contact) => contact.id);

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

// One and two characters (ADR 0009, third addendum): no trigram, so the term is looked up among
// each contact's one- and two-character substrings (contact_search_grams, migration 5) behind the tenant.
// The answers must be exactly those of the LIKE over search_text that the grams only narrow.

/** The scope's ids whose search text contains `needle`, by LIKE alone, in the list's order. */
const likeIds = async (role: string, needle: string, order: string, filter: { status?: string; accountIds?: string[] } = {}): Promise<string[]> => {
  const accounts = filter.accountIds ?? [...(await scopeOf(role))];
  const { rows } = await server.db.query<{ id: string }>(
    `select c.id from contacts c where c.account_id = any($1::text[]) and c.${SEARCH_COLUMN} like $2 and ($3::text is null or c.login_state = $3) order by ${order}`,
    [accounts, containsPattern(needle), filter.status ?? null],
  );
  return rows.map((row) => row.id);
};

const ORDERS: Record<string, [Record<string, string>, string]> = {
  // Text keys in the sort's collation (migration 6), as list-query.ts orders them.
  'name asc': [{ sort: 'name' }, 'lower(c.last_name) collate portico_text, lower(c.first_name) collate portico_text, c.id'],
  'email desc': [{ sort: 'email', order: 'desc' }, 'lower(c.email) collate portico_text desc, c.id desc'],
  'updatedAt asc': [{ sort: 'updatedAt' }, 'c.updated_at, c.id'],
};

test('one- and two-character searches answer exactly what the LIKE answers, in every tenant and script', async () => {
  const { rows } = await server.db.query<{ id: string; first_name: string; last_name: string }>("select id, first_name, last_name from contacts where first_name in ('さくら', 'محمد', '伟') order by id");
  assert.equal(rows.length, 3, 'the seed has the Japanese, Arabic and Chinese names');
  const terms = ['ll', 'an', 'li', 'ng', 'wu', 'Ka', 'o’', "o'", 'r@', '.e', 'e', 'q', 'z', 'ü', '山田', '田', 'さく', 'مح', 'م', '伟', '王', 'ол', '_', '%', 'xq'];
  for (const role of ['admin', 'other_tenant_admin', 'partner_admin']) {
    for (const needle of terms) {
      for (const [label, [sort, order]] of Object.entries(ORDERS)) {
        for (const filter of [{}, { status: 'locked' }] as Record<string, string>[]) {
          const expected = await likeIds(role, needle.toLowerCase(), order, filter.status ? { status: filter.status } : {});
          const query = { q: needle, pageSize: '50', ...sort, ...filter };
          const first = await list(role, query);
          const what = `${role} "${needle}" ${label} ${JSON.stringify(filter)} (${expected.length} matches)`;
          // Past the cap the count stops, unless the walk could not answer and every match was read.
          if (first.totalExact === false) assert.ok(expected.length > SEARCH_COUNT_CAP && first.total === SEARCH_COUNT_CAP, what);
          else assert.deepEqual([first.total, 'totalExact' in first], [expected.length, false], what);
          assert.deepEqual(ids(first), expected.slice(0, 50), what);
          if (expected.length > 100) assert.deepEqual(ids(await list(role, { ...query, page: '3' })), expected.slice(100, 150), `${what}, page 3`);
        }
      }
    }
  }
  // An account filter with its children, and without.
  for (const includeChildAccounts of ['true', 'false']) {
    const accountIds = includeChildAccounts === 'true' ? ['acme-eu', 'acme-de'] : ['acme-eu'];
    const expected = await likeIds('admin', 'ka', ORDERS['name asc']![1], { accountIds });
    const page = await list('admin', { q: 'ka', accountId: 'acme-eu', includeChildAccounts, pageSize: '50' });
    assert.deepEqual(ids(page), expected.slice(0, 50), `acme-eu, children ${includeChildAccounts}`);
  }
});

test('a two-letter term found only in another tenant returns nothing, and that tenant gets its own matches', async () => {
  const acme = await scopeOf('admin');
  const globex = await scopeOf('other_tenant_admin');
  // "gl" is in every globex.example address and in no Acme contact's text.
  assert.equal(matching(acme, 'gl').length, 0);
  assert.ok(matching(globex, 'gl').length > SEARCH_COUNT_CAP);
  for (const sort of ['name', 'email', 'account']) {
    const page = await list('admin', { q: 'gl', sort });
    assert.deepEqual([page.items, page.total, 'totalExact' in page], [[], 0, false], `admin by ${sort}`);
  }
  const theirs = await list('other_tenant_admin', { q: 'gl', status: 'locked', pageSize: '200' });
  const expected = await likeIds('other_tenant_admin', 'gl', ORDERS['name asc']![1], { status: 'locked' });
  assert.ok(expected.length > 0 && expected.length <= 200);
  assert.deepEqual([ids(theirs), theirs.total], [expected, expected.length]);
  assert.ok(theirs.items.every((contact) => globex.has(contact.accountId)));
});

test('the grams follow the name and e-mail on insert and update', async () => {
  const grams = async (id: string) => new Set((await server.db.query<{ grams: string[] }>('select contact_search_grams(search_text) as grams from contacts where id = $1', [id])).rows[0]!.grams);
  const now = new Date().toISOString();
  await server.db.query(
    "insert into contacts (id, account_id, first_name, last_name, email, created_at, updated_at) values ('c-grams', 'acme-de', 'Ŋo', 'Ẅy', 'qj@acme.example', $1, $1)",
    [now],
  );
  try {
    const inserted = await grams('c-grams');
    for (const gram of ['ŋo', 'ŋ', 'ẅy', 'qj', 'j@', 'q']) assert.ok(inserted.has(gram), `"${gram}" after the insert`);
    assert.ok(![...inserted].some((gram) => gram.includes(' ') || gram.includes('\u0001')), 'no gram spans a space or a field');
    let page = await list('admin', { q: 'Qj' });
    assert.deepEqual(ids(page), ['c-grams']);
    await server.db.query("update contacts set first_name = 'Xö', email = 'vk@acme.example' where id = 'c-grams'");
    const updated = await grams('c-grams');
    assert.ok(updated.has('xö') && updated.has('vk') && !updated.has('qj') && !updated.has('ŋo'));
    page = await list('admin', { q: 'qj' });
    assert.deepEqual(ids(page), []);
    page = await list('admin', { q: 'VK' });
    assert.deepEqual(ids(page), ['c-grams']);
  } finally {
    await server.db.query("delete from contacts where id = 'c-grams'");
  }
});

test('a two-letter search reads the tenant and the term from the grams index', async () => {
  const { rows } = await server.db.query<{ 'QUERY PLAN': string }>(
    `explain select c.id from contacts c where c.account_id = any($1::text[]) and c.tenant_id = $2::text and contact_search_grams(c.search_text) @> array[$3::text] and c.${SEARCH_COLUMN} like $4`,
    [[...(await scopeOf('admin'))], 'acme', 'll', containsPattern('ll')],
  );
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  assert.match(plan, /Bitmap Index Scan on contacts_tenant_grams_idx.*\n\s+Index Cond: \(\(tenant_id = 'acme'::text\) AND \(contact_search_grams\(search_text\) @> /, plan);
});
