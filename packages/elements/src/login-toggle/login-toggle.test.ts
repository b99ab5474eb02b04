import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { LoginToggle } from './login-toggle.js';
import { $, text, until } from '../test-helpers.js';
import '../define-all.js';

const button = (el: LoginToggle, action: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
const ready = (el: LoginToggle) => until(() => el.shadowRoot!.querySelector('.row, .why') !== null, 'toggle not ready');

describe('<login-toggle>', () => {
  it('asks before disabling, then disables and announces it', async () => {
    const client = new MemoryContactsClient();
    const contact = await client.getContact('c-victor');
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${contact}></login-toggle>`);
    await ready(el);
    expect(text($(el, '[part="state"]'))).to.equal('Login enabled');
    await expect(el).to.be.accessible();
    button(el, 'login.disable')!.click();
    await el.updateComplete;
    expect(text($(el, '.confirm'))).to.contain('Disable the login of Victor Chen?');
    await expect(el).to.be.accessible();
    const changed = oneEvent(el, 'login-changed');
    $<HTMLButtonElement>(el, '[data-confirm="disable"]').click();
    // Optimistic: the new state shows before the server answers.
    await el.updateComplete;
    expect(text($(el, '[part="state"]'))).to.equal('Login disabled');
    const { detail } = await changed;
    expect(detail).to.deep.include({ action: 'login.disable', previousState: 'enabled' });
    expect((await client.getContact('c-victor')).login.state).to.equal('disabled');
    await until(() => button(el, 'login.enable') !== null, 'no Enable button');
    await until(() => text($(el, '[role="status"]')).includes('Login disabled'), 'not announced');
  });

  it('rolls back and explains when the server refuses', async () => {
    const client = new MemoryContactsClient({ latency: 30 });
    const contact = await client.getContact('c-victor');
    await client.setLoginEnabled('c-victor', false);
    const disabled = await client.getContact('c-victor');
    expect(contact.login.state).to.equal('enabled');
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${disabled}></login-toggle>`);
    await ready(el);
    client.failNextCalls(1);
    let changes = 0;
    el.addEventListener('login-changed', () => changes++);
    button(el, 'login.enable')!.click();
    await el.updateComplete;
    expect(text($(el, '[part="state"]'))).to.equal('Login enabled');
    await until(() => el.shadowRoot!.querySelector('[role="alert"]') !== null, 'no error');
    expect(text($(el, '[part="state"]'))).to.equal('Login disabled');
    expect(text($(el, '[role="alert"]'))).to.contain('The change was undone');
    expect(changes).to.equal(0);
    expect((await client.getContact('c-victor')).login.state).to.equal('disabled');
    await expect(el).to.be.accessible();
  });

  it('unlocks a locked login and shows the lock reason', async () => {
    const client = new MemoryContactsClient();
    const page = await client.listContacts({ filters: { status: 'locked' }, pageSize: 1 });
    const locked = page.items[0]!;
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${locked}></login-toggle>`);
    await ready(el);
    expect(text($(el, '[part="state"]'))).to.match(/Login locked \((locked by an administrator|too many failed sign-ins)\)/);
    expect(button(el, 'login.unlock')).to.exist;
    const changed = oneEvent(el, 'login-changed');
    button(el, 'login.unlock')!.click();
    expect((await changed).detail.contact.login.state).to.equal('enabled');
  });

  it('explains why no login can be created without a user ID', async () => {
    const client = new MemoryContactsClient();
    const page = await client.listContacts({ search: 'john smith', pageSize: 10 });
    const withoutId = page.items.find((contact) => contact.userId === null)!;
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${withoutId}></login-toggle>`);
    await ready(el);
    expect(button(el, 'login.create')).to.equal(null);
    expect(text($(el, '.why'))).to.contain('unique user ID');
    await expect(el).to.be.accessible();
  });

  it('creates a login when the contact has a user ID', async () => {
    const client = new MemoryContactsClient();
    const page = await client.listContacts({ filters: { status: 'none' }, pageSize: 50 });
    const contact = page.items.find((candidate) => candidate.userId !== null)!;
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${contact}></login-toggle>`);
    await ready(el);
    const changed = oneEvent(el, 'login-changed');
    button(el, 'login.create')!.click();
    const { detail } = await changed;
    expect(detail.action).to.equal('login.create');
    expect(detail.contact.login.state).not.to.equal('none');
  });

  it('renders nothing for a viewer who may not change logins', async () => {
    const client = new MemoryContactsClient({ viewer: 'contact' });
    const contact = await client.getContact('c-carlos');
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${contact}></login-toggle>`);
    await until(() => el.activeViewer !== undefined, 'viewer not loaded');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('renders nothing for the viewer’s own login', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const own = await client.getContact('c-alice');
    const el = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${own}></login-toggle>`);
    await until(() => el.activeViewer !== undefined, 'viewer not loaded');
    await el.updateComplete;
    expect(button(el, 'login.disable')).to.equal(null);
  });

  it('takes part in a form: enabled or disabled, nothing without a login, reset closes the question', async () => {
    const client = new MemoryContactsClient();
    const contact = await client.getContact('c-victor');
    // fixture() puts the form into the page and removes it after the test.
    const form = document.createElement('form');
    const el = await fixture<LoginToggle>(html`<login-toggle name="login" .client=${client} .contact=${contact}></login-toggle>`, {
      parentNode: form,
    });
    await ready(el);
    expect(el.form).to.equal(form);
    expect(new FormData(form).get('login')).to.equal('enabled');
    button(el, 'login.disable')!.click();
    await el.updateComplete;
    form.reset();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.confirm')).to.equal(null, 'reset drops the open question');
    const changed = oneEvent(el, 'login-changed');
    button(el, 'login.disable')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-confirm="disable"]').click();
    await changed;
    await el.updateComplete;
    expect(new FormData(form).get('login')).to.equal('disabled');
    el.contact = await client.getContact('c-00063');
    await el.updateComplete;
    expect(new FormData(form).has('login')).to.equal(false, 'no login, no value');
    const fieldset = document.createElement('fieldset');
    form.append(fieldset);
    fieldset.append(el);
    fieldset.disabled = true;
    await el.updateComplete;
    expect(button(el, 'login.create')!.disabled).to.equal(true, 'a disabled fieldset disables the toggle');
  });
});
