import { html, nothing, type PropertyValues } from 'lit';
import { displayName, isContactsError, type Contact, type ContactsClient, type UserAccount } from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { sharedStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { ListQuery, renderSearchInput } from '../base/list-query.js';
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

/** Names compared as a person reads them: case, accents' composition and spacing aside. */
const sameName = (a: string, b: string): boolean => {
  const normal = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return normal(a) === normal(b);
};

/** Free user accounts first (the ones that can be linked), each group in the client's order. */
const freeFirst = (results: Result[]): Result[] => [...results.filter((result) => !result.holder), ...results.filter((result) => result.holder)];

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
 * accounts, see which contact already holds each one, link a free one. Free accounts come first.
 * A user account belongs to one contact at most, so one that is taken is shown as "Already linked
 * to …" and cannot be chosen; if the server still reports a conflict, the message names the
 * contact holding it. A free account whose name differs from the contact's carries a warning
 * (the Link button is described by it), so the wrong person's account is not linked by mistake.
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
 * @csspart warning - The note on a free account whose name differs from the contact's.
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

  private readonly users = new ListQuery<Result[]>(this, {
    query: () => ({ search: this.query }),
    commitSearch: (term) => void (this.query = term.trim()),
    load: async (client, { search }, signal) => {
      const page = await client.searchUsers(search ?? '', { signal });
      return freeFirst(await Promise.all(page.items.map(async (user) => ({ user, holder: await holderName(client, user, signal) }))));
    },
    enabled: () => this.allowed,
    delay: SEARCH_DELAY,
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

  protected override contactChanged(change: ContactChange): void {
    if (change.contact && change.id === this.contact?.id && !this.linking) this.contact = change.contact;
    // Another contact may have taken or released a user account.
    this.users.refresh();
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
              ${renderSearchInput(this.users, t.searchUsersPlaceholder)}
            </div>
            ${this.renderResults()}`}
      ${this.error ? html`<p class="message error" part="error" role="alert">${this.error}</p>` : nothing}
      ${this.announcer.render()}
    `;
  }

  private renderResults() {
    const t = this.t;
    const users = this.users;
    if (users.failed)
      return html`<div class="message error" role="alert">
        ${t.usersLoadError} ${this.problemText(users.error, '')}
        <button type="button" @click=${() => users.reload()}>${t.retry}</button>
      </div>`;
    const results = users.value;
    const pending = users.loading || users.typing;
    const contactName = this.contact ? displayName(this.contact) : '';
    return html`
      <p class="muted" role="status">${pending ? t.searchingUsers : results ? (results.length ? t.usersFound(results.length) : t.noUsersFound) : ''}</p>
      ${results && results.length > 0
        ? html`<ul part="results" aria-label=${t.searchUsersLabel} aria-busy=${pending ? 'true' : 'false'}>
            ${results.map(({ user, holder }) => {
              const differs = !holder && !sameName(user.displayName, contactName);
              return html`<li part="result">
                <span class="user">
                  <strong>${user.userId}</strong>
                  <span class="muted">${user.displayName}${user.email ? ` · ${user.email}` : ''}</span>
                  ${differs ? html`<span class="warning" part="warning" id=${`differs-${user.id}`}>${t.associateNameDiffers(user.displayName, contactName)}</span>` : nothing}
                </span>
                ${holder
                  ? html`<button type="button" part="button" disabled>${t.alreadyLinkedTo(holder)}</button>`
                  : html`<button
                      type="button"
                      part="button"
                      data-user=${user.id}
                      aria-label=${t.associateButtonLabel(user.userId)}
                      aria-describedby=${differs ? `differs-${user.id}` : nothing}
                      ?disabled=${this.linking !== null}
                      @click=${() => this.link(user)}
                    >
                      ${t.associateButton}
                    </button>`}
              </li>`;
            })}
          </ul>`
        : nothing}
    `;
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
      this.users.refresh();
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
