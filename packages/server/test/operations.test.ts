// Operations (issue 18, item 4): the portico-server command configured by environment variables,
// /healthz and /readyz, JSON logs with a request id on every request line and no secret in any
// line, and graceful shutdown.
import { DEMO_PASSWORD } from '@portico/core';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, createPgliteDatabase, migrate, SCHEMA_VERSION, startServer } from '../src/index.js';
import { userIdOf } from './helpers.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

test('portico-server from environment variables: health, readiness, JSON logs with request ids and no secret, graceful stop on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cli], {
    env: { ...process.env, PORT: '0', PORTICO_MEMORY: 'true', PORTICO_DEMO: 'true', PORTICO_LOG_LEVEL: 'info', PORTICO_PUBLIC_URL: 'https://portal.example/contacts' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      if (parsed.msg === 'listening' && parsed.url) resolve(parsed.url);
    });
    child.once('exit', (code) => reject(new Error(`portico-server exited with ${code}: ${lines.join('\n')}`)));
  });
  const secrets: string[] = [DEMO_PASSWORD];
  try {
    assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ok', database: 'reachable', schemaVersion: SCHEMA_VERSION });

    // A session, a reset link and its use: every secret the server handles.
    const signIn = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'portal-req-1' },
      body: JSON.stringify({ userId: userIdOf('admin'), password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.headers.get('x-request-id'), 'portal-req-1', 'the request id goes back to the caller');
    const cookies = signIn.headers.getSetCookie().map((header) => header.split(';')[0]!);
    const csrf = signIn.headers.get('x-csrf-token')!;
    secrets.push(...cookies.map((pair) => pair.slice(pair.indexOf('=') + 1)), csrf);
    const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' };
    assert.equal((await fetch(`${url}/api/contacts/c-victor/password-reset`, { method: 'POST', headers, body: JSON.stringify({ mode: 'link' }) })).status, 200);
    const outbox = (await (await fetch(`${url}/api/outbox`, { headers })).json()) as { items: { body: string }[] };
    const link = /https:\S+reset-password\?token=(\S+)/.exec(outbox.items.at(-1)!.body)!;
    secrets.push(link[0], decodeURIComponent(link[1]!));
    const newPassword = 'victor-new-pass-2026';
    secrets.push(newPassword);
    const confirm = await fetch(`${url}/api/password-reset/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: decodeURIComponent(link[1]!), password: newPassword }),
    });
    assert.equal(confirm.status, 204);
    // A wrong password and a bearer token are not logged either.
    secrets.push('wrong-password-xyz', 'bearer-secret-abc');
    await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'victor.chen', password: 'wrong-password-xyz' }) });
    await fetch(`${url}/api/me?token=bearer-secret-abc`, { headers: { authorization: 'Bearer bearer-secret-abc' } });
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, 'SIGTERM stops the server with exit code 0');

  const entries = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; path?: string; level: number });
  const requests = entries.filter((entry) => entry.msg === 'request' || entry.msg === 'request failed');
  assert.ok(requests.length >= 8, `a line per request (${requests.length})`);
  for (const entry of requests) assert.ok(entry.reqId, `request id on ${JSON.stringify(entry)}`);
  assert.ok(requests.some((entry) => entry.reqId === 'portal-req-1' && entry.path === '/api/session'));
  assert.equal(entries.at(-1)!.msg, 'stopped');
  for (const secret of secrets) {
    const leaking = lines.filter((line) => line.includes(secret));
    assert.deepEqual(leaking, [], `no log line holds ${secret.slice(0, 4)}…`);
  }
  assert.ok(!lines.some((line) => /reset-password\?token=/.test(line)), 'no reset link in the log');
});

test('/readyz answers 503 while the database schema is older than the server', async () => {
  const db = await createPgliteDatabase();
  try {
    await migrate(db, { to: SCHEMA_VERSION - 1 });
    const app = createApp({ db });
    const answer = await app.request('/readyz');
    assert.equal(answer.status, 503);
    assert.deepEqual(await answer.json(), { status: 'unavailable', database: 'reachable', schemaVersion: SCHEMA_VERSION - 1, expectedSchemaVersion: SCHEMA_VERSION });
    assert.equal((await app.request('/healthz')).status, 200, 'alive all the same');
  } finally {
    await db.close();
  }
});

test('close() stops accepting, lets a request under way finish, then closes', async () => {
  const server = await startServer({ port: 0, memory: true, rateLimits: false });
  const body = Buffer.from(JSON.stringify({ userId: userIdOf('admin'), password: DEMO_PASSWORD }));
  const answered = new Promise<number>((resolve, reject) => {
    const outgoing = request(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    // Half the body now: the request is under way when close() is called.
    outgoing.write(body.subarray(0, 10), () => {
      setImmediate(() => {
        closed = server.close();
        // New connections are refused while the request under way goes on.
        fetch(`${server.url}/healthz`).then(
          () => reject(new Error('a new request was accepted during shutdown')),
          () => outgoing.end(body.subarray(10)),
        );
      });
    });
  });
  let closed: Promise<void> | undefined;
  assert.equal(await answered, 200, 'the request under way got its answer');
  await closed;
});
