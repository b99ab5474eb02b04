import { createSeedData } from '@portico/core';
import { RestContactsClient } from '@portico/client-rest';
import { seedDatabase, truncateAll } from '@portico/server';
import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

// RestContactsClient against the reference server on 127.0.0.1 with more contacts than a search
// counts (ADR 0009): the capped total arrives as `totalExact: false`, an exact one without it.

const large = createSeedData({ count: 3000 });
let server: TestServer;
let client: RestContactsClient;

before(async () => {
  server = await startTestServer();
  await truncateAll(server.db);
  await seedDatabase(server.db, large);
  const session = await server.signIn(large.demoViewers.find((viewer) => viewer.role === 'admin')!.userId);
  client = new RestContactsClient({ baseUrl: `${server.url.replace(/\/+$/, '')}/api`, fetch: globalThis.fetch, retry: 0, headers: () => session.headers });
});
after(async () => {
  await server.close();
});

test('a search past the cap comes through as a lower bound', async () => {
  const page = await client.listContacts({ search: 'example', pageSize: 10 });
  assert.equal(page.totalExact, false);
  assert.equal(page.total, 1000);
  assert.equal(page.items.length, 10);
});

test('a list without a search keeps its exact total', async () => {
  const page = await client.listContacts({ pageSize: 10 });
  assert.equal(page.totalExact, undefined);
  assert.ok(page.total > 1000);
});
