import { DEMO_PASSWORD } from '@portico/core';
import { createPgliteDatabase, migrate, seedDatabase, startServer, type RunningServer } from '@portico/server';
import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, userIdOf } from './helpers.js';

let server: TestServer;
let clock = new Date('2026-11-24T10:00:00Z');

before(async () => {
  server = await startTestServer({
    now: () => clock,
    lockoutThreshold: 100,
    rateLimits: {
      signInPerUser: { limit: 3, windowMs: 60_000 },
      signInPerAddress: { limit: 1000, windowMs: 60_000 },
      resetPerContact: { limit: 2, windowMs: 60_000 },
      resetConfirmPerAddress: { limit: 2, windowMs: 60_000 },
    },
  });
});
after(async () => {
  await server.close();
});

const signIn = (userId: string, password: string) => api(server, '/api/session', { method: 'POST', body: { userId, password } });

test('sign-in is limited per user ID, the same for an existing and an unknown account', async () => {
  for (const userId of [userIdOf('contact'), 'nobody.here']) {
    for (let attempt = 1; attempt <= 3; attempt++) assert.equal((await signIn(userId, 'wrong password')).status, 401, `${userId} #${attempt}`);
    const limited = await signIn(userId, 'wrong password');
    assert.equal(limited.status, 429, userId);
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.doesNotMatch(JSON.stringify(limited.body), /nobody|exist/i, 'the answer does not say whether the account exists');
  }
  // Even the right password waits until the window has passed.
  assert.equal((await signIn(userIdOf('contact'), DEMO_PASSWORD)).status, 429);
  clock = new Date(clock.getTime() + 61_000);
  assert.equal((await signIn(userIdOf('contact'), DEMO_PASSWORD)).status, 200);
});

test('an administrator can trigger only so many resets for one contact, counted after the permission check', async () => {
  const admin = await server.signIn(userIdOf('admin'));
  const other = await server.signIn(userIdOf('other_tenant_admin'));
  const target = 'c-erin';
  // Another company's admin cannot use up the limit: they get 404 every time.
  for (let attempt = 0; attempt < 3; attempt++) {
    assert.equal((await api(server, `/api/contacts/${target}/password-reset`, { method: 'POST', session: other, body: { mode: 'link' } })).status, 404);
  }
  assert.equal((await api(server, `/api/contacts/${target}/password-reset`, { method: 'POST', session: admin, body: { mode: 'link' } })).status, 200);
  assert.equal((await api(server, `/api/contacts/${target}/password-reset`, { method: 'POST', session: admin, body: { mode: 'link' } })).status, 200);
  const limited = await api(server, `/api/contacts/${target}/password-reset`, { method: 'POST', session: admin, body: { mode: 'link' } });
  assert.equal(limited.status, 429);
});

test('reset links cannot be guessed at speed', async () => {
  const confirm = () => api(server, '/api/password-reset/confirm', { method: 'POST', body: { token: 'x'.repeat(43), password: 'a-new-long-password' } });
  assert.equal((await confirm()).status, 400);
  assert.equal((await confirm()).status, 400);
  assert.equal((await confirm()).status, 429);
});

test('every spelling that reaches a login counts under that login’s key; one that does not, signs in as nobody', async () => {
  const userId = userIdOf('customer_admin');
  for (const typed of [userId, userId.toUpperCase(), ` ${userId}`]) assert.equal((await signIn(typed, 'wrong password')).status, 401, typed);
  assert.equal((await signIn(userId.replace('i', 'İ'), DEMO_PASSWORD)).status, 401, 'a capital I with a dot is not an i: no sign-in under a fresh key');
  assert.equal((await signIn(userId.replace('c', 'C'), DEMO_PASSWORD)).status, 429, 'the limit of this login is used up');
  clock = new Date(clock.getTime() + 61_000);
  assert.equal((await signIn(userId, DEMO_PASSWORD)).status, 200);
});

test('two servers on one database count every attempt once, whichever took it, and forget passed windows', async () => {
  const db = await createPgliteDatabase();
  let at = new Date('2026-11-24T12:00:00Z');
  const servers: RunningServer[] = [];
  try {
    await migrate(db);
    await seedDatabase(db, undefined, { vacuum: false });
    const rateLimits = { signInPerUser: { limit: 4, windowMs: 60_000 }, signInPerAddress: { limit: 1000, windowMs: 60_000 } };
    for (let index = 0; index < 2; index++) servers.push(await startServer({ db, port: 0, now: () => at, rateLimits }));
    const attempt = (index: number, userId: string) => api(servers[index % 2]!, '/api/session', { method: 'POST', body: { userId, password: 'wrong password' } });
    // Alternating between the two: four attempts in all, not four on each.
    const statuses = [];
    for (let index = 0; index < 6; index++) statuses.push((await attempt(index, 'nobody.shared')).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    const rows = async () => (await db.query<{ count: number }>('select count(*)::int as count from rate_limits')).rows[0]!.count;
    assert.equal(await rows(), 2, 'one row for the address, one for the user ID');
    const kept = await db.query<{ key_hash: string }>('select key_hash from rate_limits');
    assert.ok(kept.rows.every((row) => !row.key_hash.includes('nobody') && !row.key_hash.includes('127.0.0.1')), 'keys are kept hashed');
    // Once the windows have passed, the next attempt's sweep deletes their rows.
    at = new Date(at.getTime() + 2 * 60_000);
    assert.equal((await attempt(0, 'somebody.else')).status, 401);
    assert.equal((await attempt(1, 'nobody.shared')).status, 401, 'a new window');
    assert.equal(await rows(), 3);
  } finally {
    for (const server of servers) await server.close();
    await db.close();
  }
});
