import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, isProblem, serverForEachTest, userIdOf } from './helpers.js';

let server: TestServer;
let admin: TestSession;
serverForEachTest('admin', (started, session) => {
  server = started;
  admin = session;
});

const draft = { firstName: 'Dana', lastName: 'Scully', email: 'dana.scully@acme.example', accountId: 'acme' };
const create = (body: unknown, headers: Record<string, string> = {}) => api(server, '/api/contacts', { method: 'POST', session: admin, body, headers });

test('bad create bodies get a 400 problem naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ ...draft, lastName: undefined }, 'lastName'],
    [{ ...draft, email: 'dana@acme.example\r\nBcc: all@acme.example' }, 'email'],
    [{ ...draft, roles: ['admin'] }, '(body)'],
    [{ ...draft, version: 7 }, '(body)'],
  ];
  for (const [body, field] of cases) {
    const response = await create(body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.ok(isProblem(response));
    assert.equal(response.body.code, 'validation');
    assert.ok(response.body.errors.some((error: { field: string }) => error.field === field), JSON.stringify(response.body.errors));
  }
  // Unknown and read-only fields are named in the message, so a developer sees which one.
  const roles = await create({ ...draft, roles: ['admin'] });
  assert.match(roles.body.errors[0].message, /roles/);
  const version = await create({ ...draft, version: 7 });
  assert.match(version.body.errors[0].message, /version/);
  const list = await api(server, '/api/contacts?q=Scully', { session: admin });
  assert.equal(list.body.total, 0, 'nothing was created');
});

test('malformed JSON is a 400 problem, an unknown route a 404 problem', async () => {
  const malformed = await create('{"firstName": ');
  assert.equal(malformed.status, 400);
  assert.ok(isProblem(malformed));
  const unknown = await api(server, '/api/nothing-here', { session: admin });
  assert.equal(unknown.status, 404);
  assert.ok(isProblem(unknown));
});

test('create answers 201 with Location, ETag, login none and a suggested user ID', async () => {
  const response = await create(draft);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('location'), `/api/contacts/${response.body.id}`);
  assert.equal(response.headers.get('etag'), '"1"');
  assert.equal(response.body.userId, 'dana.scully');
  assert.equal(response.body.login.state, 'none');
  const fetched = await api(server, response.headers.get('location')!, { session: admin });
  assert.deepEqual(fetched.body, response.body);
});

test('a second contact with the same name gets no user ID (seed 000)', async () => {
  const suggestion = await api(server, '/api/user-ids/suggestion?firstName=John&lastName=Smith', { session: admin });
  assert.deepEqual(suggestion.body, { userId: null, reason: 'duplicate_name' });
  const fresh = await api(server, '/api/user-ids/suggestion?firstName=Fox&lastName=Mulder', { session: admin });
  assert.deepEqual(fresh.body, { userId: 'fox.mulder', reason: 'suggested' });
  const created = await create({ ...draft, firstName: 'john', lastName: 'SMITH' });
  assert.equal(created.status, 201);
  assert.equal(created.body.userId, null);
  // Without a user ID, creating a login asks for one.
  const login = await api(server, `/api/contacts/${created.body.id}/login`, { method: 'POST', session: admin });
  assert.equal(login.status, 422);
  assert.equal(login.body.errors[0].field, 'userId');
  const withId = await api(server, `/api/contacts/${created.body.id}/login`, { method: 'POST', session: admin, body: { userId: 'john.smith2' } });
  assert.equal(withId.status, 200);
  assert.equal(withId.body.login.state, 'enabled');
  assert.equal(withId.body.userId, 'john.smith2');
});

test('user IDs are unique case-insensitively: 409 with the field and the holder', async () => {
  const created = await create(draft);
  const taken = await api(server, `/api/contacts/${created.body.id}`, { method: 'PATCH', session: admin, body: { userId: 'Alice.Martin' } });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.errors[0].field, 'userId');
  assert.equal(taken.body.conflictingId, 'c-alice');
  const check = await api(server, '/api/user-ids/ALICE.MARTIN', { session: admin });
  assert.deepEqual(check.body, { userId: 'ALICE.MARTIN', available: false, takenByContactId: 'c-alice' });
  const own = await api(server, '/api/user-ids/alice.martin?excludeContactId=c-alice', { session: admin });
  assert.equal(own.body.available, true);
});

test('If-Match with a stale version is 412; the current one succeeds', async () => {
  const created = await create(draft);
  const path = `/api/contacts/${created.body.id}`;
  const first = await api(server, path, { method: 'PATCH', session: admin, body: { jobTitle: 'Agent' }, headers: { 'If-Match': '"1"' } });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('etag'), '"2"');
  const stale = await api(server, path, { method: 'PATCH', session: admin, body: { jobTitle: 'Director' }, headers: { 'If-Match': '"1"' } });
  assert.equal(stale.status, 412);
  assert.equal(stale.body.code, 'precondition_failed');
  const current = await api(server, path, { session: admin });
  assert.equal(current.body.jobTitle, 'Agent');
});

test('a create retried with the same Idempotency-Key makes one contact', async () => {
  const headers = { 'Idempotency-Key': 'retry-1' };
  const first = await create(draft, headers);
  const second = await create(draft, headers);
  assert.equal(first.status, 201);
  assert.ok(second.status === 200 || second.status === 201);
  assert.deepEqual(second.body, first.body);
  const list = await api(server, '/api/contacts?q=dana%20scully', { session: admin });
  assert.equal(list.body.total, 1);
  const reused = await create({ ...draft, firstName: 'Other' }, headers);
  assert.equal(reused.status, 409);
});

test('search matches "first last", "last first" and email, case-insensitively, within scope', async () => {
  const editor = await server.signIn(userIdOf('contact_editor'));
  for (const q of ['alice mart', 'MARTIN ALICE', 'alice.martin@']) {
    const response = await api(server, `/api/contacts?q=${encodeURIComponent(q)}`, { session: editor });
    assert.deepEqual(response.body.items.map((c: { id: string }) => c.id), ['c-alice'], q);
  }
  const other = await api(server, '/api/contacts?q=greta', { session: editor });
  assert.equal(other.body.total, 0, 'another company is not searched');
  const page = await api(server, '/api/contacts?pageSize=5&page=2&sort=lastName&order=desc&status=active', { session: admin });
  assert.equal(page.status, 200);
  assert.equal(page.body.items.length, 5);
  assert.equal(page.body.page, 2);
  assert.ok(page.body.items.every((c: { login: { state: string } }) => c.login.state === 'enabled'));
  const bad = await api(server, '/api/contacts?pageSize=1000', { session: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].field, 'pageSize');
});

test('names with bidi overrides, zero-width characters or line separators are a 400 naming the field', async () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ firstName: 'Dana\u202Eyllucs' }, 'firstName', 'invisible_characters'],
    [{ firstName: 'Da\u200Bna' }, 'firstName', 'invisible_characters'],
    [{ lastName: 'Scully\u2066' }, 'lastName', 'invisible_characters'],
    [{ jobTitle: 'Agent\u200F' }, 'jobTitle', 'invisible_characters'],
    [{ firstName: 'Dana\u2028Scully' }, 'firstName', 'custom'],
  ];
  for (const [fields, field, code] of cases) {
    const response = await create({ ...draft, ...fields });
    assert.equal(response.status, 400, JSON.stringify(fields));
    assert.ok(isProblem(response));
    assert.deepEqual(response.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]), [[field, code]], JSON.stringify(fields));
  }
  assert.match((await create({ ...draft, firstName: 'Dana\u202Eyllucs' })).body.errors[0].message, /^First name must not contain invisible characters/);
  const created = await create(draft);
  const patch = await api(server, `/api/contacts/${created.body.id}`, { method: 'PATCH', session: admin, body: { lastName: 'Scu\u200Blly' }, headers: { 'If-Match': `"${created.body.version}"` } });
  assert.equal(patch.status, 400);
  assert.equal(patch.body.errors[0].field, 'lastName');
  const list = await api(server, '/api/contacts?q=Dana', { session: admin });
  assert.deepEqual(list.body.items.map((c: { lastName: string }) => c.lastName), ['Scully'], 'only the valid contact exists, unchanged');
});

test('a name is found whether it was typed composed (NFC) or decomposed (NFD), and stored composed', async () => {
  const decomposed = await create({ ...draft, firstName: 'Zoe\u0308', lastName: 'Mu\u0308ller', email: 'zoe.mueller@acme.example' });
  assert.equal(decomposed.status, 201);
  assert.equal(decomposed.body.firstName, 'Zoë');
  assert.equal(decomposed.body.lastName, 'Müller');
  const composed = await create({ ...draft, firstName: 'Ren\u00e9e', lastName: 'Lef\u00e8vre', email: 'renee.lefevre@acme.example' });
  assert.equal(composed.status, 201);
  const found = async (q: string) => (await api(server, `/api/contacts?q=${encodeURIComponent(q)}`, { session: admin })).body.items.map((c: { id: string }) => c.id);
  // Each term typed composed and decomposed gives the same answer, holding the contact. Long terms
  // take the trigram path, one or two characters the grams (list-query.ts): both are asked.
  const terms: [string, string, string][] = [
    ['Zo\u00eb M\u00fcller', 'zoe\u0308 mu\u0308ller', decomposed.body.id],
    ['M\u00fcller', 'Mu\u0308ller', decomposed.body.id],
    ['m\u00fc', 'mu\u0308', decomposed.body.id],
    ['\u00eb', 'e\u0308', decomposed.body.id],
    ['Ren\u00e9e Lef\u00e8vre', 'Rene\u0301e Lefe\u0300vre', composed.body.id],
    ['\u00e8v', 'e\u0300v', composed.body.id],
    ['\u00e8', 'e\u0300', composed.body.id],
  ];
  for (const [nfc, nfd, id] of terms) {
    const ids = await found(nfc);
    assert.ok(ids.includes(id), JSON.stringify(nfc));
    assert.deepEqual(await found(nfd), ids, JSON.stringify(nfd));
  }
});

test('unsafe requests need the CSRF token', async () => {
  const cookieOnly = { cookie: admin.cookie };
  const response = await fetch(`${server.url}/api/contacts`, {
    method: 'POST',
    headers: { ...cookieOnly, 'content-type': 'application/json' },
    body: JSON.stringify(draft),
  });
  assert.equal(response.status, 403);
  const body = await response.json();
  assert.equal(body.code, 'forbidden');
  assert.match(body.detail, /CSRF/);
  const wrong = await api(server, '/api/contacts', { method: 'POST', session: admin, body: draft, headers: { 'X-CSRF-Token': 'wrong' } });
  assert.equal(wrong.status, 403);
  const safe = await fetch(`${server.url}/api/me`, { headers: cookieOnly });
  assert.equal(safe.status, 200, 'reads need no token');
});

test('roles: unknown role is 400 naming roles; a customer admin cannot grant admin', async () => {
  const unknown = await api(server, '/api/contacts/c-victor/roles', { method: 'PUT', session: admin, body: { roles: ['wizard'] } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.errors[0].field, 'roles');
  const customerAdmin = await server.signIn(userIdOf('customer_admin'));
  const grant = await api(server, '/api/contacts/c-victor/roles', { method: 'PUT', session: customerAdmin, body: { roles: ['billing', 'admin'] } });
  assert.equal(grant.status, 403);
  const fine = await api(server, '/api/contacts/c-victor/roles', { method: 'PUT', session: customerAdmin, body: { roles: ['reports', 'billing'] } });
  assert.equal(fine.status, 200);
  assert.deepEqual(fine.body.roles, ['reports', 'billing']);
});

test('every change writes an audit row', async () => {
  const created = await create(draft);
  await api(server, `/api/contacts/${created.body.id}`, { method: 'PATCH', session: admin, body: { jobTitle: 'Agent' } });
  const audit = await api(server, '/api/audit', { session: admin });
  assert.equal(audit.status, 200);
  const actions = audit.body.items.filter((entry: { targetId: string }) => entry.targetId === created.body.id).map((entry: { action: string }) => entry.action);
  assert.deepEqual(actions, ['contact.update', 'contact.create']);
  const update = audit.body.items.find((entry: { action: string; targetId: string }) => entry.action === 'contact.update' && entry.targetId === created.body.id);
  assert.equal(update.before.jobTitle, null);
  assert.equal(update.after.jobTitle, 'Agent');
  const editor = await server.signIn(userIdOf('contact_editor'));
  assert.equal((await api(server, '/api/audit', { session: editor })).status, 403);
});
