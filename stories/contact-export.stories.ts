import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact export',
  component: 'contact-export',
  args: { format: 'csv' },
  render: () => html`<contact-export .client=${new MemoryContactsClient()} .query=${{ filters: { status: 'active' } }}></contact-export>`,
};

/** The memory client builds CSV, Excel and PDF in the page (`@portico/export`); the PDF fonts come from jsDelivr unless `exportFonts` names a copy. */
export const Csv = {};

export const Selection = {
  render: () => html`<contact-export .client=${new MemoryContactsClient()} .ids=${['c-victor', 'c-carlos']}></contact-export>`,
};

/** A slow client shows the progress bar and Cancel. */
export const Slow = {
  render: () => html`<contact-export .client=${new MemoryContactsClient({ latency: 400 })}></contact-export>`,
};

/** Inside the list: Export sits in the toolbar and follows the search, filters, sort and selection. */
export const InTheList = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`,
};
