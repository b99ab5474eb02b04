import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { DEMO_PASSWORD } from '@portico/core';
import type { SignInForm } from './sign-in-form.js';
import { $, text, until } from '../test-helpers.js';
import '../define-all.js';

const type = async (el: SignInForm, selector: string, value: string) => {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
};
const mount = async (client: MemoryContactsClient) => {
  const el = await fixture<SignInForm>(html`<sign-in-form .client=${client}></sign-in-form>`);
  await until(() => el.shadowRoot!.querySelector('form, .why') !== null, 'form not ready');
  return el;
};
const submit = (el: SignInForm) => $<HTMLButtonElement>(el, 'button[type="submit"]').click();
const errorText = async (el: SignInForm) => {
  await until(() => el.shadowRoot!.querySelector('[part="error"]') !== null, 'no error shown');
  return text($(el, '[part="error"]'));
};

describe('<sign-in-form>', () => {
  it('signs in with user ID and password and fires login-signed-in with the viewer', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await mount(client);
    await expect(el).to.be.accessible();
    await type(el, '#userId', 'victor.chen');
    await type(el, '#password', DEMO_PASSWORD);
    const signedIn = oneEvent(el, 'login-signed-in');
    submit(el);
    const { detail } = await signedIn;
    expect(detail.viewer.contactId).to.equal('c-victor');
    expect(detail.viewer.passwordChangeRequired).to.equal(undefined);
  });

  it('gives one answer for a wrong password, an unknown user and a disabled login, and keeps the user ID', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    await client.setLoginEnabled('c-victor', false);
    const answers: string[] = [];
    for (const [userId, password] of [
      ['carlos.rivera', 'wrong password 123'],
      ['nobody.here', DEMO_PASSWORD],
      ['victor.chen', DEMO_PASSWORD],
    ]) {
      const el = await mount(client);
      await type(el, '#userId', userId!);
      await type(el, '#password', password!);
      submit(el);
      answers.push(await errorText(el));
      expect($<HTMLInputElement>(el, '#userId').value).to.equal(userId);
      await expect(el).to.be.accessible();
    }
    expect(new Set(answers).size).to.equal(1);
    expect(answers[0]).to.contain('The user ID or password is wrong');
  });

  it('says after a temporary password that it must change', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    await client.resetPassword('c-victor', { mode: 'set', password: 'admin chosen pass 77' });
    const el = await mount(client);
    await type(el, '#userId', 'victor.chen');
    await type(el, '#password', 'admin chosen pass 77');
    const signedIn = oneEvent(el, 'login-signed-in');
    submit(el);
    expect((await signedIn).detail.viewer.passwordChangeRequired).to.equal(true);
  });

  it('"Forgot password?" asks for a link and answers the same for an unknown user', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const answers: string[] = [];
    for (const identifier of ['victor.chen@acme.example', 'nobody.here']) {
      const el = await mount(client);
      $<HTMLButtonElement>(el, '[part="forgot"]').click();
      await until(() => el.shadowRoot!.querySelector('#identifier') !== null, 'no identifier field');
      expect(el.shadowRoot!.activeElement?.id).to.equal('identifier');
      await expect(el).to.be.accessible();
      await type(el, '#identifier', identifier);
      submit(el);
      await until(() => text($(el, '[part="result"]')) !== '', 'no answer');
      answers.push(text($(el, '[part="result"]')));
      await expect(el).to.be.accessible();
    }
    expect(answers[0]).to.equal(answers[1]);
    expect(answers[0]).to.contain('If a login matches');
    expect(client.outbox.filter((mail) => /reset-password\?token=/.test(mail.body))).to.have.length(1);
  });

  it('hides what the client cannot do', async () => {
    const noRequest = await mount(new MemoryContactsClient({ capabilities: { requestPasswordReset: false } }));
    expect(noRequest.shadowRoot!.querySelector('[part="forgot"]')).to.equal(null);
    const none = await mount(new MemoryContactsClient({ capabilities: { signIn: false } }));
    expect(none.shadowRoot!.querySelector('form')).to.equal(null);
    expect(text($(none, '.why'))).to.contain('not handled here');
  });
});
