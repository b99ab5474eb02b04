import { DEMO_PASSWORD, problemType } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { api, isProblem, userIdOf, type ApiResponse } from './helpers.js';

// Issue 17: the contact's side of a login. A temporary or administrator-set password reaches only
// the change, the viewer and sign-out; a contact changes their own password; "forgot password".

const HOUR = 3_600_000;
let clock = Date.UTC(2025, 5, 1, 8);
let server: TestServer;
let admin: TestSession;

before(async () => {
  server = await startTestServer({ now: () => new Date(clock) });
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  clock = Date.UTC(2025, 5, 1, 8);
  await server.reset();
  admin = await server.signIn(userIdOf('admin'));
});

const VICTOR = 'c-victor';
const VICTOR_ID = 'victor.chen';
const NEW_PASSWORD = 'lantern orbit velvet 42';

const signIn = (userId: string, password: string) => api(server, '/api/session', { method: 'POST', body: { userId, password } });
const changePassword = (session: TestSession, currentPassword: string, newPassword: string) =>
  api(server, '/api/me/password', { method: 'POST', session, body: { currentPassword, newPassword } });
const requestReset = (identifier: string) => api(server, '/api/password-reset/request', { method: 'POST', body: { identifier } });
const confirm = (token: string, password: string) => api(server, '/api/password-reset/confirm', { method: 'POST', body: { token, password } });

const lastMail = async () => (await server.outbox()).at(-1)!;
const tokenOf = (body: string): string => {
  const token = /reset-password\?token=(\S+)/.exec(body)?.[1];
  assert.ok(token, `a link in: ${body}`);
  return decodeURIComponent(token);
};

const assertChangeRequired = (response: ApiResponse) => {
  assert.equal(response.status, 403);
  assert.ok(isProblem(response));
  assert.equal(response.body.code, 'password_change_required');
  assert.equal(response.body.type, problemType('password_change_required'));
};

/** Gives Victor a password the administrator knows (seeds 000 and 001) and returns it. */
const adminPassword = async (mode: 'temporary' | 'set'): Promise<string> => {
  const body = mode === 'set' ? { mode, password: 'admin chosen pass 77' } : { mode };
  assert.equal((await api(server, `/api/contacts/${VICTOR}/password-reset`, { method: 'POST', session: admin, body })).status, 200);
  return mode === 'set' ? body.password! : /temporary password is (\S+)\./.exec((await lastMail()).body)![1]!;
};

for (const mode of ['temporary', 'set'] as const) {
  test(`after a ${mode} password the session reaches only the change, the viewer and sign-out; the change lets it proceed and the old password fails`, async () => {
    const password = await adminPassword(mode);
    const signedIn = await signIn(VICTOR_ID, password);
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.passwordChangeRequired, true);
    const victor = await server.signIn(VICTOR_ID, password);

    assertChangeRequired(await api(server, '/api/contacts', { session: victor }));
    assertChangeRequired(await api(server, `/api/contacts/${VICTOR}`, { session: victor }));
    assertChangeRequired(await api(server, '/api/roles', { session: victor }));
    assertChangeRequired(await api(server, `/api/contacts/${VICTOR}`, { method: 'PATCH', session: victor, body: { jobTitle: 'Chief' } }));
    const me = await api(server, '/api/me', { session: victor });
    assert.equal(me.status, 200);
    assert.equal(me.body.passwordChangeRequired, true);

    const changed = await changePassword(victor, password, NEW_PASSWORD);
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.contactId, VICTOR);
    assert.equal(changed.body.passwordChangeRequired, undefined);
    assert.equal((await api(server, `/api/contacts/${VICTOR}`, { session: victor })).status, 200, 'the same session proceeds');
    assert.equal((await api(server, `/api/contacts/${VICTOR}`, { session: admin })).body.login.passwordChangeRequired, false);

    assert.equal((await signIn(VICTOR_ID, password)).status, 401, 'the old password no longer works');
    assert.equal((await signIn(VICTOR_ID, NEW_PASSWORD)).status, 200);
  });
}

test('sign-out works while the password must change', async () => {
  const victor = await server.signIn(VICTOR_ID, await adminPassword('temporary'));
  assert.equal((await api(server, '/api/session', { method: 'DELETE', session: victor })).status, 204);
  assert.equal((await api(server, '/api/me', { session: victor })).status, 401);
});

test('a password change ends the other sessions of the login, not this one', async () => {
  const here = await server.signIn(VICTOR_ID);
  const elsewhere = await server.signIn(VICTOR_ID);
  assert.equal((await changePassword(here, DEMO_PASSWORD, NEW_PASSWORD)).status, 200);
  assert.equal((await api(server, '/api/me', { session: here })).status, 200);
  assert.equal((await api(server, '/api/me', { session: elsewhere })).status, 401);
});

test('a wrong current password, a weak or an unchanged new one are refused on their fields, and nothing changes', async () => {
  const victor = await server.signIn(VICTOR_ID);
  const wrong = await changePassword(victor, 'not the password', NEW_PASSWORD);
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]), [['currentPassword', 'wrong_password']]);
  const weak = await changePassword(victor, DEMO_PASSWORD, 'password1234');
  assert.equal(weak.status, 400);
  assert.deepEqual(weak.body.errors.map((error: { field: string; code: string }) => [error.field, error.code]), [['newPassword', 'too_weak']]);
  const same = await changePassword(victor, DEMO_PASSWORD, DEMO_PASSWORD);
  assert.equal(same.status, 400);
  assert.ok(same.body.errors.some((error: { field: string; code: string }) => error.field === 'newPassword' && error.code === 'unchanged'));
  assert.equal((await signIn(VICTOR_ID, DEMO_PASSWORD)).status, 200, 'the password is what it was');
});

test('changing a password needs a session and the CSRF token', async () => {
  const anonymous = await api(server, '/api/me/password', { method: 'POST', body: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
  assert.equal(anonymous.status, 401);
  const victor = await server.signIn(VICTOR_ID);
  const noCsrf = await api(server, '/api/me/password', { method: 'POST', headers: { cookie: victor.cookie }, body: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD } });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.body.code, 'forbidden');
});

test('a new login mails the 12-hour link; the contact chooses a password and signs in without a forced change', async () => {
  const created = await api(server, '/api/contacts', {
    method: 'POST',
    session: admin,
    body: { accountId: 'acme', firstName: 'Nadia', lastName: 'Okafor', email: 'nadia.okafor@acme.example' },
  });
  assert.equal(created.status, 201);
  const login = await api(server, `/api/contacts/${created.body.id}/login`, { method: 'POST', session: admin, body: {} });
  assert.equal(login.status, 200);
  assert.equal(login.body.login.passwordChangeRequired, true);
  const mail = await lastMail();
  assert.equal(mail.to, 'nadia.okafor@acme.example');
  assert.equal((await signIn('nadia.okafor', 'anything at all 123')).status, 401, 'no password before the link is used');
  assert.equal((await confirm(tokenOf(mail.body), NEW_PASSWORD)).status, 204);
  const signedIn = await signIn('nadia.okafor', NEW_PASSWORD);
  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.body.passwordChangeRequired, undefined);
  const nadia = await server.signIn('nadia.okafor', NEW_PASSWORD);
  assert.equal((await api(server, `/api/contacts/${created.body.id}`, { session: nadia })).status, 200);
});

test('"forgot password" by user ID or e-mail address mails the 12-hour link, and the link works once', async () => {
  for (const identifier of [' Victor.Chen ', 'VICTOR.CHEN@acme.example']) {
    clock += 1000; // the outbox reads in time order
    const before = (await server.outbox()).length;
    const response = await requestReset(identifier);
    assert.equal(response.status, 202);
    const mails = await server.outbox();
    assert.equal(mails.length, before + 1, identifier);
    assert.equal(mails.at(-1)!.to, 'victor.chen@acme.example');
    assert.match(mails.at(-1)!.body, /12 hours/);
  }
  const token = tokenOf((await lastMail()).body);
  assert.equal((await confirm(token, NEW_PASSWORD)).status, 204);
  assert.equal((await confirm(token, 'another good pass 99')).status, 400, 'used');
  assert.equal((await signIn(VICTOR_ID, NEW_PASSWORD)).status, 200);
});

test('"forgot password" gives the same answer for an unknown user, and a login that is not active, and mails them nothing', async () => {
  const known = await requestReset(VICTOR_ID);
  const mails = (await server.outbox()).length;
  assert.equal((await api(server, `/api/contacts/${VICTOR}/login/disable`, { method: 'POST', session: admin })).status, 200);
  for (const identifier of ['nobody.here', 'nobody@nowhere.example', VICTOR_ID]) {
    const response = await requestReset(identifier);
    assert.equal(response.status, known.status, identifier);
    assert.deepEqual(response.body, known.body, identifier);
  }
  assert.equal((await server.outbox()).length, mails);
});

test('a requested link expires after 12 hours', async () => {
  await requestReset(VICTOR_ID);
  const token = tokenOf((await lastMail()).body);
  clock += 12 * HOUR + 1000;
  const expired = await confirm(token, NEW_PASSWORD);
  assert.equal(expired.status, 400);
  assert.equal(expired.body.errors[0].code, 'invalid_token');
});

test('"forgot password" is rate-limited by what was typed, with the same answer for an unknown user', async () => {
  const limited = await startTestServer({ rateLimits: { resetRequestPerIdentifier: { limit: 2, windowMs: HOUR } } });
  try {
    const request = (identifier: string) => api(limited, '/api/password-reset/request', { method: 'POST', body: { identifier } });
    for (const identifier of [VICTOR_ID, 'nobody.here']) {
      assert.equal((await request(identifier)).status, 202);
      assert.equal((await request(identifier)).status, 202);
      const third = await request(identifier);
      assert.equal(third.status, 429, identifier);
      assert.equal(third.body.code, 'rate_limited');
    }
    assert.equal((await limited.outbox()).length, 2, 'two links for Victor, none for nobody');
  } finally {
    await limited.close();
  }
});

test('the contact records since when its password must change (the invitation, a temporary or set password) until it is chosen or changed', async () => {
  const contactOf = async (id: string) => (await api(server, `/api/contacts/${id}`, { session: admin })).body.login;
  const invitedAt = new Date(clock).toISOString();
  const created = await api(server, '/api/contacts', { method: 'POST', session: admin, body: { accountId: 'acme', firstName: 'Nadia', lastName: 'Okafor', email: 'nadia.okafor@acme.example' } });
  const login = await api(server, `/api/contacts/${created.body.id}/login`, { method: 'POST', session: admin, body: {} });
  assert.equal(login.body.login.passwordChangeRequiredAt, invitedAt, 'the invitation');
  clock += 2 * HOUR;
  assert.equal((await contactOf(created.body.id)).passwordChangeRequiredAt, invitedAt, 'kept while it waits');
  assert.equal((await confirm(tokenOf((await lastMail()).body), NEW_PASSWORD)).status, 204);
  assert.equal((await contactOf(created.body.id)).passwordChangeRequiredAt, null, 'cleared once the password is chosen');

  assert.equal((await contactOf(VICTOR)).passwordChangeRequiredAt, null, 'nothing pending');
  for (const mode of ['temporary', 'set'] as const) {
    clock += HOUR;
    const issuedAt = new Date(clock).toISOString();
    const password = await adminPassword(mode);
    assert.equal((await contactOf(VICTOR)).passwordChangeRequiredAt, issuedAt, `the ${mode} password`);
    clock += HOUR;
    const victor = await server.signIn(VICTOR_ID, password);
    assert.equal((await changePassword(victor, password, `${NEW_PASSWORD} ${mode}`)).status, 200);
    assert.equal((await contactOf(VICTOR)).passwordChangeRequiredAt, null, 'cleared by the change');
  }
});
