import { html, nothing, type ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { ContactsClient } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import type { ContactList } from '../contact-list/contact-list.js';

type LockedHost = ReactiveControllerHost & HTMLElement & { readonly activeClient: ContactsClient | undefined; readonly t: PorticoStrings };

/**
 * Seed 002's "Locked out contacts" as a place of its own: a toggle in the manager's header,
 * "Locked out (3)", that sets the list's status filter to `locked` (and back to all). Shown only
 * when the client can lock logins and filter by status.
 */
export class LockedSection {
  /** Counted again after every change of a contact. */
  private version = 0;
  private readonly count: Task<readonly [ContactsClient | undefined, number], number | undefined>;

  constructor(
    private readonly host: LockedHost,
    private readonly list: () => ContactList | null,
  ) {
    this.count = new Task(host, {
      task: async ([client], { signal }) => {
        if (!client || !this.available(client)) return undefined;
        return (await client.listContacts({ filters: { status: 'locked' }, pageSize: 1 }, { signal })).total;
      },
      args: () => [this.host.activeClient, this.version] as const,
    });
  }

  private available(client: ContactsClient): boolean {
    return client.capabilities.lockUnlock && client.capabilities.statusFilter;
  }

  /** A contact changed (a login locked or unlocked, a contact deleted): count again. */
  changed(): void {
    this.version += 1;
    this.host.requestUpdate();
  }

  /** A search or a filter on the list: the last action's message is no news about what the list shows now. */
  listInput(status: { clear(): void }): void {
    status.clear();
    // The status filter's `change`, which sets the list's filter, follows its `input` in the same task.
    setTimeout(() => this.host.requestUpdate());
  }

  private readonly toggle = () => {
    const list = this.list();
    if (!list) return;
    list.status = list.status === 'locked' ? '' : 'locked';
    this.host.requestUpdate();
  };

  render() {
    const client = this.host.activeClient;
    const count = this.count.value;
    if (!client || !this.available(client) || count === undefined) return nothing;
    const pressed = this.list()?.status === 'locked';
    return html`<button type="button" id="locked-out" part="locked-button" aria-pressed=${pressed ? 'true' : 'false'} @click=${this.toggle}>
      ${this.host.t.lockedOut(count)}
    </button>`;
  }
}
