import { html, nothing } from 'lit';
import { ContactsError, passwordRules, supportsSelfService } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { SingleCall } from '../base/single-call.js';
import { sharedStyles } from '../base/shared.styles.js';
import { localizedFieldErrors } from '../base/problems.js';
import { PasswordStrengthController, renderPasswordInput, passwordRulesStyles, renderPasswordRules } from '../base/password-fields.js';
import { selfServiceStyles } from '../base/self-service.styles.js';
import { LoginPasswordChangeCancelEvent, LoginPasswordChangedEvent, LoginSignedOutEvent } from '../events.js';
import { enPasswordReset } from '../i18n/en-password-reset.js';
import { enSelfService } from '../i18n/en-self-service.js';
import { passwordChangeStyles } from './password-change.styles.js';

type Field = 'currentPassword' | 'newPassword' | 'repeatPassword';

/**
 * The signed-in contact changes their own password: the current one, a new one with core's
 * password rules ticking as they are met, and the new one again. In `forced` mode (right after a
 * sign-in with a temporary or administrator-set password, when the server answers everything else
 * with `password_change_required`) it says why, offers no way to dismiss it, only to sign out.
 * Hidden behind a short message when the client cannot change passwords.
 *
 * @summary Changes the signed-in contact's own password, optionally as a forced step.
 *
 * @fires login-password-changed - `{ viewer }` after the password was changed.
 * @fires login-password-change-cancel - Cancel was pressed (not in `forced` mode).
 * @fires login-signed-out - Sign out was pressed in `forced` mode and the session ended.
 *
 * @csspart notice - Why the change is required (`forced`).
 * @csspart currentPassword - The current password input.
 * @csspart newPassword - The new password input.
 * @csspart repeatPassword - The repeated new password input.
 * @csspart rules - The checklist of password rules; each item has the class `met` once met.
 * @csspart button - The submit button.
 * @csspart result - The outcome.
 * @csspart error - A message after a failed call.
 *
 */
export class PasswordChange extends PorticoElement {
  protected static override englishParts = [enPasswordReset, enSelfService];

  static override styles = [sharedStyles, selfServiceStyles, passwordRulesStyles, passwordChangeStyles];

  static override properties = {
    forced: { type: Boolean, reflect: true },
    values: { state: true },
    errors: { state: true },
    error: { state: true },
    done: { state: true },
  };

  /** The change is required before anything else: no Cancel, a notice why, and Sign out. */
  declare forced: boolean;

  protected declare values: Record<Field, string>;
  protected declare errors: Partial<Record<Field, string>>;
  protected declare error: string;
  protected declare done: boolean;

  private readonly call = new SingleCall(this);
  private readonly strength = new PasswordStrengthController(this);

  constructor() {
    super();
    this.forced = false;
    this.values = { currentPassword: '', newPassword: '', repeatPassword: '' };
    this.errors = {};
    this.error = '';
    this.done = false;
  }

  protected override render() {
    const t = this.t;
    const client = this.activeClient;
    if (!client) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (!supportsSelfService(client, 'changePassword')) return html`<p class="why">${t.selfServiceUnsupported}</p>`;
    const viewer = this.activeViewer;
    const context = { userId: viewer?.userId };
    return html`
      <form novalidate aria-labelledby="title" aria-busy=${this.call.sending ? 'true' : 'false'} @submit=${this.submit}>
        <h2 id="title">${t.passwordChangeTitle}</h2>
        ${this.forced ? html`<p class="notice" part="notice">${t.passwordChangeForced}</p>` : nothing}
        ${this.input('currentPassword', t.currentPassword, 'current-password')}
        ${this.input('newPassword', t.newPassword, 'new-password', renderPasswordRules(t, this.values.newPassword, context, this.strength.value, 'rules'))}
        ${this.input('repeatPassword', t.repeatPassword, 'new-password')}
        <div class="row">
          <button type="submit" class="primary" part="button" ?disabled=${this.call.sending}>${this.call.sending ? t.savingPassword : t.changePasswordButton}</button>
          ${this.forced
            ? html`<button type="button" @click=${this.signOut} ?disabled=${this.call.sending}>${t.signOut}</button>`
            : html`<button type="button" @click=${this.cancel} ?disabled=${this.call.sending}>${t.cancel}</button>`}
        </div>
      </form>
      <p class="done" part="result" role="status" aria-live="polite">${this.done ? t.passwordChanged : ''}</p>
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private input(field: Field, label: string, autocomplete: 'current-password' | 'new-password', extra?: unknown) {
    return renderPasswordInput({
      id: field,
      label,
      value: this.values[field],
      autocomplete,
      error: this.errors[field] ?? '',
      disabled: this.call.sending,
      ...(field === 'newPassword' ? { describedBy: 'rules', extra } : {}),
      onInput: (value) => {
        this.values = { ...this.values, [field]: value };
        this.done = false;
      },
    });
  }

  private cancel() {
    this.dispatchEvent(new LoginPasswordChangeCancelEvent());
  }

  private async signOut() {
    const client = this.activeClient;
    try {
      await client?.signOut?.();
      this.dispatchEvent(new LoginSignedOutEvent());
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  private async showErrors(errors: Partial<Record<Field, string>>) {
    this.errors = errors;
    await this.updateComplete;
    const first = (['currentPassword', 'newPassword', 'repeatPassword'] as const).find((field) => errors[field]);
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const client = this.activeClient;
    if (!client?.changePassword || this.call.sending) return;
    const t = this.t;
    const { currentPassword, newPassword, repeatPassword } = this.values;
    this.error = '';
    this.done = false;
    const errors: Partial<Record<Field, string>> = {};
    if (!currentPassword) errors.currentPassword = t.wrongCurrentPassword;
    const failed = passwordRules(newPassword, { userId: this.activeViewer?.userId }, this.strength.value).find((check) => check.met === false);
    if (failed) errors.newPassword = localizedFieldErrors([{ field: 'password', code: failed.code, message: failed.message }], t, this.locale)[0]!.message;
    else if (newPassword === currentPassword) errors.newPassword = t.passwordUnchanged;
    if (!errors.newPassword && repeatPassword !== newPassword) errors.repeatPassword = t.passwordsDiffer;
    if (Object.keys(errors).length > 0) return this.showErrors(errors);
    this.errors = {};
    const outcome = await this.call.run((signal) => client.changePassword!(currentPassword, newPassword, { signal }));
    if (!outcome) return;
    if ('value' in outcome) {
      this.values = { currentPassword: '', newPassword: '', repeatPassword: '' };
      this.done = true;
      this.dispatchEvent(new LoginPasswordChangedEvent({ viewer: outcome.value }));
      return;
    }
    const { error } = outcome;
    if (error instanceof ContactsError && error.fieldErrors.length > 0) {
      const found: Partial<Record<Field, string>> = {};
      for (const fieldError of error.fieldErrors) {
        if (fieldError.field === 'currentPassword') found.currentPassword = t.wrongCurrentPassword;
        if (fieldError.field === 'newPassword') {
          found.newPassword = fieldError.code === 'unchanged' ? t.passwordUnchanged : localizedFieldErrors([{ ...fieldError, field: 'password' }], t, this.locale)[0]!.message;
        }
      }
      if (Object.keys(found).length > 0) return this.showErrors(found);
    }
    this.error = t.passwordChangeFailed(this.problemText(error));
  }
}
