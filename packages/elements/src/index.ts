// Classes and helpers only: importing this module registers nothing (see ./define.js).
export { ContactsProvider } from './contacts-provider/contacts-provider.js';
export { ContactList, COLUMN_IDS, type ColumnId } from './contact-list/contact-list.js';
export { ContactForm } from './contact-form/contact-form.js';
export { RolePicker } from './role-picker/role-picker.js';
export { LoginToggle } from './login-toggle/login-toggle.js';
export { ContactView } from './contact-view/contact-view.js';
export { PasswordReset } from './password-reset/password-reset.js';
export { PorticoElement } from './base/portico-element.js';
export { Announcer } from './base/announcer.js';
export { clientContext, viewerContext, storeContext } from './context.js';
export { ContactStore, ContactChangedEvent, storeFor, viewerFor, type ContactChange } from './store.js';
export { en, type PorticoStrings } from './i18n/en.js';
export { defineElements, ELEMENTS, type DefineOptions } from './define.js';
export * from './events.js';
