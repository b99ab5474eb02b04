import type { ReactiveControllerHost } from 'lit';
import type { Contact, ContactsClient, UserIdSuggestion } from '@portico/core';
import type { FormController } from '../base/form-controller.js';
import type { PorticoStrings } from '../i18n/en.js';
import type { ContactField } from './contact-fields.js';

type UserIdHost = ReactiveControllerHost & { readonly activeClient: ContactsClient | undefined; readonly t: PorticoStrings };

/**
 * What the form says about a contact's user ID (seed 000): why none was suggested (another contact
 * has the same name, or the name has no Latin letters), the one a new contact will get, and whether
 * a changed one is valid and free.
 */
export class UserIdHint {
  /** The hint to show; empty for none. */
  text = '';

  constructor(
    private readonly host: UserIdHost,
    private readonly form: FormController<ContactField, Contact>,
  ) {}

  clear(): void {
    this.show('');
  }

  /** Why a contact has (or, with `preview`, will have) no user ID, or the one it will get. */
  async explain(firstName: string, lastName: string, preview = false): Promise<void> {
    const client = this.host.activeClient;
    if (!client || !client.capabilities.userIdSuggestion || !firstName.trim() || !lastName.trim()) {
      if (preview) this.clear();
      return;
    }
    let suggestion: UserIdSuggestion;
    try {
      suggestion = await client.suggestUserId(firstName.trim(), lastName.trim());
    } catch {
      return;
    }
    const t = this.host.t;
    if (suggestion.reason === 'duplicate_name') this.show(t.userIdDuplicateName);
    else if (suggestion.reason === 'no_latin_letters') this.show(t.userIdNoLatin);
    else if (preview && suggestion.userId) this.show(t.userIdSuggested(suggestion.userId));
    else this.clear();
  }

  /** A changed user ID, when its field is left: the schema's rules first, then whether it is free. */
  async check(): Promise<void> {
    const client = this.host.activeClient;
    const base = this.form.base;
    const userId = this.form.text('userId').trim();
    if (!client || !base || !userId || userId === base.userId) return;
    const problems = this.form.validateField('userId');
    if (problems) {
      this.form.setError('userId', problems);
      return;
    }
    try {
      const availability = await client.checkUserId(userId, base.id);
      if (this.form.text('userId').trim() !== userId) return;
      this.form.setError('userId', availability.available ? undefined : [this.host.t.userIdTaken]);
      this.show(availability.available ? this.host.t.userIdAvailable : '');
    } catch {
      // The check is a courtesy; the server checks again on save.
    }
  }

  private show(text: string) {
    this.text = text;
    this.host.requestUpdate();
  }
}
