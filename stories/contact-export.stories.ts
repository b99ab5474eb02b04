import { html } from 'lit';
import { demoClient } from './clients.js';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact export',
  component: 'contact-export',
  args: { format: 'csv' },
  render: () => html`<contact-export .client=${demoClient()} .query=${{ filters: { status: 'active' } }}></contact-export>`,
};

/** The memory client builds CSV, Excel and PDF in the page (`@portico/export`); the host passes `exportWriters()` (the PDF fonts come from jsDelivr unless its `fonts` names a copy). */
export const Csv = {};

export const Selection = {
  render: () => html`<contact-export .client=${demoClient()} .ids=${['c-victor', 'c-carlos']}></contact-export>`,
};

/** A slow client shows the progress bar and Cancel. */
export const Slow = {
  render: () => html`<contact-export .client=${demoClient({ latency: 400 })}></contact-export>`,
};

/** Inside the list: Export sits in the toolbar and follows the search, filters, sort and selection. */
export const InTheList = {
  render: () => html`<contact-list .client=${demoClient({ viewer: 'admin' })}></contact-list>`,
};
