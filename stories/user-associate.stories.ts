import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

/** Loads the contact first, as a host that already has it would pass it in. */
const forContact = (contactId: string, viewer = 'admin') => {
  const client = new MemoryContactsClient({ viewer });
  const element = document.createElement('user-associate');
  Object.assign(element, { client });
  void client.getContact(contactId).then((contact) => Object.assign(element, { contact }));
  return element;
};

export default {
  title: 'Elements/User associate',
  component: 'user-associate',
  render: () => forContact('c-00008'),
};

/** A contact without a login: search the user accounts, link a free one. */
export const ContactWithoutLogin = {};

/** A contact that has its own login already. */
export const ContactWithLogin = { render: () => forContact('c-victor') };

/** A customer administrator may not associate users (seed 003: admin only): renders nothing. */
export const NotAllowed = { render: () => forContact('c-00008', 'customer_admin') };
