import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { exportWriters } from '@portico/export';
import type { ContactDelete } from '../contact-delete/contact-delete.js';
import type { ContactForm } from '../contact-form/contact-form.js';
import type { ContactImport } from '../contact-import/contact-import.js';
import type { ContactExport } from '../contact-export/contact-export.js';
import type { ContactList } from '../contact-list/contact-list.js';
import type { ContactView } from '../contact-view/contact-view.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import type { ContactManager } from './contact-manager.js';
import { hashFromRoute, routeFromHash } from './contact-manager.js';
import { $, $$, screenshot, tabAround, text, until } from '../test-helpers.js';
import '../define-all.js';

const setup = async (viewer = 'customer_admin', routing = '') => {
  const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer });
  const el = await fixture<ContactManager>(html`<contact-manager .client=${client} routing=${routing}></contact-manager>`);
  await until(() => el.activeViewer !== undefined, 'no viewer');
  await el.updateComplete;
  return { client, el };
};

const heading = (el: ContactManager) => text($(el, '#heading'));
const inner = <T extends Element>(el: ContactManager, tag: string) => el.shadowRoot!.querySelector(tag) as T | null;
const viewButton = async (el: ContactManager, action: string) => {
  await until(() => inner<ContactView>(el, 'contact-view')?.shadowRoot?.querySelector(`[data-action="${action}"]`) != null, `no ${action}`);
  return $<HTMLButtonElement>(inner<ContactView>(el, 'contact-view')!, `[data-action="${action}"]`);
};
const deepActive = () => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

describe('<contact-manager>', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('parses and writes the hash routes', () => {
    expect(routeFromHash('#/contacts')).to.deep.equal({ view: 'list' });
    expect(routeFromHash('#/contacts/new')).to.deep.equal({ view: 'new' });
    expect(routeFromHash('#/contacts/c-1')).to.deep.equal({ view: 'contact', contactId: 'c-1' });
    expect(routeFromHash('#/contacts/c-1/edit')).to.deep.equal({ view: 'edit', contactId: 'c-1' });
    expect(routeFromHash('#/cases')).to.equal(null);
    expect(hashFromRoute({ view: 'edit', contactId: 'c 1' })).to.equal('#/contacts/c%201/edit');
  });

  it('shows the list with New contact, opens a contact, edits it and goes back', async () => {
    const { el } = await setup();
    expect(heading(el)).to.equal('Contacts');
    expect(text($(el, '#new-contact'))).to.equal('New contact');
    const list = inner<ContactList>(el, 'contact-list')!;
    await until(() => list.contacts.length > 0, 'no rows');
    await expect(el).to.be.accessible();
    const victor = list.contacts.find((contact) => contact.id === 'c-victor') ?? list.contacts[0]!;
    const routed = oneEvent(el, 'contact-route');
    list.dispatchEvent(new CustomEvent('contact-open', { detail: { contact: victor }, bubbles: true, composed: true }));
    expect((await routed).detail.route).to.deep.equal({ view: 'contact', contactId: victor.id });
    await until(() => heading(el).includes(victor.lastName), 'no contact heading');
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading', 'focus moves to the new page');
    (await viewButton(el, 'contact.update')).click();
    await el.updateComplete;
    expect(el.route).to.deep.equal({ view: 'edit', contactId: victor.id });
    expect(inner<ContactForm>(el, 'contact-form')!.contactId).to.equal(victor.id);
    await expect(el).to.be.accessible();
    $(el, '#back').click();
    await el.updateComplete;
    expect(el.route).to.deep.equal({ view: 'list' });
  });

  it('asks before "Back to contacts" throws away unsaved edits, as Cancel does', async () => {
    const { el } = await setup();
    el.navigate({ view: 'edit', contactId: 'c-victor' });
    await el.updateComplete;
    const form = inner<ContactForm>(el, 'contact-form')!;
    await until(() => form.shadowRoot?.querySelector('#jobTitle') != null, 'form not loaded');
    const jobTitle = $<HTMLInputElement>(form, '#jobTitle');
    jobTitle.focus();
    await sendKeys({ type: 'Draft ' });
    const question = () => text(form.shadowRoot!.querySelector('.confirm'));
    const answer = (label: string) => [...$$<HTMLButtonElement>(form, '.confirm button')].find((button) => text(button) === label)!.click();
    $(el, '#back').click();
    await until(() => question().includes('Discard your unsaved changes?'), 'Back did not ask');
    await screenshot('manager-back-asks');
    expect(el.route).to.deep.equal({ view: 'edit', contactId: 'c-victor' });
    expect(deepActive()?.id).to.equal('keep-editing');
    await expect(el).to.be.accessible();
    answer('Keep editing');
    await form.updateComplete;
    expect(question()).to.equal('');
    expect(el.route).to.deep.equal({ view: 'edit', contactId: 'c-victor' });
    expect(jobTitle.value).to.contain('Draft');

    $(el, '#back').click();
    await until(() => question().length > 0, 'Back did not ask again');
    answer('Discard changes');
    await until(() => el.route.view === 'list', 'Discard did not go back to the list');
  });

  it('gives a host router dirty and confirmDiscard(), and keeps the edit page on the browser back button until the user agrees', async () => {
    const initial = oneEvent(window, 'hashchange');
    location.hash = '#/contacts/c-victor/edit';
    await initial;
    const { el } = await setup('customer_admin', 'hash');
    const form = inner<ContactForm>(el, 'contact-form')!;
    await until(() => form.shadowRoot?.querySelector('#jobTitle') != null, 'form not loaded');
    expect(el.dirty).to.equal(false);
    expect(await el.confirmDiscard()).to.equal(true, 'nothing to lose: no question');
    $<HTMLInputElement>(form, '#jobTitle').focus();
    await sendKeys({ type: 'Draft ' });
    expect(el.dirty).to.equal(true);

    const question = () => text(form.shadowRoot!.querySelector('.confirm'));
    const answer = (label: string) => [...$$<HTMLButtonElement>(form, '.confirm button')].find((button) => text(button) === label)!.click();
    const asked = el.confirmDiscard();
    await until(() => question().includes('Discard your unsaved changes?'), 'confirmDiscard() did not ask');
    answer('Keep editing');
    expect(await asked).to.equal(false);
    expect(el.dirty).to.equal(true);

    // The browser's back button: the form stays, and so does its URL, until the user answers.
    location.hash = '#/contacts';
    await until(() => question().length > 0, 'the back button did not ask');
    expect(location.hash).to.equal('#/contacts/c-victor/edit');
    expect(el.route).to.deep.equal({ view: 'edit', contactId: 'c-victor' });
    await screenshot('manager-discard-on-route-change');
    answer('Discard changes');
    await until(() => el.route.view === 'list', 'Discard did not follow the link');
    expect(location.hash).to.equal('#/contacts');
  });

  it('says "Contact created", replaces the message with the next one, and Escape or the close button dismisses it', async () => {
    const { el } = await setup();
    $(el, '#new-contact').click();
    await el.updateComplete;
    const form = inner<ContactForm>(el, 'contact-form')!;
    await until(() => form.shadowRoot?.querySelector('#firstName') != null, 'no form');
    for (const [field, value] of [['firstName', 'Nora'], ['lastName', 'Quist'], ['email', 'nora.quist@acme.example']]) {
      $<HTMLInputElement>(form, `#${field}`).focus();
      await sendKeys({ type: value! });
    }
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    await until(() => el.route.view === 'contact', 'not on the contact page');
    const message = () => text(el.shadowRoot!.querySelector('[part="message"] [role="status"]'));
    await until(() => message() === 'Contact created: Nora Quist.', 'no "Contact created"');
    expect($(el, '[part="message"] [role="status"]').getAttribute('aria-live')).to.equal('polite');
    await expect(el).to.be.accessible();
    await screenshot('manager-contact-created');

    (await viewButton(el, 'login.create')).click();
    await until(() => message() === 'Login created: Nora Quist.', 'the next action did not replace the message');
    // Disabled on the contact's page: "Login created" does not stay to contradict it.
    (await viewButton(el, 'login.disable')).click();
    await until(() => message() === 'Login disabled: Nora Quist.', '"Login created" went stale');
    expect($$(el, '[part="message"] [role="status"] span')).to.have.length(1);
    // Read once: the contact page tells the manager's message and says nothing in a live region of
    // its own. (Its announcer would write 50 ms after the outcome: absence needs a wait past that.)
    await new Promise((resolve) => setTimeout(resolve, 200));
    const view = inner<HTMLElement>(el, 'contact-view')!;
    expect([...view.shadowRoot!.querySelectorAll('[aria-live]')].map((region) => text(region)).join(''), 'the view announced it too').to.equal('');

    const dismiss = $<HTMLButtonElement>(el, '[part="message"] .dismiss');
    expect(dismiss.getAttribute('aria-label')).to.equal('Dismiss message');
    dismiss.click();
    await el.updateComplete;
    expect(message()).to.equal('');
    expect(el.shadowRoot!.querySelector('[part="message"] .dismiss')).to.equal(null);

    (await viewButton(el, 'login.enable')).click();
    await until(() => message() === 'Login enabled: Nora Quist.', 'no message after Enable');
    $(el, '#heading').focus();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(message()).to.equal('', 'Escape dismisses it');
  });

  it('does not keep a deletion message through a search', async () => {
    const { el } = await setup();
    el.route = { view: 'contact', contactId: 'c-victor' };
    (await viewButton(el, 'contact.delete')).click();
    const dialog = inner<ContactDelete>(el, 'contact-delete')!;
    await until(() => $<HTMLDialogElement>(dialog, 'dialog').open, 'dialog not open');
    $(dialog, '[part="confirm"]').click();
    await until(() => el.route.view === 'list', 'not back on the list');
    const message = () => text(el.shadowRoot!.querySelector('[part="message"] [role="status"]'));
    await until(() => message() === 'Victor Chen was deleted.', 'no deletion message');
    const list = inner<ContactList>(el, 'contact-list')!;
    await until(() => list.shadowRoot?.querySelector('input[type="search"]') != null, 'no search');
    $<HTMLInputElement>(list, 'input[type="search"]').focus();
    await sendKeys({ type: 'Ines' });
    await el.updateComplete;
    expect(message()).to.equal('', 'the search cleared it');
  });

  it('shows the locked-out contacts with their count and filters the list to them', async () => {
    const { client, el } = await setup();
    const list = inner<ContactList>(el, 'contact-list')!;
    await until(() => el.shadowRoot!.querySelector('#locked-out') !== null, 'no "Locked out"');
    const locked = (await client.listContacts({ filters: { status: 'locked' }, pageSize: 1 })).total;
    expect(locked).to.be.greaterThan(0);
    const button = $<HTMLButtonElement>(el, '#locked-out');
    expect(text(button)).to.equal(`Locked out (${locked})`);
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    button.click();
    await el.updateComplete;
    expect(list.status).to.equal('locked');
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    await until(() => list.contacts.length === locked && list.contacts.every((contact) => contact.login.state === 'locked'), 'the list is not filtered');
    await expect(el).to.be.accessible();
    await screenshot('manager-locked-out');
    button.click();
    await el.updateComplete;
    expect(list.status).to.equal('');

    const capable = await fixture<ContactManager>(
      html`<contact-manager .client=${new MemoryContactsClient({ viewer: 'customer_admin', capabilities: { lockUnlock: false } })}></contact-manager>`,
    );
    await until(() => capable.activeViewer !== undefined, 'no viewer');
    await capable.updateComplete;
    expect(capable.shadowRoot!.querySelector('#locked-out')).to.equal(null, 'hidden when the client cannot lock');
  });

  it('follows the hash, and back and forward, with routing="hash"', async () => {
    // hashchange fires in a later task: wait for it, so it is not taken for the Back below.
    const initial = oneEvent(window, 'hashchange');
    location.hash = '#/contacts/c-victor';
    await initial;
    const { el } = await setup('customer_admin', 'hash');
    expect(el.route).to.deep.equal({ view: 'contact', contactId: 'c-victor' });
    const edited = oneEvent(window, 'hashchange');
    (await viewButton(el, 'contact.update')).click();
    expect(location.hash).to.equal('#/contacts/c-victor/edit');
    await edited;
    const back = oneEvent(window, 'hashchange');
    history.back();
    await back;
    await el.updateComplete;
    expect(el.route).to.deep.equal({ view: 'contact', contactId: 'c-victor' });
    const forward = oneEvent(window, 'hashchange');
    history.forward();
    await forward;
    await el.updateComplete;
    expect(el.route).to.deep.equal({ view: 'edit', contactId: 'c-victor' });
  });

  it('deletes from the contact page after Yes; Escape closes and returns focus', async () => {
    const { client, el } = await setup();
    el.route = { view: 'contact', contactId: 'c-victor' };
    const remove = await viewButton(el, 'contact.delete');
    remove.focus();
    remove.click();
    const dialog = inner<ContactDelete>(el, 'contact-delete')!;
    await until(() => dialog.open && $<HTMLDialogElement>(dialog, 'dialog').open, 'dialog not open');
    expect(text($(dialog, '[part="question"]'))).to.equal('Delete Victor Chen? This cannot be undone.');
    await expect(el).to.be.accessible();
    const { outside, inside } = await tabAround($<HTMLDialogElement>(dialog, 'dialog'));
    expect(outside, 'Tab stays inside').to.deep.equal([]);
    expect(inside).to.equal(2, 'Tab reaches Yes and No');
    await sendKeys({ press: 'Escape' });
    await until(() => !$<HTMLDialogElement>(dialog, 'dialog').open, 'Escape did not close');
    expect(deepActive()).to.equal(remove, 'focus returns to Delete');
    remove.click();
    await until(() => $<HTMLDialogElement>(dialog, 'dialog').open, 'dialog not open again');
    const deleted = oneEvent(el, 'contact-deleted');
    $(dialog, '[part="confirm"]').click();
    expect((await deleted).detail.contactId).to.equal('c-victor');
    await until(() => el.route.view === 'list', 'not back on the list');
    await el.updateComplete;
    expect(text($(el, '[part="message"] [role="status"]'))).to.equal('Victor Chen was deleted.');
    expect(el.shadowRoot!.activeElement?.id).to.equal('heading', 'focus lands on the list heading');
    let gone = false;
    await client.getContact('c-victor').catch(() => (gone = true));
    expect(gone).to.equal(true);
  });

  it('assigns roles in a dialog with OK', async () => {
    const { client, el } = await setup();
    el.route = { view: 'contact', contactId: 'c-victor' };
    (await viewButton(el, 'roles.assign')).click();
    await until(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!.open, 'no dialog');
    expect(text($(el, '#dialog-title'))).to.equal('Assign roles to Victor Chen');
    const picker = $<RolePicker>(el, '#roles-picker');
    await expect(el).to.be.accessible();
    picker.value = ['billing', 'reports'];
    $(el, '#roles-ok').click();
    await until(() => !el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!.open, 'dialog still open');
    expect((await client.getContact('c-victor')).roles).to.have.members(['billing', 'reports']);
    await until(() => text(el.shadowRoot!.querySelector('[part="message"]')).includes('Roles of Victor Chen saved.'), 'no message');
  });

  // c-00178 has no user account yet, so the association dialog lists the free ones.
  for (const [action, contactId, ready] of [
    ['roles.assign', 'c-victor', 'role-picker'],
    ['user.associate', 'c-00178', 'user-associate'],
  ] as const) {
    it(`keeps Tab inside the ${action} dialog opened with Enter; Escape closes it and focus returns`, async () => {
      const { el } = await setup('admin');
      el.route = { view: 'contact', contactId };
      const opener = await viewButton(el, action);
      opener.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog[part="dialog"]');
      const content = () => el.shadowRoot!.querySelector(ready)?.shadowRoot;
      await until(() => dialog.open && content()?.querySelector('[role="option"], [part="result"]') != null, 'dialog not loaded');
      const { outside, inside } = await tabAround(dialog);
      expect(outside, 'Tab stays inside').to.deep.equal([]);
      expect(inside).to.be.greaterThan(2);
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog.open, 'Escape did not close');
      expect(deepActive()).to.equal(opener, 'focus returns to the button that opened it');
    });
  }

  it('creates a login, then opens password reset in a dialog that Escape closes', async () => {
    const { client, el } = await setup();
    el.route = { view: 'contact', contactId: 'c-00063' };
    (await viewButton(el, 'login.create')).click();
    await until(() => text(el.shadowRoot!.querySelector('[part="message"]')).includes('Login created'), 'no message');
    expect((await client.getContact('c-00063')).login.state).to.equal('enabled');
    const reset = await viewButton(el, 'password.reset_link');
    reset.focus();
    reset.click();
    const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!;
    await until(() => dialog.open && el.shadowRoot!.querySelector('password-reset') !== null, 'no dialog');
    expect(text($(el, '#dialog-title'))).to.equal('Reset the password of Ines Andersson');
    await expect(el).to.be.accessible();
    const { outside, inside } = await tabAround(dialog);
    expect(outside, 'Tab stays inside').to.deep.equal([]);
    expect(inside).to.be.greaterThan(1);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'Escape did not close');
    expect(deepActive()).to.equal(reset);
  });

  it('creates a contact with its Contact role', async () => {
    const { client, el } = await setup();
    $(el, '#new-contact').click();
    await el.updateComplete;
    expect(el.route).to.deep.equal({ view: 'new' });
    const form = inner<ContactForm>(el, 'contact-form')!;
    await form.updateComplete;
    const picker = $<RolePicker>(el, '#new-roles');
    picker.value = ['reports'];
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await expect(el).to.be.accessible();
    for (const [field, value] of [['firstName', 'Nora'], ['lastName', 'Quist'], ['email', 'nora.quist@acme.example']]) {
      $<HTMLInputElement>(form, `#${field}`).focus();
      await sendKeys({ type: value! });
    }
    const saved = oneEvent(el, 'contact-saved');
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    const { contact } = (await saved).detail;
    await until(() => el.route.view === 'contact', 'not on the contact page');
    await until(() => inner<ContactView>(el, 'contact-view') !== null, 'no view');
    let roles: string[] = [];
    await until(() => {
      void client.getContact(contact.id).then((stored) => (roles = stored.roles));
      return roles.length > 0;
    }, 'roles not set');
    expect(roles).to.deep.equal(['reports']);
  });

  it('imports in a dialog next to New contact, refreshes the list, and exports from the list toolbar', async () => {
    const { el } = await setup();
    const list = inner<ContactList>(el, 'contact-list')!;
    await until(() => list.contacts.length > 0, 'no rows');
    const before = list.contacts;
    const button = $<HTMLButtonElement>(el, '#import-contacts');
    expect(text(button)).to.equal('Import contacts');
    button.focus();
    button.click();
    await until(() => $<HTMLDialogElement>(el, 'dialog[part="dialog"]').open, 'no dialog');
    expect(text($(el, '#dialog-title'))).to.equal('Import contacts');
    const importer = inner<ContactImport>(el, 'contact-import')!;
    await until(() => importer.activeViewer !== undefined, 'no viewer in the import');
    await expect(el).to.be.accessible();
    await importer.load(new File(['First name,Last name,Email\nImo,Port,imo.port@example.com\n'], 'contacts.csv', { type: 'text/csv' }));
    await until(() => importer.shadowRoot!.querySelector('[part="import-button"]') !== null, 'no mapping');
    const imported = oneEvent(el, 'contact-imported');
    $(importer, '[part="import-button"]').click();
    expect((await imported).detail).to.deep.include({ created: 1 });
    await until(() => list.contacts !== before, 'the list did not refresh');
    $<HTMLButtonElement>(el, '.dialog-buttons button').click();
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog[part="dialog"]').open).to.equal(false);
    expect(deepActive()).to.equal(button, 'focus returns to Import');

    const exporter = list.shadowRoot!.querySelector<ContactExport>('contact-export')!;
    await until(() => exporter.shadowRoot?.querySelector('[part="export-button"]') != null, 'no export button');
    const exported = oneEvent(el, 'contact-exported');
    exporter.shadowRoot!.addEventListener('click', (event) => (event.target as Element).localName === 'a' && event.preventDefault(), { capture: true });
    $(exporter, '[part="export-button"]').click();
    const { detail } = await exported;
    expect(detail.format).to.equal('csv');
    expect(await detail.blob.text()).to.contain('imo.port@example.com');
  });

  it('offers a contact without admin roles nothing but reading', async () => {
    const { el } = await setup('contact');
    expect(el.shadowRoot!.querySelector('#new-contact')).to.equal(null);
    expect(el.shadowRoot!.querySelector('#import-contacts')).to.equal(null);
    el.route = { view: 'contact', contactId: 'c-carlos' };
    await el.updateComplete;
    const view = inner<ContactView>(el, 'contact-view')!;
    await until(() => view.shadowRoot?.querySelector('dl') != null, 'no view');
    await view.updateComplete;
    expect($$(view, '[part="actions"] button')).to.have.length(0);
    el.route = { view: 'new' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('contact-form')).to.equal(null);
    expect(text($(el, '.message'))).to.equal('You may not create contacts.');
    await expect(el).to.be.accessible();
  });
});
