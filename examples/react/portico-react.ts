// React components for the Portico elements, by @lit/react: properties such as `client` are set as
// properties (not attributes) and the elements' events are `on...` props with typed events.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { ContactList as ContactListElement, ContactsProvider as ContactsProviderElement, defineElements } from '@portico/elements';
import type { ContactActionEvent, ContactOpenEvent, LoginChangedEvent } from '@portico/elements';

defineElements();

export const ContactsProvider = createComponent({
  react: React,
  tagName: 'contacts-provider',
  elementClass: ContactsProviderElement,
});

export const ContactList = createComponent({
  react: React,
  tagName: 'contact-list',
  elementClass: ContactListElement,
  events: {
    onContactOpen: 'contact-open' as EventName<ContactOpenEvent>,
    onContactAction: 'contact-action' as EventName<ContactActionEvent>,
    onLoginChanged: 'login-changed' as EventName<LoginChangedEvent>,
  },
});
