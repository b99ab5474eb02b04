// The demo portal of `npm start`, end to end: reference server (PGlite in memory) + Vite + Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, SerializedAXNode } from 'puppeteer-core';
import { startDemo, type RunningDemo } from '../../scripts/demo-server.js';
import { deep as deepShadow, launchBrowser, pageErrors } from './browser.js';

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

/** The list inside `<contact-manager>` (evaluated in the page). */
const LIST = "document.querySelector('contact-manager').shadowRoot.querySelector('contact-list')";
const M = 'contact-manager >>> ';

/** The demo's pages render fast: a shorter wait than the shared default. */
const deep = (page: Page, selector: string, options: { text?: string; timeout?: number } = {}) => deepShadow(page, selector, { timeout: 10000, ...options });

/** Rows' names as the list shows them. */
const rowNames = (page: Page) =>
  page.evaluate((list) => {
    const el = eval(list) as HTMLElement;
    return [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) => row.querySelector('th, td:nth-child(3)')?.textContent?.trim() ?? '');
  }, LIST);

const listText = (page: Page) => page.evaluate((list) => (eval(list) as HTMLElement).shadowRoot!.textContent ?? '', LIST);

const signInAs = async (page: Page, userId: string) => {
  await page.goto(demo.url);
  const button = await page.waitForSelector(`xpath///button[strong[text()="${userId}"]]`);
  await button!.click();
  await page.waitForFunction(
    (list) => ((eval(list) as HTMLElement | null)?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0) > 0,
    { timeout: 20000 },
    LIST,
  );
};

const search = async (page: Page, text: string, expected: string) => {
  const input = await deep(page, `${M}contact-list >>> #search`);
  await input.click({ count: 3 });
  await input.type(text);
  await page.waitForFunction(
    (list, name) => (eval(list) as HTMLElement).shadowRoot!.querySelector('tbody')?.textContent?.includes(name) ?? false,
    { timeout: 10000 },
    LIST,
    expected,
  );
};

/** Text of the contact page's fields. */
const viewText = (page: Page) =>
  page.evaluate(
    () => document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-view')?.shadowRoot?.querySelector('dl')?.textContent?.replace(/\s+/g, ' ') ?? '',
  );

/** Clicks an action of the contact page and waits for the one that follows it. */
const viewAction = async (page: Page, action: string, next?: string) => {
  await (await deep(page, `${M}contact-view >>> [data-action="${action}"]`)).click();
  if (next) await deep(page, `${M}contact-view >>> [data-action="${next}"]`);
};

const fillNewContact = async (page: Page, values: Record<string, string>) => {
  await (await deep(page, `${M}#new-contact`)).click();
  for (const [field, value] of Object.entries(values)) {
    const input = await deep(page, `${M}contact-form >>> #${field}`);
    await input.type(value);
  }
  await (await page.$(`${M}contact-form >>> [part="submit"]`))!.click();
};

/** Every node of an accessibility tree (what a screen reader is given), depth first. */
const axNodes = (node: SerializedAXNode | null): SerializedAXNode[] => (node ? [node, ...(node.children ?? []).flatMap(axNodes)] : []);

/** The accessibility tree under an element reached by a `>>>` path, with the nodes Chromium counts as uninteresting. */
const axTree = async (page: Page, selector: string) => axNodes(await page.accessibility.snapshot({ root: await deep(page, selector), interestingOnly: false }));

/** Where the tests leave screenshots for a person to look at. */
const SCREENSHOTS = new URL('../../.test-results/screenshots/', import.meta.url).pathname;

/** How far the page scrolls sideways: the document's width beyond the viewport, and the widest things that stick out. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const width = innerWidth;
    const beyond: string[] = [];
    // A queue, not a recursive function: the test's compiler would name it with a helper the page lacks.
    const roots: [Document | ShadowRoot, string][] = [[document, '']];
    for (const [root, path] of roots) {
      for (const el of root.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        const name = `${path}${el.localName}${el.id ? `#${el.id}` : ''}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}`;
        if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) beyond.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
        // Text wider than its box (a long word or URL) sticks out without any box doing so.
        else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible') beyond.push(`${name}'s text ${el.scrollWidth}px in ${el.clientWidth}px`);
        if (el.shadowRoot) roots.push([el.shadowRoot, `${name} >>> `]);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, beyond: beyond.slice(0, 8) };
  });

const assertNoSidewaysScroll = async (page: Page, where: string) => {
  const { scrollWidth, innerWidth, beyond } = await sidewaysOverflow(page);
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth}px wide in a ${innerWidth}px viewport; sticking out: ${beyond.join('; ')}`);
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
    await fillNewContact(page, { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@acme.example' });
    // Saved: the manager shows the new contact's page, then Back leads to the list.
    await page.waitForFunction(() => /^#\/contacts\/[^/]+$/.test(location.hash) && location.hash !== '#/contacts/new', { timeout: 10000 });
    await (await deep(page, `${M}#back`)).click();
    await search(page, 'Hopper', 'Grace Hopper');
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });

  it('names the missing field and keeps what was typed when the form is incomplete', async () => {
    const page = await newPage();
    await signInAs(page, 'carlos.ruiz');
    await fillNewContact(page, { firstName: 'Ada' });
    await deep(page, `${M}contact-form >>> #lastName-error`);
    const state = await page.evaluate(() => {
      const root = document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-form')!.shadowRoot!;
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

  it('gives assistive technology the names, states and messages of the list and the form', async () => {
    const page = await newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await signInAs(page, 'carlos.ruiz');
    // The list: a table named "Contacts" whose rows are headed by the contact's name.
    const table = await axTree(page, `${M}contact-list >>> table`);
    assert.equal(table[0]!.role, 'table');
    assert.equal(table[0]!.name, 'Contacts');
    const rowHeaders = table.filter((node) => node.role === 'rowheader').map((node) => node.name);
    assert.deepEqual(rowHeaders, await rowNames(page));
    assert.ok(table.some((node) => node.role === 'checkbox' && node.name === `Select ${rowHeaders[0]}`), 'each row has a named checkbox');
    for (const column of ['Name', 'Email', 'Status']) assert.ok(table.some((node) => node.role === 'columnheader' && node.name === column), `column ${column}`);
    const whole = axNodes(await page.accessibility.snapshot());
    assert.ok(whole.some((node) => node.role === 'searchbox' && node.name === 'Search contacts'));

    // An incomplete form: a summary alert, the focus on the first field, each field invalid and described by its message.
    await (await deep(page, `${M}#new-contact`)).click();
    await (await deep(page, `${M}contact-form >>> [part="submit"]`)).click();
    await deep(page, `${M}contact-form >>> #email-error`);
    const form = axNodes(await page.accessibility.snapshot());
    const alert = form.find((node) => node.role === 'alert');
    assert.ok(alert, 'an alert');
    assert.match(axNodes(alert).map((node) => node.name ?? '').join(' '), /Please correct 3 fields/);
    const field = (name: string) => form.find((node) => node.role === 'textbox' && node.name === name);
    for (const [name, message] of [
      ['First name (required)', 'First name is required.'],
      ['Last name (required)', 'Last name is required.'],
      ['Email (required)', 'Email is required.'],
    ] as const) {
      assert.equal(field(name)?.invalid, 'true', `${name} is invalid`);
      assert.equal(field(name)?.required, true, `${name} is required`);
      assert.equal(field(name)?.description, message, `${name} is described by its message`);
    }
    assert.equal(field('First name (required)')?.focused, true, 'the first invalid field has the focus');
    assert.equal(field('Job title')?.invalid, undefined, 'a valid field is not invalid');
    assert.ok(form.some((node) => node.role === 'switch' && node.name === 'Notifications' && node.checked === true));

    // The role picker: two named multi-select lists whose options are the roles.
    const available = await axTree(page, `${M}role-picker >>> #available-list`);
    assert.equal(available[0]!.role, 'listbox');
    assert.equal(available[0]!.name, 'Available');
    assert.equal(available[0]!.multiselectable, true);
    const options = available.filter((node) => node.role === 'option');
    assert.equal(options.length, 3, 'the three contact roles offered');
    assert.ok(options.some((node) => node.name?.startsWith('Partner administrator') && node.selected === false));
    // The permission sets are checkboxes beside the lists, not options in them.
    assert.ok(!options.some((node) => node.name?.startsWith('Billing')), 'no permission set in the dual list');
    assert.ok(options.some((node) => node.disabled === true && node.description === 'You may not assign or remove this role.'), 'a role the viewer may not assign says why');
    await page.browserContext().close();
  });

  it('offers a contact without admin roles no way to change anything', async () => {
    const page = await newPage();
    await signInAs(page, 'victor.chen');
    const menu = await deep(page, `${M}contact-list >>> [part="menu-button"]`);
    assert.equal(await page.$(`${M}#new-contact`), null, 'no New contact');
    await menu.click();
    const items = await page.evaluate(
      (list) => [...(eval(list) as HTMLElement).shadowRoot!.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent?.trim()),
      LIST,
    );
    assert.ok(items.length > 0, 'the menu opens with View');
    for (const forbidden of ['Edit', 'Delete', 'Disable login', 'Lock', 'Reset password', 'Assign roles']) {
      assert.ok(!items.includes(forbidden), `${forbidden} is not offered: ${items.join(', ')}`);
    }
    await page.browserContext().close();
  });

  it('takes a contact through its whole life as a customer administrator', async () => {
    const page = await newPage();
    const errors = pageErrors(page);
    await signInAs(page, 'carlos.ruiz');
    await fillNewContact(page, { firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret.hamilton@acme.example' });
    await deep(page, `${M}contact-view >>> [part="fields"]`);
    assert.match(await viewText(page), /User ID\s*margaret\.hamilton/, 'the suggested user ID');
    assert.match(await viewText(page), /Login\s*No login/);

    await viewAction(page, 'login.create', 'login.disable');
    assert.match(await viewText(page), /Login\s*Active/);
    await viewAction(page, 'login.disable', 'login.enable');
    assert.match(await viewText(page), /Login\s*Disabled/);
    await viewAction(page, 'login.enable', 'login.lock');
    await viewAction(page, 'login.lock', 'login.unlock');
    assert.match(await viewText(page), /Login\s*Locked/);
    await viewAction(page, 'login.unlock', 'login.lock');
    assert.match(await viewText(page), /Login\s*Active/);

    await viewAction(page, 'roles.assign');
    const billing = await deep(page, `${M}role-picker >>> [part="permission-sets"] input[value="billing"]`);
    await billing.click();
    await page.waitForFunction(
      () => document.querySelector('contact-manager')!.shadowRoot!.querySelector('role-picker')!.shadowRoot!.querySelector<HTMLInputElement>('input[value="billing"]')!.checked,
      { timeout: 10000 },
    );
    await (await deep(page, `${M}#roles-ok`)).click();
    await page.waitForFunction(
      () => /Roles\s*Billing/.test(document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-view')!.shadowRoot!.querySelector('dl')!.textContent!.replace(/\s+/g, ' ')),
      { timeout: 10000 },
    );

    await viewAction(page, 'password.reset_link');
    await (await deep(page, `${M}password-reset >>> input[name="confirm"]`)).click();
    await (await deep(page, `${M}password-reset >>> [part="button"]`)).click();
    await deep(page, `${M}password-reset >>> [part="result"]`, { text: 'Sent to' });
    await page.waitForFunction(() => document.querySelector('#outbox')!.textContent!.includes('margaret.hamilton@acme.example'), { timeout: 10000 });
    // The mailed link opens the demo portal (its public URL), not the API server behind it.
    assert.ok((await page.$eval('#outbox', (outbox) => outbox.textContent!)).includes(`${demo.url}reset-password?token=`));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('contact-manager')!.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!.open);

    await viewAction(page, 'contact.delete');
    const question = await deep(page, `${M}contact-delete >>> [part="question"]`);
    assert.equal(await question.evaluate((node) => node.textContent?.trim()), 'Delete Margaret Hamilton? This cannot be undone.');
    await (await deep(page, `${M}contact-delete >>> [part="confirm"]`)).click();
    await page.waitForFunction(() => location.hash === '#/contacts', { timeout: 10000 });
    const input = await deep(page, `${M}contact-list >>> #search`);
    await input.type('Hamilton');
    await page.waitForFunction(
      (list) => /No contacts match/.test((eval(list) as HTMLElement).shadowRoot!.textContent ?? ''),
      { timeout: 10000 },
      LIST,
    );
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });

  it('refuses the same flow to a contact without admin roles', async () => {
    const page = await newPage();
    await signInAs(page, 'victor.chen');
    assert.equal(await page.$(`${M}#new-contact`), null);
    await page.evaluate(() => (location.hash = '#/contacts/new'));
    await deep(page, `${M}.message`, { text: 'You may not create contacts.' });
    assert.equal(await page.$(`${M}contact-form`), null);
    await page.evaluate(() => (location.hash = '#/contacts/c-carlos'));
    await deep(page, `${M}contact-view >>> [part="fields"]`);
    const actions = await page.evaluate(
      () => document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-view')!.shadowRoot!.querySelectorAll('[part="actions"] button').length,
    );
    assert.equal(actions, 0, 'no action on the contact page');
    await page.evaluate(() => (location.hash = '#/contacts/c-carlos/edit'));
    await deep(page, `${M}.message`, { text: 'You may not edit this contact.' });
    await page.browserContext().close();
  });

  it('fits a 360-px phone: no sideways scroll, the header names the role', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const width of [360, 320]) {
      const page = await newPage();
      const errors = pageErrors(page);
      await page.setViewport({ width, height: 780 });
      await signInAs(page, 'carlos.ruiz');
      const header = await page.$eval('header', (node) => (node as HTMLElement).innerText);
      assert.match(header, /Customer administrator/, `the header names the role: ${header}`);
      assert.doesNotMatch(header, /customer_admin/, 'not its id');

      // A reset link mailed to Victor, so the page's outbox shows a mail with its long link, as after any reset.
      await page.evaluate(() => (location.hash = '#/contacts/c-victor'));
      await viewAction(page, 'password.reset_link');
      await (await deep(page, `${M}password-reset >>> input[name="confirm"]`)).click();
      await (await deep(page, `${M}password-reset >>> [part="button"]`)).click();
      await deep(page, `${M}password-reset >>> [part="result"]`, { text: 'Sent to' });
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('#outbox')!.textContent!.includes('reset-password?token='), { timeout: 10000 });

      await page.evaluate(() => (location.hash = '#/contacts'));
      await page.waitForFunction((list) => ((eval(list) as HTMLElement | null)?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0) > 0, { timeout: 10000 }, LIST);
      await assertNoSidewaysScroll(page, `${width}px, the list`);
      if (width === 360) await page.screenshot({ path: `${SCREENSHOTS}demo-360-list.png`, fullPage: true });

      await page.evaluate(() => (location.hash = '#/contacts/c-carlos'));
      await deep(page, `${M}contact-view >>> [part="fields"]`, { text: 'Carlos' });
      await assertNoSidewaysScroll(page, `${width}px, a contact's page`);
      if (width === 360) await page.screenshot({ path: `${SCREENSHOTS}demo-360-contact.png`, fullPage: true });

      await page.evaluate(() => (location.hash = '#/contacts/c-carlos/edit'));
      await deep(page, `${M}contact-form >>> #lastName`);
      await assertNoSidewaysScroll(page, `${width}px, the edit form`);
      if (width === 360) await page.screenshot({ path: `${SCREENSHOTS}demo-360-edit.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await page.browserContext().close();
    }
  });
});
