import { html } from 'lit';
import { demoClient } from './clients.js';
import '@portico/elements/define';

export default {
  title: 'Elements/Contacts provider',
  component: 'contacts-provider',
  render: () => html`<contacts-provider .client=${demoClient({ viewer: 'admin' })}>
    <contact-list columns="name email status actions" page-size="10"></contact-list>
    <contact-view contact-id="c-victor"></contact-view>
  </contacts-provider>`,
};

/** A change in the view (disable the login) refreshes the list: both share the provider's store. */
export const ListAndView = {};
