import { DEMO_PASSWORD } from '@portico/core';
import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, seed, serverForEachTest, userIdOf } from './helpers.js';

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

// ---- issue 15: user accounts belong to one company ----

const signInWith = (userId: string, password: string) => api(server, '/api/session', { method: 'POST', body: { userId, password } });

test("another company's free user account is neither listed nor bound: 404 as a missing one", async () => {
  const listing = await api(server, '/api/users?pageSize=100', { session: admin });
  assert.equal(listing.status, 200);
  const emails: string[] = listing.body.items.map((user: { email: string }) => user.email);
  assert.ok(emails.includes('jordan.lee@acme.example'), "the own company's free accounts are listed");
  assert.ok(!emails.some((email) => email.endsWith('@globex.example')), `no Globex account for Acme's admin: ${emails.join(', ')}`);
  assert.equal((await api(server, '/api/users?q=riley', { session: admin })).body.total, 0);

  const contact = await newContact('Scully');
  const bound = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-free-3' } });
  const missing = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-no-such-account' } });
  assert.equal(bound.status, 404);
  assert.deepEqual(bound.body, missing.body, 'the same answer as for an id that does not exist');
  assert.equal((await api(server, `/api/contacts/${contact.id}`, { session: admin })).body.login.state, 'none', 'nothing changed');
  assert.equal((await signInWith('riley.morgan', DEMO_PASSWORD)).status, 401, 'riley.morgan still signs in nowhere');
});

test("a deleted contact's password is gone: its account signs in nowhere, and no other company can bind it", async () => {
  // A Globex contact with a login, deleted by Globex's administrator.
  const globexAdmin = await server.signIn(userIdOf('other_tenant_admin'));
  const globexContact = seed.contacts.find((c) => c.accountId.startsWith('globex') && c.login.state === 'enabled' && c.roles.length === 0)!;
  assert.equal((await signInWith(globexContact.userId!, DEMO_PASSWORD)).status, 200, 'it signs in before the deletion');
  assert.equal((await api(server, `/api/contacts/${globexContact.id}`, { method: 'DELETE', session: globexAdmin })).status, 204);
  assert.equal((await signInWith(globexContact.userId!, DEMO_PASSWORD)).status, 401);

  const acmeContact = await newContact('Reyes');
  const search = await api(server, `/api/users?q=${encodeURIComponent(globexContact.userId!)}`, { session: admin });
  assert.equal(search.body.total, 0, "Acme's administrator does not see Globex's left-over account");
  const bound = await api(server, `/api/contacts/${acmeContact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: `u-${globexContact.id}` } });
  assert.equal(bound.status, 404);
  assert.equal((await signInWith(globexContact.userId!, DEMO_PASSWORD)).status, 401, 'the old password opens nothing');
});

test("within the company a deleted contact's account can be associated again, but only a new password signs it in", async () => {
  const victor = seed.contacts.find((c) => c.id === 'c-victor')!;
  assert.equal((await api(server, '/api/contacts/c-victor', { method: 'DELETE', session: admin })).status, 204);
  const search = await api(server, '/api/users?q=victor.chen', { session: admin });
  assert.deepEqual(
    search.body.items.map((user: { id: string; contactId: string | null }) => [user.id, user.contactId]),
    [['u-c-victor', null]],
    'the account stays in its company, free',
  );
  const contact = await newContact('Chen');
  const bound = await api(server, `/api/contacts/${contact.id}/user`, { method: 'PUT', session: admin, body: { userAccountId: 'u-c-victor' } });
  assert.equal(bound.status, 200);
  assert.equal(bound.body.userId, victor.userId);
  assert.equal((await signInWith(victor.userId!, DEMO_PASSWORD)).status, 401, "the deleted contact's password does not open the new one");

  const set = await api(server, `/api/contacts/${contact.id}/password-reset`, { method: 'POST', session: admin, body: { mode: 'set', password: 'a-fresh-password-1' } });
  assert.equal(set.status, 200);
  const signedIn = await signInWith(victor.userId!, 'a-fresh-password-1');
  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.body.contactId, contact.id);
});

test("availability and suggestion do not tell that another company holds a user ID", async () => {
  const greta = seed.contacts.find((c) => c.id === 'c-greta')!;
  // Not available, with no holder named: the same answer as for the company's own free account.
  const theirs = await api(server, `/api/user-ids/${greta.userId}`, { session: admin });
  const ours = await api(server, '/api/user-ids/jordan.lee', { session: admin });
  assert.deepEqual(theirs.body, { userId: greta.userId, available: false, takenByContactId: null });
  assert.deepEqual(ours.body, { userId: 'jordan.lee', available: false, takenByContactId: null });
  // Leaving another company's contact out changes nothing: it cannot confirm who holds the ID.
  const probe = await api(server, `/api/user-ids/${greta.userId}?excludeContactId=${greta.id}`, { session: admin });
  assert.deepEqual(probe.body, theirs.body);
  const ownProbe = await api(server, `/api/user-ids/alice.martin?excludeContactId=c-alice`, { session: admin });
  assert.equal(ownProbe.body.available, true, 'a contact in scope is still left out (the form checks its own ID)');

  // The suggestion skips a held ID for the next free one, silently, whichever company holds it.
  const suggestion = await api(server, `/api/user-ids/suggestion?firstName=${greta.firstName}&lastName=${greta.lastName}`, { session: admin });
  assert.deepEqual(suggestion.body, { userId: `${greta.userId}2`, reason: 'suggested' });
  const own = await api(server, '/api/user-ids/suggestion?firstName=Jordan&lastName=Lee', { session: admin });
  assert.deepEqual(own.body, { userId: 'jordan.lee2', reason: 'suggested' });
});
