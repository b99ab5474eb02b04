import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { MemoryContactsClient } from '@portico/client-memory';
import type { ContactForm } from '@portico/elements';
import '@portico/elements/define';

/** Types a malformed e-mail and submits, as a user would, once the form has rendered. */
const submitWithBadEmail = (el: Element | undefined) => {
  const form = el as ContactForm | undefined;
  void form?.updateComplete.then(() => {
    const email = form.shadowRoot?.querySelector<HTMLInputElement>('#email');
    if (!email || email.value) return;
    email.value = 'nora.quist@';
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    form.shadowRoot?.querySelector('form')?.requestSubmit();
  });
};

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

/**
 * Submitted without names and with a malformed e-mail: the messages beside the fields and in the
 * summary, whose links focus them. Type a valid value and its error goes at once.
 */
export const Invalid = {
  render: () => html`<contact-form .client=${new MemoryContactsClient()} ${ref(submitWithBadEmail)}></contact-form>`,
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
