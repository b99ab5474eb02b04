import { TOKEN_PROBLEM_TYPES } from '@portico/core';
import { startTestServer, type TestServer } from '@portico/server/testing';
import { createApiKey, revokeApiKey } from '@portico/server';
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { api, expectedViewer, isProblem, userIdOf } from './helpers.js';

/**
 * Server-minted embed sessions: the portal's back end holds an API key of its company and mints a
 * short-lived token for one contact, which the page then sends as `Authorization: Bearer`.
 */

let server: TestServer;
/** The server's clock runs this far ahead of the real one. */
let skew = 0;
let acmeKey: string;

before(async () => {
  server = await startTestServer({ now: () => new Date(Date.now() + skew) });
});
after(async () => {
  await server?.close();
});
beforeEach(async () => {
  skew = 0;
  await server.reset();
  acmeKey = (await createApiKey(server.db, { companyId: 'acme', name: 'Acme portal' })).key;
});

const mint = (key: string, body: unknown) => api(server, '/api/embed-tokens', { method: 'POST', headers: { authorization: `Bearer ${key}` }, body });
const me = (token: string) => api(server, '/api/me', { headers: { authorization: `Bearer ${token}` } });
const sortedScope = <T extends { scope: string[] }>(viewer: T): T => ({ ...viewer, scope: [...viewer.scope].sort() });

test("an API key mints a short-lived token that acts as the contact, with that contact's permissions", async () => {
  const minted = await mint(acmeKey, { userId: userIdOf('contact_editor'), ttlSeconds: 120 });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  assert.equal(minted.headers.get('cache-control'), 'no-store');
  assert.equal(minted.body.tokenType, 'Bearer');
  assert.equal(minted.body.expiresIn, 120);
  assert.match(minted.body.token, /^portico_et_/);
  const response = await me(minted.body.token);
  assert.equal(response.status, 200);
  assert.deepEqual(sortedScope(response.body), sortedScope(expectedViewer('contact_editor')));
  // The editor may not manage logins: the token may not either.
  const refused = await api(server, '/api/contacts/c-victor/login/disable', { method: 'POST', headers: { authorization: `Bearer ${minted.body.token}` } });
  assert.equal(refused.status, 403);
});

test('the API key is stored hashed', async () => {
  const { rows } = await server.db.query<{ key_hash: string }>('select key_hash from api_keys');
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0]!.key_hash, acmeKey);
  assert.ok(!rows[0]!.key_hash.includes(acmeKey.slice('portico_ak_'.length)));
});

test('an expired embed token answers 401 token-expired; an unknown one token-invalid', async () => {
  const { body } = await mint(acmeKey, { contactId: 'c-alice', ttlSeconds: 60 });
  assert.equal((await me(body.token)).status, 200);
  skew = 61_000;
  const expired = await me(body.token);
  assert.equal(expired.status, 401);
  assert.ok(isProblem(expired));
  assert.equal(expired.body.type, TOKEN_PROBLEM_TYPES.expired);
  const unknown = await me('portico_et_made-up');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.type, TOKEN_PROBLEM_TYPES.invalid);
});

test("a key reaches only its own company's contacts: another company's contact reads as missing", async () => {
  const response = await mint(acmeKey, { userId: userIdOf('other_tenant_admin') });
  assert.equal(response.status, 404);
  assert.equal((await mint(acmeKey, { contactId: 'c-greta' })).status, 404);
});

test('a contact without an active login gets no token; a wrong, revoked or missing key none either', async () => {
  const noLogin = await api(server, '/api/contacts?status=none&pageSize=1', { session: await server.signIn(userIdOf('admin')) });
  const target = noLogin.body.items[0];
  assert.equal((await mint(acmeKey, { contactId: target.id })).status, 403);

  assert.equal((await mint('portico_ak_wrong', { contactId: 'c-alice' })).status, 401);
  assert.equal((await api(server, '/api/embed-tokens', { method: 'POST', body: { contactId: 'c-alice' } })).status, 401);

  const { id, key } = await createApiKey(server.db, { companyId: 'acme', name: 'to revoke' });
  const { body } = await mint(key, { contactId: 'c-alice' });
  assert.equal((await me(body.token)).status, 200);
  assert.ok(await revokeApiKey(server.db, id));
  assert.equal((await mint(key, { contactId: 'c-alice' })).status, 401);
  const afterRevoke = await me(body.token);
  assert.equal(afterRevoke.status, 401, 'the tokens a revoked key minted stop working');
  assert.equal(afterRevoke.body.type, TOKEN_PROBLEM_TYPES.invalid);
});

test('a token follows its contact: a disabled login stops it at once (403)', async () => {
  const { body } = await mint(acmeKey, { contactId: 'c-victor' });
  assert.equal((await me(body.token)).status, 200);
  const admin = await server.signIn(userIdOf('admin'));
  assert.equal((await api(server, '/api/contacts/c-victor/login/disable', { method: 'POST', session: admin })).status, 200);
  const response = await me(body.token);
  assert.equal(response.status, 403);
  assert.equal(response.body.type, TOKEN_PROBLEM_TYPES.unknownSubject);
});

test('an API key is no bearer token for the API itself, and a request names one contact', async () => {
  const response = await me(acmeKey);
  assert.equal(response.status, 401);
  assert.match(response.body.detail, /only mints embed tokens/);
  assert.equal((await mint(acmeKey, { contactId: 'c-alice', userId: 'alice.martin' })).status, 400);
  assert.equal((await mint(acmeKey, { contactId: 'c-alice', ttlSeconds: 7200 })).status, 400);
});

test('an API key belongs to a whole company, not to one of its child accounts', async () => {
  await assert.rejects(createApiKey(server.db, { companyId: 'acme-eu', name: 'x' }), /not a company/);
});
