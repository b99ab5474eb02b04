import { html } from 'lit';
import { demoClient } from './clients.js';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact manager',
  component: 'contact-manager',
  args: { routing: '' },
  render: () => html`<contact-manager .client=${demoClient({ viewer: 'customer_admin' })}></contact-manager>`,
};

/** The whole "Manage Users" page as a customer administrator, keeping its page to itself. */
export const CustomerAdministrator = {};

/** As `admin`: also "Associate user account" and every password procedure. */
export const Administrator = {
  render: () => html`<contact-manager .client=${demoClient({ viewer: 'admin' })}></contact-manager>`,
};

/** A contact without admin roles: reading only. */
export const ContactWithoutAdminRoles = {
  render: () => html`<contact-manager .client=${demoClient({ viewer: 'contact' })}></contact-manager>`,
};

/** In a provider, with the page in the URL hash (`#/contacts/c-victor` opens Victor Chen). */
export const HashRoutingInProvider = {
  args: { routing: 'hash' },
  render: () => html`<contacts-provider .client=${demoClient()}>
    <contact-manager routing="hash"></contact-manager>
  </contacts-provider>`,
};
