// What a CMS author sees with a wrong `base-url` (issue 20): the page of docs/cms.md, one script
// tag (dist/portico.js as `npm run build` makes it) and one element, on a site whose every other
// path is its own "page not found" HTML, as a CMS answers. No Portico API behind it at all.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { servedBundle } from '../../scripts/build.js';
import { launchBrowser, pageErrors } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(root, '.test-results/screenshots');

/** The author's page (in `lang`): the snippet of docs/cms.md with `element` in place of its tag. */
const authorPage = (element: string, lang = 'en') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Our people</title>
<script type="module" src="/portico/portico.js"></script></head>
<body><main><h1>Our people</h1>
${element}
</main></body></html>
`;

const PAGES: Record<string, string> = {
  '/manager': authorPage('<contact-manager base-url="/wrong" routing="hash"></contact-manager>'),
  '/list': authorPage('<contact-list base-url="/wrong"></contact-list>'),
  // A German site: the elements speak German, but what the author must fix is not hidden behind a translated "not found".
  // The two mistakes of docs/cms.md's "When nothing appears": no type="module", a wrong path (answered by the site's HTML 404 page).
  '/no-module': authorPage('<contact-manager base-url="/api"></contact-manager>').replace('<script type="module" ', '<script '),
  '/wrong-path': authorPage('<contact-manager base-url="/api"></contact-manager>').replace('/portico/portico.js', '/js/portico.js'),
  '/html-path': authorPage('<contact-manager base-url="/api"></contact-manager>').replace('/portico/portico.js', '/pages/portico.js'),
  '/de': authorPage('<contact-manager base-url="/wrong" routing="hash"></contact-manager>', 'de'),
  // A base-url into the part of the site that answers every address with a page of its own.
  '/site-page': authorPage('<contact-list base-url="/pages/api"></contact-list>', 'de'),
};

let site: Server;
let origin: string;
let browser: Browser;
let bundle: Map<string, string>;

before(async () => {
  bundle = await servedBundle();
  site = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://site');
    const page = PAGES[pathname];
    if (page) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    // Some sites answer every path under a folder with a page of their own, and status 200.
    else if (pathname.startsWith('/pages/')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Our site</title><h1>Welcome</h1>');
    else if (bundle.has(pathname)) res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle.get(pathname));
    else res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Page not found</title><h1>Sorry, this page does not exist.</h1>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
});

/**
 * The text a person reads in the element `selector` and its shadow roots (innerText of what is
 * visible), once an alert in them says something; '' before (evaluated in the page, polled).
 */
const shownTextOnceAlerted = (selector: string): string => {
  const texts: string[] = [];
  let alerted = false;
  // A queue, not a recursive function: the test's compiler would name it with a helper the page lacks.
  const hosts: Element[] = [document.querySelector(selector)!];
  for (const host of hosts) {
    for (const el of (host.shadowRoot ?? host).querySelectorAll('*')) {
      if (el.shadowRoot) hosts.push(el);
      if (el.getAttribute('role') === 'alert' && el.textContent?.trim() && el.checkVisibility()) alerted = true;
      if (el instanceof HTMLElement && el.childElementCount === 0 && el.checkVisibility()) texts.push(el.innerText);
    }
  }
  const text = texts.join(' ').replace(/\s+/g, ' ');
  return alerted ? text : '';
};

/** `text` as a regular expression that matches it literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('a CMS page whose base-url points at no Portico API', () => {
  for (const [path, tag] of [
    ['/manager', 'contact-manager'],
    ['/list', 'contact-list'],
    ['/de', 'contact-manager'],
  ] as const) {
    it(`<${tag} base-url="/wrong">${path === '/de' ? ' on a German page' : ''} says which URL failed and to check base-url`, async () => {
      const page = await browser.newPage();
      const errors = pageErrors(page);
      await page.setViewport({ width: 800, height: 600 });
      await page.goto(`${origin}${path}`);
      const base = `${origin}/wrong/`;
      // Any error first, then what it says: a generic message alone fails the assertions, not the wait.
      const shown = (await (await page.waitForFunction(shownTextOnceAlerted, { timeout: 10000, polling: 100 }, tag)).jsonValue()) as string;
      if (path !== '/list') await page.screenshot({ path: join(SCREENSHOTS, path === '/de' ? 'cms-wrong-base-url-de.png' : 'cms-wrong-base-url.png'), fullPage: true });
      assert.match(shown, new RegExp(`GET ${literal(base)}\\S* answered 404 Not Found`), `the failed URL: ${shown}`);
      assert.match(shown, new RegExp(`there is no Portico API at ${literal(base)}\\. Check base-url\\.`), `and what to check: ${shown}`);
      if (path === '/manager') {
        // docs/cms.md quotes it, on its example site.
        const message = shown.slice(shown.indexOf('The contacts could not be loaded.'), shown.indexOf('Check base-url.') + 'Check base-url.'.length);
        const docs = readFileSync(join(root, 'docs/cms.md'), 'utf8').replace(/\n> /g, ' ');
        assert.ok(docs.includes(`${message.replaceAll(origin, 'https://your.site')}`), `docs/cms.md quotes: ${message}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('a base-url where the site answers with a page of its own (status 200) says it got a web page, on a German page too', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/site-page`);
    const shown = (await (await page.waitForFunction(shownTextOnceAlerted, { timeout: 10000, polling: 100 }, 'contact-list')).jsonValue()) as string;
    assert.match(shown, new RegExp(`GET /contacts \\(${literal(`${origin}/pages/api/contacts`)}\\) is a web page, not JSON: check base-url`), shown);
    const docs = readFileSync(join(root, 'docs/cms.md'), 'utf8').replace(/\n> /g, ' ');
    assert.ok(docs.includes('is a web page, not JSON: check base-url, or sign in if that page asks you to.'), 'docs/cms.md quotes it');
    await page.close();
  });
});

describe('a CMS page whose script tag is wrong', () => {
  const docs = readFileSync(join(root, 'docs/cms.md'), 'utf8');
  const nothingAppears = docs.slice(docs.indexOf('## When nothing appears'), docs.indexOf('\n## ', docs.indexOf('## When nothing appears') + 3));
  for (const [path, mistake] of [
    ['/no-module', 'no type="module"'],
    ['/wrong-path', 'a wrong path, answered 404'],
    ['/html-path', 'a wrong path, answered with a page of the site'],
  ] as const) {
    it(`${mistake}: the element stays empty, and docs/cms.md quotes what the console says`, async () => {
      const page = await browser.newPage();
      const said: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && said.push(message.text())));
      page.on('pageerror', (error) => said.push(error instanceof Error ? error.message : String(error)));
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      assert.equal(await page.evaluate(() => customElements.get('contact-manager')), undefined, 'nothing registered');
      assert.equal(said.length, 1, said.join('\n'));
      // Its first sentence, as the table quotes it.
      const quoted = said[0]!.split('. ')[0]!;
      assert.ok(nothingAppears.includes(quoted), `docs/cms.md, "When nothing appears", quotes: ${quoted}`);
      await page.close();
    });
  }
});
