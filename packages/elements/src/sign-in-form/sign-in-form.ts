import { html, nothing } from 'lit';
import { LIMITS, isContactsError, supportsSelfService } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { SingleCall } from '../base/single-call.js';
import { sharedStyles } from '../base/shared.styles.js';
import { selfServiceStyles } from '../base/self-service.styles.js';
import { LoginSignedInEvent } from '../events.js';
import { enSelfService } from '../i18n/en-self-service.js';
import { signInFormStyles } from './sign-in-form.styles.js';

export type SignInView = 'sign-in' | 'forgot-password';

/**
 * Signs a contact in with user ID and password. A wrong password, an unknown user ID and a locked
 * or disabled login get one answer that reveals none of them. "Forgot password?" switches to a
 * request for a mailed link by user ID or e-mail address, whose answer is the same whether or not
 * a login matches. What the client does not support is not offered.
 *
 * @summary A sign-in form with "Forgot password".
 *
 * @fires login-signed-in - `{ viewer }` after a sign-in; show a forced `<password-change>` when `viewer.passwordChangeRequired`.
 *
 * @csspart userId - The user ID input.
 * @csspart password - The password input.
 * @csspart identifier - The user ID or e-mail input of "Forgot password".
 * @csspart button - The submit button.
 * @csspart forgot - The "Forgot password?" and "Back to sign-in" links.
 * @csspart result - The answer to "Forgot password".
 * @csspart error - The message after a refused sign-in.
 *
 */
export class SignInForm extends PorticoElement {
  protected static override englishParts = [enSelfService];

  static override styles = [sharedStyles, selfServiceStyles, signInFormStyles];

  static override properties = {
    view: { reflect: true },
    userId: { state: true },
    password: { state: true },
    identifier: { state: true },
    error: { state: true },
    requested: { state: true },
  };

  /** Which form shows: `sign-in` or `forgot-password`. */
  declare view: SignInView;

  protected declare userId: string;
  protected declare password: string;
  protected declare identifier: string;
  protected declare error: string;
  protected declare requested: boolean;

  private readonly call = new SingleCall(this);

  constructor() {
    super();
    this.view = 'sign-in';
    this.userId = '';
    this.password = '';
    this.identifier = '';
    this.error = '';
    this.requested = false;
  }

  protected override render() {
    const t = this.t;
    const client = this.activeClient;
    if (!client) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (!supportsSelfService(client, 'signIn')) return html`<p class="why">${t.selfServiceUnsupported}</p>`;
    const canRequest = supportsSelfService(client, 'requestPasswordReset');
    if (this.view === 'forgot-password' && canRequest) return this.renderForgot();
    return html`
      <form novalidate aria-labelledby="title" aria-busy=${this.call.sending ? 'true' : 'false'} @submit=${this.signIn}>
        <h2 id="title">${t.signInTitle}</h2>
        <div class="field">
          <label for="userId">${t.signInUserId}</label>
          <input id="userId" part="userId" name="username" autocomplete="username" required maxlength=${LIMITS.userId} .value=${this.userId}
            ?disabled=${this.call.sending} @input=${(event: Event) => (this.userId = (event.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="password">${t.signInPassword}</label>
          <input id="password" part="password" type="password" name="password" autocomplete="current-password" required maxlength=${LIMITS.password}
            .value=${this.password} ?disabled=${this.call.sending} @input=${(event: Event) => (this.password = (event.target as HTMLInputElement).value)} />
        </div>
        ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
        <div class="row">
          <button type="submit" class="primary" part="button" ?disabled=${this.call.sending}>${this.call.sending ? t.signingIn : t.signInButton}</button>
          ${canRequest ? html`<button type="button" class="link" part="forgot" @click=${() => this.show('forgot-password')}>${t.forgotPassword}</button>` : nothing}
        </div>
      </form>
    `;
  }

  private renderForgot() {
    const t = this.t;
    return html`
      <form novalidate aria-labelledby="title" aria-busy=${this.call.sending ? 'true' : 'false'} @submit=${this.requestLink}>
        <h2 id="title">${t.forgotPasswordTitle}</h2>
        <p id="hint">${t.forgotPasswordHint}</p>
        <div class="field">
          <label for="identifier">${t.forgotPasswordIdentifier}</label>
          <input id="identifier" part="identifier" name="username" autocomplete="username" required maxlength=${LIMITS.email} aria-describedby="hint"
            .value=${this.identifier} ?disabled=${this.call.sending} @input=${(event: Event) => (this.identifier = (event.target as HTMLInputElement).value)} />
        </div>
        <p class="done" part="result" role="status" aria-live="polite">${this.requested ? t.forgotPasswordSent : ''}</p>
        ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
        <div class="row">
          <button type="submit" class="primary" part="button" ?disabled=${this.call.sending}>${this.call.sending ? t.forgotPasswordSending : t.forgotPasswordSend}</button>
          <button type="button" class="link" part="forgot" @click=${() => this.show('sign-in')}>${t.backToSignIn}</button>
        </div>
      </form>
    `;
  }

  private async show(view: SignInView) {
    this.call.abort();
    this.view = view;
    this.error = '';
    this.requested = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(view === 'sign-in' ? '#userId' : '#identifier')?.focus();
  }

  /** Runs one call at a time with the busy state; a failure shows `failed(error)`. */
  private async run(call: (signal: AbortSignal) => Promise<void>, failed: (error: unknown) => string): Promise<void> {
    this.error = '';
    const outcome = await this.call.run(call);
    if (outcome && 'error' in outcome) this.error = failed(outcome.error);
  }

  private async signIn(event: SubmitEvent) {
    event.preventDefault();
    const client = this.activeClient;
    if (!client?.signIn || this.call.sending) return;
    if (!this.userId.trim() || !this.password) {
      this.error = this.t.signInFailed;
      return;
    }
    await this.run(
      async (signal) => {
        const viewer = await client.signIn!(this.userId.trim(), this.password, { signal });
        this.password = '';
        this.dispatchEvent(new LoginSignedInEvent({ viewer }));
      },
      (error) => (isContactsError(error) && (error.code === 'unauthenticated' || error.code === 'validation') ? this.t.signInFailed : this.problemText(error)),
    );
    if (this.error) this.renderRoot.querySelector<HTMLElement>('#password')?.focus();
  }

  private async requestLink(event: SubmitEvent) {
    event.preventDefault();
    const client = this.activeClient;
    if (!client?.requestPasswordReset || this.call.sending) return;
    if (!this.identifier.trim()) {
      this.renderRoot.querySelector<HTMLElement>('#identifier')?.focus();
      return;
    }
    this.requested = false;
    await this.run(
      async (signal) => {
        await client.requestPasswordReset!(this.identifier.trim(), { signal });
        this.requested = true;
      },
      (error) => this.problemText(error),
    );
  }
}
