import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { demoClient } from './clients.js';
import { createSeedData, type CallOptions, type Contact, type ListQueryInput, type Page } from '@portico/core';
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
  render: () => html`<contact-list .client=${demoClient()}></contact-list>`,
};

export const Default = {};

export const AsAdministrator = {
  render: () => html`<contact-list .client=${demoClient({ viewer: 'admin' })}></contact-list>`,
};

export const LockedOutContacts = {
  args: { status: 'locked' },
  render: () => html`<contact-list status="locked" .client=${demoClient()}></contact-list>`,
};

export const FewColumns = {
  args: { columns: ['honorific', 'name', 'phone', 'email', 'actions'] },
  render: () => html`<contact-list columns="honorific name phone email actions" .client=${demoClient()}></contact-list>`,
};

export const ReadOnlyViewer = {
  render: () => html`<contact-list .client=${demoClient({ viewer: 'contact' })}></contact-list>`,
};

export const Loading = {
  render: () => html`<contact-list .client=${demoClient({ latency: 60_000 })}></contact-list>`,
};

export const Empty = {
  args: { search: 'nobody-is-called-this' },
  render: () => html`<contact-list search="nobody-is-called-this" .client=${demoClient()}></contact-list>`,
};

export const Error = {
  render: () => html`<contact-list .client=${demoClient({ failures: { rate: 1 } })}></contact-list>`,
};

export const SlowAndFlaky = {
  render: () => html`<contact-list .client=${demoClient({ latency: [200, 900], failures: { rate: 0.2 } })}></contact-list>`,
};

export const RightToLeft = {
  render: () => html`<div dir="rtl" lang="ar"><contact-list .client=${demoClient()}></contact-list></div>`,
};

/** Arabic from `lang` alone: the list sets `dir="rtl"` on its inner wrapper itself. */
export const Arabic = {
  render: () => html`<div lang="ar"><contact-list .client=${demoClient({ viewer: 'admin' })}></contact-list></div>`,
};

export const Japanese = {
  render: () => html`<div lang="ja"><contact-list .client=${demoClient({ viewer: 'admin' })}></contact-list></div>`,
};

/** `theme="dark"` on a light page: the list paints its own dark surface (docs/theming.md). */
export const Dark = {
  render: () => html`<contact-list theme="dark" .client=${demoClient({ viewer: 'admin' })}></contact-list>`,
};

/**
 * Stops counting at `cap`, as the reference server does for a search with many matches (ADR 0009):
 * while a page is full and more follow, the total is the lower bound `cap` (`totalExact: false`).
 */
class CappedTotalClient extends MemoryContactsClient {
  constructor(private readonly cap: number) {
    super({ data: createSeedData({ count: 2000 }), viewer: 'admin' });
  }

  override async listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const page = await super.listContacts(query, options);
    const end = ((page.page ?? 1) - 1) * page.pageSize + page.items.length;
    return page.total > this.cap && page.items.length === page.pageSize && end < page.total ? { ...page, total: this.cap, totalExact: false } : page;
  }
}

/** A total that is a lower bound: "1–25 of more than 1,000", and Next while the pages are full. */
export const MoreThanAThousand = {
  render: () => html`<contact-list .client=${new CappedTotalClient(1000)}></contact-list>`,
};

/** `density="compact"`: smaller controls and spacing (docs/theming.md). */
export const Compact = {
  args: { density: 'compact' },
  render: () => html`<contact-list density="compact" .client=${demoClient({ viewer: 'admin' })}></contact-list>`,
};

/** In a narrow space (a phone, a sidebar) each contact is a card with its labels, not a table row. */
export const Narrow = {
  render: () => html`<div style="max-inline-size: 22rem"><contact-list .client=${demoClient({ viewer: 'admin' })}></contact-list></div>`,
};
