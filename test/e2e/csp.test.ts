// Strict CSP and Trusted Types (issue 9): the CMS bundle dist/portico.js in a page whose policy
// allows no inline script or style, no eval, and HTML sinks only through the `lit-html` Trusted
// Types policy, next to the reference server. A customer administrator lists, searches, opens,
// edits and saves a contact; the page reports no CSP violation, no console error, no page error.
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '@portico/server';
import { servedBundle } from '../../scripts/build.js';
import { deep as deepShadow, launchBrowser, pageErrors } from './browser.js';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types lit-html";

const INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict portal</title>
<script type="module" src="/portico/portico.js"></script></head>
<body><main><h1>People</h1><contact-manager base-url="/api"></contact-manager></main></body></html>
`;

let api: RunningServer;
let site: Server;
let origin: string;
let browser: Browser;
/** portico.js and its on-demand chunks (portico-*.js), served from /portico/ as a portal would. */
let bundle: Map<string, string>;

before(async () => {
  bundle = await servedBundle();
  api = await startServer({ port: 0, host: '127.0.0.1', memory: true, demo: true });
  const target = new URL(api.url);
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname.startsWith('/api/')) {
      // The portal's proxy: /api goes to the reference server as it is.
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    const headers = { 'content-security-policy': STRICT_CSP, 'x-content-type-options': 'nosniff' };
    if (url.pathname === '/') res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(INDEX);
    // The browser asks for it on its own; a portal has one.
    else if (url.pathname === '/favicon.ico') res.writeHead(204, headers).end();
    else if (bundle.has(url.pathname)) res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(bundle.get(url.pathname));
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  await api?.close();
});

const deep = (page: Page, selector: string, text = '') => deepShadow(page, selector, { text });

const M = 'contact-manager >>> ';

describe('the CMS bundle under a strict CSP with Trusted Types', () => {
  it('lists, searches, opens, edits and saves a contact with no violation and no error', async () => {
    const page = await browser.newPage();
    const errors = pageErrors(page);
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url ?? ''}`.trim());
    });
    // Installed before any script of the page runs (through the DevTools protocol, which CSP does not govern).
    await page.evaluateOnNewDocument(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`));
    });
    const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

    // Demo sign-in on the site's origin, as the portal's own sign-in would set the cookies.
    await page.goto(`${origin}/api/openapi.json`);
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/demo/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'carlos.ruiz' }) });
      return response.status;
    });
    assert.equal(status, 200, 'demo sign-in');

    const response = await page.goto(`${origin}/`);
    assert.equal(response?.headers()['content-security-policy'], STRICT_CSP);
    // The list shows the seeded contacts.
    await deep(page, `${M}contact-list >>> tbody tr[data-id]`);
    // Search.
    const search = await deep(page, `${M}contact-list >>> #search`);
    await search.type('Victor');
    // Rows are reused by position, so the button is looked up once the search has settled.
    await page.waitForFunction(
      () =>
        [...document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-list')!.shadowRoot!.querySelectorAll('tbody tr[data-id]')].every((row) =>
          row.textContent?.includes('Victor'),
        ),
      { timeout: 10000 },
    );
    // Open the contact.
    await (await deep(page, `${M}contact-list >>> tbody th button`, 'Victor Chen')).click();
    await deep(page, `${M}contact-view >>> [part="fields"]`, 'Victor');
    // Edit and save.
    await (await deep(page, `${M}contact-view >>> [data-action="contact.update"]`)).click();
    const jobTitle = await deep(page, `${M}contact-form >>> #jobTitle`);
    await jobTitle.click({ count: 3 });
    await jobTitle.type('Head of Strict Policies');
    await (await deep(page, `${M}contact-form >>> [part="submit"]`)).click();
    await deep(page, `${M}contact-view >>> [part="fields"]`, 'Head of Strict Policies');
    // German is a chunk next to portico.js, loaded on demand: same origin, so script-src 'self' allows it.
    const german = page.waitForResponse((answer) => /\/portico\/portico-de-[^/]+\.js$/.test(answer.url()) && answer.ok());
    await page.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
    await german;
    await deep(page, `${M}contact-view >>> [data-action="contact.update"]`, 'Bearbeiten');

    assert.deepEqual(await violations(), [], 'no CSP or Trusted Types violation');
    assert.deepEqual(consoleErrors, [], 'no console error');
    assert.deepEqual(errors, [], 'no page error');

    // The policy is really in force: a raw string into an HTML sink is refused and reported.
    const refused = await page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>raw</b>');
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.equal(refused, true, 'Trusted Types refuse a plain string');
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0, { timeout: 5000 });
    assert.match((await violations()).join('\n'), /require-trusted-types-for/);
    await page.close();
  });
});
