// The viewer changes without a reload (issue 17): a customer administrator signs out in the demo and a
// plain contact signs in on the same page. Nothing of the administrator's list, total, open contact or
// permissions may survive: the page must show what a fresh page shows that contact.
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

const LIST = "document.querySelector('contact-manager')?.shadowRoot?.querySelector('contact-list')";

/** What the list shows: its rows' texts and the pager's range ("1–25 of 137"). */
interface ListShown {
  rows: string[];
  range: string;
  newContact: boolean;
}

const listShown = (page: Page): Promise<ListShown> =>
  page.evaluate((list) => {
    const el = eval(list) as HTMLElement;
    const manager = document.querySelector('contact-manager')!.shadowRoot!;
    return {
      rows: [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()),
      range: el.shadowRoot!.querySelector('[part="pager"] .range')?.textContent?.trim() ?? '',
      newContact: manager.querySelector('#new-contact') !== null,
    };
  }, LIST);

/** Waits until the list shows rows and is not loading, then what it shows. */
const settledList = async (page: Page, notRange?: string): Promise<ListShown> => {
  await page.waitForFunction(
    (list, before) => {
      const el = eval(list) as (HTMLElement & { activeViewer?: unknown }) | null;
      const root = el?.shadowRoot;
      // Rows drawn before the viewer is known have no actions yet: wait for the viewer too.
      if (!root || !el.activeViewer || root.querySelectorAll('tbody tr').length === 0 || root.querySelector('[aria-busy="true"]')) return false;
      const range = root.querySelector('[part="pager"] .range')?.textContent?.trim() ?? '';
      return range !== '' && range !== before;
    },
    { timeout: 20000, polling: 100 },
    LIST,
    notRange ?? '',
  );
  return listShown(page);
};

const chooseViewer = async (page: Page, userId: string) => {
  const button = await page.waitForSelector(`xpath///button[strong[text()="${userId}"]]`, { visible: true });
  await button!.click();
};

describe('the demo portal when the viewer changes without a reload', () => {
  it('shows a plain contact after a customer administrator exactly what a fresh page shows that contact', async () => {
    // What a fresh page shows the plain contact.
    const fresh = await (await browser.createBrowserContext()).newPage();
    await fresh.goto(demo.url);
    await chooseViewer(fresh, 'victor.chen');
    const expected = await settledList(fresh);
    await fresh.browserContext().close();

    const page = await (await browser.createBrowserContext()).newPage();
    const errors = pageErrors(page);
    await page.goto(demo.url);
    await chooseViewer(page, 'carlos.ruiz');
    const admin = await settledList(page);
    assert.notEqual(admin.range, expected.range, 'the administrator sees another total than the contact (else this test proves nothing)');
    assert.equal(admin.newContact, true, 'the administrator may create contacts');

    // Open a contact as the administrator, then sign out and in as the contact, in the same page.
    await page.evaluate(() => document.querySelector('contact-manager')!.navigate({ view: 'contact', contactId: 'c-carlos' }));
    await page.waitForFunction(() => document.querySelector('contact-manager')?.route.view === 'contact');
    const signOut = await page.waitForSelector('xpath///div[@id="session"]//button[text()="Sign out"]');
    await signOut!.click();
    await chooseViewer(page, 'victor.chen');
    const after = await settledList(page, admin.range);

    assert.equal(after.range, expected.range, 'the total is the contact\'s');
    assert.deepEqual(after.rows, expected.rows, 'the rows are the contact\'s');
    assert.equal(after.newContact, false, 'no New contact for a contact who may not create');
    assert.equal(await page.evaluate(() => document.querySelector('contact-manager')!.route.view), 'list', 'back on the list, not on the administrator\'s contact');
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });
});
