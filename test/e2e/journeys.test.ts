// The contact's side of a login (issue 17), end to end in Chromium on the demo portal and the reference
// server: what an administrator starts (a new login, a temporary password, a password they set) and
// what the person on the other end of the mail then does, typing and clicking as they would. The mails
// are read from the demo outbox API; an expired link is reached by moving the server's clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import type { OutboxMessage } from '@portico/core';
import { startDemo, type RunningDemo } from '../../scripts/demo-server.js';
import { deep, launchBrowser, pageErrors } from './browser.js';

let demo: RunningDemo;
let browser: Browser;
/** How far the server's clock is ahead of the real one. */
let clockAhead = 0;

before(async () => {
  demo = await startDemo({ port: 0, apiPort: 0, memory: true, now: () => new Date(Date.now() + clockAhead) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

const M = 'contact-manager >>> ';
const LIST = "document.querySelector('contact-manager')?.shadowRoot?.querySelector('contact-list')";
/** Passwords that meet the rules (long, not guessable, not the user ID). */
const CHOSEN = 'Quartz-harbour-violet-1987';
const CHANGED = 'Lantern-meadow-cobalt-2044';
const SET_BY_ADMIN = 'Granite-orchid-saffron-3310';

/** A page in its own browser context: its own cookies, as another person's browser. */
const newPage = async () => {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.setViewport({ width: 1280, height: 900 });
  return page;
};


const typeInto = async (page: Page, selector: string, text: string) => {
  const input = await deep(page, selector);
  await input.click({ count: 3 });
  await input.type(text);
};

/** Which sections of the demo page show. */
const shownSections = (page: Page) =>
  page.evaluate(() => ['sign-in', 'reset-password', 'password-change', 'app'].filter((id) => !document.getElementById(id)!.hidden));

/** Waits until the manager's list shows rows for a known viewer, then its range ("1–25 of 137"). */
const settledRange = async (page: Page): Promise<string> => {
  const handle = await page.waitForFunction(
    (list) => {
      const el = eval(list) as (HTMLElement & { activeViewer?: unknown }) | null;
      const root = el?.shadowRoot;
      if (!root || !el.activeViewer || root.querySelectorAll('tbody tr').length === 0 || root.querySelector('[aria-busy="true"]')) return false;
      return root.querySelector('[part="pager"] .range')?.textContent?.trim() || false;
    },
    { timeout: 20000, polling: 100 },
    LIST,
  );
  return (await handle.jsonValue()) as string;
};

const pickDemoViewer = async (page: Page, userId: string) => {
  await page.goto(demo.url);
  const button = await page.waitForSelector(`xpath///button[strong[text()="${userId}"]]`, { visible: true });
  await button!.click();
  await settledRange(page);
};

/** Signs in with the password form of the demo page, as a contact does. */
const signIn = async (page: Page, userId: string, password: string) => {
  await typeInto(page, 'sign-in-form >>> #userId', userId);
  await typeInto(page, 'sign-in-form >>> #password', password);
  await (await deep(page, 'sign-in-form >>> [part="button"]')).click();
};

/** The mails of the outbox API (as the signed-in administrator of `page` may read them), oldest first. */
const outbox = (page: Page): Promise<OutboxMessage[]> =>
  page.evaluate(async () => ((await (await fetch('/api/outbox', { credentials: 'same-origin' })).json()) as { items: OutboxMessage[] }).items);

/** Waits for the newest mail to `to` whose subject contains `subject`, newer than `count` mails. */
const mailTo = async (page: Page, to: string, subject: string, count = 0): Promise<OutboxMessage> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mails = (await outbox(page)).filter((mail) => mail.to === to && mail.subject.includes(subject));
    if (mails.length > count) return mails.at(-1)!;
    await page.waitForNetworkIdle({ idleTime: 100 });
  }
  throw new Error(`No mail "${subject}" to ${to}`);
};

const linkOf = (mail: OutboxMessage): string => {
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.body)?.[0];
  assert.ok(link, `a link in: ${mail.body}`);
  return link;
};

/** Text of the contact page (fields and pending state) inside the manager. */
const viewText = (page: Page) =>
  page.evaluate(() => document.querySelector('contact-manager')!.shadowRoot!.querySelector('contact-view')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');

/** The administrator creates a contact in the form and a login on its page; returns its user ID. */
const createContactWithLogin = async (admin: Page, firstName: string, lastName: string, email: string): Promise<string> => {
  await admin.evaluate(() => (location.hash = '#/contacts'));
  await (await deep(admin, `${M}#new-contact`)).click();
  for (const [field, value] of Object.entries({ firstName, lastName, email })) await typeInto(admin, `${M}contact-form >>> #${field}`, value);
  await (await deep(admin, `${M}contact-form >>> [part="submit"]`)).click();
  await (await deep(admin, `${M}contact-view >>> [data-action="login.create"]`)).click();
  await deep(admin, `${M}contact-view >>> [data-action="login.disable"]`);
  const userId = /User ID\s*(\S+)/.exec(await viewText(admin))?.[1];
  assert.ok(userId, 'the contact page shows the user ID');
  assert.match(await viewText(admin), /Invitation sent \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M, not yet accepted/, 'the invitation with when');
  return userId;
};

/** The administrator resets the open contact's password with `mode` in the dialog of its page. */
const resetPassword = async (admin: Page, mode: 'link' | 'temporary' | 'set', password = '') => {
  await (await deep(admin, `${M}contact-view >>> [data-action^="password."]`)).click();
  await (await deep(admin, `${M}password-reset >>> input[name="mode"][value="${mode}"]`)).click();
  if (mode === 'set') await typeInto(admin, `${M}password-reset >>> #password`, password);
  await (await deep(admin, `${M}password-reset >>> input[name="confirm"]`)).click();
  await (await deep(admin, `${M}password-reset >>> [part="button"]`)).click();
  await admin.waitForFunction(
    () => (document.querySelector('contact-manager')!.shadowRoot!.querySelector('password-reset')!.shadowRoot!.querySelector('[part="result"]')?.textContent?.trim() ?? '') !== '',
    { timeout: 15000 },
  );
  await admin.keyboard.press('Escape');
  await admin.waitForFunction(() => !document.querySelector('contact-manager')!.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!.open);
};

/** Opens a mailed link and chooses `password` on the page it opens. */
const choosePassword = async (page: Page, link: string, password: string) => {
  await page.goto(link);
  await typeInto(page, 'password-choose >>> #password', password);
  await typeInto(page, 'password-choose >>> #repeatPassword', password);
  await (await deep(page, 'password-choose >>> [part="button"]')).click();
};

/**
 * After a sign-in with a password someone else knows: only the forced change shows, also after a
 * reload; the change leads on to the portal, and the old password no longer signs in.
 */
const forcedChangeJourney = async (userId: string, oldPassword: string) => {
  const page = await newPage();
  const errors = pageErrors(page);
  await page.goto(demo.url);
  await signIn(page, userId, oldPassword);
  await deep(page, 'password-change >>> [part="notice"]');
  assert.deepEqual(await shownSections(page), ['password-change'], 'only the change form, no portal');
  const buttons = await page.evaluate(() => [...document.querySelector('password-change')!.shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim()));
  assert.ok(buttons.includes('Sign out') && !buttons.includes('Cancel'), `no way to dismiss it, only to sign out: ${buttons.join(', ')}`);
  await page.reload();
  await deep(page, 'password-change >>> [part="notice"]');
  assert.deepEqual(await shownSections(page), ['password-change'], 'a reload is no way around it');

  await typeInto(page, 'password-change >>> #currentPassword', oldPassword);
  await typeInto(page, 'password-change >>> #newPassword', CHANGED);
  await typeInto(page, 'password-change >>> #repeatPassword', CHANGED);
  await (await deep(page, 'password-change >>> [part="button"]')).click();
  await settledRange(page);
  assert.deepEqual(await shownSections(page), ['app'], 'the portal proceeds');
  assert.deepEqual(errors, []);
  await page.browserContext().close();

  const again = await newPage();
  await again.goto(demo.url);
  await signIn(again, userId, oldPassword);
  await deep(again, 'sign-in-form >>> [part="error"]');
  assert.deepEqual(await shownSections(again), ['sign-in'], 'the old password no longer signs in');
  await signIn(again, userId, CHANGED);
  await settledRange(again);
  await again.browserContext().close();
};

describe('the contact\'s side of a login in the demo portal', () => {
  let admin: Page;
  let adminRange: string;

  before(async () => {
    admin = await newPage();
    await pickDemoViewer(admin, 'alice.martin');
    adminRange = await settledRange(admin);
  });

  it('a new login: the mailed link, a chosen password, a sign-in that shows what a plain contact may see; the link works once', async () => {
    const userId = await createContactWithLogin(admin, 'Ada', 'Lovelace', 'ada.lovelace@acme.example');
    const link = linkOf(await mailTo(admin, 'ada.lovelace@acme.example', 'Your portal login'));
    assert.ok(link.startsWith(`${demo.url}reset-password?token=`), `the link opens the demo portal: ${link}`);

    const page = await newPage();
    const errors = pageErrors(page);
    await choosePassword(page, link, CHOSEN);
    await (await deep(page, 'password-choose >>> [part="result"] button')).click();
    await signIn(page, userId, CHOSEN);
    const range = await settledRange(page);
    assert.notEqual(range, adminRange, 'not the administrator\'s list');
    assert.equal(await page.$(`${M}#new-contact`), null, 'no New contact for a plain contact');
    assert.match(await page.$eval('#session', (session) => session.textContent ?? ''), /Ada Lovelace/);

    // The viewer switch without a reload: sign out, sign in as another contact in the same page.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await (await page.waitForSelector('xpath///div[@id="session"]//button[text()="Sign out"]'))!.click();
    await signIn(page, 'carlos.ruiz', 'portico-demo-password');
    await page.waitForFunction(() => document.getElementById('session')!.textContent!.includes('Carlos Ruiz'));
    const carlos = await settledRange(page);
    assert.notEqual(carlos, range, 'the customer administrator\'s list, not Ada\'s');
    assert.match(await page.$eval('#session', (session) => session.textContent ?? ''), /Customer administrator/, 'the role by its name');
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload');
    assert.deepEqual(errors, []);
    await page.browserContext().close();

    // A used link says so and offers a new one.
    const used = await newPage();
    await choosePassword(used, link, CHANGED);
    await deep(used, 'password-choose >>> [part="invalid"]');
    await used.browserContext().close();
  });

  it('a temporary password by mail: only the change form after the sign-in, then the portal; the old password no longer works', async () => {
    const userId = await createContactWithLogin(admin, 'Grace', 'Hopper', 'grace.hopper@acme.example');
    await resetPassword(admin, 'temporary');
  // Grace never signed in, so the page still calls it an invitation, now with the temporary password's date.
  assert.match(await viewText(admin), /Pending\s*Invitation sent \w{3} \d{1,2}, \d{4}, [^,]+, not yet accepted/, 'the pending state with when');
  const mail = await mailTo(admin, 'grace.hopper@acme.example', 'Your temporary portal password');
    const temporary = /temporary password is (\S+)\./.exec(mail.body)?.[1];
    assert.ok(temporary, mail.body);
    await forcedChangeJourney(userId, temporary);
  });

  it('a password set by an administrator: the same forced change', async () => {
    const userId = await createContactWithLogin(admin, 'Katherine', 'Johnson', 'katherine.johnson@acme.example');
    await resetPassword(admin, 'set', SET_BY_ADMIN);
    await forcedChangeJourney(userId, SET_BY_ADMIN);
  });

  it('a link older than 12 hours is refused and offers a new one', async () => {
    await createContactWithLogin(admin, 'Hedy', 'Lamarr', 'hedy.lamarr@acme.example');
    const link = linkOf(await mailTo(admin, 'hedy.lamarr@acme.example', 'Your portal login'));
    clockAhead = 12 * 60 * 60 * 1000 + 60 * 1000;
    try {
      const page = await newPage();
      await choosePassword(page, link, CHOSEN);
      await deep(page, 'password-choose >>> [part="invalid"]');
      // "Ask for a new link" leads to "Forgot password" of the sign-in.
      await (await deep(page, 'password-choose >>> [part="invalid"] button')).click();
      await deep(page, 'sign-in-form >>> #identifier');
      assert.deepEqual(await shownSections(page), ['sign-in']);
      await page.browserContext().close();
    } finally {
      clockAhead = 0;
    }
  });

  it('"Forgot password" answers an unknown user exactly as a known one, and mails only the known one', async () => {
    const before = (await outbox(admin)).length;
    const answer = async (identifier: string) => {
      const page = await newPage();
      await page.goto(demo.url);
      await (await deep(page, 'sign-in-form >>> [part="forgot"]')).click();
      await typeInto(page, 'sign-in-form >>> #identifier', identifier);
      await (await deep(page, 'sign-in-form >>> [part="button"]')).click();
      const text = await page.waitForFunction(
        () => document.querySelector('sign-in-form')!.shadowRoot!.querySelector('[part="result"]')?.textContent?.trim() || false,
        { timeout: 15000 },
      );
      const result = (await text.jsonValue()) as string;
      await page.browserContext().close();
      return result;
    };
    const unknown = await answer('nobody.at.all');
    const known = await answer('victor.chen');
    assert.ok(known.length > 0);
    assert.equal(unknown, known, 'the same answer');
    const mail = await mailTo(admin, 'victor.chen@acme.example', 'Reset your portal password');
    assert.ok(linkOf(mail));
    assert.equal((await outbox(admin)).length, before + 1, 'one mail, to the known login only');
  });
});
