// Pages on other origins (issue 18, item 2): the CORS allow-list with credentials, and the
// cross-site cookie mode.
import { DEMO_PASSWORD } from '@portico/core';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPgliteDatabase, migrate, seedDatabase, startServer, type Database, type RunningServer } from '../src/index.js';
import { userIdOf } from './helpers.js';

const PORTAL = 'https://portal.example';

let db: Database;
let plain: RunningServer;
let allowing: RunningServer;
let crossSite: RunningServer;
before(async () => {
  db = await createPgliteDatabase();
  await migrate(db);
  await seedDatabase(db);
  plain = await startServer({ db, port: 0 });
  allowing = await startServer({ db, port: 0, allowedOrigins: [`${PORTAL}/`] });
  crossSite = await startServer({ db, port: 0, allowedOrigins: [PORTAL], crossSiteCookies: true });
});
after(async () => {
  await plain?.close();
  await allowing?.close();
  await crossSite?.close();
  await db?.close();
});

const preflight = (server: RunningServer, origin: string) =>
  fetch(`${server.url}/api/contacts`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-csrf-token' },
  });

const signIn = (server: RunningServer, origin = PORTAL) =>
  fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ userId: userIdOf('admin'), password: DEMO_PASSWORD }),
  });

test('an allowed origin gets a preflight with credentials, the CSRF header and the methods of the API', async () => {
  const response = await preflight(allowing, PORTAL);
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
  assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
  assert.match(response.headers.get('access-control-allow-headers') ?? '', /X-CSRF-Token/i);
  assert.match(response.headers.get('access-control-allow-methods') ?? '', /PATCH/);
});

test('an origin not on the list gets no CORS header, so the browser blocks the answer', async () => {
  const response = await preflight(allowing, 'https://evil.example');
  assert.equal(response.headers.get('access-control-allow-origin'), null);
  const answer = await fetch(`${allowing.url}/api/me`, { headers: { origin: 'https://evil.example' } });
  assert.equal(answer.headers.get('access-control-allow-origin'), null);
});

test('without an allow-list the server sends no CORS headers', async () => {
  const response = await preflight(plain, PORTAL);
  assert.equal(response.headers.get('access-control-allow-origin'), null);
  assert.equal(response.status, 404);
});

test('a refusal carries the CORS headers too, so the page can read why (401 problem)', async () => {
  const response = await fetch(`${allowing.url}/api/me`, { headers: { origin: PORTAL } });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('access-control-allow-origin'), PORTAL);
  assert.equal(((await response.json()) as { code: string }).code, 'unauthenticated');
});

test('sign-in sends the CSRF token in an exposed header, and /me sends it again, for a page that cannot read the cookie', async () => {
  const response = await signIn(allowing);
  assert.equal(response.status, 200);
  const token = response.headers.get('x-csrf-token');
  assert.ok(token);
  assert.match(response.headers.get('access-control-expose-headers') ?? '', /X-CSRF-Token/i);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const me = await fetch(`${allowing.url}/api/me`, { headers: { origin: PORTAL, cookie } });
  assert.equal(me.headers.get('x-csrf-token'), token);
});

test('by default the session cookies are SameSite=Lax; in the cross-site mode SameSite=None; Secure; Partitioned', async () => {
  const lax = (await signIn(allowing)).headers.getSetCookie();
  assert.equal(lax.length, 2);
  for (const cookie of lax) assert.match(cookie, /SameSite=Lax/);
  const none = (await signIn(crossSite)).headers.getSetCookie();
  assert.equal(none.length, 2);
  for (const cookie of none) {
    assert.match(cookie, /SameSite=None/);
    assert.match(cookie, /Secure/);
    // Browsers that block third-party cookies (Chromium since 2025, Safari, Firefox) still keep partitioned ones.
    assert.match(cookie, /Partitioned/);
  }
});

test('an allow-list entry that is not an origin fails at start', async () => {
  await assert.rejects(startServer({ db, port: 0, allowedOrigins: ['https://portal.example/contacts'] }), /Not an origin/);
});
