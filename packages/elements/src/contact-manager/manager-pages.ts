import { can, displayName, type Contact, type ContactsClient, type Viewer } from '@portico/core';
import { allowedActions } from '../base/actions.js';
import { titledName } from '../base/labels.js';
import type { ManagerRoute } from '../events.js';
import type { PorticoStrings } from '../i18n/en.js';

/** The manager's heading for a page; the contact's name once `contact` is the page's contact. */
export const pageHeading = (route: ManagerRoute, contact: Contact | undefined, t: PorticoStrings): string => {
  switch (route.view) {
    case 'list':
      return t.managerTitle;
    case 'new':
      return t.formCreateTitle;
    case 'edit':
      return contact?.id === route.contactId ? `${t.formEditTitle}: ${displayName(contact)}` : t.formEditTitle;
    case 'contact':
      return contact?.id === route.contactId ? titledName(contact.honorific, displayName(contact), t) : t.viewTitle;
  }
};

/** Whether the viewer may and the client can: creating contacts, or assigning roles (on the create page). */
export const mayDo = (viewer: Viewer | undefined, client: ContactsClient | undefined, action: 'contact.create' | 'roles.assign'): boolean => {
  const capability = action === 'contact.create' ? 'create' : 'roles';
  return Boolean(viewer && client?.capabilities[capability] && can(viewer, action));
};

/** Whether the edit page may show its form (until the viewer is known, it may). */
export const mayEdit = (viewer: Viewer | undefined, client: ContactsClient | undefined, contact: Contact): boolean =>
  !viewer || !client || allowedActions(viewer, contact, client.capabilities).includes('contact.update');
