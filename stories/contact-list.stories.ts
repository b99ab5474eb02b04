import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { COLUMN_IDS } from '@portico/elements';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact list',
  component: 'contact-list',
  // The Controls panel starts from these; each story's args say what its template sets.
  args: {
    columns: [...COLUMN_IDS],
    search: '',
    status: '',
    account: '',
    'sort-field': 'name',
    'sort-direction': 'asc',
    'page-size': 25,
    selection: 'multiple',
    page: 1,
  },
  render: () => html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`,
};

export const Default = {};

export const AsAdministrator = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`,
};

export const LockedOutContacts = {
  args: { status: 'locked' },
  render: () => html`<contact-list status="locked" .client=${new MemoryContactsClient()}></contact-list>`,
};

export const FewColumns = {
  args: { columns: ['honorific', 'name', 'phone', 'email', 'actions'] },
  render: () => html`<contact-list columns="honorific name phone email actions" .client=${new MemoryContactsClient()}></contact-list>`,
};

export const ReadOnlyViewer = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ viewer: 'contact' })}></contact-list>`,
};

export const Loading = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ latency: 60_000 })}></contact-list>`,
};

export const Empty = {
  args: { search: 'nobody-is-called-this' },
  render: () => html`<contact-list search="nobody-is-called-this" .client=${new MemoryContactsClient()}></contact-list>`,
};

export const Error = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ failures: { rate: 1 } })}></contact-list>`,
};

export const SlowAndFlaky = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ latency: [200, 900], failures: { rate: 0.2 } })}></contact-list>`,
};

export const RightToLeft = {
  render: () => html`<div dir="rtl" lang="ar"><contact-list .client=${new MemoryContactsClient()}></contact-list></div>`,
};

/** Arabic from `lang` alone: the list sets `dir="rtl"` on its inner wrapper itself. */
export const Arabic = {
  render: () => html`<div lang="ar"><contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list></div>`,
};

export const Japanese = {
  render: () => html`<div lang="ja"><contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list></div>`,
};

/** `theme="dark"` on a light page: the list paints its own dark surface (docs/theming.md). */
export const Dark = {
  render: () => html`<contact-list theme="dark" .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`,
};
