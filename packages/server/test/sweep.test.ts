import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { hashToken } from '../src/crypto.js';
import { Sweeper } from '../src/sweep.js';
import { api, userIdOf } from './helpers.js';

// Issue 18: the server deletes what only grows (sweep.ts), at most once a minute by its clock, at
// the start of a request: idempotency keys after 24 hours, sessions after their expiry, reset links
// a day after they were used or expired. Each step below is more than a minute after the last.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2025, 5, 1, 8);
let clock = START;
let server: TestServer;

before(async () => {
  server = await startTestServer({ now: () => new Date(clock) });
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  clock = START;
  await server.reset();
});

/** Moves the server's clock to `ms` after the start and makes a request, which sweeps. */
const sweepAt = async (ms: number): Promise<void> => {
  clock = START + ms;
  assert.equal((await api(server, '/api/me')).status, 401);
};

const count = async (sql: string, params: unknown[]): Promise<number> => {
  const { rows } = await server.db.query<{ n: number | string }>(`select count(*) as n from ${sql}`, params);
  return Number(rows[0]!.n);
};

test('a session is deleted once it has expired; a later one stays and still works', async () => {
  const early = await server.signIn(userIdOf('admin'));
  clock = START + 6 * HOUR;
  const late = await server.signIn(userIdOf('contact'));
  const sessionsOf = (contactId: string) => count('sessions where contact_id = $1', [contactId]);
  const earlyId = (await api(server, '/api/me', { session: early })).body.contactId as string;
  const lateId = (await api(server, '/api/me', { session: late })).body.contactId as string;

  await sweepAt(11 * HOUR);
  assert.equal(await sessionsOf(earlyId), 1, 'not yet expired (12 hours)');

  await sweepAt(12 * HOUR + MINUTE);
  assert.equal(await sessionsOf(earlyId), 0, 'expired, deleted');
  assert.equal(await sessionsOf(lateId), 1, 'expires at 18 hours, kept');
  assert.equal((await api(server, '/api/me', { session: late })).status, 200);

  await sweepAt(18 * HOUR + MINUTE);
  assert.equal(await sessionsOf(lateId), 0);
});

test('an idempotent retry within 24 hours returns the first contact and creates no second; the key is deleted after 24 hours', async () => {
  const draft = { firstName: 'Ida', lastName: 'Retry', email: 'ida.retry@acme.example', accountId: 'acme' };
  const create = async (key: string) =>
    api(server, '/api/contacts', { method: 'POST', session: await server.signIn(userIdOf('admin')), body: draft, headers: { 'Idempotency-Key': key } });
  const keys = (key: string) => count('idempotency_keys where key = $1', [key]);
  const idas = async () => count('contacts where last_name = $1', ['Retry']);

  const first = await create('sweep-1');
  assert.equal(first.status, 201);

  await sweepAt(23 * HOUR + 59 * MINUTE);
  const retry = await create('sweep-1');
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotency-replayed'), 'true');
  assert.deepEqual(retry.body, first.body);
  assert.equal(await idas(), 1, 'no second contact');
  assert.equal(await keys('sweep-1'), 1);
  const younger = await create('sweep-2');
  assert.equal(younger.status, 201);

  await sweepAt(24 * HOUR + MINUTE);
  assert.equal(await keys('sweep-1'), 0, 'a day old, deleted');
  assert.equal(await keys('sweep-2'), 1, 'created at 23:59, kept');
  const again = await create('sweep-2');
  assert.deepEqual(again.body, younger.body, 'its retry still answers with the first contact');
  assert.equal(await idas(), 2);
});

test('a used reset link still answers as used for a day, then is deleted; an unused one a day after it expired', async () => {
  const requestReset = (identifier: string) => api(server, '/api/password-reset/request', { method: 'POST', body: { identifier } });
  const confirm = (token: string, password: string) => api(server, '/api/password-reset/confirm', { method: 'POST', body: { token, password } });
  const lastLink = async (): Promise<string> => {
    const token = /reset-password\?token=(\S+)/.exec((await server.outbox()).at(-1)!.body)?.[1];
    assert.ok(token);
    return decodeURIComponent(token);
  };
  const kept = async (token: string) => (await count('password_reset_tokens where token_hash = $1', [hashToken(token)])) === 1;

  await requestReset('victor.chen');
  const used = await lastLink();
  clock = START + HOUR;
  assert.equal((await confirm(used, 'lantern orbit velvet 42')).status, 204);
  clock = START + 2 * HOUR;
  await requestReset(userIdOf('admin'));
  const unused = await lastLink();

  await sweepAt(HOUR + 23 * HOUR);
  assert.ok(await kept(used), 'used 23 hours ago, kept');
  const again = await confirm(used, 'another good pass 99');
  assert.equal(again.status, 400);
  assert.equal(again.body.errors[0].code, 'invalid_token');
  assert.ok(await kept(unused), 'expired 10 hours ago (12-hour link), kept');

  await sweepAt(HOUR + 24 * HOUR + MINUTE);
  assert.equal(await kept(used), false, 'used a day ago, deleted');
  assert.ok(await kept(unused), 'expired 11 hours ago, kept');

  await sweepAt(2 * HOUR + 12 * HOUR + 24 * HOUR + MINUTE);
  assert.equal(await kept(unused), false, 'expired a day ago, deleted');
});

test('a process sweeps at most once a minute', async () => {
  const session = await server.signIn(userIdOf('admin'));
  const contactId = (await api(server, '/api/me', { session })).body.contactId as string;
  await sweepAt(12 * HOUR);
  clock = START + 12 * HOUR + 30_000;
  assert.equal((await api(server, '/api/me')).status, 401);
  assert.equal(await count('sessions where contact_id = $1', [contactId]), 1, 'expired, but swept 30 seconds ago');
  await sweepAt(12 * HOUR + MINUTE);
  assert.equal(await count('sessions where contact_id = $1', [contactId]), 0);
});

test('a sweep deletes at most 1000 rows of a table, and two processes sweeping at once both succeed', async () => {
  await server.db.query(
    `insert into sessions (token_hash, user_ref, contact_id, csrf_token, created_at, expires_at)
     select 'old-' || n, u.id, u.contact_id, 'csrf', $1, $2 from users u, generate_series(1, 2500) n where u.contact_id = 'c-victor'`,
    [new Date(START - 13 * HOUR).toISOString(), new Date(START - HOUR).toISOString()],
  );
  const old = () => count(`sessions where token_hash like 'old-%'`, []);
  assert.equal(await old(), 2500);
  await new Sweeper(server.db, () => new Date(clock)).sweep(clock);
  assert.equal(await old(), 1500, 'one batch');
  // Two processes' sweeps at the same moment: neither fails, and each deletes up to a batch.
  await Promise.all([new Sweeper(server.db, () => new Date(clock)).sweep(clock), new Sweeper(server.db, () => new Date(clock)).sweep(clock)]);
  assert.ok((await old()) <= 500);
  await new Sweeper(server.db, () => new Date(clock)).sweep(clock);
  assert.equal(await old(), 0);
});
