import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact list',
  component: 'contact-list',
  render: () => html`<contact-list .client=${new MemoryContactsClient()}></contact-list>`,
};

export const Default = {};

export const AsAdministrator = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ viewer: 'admin' })}></contact-list>`,
};

export const LockedOutContacts = {
  render: () => html`<contact-list status="locked" .client=${new MemoryContactsClient()}></contact-list>`,
};

export const FewColumns = {
  render: () => html`<contact-list columns="honorific name phone email actions" .client=${new MemoryContactsClient()}></contact-list>`,
};

export const ReadOnlyViewer = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ viewer: 'contact' })}></contact-list>`,
};

export const Loading = {
  render: () => html`<contact-list .client=${new MemoryContactsClient({ latency: 60_000 })}></contact-list>`,
};

export const Empty = {
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
