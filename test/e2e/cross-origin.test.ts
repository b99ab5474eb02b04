// A page on another origin than the API (issue 18, item 2), with the CMS bundle: the portal serves
// the page, the reference server the API on another port or another site.
// - same site (127.0.0.1:page → 127.0.0.1:api): CORS allow-list, SameSite=Lax cookies;
// - cross site (localhost:page → 127.0.0.1:api): CORS allow-list, SameSite=None; Secure; Partitioned cookies,
//   the CSRF token from the server's header since the page cannot read the API's cookie;
// - CORS off: the list says the browser blocked the request and which origin to allow.
// - cross site with the portal's identity (localhost:page → 127.0.0.1:api): no cookie at all, the
//   page's REST client sends the portal's OpenID Connect access token (`getToken`), issued by a real
//   provider (oidc-provider) to the portal's back end, which hands it to its page.
// The cookie modes sign in through the demo sign-in on the API, as a portal's sign-in page on that API would.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { createPgliteDatabase, migrate, seedDatabase, startServer, type AuthOptions, type Database, type RunningServer } from '@portico/server';
import { servedBundle } from '../../scripts/build.js';
import { PORTICO_AUDIENCE, startOpenIdProvider, type TestOpenIdProvider } from '../../packages/server/test/oidc-provider.js';
import { deep as deepShadow, launchBrowser, pageErrors } from './browser.js';

let db: Database;
let site: Server;
let sitePort: number;
let browser: Browser;
let bundle: Map<string, string>;
const apis: RunningServer[] = [];
let provider: TestOpenIdProvider;
/** The access token the portal's back end holds for its signed-in user, and how often its page asked for it. */
let portalToken = '';
let tokenRequests = 0;

/** The page: the bundle and a contact manager on the API at `?api=`. */
const index = (api: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal on another origin</title>
<script type="module" src="/portico/portico.js"></script></head>
<body><main><h1>People</h1><contact-manager base-url="${api}/api" sign-in-url="/sign-in"></contact-manager></main></body></html>
`;

/** The page of a portal that signs its users in itself: a REST client with the portal's token, no base-url. */
const bearerPage = (api: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal with its own sign-in</title>
<script type="module" src="/portico/portico.js"></script></head>
<body><main><h1>People</h1><contact-manager></contact-manager></main>
<script type="module">
  import { RestContactsClient } from '/portico/portico.js';
  document.querySelector('contact-manager').client = new RestContactsClient({
    baseUrl: ${JSON.stringify(`${api}/api`)},
    getToken: () => fetch('/portal/contacts-token').then((response) => response.text()),
  });
</script></body></html>
`;

before(async () => {
  bundle = await servedBundle();
  db = await createPgliteDatabase();
  await migrate(db);
  await seedDatabase(db);
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index(url.searchParams.get('api') ?? ''));
    else if (url.pathname === '/bearer') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(bearerPage(url.searchParams.get('api') ?? ''));
    else if (url.pathname === '/portal/contacts-token') {
      tokenRequests++;
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(portalToken);
    }    else if (bundle.has(url.pathname)) res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle.get(url.pathname));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as AddressInfo).port;
  provider = await startOpenIdProvider({ 'carlos.ruiz': { claims: { email: 'carlos.ruiz@acme.example', email_verified: true } } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  for (const api of apis) await api.close();
  await provider?.close();
  await db?.close();
});

const api = async (options: { allowedOrigins?: string[]; crossSiteCookies?: boolean; auth?: AuthOptions }): Promise<RunningServer> => {
  const server = await startServer({ db, port: 0, host: '127.0.0.1', demo: true, rateLimits: false, ...options });
  apis.push(server);
  return server;
};

const deep = (page: Page, selector: string, text = '') => deepShadow(page, selector, { text, timeout: 20000 });

const M = 'contact-manager >>> ';

/** In the list, opens Victor Chen, edits his job title and saves; waits until the view shows it. */
const editVictor = async (page: Page, jobTitle: string) => {
  await deep(page, `${M}contact-list >>> tbody tr[data-id]`);
  await (await deep(page, `${M}contact-list >>> tbody th button`, 'Victor Chen')).click();
  await (await deep(page, `${M}contact-view >>> [data-action="contact.update"]`)).click();
  const field = await deep(page, `${M}contact-form >>> #jobTitle`);
  await field.click({ count: 3 });
  await field.type(jobTitle);
  await (await deep(page, `${M}contact-form >>> [part="submit"]`)).click();
  await deep(page, `${M}contact-view >>> [part="fields"]`, jobTitle);
};

/** Opens the page on `pageOrigin`, signs in on the API from it, lists, opens, edits and saves a contact. */
const listEditSave = async (pageOrigin: string, apiUrl: string, jobTitle: string) => {
  const page = await browser.newPage();
  const errors = pageErrors(page);
  try {
    await page.goto(`${pageOrigin}/?api=${encodeURIComponent(apiUrl)}`);
    const status = await page.evaluate(async (base: string) => {
      const response = await fetch(`${base}/api/demo/sign-in`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'carlos.ruiz' }),
      });
      return response.status;
    }, apiUrl);
    assert.equal(status, 200, 'demo sign-in from the page');
    // Reloaded, as a person comes back: the session cookie alone signs the list in.
    await page.reload();
    await editVictor(page, jobTitle);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
};

describe('a page on another origin than the API', () => {
  it('same site, another port: lists, edits and saves with CORS on and SameSite=Lax cookies', async () => {
    const pageOrigin = `http://127.0.0.1:${sitePort}`;
    const server = await api({ allowedOrigins: [pageOrigin] });
    await listEditSave(pageOrigin, server.url, 'Head of Same-Site Pages');
  });

  it('cross site: lists, edits and saves with CORS on and SameSite=None; Secure; Partitioned cookies', async () => {
    const pageOrigin = `http://localhost:${sitePort}`;
    const server = await api({ allowedOrigins: [pageOrigin], crossSiteCookies: true });
    await listEditSave(pageOrigin, server.url, 'Head of Cross-Site Pages');
  });

  it('cross site, signed in through the portal\'s OpenID provider: the page\'s bearer token lists, edits and saves, with no cookie', async () => {
    const pageOrigin = `http://localhost:${sitePort}`;
    const server = await api({ allowedOrigins: [pageOrigin], auth: { oidc: { issuer: provider.issuer, audience: PORTICO_AUDIENCE } } });
    // The portal's back end signed carlos.ruiz in at its provider and holds his access token.
    portalToken = await provider.accessToken('carlos.ruiz');
    tokenRequests = 0;
    // A context of its own: the cookie modes' pages left their cookies in the default one.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${pageOrigin}/bearer?api=${encodeURIComponent(server.url)}`);
      await editVictor(page, 'Head of Bearer Pages');
      assert.deepEqual(errors, []);
      assert.ok(tokenRequests >= 1, 'the client asked the portal for the token');
      assert.deepEqual(await context.cookies(), [], 'neither the API nor the page set a cookie');
    } finally {
      await context.close();
    }
    // The change is on the server, read with the same token as any API client would.
    const victor = await fetch(`${server.url}/api/contacts/c-victor`, { headers: { authorization: `Bearer ${portalToken}` } });
    assert.equal(victor.status, 200);
    assert.equal(((await victor.json()) as { jobTitle: string }).jobTitle, 'Head of Bearer Pages');
    const audit = await db.query<{ actor_contact_id: string }>("select actor_contact_id from audit_log where action = 'contact.update' and target_id = 'c-victor' order by id desc limit 1");
    assert.equal(audit.rows[0]?.actor_contact_id, (await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${portalToken}` } })).json() as { contactId: string }).contactId);
  });

  it('with CORS off, the list says the browser blocked the request and which origin to allow', async () => {
    const pageOrigin = `http://127.0.0.1:${sitePort}`;
    const server = await api({});
    const page = await browser.newPage();
    try {
      await page.goto(`${pageOrigin}/?api=${encodeURIComponent(server.url)}`);
      await deep(page, `${M}contact-list >>> [role="alert"]`, `allow ${pageOrigin} on the server`);
      const text = await page.evaluate(
        () => document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-list')!.shadowRoot!.querySelector('[role="alert"]')!.textContent,
      );
      assert.match(text ?? '', new RegExp(`the browser blocked this request \\(CORS\\): allow ${pageOrigin.replace(/\./g, '\\.')} on the server at ${server.url.replace(/\./g, '\\.')}`));
    } finally {
      await page.close();
    }
  });
});
