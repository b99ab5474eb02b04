import { html, nothing, type PropertyValues } from 'lit';
import { Task } from '@lit/task';
import { displayName, isContactsError, type Contact, type ContactsClient, type UserAccount } from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { allowedActions } from '../base/actions.js';
import { UserAssociateEvent, UserAssociatedEvent } from '../events.js';
import type { ContactChange } from '../store.js';
import { userAssociateStyles } from './user-associate.styles.js';
import { enUserAssociate } from '../i18n/en-user-associate.js';

const SEARCH_DELAY = 300;

interface Result {
  user: UserAccount;
  /** The name of the contact that already holds this user account, if any. */
  holder: string | null;
}

const holderName = async (client: ContactsClient, user: UserAccount, signal: AbortSignal): Promise<string | null> => {
  if (!user.contactId) return null;
  try {
    return displayName(await client.getContact(user.contactId, { signal }));
  } catch (error) {
    if (isAbort(error)) throw error;
    return user.displayName;
  }
};

/**
 * Links an existing user account to a contact (seed 003, `admin` only): search the user
 * accounts, see which contact already holds each one, link a free one. A user account belongs
 * to one contact at most, so one that is taken is shown as "Already linked to …" and cannot be
 * chosen; if the server still reports a conflict, the message names the contact holding it.
 * Renders nothing when the viewer may not associate users or the client cannot.
 *
 * @summary Associates an existing user account with a contact.
 *
 * @fires user-associate - Cancelable. `{ contactId, userAccountId }` before the call.
 * @fires user-associated - `{ contact, userAccountId }` after the user account was linked.
 *
 * @csspart search - The search input.
 * @csspart results - The list of user accounts.
 * @csspart result - One user account.
 * @csspart button - Each Link button.
 * @csspart error - The message after a failed search or link.
 * @csspart notice - The outcome of a link.
 *
 * @cssproperty --user-associate-gap - Space between the parts.
 * @cssproperty --user-associate-max-height - The height the result list scrolls at.
 */
export class UserAssociate extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enUserAssociate];

  static override styles = [sharedStyles, userAssociateStyles];

  static override properties = {
    contact: { attribute: false },
    query: { state: true },
    linking: { state: true },
    error: { state: true },
    notice: { state: true },
  };

  /** The contact to link a user account to. */
  declare contact: Contact | undefined;

  /** The search as sent (debounced). */
  protected declare query: string;
  protected declare linking: string | null;
  protected declare error: string;
  protected declare notice: string;

  private readonly announcer = new Announcer(this);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly usersTask = new Task(this, {
    task: async ([client, query, allowed], { signal }): Promise<Result[] | null> => {
      if (!client || !allowed) return null;
      const page = await client.searchUsers(query, { signal });
      return Promise.all(page.items.map(async (user) => ({ user, holder: await holderName(client, user, signal) })));
    },
    args: () => [this.activeClient, this.query, this.allowed] as const,
  });

  constructor() {
    super();
    this.contact = undefined;
    this.query = '';
    this.linking = null;
    this.error = '';
    this.notice = '';
  }

  /** Whether the viewer may link a user account to this contact and the client can. */
  get allowed(): boolean {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    if (!viewer || !client || !this.contact) return false;
    return allowedActions(viewer, this.contact, client.capabilities).includes('user.associate');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('contact') && (changed.get('contact') as Contact | undefined)?.id !== this.contact?.id) {
      this.error = '';
      this.notice = '';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  protected override contactChanged(change: ContactChange): void {
    if (change.contact && change.id === this.contact?.id && !this.linking) this.contact = change.contact;
    // Another contact may have taken or released a user account.
    void this.usersTask.run();
  }

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    const contact = this.contact;
    if (!contact || !this.allowed) return nothing;
    const name = displayName(contact);
    const hasLogin = contact.login.state !== 'none' && contact.userId;
    return html`
      ${this.notice ? html`<p class="message" part="notice">${this.notice}</p>` : nothing}
      ${hasLogin
        ? html`<p class="intro">${t.associateHasLogin(contact.userId!)}</p>`
        : html`<p class="intro">${t.associateIntro(name)}</p>
            <div class="search">
              <label for="search">${t.searchUsersLabel}</label>
              <input
                id="search"
                part="search"
                type="search"
                autocomplete="off"
                placeholder=${t.searchUsersPlaceholder}
                @input=${this.onInput}
              />
            </div>
            ${this.renderResults()}`}
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
      ${this.announcer.render()}
    `;
  }

  private renderResults() {
    const t = this.t;
    const task = this.usersTask;
    if (task.status === 3)
      return html`<div class="message error" role="alert">
        ${t.usersLoadError} ${this.problemText(task.error, '')}
        <button type="button" @click=${() => task.run()}>${t.retry}</button>
      </div>`;
    const results = task.value;
    const pending = task.status === 1 || this.searchTimer !== undefined;
    return html`
      <p class="muted" role="status">${pending ? t.searchingUsers : results ? (results.length ? t.usersFound(results.length) : t.noUsersFound) : ''}</p>
      ${results && results.length > 0
        ? html`<ul part="results" aria-label=${t.searchUsersLabel} aria-busy=${pending ? 'true' : 'false'}>
            ${results.map(
              ({ user, holder }) => html`<li part="result">
                <span class="user">
                  <strong>${user.userId}</strong>
                  <span class="muted">${user.displayName}${user.email ? ` · ${user.email}` : ''}</span>
                </span>
                ${holder
                  ? html`<button type="button" part="button" disabled>${t.alreadyLinkedTo(holder)}</button>`
                  : html`<button
                      type="button"
                      part="button"
                      data-user=${user.id}
                      aria-label=${t.associateButtonLabel(user.userId)}
                      ?disabled=${this.linking !== null}
                      @click=${() => this.link(user)}
                    >
                      ${t.associateButton}
                    </button>`}
              </li>`,
            )}
          </ul>`
        : nothing}
    `;
  }

  private onInput(event: Event) {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = undefined;
      this.query = value.trim();
      this.requestUpdate();
    }, SEARCH_DELAY);
    this.requestUpdate();
  }

  private async link(user: UserAccount) {
    const client = this.activeClient;
    const contact = this.contact;
    if (!client || !contact || this.linking) return;
    if (!this.dispatchEvent(new UserAssociateEvent({ contactId: contact.id, userAccountId: user.id }))) return;
    this.linking = user.id;
    this.error = '';
    this.notice = '';
    try {
      const updated = await client.associateUser(contact.id, user.id);
      this.contact = updated;
      this.notice = this.t.associated(user.userId, displayName(updated));
      this.announcer.announce(this.notice);
      this.dispatchEvent(new UserAssociatedEvent({ contact: updated, userAccountId: user.id }));
      this.notifyChange({ id: updated.id, contact: updated });
    } catch (error) {
      if (isAbort(error)) return;
      this.error = await this.failureMessage(client, contact, error);
      this.announcer.announce(this.error);
      void this.usersTask.run();
    } finally {
      this.linking = null;
    }
  }

  /** A conflict names the contact that holds the user account, when the viewer may see it. */
  private async failureMessage(client: ContactsClient, contact: Contact, error: unknown): Promise<string> {
    const t = this.t;
    if (isContactsError(error) && error.code === 'conflict' && error.conflictingId && error.conflictingId !== contact.id) {
      try {
        return t.associateConflict(displayName(await client.getContact(error.conflictingId)));
      } catch {
        // Fall through to the server's own message.
      }
    }
    return t.associateFailed(this.problemText(error));
  }
}
