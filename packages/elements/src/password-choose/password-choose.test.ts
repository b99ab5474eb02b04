import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { loadPasswordStrength } from '@portico/core';
import type { PasswordChoose } from './password-choose.js';
import { $, text, until } from '../test-helpers.js';
import '../define-all.js';

const NEW_PASSWORD = 'lantern orbit velvet 42';
const type = async (el: PasswordChoose, selector: string, value: string) => {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
};
const submit = (el: PasswordChoose) => $<HTMLButtonElement>(el, 'button[type="submit"]').click();

/** A link mailed to Victor and its token. */
const mailedToken = async (client: MemoryContactsClient): Promise<string> => {
  await client.resetPassword('c-victor', { mode: 'link' });
  return decodeURIComponent(/token=(\S+)/.exec(client.outbox.at(-1)!.body)![1]!);
};

describe('<password-choose>', () => {
  before(async function () {
    this.timeout(60_000);
    await loadPasswordStrength();
  });

  it('shows the rules as they are met, takes the password twice and then says to sign in', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const token = await mailedToken(client);
    const el = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${token}></password-choose>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelectorAll('.rules li.met').length).to.equal(1); // not the user ID: nothing typed is
    await type(el, '#password', NEW_PASSWORD);
    expect(el.shadowRoot!.querySelectorAll('.rules li.met').length).to.equal(4);
    await type(el, '#repeatPassword', 'not the same');
    submit(el);
    await until(() => el.shadowRoot!.querySelector('#repeatPassword-error') !== null, 'no repeat error');
    expect(el.shadowRoot!.activeElement?.id).to.equal('repeatPassword');
    await type(el, '#repeatPassword', NEW_PASSWORD);
    const chosen = oneEvent(el, 'login-password-chosen');
    submit(el);
    await chosen;
    await el.updateComplete;
    expect(text($(el, '[part="result"]'))).to.contain('Sign in with it now');
    await expect(el).to.be.accessible();
    const navigate = oneEvent(el, 'login-navigate');
    $<HTMLButtonElement>(el, '[part="result"] button').click();
    expect((await navigate).detail.to).to.equal('sign-in');
    expect((await client.signIn('victor.chen', NEW_PASSWORD)).contactId).to.equal('c-victor');
  });

  it('a used or unknown link says what to do next', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const token = await mailedToken(client);
    await client.confirmPasswordReset(token, NEW_PASSWORD);
    for (const used of [token, 'no-such-token']) {
      const el = await fixture<PasswordChoose>(html`<password-choose .client=${client} .token=${used} sign-in-href="/sign-in"></password-choose>`);
      await type(el, '#password', 'another good pass 99');
      await type(el, '#repeatPassword', 'another good pass 99');
      submit(el);
      await until(() => el.shadowRoot!.querySelector('[part="invalid"]') !== null, 'no invalid-link message');
      expect(text($(el, '[part="invalid"]'))).to.contain('Ask for a new one');
      expect($<HTMLAnchorElement>(el, '[part="invalid"] a').getAttribute('href')).to.equal('/sign-in?forgot');
      await expect(el).to.be.accessible();
    }
  });

  it('without a token asks for the link', async () => {
    const el = await fixture<PasswordChoose>(html`<password-choose .client=${new MemoryContactsClient()}></password-choose>`);
    expect(text($(el, '[part="invalid"]'))).to.contain('needs the link from your e-mail');
    await expect(el).to.be.accessible();
  });
});
