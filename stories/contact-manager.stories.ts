import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact manager',
  component: 'contact-manager',
  args: { routing: '' },
  render: () => html`<contact-manager .client=${new MemoryContactsClient({ viewer: 'customer_admin' })}></contact-manager>`,
};

/** The whole "Manage Users" page as a customer administrator, keeping its page to itself. */
export const CustomerAdministrator = {};

/** As `admin`: also "Associate user account" and every password procedure. */
export const Administrator = {
  render: () => html`<contact-manager .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-manager>`,
};

/** A contact without admin roles: reading only. */
export const ContactWithoutAdminRoles = {
  render: () => html`<contact-manager .client=${new MemoryContactsClient({ viewer: 'contact' })}></contact-manager>`,
};

/** In a provider, with the page in the URL hash (`#/contacts/c-victor` opens Victor Chen). */
export const HashRoutingInProvider = {
  args: { routing: 'hash' },
  render: () => html`<contacts-provider .client=${new MemoryContactsClient()}>
    <contact-manager routing="hash"></contact-manager>
  </contacts-provider>`,
};
