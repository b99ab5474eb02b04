import type { Contact, ContactStatus } from './schema.js';

/** The list's status of a contact, from its login state. */
export const statusOf = (contact: Pick<Contact, 'login'>): ContactStatus => {
  switch (contact.login.state) {
    case 'enabled':
      return 'active';
    case 'disabled':
      return 'disabled';
    case 'locked':
      return 'locked';
    default:
      return 'none';
  }
};

export const displayName = (contact: Pick<Contact, 'firstName' | 'lastName'>): string =>
  `${contact.firstName} ${contact.lastName}`.trim();
