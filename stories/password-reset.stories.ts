import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import type { Contact } from '@portico/core';
import '@portico/elements/define';

/** Loads one contact first, so the story shows the reset for that contact. */
const withContact = (pick: (client: MemoryContactsClient) => Promise<Contact>, client = new MemoryContactsClient()) => {
  const reset = document.createElement('password-reset');
  Object.assign(reset, { client });
  void pick(client).then((contact) => Object.assign(reset, { contact }));
  return reset;
};

export default {
  title: 'Elements/Password reset',
  component: 'password-reset',
  render: () => withContact((client) => client.getContact('c-victor')),
};

/** A customer administrator: only the e-mailed link. */
export const CustomerAdmin = {};

/** The `admin` role: link, temporary password or a password set here. */
export const Admin = {
  render: () => withContact((client) => client.getContact('c-victor'), new MemoryContactsClient({ viewer: 'admin' })),
};

/**
 * The `admin` role setting a password: the rules tick as they are met (try twelve spaces, the user
 * ID `victor.chen`, `password1234`, then a passphrase); the strength dictionary loads when the
 * field is first shown.
 */
export const SetPassword = {
  render: () => {
    const reset = withContact((client) => client.getContact('c-victor'), new MemoryContactsClient({ viewer: 'admin' }));
    // Chooses "Set a password" once the contact is in and the form drawn (for a few seconds at most).
    let frames = 0;
    const chooseSet = () => {
      const radio = reset.shadowRoot?.querySelector<HTMLInputElement>('input[name="mode"][value="set"]');
      if (radio) radio.click();
      else if (frames++ < 300) requestAnimationFrame(chooseSet);
    };
    requestAnimationFrame(chooseSet);
    return reset;
  },
};

export const NoLogin = {
  render: () => withContact(async (client) => (await client.listContacts({ filters: { status: 'none' }, pageSize: 1 })).items[0]!),
};

export const FailsOnce = {
  render: () => {
    const client = new MemoryContactsClient({ viewer: 'admin', latency: 600 });
    const reset = withContact((memory) => memory.getContact('c-victor'), client);
    reset.addEventListener('password-reset', () => client.failNextCalls(1), { once: true });
    return html`${reset}`;
  },
};
