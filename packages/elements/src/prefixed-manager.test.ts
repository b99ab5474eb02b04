// Issue 16: a page that registers only prefixed tags. This file imports define.ts and nothing that
// registers the default tags (web-test-runner runs each test file in a page of its own), so every
// element the manager shows must be one it rendered by its `acme-` tag.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { exportWriters } from '@portico/export';
import { ContactExport, ContactForm, ContactList, ContactView, RolePicker, type ContactManager } from './index.js';
import { defineElements } from './define.js';
import { $, $$, text, until } from './test-helpers.js';

defineElements({ prefix: 'acme' });

/** Every element in `root` and in the shadow roots below it. */
const deepAll = (root: ParentNode): Element[] =>
  [...root.querySelectorAll('*')].flatMap((element) => [element, ...(element.shadowRoot ? deepAll(element.shadowRoot) : [])]);

/** The custom elements below `el` that never upgraded, as `<tag>`. */
const undefinedBelow = (el: Element) => deepAll(el.shadowRoot!).filter((element) => element.matches(':not(:defined)')).map((element) => `<${element.localName}>`);

/** The Portico tags below `el`: all of them prefixed. */
const porticoTagsBelow = (el: Element) =>
  [...new Set(deepAll(el.shadowRoot!).map((element) => element.localName))].filter((tag) => /(contact|role|password|user|login)-/.test(tag)).sort();

const inner = <T extends Element>(root: Element, tag: string): T => {
  const found = root.shadowRoot!.querySelector<T>(tag);
  if (!found) throw new Error(`No <${tag}> in <${root.localName}>`);
  return found;
};

describe('defineElements({ prefix: "acme" }) alone', () => {
  it('registers the prefixed tags and none of the default ones', () => {
    for (const tag of ['contact-manager', 'contact-list', 'contact-export', 'contact-view', 'contact-form', 'role-picker', 'password-reset', 'user-associate', 'contact-delete']) {
      expect(customElements.get(`acme-${tag}`), `<acme-${tag}>`).to.exist;
      expect(customElements.get(tag), `<${tag}>`).to.equal(undefined);
    }
  });

  it('drives the whole manager: list, export, contact page, edit and save, role picker', async () => {
    const client = new MemoryContactsClient({ exportWriters: exportWriters(), viewer: 'customer_admin' });
    const el = await fixture<ContactManager>(html`<acme-contact-manager .client=${client}></acme-contact-manager>`);
    await until(() => el.activeViewer !== undefined, 'no viewer');

    // The list, with its Export button, by their acme- tags.
    const list = inner<ContactList>(el, 'acme-contact-list');
    expect(list).to.be.instanceOf(ContactList);
    await until(() => $$(list, 'tbody tr[data-id]').length > 0, 'no rows');
    expect(text($(list, 'tbody tr[data-id="c-victor"] th'))).to.contain('Victor Chen');
    await until(() => list.shadowRoot!.querySelector('acme-contact-export')?.shadowRoot?.querySelector('[part="export-button"]') != null, 'no export button');
    expect(inner(list, 'acme-contact-export')).to.be.instanceOf(ContactExport);
    expect(undefinedBelow(el)).to.deep.equal([]);

    // A click on a name opens the contact's page.
    $<HTMLButtonElement>(list, 'tbody tr[data-id="c-victor"] th button.link').click();
    await until(() => el.shadowRoot!.querySelector('acme-contact-view') !== null, 'no contact page');
    const view = inner<ContactView>(el, 'acme-contact-view');
    expect(view).to.be.instanceOf(ContactView);
    await until(() => view.shadowRoot!.querySelector('[data-action="contact.update"]') !== null, 'no Edit');
    expect(text($(el, '#heading'))).to.contain('Victor Chen');

    // Edit, change the job title, save through the form.
    $<HTMLButtonElement>(view, '[data-action="contact.update"]').click();
    await until(() => el.shadowRoot!.querySelector('acme-contact-form') !== null, 'no form');
    const form = inner<ContactForm>(el, 'acme-contact-form');
    expect(form).to.be.instanceOf(ContactForm);
    await until(() => form.shadowRoot!.querySelector<HTMLInputElement>('#jobTitle') !== null && form.contactId === 'c-victor', 'form not ready');
    await until(() => $<HTMLInputElement>(form, '#firstName').value === 'Victor', 'form not filled');
    const jobTitle = $<HTMLInputElement>(form, '#jobTitle');
    jobTitle.focus();
    jobTitle.select();
    await sendKeys({ type: 'Head of Prefixes' });
    const saved = oneEvent(el, 'contact-saved');
    $<HTMLButtonElement>(form, 'button[type="submit"]').click();
    expect((await saved).detail.contact.jobTitle).to.equal('Head of Prefixes');
    expect((await client.getContact('c-victor')).jobTitle).to.equal('Head of Prefixes');
    await until(() => el.route.view === 'contact', 'not back on the contact page');

    // Assign roles: the dialog's role picker is <acme-role-picker>.
    await until(() => el.shadowRoot!.querySelector('acme-contact-view')?.shadowRoot?.querySelector('[data-action="roles.assign"]') != null, 'no Assign roles');
    $<HTMLButtonElement>(inner(el, 'acme-contact-view'), '[data-action="roles.assign"]').click();
    await until(() => $<HTMLDialogElement>(el, 'dialog[part="dialog"]').open, 'no roles dialog');
    const picker = $<RolePicker>(el, '#roles-picker');
    expect(picker.localName).to.equal('acme-role-picker');
    expect(picker).to.be.instanceOf(RolePicker);
    await until(() => picker.shadowRoot!.querySelectorAll('[role="option"]').length > 0, 'no roles offered');
    expect(undefinedBelow(el)).to.deep.equal([]);
    await sendKeys({ press: 'Escape' });
    await until(() => !$<HTMLDialogElement>(el, 'dialog[part="dialog"]').open, 'Escape did not close');

    // The delete dialog is always there, and the import dialog's element is registered.
    expect(el.shadowRoot!.querySelector('acme-contact-delete')).to.exist;
    await until(() => customElements.get('acme-contact-import') !== undefined, 'no <acme-contact-import>');
    expect(porticoTagsBelow(el).every((tag) => tag.startsWith('acme-'))).to.equal(true, porticoTagsBelow(el).join(', '));
    expect(undefinedBelow(el)).to.deep.equal([]);
  });
});
