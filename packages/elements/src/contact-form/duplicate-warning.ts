import { html, nothing } from 'lit';
import { displayName, type Contact, type ContactDraft, type ContactsClient } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';

/** The warning before a new contact with the name and e-mail of an existing one is created: a link to it and "Create anyway". */
export const renderDuplicateWarning = (
  t: PorticoStrings,
  existing: Contact | null,
  open: (event: Event, contact: Contact) => void,
  createAnyway: () => void,
) => {
  if (!existing) return nothing;
  const name = displayName(existing);
  return html`<div class="message warning" part="duplicate" role="alert">
    <p>${t.duplicateContact(name, existing.email)}</p>
    <div class="actions">
      <a href="#" class="open-duplicate" @click=${(event: Event) => open(event, existing)}>${t.openDuplicate(name)}</a>
      <button type="button" class="create-anyway" @click=${createAnyway}>${t.createAnyway}</button>
    </div>
  </div>`;
};

/**
 * A contact with the same first and last name and the same e-mail as the new one, found with the
 * client's search; null when there is none, or when the search fails (saving is not blocked by it).
 */
export const findDuplicate = async (client: ContactsClient, values: ContactDraft): Promise<Contact | null> => {
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? '').normalize('NFC').trim().toLocaleLowerCase() === (b ?? '').normalize('NFC').trim().toLocaleLowerCase();
  if (!values.email) return null;
  try {
    const page = await client.listContacts({ search: values.email.trim(), pageSize: 10 });
    return (
      page.items.find(
        (contact) => same(contact.email, values.email) && same(contact.firstName, values.firstName) && same(contact.lastName, values.lastName),
      ) ?? null
    );
  } catch {
    return null;
  }
};
