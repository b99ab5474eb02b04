// The list's status filter offers only statuses the adapter can have: no "Locked" without lock support (a SCIM store, a portal API without lock routes).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactList } from '@portico/elements';
import '@portico/elements/define';

const statusOptions = async (client: MemoryContactsClient) => {
  const el = await fixture<ContactList>(html`<contact-list .client=${client}></contact-list>`);
  await waitUntil(() => el.shadowRoot!.querySelector('select#status') !== null, 'the status filter did not render');
  return [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('select#status option')].map((option) => option.value);
};

describe('<contact-list> status filter', () => {
  it('offers locked contacts only when the adapter can lock', async () => {
    expect(await statusOptions(new MemoryContactsClient())).to.include('locked');
    const options = await statusOptions(new MemoryContactsClient({ capabilities: { lockUnlock: false } }));
    expect(options).to.deep.equal(['', 'active', 'disabled', 'none']);
  });
});
