import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

export default {
  title: 'Elements/Contact form',
  component: 'contact-form',
  args: { 'contact-id': '', 'no-heading': false },
  render: () => html`<contact-form .client=${new MemoryContactsClient()}></contact-form>`,
};

export const Create = {};

export const Edit = {
  args: { 'contact-id': 'c-victor' },
  render: () => html`<contact-form contact-id="c-victor" .client=${new MemoryContactsClient()}></contact-form>`,
};

/** The second John Smith has no user ID (seed 000): the form asks for a unique one. */
export const DuplicateName = {
  args: { 'contact-id': 'c-00008' },
  render: () => html`<contact-form contact-id="c-00008" .client=${new MemoryContactsClient()}></contact-form>`,
};

export const SaveFails = {
  render: () => html`<contact-form .client=${new MemoryContactsClient({ failures: { rate: 1, code: 'server' } })}></contact-form>`,
};

export const German = {
  args: { 'contact-id': 'c-victor' },
  render: () => html`<div lang="de"><contact-form contact-id="c-victor" .client=${new MemoryContactsClient()}></contact-form></div>`,
};

/** Arabic from `lang` alone: labels, messages and layout right to left. */
export const Arabic = {
  args: { 'contact-id': 'c-victor' },
  render: () => html`<div lang="ar"><contact-form contact-id="c-victor" .client=${new MemoryContactsClient()}></contact-form></div>`,
};

export const Japanese = {
  render: () => html`<div lang="ja"><contact-form .client=${new MemoryContactsClient()}></contact-form></div>`,
};
