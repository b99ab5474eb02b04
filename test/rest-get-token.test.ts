import { RestContactsClient } from '@portico/client-rest';
import { isContactsError } from '@portico/core';
import { createApiKey } from '@portico/server';
import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

/**
 * The REST client on embed tokens, against the reference server: `getToken` is asked for a token
 * once, and again when the server says it has expired, so a page left open goes on working.
 */

let server: TestServer;
/** The server's clock runs this far ahead of the real one. */
let skew = 0;
let apiKey: string;

before(async () => {
  server = await startTestServer({ now: () => new Date(Date.now() + skew) });
  apiKey = (await createApiKey(server.db, { companyId: 'acme', name: 'portal' })).key;
});
after(async () => {
  await server?.close();
});

/** What the portal's back end does: mint a token for its signed-in user. */
const mintFor = (userId: string, ttlSeconds = 60) => async (): Promise<string> => {
  const response = await fetch(`${server.url}/api/embed-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ userId, ttlSeconds }),
  });
  if (response.status !== 201) throw new Error(`minting answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
};

test('the client gets a token once, a new one when it expires, and sends the request again', async (t) => {
  t.after(() => (skew = 0));
  const mint = mintFor('erin.walsh');
  let asked = 0;
  const client = new RestContactsClient({ baseUrl: `${server.url}/api`, getToken: () => (asked++, mint()) });
  assert.equal((await client.me()).userId, 'erin.walsh');
  const first = await client.listContacts({ pageSize: 5 });
  assert.equal(asked, 1, 'one token serves until it expires');

  skew = 120_000;
  // A write with a body, after expiry: sent again with the new token, without a CSRF token.
  const target = first.items.find((contact) => contact.roles.length === 0)!;
  const saved = await client.updateContact(target.id, { jobTitle: 'Saved after a new token' });
  assert.equal(saved.jobTitle, 'Saved after a new token');
  assert.equal(asked, 2);

  skew = 240_000;
  // Requests that meet the expiry together share one new token.
  const [a, b] = await Promise.all([client.listContacts({ pageSize: 5 }), client.me()]);
  assert.equal(a.items.length, 5);
  assert.equal(b.userId, 'erin.walsh');
  assert.equal(asked, 3);
});

test('a failing getToken is an unauthenticated ContactsError that says so', async () => {
  const client = new RestContactsClient({ baseUrl: `${server.url}/api`, getToken: () => Promise.reject(new Error('portal session ended')), retry: 0 });
  await assert.rejects(client.me(), (error: unknown) => isContactsError(error) && error.code === 'unauthenticated' && /getToken\(\) failed.*portal session ended/.test(error.message));
});

test('a token refused for another reason than expiry is not fetched again', async () => {
  let asked = 0;
  const client = new RestContactsClient({ baseUrl: `${server.url}/api`, getToken: () => (asked++, 'portico_et_not-a-real-one') });
  await assert.rejects(client.me(), (error: unknown) => isContactsError(error) && error.status === 401);
  assert.equal(asked, 1);
});
