import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, serverForEachTest, userIdOf } from './helpers.js';

let server: TestServer;
let admin: TestSession;
serverForEachTest('admin', (started, session) => {
  server = started;
  admin = session;
});

const newContact = async (lastName: string) => {
  const response = await api(server, '/api/contacts', {
    method: 'POST',
    session: admin,
    body: { firstName: 'Walter', lastName, email: `walter.${lastName.toLowerCase()}@acme.example`, accountId: 'acme-eu' },
  });
  assert.equal(response.status, 201);
  return response.body as { id: string };
};

test('an admin associates a free user account with a contact', async () => {
  const search = await api(server, '/api/users?q=jordan', { session: admin });
  assert.equal(search.status, 200);
  assert.deepEqual(search.body.items.map((u: { id: string }) => u.id), ['u-free-1']);
  const contact = await newContact('Skinner');
  const associated = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-free-1' } });
  assert.equal(associated.status, 200);
  assert.equal(associated.body.userId, 'jordan.lee');
  assert.equal(associated.body.login.state, 'enabled');
  const after = await api(server, '/api/users?q=jordan', { session: admin });
  assert.equal(after.body.items[0].contactId, contact.id);
});

test('a user account already held by another contact is a 409 naming that contact', async () => {
  const first = await newContact('Skinner');
  const second = await newContact('Kersh');
  assert.equal((await api(server, `/api/contacts/${first.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-free-2' } })).status, 200);
  const conflict = await api(server, `/api/contacts/${second.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-free-2' } });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.body.code, 'conflict');
  assert.equal(conflict.body.conflictingId, first.id);
  assert.match(conflict.body.detail, /Walter Skinner/);
  const second_ = await api(server, `/api/contacts/${second.id}`, { session: admin });
  assert.equal(second_.body.login.state, 'none', 'nothing changed');
});

test('only the admin role searches and associates users', async () => {
  const customerAdmin = await server.signIn(userIdOf('customer_admin'));
  assert.equal((await api(server, '/api/users', { session: customerAdmin })).status, 403);
  const contact = await newContact('Reyes');
  const response = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: customerAdmin, body: { userAccountId: 'u-free-1' } });
  assert.equal(response.status, 403);
});

test('a user account held by another company is invisible', async () => {
  const contact = await newContact('Doggett');
  const response = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-c-greta' } });
  assert.equal(response.status, 404);
  const search = await api(server, '/api/users?q=greta', { session: admin });
  assert.equal(search.body.total, 0);
});
