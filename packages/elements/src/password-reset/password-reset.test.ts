import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { loadPasswordStrength } from '@portico/core';
import type { PasswordReset } from './password-reset.js';
import { $, $$, text, until } from '../test-helpers.js';
import '../define-all.js';

const ready = (el: PasswordReset) => until(() => el.shadowRoot!.querySelector('form, .why') !== null, 'reset not ready');
const modes = (el: PasswordReset) => $$<HTMLInputElement>(el, 'input[name="mode"]').map((input) => input.value);
const submitButton = (el: PasswordReset) => $<HTMLButtonElement>(el, 'button[type="submit"]');

const choose = async (el: PasswordReset, mode: string) => {
  const radio = $<HTMLInputElement>(el, `input[name="mode"][value="${mode}"]`);
  radio.click();
  await el.updateComplete;
};
const tick = async (el: PasswordReset) => {
  $<HTMLInputElement>(el, 'input[name="confirm"]').click();
  await el.updateComplete;
};
const type = async (el: PasswordReset, value: string) => {
  const input = $<HTMLInputElement>(el, '#password');
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
};

const mount = async (client: MemoryContactsClient, id = 'c-victor') => {
  const contact = await client.getContact(id);
  const el = await fixture<PasswordReset>(html`<password-reset .client=${client} .contact=${contact}></password-reset>`);
  await ready(el);
  return el;
};

/** Mounts for an admin with a client that counts its resetPassword calls. */
const mountCounting = async () => {
  const client = new MemoryContactsClient({ viewer: 'admin' });
  const el = await mount(client);
  const counter = { value: 0 };
  const original = client.resetPassword.bind(client);
  client.resetPassword = (...args) => {
    counter.value++;
    return original(...args);
  };
  return { el, calls: () => counter.value };
};

describe('<password-reset>', () => {
  // The strength check's dictionary (hundreds of small modules from the test server) is fetched
  // once here, with time to spare on a busy machine; each element still loads it through core.
  before(async function () {
    this.timeout(60_000);
    await loadPasswordStrength();
  });

  it('offers all three procedures to an admin', async () => {
    const el = await mount(new MemoryContactsClient({ viewer: 'admin' }));
    expect(modes(el)).to.deep.equal(['link', 'temporary', 'set']);
    expect(text($(el, '[part="user"]'))).to.contain('Select user');
    expect(text($(el, 'fieldset.modes'))).to.contain('E-mail a reset link (valid 12 hours)');
    expect(text($(el, 'fieldset.modes'))).to.contain('Set a password (must be changed at next sign-in)');
    await expect(el).to.be.accessible();
  });

  it('offers only the link to a customer administrator', async () => {
    const el = await mount(new MemoryContactsClient());
    expect(modes(el)).to.deep.equal(['link']);
    await expect(el).to.be.accessible();
  });

  it('offers only what the client supports', async () => {
    const el = await mount(new MemoryContactsClient({ viewer: 'admin', capabilities: { resetPasswordLink: false } }));
    expect(modes(el)).to.deep.equal(['temporary', 'set']);
  });

  it('keeps the button disabled until the identity is confirmed', async () => {
    const el = await mount(new MemoryContactsClient());
    const contact = el.contact!;
    expect(text($(el, 'fieldset.verify'))).to.contain(`I confirm this is ${contact.userId}`);
    expect(submitButton(el).disabled).to.equal(true);
    await tick(el);
    expect(submitButton(el).disabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('e-mails a reset link and shows where it went', async () => {
    const client = new MemoryContactsClient();
    const el = await mount(client);
    const starting = oneEvent(el, 'password-reset');
    const done = oneEvent(el, 'password-reset-done');
    await tick(el);
    submitButton(el).click();
    expect((await starting).detail).to.deep.equal({ contactId: 'c-victor', mode: 'link' });
    const { detail } = await done;
    expect(detail.result.mode).to.equal('link');
    expect(client.outbox).to.have.length(1);
    expect(client.outbox[0]!.to).to.equal(el.contact!.email);
    await until(() => text($(el, '[role="status"]')).includes('Sent to'), 'no result');
    expect(text($(el, '[role="status"]'))).to.contain(`Sent to ${el.contact!.email}. The link expires at`);
    await expect(el).to.be.accessible();
  });

  it('does not call the client when the reset event is prevented', async () => {
    const client = new MemoryContactsClient();
    const el = await mount(client);
    el.addEventListener('password-reset', (event) => event.preventDefault());
    await tick(el);
    submitButton(el).click();
    await el.updateComplete;
    expect(client.outbox).to.have.length(0);
  });

  it('rejects a short password beside the field without calling the client', async () => {
    const { el, calls } = await mountCounting();
    await choose(el, 'set');
    await type(el, 'short');
    await tick(el);
    submitButton(el).click();
    await until(() => el.shadowRoot!.querySelector('#password-error') !== null, 'no field error');
    expect(text($(el, '#password-error'))).to.contain('Password must be at least 12 characters');
    const input = $<HTMLInputElement>(el, '#password');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('password-error');
    expect(calls()).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows the password rules as a checklist that ticks as they are met', async () => {
    const el = await mount(new MemoryContactsClient({ viewer: 'admin' }));
    await choose(el, 'set');
    const rules = () => $(el, '[part="rules"]');
    const met = () => $$(el, '[part="rules"] li.met').map((item) => item.dataset.rule);
    expect(rules().getAttribute('aria-label')).to.equal('Password rules');
    expect($(el, '#password').getAttribute('aria-describedby')).to.equal('password-rules');
    expect(text(rules())).to.contain('At least 12 characters.');
    expect(text(rules())).to.contain('Not only spaces.');
    expect(text(rules())).to.contain('Not the user ID or the e-mail address.');
    expect(text(rules())).to.contain('Hard to guess');
    await expect(el).to.be.accessible();

    await type(el, ' '.repeat(12));
    expect(met()).to.include('length').and.not.include('notBlank');
    // The element asks core for the strength check once the field is shown.
    await until(() => met().includes('notIdentity') && $(el, '[data-rule="strength"]').textContent!.includes('not met yet'), 'strength not checked');

    await type(el, el.contact!.email);
    expect(met()).to.not.include('notIdentity');
    expect(text($(el, '[data-rule="notIdentity"]'))).to.contain('(not met yet)');

    await type(el, 'password1234');
    await until(() => met().includes('notIdentity'), 'not re-checked');
    expect(met()).to.deep.equal(['length', 'notBlank', 'notIdentity']);

    await type(el, 'correct horse battery staple');
    await until(() => met().length === 4, 'not all met');
    expect(text($(el, '[data-rule="strength"]'))).to.contain('(met)');
    await expect(el).to.be.accessible();
  });

  it('refuses twelve spaces and a guessable password beside the field without calling the client', async () => {
    const { el, calls } = await mountCounting();
    await choose(el, 'set');
    await tick(el);
    for (const [password, message] of [
      [' '.repeat(12), 'Password must not be only spaces.'],
      ['password1234', 'Password is too easy to guess'],
    ] as const) {
      await type(el, password);
      submitButton(el).click();
      await until(() => text(el.shadowRoot!.querySelector('#password-error')).includes(message), `no error for ${JSON.stringify(password)}`);
      expect(el.shadowRoot!.activeElement?.id).to.equal('password');
    }
    expect(calls()).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows an alert and keeps the typed password when the server fails', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await mount(client);
    client.failNextCalls(1);
    await choose(el, 'set');
    await type(el, 'a-long-enough-password');
    await tick(el);
    submitButton(el).click();
    await el.updateComplete;
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 'no alert');
    expect(text($(el, '[role="alert"]'))).to.contain('The password could not be reset');
    expect($<HTMLInputElement>(el, '#password').value).to.equal('a-long-enough-password');
    expect(submitButton(el).disabled).to.equal(false);
    await expect(el).to.be.accessible();
    const done = oneEvent(el, 'password-reset-done');
    submitButton(el).click();
    expect((await done).detail.result).to.deep.include({ mode: 'set', passwordChangeRequired: true });
  });

  it('disables the button while sending', async () => {
    const client = new MemoryContactsClient({ latency: 100 });
    const el = await mount(client);
    await tick(el);
    submitButton(el).click();
    await until(() => submitButton(el).disabled, 'not disabled while sending');
    expect($(el, 'form').getAttribute('aria-busy')).to.equal('true');
    await until(() => text($(el, '[role="status"]')).includes('Sent to'), 'no result');
    expect(submitButton(el).disabled).to.equal(true); // the confirmation is cleared after a reset
  });

  it('explains instead of offering anything when the contact has no login', async () => {
    const client = new MemoryContactsClient();
    const page = await client.listContacts({ filters: { status: 'none' }, pageSize: 1 });
    const el = await mount(client, page.items[0]!.id);
    expect(el.shadowRoot!.querySelector('button, input')).to.equal(null);
    expect(text($(el, '.why'))).to.contain('no login');
    await expect(el).to.be.accessible();
  });

  it('explains instead of offering anything to a viewer who may not reset', async () => {
    const el = await mount(new MemoryContactsClient({ viewer: 'contact' }), 'c-carlos');
    expect(el.shadowRoot!.querySelector('button, input')).to.equal(null);
    expect(text($(el, '.why'))).to.contain('may not reset');
    await expect(el).to.be.accessible();
  });
});
