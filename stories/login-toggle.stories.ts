import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import type { Contact } from '@portico/core';
import '@portico/elements/define';

/** Loads one contact first, so the story shows the toggle in that contact's state. */
const withContact = (pick: (client: MemoryContactsClient) => Promise<Contact>, client = new MemoryContactsClient()) => {
  const toggle = document.createElement('login-toggle');
  Object.assign(toggle, { client });
  void pick(client).then((contact) => Object.assign(toggle, { contact }));
  return toggle;
};

export default {
  title: 'Elements/Login toggle',
  component: 'login-toggle',
  args: { name: '', disabled: false },
  render: () => withContact((client) => client.getContact('c-victor')),
};

export const Enabled = {};

export const Locked = {
  render: () => withContact(async (client) => (await client.listContacts({ filters: { status: 'locked' }, pageSize: 1 })).items[0]!),
};

export const NoUserId = {
  render: () => withContact((client) => client.getContact('c-00008')),
};

export const FailsAndRollsBack = {
  render: () => {
    const client = new MemoryContactsClient({ latency: 600 });
    const toggle = withContact((memory) => memory.getContact('c-victor'), client);
    toggle.addEventListener('click', () => client.failNextCalls(1), { capture: true });
    return html`${toggle}`;
  },
};
