import { html, nothing, type PropertyValues } from 'lit';
import {
  ContactsError,
  displayName,
  LIMITS,
  loadPasswordStrength,
  passwordRules,
  PasswordReset as PasswordResetSchema,
  type Action,
  type Contact,
  type PasswordResetResult,
  type PasswordStrength,
} from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { localizedFieldErrors } from '../base/problems.js';
import { sharedStyles } from '../base/shared.styles.js';
import { allowedActions } from '../base/actions.js';
import { PasswordResetDoneEvent, PasswordResetEvent, type PasswordResetMode } from '../events.js';
import type { ContactChange } from '../store.js';
import { passwordResetStyles } from './password-reset.styles.js';
import { passwordRulesStyles, renderPasswordRules } from '../base/password-fields.js';
import { enPasswordReset } from '../i18n/en-password-reset.js';

/** The procedures in the order they are offered, with the action that permits each. */
const MODES: readonly (readonly [PasswordResetMode, Action])[] = [
  ['link', 'password.reset_link'],
  ['temporary', 'password.reset_temporary'],
  ['set', 'password.set'],
];

/**
 * Resets the password of one contact: the user being reset, the procedures the viewer may use
 * and the client supports (an e-mailed link, an e-mailed temporary password, or a password set
 * here), and a "Verify identity" step before the button is enabled. Shows where the mail went.
 * A password set here is checked against core's password rules, shown as a checklist that ticks
 * as they are met; the strength check's dictionary loads only when the password field is shown.
 * Renders a short explanation and nothing actionable when the contact has no login or the
 * viewer may not reset it.
 *
 * @summary Resets a contact's password by link, temporary password or a set password.
 *
 * @fires password-reset - Cancelable. `{ contactId, mode }` before the call; preventing it stops the call.
 * @fires password-reset-done - `{ contactId, result }` after the server confirmed the reset.
 *
 * @csspart user - The user being reset.
 * @csspart modes - The group of procedures.
 * @csspart password - The password input.
 * @csspart rules - The checklist of password rules; each item has the class `met` once met.
 * @csspart verify - The identity confirmation.
 * @csspart button - The submit button.
 * @csspart result - The outcome after a reset.
 * @csspart error - The message after a failed reset.
 *
 * @cssproperty --password-reset-gap - Space between the parts.
 */
export class PasswordReset extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enPasswordReset];

  static override styles = [sharedStyles, passwordRulesStyles, passwordResetStyles];

  static override properties = {
    contact: { attribute: false },
    mode: { state: true },
    password: { state: true },
    confirmed: { state: true },
    sending: { state: true },
    fieldError: { state: true },
    error: { state: true },
    result: { state: true },
    strength: { state: true },
  };

  /** The contact whose password this resets. */
  declare contact: Contact | undefined;

  protected declare mode: PasswordResetMode | null;
  protected declare password: string;
  protected declare confirmed: boolean;
  protected declare sending: boolean;
  protected declare fieldError: string;
  protected declare error: string;
  protected declare result: PasswordResetResult | null;
  /** The strength check, once loaded (when the password field is first shown). */
  protected declare strength: PasswordStrength | undefined;

  private controller: AbortController | undefined;

  constructor() {
    super();
    this.contact = undefined;
    this.mode = null;
    this.password = '';
    this.confirmed = false;
    this.sending = false;
    this.fieldError = '';
    this.error = '';
    this.result = null;
    this.strength = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact')) {
      const previous = changed.get('contact') as Contact | undefined;
      if (previous?.id !== this.contact?.id) {
        this.controller?.abort();
        this.controller = undefined;
        this.sending = false;
        this.password = '';
        this.confirmed = false;
        this.fieldError = '';
        this.error = '';
        this.result = null;
      }
    }
    // Keep the chosen procedure while it stays available, else take the first one offered.
    const modes = this.modes;
    if (!this.mode || !modes.includes(this.mode)) this.mode = modes[0] ?? null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.mode === 'set' && !this.strength) void this.loadStrength();
  }

  /** The strength check, loaded once; without it (offline) the server still checks. */
  private async loadStrength(): Promise<PasswordStrength | undefined> {
    try {
      this.strength ??= await loadPasswordStrength();
    } catch (error) {
      console.warn(`[portico] Could not load the password strength check: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.strength;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller?.abort();
  }

  protected override contactChanged(change: ContactChange): void {
    if (change.contact && change.id === this.contact?.id && !this.sending) this.contact = change.contact;
  }

  /** The procedures the viewer may use on this contact and the client supports. */
  private get modes(): PasswordResetMode[] {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    const contact = this.contact;
    if (!viewer || !client || !contact) return [];
    const allowed = allowedActions(viewer, contact, client.capabilities);
    return MODES.filter(([, action]) => allowed.includes(action)).map(([mode]) => mode);
  }

  protected override render() {
    const t = this.t;
    const contact = this.contact;
    const client = this.activeClient;
    if (!client) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (!contact || !this.activeViewer) return nothing;
    if (contact.login.state === 'none' || !contact.userId) return html`<p class="why">${t.passwordResetNoLogin}</p>`;
    const modes = this.modes;
    if (modes.length === 0) return html`<p class="why">${t.passwordResetNotAllowed}</p>`;
    const userId = contact.userId;
    return html`
      <form novalidate aria-label=${t.passwordResetTitle} aria-busy=${this.sending ? 'true' : 'false'} @submit=${this.submit}>
        <p class="user" part="user">
          <span class="label">${t.selectUser}</span>
          <span><strong>${userId}</strong> (${displayName(contact)})</span>
        </p>
        <fieldset class="modes" part="modes">
          <legend>${t.passwordProcedure}</legend>
          ${modes.map(
            (mode) =>
              html`<label class="option">
                <input
                  type="radio"
                  name="mode"
                  value=${mode}
                  .checked=${this.mode === mode}
                  ?disabled=${this.sending}
                  @change=${() => this.chooseMode(mode)}
                />
                ${t.passwordModes[mode]}
              </label>`,
          )}
        </fieldset>
        ${this.mode === 'set' ? this.renderPassword() : nothing}
        <fieldset class="verify" part="verify">
          <legend>${t.verifyIdentity}</legend>
          <label class="option">
            <input
              type="checkbox"
              name="confirm"
              .checked=${this.confirmed}
              ?disabled=${this.sending}
              @change=${(event: Event) => (this.confirmed = (event.target as HTMLInputElement).checked)}
            />
            ${t.confirmIdentity(userId)}
          </label>
        </fieldset>
        <div class="row">
          <button type="submit" class="primary" part="button" ?disabled=${!this.confirmed || this.sending || !this.mode}>
            ${this.sending ? t.resettingPassword : t.resetPassword}
          </button>
        </div>
      </form>
      <div class="result" part="result" role="status" aria-live="polite" aria-atomic="true">${this.resultText()}</div>
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderPassword() {
    const t = this.t;
    const invalid = this.fieldError !== '';
    return html`<div class="field">
      <label for="password">${t.newPassword}</label>
      <input
        id="password"
        part="password"
        type="password"
        name="password"
        autocomplete="new-password"
        minlength=${LIMITS.passwordMin}
        maxlength=${LIMITS.password}
        required
        .value=${this.password}
        ?disabled=${this.sending}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? 'password-rules password-error' : 'password-rules'}
        @input=${(event: Event) => (this.password = (event.target as HTMLInputElement).value)}
      />
      ${this.renderRules()}
      ${invalid ? html`<span id="password-error" class="error-text">${this.fieldError}</span>` : nothing}
    </div>`;
  }

  /** The rules as a checklist; the maximum is kept by the input's maxlength, so it is not listed. */
  private renderRules() {
    const contact = this.contact;
    return renderPasswordRules(this.t, this.password, { userId: contact?.userId, email: contact?.email }, this.strength, 'password-rules');
  }

  private resultText(): string {
    const result = this.result;
    if (!result) return '';
    const t = this.t;
    const parts: string[] = [result.sentTo ? t.passwordResetSent(result.sentTo) : t.passwordResetSet];
    if (result.expiresAt) {
      const date = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(result.expiresAt));
      parts.push(t.passwordResetExpires(date));
    }
    if (result.passwordChangeRequired) parts.push(t.passwordChangeRequired);
    return parts.join(' ');
  }

  /** A refused password beside the field, in the page's language, with the focus on the field. */
  private async showPasswordError(code: string | undefined, message: string): Promise<void> {
    this.fieldError = localizedFieldErrors([{ field: 'password', code, message }], this.t, this.locale)[0]!.message;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#password')?.focus();
  }

  private chooseMode(mode: PasswordResetMode) {
    this.mode = mode;
    this.fieldError = '';
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const client = this.activeClient;
    const contact = this.contact;
    const mode = this.mode;
    if (!client || !contact || !mode || !this.confirmed || this.sending) return;
    this.error = '';
    this.fieldError = '';
    const parsed = PasswordResetSchema.safeParse(mode === 'set' ? { mode, password: this.password } : { mode });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      await this.showPasswordError(issue.code, issue.message);
      return;
    }
    if (mode === 'set') {
      // Core's password rules: the quick ones at once, the strength once loaded; if it cannot load, the server has the last word.
      const refused = (strength: PasswordStrength | undefined) => passwordRules(this.password, contact, strength).find((check) => check.met === false);
      const failed = refused(this.strength) ?? (this.strength ? undefined : refused(await this.loadStrength()));
      if (failed) {
        await this.showPasswordError(failed.code, failed.message);
        return;
      }
    }
    if (!this.dispatchEvent(new PasswordResetEvent({ contactId: contact.id, mode }))) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.sending = true;
    this.result = null;
    try {
      const result = await client.resetPassword(contact.id, parsed.data, { signal: controller.signal });
      if (this.controller !== controller) return;
      this.result = result;
      this.password = '';
      this.confirmed = false;
      this.dispatchEvent(new PasswordResetDoneEvent({ contactId: contact.id, result }));
    } catch (error) {
      if (isAbort(error) || this.controller !== controller) return;
      const passwordError = error instanceof ContactsError ? error.fieldErrors.find((fieldError) => fieldError.field === 'password') : undefined;
      if (passwordError) {
        void this.showPasswordError(passwordError.code, passwordError.message);
        return;
      }
      this.error = this.t.passwordResetFailed(this.problemText(error));
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.sending = false;
      }
    }
  }
}
