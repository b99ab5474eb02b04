import { contactLoadState } from '../base/shared-templates.js';
import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { ALL_CAPABILITIES, ContactDraft, ContactPatch, HONORIFICS, can, canMoveContact, isContactsError, type Capabilities, type Contact } from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { FormController } from '../base/form-controller.js';
import { accountOptions, accountsTask } from '../base/accounts.js';
import { timeZoneOptions } from '../base/locale.js';
import { honorificChoices, listText } from '../base/labels.js';
import { ContactCancelEvent, ContactOpenEvent, ContactSaveEvent, ContactSavedEvent } from '../events.js';
import type { ContactChange } from '../store.js';
import { contactFormStyles } from './contact-form.styles.js';
import { enContactForm } from '../i18n/en-contact-form.js';
import { languageCodec, languageOptions, timeZoneCodec, type ContactField as Field } from './contact-fields.js';
import { UserIdHint } from './user-id-hint.js';
import { renderField, renderSelectField, renderSwitchField, renderTextField, type FieldContext } from './field-templates.js';
import { findDuplicate, renderDuplicateWarning } from './duplicate-warning.js';

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
 * @fires contact-open - `{ contact }` when the user opens the existing contact a new one duplicates.
 *
 * @csspart form - The form element.
 * @csspart field - Each field's wrapper.
 * @csspart error - Each field's error message.
 * @csspart alert - The message about the whole form (server errors, conflicts).
 * @csspart duplicate - The warning that a contact with the same name and e-mail exists, with its link and "Create anyway".
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
    formNotice: { state: true },
    stale: { state: true },
    saving: { state: true },
    confirmingCancel: { state: true },
    timeZonesWanted: { state: true },
    duplicate: { state: true },
  };

  /** The contact to edit. Without it (and without `contact-id`) the form creates a contact. */
  declare contact: Contact | undefined;
  /** The id of a contact to load and edit. */
  declare contactId: string;
  /** Hides the built-in heading, for hosts that show their own. */
  declare noHeading: boolean;

  protected declare formNotice: string;
  protected declare stale: boolean;
  protected declare saving: boolean;
  protected declare confirmingCancel: boolean;
  /** The time zone list is built when the field is first focused: `Intl` takes a moment for its ~400 zones. */
  protected declare timeZonesWanted: boolean;
  /** An existing contact with the name and e-mail of the one about to be created: asked about before saving. */
  protected declare duplicate: Contact | null;
  /** The user chose "Create anyway" for these values. */
  private duplicateAccepted = false;
  /** The idempotency key of the last create sent: its retry is the same contact, not a duplicate of it. */
  private sentKey: string | undefined;

  private readonly announcer = new Announcer(this);
  /** Answers the open "Discard your unsaved changes?" question. */
  private pendingDiscard: ((discard: boolean) => void) | undefined;

  /** The values, errors and rules of the form, all from core's `ContactDraft` and `ContactPatch`. */
  protected readonly form: FormController<Field, Contact> = new FormController<Field, Contact>(this, {
    create: ContactDraft,
    update: ContactPatch,
    defaults: { notifications: true },
    codecs: { language: languageCodec(this, () => this.form.base?.language), timeZone: timeZoneCodec(this) },
  });

  private readonly userIdHint = new UserIdHint(this, this.form);
  /** What the field templates read: the strings and the form's values, errors and rules. */
  private readonly fieldContext: FieldContext = { host: this, form: this.form };

  private readonly contactTask = new Task(this, {
    task: async ([client, contactId, contact], { signal }) => {
      if (!client || !contactId || contact?.id === contactId) return contact ?? null;
      return client.getContact(contactId, { signal });
    },
    args: () => [this.activeClient, this.contactId, this.contact] as const,
    onComplete: (contact) => {
      if (contact && contact !== this.form.base) this.load(contact);
    },
  });

  private readonly accountsTask = accountsTask(this);
  /** The locale the codec fields' texts were written in. */
  private formattedIn: string | undefined;

  constructor() {
    super();
    this.contact = undefined;
    this.contactId = '';
    this.noHeading = false;
    this.saving = false;
    this.confirmingCancel = false;
    this.timeZonesWanted = false;
    this.duplicate = null;
    this.reset();
  }

  /** Whether anything differs from the contact as loaded (or from the empty form). */
  get dirty(): boolean {
    return this.form.dirty;
  }

  get mode(): 'create' | 'update' {
    return this.form.base || this.contact || this.contactId ? 'update' : 'create';
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
    const base = this.form.base;
    if (!base || change.id !== base.id || !change.contact) return;
    if (!this.dirty) this.load(change.contact);
  }

  private get capabilities(): Capabilities {
    return this.activeClient?.capabilities ?? ALL_CAPABILITIES;
  }

  private load(contact: Contact) {
    this.form.load(contact);
    this.loaded(contact);
  }

  /** What the form tells about a contact it just took as its base. */
  private loaded(contact: Contact) {
    this.stale = false;
    this.userIdHint.clear();
    if (!contact.userId) void this.userIdHint.explain(contact.firstName, contact.lastName);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A language by its name in the page's new language (`lang` changed on the page or a parent).
    if (this.formattedIn !== this.locale) {
      if (this.formattedIn !== undefined) this.form.relocalize();
      this.formattedIn = this.locale;
    }
    if (changed.has('contact') && this.contact && this.contact !== this.form.base) this.load(this.contact);
    if (changed.has('contact') && !this.contact && !this.contactId && this.form.base && changed.get('contact')) this.reset();
    // A new contact belongs to the viewer's own account until the user picks another one.
    const viewer = this.activeViewer;
    if (this.mode === 'create' && viewer && !this.form.values.accountId) this.form.setInitial('accountId', viewer.accountId);
  }

  /** Empties the form for a new contact. */
  reset(): void {
    this.form.reset();
    this.duplicate = null;
    this.duplicateAccepted = false;
    this.formNotice = '';
    this.stale = false;
    this.userIdHint.clear();
  }

  // ---- Rendering -------------------------------------------------------------------------

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (this.mode === 'update' && !this.form.base) {
      return contactLoadState(t, this.contactTask, (error) => this.problemText(error, ''));
    }
    const viewer = this.activeViewer;
    const base = this.form.base;
    const canChangeAccount = !base || !viewer || can(viewer, 'contact.change_account', base);
    const canEditUserId = Boolean(base && (!viewer || can(viewer, 'contact.edit_user_id', base)));
    const locale = this.locale;
    const invalid = this.form.invalidFields;
    const alert = [invalid.length > 0 ? t.fixErrors(invalid.length) : '', this.form.message].filter(Boolean).join(' ');
    return html`
      ${this.noHeading
        ? nothing
        : html`<slot name="header"><h2 id="title">${base ? t.formEditTitle : t.formCreateTitle}</h2></slot>`}
      <form part="form" novalidate aria-labelledby=${this.noHeading ? nothing : 'title'} @submit=${this.onSubmit} @input=${this.onInput}>
        <div part="alert" role="alert" class=${alert ? 'message error' : ''}>
          ${alert
            ? html`${alert} ${this.errorSummary(invalid)}
                ${this.stale
                  ? html`<div><button type="button" @click=${this.loadLatest}>${t.loadLatest}</button></div>`
                  : nothing}`
            : nothing}
        </div>
        ${this.formNotice ? html`<p class="message" role="status">${this.formNotice}</p>` : nothing}
        ${renderDuplicateWarning(this.t, this.duplicate, (event, contact) => this.openDuplicate(event, contact), this.createAnyway)}
        <div class="grid">
          ${renderSelectField(this.fieldContext, 'honorific', [['', t.honorificNone], ...honorificChoices(HONORIFICS, t)])}
          <span></span>
          ${renderTextField(this.fieldContext, 'firstName', { autocomplete: 'given-name', onBlur: this.onNameBlur })}
          ${renderTextField(this.fieldContext, 'lastName', { autocomplete: 'family-name', onBlur: this.onNameBlur, hint: base ? '' : this.userIdHint.text })}
          ${renderTextField(this.fieldContext, 'jobTitle', { autocomplete: 'organization-title' })}
          ${renderTextField(this.fieldContext, 'email', { type: 'email', autocomplete: 'email' })}
          ${renderTextField(this.fieldContext, 'businessPhone', { type: 'tel', autocomplete: 'work tel' })}
          ${renderTextField(this.fieldContext, 'mobilePhone', { type: 'tel', autocomplete: 'mobile tel' })}
          ${renderTextField(this.fieldContext, 'language', { list: 'languages', hint: t.languageHint, autocomplete: 'off' })}
          ${renderTextField(this.fieldContext, 'timeZone', { list: 'time-zones', hint: t.timeZoneHint, autocomplete: 'off', onFocus: this.onTimeZoneFocus })}
          ${this.accountField(canChangeAccount)}
          ${renderSwitchField(this.fieldContext)}
          ${base
            ? renderTextField(this.fieldContext, 'userId', {
                autocomplete: 'off',
                disabled: !canEditUserId,
                hint: this.userIdHint.text || t.userIdHint,
                onBlur: () => void this.userIdHint.check(),
              })
            : nothing}
        </div>
        <datalist id="languages">
          ${languageOptions(locale, base?.language).map(([tag, name]) => html`<option value=${name} label=${tag}></option>`)}
        </datalist>
        <datalist id="time-zones">
          ${this.timeZonesWanted ? timeZoneOptions(locale).map(({ zone, label }) => html`<option value=${zone} label=${label}></option>`) : nothing}
        </datalist>
        <slot name="extra-fields"></slot>
        ${this.confirmingCancel
          ? html`<div class="confirm" role="group" aria-labelledby="discard-question">
              <p id="discard-question">${t.discardQuestion}</p>
              <button type="button" class="danger" @click=${() => this.answerDiscard(true)}>${t.discard}</button>
              <button type="button" id="keep-editing" @click=${() => this.answerDiscard(false)}>${t.keepEditing}</button>
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

  private openDuplicate(event: Event, contact: Contact) {
    event.preventDefault();
    this.dispatchEvent(new ContactOpenEvent({ contact }));
  }

  private readonly createAnyway = () => {
    this.duplicateAccepted = true;
    this.renderRoot.querySelector('form')?.requestSubmit();
  };

  private errorSummary(fields: readonly Field[]) {
    if (fields.length === 0) return nothing;
    return html`<ul>
      ${fields.map((field) => html`<li><a href=${`#${field}`} @click=${(e: Event) => this.focusField(e, field)}>${this.t.fields[field]}</a>: ${this.form.errors[field]![0]}</li>`)}
    </ul>`;
  }

  private focusField(event: Event, field: Field) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${field}`)?.focus();
  }

  private accountField(enabled: boolean) {
    const accounts = this.accountsTask.value ?? [];
    if (!this.capabilities.accounts || accounts.length === 0) return nothing;
    const base = this.form.base;
    const viewer = this.activeViewer;
    // Companies are closed: an existing contact moves only within its own company (core's canMoveContact).
    const destinations =
      base && viewer ? accounts.filter((account) => account.id === base.accountId || canMoveContact(viewer, base, account.id, accounts)) : accounts;
    const options = accountOptions(destinations);
    const selected = this.form.text('accountId');
    const known = options.some(({ account }) => account.id === selected);
    return renderField(
      this.fieldContext,
      'accountId',
      '',
      ({ invalid, describedBy }) => html`<select
        id="accountId"
        name="accountId"
        ?required=${this.form.required('accountId')}
        ?disabled=${!enabled}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
      >
        ${known ? nothing : html`<option value=${selected} selected>${selected}</option>`}
        ${options.map(({ account, label }) => html`<option value=${account.id} ?selected=${account.id === selected}>${label}</option>`)}
      </select>`,
    );
  }

  // ---- Input -----------------------------------------------------------------------------

  private onInput(event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const field = target.id as Field;
    if (!this.form.fields.includes(field)) return;
    this.form.set(field, this.form.isBoolean(field) && target instanceof HTMLInputElement ? target.checked : target.value);
    this.formNotice = '';
    // Other values: whether they duplicate a contact is asked again on the next save.
    this.duplicate = null;
    this.duplicateAccepted = false;
    if (this.confirmingCancel && !this.dirty) this.answerDiscard(false);
  }

  private readonly onTimeZoneFocus = () => {
    this.timeZonesWanted = true;
  };

  private readonly onNameBlur = () => {
    if (this.form.base || !this.capabilities.userIdSuggestion) return;
    void this.userIdHint.explain(this.form.text('firstName'), this.form.text('lastName'), true);
  };

  // ---- Submit ----------------------------------------------------------------------------

  private async onSubmit(event: Event) {
    event.preventDefault();
    const client = this.activeClient;
    if (this.saving || !client) return;
    this.formNotice = '';
    this.stale = false;
    const base = this.form.base;
    const valid = this.form.validate();
    if (!valid) return;
    if (base && Object.keys(valid.data).length === 0) {
      this.formNotice = this.t.nothingChanged;
      return;
    }
    const values = valid.data as ContactDraft | ContactPatch;
    // A retry after a failed create may find the contact that attempt stored: the idempotency key
    // makes it the same one, so it is no duplicate to warn about.
    if (!base && !this.duplicateAccepted && this.sentKey !== this.form.idempotencyKey) {
      this.saving = true;
      const existing = await findDuplicate(client, values as ContactDraft);
      this.saving = false;
      if (existing) {
        this.duplicate = existing;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('.open-duplicate')?.focus();
        return;
      }
    }
    this.duplicate = null;
    const proceed = this.dispatchEvent(new ContactSaveEvent({ mode: base ? 'update' : 'create', contactId: base?.id ?? null, values }));
    if (!proceed) return;
    this.saving = true;
    try {
      const saved = base
        ? await client.updateContact(base.id, values as ContactPatch, this.capabilities.versioning ? { ifVersion: base.version } : {})
        : await client.createContact(values as ContactDraft, { idempotencyKey: (this.sentKey = this.form.idempotencyKey) });
      this.form.saved(saved);
      this.duplicateAccepted = false;
      this.loaded(saved);
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
    if (isContactsError(error) && error.code === 'precondition_failed') {
      this.stale = true;
      this.form.clearErrors();
      this.form.setMessage(this.t.staleVersion);
      return;
    }
    if (isContactsError(error) && this.form.showServerErrors(error.fieldErrors)) return;
    this.form.setMessage(this.problemText(error));
  }

  /** After a conflict: take the newest version as the base and keep what the user typed. */
  private async loadLatest() {
    const client = this.activeClient;
    const base = this.form.base;
    if (!client || !base) return;
    try {
      const latest = await client.getContact(base.id);
      // What someone else changed, so the administrator can see it before saving over it.
      const serverChanged = this.form.rebase(latest);
      this.loaded(latest);
      const t = this.t;
      this.formNotice = serverChanged.length > 0 ? t.serverChanged(listText(serverChanged.map((field) => t.fields[field]), this.locale)) : t.serverUnchanged;
    } catch (error) {
      this.form.setMessage(this.problemText(error));
    }
  }

  /**
   * Asks, as Cancel does, before unsaved changes are thrown away, for a host's own way out of the
   * form (a back button, a route change). Resolves `true` at once when nothing changed, `true` after
   * "Discard changes" (the values are put back; no `contact-cancel`), `false` after "Keep editing".
   */
  async confirmDiscard(): Promise<boolean> {
    if (!this.dirty) return true;
    this.pendingDiscard?.(false);
    const answer = new Promise<boolean>((resolve) => (this.pendingDiscard = resolve));
    this.confirmingCancel = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#keep-editing')?.focus();
    return answer;
  }

  private answerDiscard(discard: boolean) {
    this.confirmingCancel = false;
    if (discard) this.form.discard();
    const resolve = this.pendingDiscard;
    this.pendingDiscard = undefined;
    resolve?.(discard);
  }

  private async onCancel() {
    const dirty = this.dirty;
    if (await this.confirmDiscard()) this.dispatchEvent(new ContactCancelEvent({ contactId: this.form.base?.id ?? null, dirty }));
  }
}
