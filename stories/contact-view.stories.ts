import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact view',
  component: 'contact-view',
  args: { 'contact-id': 'c-victor' },
  render: () => html`<contact-view contact-id="c-victor" .client=${new MemoryContactsClient()}></contact-view>`,
};

export const Default = {};

export const ReadOnlyViewer = {
  args: { 'contact-id': 'c-carlos' },
  render: () => html`<contact-view contact-id="c-carlos" .client=${new MemoryContactsClient({ viewer: 'contact' })}></contact-view>`,
};
