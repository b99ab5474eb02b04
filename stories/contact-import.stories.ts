import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact import',
  component: 'contact-import',
  args: { duplicates: 'skip' },
  render: () => html`<contact-import .client=${new MemoryContactsClient()}></contact-import>`,
};

/** Choose a CSV file, for example one the export made: the columns map by their headers. */
export const Default = {};

/** Rows whose e-mail or name already exists update that contact instead of being skipped. */
export const UpdateDuplicates = {
  args: { duplicates: 'update' },
  render: () => html`<contact-import duplicates="update" .client=${new MemoryContactsClient()}></contact-import>`,
};

export const ReadOnlyViewer = {
  render: () => html`<contact-import .client=${new MemoryContactsClient({ viewer: 'contact' })}></contact-import>`,
};
