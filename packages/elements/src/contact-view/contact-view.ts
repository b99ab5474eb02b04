import { contactLoadState } from '../base/shared-templates.js';
import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { displayName, isEmailAddress, isPhoneNumber, statusOf, type Account, type Action, type Contact, type Role } from '@portico/core';
import { PorticoElement } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { DIRECT_LOGIN_ACTIONS, allowedActions, menuActions } from '../base/actions.js';
import { formatDateTime, languageName, timeZoneName } from '../base/locale.js';
import { ContactActionEvent, type LoginAction } from '../events.js';
import { CommandController } from '../base/command-controller.js';
import { honorificLabel, listText, localRole, titledName } from '../base/labels.js';
import type { ContactChange } from '../store.js';
import { contactViewStyles } from './contact-view.styles.js';
import { enContactView } from '../i18n/en-contact-view.js';

/**
 * One contact, read-only: every field, roles, the login with lock reason and last sign-in,
 * and the actions the viewer may take (Edit included).
 *
 * @summary A read-only view of a contact with its allowed actions.
 *
 * @slot header - Replaces the heading (the contact's name).
 * @slot actions-end - More buttons after the actions.
 *
 * @fires contact-action - Cancelable. `{ action, contact }` for each action button. Enable, disable,
 *   lock and unlock are performed by the view unless prevented; the host handles the others.
 * @fires login-changed - `{ contact, action, previousState }` after a login action by the view.
 *
 * @csspart pending - What the login waits for, with since when: an invitation not yet accepted, or a password to change at next sign-in.
 * @csspart fields - The list of fields.
 * @csspart actions - The action buttons.
 *
 * @cssproperty --contact-view-gap - Space between the parts.
 * @cssproperty --contact-view-title-size - Font size of the heading.
 */
export class ContactView extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactView];

  static override styles = [sharedStyles, contactViewStyles];

  static override properties = {
    contact: { attribute: false },
    contactId: { type: String, attribute: 'contact-id' },
    shown: { state: true },
    error: { state: true },
  };

  declare contact: Contact | undefined;
  /** The id of a contact to load when `contact` is not set. */
  declare contactId: string;

  protected declare shown: Contact | undefined;
  protected declare error: string;

  private readonly announcer = new Announcer(this);
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.announcer.announce(message),
  });

  private readonly contactTask = new Task(this, {
    task: async ([client, contactId, contact], { signal }) => {
      if (contact || !client || !contactId) return contact;
      return client.getContact(contactId, { signal });
    },
    args: () => [this.activeClient, this.contactId, this.contact] as const,
    onComplete: (contact) => (this.shown = contact),
  });

  private readonly lookupsTask = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return { roles: [] as Role[], accounts: [] as Account[] };
      const [roles, accounts] = await Promise.all([
        client.capabilities.roles ? client.listRoles({ signal }) : [],
        client.capabilities.accounts ? client.listAccounts({ signal }) : [],
      ]);
      return { roles, accounts };
    },
    args: () => [this.activeClient] as const,
  });

  constructor() {
    super();
    this.contact = undefined;
    this.contactId = '';
    this.shown = undefined;
    this.error = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') && this.contact) this.shown = this.contact;
  }

  protected override contactChanged(change: ContactChange): void {
    if (change.id === this.shown?.id && change.contact) this.shown = change.contact;
  }

  /**
   * What the login waits for: a new login whose mailed link was not used yet (it must choose a
   * password and has never signed in), or a password to change at the next sign-in; with since
   * when (the invitation mailed, the password issued) where the client knows it.
   */
  private pending(contact: Contact): string {
    const { state, passwordChangeRequired, passwordChangeRequiredAt, lastSignInAt } = contact.login;
    if (state !== 'enabled' || !passwordChangeRequired) return '';
    const invitation = lastSignInAt === null;
    const when = formatDateTime(passwordChangeRequiredAt ?? null, this.locale);
    if (!when) return invitation ? this.t.invitationPending : this.t.passwordChangePending;
    return invitation ? this.t.invitationPendingSince(when) : this.t.passwordChangePendingSince(when);
  }

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    const contact = this.shown;
    if (!contact) {
      return contactLoadState(t, this.contactTask, (error) => this.problemText(error, ''));
    }
    const locale = this.locale;
    const lookups = this.lookupsTask.value;
    const account = lookups?.accounts.find((candidate) => candidate.id === contact.accountId);
    const roles = contact.roles.map((id) => {
      const role = lookups?.roles.find((candidate) => candidate.id === id);
      return role ? localRole(role, t).name : id;
    });
    const status = statusOf(contact);
    const pending = this.pending(contact);
    const reason = contact.login.lockReason ? t.lockReason[contact.login.lockReason] : '';
    const value = (text: string | null | undefined) => (text ? text : html`<span class="muted">${t.none}</span>`);
    const email = isEmailAddress(contact.email) ? html`<a href=${`mailto:${contact.email.trim()}`}>${contact.email}</a>` : value(contact.email);
    const phone = (text: string | null) =>
      text && isPhoneNumber(text) ? html`<a href=${`tel:${text.replace(/[^0-9+]/g, '')}`}>${text}</a>` : value(text);
    return html`
      <slot name="header"><h2>${titledName(contact.honorific, displayName(contact), t)}</h2></slot>
      <dl part="fields">
        <dt>${t.fields.honorific}</dt><dd>${value(contact.honorific ? honorificLabel(contact.honorific, t) : null)}</dd>
        <dt>${t.fields.firstName}</dt><dd>${value(contact.firstName)}</dd>
        <dt>${t.fields.lastName}</dt><dd>${value(contact.lastName)}</dd>
        <dt>${t.fields.jobTitle}</dt><dd>${value(contact.jobTitle)}</dd>
        <dt>${t.fields.email}</dt><dd>${email}</dd>
        <dt>${t.fields.businessPhone}</dt><dd>${phone(contact.businessPhone)}</dd>
        <dt>${t.fields.mobilePhone}</dt><dd>${phone(contact.mobilePhone)}</dd>
        <dt>${t.fields.language}</dt><dd>${value(contact.language ? languageName(contact.language, locale) : null)}</dd>
        <dt>${t.fields.timeZone}</dt>
        <dd>${value(contact.timeZone ? `${timeZoneName(contact.timeZone, locale)} (${contact.timeZone})` : null)}</dd>
        <dt>${t.fields.accountId}</dt><dd>${value(account?.name ?? contact.accountId)}</dd>
        <dt>${t.fields.notifications}</dt><dd>${contact.notifications ? t.yes : t.no}</dd>
        <dt>${t.fields.userId}</dt><dd>${value(contact.userId)}</dd>
        <dt>${t.fields.roles}</dt><dd>${roles.length > 0 ? listText(roles, locale) : value(null)}</dd>
        <dt>${t.loginLabel}</dt>
        <dd>${t.status[status]}${status === 'locked' && reason ? ` (${reason})` : ''}</dd>
        ${status === 'locked' && contact.login.lockedAt
          ? html`<dt>${t.lockedAt}</dt><dd>${formatDateTime(contact.login.lockedAt, locale)}</dd>`
          : nothing}
        ${pending ? html`<dt>${t.loginPending}</dt><dd part="pending">${pending}</dd>` : nothing}
        <dt>${t.lastSignIn}</dt><dd>${formatDateTime(contact.login.lastSignInAt, locale) ?? t.never}</dd>
      </dl>
      ${this.error ? html`<p class="message error" role="alert">${this.error}</p>` : nothing}
      <div class="actions" part="actions" aria-busy=${this.command.isBusy() ? 'true' : 'false'}>
        ${this.actions(contact).map(
          (action) =>
            html`<button
              type="button"
              data-action=${action}
              class=${action === 'contact.update' ? 'primary' : action === 'contact.delete' ? 'danger' : ''}
              ?disabled=${this.command.isBusy()}
              @click=${() => this.choose(action, contact)}
            >
              ${t.actions[action as keyof typeof t.actions] ?? action}
            </button>`,
        )}
        <slot name="actions-end"></slot>
      </div>
      ${this.announcer.render()}
    `;
  }

  private actions(contact: Contact): Action[] {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    if (!viewer || !client) return [];
    return menuActions(allowedActions(viewer, contact, client.capabilities)).filter((action) => action !== 'contact.view');
  }

  private async choose(action: Action, contact: Contact) {
    // The login changes are commands (their `contact-action` is the intent); the host handles the others.
    if (!DIRECT_LOGIN_ACTIONS.includes(action)) {
      this.dispatchEvent(new ContactActionEvent({ action, contact }));
      return;
    }
    this.error = '';
    const outcome = await this.command.run(action as LoginAction, contact, { beforeDone: (updated) => void (this.shown = updated) });
    if (outcome.status === 'failed') this.error = outcome.message;
  }
}
