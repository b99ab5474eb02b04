import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactsProvider } from './contacts-provider.js';
import type { ContactList } from '../contact-list/contact-list.js';
import type { LoginToggle } from '../login-toggle/login-toggle.js';
import { $$, text, until } from '../test-helpers.js';
import '../define-all.js';

describe('<contacts-provider>', () => {
  it('gives its client and viewer to the elements inside, and a change in one refreshes the others', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const provider = await fixture<ContactsProvider>(html`<contacts-provider .client=${client}>
      <contact-list search="victor"></contact-list>
      <login-toggle></login-toggle>
    </contacts-provider>`);
    const list = provider.querySelector<ContactList>('contact-list')!;
    const toggle = provider.querySelector<LoginToggle>('login-toggle')!;
    await until(() => provider.viewer?.contactId === 'c-alice', 'viewer not provided');
    await until(() => $$(list, 'tbody tr[data-id]').length === 1, 'list did not load through the provider');
    toggle.contact = await client.getContact('c-victor');
    await until(() => toggle.shadowRoot!.querySelector('button[data-action="login.disable"]') !== null, 'toggle not ready');

    toggle.shadowRoot!.querySelector<HTMLButtonElement>('button[data-action="login.disable"]')!.click();
    await toggle.updateComplete;
    const changed = oneEvent(toggle, 'login-changed');
    toggle.shadowRoot!.querySelector<HTMLButtonElement>('[data-confirm="disable"]')!.click();
    await changed;
    await until(() => text($$(list, 'tbody tr[data-id]')[0]).includes('Disabled'), 'list did not refresh after the change');
    expect(list.contacts[0]!.login.state).to.equal('disabled');
  });
});
