import { html, nothing, type PropertyValues } from 'lit';
import { displayName, type Action, type Contact, type LoginState } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { allowedActions } from '../base/actions.js';
import type { LoginAction } from '../events.js';
import { CommandController } from '../base/command-controller.js';
import type { ContactChange } from '../store.js';
import { loginToggleStyles } from './login-toggle.styles.js';
import { enLoginToggle } from '../i18n/en-login-toggle.js';

/** The state a login is in right after an action, shown before the server answers. */
const OPTIMISTIC: Record<LoginAction, LoginState> = {
  'login.create': 'enabled',
  'login.enable': 'enabled',
  'login.disable': 'disabled',
  'login.lock': 'locked',
  'login.unlock': 'enabled',
};

/**
 * The login of one contact: create it, enable or disable it, unlock it. Shows the new state at
 * once and puts the old one back (with a message) if the server refuses. Renders nothing when
 * the viewer may not change the login or the client cannot.
 *
 * Form-associated: inside a host's `<form>` it submits `enabled` or `disabled` (a locked login
 * cannot sign in either) under `name`, nothing while the contact has no login. A change is saved
 * at once, so a form reset cannot undo it: it drops an open question and a message.
 *
 * @summary Creates, enables, disables and unlocks the login of a contact.
 *
 * @fires login-changed - `{ contact, action, previousState }` after the server confirmed a change.
 * @fires contact-action - Cancelable. `{ action, contact }` before the change; preventing it stops the change.
 *
 * @csspart state - The text of the current login state.
 * @csspart button - Each action button.
 * @csspart confirm - The question before disabling.
 * @csspart error - The message after a failed change.
 *
 * @cssproperty --login-toggle-gap - Space between the parts.
 */
export class LoginToggle extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enLoginToggle];

  static override styles = [sharedStyles, loginToggleStyles];
  static formAssociated = true;

  static override properties = {
    contact: { attribute: false },
    name: { type: String },
    disabled: { type: Boolean },
    formDisabled: { state: true },
    shown: { state: true },
    pending: { state: true },
    confirming: { state: true },
    error: { state: true },
  };

  /** The contact whose login this controls. */
  declare contact: Contact | undefined;
  /** The name the value is submitted under in a form. */
  declare name: string;
  /** Offers no change while set (also when the surrounding fieldset or form is disabled). */
  declare disabled: boolean;

  protected declare formDisabled: boolean;
  private readonly internals: ElementInternals;

  /** The contact as shown: the optimistic state while a call is pending. */
  protected declare shown: Contact | undefined;
  protected declare pending: LoginAction | null;
  protected declare confirming: boolean;
  protected declare error: string;

  private readonly announcer = new Announcer(this);
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.announcer.announce(message),
  });

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.contact = undefined;
    this.name = '';
    this.disabled = false;
    this.formDisabled = false;
    this.shown = undefined;
    this.pending = null;
    this.confirming = false;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') && !this.pending) {
      this.shown = this.contact;
      this.confirming = false;
    }
  }

  // ---- Form association --------------------------------------------------------------------

  /** `enabled` or `disabled` as the login is now (locked counts as disabled); empty without a login. */
  get value(): string {
    const state = this.shown?.login.state;
    if (state === 'enabled') return 'enabled';
    if (state === 'disabled' || state === 'locked') return 'disabled';
    return '';
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  formResetCallback(): void {
    this.confirming = false;
    this.error = '';
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const value = this.value;
    this.internals.setFormValue(this.name && value ? value : null);
  }

  protected override contactChanged(change: ContactChange): void {
    if (change.contact && change.id === this.shown?.id && !this.pending) {
      this.contact = change.contact;
    }
  }

  private get actions(): Action[] {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    const contact = this.shown;
    if (!viewer || !client || !contact) return [];
    return allowedActions(viewer, contact, client.capabilities).filter((action) => action.startsWith('login.'));
  }

  protected override render() {
    const t = this.t;
    const contact = this.shown;
    const client = this.activeClient;
    const viewer = this.activeViewer;
    if (!contact || !client || !viewer) return nothing;
    const actions = this.actions;
    const state = contact.login.state;
    const reason = state === 'locked' && contact.login.lockReason ? t.lockReason[contact.login.lockReason] : '';
    // Seed 000: no user ID, no login; say why instead of hiding the button silently.
    const blockedCreate =
      state === 'none' && !contact.userId && client.capabilities.createLogin && this.canCreateIgnoringUserId(contact);
    if (actions.length === 0 && !blockedCreate) return html`${this.announcer.render()}`;
    const offered = (['login.create', 'login.enable', 'login.unlock', 'login.disable'] as LoginAction[]).filter((action) =>
      actions.includes(action),
    );
    return html`
      <div class="row" aria-busy=${this.pending ? 'true' : 'false'}>
        <span class="state" part="state" data-state=${state}
          >${t.loginState[state]}${reason ? html` <span class="reason">(${reason})</span>` : nothing}</span
        >
        ${offered.map(
          (action) =>
            html`<button
              type="button"
              part="button"
              data-action=${action}
              class=${action === 'login.disable' ? '' : 'primary'}
              ?disabled=${this.pending !== null || this.confirming || this.disabled || this.formDisabled}
              @click=${() => this.request(action)}
            >
              ${t.actions[action]}
            </button>`,
        )}
      </div>
      ${blockedCreate ? html`<p class="why">${t.noUserIdForLogin}</p>` : nothing}
      ${this.confirming
        ? html`<div class="confirm" part="confirm" role="group" aria-labelledby="confirm-question">
            <p id="confirm-question">${t.disableQuestion(displayName(contact))}</p>
            <button type="button" class="danger" data-confirm="disable" @click=${() => this.perform('login.disable')}>
              ${t.actions['login.disable']}
            </button>
            <button type="button" id="confirm-cancel" @click=${this.cancelConfirm}>${t.cancel}</button>
          </div>`
        : nothing}
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
      ${this.announcer.render()}
    `;
  }

  private canCreateIgnoringUserId(contact: Contact): boolean {
    const viewer = this.activeViewer!;
    return allowedActions(viewer, { ...contact, userId: 'x' }, this.activeClient!.capabilities).includes('login.create');
  }

  private async request(action: LoginAction) {
    this.error = '';
    if (action === 'login.disable') {
      this.confirming = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#confirm-cancel')?.focus();
      return;
    }
    await this.perform(action);
  }

  private async cancelConfirm() {
    this.confirming = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-action="login.disable"]')?.focus();
  }

  private async perform(action: LoginAction) {
    const client = this.activeClient;
    const before = this.shown;
    if (!client || !before) return;
    const hadFocus = this.matches(':focus-within');
    this.confirming = false;
    const outcome = await this.command.run(action, before, {
      started: () => {
        this.pending = action;
        this.error = '';
        this.shown = {
          ...before,
          login: { ...before.login, state: OPTIMISTIC[action], lockReason: OPTIMISTIC[action] === 'locked' ? 'admin' : null },
        };
      },
      beforeDone: (updated) => {
        this.pending = null;
        this.shown = updated;
        this.contact = updated;
      },
    });
    if (outcome.status === 'vetoed') return;
    if (outcome.status === 'failed' || outcome.status === 'aborted') {
      this.pending = null;
      this.shown = before;
      if (outcome.status === 'aborted') return;
      this.error = this.t.loginFailed(outcome.message);
      this.announcer.announce(this.error);
    }
    await this.updateComplete;
    // The button pressed may be gone (Disable became Enable): keep focus inside the element.
    if (hadFocus) this.renderRoot.querySelector<HTMLElement>('button[data-action]')?.focus();
  }
}
