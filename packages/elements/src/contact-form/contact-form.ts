import { contactLoadState } from '../base/shared-templates.js';
import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import {
  ALL_CAPABILITIES,
  ContactDraft,
  ContactPatch,
  HONORIFICS,
  UserId,
  can,
  canMoveContact,
  errorsByField,
  isContactsError,
  type Capabilities,
  type Contact,
  type UserIdSuggestion,
} from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { localizedErrors } from '../base/validation.js';
import { localizedFieldErrors } from '../base/problems.js';
import { accountOptions, accountsTask } from '../base/accounts.js';
import { LANGUAGE_TAGS, languageName, timeZoneName, timeZones } from '../base/locale.js';
import { ContactCancelEvent, ContactSaveEvent, ContactSavedEvent } from '../events.js';
import type { ContactChange } from '../store.js';
import { contactFormStyles } from './contact-form.styles.js';
import { enContactForm } from '../i18n/en-contact-form.js';

/** The fields in the order they appear, which is also the order focus looks for an error. */
const FIELDS = [
  'honorific',
  'firstName',
  'lastName',
  'jobTitle',
  'email',
  'businessPhone',
  'mobilePhone',
  'language',
  'timeZone',
  'accountId',
  'notifications',
  'userId',
] as const;
type Field = (typeof FIELDS)[number];

interface FormValues {
  honorific: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  email: string;
  businessPhone: string;
  mobilePhone: string;
  /** What the person sees and types: the language's name, e.g. "German (Germany)". */
  language: string;
  timeZone: string;
  accountId: string;
  notifications: boolean;
  userId: string;
}

type Payload = Record<string, string | boolean | null>;

const sameValues = (a: FormValues, b: FormValues) => FIELDS.every((field) => a[field] === b[field]);

const generateKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/**
 * Creates a contact (no `contact` or `contact-id` set) or edits one, with every field of the
 * contact form of the sources, zod validation from `@portico/core`, server field errors on
 * the same fields, and a guard against losing unsaved input.
 *
 * @summary The create and edit form of a contact.
 *
 * @slot header - Replaces the title above the form.
 * @slot extra-fields - More fields before the buttons, such as a role picker; the host saves their values.
 * @slot extra-actions - More buttons next to Save and Cancel.
 *
 * @fires contact-save - Cancelable. `{ mode, contactId, values }` before the client is called.
 * @fires contact-saved - `{ contact, created }` after the contact was saved.
 * @fires contact-cancel - `{ contactId, dirty }` when the user leaves (after confirming when there were changes).
 *
 * @csspart form - The form element.
 * @csspart field - Each field's wrapper.
 * @csspart error - Each field's error message.
 * @csspart alert - The message about the whole form (server errors, conflicts).
 * @csspart submit - The save button.
 * @csspart cancel - The cancel button.
 *
 * @cssproperty --contact-form-gap - Space between the fields.
 * @cssproperty --contact-form-max-width - The widest the form grows.
 * @cssproperty --contact-form-title-size - Font size of the title.
 */
export class ContactForm extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactForm];

  static override styles = [sharedStyles, contactFormStyles];

  static override properties = {
    contact: { attribute: false },
    contactId: { type: String, attribute: 'contact-id' },
    noHeading: { type: Boolean, attribute: 'no-heading' },
    values: { state: true },
    initial: { state: true },
    base: { state: true },
    errors: { state: true },
    formError: { state: true },
    formNotice: { state: true },
    stale: { state: true },
    saving: { state: true },
    confirmingCancel: { state: true },
    userIdHint: { state: true },
  };

  /** The contact to edit. Without it (and without `contact-id`) the form creates a contact. */
  declare contact: Contact | undefined;
  /** The id of a contact to load and edit. */
  declare contactId: string;
  /** Hides the built-in heading, for hosts that show their own. */
  declare noHeading: boolean;

  protected declare values: FormValues;
  protected declare initial: FormValues;
  /** The contact as last loaded or saved; null while creating. */
  protected declare base: Contact | null;
  protected declare errors: Record<string, string[]>;
  protected declare formError: string;
  protected declare formNotice: string;
  protected declare stale: boolean;
  protected declare saving: boolean;
  protected declare confirmingCancel: boolean;
  protected declare userIdHint: string;

  private readonly announcer = new Announcer(this);
  private idempotencyKey = generateKey();
  private focusFirstError = false;

  private readonly contactTask = new Task(this, {
    task: async ([client, contactId, contact], { signal }) => {
      if (!client || !contactId || contact?.id === contactId) return contact ?? null;
      return client.getContact(contactId, { signal });
    },
    args: () => [this.activeClient, this.contactId, this.contact] as const,
    onComplete: (contact) => {
      if (contact && contact !== this.base) this.load(contact);
    },
  });

  private readonly accountsTask = accountsTask(this);

  constructor() {
    super();
    this.contact = undefined;
    this.contactId = '';
    this.noHeading = false;
    this.saving = false;
    this.confirmingCancel = false;
    this.reset();
  }

  /** Whether anything differs from the contact as loaded (or from the empty form). */
  get dirty(): boolean {
    return !sameValues(this.values, this.initial);
  }

  get mode(): 'create' | 'update' {
    return this.base || this.contact || this.contactId ? 'update' : 'create';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!this.dirty) return;
    event.preventDefault();
    // Older browsers need a return value to show their dialog.
    event.returnValue = '';
  };

  protected override contactChanged(change: ContactChange): void {
    // Someone else saved the contact being edited: take it over unless the user typed.
    if (!this.base || change.id !== this.base.id || !change.contact) return;
    if (!this.dirty) this.load(change.contact);
  }

  private get capabilities(): Capabilities {
    return this.activeClient?.capabilities ?? ALL_CAPABILITIES;
  }

  private valuesFrom(contact: Contact | null): FormValues {
    const locale = this.isConnected ? this.locale : 'en';
    return {
      honorific: contact?.honorific ?? '',
      firstName: contact?.firstName ?? '',
      lastName: contact?.lastName ?? '',
      jobTitle: contact?.jobTitle ?? '',
      email: contact?.email ?? '',
      businessPhone: contact?.businessPhone ?? '',
      mobilePhone: contact?.mobilePhone ?? '',
      language: contact?.language ? languageName(contact.language, locale) : '',
      timeZone: contact?.timeZone ?? '',
      accountId: contact?.accountId ?? this.activeViewer?.accountId ?? '',
      notifications: contact?.notifications ?? true,
      userId: contact?.userId ?? '',
    };
  }

  private load(contact: Contact) {
    this.base = contact;
    this.values = this.valuesFrom(contact);
    this.initial = this.values;
    this.errors = {};
    this.formError = '';
    this.stale = false;
    this.userIdHint = '';
    if (!contact.userId) void this.explainMissingUserId(contact.firstName, contact.lastName);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') && this.contact && this.contact !== this.base) this.load(this.contact);
    if (changed.has('contact') && !this.contact && !this.contactId && this.base && changed.get('contact')) this.reset();
    // A new contact belongs to the viewer's own account until the user picks another one.
    const viewer = this.activeViewer;
    if (this.mode === 'create' && viewer && !this.values.accountId) {
      this.values = { ...this.values, accountId: viewer.accountId };
      this.initial = { ...this.initial, accountId: viewer.accountId };
    }
  }

  protected override updated(): void {
    if (!this.focusFirstError) return;
    this.focusFirstError = false;
    const first = FIELDS.find((field) => this.errors[field]?.length);
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
  }

  /** Empties the form for a new contact. */
  reset(): void {
    this.base = null;
    this.values = this.valuesFrom(null);
    this.initial = this.values;
    this.errors = {};
    this.formError = '';
    this.formNotice = '';
    this.stale = false;
    this.userIdHint = '';
    this.idempotencyKey = generateKey();
  }

  // ---- Rendering -------------------------------------------------------------------------

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (this.mode === 'update' && !this.base) {
      return contactLoadState(t, this.contactTask, (error) => this.problemText(error, ''));
    }
    const viewer = this.activeViewer;
    const base = this.base;
    const canChangeAccount = !base || !viewer || can(viewer, 'contact.change_account', base);
    const canEditUserId = Boolean(base && (!viewer || can(viewer, 'contact.edit_user_id', base)));
    const locale = this.locale;
    return html`
      ${this.noHeading
        ? nothing
        : html`<slot name="header"><h2 id="title">${base ? t.formEditTitle : t.formCreateTitle}</h2></slot>`}
      <form part="form" novalidate aria-labelledby=${this.noHeading ? nothing : 'title'} @submit=${this.onSubmit} @input=${this.onInput}>
        <div part="alert" role="alert" class=${this.formError ? 'message error' : ''}>
          ${this.formError
            ? html`${this.formError}
                ${this.errorSummary()}
                ${this.stale
                  ? html`<div><button type="button" @click=${this.loadLatest}>${t.loadLatest}</button></div>`
                  : nothing}`
            : nothing}
        </div>
        ${this.formNotice ? html`<p class="message" role="status">${this.formNotice}</p>` : nothing}
        <div class="grid">
          ${this.selectField('honorific', [['', t.honorificNone], ...HONORIFICS.map((h) => [h, h] as [string, string])])}
          <span></span>
          ${this.textField('firstName', { required: true, autocomplete: 'given-name', onBlur: this.onNameBlur })}
          ${this.textField('lastName', { required: true, autocomplete: 'family-name', onBlur: this.onNameBlur, hint: base ? '' : this.userIdHint })}
          ${this.textField('jobTitle', { autocomplete: 'organization-title' })}
          ${this.textField('email', { required: true, type: 'email', autocomplete: 'email' })}
          ${this.textField('businessPhone', { type: 'tel', autocomplete: 'work tel' })}
          ${this.textField('mobilePhone', { type: 'tel', autocomplete: 'mobile tel' })}
          ${this.textField('language', { list: 'languages', hint: t.languageHint, autocomplete: 'off' })}
          ${this.textField('timeZone', { list: 'time-zones', hint: t.timeZoneHint, autocomplete: 'off' })}
          ${this.accountField(canChangeAccount)}
          ${this.switchField()}
          ${base
            ? this.textField('userId', {
                autocomplete: 'off',
                disabled: !canEditUserId,
                hint: this.userIdHint || t.userIdHint,
                onBlur: this.onUserIdBlur,
              })
            : nothing}
        </div>
        <datalist id="languages">
          ${this.languageOptions(locale).map(([tag, name]) => html`<option value=${name} label=${tag}></option>`)}
        </datalist>
        <datalist id="time-zones">
          ${timeZones().map((zone) => html`<option value=${zone} label=${timeZoneName(zone, locale)}></option>`)}
        </datalist>
        <slot name="extra-fields"></slot>
        ${this.confirmingCancel
          ? html`<div class="confirm" role="group" aria-labelledby="discard-question">
              <p id="discard-question">${t.discardQuestion}</p>
              <button type="button" class="danger" @click=${this.discard}>${t.discard}</button>
              <button type="button" id="keep-editing" @click=${() => (this.confirmingCancel = false)}>${t.keepEditing}</button>
            </div>`
          : nothing}
        <div class="actions">
          <button type="submit" class="primary" part="submit" ?disabled=${this.saving} aria-busy=${this.saving ? 'true' : 'false'}>
            ${this.saving ? t.saving : base ? t.saveUpdate : t.saveCreate}
          </button>
          <button type="button" part="cancel" @click=${this.onCancel}>${t.cancel}</button>
          <slot name="extra-actions"></slot>
        </div>
      </form>
      ${this.announcer.render()}
    `;
  }

  private errorSummary() {
    const fields = FIELDS.filter((field) => this.errors[field]?.length);
    if (fields.length === 0) return nothing;
    return html`<ul>
      ${fields.map((field) => html`<li><a href=${`#${field}`} @click=${(e: Event) => this.focusField(e, field)}>${this.t.fields[field]}</a>: ${this.errors[field]![0]}</li>`)}
    </ul>`;
  }

  private focusField(event: Event, field: Field) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
  }

  private describedBy(field: Field, hint: boolean) {
    const ids = [this.errors[field]?.length ? `${field}-error` : '', hint ? `${field}-hint` : ''].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : nothing;
  }

  private fieldMessages(field: Field, hint: string) {
    const errors = this.errors[field] ?? [];
    return html`${hint ? html`<p class="hint" id=${`${field}-hint`}>${hint}</p>` : nothing}
      ${errors.length > 0 ? html`<p class="field-error" part="error" id=${`${field}-error`}>${errors.join(' ')}</p>` : nothing}`;
  }

  private label(field: Field, required = false) {
    return html`<label for=${field}
      >${this.t.fields[field]}${required
        ? html`<span class="required" aria-hidden="true">*</span><span class="visually-hidden"> (${this.t.required})</span>`
        : nothing}</label
    >`;
  }

  private textField(
    field: Exclude<Field, 'notifications' | 'honorific' | 'accountId'>,
    options: { required?: boolean; type?: string; autocomplete?: string; list?: string; hint?: string; disabled?: boolean; onBlur?: (e: Event) => void } = {},
  ) {
    const invalid = Boolean(this.errors[field]?.length);
    return html`<div class="field" part="field">
      ${this.label(field, options.required)}
      <input
        id=${field}
        name=${field}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? nothing}
        list=${options.list ?? nothing}
        ?required=${options.required ?? false}
        ?disabled=${options.disabled ?? false}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${this.describedBy(field, Boolean(options.hint))}
        .value=${this.values[field]}
        @blur=${options.onBlur ?? nothing}
      />
      ${this.fieldMessages(field, options.hint ?? '')}
    </div>`;
  }

  private selectField(field: 'honorific', choices: [string, string][]) {
    const invalid = Boolean(this.errors[field]?.length);
    return html`<div class="field" part="field">
      ${this.label(field)}
      <select id=${field} name=${field} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${this.describedBy(field, false)}>
        ${choices.map(([value, label]) => html`<option value=${value} ?selected=${this.values[field] === value}>${label}</option>`)}
      </select>
      ${this.fieldMessages(field, '')}
    </div>`;
  }

  private accountField(enabled: boolean) {
    const accounts = this.accountsTask.value ?? [];
    if (!this.capabilities.accounts || accounts.length === 0) return nothing;
    const invalid = Boolean(this.errors['accountId']?.length);
    const base = this.base;
    const viewer = this.activeViewer;
    // Companies are closed: an existing contact moves only within its own company (core's canMoveContact).
    const destinations =
      base && viewer ? accounts.filter((account) => account.id === base.accountId || canMoveContact(viewer, base, account.id, accounts)) : accounts;
    const options = accountOptions(destinations);
    const known = options.some(({ account }) => account.id === this.values.accountId);
    return html`<div class="field" part="field">
      ${this.label('accountId', true)}
      <select
        id="accountId"
        name="accountId"
        required
        ?disabled=${!enabled}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${this.describedBy('accountId', false)}
      >
        ${known ? nothing : html`<option value=${this.values.accountId} selected>${this.values.accountId}</option>`}
        ${options.map(
          ({ account, label }) => html`<option value=${account.id} ?selected=${account.id === this.values.accountId}>${label}</option>`,
        )}
      </select>
      ${this.fieldMessages('accountId', '')}
    </div>`;
  }

  private switchField() {
    return html`<div class="field" part="field">
      <div class="switch">
        <input
          id="notifications"
          name="notifications"
          type="checkbox"
          role="switch"
          aria-describedby="notifications-hint"
          .checked=${this.values.notifications}
        />
        <label for="notifications">${this.t.fields.notifications}</label>
      </div>
      <p class="hint" id="notifications-hint">${this.t.notificationsHint}</p>
    </div>`;
  }

  private languageOptions(locale: string): [string, string][] {
    const tags = new Set(LANGUAGE_TAGS);
    if (this.base?.language) tags.add(this.base.language);
    return [...tags]
      .map((tag) => [tag, languageName(tag, locale)] as [string, string])
      .sort((a, b) => a[1].localeCompare(b[1], locale));
  }

  // ---- Input -----------------------------------------------------------------------------

  private onInput(event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const field = target.id as Field;
    if (!FIELDS.includes(field)) return;
    const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    this.values = { ...this.values, [field]: value };
    this.formNotice = '';
    if (this.confirmingCancel && !this.dirty) this.confirmingCancel = false;
  }

  private readonly onNameBlur = () => {
    if (this.base || !this.capabilities.userIdSuggestion) return;
    void this.explainMissingUserId(this.values.firstName, this.values.lastName, true);
  };

  /** Tells the user why a contact has (or will have) no user ID: seed 000's duplicate name rule. */
  private async explainMissingUserId(firstName: string, lastName: string, preview = false) {
    const client = this.activeClient;
    if (!client || !client.capabilities.userIdSuggestion || !firstName.trim() || !lastName.trim()) {
      if (preview) this.userIdHint = '';
      return;
    }
    let suggestion: UserIdSuggestion;
    try {
      suggestion = await client.suggestUserId(firstName.trim(), lastName.trim());
    } catch {
      return;
    }
    const t = this.t;
    if (suggestion.reason === 'duplicate_name') this.userIdHint = t.userIdDuplicateName;
    else if (suggestion.reason === 'no_latin_letters') this.userIdHint = t.userIdNoLatin;
    else if (preview && suggestion.userId) this.userIdHint = t.userIdSuggested(suggestion.userId);
    else this.userIdHint = '';
  }

  private readonly onUserIdBlur = async () => {
    const client = this.activeClient;
    const base = this.base;
    const userId = this.values.userId.trim();
    if (!client || !base || !userId || userId === base.userId) return;
    const parsed = UserId.safeParse(userId);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ['userId', ...issue.path] }));
      this.errors = { ...this.errors, userId: localizedErrors(issues, this.t)['userId'] ?? [] };
      return;
    }
    try {
      const availability = await client.checkUserId(userId, base.id);
      if (this.values.userId.trim() !== userId) return;
      const { userId: _previous, ...others } = this.errors;
      this.errors = availability.available ? others : { ...others, userId: [this.t.userIdTaken] };
      this.userIdHint = availability.available ? this.t.userIdAvailable : '';
    } catch {
      // The check is a courtesy; the server checks again on save.
    }
  };

  // ---- Submit ----------------------------------------------------------------------------

  private resolveLanguage(text: string): string | null | undefined {
    const value = text.trim();
    if (!value) return null;
    const locale = this.locale;
    const lower = value.toLocaleLowerCase();
    const byName = this.languageOptions(locale).find(([tag, name]) => name.toLocaleLowerCase() === lower || tag.toLowerCase() === lower);
    if (byName) return byName[0];
    try {
      const canonical = Intl.getCanonicalLocales(value)[0];
      const known = canonical && new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(canonical);
      return known ? canonical : undefined;
    } catch {
      return undefined;
    }
  }

  private payload(): { data: Payload; languageError: boolean } {
    const v = this.values;
    const optional = (text: string) => (text.trim() ? text.trim() : null);
    const language = this.resolveLanguage(v.language);
    const data: Payload = {
      honorific: v.honorific || null,
      firstName: v.firstName,
      lastName: v.lastName,
      jobTitle: optional(v.jobTitle),
      email: v.email,
      businessPhone: optional(v.businessPhone),
      mobilePhone: optional(v.mobilePhone),
      language: language ?? null,
      timeZone: optional(v.timeZone),
      accountId: v.accountId || this.activeViewer?.accountId || '',
      notifications: v.notifications,
    };
    if (this.base) data['userId'] = optional(v.userId);
    return { data, languageError: language === undefined };
  }

  /** Only what changed, so an edit does not overwrite fields it did not touch. */
  private changes(data: Payload, base: Contact): Payload {
    const patch: Payload = {};
    for (const [key, value] of Object.entries(data)) {
      const before = (base as unknown as Record<string, unknown>)[key] ?? null;
      const now = typeof value === 'string' ? value.trim() : value;
      if (now !== before) patch[key] = value;
    }
    return patch;
  }

  private showErrors(errors: Record<string, string[]>) {
    this.errors = errors;
    const count = FIELDS.filter((field) => errors[field]?.length).length;
    this.formError = count > 0 ? this.t.fixErrors(count) : '';
    this.focusFirstError = true;
  }

  private async onSubmit(event: Event) {
    event.preventDefault();
    const client = this.activeClient;
    if (this.saving || !client) return;
    this.formNotice = '';
    this.stale = false;
    const base = this.base;
    const { data, languageError } = this.payload();
    const values = base ? this.changes(data, base) : data;
    const parsed = base ? ContactPatch.safeParse(values) : ContactDraft.safeParse(values);
    const errors = parsed.success ? {} : localizedErrors(parsed.error.issues, this.t);
    if (languageError) errors['language'] = [this.t.invalidLanguage];
    if (Object.keys(errors).length > 0 || !parsed.success) {
      this.showErrors(errors);
      return;
    }
    this.errors = {};
    this.formError = '';
    if (base && Object.keys(parsed.data).length === 0) {
      this.formNotice = this.t.nothingChanged;
      return;
    }
    const proceed = this.dispatchEvent(
      new ContactSaveEvent({ mode: base ? 'update' : 'create', contactId: base?.id ?? null, values: parsed.data }),
    );
    if (!proceed) return;
    this.saving = true;
    try {
      const saved = base
        ? await client.updateContact(base.id, parsed.data as ContactPatch, this.capabilities.versioning ? { ifVersion: base.version } : {})
        : await client.createContact(parsed.data as ContactDraft, { idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = generateKey();
      this.load(saved);
      this.announcer.announce(base ? this.t.saved : this.t.created);
      this.formNotice = base ? this.t.saved : this.t.created;
      this.dispatchEvent(new ContactSavedEvent({ contact: saved, created: !base }));
      this.notifyChange({ id: saved.id, contact: saved });
    } catch (error) {
      if (isAbort(error)) return;
      this.handleSaveError(error);
    } finally {
      this.saving = false;
    }
  }

  private handleSaveError(error: unknown) {
    const t = this.t;
    if (isContactsError(error) && error.code === 'precondition_failed') {
      this.stale = true;
      this.errors = {};
      this.formError = t.staleVersion;
      return;
    }
    const fieldErrors = isContactsError(error) ? errorsByField(localizedFieldErrors(error.fieldErrors, t, this.locale)) : {};
    const onFields = FIELDS.filter((field) => fieldErrors[field]?.length);
    if (onFields.length > 0) {
      this.showErrors(fieldErrors);
      const elsewhere = Object.keys(fieldErrors).filter((field) => !(FIELDS as readonly string[]).includes(field));
      if (elsewhere.length > 0) this.formError += ` ${elsewhere.flatMap((field) => fieldErrors[field]!).join(' ')}`;
      return;
    }
    this.formError = this.problemText(error);
  }

  /** After a conflict: take the newest version as the base and keep what the user typed. */
  private async loadLatest() {
    const client = this.activeClient;
    const base = this.base;
    if (!client || !base) return;
    try {
      const latest = await client.getContact(base.id);
      const typed = this.values;
      const changedFields = FIELDS.filter((field) => typed[field] !== this.initial[field]);
      const before = this.initial;
      this.load(latest);
      // What someone else changed, so the administrator can see it before saving over it.
      const serverChanged = FIELDS.filter((field) => before[field] !== this.initial[field]);
      const merged = { ...this.values };
      for (const field of changedFields) (merged as unknown as Record<string, unknown>)[field] = typed[field];
      this.values = merged;
      const t = this.t;
      this.formNotice = serverChanged.length > 0 ? t.serverChanged(serverChanged.map((field) => t.fields[field]).join(', ')) : t.serverUnchanged;
    } catch (error) {
      this.formError = this.problemText(error);
    }
  }

  private async onCancel() {
    if (this.dirty) {
      this.confirmingCancel = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#keep-editing')?.focus();
      return;
    }
    this.dispatchEvent(new ContactCancelEvent({ contactId: this.base?.id ?? null, dirty: false }));
  }

  private discard() {
    this.confirmingCancel = false;
    this.values = this.initial;
    this.errors = {};
    this.formError = '';
    this.dispatchEvent(new ContactCancelEvent({ contactId: this.base?.id ?? null, dirty: true }));
  }
}
