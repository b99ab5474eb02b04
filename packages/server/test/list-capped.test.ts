import { SORT_FIELDS, createSeedData, type Contact, type Page } from '@portico/core';
import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEARCH_COUNT_CAP } from '../src/list-query.js';
import { api, startSeededTestServer } from './helpers.js';

// A search counts at most SEARCH_COUNT_CAP + 1 matches (ADR 0009): past the cap the total is a
// lower bound (`totalExact: false`), while the pages stay exactly those of the full result.
// 3,000 contacts give the admin's scope well over the cap.

const large = createSeedData({ count: 3000 });
let server: TestServer;
let admin: TestSession;

before(async () => {
  server = await startSeededTestServer(large);
  admin = await server.signIn(large.demoViewers.find((viewer) => viewer.role === 'admin')!.userId);
});
after(async () => {
  await server.close();
});

const list = async (query: Record<string, string>): Promise<Page<Contact>> => {
  const response = await api(server, `/api/contacts?${new URLSearchParams(query).toString()}`, { session: admin });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as Page<Contact>;
};

const ids = (page: Page<Contact>) => page.items.map((contact) => contact.id);

test('without a search the total stays exact, above the cap too', async () => {
  const page = await list({});
  assert.ok(page.total > SEARCH_COUNT_CAP + 500, `the scope holds ${page.total} contacts`);
  assert.equal('totalExact' in page, false);
});

test('a search matching more than the cap reports the cap as a lower bound, with the same pages as the full list', async () => {
  // Every e-mail of the seed contains "example", so this search matches the whole scope: its pages
  // must be exactly the unsearched list's pages, in every sort and direction.
  const everything = await list({});
  for (const sort of SORT_FIELDS) {
    for (const order of ['asc', 'desc']) {
      for (const page of ['1', '7', '41']) {
        const query = { sort, order, page, pageSize: '25' };
        const searched = await list({ ...query, q: 'example' });
        assert.deepEqual(ids(searched), ids(await list(query)), `${sort} ${order} page ${page}: the same contacts in the same order`);
        if (searched.totalExact === false) assert.equal(searched.total, SEARCH_COUNT_CAP, `${sort} ${order} page ${page}: the bound`);
        // Sorted by account a search reads every match, so its total is exact.
        else assert.equal(searched.total, everything.total, `${sort} ${order} page ${page}: an exact total`);
      }
    }
  }
  const first = await list({ q: 'example' });
  assert.deepEqual([first.total, first.totalExact], [SEARCH_COUNT_CAP, false]);
});

test('a search under the cap, and a two-letter search, keep or bound their totals truthfully', async () => {
  const scope = new Set(((await api(server, '/api/me', { session: admin })).body as { scope: string[] }).scope);
  const matching = (needle: string) =>
    large.contacts.filter(
      (contact) =>
        scope.has(contact.accountId) &&
        `${contact.firstName} ${contact.lastName}\u0001${contact.email}\u0001${contact.lastName} ${contact.firstName}`.toLowerCase().includes(needle),
    ).length;
  for (const needle of ['ller', 'an', 'emm', 'zzzz']) {
    const expected = matching(needle);
    const page = await list({ q: needle });
    if (expected > SEARCH_COUNT_CAP) {
      assert.deepEqual([page.total, page.totalExact], [SEARCH_COUNT_CAP, false], `"${needle}" matches ${expected}`);
    } else {
      assert.deepEqual([page.total, 'totalExact' in page], [expected, false], `"${needle}": exact`);
    }
    assert.equal(page.items.length, Math.min(25, expected), `"${needle}": a full page when there are enough matches`);
  }
});

test('a page past the last match is empty, with the exact total the server had to count to find that out', async () => {
  const everything = await list({});
  const past = await list({ q: 'example', page: String(Math.ceil(everything.total / 25) + 3), pageSize: '25' });
  assert.deepEqual(past.items, []);
  assert.equal(past.total, everything.total);
  assert.equal('totalExact' in past, false);
});

test('a search with a status filter under the cap is exact and matches the unsearched filter', async () => {
  const locked = await list({ status: 'locked', pageSize: '200' });
  assert.ok(locked.total > 0 && locked.total < SEARCH_COUNT_CAP);
  const searched = await list({ status: 'locked', q: 'example', pageSize: '200' });
  assert.deepEqual([searched.total, 'totalExact' in searched], [locked.total, false]);
  assert.deepEqual(ids(searched), ids(locked));
});
