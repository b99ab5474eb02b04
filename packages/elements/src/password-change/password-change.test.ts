import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { DEMO_PASSWORD, loadPasswordStrength } from '@portico/core';
import type { PasswordChange } from './password-change.js';
import { $, text, until } from '../test-helpers.js';
import '../define-all.js';

const NEW_PASSWORD = 'lantern orbit velvet 42';
const type = async (el: PasswordChange, selector: string, value: string) => {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
};
const fill = async (el: PasswordChange, current: string, next: string, repeat = next) => {
  await type(el, '#currentPassword', current);
  await type(el, '#newPassword', next);
  await type(el, '#repeatPassword', repeat);
};
const submit = (el: PasswordChange) => $<HTMLButtonElement>(el, 'button[type="submit"]').click();

/** Victor signed in with a password the administrator set, so the change is forced. */
const forcedClient = async () => {
  const client = new MemoryContactsClient({ viewer: 'admin' });
  await client.resetPassword('c-victor', { mode: 'set', password: 'admin chosen pass 77' });
  await client.signIn('victor.chen', 'admin chosen pass 77');
  return client;
};

describe('<password-change>', () => {
  before(async function () {
    this.timeout(60_000);
    await loadPasswordStrength();
  });

  it('forced: says why, offers no Cancel, and lets the contact proceed after the change', async () => {
    const client = await forcedClient();
    const victor = await client.me();
    let refused = '';
    await client.listContacts({}).catch((error: { code: string }) => (refused = error.code));
    expect(refused).to.equal('password_change_required');
    const el = await fixture<PasswordChange>(html`<password-change forced .client=${client} .viewer=${victor}></password-change>`);
    expect(text($(el, '[part="notice"]'))).to.contain('Choose your own password to continue');
    expect([...el.shadowRoot!.querySelectorAll('button')].map((button) => text(button))).to.deep.equal(['Change password', 'Sign out']);
    await expect(el).to.be.accessible();
    await type(el, '#newPassword', NEW_PASSWORD);
    expect(el.shadowRoot!.querySelectorAll('.rules li.met').length).to.equal(4);
    await fill(el, 'admin chosen pass 77', NEW_PASSWORD);
    const changed = oneEvent(el, 'login-password-changed');
    submit(el);
    expect((await changed).detail.viewer.passwordChangeRequired).to.equal(undefined);
    await until(() => text($(el, '[part="result"]')) !== '', 'no confirmation');
    await expect(el).to.be.accessible();
    expect((await client.listContacts({})).total).to.be.greaterThan(0);
  });

  it('shows a wrong current password, a weak and a repeated-wrong new one on their fields, with focus', async () => {
    const client = new MemoryContactsClient({ viewer: 'contact' });
    const el = await fixture<PasswordChange>(html`<password-change .client=${client}></password-change>`);
    await fill(el, DEMO_PASSWORD, NEW_PASSWORD, 'something else entirely');
    submit(el);
    await until(() => el.shadowRoot!.querySelector('#repeatPassword-error') !== null, 'no repeat error');
    expect(el.shadowRoot!.activeElement?.id).to.equal('repeatPassword');
    await fill(el, DEMO_PASSWORD, 'password1234');
    submit(el);
    await until(() => el.shadowRoot!.querySelector('#newPassword-error') !== null, 'no weak error');
    await fill(el, 'not the password', NEW_PASSWORD);
    submit(el);
    await until(() => el.shadowRoot!.querySelector('#currentPassword-error') !== null, 'no current error');
    expect(text($(el, '#currentPassword-error'))).to.contain('current password is wrong');
    expect(el.shadowRoot!.activeElement?.id).to.equal('currentPassword');
    await expect(el).to.be.accessible();
  });

  it('not forced: Cancel fires login-password-change-cancel; Escape does not dismiss a forced one', async () => {
    const el = await fixture<PasswordChange>(html`<password-change .client=${new MemoryContactsClient({ viewer: 'contact' })}></password-change>`);
    const cancelled = oneEvent(el, 'login-password-change-cancel');
    [...el.shadowRoot!.querySelectorAll('button')].find((button) => text(button) === 'Cancel')!.click();
    await cancelled;
    const client = await forcedClient();
    const forced = await fixture<PasswordChange>(html`<password-change forced .client=${client}></password-change>`);
    $<HTMLInputElement>(forced, '#currentPassword').focus();
    await sendKeys({ press: 'Escape' });
    expect(forced.shadowRoot!.querySelector('form')).not.to.equal(null);
  });

  it('sign-out in forced mode ends the session', async () => {
    const client = await forcedClient();
    const el = await fixture<PasswordChange>(html`<password-change forced .client=${client}></password-change>`);
    const signedOut = oneEvent(el, 'login-signed-out');
    [...el.shadowRoot!.querySelectorAll('button')].find((button) => text(button) === 'Sign out')!.click();
    await signedOut;
    let code = '';
    await client.me().catch((error: { code: string }) => (code = error.code));
    expect(code).to.equal('unauthenticated');
  });
});
