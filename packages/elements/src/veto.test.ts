import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import type { Contact } from '@portico/core';
import type { ContactDelete } from './contact-delete/contact-delete.js';
import type { ContactForm } from './contact-form/contact-form.js';
import type { ContactList } from './contact-list/contact-list.js';
import type { ContactManager } from './contact-manager/contact-manager.js';
import type { ContactView } from './contact-view/contact-view.js';
import type { LoginToggle } from './login-toggle/login-toggle.js';
import type { PasswordReset } from './password-reset/password-reset.js';
import type { RolePicker } from './role-picker/role-picker.js';
import { $, $$, text, until, screenshot } from './test-helpers.js';
import './define-all.js';

const WRITES = [
  'createContact',
  'updateContact',
  'deleteContact',
  'createLogin',
  'setLoginEnabled',
  'lockLogin',
  'unlockLogin',
  'resetPassword',
  'setRoles',
  'associateUser',
] as const;

/** A memory client that records every write call it receives (and still performs it). */
const countingClient = (viewer = 'admin') => {
  const client = new MemoryContactsClient({ viewer });
  const writes: string[] = [];
  for (const method of WRITES) {
    const original = (client[method] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      writes.push(`${method}(${String(args[0])})`);
      return original(...args);
    };
  }
  return { client, writes };
};

const INTENTS = ['contact-action', 'contact-bulk-action', 'contact-delete', 'contact-save', 'roles-save', 'password-reset', 'user-associate'];

/** A host's listener on the document that prevents the given intent events and records which arrived. */
const veto = (types: readonly string[] = INTENTS) => {
  const seen: string[] = [];
  const listener = (event: Event) => {
    seen.push(event.type);
    event.preventDefault();
  };
  for (const type of types) document.addEventListener(type, listener);
  after(() => types.forEach((type) => document.removeEventListener(type, listener)));
  return seen;
};
let cleanups: (() => void)[] = [];
const after = (cleanup: () => void) => cleanups.push(cleanup);
afterEach(() => {
  cleanups.forEach((cleanup) => cleanup());
  cleanups = [];
});

/** Lets whatever would follow a click (a manager acting after the dispatch, a client call) happen. */
const settle = async (...elements: { updateComplete: Promise<boolean> }[]) => {
  await new Promise<void>((resolve) => queueMicrotask(resolve));
  await Promise.all(elements.map((element) => element.updateComplete));
};

const inner = <T extends Element>(el: Element, tag: string) => el.shadowRoot!.querySelector(tag) as T | null;
const viewButton = async (el: ContactManager, action: string) => {
  await until(() => inner<ContactView>(el, 'contact-view')?.shadowRoot?.querySelector(`[data-action="${action}"]`) != null, `no ${action}`);
  return $<HTMLButtonElement>(inner<ContactView>(el, 'contact-view')!, `[data-action="${action}"]`);
};
const dialogOpen = (el: ContactManager) =>
  $<HTMLDialogElement>(el, 'dialog[part="dialog"]').open || Boolean(inner<ContactDelete>(el, 'contact-delete')?.open);

const rowsOf = (list: ContactList) => $$<HTMLTableRowElement>(list, 'tbody tr[data-id]');
const selectRows = async (list: ContactList, ids: string[]) => {
  await until(() => ids.every((id) => list.shadowRoot!.querySelector(`tr[data-id="${id}"]`) !== null), 'rows not shown');
  for (const id of ids) $<HTMLInputElement>(list, `tr[data-id="${id}"] input[type="checkbox"]`).click();
  await list.updateComplete;
};
const bulk = async (list: ContactList, action: string) => {
  $<HTMLButtonElement>(list, `[data-bulk="${action}"]`).click();
  if (action === 'contact.delete') $<HTMLButtonElement>(list, '#bulk-delete button[value="confirm"]').click();
  await settle(list);
};
const menuAction = async (list: ContactList, id: string, action: string) => {
  $<HTMLButtonElement>(list, `tr[data-id="${id}"] [aria-haspopup="menu"]`).click();
  await until(() => list.shadowRoot!.querySelector(`[role="menuitem"][data-action="${action}"]`) !== null, `no ${action} in the menu`);
  $<HTMLButtonElement>(list, `[role="menuitem"][data-action="${action}"]`).click();
  await settle(list);
};

// Seed contacts in each login state, for an admin: enabled, disabled, locked, none (with a user ID).
const ENABLED = 'c-victor';
const DISABLED = 'c-00171';
const LOCKED = 'c-00047';
const NO_LOGIN = 'c-00063';

describe('a host that prevents every intent event', () => {
  it('cancels every write of the manager: login changes, delete, roles, password reset, edit, save and bulk', async () => {
    const { client, writes } = countingClient();
    const seen = veto();
    const el = await fixture<ContactManager>(html`<contact-manager .client=${client}></contact-manager>`);
    await until(() => el.activeViewer !== undefined, 'no viewer');
    for (const [contactId, action] of [
      [ENABLED, 'login.disable'],
      [ENABLED, 'login.lock'],
      [DISABLED, 'login.enable'],
      [LOCKED, 'login.unlock'],
      [NO_LOGIN, 'login.create'],
      [ENABLED, 'contact.delete'],
      [ENABLED, 'roles.assign'],
      [ENABLED, 'password.reset_link'],
      [ENABLED, 'contact.update'],
    ] as const) {
      el.navigate({ view: 'contact', contactId });
      (await viewButton(el, action)).click();
      await settle(el, inner<ContactView>(el, 'contact-view')!);
      expect(writes, action).to.deep.equal([]);
      expect(dialogOpen(el), `${action} opened no dialog`).to.equal(false);
      expect(el.route, `${action} stayed on the page`).to.deep.equal({ view: 'contact', contactId });
    }
    expect(seen.filter((type) => type === 'contact-action')).to.have.length(9);

    el.navigate({ view: 'edit', contactId: ENABLED });
    await el.updateComplete;
    const form = inner<ContactForm>(el, 'contact-form')!;
    await until(() => form.shadowRoot?.querySelector('#jobTitle') != null, 'form not loaded');
    $<HTMLInputElement>(form, '#jobTitle').focus();
    await sendKeys({ type: ' lead' });
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => seen.includes('contact-save'), 'no contact-save');
    await settle(el, form);
    expect(writes, 'save').to.deep.equal([]);

    el.navigate({ view: 'list' });
    await el.updateComplete;
    const list = inner<ContactList>(el, 'contact-list')!;
    await until(() => rowsOf(list).length > 2, 'no rows');
    await selectRows(list, rowsOf(list).slice(0, 3).map((row) => row.dataset['id']!));
    for (const action of ['login.disable', 'contact.delete']) {
      if (list.shadowRoot!.querySelector(`[data-bulk="${action}"]`)) await bulk(list, action);
    }
    expect(seen).to.include('contact-bulk-action');
    expect(writes, 'bulk').to.deep.equal([]);
    expect(text($(list, '.bulk-bar'))).to.contain('3 contacts selected');
  });

  it('cancels the writes behind the manager\'s dialogs when only their own intent events are prevented', async () => {
    const { client, writes } = countingClient();
    const seen = veto(['contact-delete', 'roles-save', 'password-reset']);
    const el = await fixture<ContactManager>(html`<contact-manager .client=${client}></contact-manager>`);
    await until(() => el.activeViewer !== undefined, 'no viewer');
    el.navigate({ view: 'contact', contactId: ENABLED });

    (await viewButton(el, 'contact.delete')).click();
    const confirm = () => inner<ContactDelete>(el, 'contact-delete')!;
    await until(() => confirm()?.shadowRoot?.querySelector('[part="confirm"]') != null, 'no confirmation');
    $(confirm(), '[part="confirm"]').click();
    await until(() => seen.includes('contact-delete'), 'no contact-delete');
    await settle(el, confirm());

    (await viewButton(el, 'roles.assign')).click();
    await until(() => el.shadowRoot!.querySelector<RolePicker>('#roles-picker')?.shadowRoot?.querySelector('[role="option"]') != null, 'no roles');
    $<RolePicker>(el, '#roles-picker').value = ['reports'];
    $(el, '#roles-ok').click();
    await until(() => seen.includes('roles-save'), 'no roles-save');
    await settle(el);

    (await viewButton(el, 'password.reset_link')).click();
    const reset = () => inner<PasswordReset>(el, 'password-reset');
    await until(() => reset()?.shadowRoot?.querySelector('input[name="confirm"]') != null, 'no password reset');
    $<HTMLInputElement>(reset()!, 'input[name="mode"]').click();
    $<HTMLInputElement>(reset()!, 'input[name="confirm"]').click();
    await reset()!.updateComplete;
    $<HTMLButtonElement>(reset()!, 'button[type="submit"]').click();
    await until(() => seen.includes('password-reset'), 'no password-reset');
    await settle(el, reset()!);

    expect(seen).to.deep.equal(['contact-delete', 'roles-save', 'password-reset']);
    expect(writes).to.deep.equal([]);
    expect((await client.getContact(ENABLED)).roles).not.to.include('reports');
  });

  it('cancels every write of the standalone list, view, login toggle, role picker and delete dialog', async () => {
    const { client, writes } = countingClient();
    const seen = veto();
    const contact = (id: string) => client.getContact(id);

    const list = await fixture<ContactList>(html`<contact-list .client=${client} page-size="200"></contact-list>`);
    await until(() => rowsOf(list).length > 100, 'list not loaded');
    await menuAction(list, ENABLED, 'login.disable');
    await menuAction(list, ENABLED, 'login.lock');
    await menuAction(list, DISABLED, 'login.enable');
    await menuAction(list, LOCKED, 'login.unlock');
    await selectRows(list, [ENABLED, DISABLED, LOCKED]);
    for (const action of ['login.enable', 'login.disable', 'login.lock', 'login.unlock', 'contact.delete']) await bulk(list, action);
    expect(writes, 'list').to.deep.equal([]);

    for (const [id, action] of [
      [ENABLED, 'login.disable'],
      [ENABLED, 'login.lock'],
      [DISABLED, 'login.enable'],
      [LOCKED, 'login.unlock'],
    ] as const) {
      const view = await fixture<ContactView>(html`<contact-view .client=${client} .contact=${await contact(id)}></contact-view>`);
      await until(() => view.shadowRoot!.querySelector(`[data-action="${action}"]`) !== null, `no ${action}`);
      const before = text($(view, '[part="fields"]'));
      $(view, `[data-action="${action}"]`).click();
      await settle(view);
      expect(text($(view, '[part="fields"]')), `${action} left the view as it was`).to.equal(before);
    }
    expect(writes, 'view').to.deep.equal([]);

    for (const [id, action] of [
      [NO_LOGIN, 'login.create'],
      [DISABLED, 'login.enable'],
      [LOCKED, 'login.unlock'],
      [ENABLED, 'login.disable'],
    ] as const) {
      const toggle = await fixture<LoginToggle>(html`<login-toggle .client=${client} .contact=${await contact(id)}></login-toggle>`);
      await until(() => toggle.shadowRoot!.querySelector(`[data-action="${action}"]`) !== null, `no ${action}`);
      $(toggle, `[data-action="${action}"]`).click();
      await toggle.updateComplete;
      if (action === 'login.disable') $(toggle, '[data-confirm="disable"]').click();
      await settle(toggle);
      expect(toggle.value, `${action} left the login as it was`).to.equal(id === ENABLED ? 'enabled' : id === NO_LOGIN ? '' : 'disabled');
    }
    expect(writes, 'login toggle').to.deep.equal([]);

    const picker = await fixture<RolePicker>(html`<role-picker .client=${client} contact-id=${ENABLED} .value=${['reports']}></role-picker>`);
    expect(await picker.save()).to.equal(null);

    const remove = await fixture<ContactDelete>(html`<contact-delete .client=${client}></contact-delete>`);
    remove.show(await contact(ENABLED));
    await until(() => remove.shadowRoot!.querySelector('[part="confirm"]') !== null, 'no confirmation');
    $(remove, '[part="confirm"]').click();
    await settle(remove);
    expect(remove.open, 'a prevented delete closes the dialog').to.equal(false);

    expect(writes).to.deep.equal([]);
    for (const type of ['contact-action', 'contact-bulk-action', 'roles-save', 'contact-delete']) expect(seen).to.include(type);
  });
});

describe('bulk actions', () => {
  it('keep at most four requests in flight and report why each skipped contact was left out', async function () {
    // 136 rows rendered and checked for accessibility: slow on a busy machine.
    this.timeout(30000);
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const original = client.setLoginEnabled.bind(client);
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    let holding = true;
    const held: (() => void)[] = [];
    client.setLoginEnabled = async (...args: Parameters<MemoryContactsClient['setLoginEnabled']>) => {
      calls += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Held until the test lets it go, so the calls of one bulk run overlap as on a slow network.
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      try {
        return await original(...args);
      } finally {
        inFlight -= 1;
      }
    };
    const list = await fixture<ContactList>(html`<contact-list .client=${client} page-size="200"></contact-list>`);
    await until(() => rowsOf(list).length > 100, 'list not loaded');
    const contacts: Contact[] = list.contacts;
    const enabled = contacts.filter((contact) => contact.login.state === 'enabled' && contact.id !== 'c-alice').slice(0, 10);
    const noLogin = contacts.find((contact) => contact.login.state === 'none')!;
    const disabled = contacts.find((contact) => contact.login.state === 'disabled')!;
    await selectRows(list, [...enabled.map((contact) => contact.id), 'c-alice', noLogin.id, disabled.id]);
    $<HTMLButtonElement>(list, '[data-bulk="login.disable"]').click();
    await until(() => held.length === 4, 'the first requests did not start');
    await settle(list);
    expect(calls, 'no fifth request while four are in flight').to.equal(4);
    holding = false;
    for (const release of held.splice(0)) release();
    await until(() => list.shadowRoot!.querySelector('.bulk-result') !== null, 'no bulk report');
    expect(most).to.equal(4);
    expect(calls).to.equal(10);
    const report = text($(list, '.bulk-result'));
    expect(report).to.contain('10 of 13');
    expect(report).to.contain('3 skipped:');
    const items = $$(list, '.bulk-result li').map((item) => text(item));
    expect(items).to.include('Alice Martin: yourself');
    expect(items.some((item) => item.endsWith(': no login'))).to.equal(true);
    expect(items.some((item) => item.endsWith(': already disabled'))).to.equal(true);
    $(list, '.bulk-result').scrollIntoView({ block: 'start' });
    await screenshot('list-bulk-skipped-why', { fullPage: false });
    await expect(list).to.be.accessible();
  });
});
