// The demo portal of `npm start`, end to end: reference server (PGlite in memory) + Vite + Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startDemo, type RunningDemo } from '../../scripts/demo-server.js';
import { launchBrowser, pageErrors } from './browser.js';

let demo: RunningDemo;
let browser: Browser;

before(async () => {
  demo = await startDemo({ port: 0, apiPort: 0, memory: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** A page in its own browser context, so each test signs in afresh (no shared cookies). */
const newPage = async () => (await browser.createBrowserContext()).newPage();

/** Rows' names as the list shows them. */
const rowNames = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('contact-list')!;
    return [...list.shadowRoot!.querySelectorAll('tbody tr')].map((row) => row.querySelector('th, td:nth-child(3)')?.textContent?.trim() ?? '');
  });

const listText = (page: Page) => page.evaluate(() => document.querySelector('contact-list')!.shadowRoot!.textContent ?? '');

const signInAs = async (page: Page, userId: string) => {
  await page.goto(demo.url);
  const button = await page.waitForSelector(`xpath///button[strong[text()="${userId}"]]`);
  await button!.click();
  await page.waitForFunction(() => (document.querySelector('contact-list')?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0) > 0, { timeout: 20000 });
};

const search = async (page: Page, text: string, expected: string) => {
  const input = await page.waitForSelector('contact-list >>> #search');
  await input!.click({ count: 3 });
  await input!.type(text);
  await page.waitForFunction(
    (name) => document.querySelector('contact-list')!.shadowRoot!.querySelector('tbody')?.textContent?.includes(name) ?? false,
    { timeout: 10000 },
    expected,
  );
};

describe('demo portal', () => {
  it('shows the seeded contacts from the server to a customer administrator', async () => {
    const page = await newPage();
    const errors = pageErrors(page);
    await signInAs(page, 'carlos.ruiz');
    const names = await rowNames(page);
    assert.ok(names.length >= 10, `rows: ${names.length}`);
    assert.match(await listText(page), /of \d{3}/, 'the pager shows the total');
    await search(page, 'Victor', 'Victor Chen');
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });

  it('creates a contact in the form, which then appears in the list', async () => {
    const page = await newPage();
    const errors = pageErrors(page);
    await signInAs(page, 'carlos.ruiz');
    await page.click('#new-contact');
    const first = await page.waitForSelector('contact-form >>> #firstName', { visible: true });
    await first!.type('Grace');
    await (await page.$('contact-form >>> #lastName'))!.type('Hopper');
    await (await page.$('contact-form >>> #email'))!.type('grace.hopper@acme.example');
    await (await page.$('contact-form >>> [part="submit"]'))!.click();
    await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('#form-dialog')!.open, { timeout: 10000 });
    await search(page, 'Hopper', 'Grace Hopper');
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });

  it('names the missing field and keeps what was typed when the form is incomplete', async () => {
    const page = await newPage();
    await signInAs(page, 'carlos.ruiz');
    await page.click('#new-contact');
    const first = await page.waitForSelector('contact-form >>> #firstName', { visible: true });
    await first!.type('Ada');
    await (await page.$('contact-form >>> [part="submit"]'))!.click();
    await page.waitForSelector('contact-form >>> #lastName-error');
    const state = await page.evaluate(() => {
      const root = document.querySelector('contact-form')!.shadowRoot!;
      return {
        lastNameError: root.querySelector('#lastName-error')?.textContent ?? '',
        focused: root.activeElement?.id,
        firstName: root.querySelector<HTMLInputElement>('#firstName')!.value,
      };
    });
    assert.match(state.lastNameError, /Last name/);
    assert.equal(state.focused, 'lastName');
    assert.equal(state.firstName, 'Ada');
    await page.browserContext().close();
  });

  it('offers a contact without admin roles no way to change anything', async () => {
    const page = await newPage();
    await signInAs(page, 'victor.chen');
    assert.equal(await page.$eval('#new-contact', (button) => (button as HTMLElement).hidden), true);
    const menu = await page.waitForSelector('contact-list >>> [part="menu-button"]');
    await menu!.click();
    const items = await page.evaluate(() =>
      [...document.querySelector('contact-list')!.shadowRoot!.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent?.trim()),
    );
    assert.ok(items.length > 0, 'the menu opens with View');
    for (const forbidden of ['Edit', 'Delete', 'Disable login', 'Lock', 'Reset password', 'Assign roles']) {
      assert.ok(!items.includes(forbidden), `${forbidden} is not offered: ${items.join(', ')}`);
    }
    await page.browserContext().close();
  });
});
