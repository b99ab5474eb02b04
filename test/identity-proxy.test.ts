import { RestContactsClient } from '@portico/client-rest';
import { isContactsError, TOKEN_PROBLEM_TYPES } from '@portico/core';
import { createApiKey } from '@portico/server';
import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';

/**
 * Proxy mode (docs/embedding.md, "Identity"): the portal's own server forwards the page's calls to
 * Portico with an embed token it minted for its signed-in user. No token reaches the browser; the
 * page knows only the portal's session cookie.
 */

let portico: TestServer;
let proxy: Server;
let proxyUrl: string;
/** Portico's clock runs this far ahead of the real one. */
let skew = 0;
let minted = 0;
const tokensSeen = new Set<string>();

/** The portal's own sessions: its cookie's value → the signed-in user's Portico user ID. */
const portalSessions = new Map([
  ['s-erin', 'erin.walsh'],
  ['s-alice', 'alice.martin'],
]);

/**
 * The portal's forwarding route, as a portal would write it: `/contacts-api/*` → Portico's `/api/*`,
 * with the user's embed token (minted with the portal's API key, kept until it expires).
 */
const startPortalProxy = async (apiKey: string): Promise<Server> => {
  const tokens = new Map<string, string>();
  const mint = async (userId: string): Promise<string> => {
    const response = await fetch(`${portico.url}/api/embed-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (response.status !== 201) throw new Error(`Portico refused a token for ${userId}: ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    minted++;
    tokensSeen.add(token);
    tokens.set(userId, token);
    return token;
  };
  const server = createServer(async (request, response) => {
    const session = /(?:^|;\s*)portal_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const userId = session ? portalSessions.get(session) : undefined;
    const url = new URL(request.url ?? '/', 'http://portal.invalid');
    if (!url.pathname.startsWith('/contacts-api/')) return void response.writeHead(404).end();
    if (!userId) return void response.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Sign in to the portal', status: 401 }));
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const forward = async (token: string) =>
      fetch(`${portico.url}/api/${url.pathname.slice('/contacts-api/'.length)}${url.search}`, {
        method: request.method ?? 'GET',
        // Only what Portico needs: never the browser's cookies.
        headers: {
          authorization: `Bearer ${token}`,
          ...Object.fromEntries(['content-type', 'if-match', 'idempotency-key', 'accept', 'accept-language'].flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : []))),
        },
        ...(body ? { body } : {}),
      });
    let answer = await forward(tokens.get(userId) ?? (await mint(userId)));
    if (answer.status === 401 && ((await answer.clone().json()) as { type?: string }).type === TOKEN_PROBLEM_TYPES.expired) answer = await forward(await mint(userId));
    const headers = Object.fromEntries(['content-type', 'etag', 'location', 'x-total-count', 'retry-after'].flatMap((name) => (answer.headers.has(name) ? [[name, answer.headers.get(name)!]] : [])));
    response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
};

before(async () => {
  portico = await startTestServer({ now: () => new Date(Date.now() + skew) });
  proxy = await startPortalProxy((await createApiKey(portico.db, { companyId: 'acme', name: 'portal' })).key);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  proxy?.closeAllConnections();
  await portico?.close();
});

/** The page's client: it talks to the portal's origin with the portal's cookie, no token, no CSRF token of Portico's. */
const pageClient = (session: string) => new RestContactsClient({ baseUrl: `${proxyUrl}/contacts-api`, csrf: false, headers: () => ({ cookie: `portal_session=${session}` }) });

test("the page lists, edits and saves through the portal's proxy as the portal's signed-in user", async () => {
  const erin = pageClient('s-erin');
  assert.equal((await erin.me()).userId, 'erin.walsh');
  const page = await erin.listContacts({ pageSize: 10 });
  assert.ok(page.items.length > 0);
  const target = page.items.find((contact) => contact.roles.length === 0)!;
  const saved = await erin.updateContact(target.id, { jobTitle: 'Saved through the portal' }, { ifVersion: target.version });
  assert.equal(saved.jobTitle, 'Saved through the portal');
  // Each portal user acts as their own contact: Alice is the administrator.
  assert.deepEqual((await pageClient('s-alice').me()).roles, ['admin']);
});

test('no token reaches the browser', async () => {
  const response = await fetch(`${proxyUrl}/contacts-api/me`, { headers: { cookie: 'portal_session=s-erin' } });
  const text = await response.text();
  const exposed = [...tokensSeen].filter((token) => text.includes(token) || [...response.headers.values()].some((value) => value.includes(token)));
  assert.ok(tokensSeen.size > 0);
  assert.deepEqual(exposed, []);
  assert.equal(response.headers.get('set-cookie'), null);
});

test('the proxy mints a new token when the old one expires, unseen by the page', async (t) => {
  t.after(() => (skew = 0));
  const before = minted;
  skew = 20 * 60_000;
  assert.equal((await pageClient('s-erin').me()).userId, 'erin.walsh');
  assert.equal(minted, before + 1);
});

test('without a portal session the proxy forwards nothing', async () => {
  await assert.rejects(pageClient('s-unknown').me(), (error: unknown) => isContactsError(error) && error.status === 401);
});
