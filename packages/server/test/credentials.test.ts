import { DEMO_PASSWORD } from '@portico/core';
import type { TestServer, TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, isProblem, serverForEachTest } from './helpers.js';

// Issue 15: reset links follow the e-mail address and the administrator's password; the password
// rules of core's checkPassword (NIST SP 800-63B) on every route that takes a new password.

let server: TestServer;
let admin: TestSession;
serverForEachTest('admin', (started, session) => {
  server = started;
  admin = session;
});

const VICTOR = '/api/contacts/c-victor';
const OLD_ADDRESS = 'victor.chen@acme.example';

const signIn = (userId: string, password: string) => api(server, '/api/session', { method: 'POST', body: { userId, password } });
const confirm = (token: string, password: string) => api(server, '/api/password-reset/confirm', { method: 'POST', body: { token, password } });
const reset = (body: unknown) => api(server, `${VICTOR}/password-reset`, { method: 'POST', session: admin, body });

const mailLink = async (): Promise<string> => {
  assert.equal((await reset({ mode: 'link' })).status, 200);
  const token = /token=([^\s]+)/.exec((await server.outbox()).at(-1)!.body)?.[1];
  assert.ok(token, 'the mail carries a link with a token');
  return decodeURIComponent(token);
};

/** The codes of the field errors of `password` in a 400 validation problem. */
const passwordCodes = (response: Awaited<ReturnType<typeof api>>): string[] => {
  assert.equal(response.status, 400);
  assert.ok(isProblem(response));
  assert.equal(response.body.code, 'validation');
  const errors = response.body.errors as { field: string; code: string; message: string }[];
  assert.ok(errors.length > 0 && errors.every((error) => error.field === 'password' && /password/i.test(error.message)), JSON.stringify(errors));
  return errors.map((error) => error.code);
};

test('a reset link mailed to the old address stops working when the e-mail address changes, and the old address is told', async () => {
  const token = await mailLink();
  const changed = await api(server, VICTOR, { method: 'PATCH', session: admin, body: { email: 'victor@elsewhere.example' } });
  assert.equal(changed.status, 200);

  const used = await confirm(token, 'brand-new-password-1');
  assert.equal(used.status, 400);
  assert.deepEqual(used.body, (await confirm('made-up-token', 'brand-new-password-1')).body, 'it looks like any invalid link');
  assert.equal((await signIn('victor.chen', DEMO_PASSWORD)).status, 200, 'the password is unchanged');

  const notice = (await server.outbox()).at(-1)!;
  assert.equal(notice.to, OLD_ADDRESS);
  assert.match(notice.subject, /e-mail address was changed/);
  assert.doesNotMatch(notice.body, /elsewhere/, 'the old address is not told the new one');

  // A new link goes to the new address and works.
  const fresh = await mailLink();
  assert.equal((await server.outbox()).at(-1)!.to, 'victor@elsewhere.example');
  assert.equal((await confirm(fresh, 'brand-new-password-1')).status, 204);
});

test('an edit that keeps the address (or only changes its case) neither cancels the link nor mails', async () => {
  const token = await mailLink();
  const mails = (await server.outbox()).length;
  assert.equal((await api(server, VICTOR, { method: 'PATCH', session: admin, body: { jobTitle: 'Buyer', email: 'Victor.Chen@acme.example' } })).status, 200);
  assert.equal((await server.outbox()).length, mails);
  assert.equal((await confirm(token, 'brand-new-password-1')).status, 204);
});

for (const mode of ['set', 'temporary'] as const) {
  test(`a password the administrator sets (${mode}) cancels an older reset link`, async () => {
    const token = await mailLink();
    const body = mode === 'set' ? { mode, password: 'admin-chosen-pass-1' } : { mode };
    assert.equal((await reset(body)).status, 200);
    const password = mode === 'set' ? 'admin-chosen-pass-1' : /temporary password is (\S+)\./.exec((await server.outbox()).at(-1)!.body)![1]!;

    assert.equal((await confirm(token, 'brand-new-password-1')).status, 400);
    assert.equal((await signIn('victor.chen', password)).status, 200, "the administrator's password stays");
    assert.equal((await signIn('victor.chen', 'brand-new-password-1')).status, 401);
  });
}

test('a new link cancels the older one', async () => {
  const first = await mailLink();
  const second = await mailLink();
  assert.equal((await confirm(first, 'brand-new-password-1')).status, 400);
  assert.equal((await confirm(second, 'brand-new-password-1')).status, 204);
});

// Victor's user ID is made long enough to pass the length rule (beforeEach resets it).
const LONG_USER_ID = 'victor.chen.acme';

const REFUSED: [string, string, string][] = [
  ['twelve spaces', ' '.repeat(12), 'blank'],
  ['the user ID', LONG_USER_ID, 'matches_identity'],
  ['the user ID in capitals and padded', '  VICTOR.CHEN.ACME ', 'matches_identity'],
  ['the e-mail address', OLD_ADDRESS, 'matches_identity'],
  ['too short', 'Xq7#pL2!', 'too_small'],
  ['a common password', 'password1234', 'too_weak'],
];

for (const [what, password, code] of REFUSED) {
  test(`an administrator may not set a password that is ${what}`, async () => {
    assert.equal((await api(server, VICTOR, { method: 'PATCH', session: admin, body: { userId: LONG_USER_ID } })).status, 200);
    assert.ok(passwordCodes(await reset({ mode: 'set', password })).includes(code));
    assert.equal((await signIn(LONG_USER_ID, DEMO_PASSWORD)).status, 200, 'the password is unchanged');
  });

  test(`a reset link does not take a password that is ${what}, and still works after`, async () => {
    assert.equal((await api(server, VICTOR, { method: 'PATCH', session: admin, body: { userId: LONG_USER_ID } })).status, 200);
    const token = await mailLink();
    assert.ok(passwordCodes(await confirm(token, password)).includes(code));
    assert.equal((await confirm(token, 'correct horse battery staple')).status, 204);
  });
}

test('a good password is accepted by both routes', async () => {
  assert.equal((await reset({ mode: 'set', password: 'correct horse battery staple' })).status, 200);
  assert.equal((await signIn('victor.chen', 'correct horse battery staple')).status, 200);
  assert.equal((await confirm(await mailLink(), 'mK9#vLq2$wPz')).status, 204);
  assert.equal((await signIn('victor.chen', 'mK9#vLq2$wPz')).status, 200);
});

test('an invalid link is reported as such, whatever the password', async () => {
  const response = await confirm('made-up-token', ' '.repeat(12));
  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body.errors.map((error: { field: string }) => error.field),
    ['token'],
  );
});
