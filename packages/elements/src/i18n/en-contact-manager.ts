/**
 * The English strings of `<contact-manager>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<contact-manager>` does not carry them.
 */
export const enContactManager = {
  managerTitle: 'Contacts',
  newContact: 'New contact',
  importContacts: 'Import contacts',
  backToContacts: 'Back to contacts',
  contactRole: 'Contact role',
  assignRolesTitle: (name: string) => `Assign roles to ${name}`,
  resetPasswordTitle: (name: string) => `Reset the password of ${name}`,
  associateUserTitle: (name: string) => `Associate a user account with ${name}`,
  ok: 'OK',
  rolesFailed: (message: string) => `The roles could not be saved: ${message}`,
  createdRolesFailed: (message: string) => `The contact was created, but its roles could not be assigned: ${message}`,
  actionFailed: (name: string, message: string) => `${name}: ${message}`,
  createNotAllowed: 'You may not create contacts.',
  editNotAllowed: 'You may not edit this contact.',
  contactCreated: (name: string) => `Contact created: ${name}.`,
  contactUpdated: (name: string) => `Changes to ${name} saved.`,
  dismissMessage: 'Dismiss message',
  /** The toolbar's link to the locked-out contacts (seed 002's "Locked out contacts"), with their count. */
  lockedOut: (count: number) => `Locked out (${count})`,
};
