import { html, nothing, type ReactiveControllerHost } from 'lit';
import { displayName, type Contact, type ContactDraft, type ContactsClient } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import { ContactOpenEvent } from '../events.js';

type DuplicateHost = ReactiveControllerHost & EventTarget & { readonly renderRoot: HTMLElement | DocumentFragment; readonly t: PorticoStrings };

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').normalize('NFC').trim().toLocaleLowerCase() === (b ?? '').normalize('NFC').trim().toLocaleLowerCase();

/**
 * The form's question before it creates a contact with the name and e-mail of an existing one:
 * the warning with a link to that contact (`contact-open`) and "Create anyway".
 */
export class DuplicateCheck {
  /** The existing contact the new one duplicates, while the warning shows. */
  existing: Contact | null = null;
  /** The user chose "Create anyway" for these values. */
  private accepted = false;
  /** The idempotency key of the last create sent: its retry is the same contact, not a duplicate of it. */
  private sentKey: string | undefined;

  constructor(private readonly host: DuplicateHost) {}

  /** Other values: whether they duplicate a contact is asked again on the next save. */
  reset(): void {
    this.existing = null;
    this.accepted = false;
    this.host.requestUpdate();
  }

  /** The create with this idempotency key is being sent. */
  sending(key: string): string {
    this.sentKey = key;
    return key;
  }

  /**
   * Whether the create may go ahead; if not, shows the warning and focuses its link. A retry of
   * the last create sent (same idempotency key) may find what that attempt stored: no duplicate.
   */
  async allows(client: ContactsClient, values: ContactDraft, key: string): Promise<boolean> {
    if (this.accepted || this.sentKey === key) return true;
    const existing = await this.find(client, values);
    this.existing = existing;
    this.host.requestUpdate();
    if (!existing) return true;
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('.open-duplicate')?.focus();
    return false;
  }

  /** After a save: the next values are asked about again. */
  saved(): void {
    this.accepted = false;
  }

  /**
   * A contact with the same first and last name and the same e-mail as the new one, found with the
   * client's search; null when there is none, or when the search fails (saving is not blocked by it).
   */
  private async find(client: ContactsClient, values: ContactDraft): Promise<Contact | null> {
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
  }

  render() {
    const existing = this.existing;
    if (!existing) return nothing;
    const t = this.host.t;
    const name = displayName(existing);
    return html`<div class="message warning" part="duplicate" role="alert">
      <p>${t.duplicateContact(name, existing.email)}</p>
      <div class="actions">
        <a href="#" class="open-duplicate" @click=${(event: Event) => this.open(event, existing)}>${t.openDuplicate(name)}</a>
        <button type="button" class="create-anyway" @click=${this.createAnyway}>${t.createAnyway}</button>
      </div>
    </div>`;
  }

  private open(event: Event, contact: Contact) {
    event.preventDefault();
    this.host.dispatchEvent(new ContactOpenEvent({ contact }));
  }

  private readonly createAnyway = () => {
    this.accepted = true;
    this.host.renderRoot.querySelector('form')?.requestSubmit();
  };
}
