import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactDelete } from '@portico/elements';
import { ref } from 'lit/directives/ref.js';
import '@portico/elements/define';

/** A button that opens the dialog for one contact, as a host would wire it. */
const withOpener = (contactId: string, client = new MemoryContactsClient()) => {
  let dialog: ContactDelete | undefined;
  const contact = client.getContact(contactId);
  const open = async () => dialog?.show(await contact);
  return html`<button type="button" @click=${open}>Delete…</button>
    <contact-delete .client=${client} ${ref((el) => (dialog = el as ContactDelete | undefined))}></contact-delete>`;
};



export default {
  title: 'Elements/Contact delete',
  component: 'contact-delete',
  args: { open: false },
  render: () => withOpener('c-victor'),
};

/** "Delete Victor Chen? This cannot be undone." with Yes and No. */
export const Confirm = {};

/** The viewer's own contact: nothing to confirm, only an explanation. */
export const OwnContact = { render: () => withOpener('c-carlos') };

/** The server refuses: the message stays in the dialog. */
export const Fails = {
  render: () => {
    const client = new MemoryContactsClient();
    const story = withOpener('c-victor', client);
    document.addEventListener('contact-delete', () => client.failNextCalls(1), { once: true });
    return story;
  },
};
