// Issue 16: a page that registers only the manager. What it renders after a click (the contact's
// page, the form, the dialogs) is loaded on demand or when the browser is idle; each test uses a
// new prefix, so none of those tags is defined when it starts.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactManager } from './contact-manager.js';
import { defineElements } from '../define.js';
import type { ContactDelete } from '../contact-delete/contact-delete.js';
import type { ContactList } from '../contact-list/contact-list.js';
import { contains } from '../base/dialog.js';
import { $, text, until } from '../test-helpers.js';

const ON_DEMAND = ['contact-view', 'contact-form', 'contact-delete', 'role-picker', 'password-reset', 'user-associate', 'contact-import'];
let count = 0;
const mounted: Element[] = [];

const setup = async (viewer = 'admin') => {
  const prefix = `lazy${++count}`;
  defineElements({ prefix, elements: { 'contact-manager': ContactManager } });
  const el = document.createElement(`${prefix}-contact-manager`) as ContactManager;
  el.client = new MemoryContactsClient({ viewer });
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return { el, prefix, tag: (name: string) => `${prefix}-${name}` };
};

const deepActive = () => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

const viewButton = async (el: ContactManager, view: string, action: string) => {
  const button = () => el.shadowRoot!.querySelector(view)?.shadowRoot?.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  await until(() => button() != null, `no ${action}`);
  return button()!;
};

describe('<contact-manager> registered alone', () => {
  afterEach(() => mounted.splice(0).forEach((el) => el.remove()));

  it('shows that a page is loading until its element has arrived', async () => {
    const { el, tag } = await setup();
    expect(customElements.get(tag('contact-list')) !== undefined, 'the list is there at once').to.equal(true);
    el.route = { view: 'contact', contactId: 'c-victor' };
    await el.updateComplete;
    expect(customElements.get(tag('contact-view')) === undefined, 'the view is not loaded yet').to.equal(true);
    const status = el.shadowRoot!.querySelector('.loading[role="status"]');
    expect(text(status)).to.equal('Loading…');
    expect(status!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await viewButton(el, tag('contact-view'), 'contact.update');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.loading[role="status"]') === null, 'no loading state left').to.equal(true);
  });

  it('fetches what it renders after a click when the browser is idle', async () => {
    const { el, tag } = await setup();
    await el.dependenciesLoaded;
    for (const name of ON_DEMAND) expect(customElements.get(tag(name)) !== undefined, `<${tag(name)}>`).to.equal(true);
    expect(el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="dialog"]')!.open, 'no dialog opened').to.equal(false);
  });

  for (const [action, contactId, element] of [
    ['roles.assign', 'c-victor', 'role-picker'],
    ['user.associate', 'c-00178', 'user-associate'],
  ] as const) {
    it(`opens the ${action} dialog the first time with its element; Escape returns focus`, async () => {
      const { el, tag } = await setup();
      el.route = { view: 'contact', contactId };
      const opener = await viewButton(el, tag('contact-view'), action);
      opener.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog[part="dialog"]');
      const content = () => el.shadowRoot!.querySelector(tag(element))?.shadowRoot;
      await until(() => dialog.open && content()?.querySelector('[role="option"], [part="result"]') != null, 'dialog not loaded');
      expect(el.shadowRoot!.querySelector('.loading[role="status"]') === null, 'no loading state left').to.equal(true);
      expect(contains(dialog, deepActive()!), 'focus is in the dialog').to.equal(true);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await until(() => !dialog.open, 'Escape did not close');
      expect(deepActive()).to.equal(opener, 'focus returns to the button that opened it');
    });
  }

  it('opens password reset the first time', async () => {
    const { el, tag } = await setup();
    el.route = { view: 'contact', contactId: 'c-00063' };
    (await viewButton(el, tag('contact-view'), 'login.create')).click();
    const reset = await viewButton(el, tag('contact-view'), 'password.reset_link');
    reset.focus();
    reset.click();
    const dialog = $<HTMLDialogElement>(el, 'dialog[part="dialog"]');
    await until(() => dialog.open && el.shadowRoot!.querySelector(tag('password-reset'))?.shadowRoot?.querySelector('button') != null, 'no reset');
    expect(text($(el, '#dialog-title'))).to.equal('Reset the password of Ines Andersson');
    expect(contains(dialog, deepActive()!), 'focus is in the dialog').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'Escape did not close');
    expect(deepActive()).to.equal(reset);
  });

  it('asks to confirm a delete the first time; Escape returns focus to Delete', async () => {
    const { el, tag } = await setup();
    el.route = { view: 'contact', contactId: 'c-victor' };
    const remove = await viewButton(el, tag('contact-view'), 'contact.delete');
    remove.focus();
    remove.click();
    const confirm = () => el.shadowRoot!.querySelector<ContactDelete>(tag('contact-delete'))!;
    await until(() => confirm().open === true && confirm().shadowRoot?.querySelector<HTMLDialogElement>('dialog')?.open === true, 'no confirmation');
    expect(text($(confirm(), '[part="question"]'))).to.equal('Delete Victor Chen? This cannot be undone.');
    expect($<HTMLDialogElement>(el, 'dialog[part="dialog"]').open, 'the loading dialog is closed').to.equal(false);
    await sendKeys({ press: 'Escape' });
    await until(() => !$<HTMLDialogElement>(confirm(), 'dialog').open, 'Escape did not close');
    expect(deepActive()).to.equal(remove, 'focus returns to Delete');
  });

  it('opens the import dialog and the New contact form the first time', async () => {
    const { el, tag } = await setup();
    const list = () => el.shadowRoot!.querySelector<ContactList>(tag('contact-list'))!;
    await until(() => list().contacts.length > 0, 'no rows');
    const button = $<HTMLButtonElement>(el, '#import-contacts');
    button.focus();
    button.click();
    const dialog = $<HTMLDialogElement>(el, 'dialog[part="dialog"]');
    await until(() => dialog.open && el.shadowRoot!.querySelector(tag('contact-import'))?.shadowRoot?.querySelector('input[type="file"]') != null, 'no import');
    expect(contains(dialog, deepActive()!), 'focus is in the dialog').to.equal(true);
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'Escape did not close');
    expect(deepActive()).to.equal(button, 'focus returns to Import');
    $(el, '#new-contact').click();
    await until(() => el.shadowRoot!.querySelector(tag('contact-form'))?.shadowRoot?.querySelector('input') != null, 'no form');
    expect(text($(el, '#heading'))).to.equal('New contact');
    expect(el.shadowRoot!.querySelector(tag('role-picker')), 'the role picker on create').to.exist;
  });
});
