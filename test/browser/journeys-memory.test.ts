// The contact's side of a login (issue 17) through the memory client: the journeys of
// test/e2e/journeys.test.ts, with the self-service elements on a MemoryContactsClient, typed into
// with real key presses. An administrator's client and the contact's share one store (withViewer),
// as two browsers share one server. The expired link moves the client's clock (its `now` option).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import type { PasswordChange, PasswordChoose, SignInForm } from '@portico/elements';
import '@portico/elements/define';

const CHOSEN = 'Quartz-harbour-violet-1987';
const CHANGED = 'Lantern-meadow-cobalt-2044';
const SET_BY_ADMIN = 'Granite-orchid-saffron-3310';

const until = async (check: () => boolean, what: string) => {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => requestAnimationFrame(resolve));
  if (!check()) throw new Error(what);
};
const part = (el: HTMLElement, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
/** Clicks into a field and types, as a user does. */
const typeInto = async (el: HTMLElement, selector: string, text: string) => {
  await until(() => part(el, selector) !== null, `no ${selector}`);
  part(el, selector)!.focus();
  await sendKeys({ type: text });
};
const click = (el: HTMLElement, selector: string) => part(el, selector)!.click();

/** A client for the person at the other end of the mail: the administrator's store, nobody signed in. */
const contactsBrowser = async (admin: MemoryContactsClient) => {
  const client = admin.withViewer('contact');
  await client.signOut();
  return client;
};

const signIn = async (client: MemoryContactsClient, userId: string, password: string) => {
  const form = await fixture<SignInForm>(html`<sign-in-form .client=${client}></sign-in-form>`);
  await typeInto(form, '#userId', userId);
  await typeInto(form, '#password', password);
  const signedIn = oneEvent(form, 'login-signed-in');
  click(form, '[part="button"]');
  return { form, signedIn };
};

const newContactWithLogin = async (admin: MemoryContactsClient, firstName: string, lastName: string) => {
  const contact = await admin.createContact({ accountId: 'acme', firstName, lastName, email: `${firstName}.${lastName}@acme.example`.toLowerCase() });
  return admin.createLogin(contact.id);
};

/** Signs in with a password someone else knows: the forced change, then the viewer proceeds and the old password fails. */
const forcedChange = async (client: MemoryContactsClient, userId: string, oldPassword: string) => {
  const { signedIn } = await signIn(client, userId, oldPassword);
  expect((await signedIn).detail.viewer.passwordChangeRequired).to.equal(true);
  const change = await fixture<PasswordChange>(html`<password-change forced .client=${client}></password-change>`);
  await until(() => part(change, '[part="notice"]') !== null, 'no notice');
  const texts = [...change.shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim());
  expect(texts).to.include('Sign out').and.not.include('Cancel');
  await expect(change).to.be.accessible();
  await typeInto(change, '#currentPassword', oldPassword);
  await typeInto(change, '#newPassword', CHANGED);
  await typeInto(change, '#repeatPassword', CHANGED);
  const changed = oneEvent(change, 'login-password-changed');
  click(change, '[part="button"]');
  expect((await changed).detail.viewer.passwordChangeRequired).to.not.equal(true);
  expect((await client.listContacts({ pageSize: 5 })).items.length).to.be.greaterThan(0, 'the viewer proceeds');

  await client.signOut();
  const again = await signIn(client, userId, oldPassword);
  await until(() => part(again.form, '[part="error"]') !== null, 'the old password still signs in');
  const fresh = await signIn(client, userId, CHANGED);
  expect((await fresh.signedIn).detail.viewer.passwordChangeRequired).to.not.equal(true);
};

describe('the contact\'s side of a login through the memory client', function () {
  // Whole journeys, typed key by key on a machine that may be busy.
  this.timeout(60000);
  it('a new login: the mailed link, a chosen password, a sign-in that sees what a plain contact may see; the link works once', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const contact = await newContactWithLogin(admin, 'Ada', 'Lovelace');
    const token = decodeURIComponent(/reset-password\?token=(\S+)/.exec(admin.outbox.at(-1)!.body)![1]!);
    const client = await contactsBrowser(admin);

    const choose = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${token}></password-choose>`);
    await typeInto(choose, '#password', CHOSEN);
    await typeInto(choose, '#repeatPassword', CHOSEN);
    const chosen = oneEvent(choose, 'login-password-chosen');
    click(choose, '[part="button"]');
    await chosen;
    await until(() => part(choose, '[part="result"]') !== null, 'no success');
    await expect(choose).to.be.accessible();

    const { signedIn } = await signIn(client, contact.userId!, CHOSEN);
    const { viewer } = (await signedIn).detail;
    expect(viewer.contactId).to.equal(contact.id);
    expect(viewer.passwordChangeRequired).to.not.equal(true);
    const seen = await client.listContacts({ pageSize: 5 });
    const all = await admin.listContacts({ pageSize: 5 });
    expect(seen.total).to.be.lessThan(all.total, 'not the administrator\'s list');

    const again = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${token}></password-choose>`);
    await typeInto(again, '#password', CHANGED);
    await typeInto(again, '#repeatPassword', CHANGED);
    click(again, '[part="button"]');
    await until(() => part(again, '[part="invalid"]') !== null, 'a used link was accepted');
  });

  it('a link older than 12 hours is refused, with the way to a new one; a new link works', async () => {
    let now = new Date('2026-12-08T09:00:00Z');
    const admin = new MemoryContactsClient({ viewer: 'admin', now: () => now });
    const contact = await newContactWithLogin(admin, 'Katherine', 'Johnson');
    const tokenOfLastMail = () => decodeURIComponent(/reset-password\?token=(\S+)/.exec(admin.outbox.at(-1)!.body)![1]!);
    const expired = tokenOfLastMail();
    const client = await contactsBrowser(admin);
    now = new Date('2026-12-08T21:00:01Z');

    const choose = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${expired}></password-choose>`);
    await typeInto(choose, '#password', CHOSEN);
    await typeInto(choose, '#repeatPassword', CHOSEN);
    click(choose, '[part="button"]');
    await until(() => part(choose, '[part="invalid"]') !== null, 'an expired link was accepted');
    expect(part(choose, '[part="invalid"]')!.textContent).to.contain('new link');
    await expect(choose).to.be.accessible();

    await admin.resetPassword(contact.id, { mode: 'link' });
    const fresh = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${tokenOfLastMail()}></password-choose>`);
    await typeInto(fresh, '#password', CHOSEN);
    await typeInto(fresh, '#repeatPassword', CHOSEN);
    const chosen = oneEvent(fresh, 'login-password-chosen');
    click(fresh, '[part="button"]');
    await chosen;
    const { signedIn } = await signIn(client, contact.userId!, CHOSEN);
    expect((await signedIn).detail.viewer.contactId).to.equal(contact.id);
  });

  it('a temporary password by mail: only the change, then on; the old password no longer works', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const contact = await newContactWithLogin(admin, 'Grace', 'Hopper');
    await admin.resetPassword(contact.id, { mode: 'temporary' });
    const temporary = /temporary password is (\S+)\./.exec(admin.outbox.at(-1)!.body)![1]!;
    await forcedChange(await contactsBrowser(admin), contact.userId!, temporary);
  });

  it('a password set by an administrator: the same', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const contact = await newContactWithLogin(admin, 'Katherine', 'Johnson');
    await admin.resetPassword(contact.id, { mode: 'set', password: SET_BY_ADMIN });
    await forcedChange(await contactsBrowser(admin), contact.userId!, SET_BY_ADMIN);
  });

  it('"Forgot password" answers an unknown user as a known one and mails only the known one', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const client = await contactsBrowser(admin);
    const answer = async (identifier: string) => {
      const form = await fixture<SignInForm>(html`<sign-in-form .client=${client}></sign-in-form>`);
      await until(() => part(form, '[part="forgot"]') !== null, 'no Forgot password');
      click(form, '[part="forgot"]');
      await typeInto(form, '#identifier', identifier);
      click(form, '[part="button"]');
      await until(() => (part(form, '[part="result"]')?.textContent?.trim() ?? '') !== '', 'no answer');
      return part(form, '[part="result"]')!.textContent!.trim();
    };
    const before = admin.outbox.length;
    const unknown = await answer('nobody.at.all');
    expect(admin.outbox.length).to.equal(before);
    expect(await answer('victor.chen')).to.equal(unknown);
    expect(admin.outbox.length).to.equal(before + 1);
    expect(admin.outbox.at(-1)!.body).to.match(/reset-password\?token=/);
  });
});
