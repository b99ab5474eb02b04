import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactsError } from '@portico/core';
import type { ContactForm } from '@portico/elements';
import '@portico/elements/define';

/**
 * Types a malformed e-mail and submits, as a user would, once the form has rendered with its
 * accounts (submitted before they came, the account had an error of its own, beside "Acme Corporation").
 */
const submitWithBadEmail = (el: Element | undefined) => {
  const form = el as ContactForm | undefined;
  void form?.updateComplete.then(async () => {
    for (let tries = 0; tries < 50 && !form.shadowRoot?.querySelector('#account'); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await form.updateComplete;
    const email = form.shadowRoot?.querySelector<HTMLInputElement>('#email');
    if (!email || email.value) return;
    email.value = 'nora.quist@';
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    form.shadowRoot?.querySelector('form')?.requestSubmit();
  });
};

/** Fills the fields with `values` and submits, as a user would, once the form has rendered. */
const submitWith = (values: Record<string, string>) => (el: Element | undefined) => {
  const form = el as ContactForm | undefined;
  void form?.updateComplete.then(async () => {
    // The fields are there once the client is (the accounts may come later, or fail to).
    for (let tries = 0; tries < 50 && !form.shadowRoot?.querySelector('#firstName'); tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const root = form.shadowRoot;
    if (!root || root.querySelector<HTMLInputElement>('#firstName')?.value) return;
    for (const [field, value] of Object.entries(values)) {
      const input = root.querySelector<HTMLInputElement>(`#${field}`);
      if (!input) continue;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    await form.updateComplete;
    root.querySelector('form')?.requestSubmit();
  });
};

/** A client whose every read works and whose create fails as a server error would. */
const failingSave = () => {
  const client = new MemoryContactsClient();
  client.createContact = () => Promise.reject(new ContactsError('The server could not save the contact. Try again later.', { code: 'server', status: 500 }));
  return client;
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

/** The server refuses the save: the message, with everything typed still there. */
export const SaveFails = {
  render: () =>
    html`<contact-form
      .client=${failingSave()}
      ${ref(submitWith({ firstName: 'Nora', lastName: 'Quist', email: 'nora.quist@acme.example', timeZone: 'Berlin' }))}
    ></contact-form>`,
};

/** Alice Martin exists with this e-mail: the warning before saving, a link to her, and "Create anyway". */
export const Duplicate = {
  render: () =>
    html`<contact-form
      .client=${new MemoryContactsClient()}
      ${ref(submitWith({ firstName: 'Alice', lastName: 'Martin', email: 'alice.martin@acme.example' }))}
    ></contact-form>`,
};

/** `density="compact"`: smaller controls and spacing. */
export const Compact = {
  args: { 'contact-id': 'c-victor', density: 'compact' },
  render: () => html`<contact-form density="compact" contact-id="c-victor" .client=${new MemoryContactsClient()}></contact-form>`,
};

/** Theme colours reach the switch, check boxes and the error summary's links. */
export const ThemedColours = {
  render: () =>
    html`<contact-form
      style="--portico-color-accent: #047857; --portico-color-link: #7e22ce"
      .client=${new MemoryContactsClient()}
      ${ref(submitWithBadEmail)}
    ></contact-form>`,
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
