import { html, nothing, type PropertyValues } from 'lit';
import { ContactsError, passwordRules, supportsSelfService } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { SingleCall } from '../base/single-call.js';
import { sharedStyles } from '../base/shared.styles.js';
import { localizedFieldErrors } from '../base/problems.js';
import { PasswordStrengthController, renderPasswordInput, passwordRulesStyles, renderPasswordRules } from '../base/password-fields.js';
import { selfServiceStyles } from '../base/self-service.styles.js';
import { LoginNavigateEvent, LoginPasswordChosenEvent } from '../events.js';
import { enPasswordReset } from '../i18n/en-password-reset.js';
import { enSelfService } from '../i18n/en-self-service.js';
import { passwordChooseStyles } from './password-choose.styles.js';

type Field = 'password' | 'repeatPassword';

/**
 * The body of the page a mailed link opens (`/reset-password?token=…`, for a new login or a
 * reset): a new password with core's rules ticking as they are met, and the same again. An
 * unknown, used or expired link says so and what to do next (ask for a new one); success says
 * to sign in. The server answers the three kinds of bad link alike, so the page does too.
 *
 * @summary Chooses a password with a mailed link's token.
 *
 * @fires login-password-chosen - After the password was saved.
 * @fires login-navigate - `{ to: 'sign-in' }` after success, `{ to: 'forgot-password' }` for a new link; a host with `sign-in-href` gets links instead.
 *
 * @csspart password - The new password input.
 * @csspart repeatPassword - The repeated password input.
 * @csspart rules - The checklist of password rules; each item has the class `met` once met.
 * @csspart button - The submit button.
 * @csspart result - The success message with the way to sign in.
 * @csspart invalid - The message for a bad link with the way to a new one.
 * @csspart error - A message after a failed call.
 *
 */
export class PasswordChoose extends PorticoElement {
  protected static override englishParts = [enPasswordReset, enSelfService];

  static override styles = [sharedStyles, selfServiceStyles, passwordRulesStyles, passwordChooseStyles];

  static override properties = {
    // A property (the page reads it from its URL), not an attribute: a live credential stays out of the DOM.
    token: { attribute: false },
    signInHref: { attribute: 'sign-in-href' },
    values: { state: true },
    errors: { state: true },
    error: { state: true },
    outcome: { state: true },
  };

  /** The token of the mailed link (its `token` query parameter). */
  declare token: string;
  /** Where "Sign in" and "Ask for a new link" lead (a sign-in page); without it they fire `login-navigate`. */
  declare signInHref: string;

  protected declare values: Record<Field, string>;
  protected declare errors: Partial<Record<Field, string>>;
  protected declare error: string;
  protected declare outcome: 'chosen' | 'invalid' | null;

  private readonly call = new SingleCall(this);
  private readonly strength = new PasswordStrengthController(this);

  constructor() {
    super();
    this.token = '';
    this.signInHref = '';
    this.values = { password: '', repeatPassword: '' };
    this.errors = {};
    this.error = '';
    this.outcome = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('token') && changed.get('token') !== undefined) {
      this.call.abort();
      this.outcome = null;
      this.error = '';
      this.errors = {};
    }
  }

  protected override render() {
    const t = this.t;
    const client = this.activeClient;
    if (!client) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (!supportsSelfService(client, 'confirmPasswordReset')) return html`<p class="why">${t.selfServiceUnsupported}</p>`;
    if (this.outcome === 'chosen') {
      return html`<div class="panel" part="result" role="status">
        <h2>${t.passwordChooseTitle}</h2>
        <p class="done">${t.passwordChosen}</p>
        <p>${this.navigation('sign-in', t.signInButton)}</p>
      </div>`;
    }
    if (this.outcome === 'invalid' || !this.token) {
      return html`<div class="panel invalid" part="invalid" role=${this.outcome === 'invalid' ? 'alert' : nothing}>
        <h2>${t.passwordChooseTitle}</h2>
        <p>${this.token ? t.linkInvalid : t.linkMissing}</p>
        <p>${this.navigation('forgot-password', t.requestNewLink)}</p>
      </div>`;
    }
    return html`
      <form novalidate aria-labelledby="title" aria-busy=${this.call.sending ? 'true' : 'false'} @submit=${this.submit}>
        <h2 id="title">${t.passwordChooseTitle}</h2>
        ${this.input('password', t.newPassword, renderPasswordRules(t, this.values.password, {}, this.strength.value, 'rules'))}
        ${this.input('repeatPassword', t.repeatPassword)}
        <div class="row">
          <button type="submit" class="primary" part="button" ?disabled=${this.call.sending}>${this.call.sending ? t.savingPassword : t.choosePasswordButton}</button>
        </div>
      </form>
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private navigation(to: 'sign-in' | 'forgot-password', label: string) {
    if (this.signInHref) {
      const href = to === 'sign-in' ? this.signInHref : `${this.signInHref}${this.signInHref.includes('?') ? '&' : '?'}forgot`;
      return html`<a href=${href}>${label}</a>`;
    }
    return html`<button type="button" class="primary" @click=${() => this.dispatchEvent(new LoginNavigateEvent({ to }))}>${label}</button>`;
  }

  private input(field: Field, label: string, extra?: unknown) {
    return renderPasswordInput({
      id: field,
      label,
      value: this.values[field],
      autocomplete: 'new-password',
      error: this.errors[field] ?? '',
      disabled: this.call.sending,
      ...(field === 'password' ? { describedBy: 'rules', extra } : {}),
      onInput: (value) => (this.values = { ...this.values, [field]: value }),
    });
  }

  private async showErrors(errors: Partial<Record<Field, string>>) {
    this.errors = errors;
    await this.updateComplete;
    const first = (['password', 'repeatPassword'] as const).find((field) => errors[field]);
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const client = this.activeClient;
    if (!client?.confirmPasswordReset || this.call.sending || !this.token) return;
    const t = this.t;
    const { password, repeatPassword } = this.values;
    this.error = '';
    // The login's user ID and e-mail are not known here: the server checks those rules.
    const failed = passwordRules(password, {}, this.strength.value).find((check) => check.met === false);
    if (failed) return this.showErrors({ password: localizedFieldErrors([{ field: 'password', code: failed.code, message: failed.message }], t, this.locale)[0]!.message });
    if (repeatPassword !== password) return this.showErrors({ repeatPassword: t.passwordsDiffer });
    this.errors = {};
    const outcome = await this.call.run((signal) => client.confirmPasswordReset!(this.token, password, { signal }));
    if (!outcome) return;
    if ('value' in outcome) {
      this.values = { password: '', repeatPassword: '' };
      this.outcome = 'chosen';
      this.dispatchEvent(new LoginPasswordChosenEvent());
      return;
    }
    const { error } = outcome;
    if (error instanceof ContactsError && error.fieldErrors.some((fieldError) => fieldError.field === 'token')) {
      this.outcome = 'invalid';
      return;
    }
    const passwordError = error instanceof ContactsError ? error.fieldErrors.find((fieldError) => fieldError.field === 'password') : undefined;
    if (passwordError) return this.showErrors({ password: localizedFieldErrors([passwordError], t, this.locale)[0]!.message });
    this.error = this.problemText(error);
  }
}
