// Every element starts afresh when the viewer changes (issue 17): signed in as somebody else, or
// out, without a reload; with a provider and without one.
import { expect, fixture, html } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactsProvider } from './contacts-provider/contacts-provider.js';
import type { ContactList } from './contact-list/contact-list.js';
import type { ContactManager } from './contact-manager/contact-manager.js';
import { refreshViewer } from './store.js';
import { $$, text, until } from './test-helpers.js';
import './define-all.js';

const range = (list: ContactList) => text(list.shadowRoot!.querySelector('[part="pager"] .range')!);

describe('a new viewer without a reload', () => {
  it('a list of its own (no provider) shows the new viewer\'s contacts after refreshViewer(client)', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.activeViewer !== undefined && $$(list, 'tbody tr[data-id]').length > 0, 'admin list');
    const adminRange = range(list);
    const adminRows = $$(list, 'tbody tr[data-id]').length;

    // What a fresh list shows the plain contact.
    const fresh = await fixture<ContactList>(html`<contact-list .client=${client.withViewer('contact')}></contact-list>`);
    await until(() => fresh.activeViewer !== undefined && $$(fresh, 'tbody tr[data-id]').length > 0, 'fresh contact list');
    const expected = { range: range(fresh), ids: $$(fresh, 'tbody tr[data-id]').map((row) => row.dataset['id']) };
    expect(expected.range, 'the two viewers see different totals').to.not.equal(adminRange);

    list.shadowRoot!.querySelector<HTMLInputElement>('tbody input[type="checkbox"]')?.click();
    client.setViewer('contact');
    await refreshViewer(client);
    await until(() => list.activeViewer?.contactId === fresh.activeViewer?.contactId, 'the list took the new viewer');
    await until(() => range(list) === expected.range, `the list still shows ${range(list)} (administrator: ${adminRange}, ${adminRows} rows)`);
    expect($$(list, 'tbody tr[data-id]').map((row) => row.dataset['id'])).to.deep.equal(expected.ids);
    expect(list.shadowRoot!.querySelectorAll('tbody input[type="checkbox"]:checked').length, 'no selection survives').to.equal(0);
  });

  it('shows none of the previous viewer\'s rows while the new viewer\'s page loads', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin', latency: 500 });
    const list = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
    await until(() => list.activeViewer !== undefined && $$(list, 'tbody tr[data-id]').length > 0, 'admin list');
    const adminId = list.activeViewer!.contactId;
    client.setViewer('contact');
    await refreshViewer(client);
    await until(() => list.activeViewer !== undefined && list.activeViewer.contactId !== adminId, 'the list took the new viewer');
    await list.updateComplete;
    expect($$(list, 'tbody tr[data-id]').map((row) => row.dataset['id']), 'the administrator\'s rows while the new page loads').to.deep.equal([]);
    expect(text(list.shadowRoot!.querySelector('tbody')!)).to.contain('Loading');
    await until(() => $$(list, 'tbody tr[data-id]').length > 0, 'the new viewer\'s rows');
  });

  it('a manager under a provider goes back to its list with the new viewer\'s contacts and rights', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const provider = await fixture<ContactsProvider>(html`<contacts-provider .client=${client}><contact-manager></contact-manager></contacts-provider>`);
    const manager = provider.querySelector<ContactManager>('contact-manager')!;
    await until(() => manager.shadowRoot!.querySelector('#new-contact') !== null, 'the administrator may create');
    manager.navigate({ view: 'contact', contactId: 'c-carlos' });
    await until(() => manager.shadowRoot!.querySelector('contact-view') !== null, 'a contact is open');

    client.setViewer('contact');
    await provider.refreshViewer();
    await until(() => manager.route.view === 'list', 'back on the list');
    await until(() => manager.shadowRoot!.querySelector('#new-contact') === null, 'no New contact for a plain contact');
    const list = manager.shadowRoot!.querySelector<ContactList>('contact-list')!;
    const fresh = await fixture<ContactList>(html`<contact-list .client=${client.withViewer('contact')}></contact-list>`);
    await until(() => fresh.activeViewer !== undefined && $$(fresh, 'tbody tr[data-id]').length > 0, 'fresh contact list');
    await until(() => range(list) === range(fresh), `the manager's list shows ${range(list)}, a fresh one ${range(fresh)}`);
  });

  it('signed out (me() fails), the provider has no viewer and the list shows no contact of the previous one', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const provider = await fixture<ContactsProvider>(html`<contacts-provider .client=${client}><contact-list></contact-list></contacts-provider>`);
    const list = provider.querySelector<ContactList>('contact-list')!;
    await until(() => $$(list, 'tbody tr[data-id]').length > 0, 'admin list');
    client.setViewer('nobody-at-all');
    await provider.refreshViewer();
    expect(provider.viewer).to.equal(undefined);
    await until(() => $$(list, 'tbody tr[data-id]').length === 0, 'the administrator\'s rows are gone');
  });
});
