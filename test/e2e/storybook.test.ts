// Storybook as a designer sees it (issue 20): the built Storybook (`storybook-static/`, as `npm test`'s
// storybook step builds it) served on 127.0.0.1 and browsed in Chromium. Each test saves a screenshot
// into .test-results/screenshots/ for a person to look at.
// - the Controls panel has a working control for every attribute and settable property of the manifest,
//   and a changed control changes what the story renders;
// - a docs page shows the story as HTML to paste;
// - the compact and narrow (card) stories render, "Save fails" shows the failure without typing;
// - no "Multiple versions of Lit" in the console, no onboarding checklist;
// - theme colours reach the check boxes (--portico-color-accent) and the error summary's links (--portico-color-link).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { launchBrowser, pageErrors } from './browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const staticDir = join(root, 'storybook-static');
const screenshots = join(root, '.test-results/screenshots');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface ManifestItem {
  name: string;
  kind?: string;
  readonly?: boolean;
  static?: boolean;
  privacy?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  attributes?: ManifestItem[];
  members?: ManifestItem[];
}
const manifest = JSON.parse(readFileSync(join(root, 'packages/elements/custom-elements.json'), 'utf8')) as {
  modules: { declarations?: ManifestDeclaration[] }[];
};
const declaration = (tag: string) => manifest.modules.flatMap((module) => module.declarations ?? []).find((item) => item.tagName === tag)!;

let server: Server;
let base: string;
let browser: Browser;
/** Every console message of every page the tests open, and every uncaught error. */
const consoleMessages: string[] = [];
const errors: string[] = [];

const openPage = async (path: string, viewport = { width: 1400, height: 1000 }): Promise<Page> => {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
  const thrown = pageErrors(page);
  page.on('close', () => errors.push(...thrown));
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  return page;
};

/**
 * The whole page. The manager UI is exactly the window high, and there a full-page capture (which
 * resizes the window) makes Storybook draw its panel afresh, scrolled and folded back: the window as it is.
 */
const screenshot = (page: Page, name: string, { manager = false } = {}) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: !manager });

/** The frame of the story (or docs page) inside the manager UI, once it has one. */
const previewFrame = async (page: Page): Promise<Frame> => {
  await page.waitForSelector('#storybook-preview-iframe');
  const handle = await page.$('#storybook-preview-iframe');
  const frame = await handle!.contentFrame();
  assert.ok(frame, 'the manager shows the preview in an iframe');
  return frame;
};

/** Waits until `predicate` (run in the page or frame, with `arg`) is true, then returns its value. */
const until = async <T>(target: Page | Frame, predicate: (arg: string) => T, arg = '', timeout = 15000) => {
  const handle = await target.waitForFunction(predicate, { timeout, polling: 100 }, arg);
  return (await handle.jsonValue()) as T;
};

/** The rows of the contact list of a story: the name cells of the rows with data. */
const listNames = (frame: Frame | Page) =>
  frame.evaluate(() => {
    const list = document.querySelector('contact-list');
    return [...(list?.shadowRoot?.querySelectorAll('tbody tr[data-id] th') ?? [])].map((cell) => cell.textContent!.trim());
  });

before(async () => {
  if (!existsSync(join(staticDir, 'index.html'))) {
    // The same build as `npm test`'s storybook step (scripts/test.mjs), so this file also runs alone.
    const build = spawnSync(
      process.execPath,
      ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '--quiet', '--loglevel', 'warn', '--output-dir', 'storybook-static'],
      { cwd: root, stdio: 'inherit' },
    );
    assert.equal(build.status, 0, 'Storybook builds');
  }
  mkdirSync(screenshots, { recursive: true });
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://storybook').pathname);
    const file = join(staticDir, normalize(path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(staticDir)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('Storybook, built and browsed', () => {
  it('has a working control for every attribute and settable property of <contact-list>, and a changed control changes the story', async () => {
    const page = await openPage('/?path=/story/elements-contact-list--default', { width: 1400, height: 1300 });
    await page.waitForSelector('#storybook-panel-root table.docblock-argstable tbody tr');
    // Each row of the Controls panel: its section (attributes, properties, css shadow parts, ...), name and control.
    const rows = await page.evaluate(() => {
      let section = '';
      const found: { section: string; name: string; control: string; editable: boolean }[] = [];
      for (const row of document.querySelectorAll('#storybook-panel-root table.docblock-argstable tbody tr')) {
        const cells = row.querySelectorAll(':scope > td');
        const toggle = /^(?:Hide|Show) (.+) items$/.exec(row.getAttribute('title') ?? '');
        if (toggle) {
          section = toggle[1]!;
          continue;
        }
        const control = cells[cells.length - 1];
        found.push({
          section,
          name: cells[0]?.textContent?.trim() ?? '',
          control: control?.textContent?.trim() ?? '',
          // An input, a select, or Storybook's "Set string/number/object" button that opens one.
          editable: !!control?.querySelector('input, select, textarea, button'),
        });
      }
      return found;
    });
    const { attributes = [], members = [] } = declaration('contact-list');
    for (const attribute of attributes) {
      const row = rows.find((candidate) => candidate.section === 'attributes' && candidate.name === attribute.name);
      assert.ok(row, `the attribute ${attribute.name} is listed under attributes`);
      assert.ok(row.editable && !/-$/.test(row.control), `the attribute ${attribute.name} has a control, not "${row.control}"`);
    }
    const settable = members.filter((member) => member.kind === 'field' && !member.readonly && !member.static && member.privacy !== 'private');
    for (const property of settable) {
      // A property of the same name as its attribute is one row, under attributes.
      const row = rows.find((candidate) => candidate.name === property.name && ['attributes', 'properties'].includes(candidate.section));
      assert.ok(row, `the property ${property.name} is listed`);
      assert.ok(row.editable && !/-$/.test(row.control), `the property ${property.name} has a control, not "${row.control}"`);
    }

    const frame = await previewFrame(page);
    await until(frame, () => (document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id]').length ?? 0) === 25);
    // The page size control: 5 rows.
    const pageSize = (await page.$('#control-page-size'))!;
    await pageSize.click({ count: 3 });
    await pageSize.type('5');
    await until(frame, () => document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id]').length === 5);
    // The search control: only the matching contacts.
    await page.type('#control-search', 'Walsh');
    await until(frame, () => {
      const names = [...(document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id] th') ?? [])].map((cell) => cell.textContent!);
      return names.length > 0 && names.every((name) => name.includes('Walsh'));
    });
    assert.equal(await frame.evaluate(() => document.querySelector('contact-list')?.getAttribute('search')), 'Walsh');
    assert.ok((await listNames(frame)).includes('Erin Walsh'));
    // The panel again (it redraws after a change), the properties folded so that the attributes show.
    await page.waitForSelector('#storybook-panel-root tr[title="Hide properties items"] button');
    await page.click('#storybook-panel-root tr[title="Hide properties items"] button');
    await until(page, () => {
      const search = document.querySelector<HTMLTextAreaElement>('#control-search');
      if (document.querySelector('#control-sortField') || search?.value !== 'Walsh') return false;
      search.closest('tr')!.scrollIntoView({ block: 'center' });
      const box = search.getBoundingClientRect();
      // On screen, not under the panel's edge.
      return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === search;
    });
    await screenshot(page, 'storybook-controls', { manager: true });
    await page.close();
  });

  it('has a control for every attribute and settable property of every element', async () => {
    // The argTypes the Controls panel draws, of one story per element, from the preview's own store.
    const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, { type: string; title: string }> };
    const firsts = [...new Map(Object.entries(index.entries).filter(([, entry]) => entry.type === 'story').map(([id, entry]) => [entry.title, id])).values()];
    const page = await openPage(`/iframe.html?id=${firsts[0]}&viewMode=story`);
    await page.waitForFunction(() => !!(globalThis as { __STORYBOOK_PREVIEW__?: { storyStoreValue?: unknown } }).__STORYBOOK_PREVIEW__?.storyStoreValue);
    const stories = await page.evaluate(async (ids: string[]) => {
      interface Loaded {
        component?: string;
        argTypes: Record<string, { name: string; control?: false | { type: string }; table?: { category?: string } }>;
      }
      const { storyStoreValue } = (globalThis as unknown as { __STORYBOOK_PREVIEW__: { storyStoreValue: { loadStory(input: { storyId: string }): Promise<Loaded> } } })
        .__STORYBOOK_PREVIEW__;
      const loaded = await Promise.all(ids.map((storyId) => storyStoreValue.loadStory({ storyId })));
      return loaded.map((story) => ({
        component: story.component ?? '',
        rows: Object.entries(story.argTypes).map(([key, argType]) => ({ key, name: argType.name, category: argType.table?.category ?? '', control: argType.control ? argType.control.type : '' })),
      }));
    }, firsts);
    await page.close();
    const missing: string[] = [];
    const elements = new Set<string>();
    for (const { component, rows } of stories) {
      const element = declaration(component);
      if (!element || elements.has(component)) continue;
      elements.add(component);
      for (const attribute of element.attributes ?? []) {
        const row = rows.find((candidate) => candidate.key === attribute.name);
        if (row?.category !== 'attributes' || !row.control) missing.push(`<${component}> attribute ${attribute.name}: ${row ? `${row.category}, control "${row.control}"` : 'no row'}`);
      }
      for (const property of element.members ?? []) {
        if (property.kind !== 'field' || property.readonly || property.static || property.privacy === 'private') continue;
        const row = rows.find((candidate) => candidate.key === property.name);
        if (!row || !['attributes', 'properties'].includes(row.category) || !row.control) missing.push(`<${component}> property ${property.name}`);
      }
    }
    assert.ok(elements.size >= 12, `one story each of ${elements.size} elements`);
    assert.deepEqual(missing, [], 'every attribute and settable property has a control');
  });

  it("shows the story's HTML to paste on the docs page", async () => {
    const page = await openPage('/?path=/docs/elements-contact-form--docs');
    const frame = await previewFrame(page);
    // Shown open under the first story, without pressing "Show code".
    const snippet = await until(frame, () => {
      const block = [...document.querySelectorAll('pre')].find((pre) => pre.textContent?.includes('<contact-form') && pre.getBoundingClientRect().height > 0);
      if (!block) return '';
      block.scrollIntoView({ block: 'center' });
      return block.textContent!;
    });
    assert.ok(await frame.$('::-p-text(Copy code)'), 'with a Copy button');
    assert.equal(snippet.match(/<script type="module" src="\/portico\/portico\.js"><\/script>/g)?.length, 1, 'the script once');
    assert.match(snippet, /<contact-form[^>]* base-url="\/api"/);
    assert.doesNotMatch(snippet, /<!--|display: contents/, 'no Lit markers or decorator wrappers');
    await screenshot(page, 'storybook-docs-snippet', { manager: true });
    await page.close();
  });

  it('renders the compact and the narrow (card) list, and "Save fails" shows the failure without typing', async () => {
    const compact = await openPage('/iframe.html?id=elements-contact-list--compact&viewMode=story&args=page-size:10');
    await until(compact, () => (document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id]').length ?? 0) > 0);
    const compactRow = await compact.evaluate(() => document.querySelector('contact-list')!.shadowRoot!.querySelector('tbody tr[data-id]')!.getBoundingClientRect().height);
    await screenshot(compact, 'storybook-compact');
    const normal = await openPage('/iframe.html?id=elements-contact-list--as-administrator&viewMode=story&args=page-size:10');
    await until(normal, () => (document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id]').length ?? 0) > 0);
    const normalRow = await normal.evaluate(() => document.querySelector('contact-list')!.shadowRoot!.querySelector('tbody tr[data-id]')!.getBoundingClientRect().height);
    assert.ok(compactRow < normalRow, `a compact row (${compactRow}px) is lower than a normal one (${normalRow}px)`);
    await compact.close();
    await normal.close();

    // As on a phone, five contacts a page.
    const narrow = await openPage('/iframe.html?id=elements-contact-list--narrow&viewMode=story&args=page-size:5', { width: 420, height: 900 });
    await until(narrow, () => (document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr[data-id]').length ?? 0) > 0);
    const card = await narrow.evaluate(() => {
      const list = document.querySelector('contact-list')!;
      const row = list.shadowRoot!.querySelector('tbody tr[data-id]')!;
      const email = row.querySelector('td[data-label="Email"]')!;
      return { display: getComputedStyle(row).display, label: getComputedStyle(email, '::before').content, width: list.getBoundingClientRect().width };
    });
    assert.equal(card.display, 'block', 'each contact is a card');
    assert.equal(card.label, '"Email: "', 'a card labels its values');
    assert.ok(card.width <= 22 * 16, `the list is narrow (${card.width}px)`);
    await screenshot(narrow, 'storybook-narrow-cards');
    await narrow.close();

    const form = await openPage('/iframe.html?id=elements-contact-form--save-fails&viewMode=story');
    const alert = await until(form, () => document.querySelector('contact-form')?.shadowRoot?.querySelector('[role=alert]')?.textContent?.trim() ?? '');
    assert.match(alert, /could not save/);
    const kept = await form.evaluate(() =>
      ['firstName', 'lastName', 'email'].map((id) => document.querySelector('contact-form')!.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!.value),
    );
    assert.deepEqual(kept, ['Nora', 'Quist', 'nora.quist@acme.example'], 'what was typed is still there');
    await screenshot(form, 'storybook-save-fails');
    await form.close();
  });

  it('checks and links in the theme colours', async () => {
    const page = await openPage('/iframe.html?id=elements-contact-form--themed-colours&viewMode=story');
    const colours = await until(page, () => {
      const root = document.querySelector('contact-form')?.shadowRoot;
      const link = root?.querySelector('[role=alert] a');
      const checked = [...(root?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? [])].find((box) => box.checked);
      return link && checked ? { accent: getComputedStyle(checked).accentColor, link: getComputedStyle(link).color } : undefined;
    });
    assert.deepEqual(colours, { accent: 'rgb(4, 120, 87)', link: 'rgb(126, 34, 206)' });
    // The story's errors are the names and the e-mail it leaves wrong; the account is chosen.
    const summary = await page.evaluate(() =>
      [...document.querySelector('contact-form')!.shadowRoot!.querySelectorAll('[role=alert] a')].map((link) => link.textContent!.trim()),
    );
    assert.deepEqual(summary, ['First name', 'Last name', 'Email']);
    await screenshot(page, 'storybook-theme');
    await page.close();
  });

  it('loads one copy of Lit, shows no onboarding checklist, and throws nothing', async () => {
    const page = await openPage('/?path=/story/elements-contact-form--create');
    await previewFrame(page);
    await page.waitForSelector('#storybook-explorer-tree');
    const text = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(text, /onboarding|checklist|get started/i, 'no onboarding checklist in the sidebar or menu');
    // Storybook draws the checklist only under `storybook dev` (CONFIG_TYPE DEVELOPMENT), so the built
    // manager is checked for the switches .storybook/main.ts sets for both.
    const features = await page.evaluate(() => {
      const { FEATURES } = globalThis as { FEATURES?: Record<string, unknown> };
      return { sidebar: FEATURES?.sidebarOnboardingChecklist, menu: FEATURES?.menuOnboardingChecklist };
    });
    assert.deepEqual(features, { sidebar: false, menu: false }, 'the onboarding checklist is switched off in the sidebar and the menu');
    await page.close();
    const lit = consoleMessages.filter((message) => /Multiple versions of Lit|Lit is in dev mode/.test(message));
    assert.deepEqual(lit, [], 'no Lit warnings on any page');
    assert.deepEqual(errors, [], 'no page threw');
  });
});
