import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import { ALL_CAPABILITIES, displayName, type Contact, type ContactsClient, type Viewer } from '@portico/core';
import {
  ContactActionEvent,
  ContactBulkActionEvent,
  ContactDeleteEvent,
  ContactDeletedEvent,
  LoginChangedEvent,
  RolesSaveEvent,
  RolesSavedEvent,
  type BulkAction,
  type LoginAction,
} from '../events.js';
import type { ContactChange } from '../store.js';
import { outcomeContext } from '../context.js';
import type { PorticoStrings } from '../i18n/en.js';
import { isAbort } from './portico-element.js';
import { problemMessage } from './problems.js';
import { skipReason, type SkipReason } from './actions.js';

/** The writes a command runs: each an intent event, a client call, a done event and a store notification. */
export type CommandAction = LoginAction | 'contact.delete' | 'roles.assign';

/** What each command takes and what its call resolves with. */
export interface CommandTypes {
  'login.create': [input: Contact, result: Contact];
  'login.enable': [input: Contact, result: Contact];
  'login.disable': [input: Contact, result: Contact];
  'login.lock': [input: Contact, result: Contact];
  'login.unlock': [input: Contact, result: Contact];
  'contact.delete': [input: Contact, result: null];
  'roles.assign': [input: { contactId: string; roleIds: string[] }, result: Contact];
}
export type CommandInput<A extends CommandAction> = CommandTypes[A][0];
export type CommandResult<A extends CommandAction> = CommandTypes[A][1];

interface CommandSpec<Input, Result> {
  /** The cancelable event before the call. */
  intent(input: Input): Event;
  call(client: ContactsClient, input: Input): Promise<Result>;
  done(input: Input, result: Result): Event;
  change(input: Input, result: Result): Omit<ContactChange, 'source'>;
  /** What is announced after it succeeded. */
  message(t: PorticoStrings, input: Input, result: Result): string;
}

const login = (action: LoginAction, call: (client: ContactsClient, id: string) => Promise<Contact>): CommandSpec<Contact, Contact> => ({
  intent: (contact) => new ContactActionEvent({ action, contact }),
  call: (client, contact) => call(client, contact.id),
  done: (contact, updated) => new LoginChangedEvent({ contact: updated, action, previousState: contact.login.state }),
  change: (_contact, updated) => ({ id: updated.id, contact: updated }),
  message: (t, _contact, updated) => t.loginActionDone(t.actionsDone[action] ?? action, displayName(updated)),
});

/** The action → client method table. */
const COMMANDS: { [A in CommandAction]: CommandSpec<CommandInput<A>, CommandResult<A>> } = {
  'login.create': login('login.create', (client, id) => client.createLogin(id)),
  'login.enable': login('login.enable', (client, id) => client.setLoginEnabled(id, true)),
  'login.disable': login('login.disable', (client, id) => client.setLoginEnabled(id, false)),
  'login.lock': login('login.lock', (client, id) => client.lockLogin(id)),
  'login.unlock': login('login.unlock', (client, id) => client.unlockLogin(id)),
  'contact.delete': {
    intent: (contact) => new ContactDeleteEvent({ contact }),
    call: async (client, contact) => {
      await client.deleteContact(contact.id);
      return null;
    },
    done: (contact) => new ContactDeletedEvent({ contactId: contact.id }),
    change: (contact) => ({ id: contact.id, contact: null }),
    message: (t, contact) => t.contactDeleted(displayName(contact)),
  },
  'roles.assign': {
    intent: (input) => new RolesSaveEvent({ contactId: input.contactId, roleIds: [...input.roleIds] }),
    call: (client, input) => client.setRoles(input.contactId, [...input.roleIds]),
    done: (_input, contact) => new RolesSavedEvent({ contact }),
    change: (_input, contact) => ({ id: contact.id, contact }),
    message: (t, _input, contact) => t.rolesSaved(displayName(contact)),
  },
};

const idOf = (input: Contact | { contactId: string }): string => ('contactId' in input ? input.contactId : input.id);

export type CommandOutcome<R> =
  | { status: 'done'; result: R }
  /** A listener prevented the intent event: nothing was sent. */
  | { status: 'vetoed' }
  | { status: 'failed'; error: unknown; message: string }
  | { status: 'aborted' };

export interface RunOptions<R> {
  /** False when the caller already dispatched the intent event and nobody prevented it. */
  intent?: boolean;
  /** After the intent was allowed, before the call (an optimistic state, say). */
  started?: () => void;
  /** After the call succeeded, before the announcement and the done event (closing a dialog, say). */
  beforeDone?: (result: R) => void | Promise<void>;
}

export interface BulkSkip {
  contact: Contact;
  reason: SkipReason;
}

export interface BulkOutcome {
  action: BulkAction;
  /** The contacts selected. */
  contacts: Contact[];
  /** Those the action was applied to, as they are now (as they were, for a deletion). */
  done: Contact[];
  skipped: BulkSkip[];
  failed: { contact: Contact; message: string }[];
}

/** How many requests a bulk action keeps in flight at once. */
export const BULK_CONCURRENCY = 4;

/** What the controller needs of its element (a `PorticoElement` is one). */
export interface CommandHost extends ReactiveControllerHost, HTMLElement {
  readonly activeClient: ContactsClient | undefined;
  readonly activeViewer: Viewer | undefined;
  readonly t: PorticoStrings;
  readonly locale: string;
}

export interface CommandOptions {
  /** Tells the other elements of the client (the element's `notifyChange`). */
  notify(change: Omit<ContactChange, 'source'>): void;
  /**
   * Where success is announced; without it the element says nothing. A composite around the
   * element that provides `outcomeContext` (`<contact-manager>`) is told instead.
   */
  announce?: (message: string) => void;
  concurrency?: number;
}

/**
 * One write, written once: the cancelable intent event from the element, the client call when no
 * listener prevented it, the busy state, the announcement, the done event and the store
 * notification. A bulk run asks once (`contact-bulk-action`), leaves out what may not be done with
 * the reason, and keeps at most `concurrency` requests in flight.
 */
export class CommandController implements ReactiveController {
  /** The ids of the contacts with a call in flight. Replaced on each change, so it can be a render input. */
  busy: ReadonlySet<string> = new Set();
  /** Whether a bulk run is going on. */
  bulkRunning = false;

  /** The outcome message of a composite around the element, when there is one. */
  private outcome: ((message: string) => void) | undefined;

  constructor(
    private readonly host: CommandHost,
    private readonly options: CommandOptions,
  ) {
    host.addController(this);
    new ContextConsumer(host, { context: outcomeContext, subscribe: true, callback: (outcome) => (this.outcome = outcome) });
  }

  /** Nothing to set up: the controller acts only when asked (it is a controller for `requestUpdate`). */
  hostConnected(): void {}

  isBusy(id?: string): boolean {
    return id === undefined ? this.busy.size > 0 : this.busy.has(id);
  }

  private setBusy(id: string, busy: boolean) {
    const next = new Set(this.busy);
    if (busy) next.add(id);
    else next.delete(id);
    this.busy = next;
    this.host.requestUpdate();
  }

  private failure(error: unknown): CommandOutcome<never> {
    if (isAbort(error)) return { status: 'aborted' };
    const t = this.host.t;
    return { status: 'failed', error, message: problemMessage(error, t, this.host.locale, t.unexpectedError) };
  }

  /** Runs one command; the outcome says whether it was vetoed, done or failed (with a message to show). */
  async run<A extends CommandAction>(
    action: A,
    input: CommandInput<A>,
    options: RunOptions<CommandResult<A>> = {},
  ): Promise<CommandOutcome<CommandResult<A>>> {
    const spec = COMMANDS[action] as CommandSpec<CommandInput<A>, CommandResult<A>>;
    const client = this.host.activeClient;
    if (!client) return { status: 'failed', error: undefined, message: this.host.t.noClient };
    if (options.intent !== false && !this.host.dispatchEvent(spec.intent(input))) return { status: 'vetoed' };
    const id = idOf(input);
    this.setBusy(id, true);
    options.started?.();
    let result: CommandResult<A>;
    try {
      result = await spec.call(client, input);
    } catch (error) {
      return this.failure(error);
    } finally {
      this.setBusy(id, false);
    }
    await options.beforeDone?.(result);
    const message = spec.message(this.host.t, input, result);
    if (this.outcome) this.outcome(message);
    else this.options.announce?.(message);
    this.host.dispatchEvent(spec.done(input, result));
    this.options.notify(spec.change(input, result));
    return { status: 'done', result };
  }

  /**
   * Runs a bulk action over `contacts` after one cancelable `contact-bulk-action`; null when it
   * was prevented. Each contact done gets its done event and store notification.
   */
  async runBulk(action: BulkAction, contacts: readonly Contact[]): Promise<BulkOutcome | null> {
    const client = this.host.activeClient;
    const viewer = this.host.activeViewer;
    if (!client || !viewer) return null;
    if (!this.host.dispatchEvent(new ContactBulkActionEvent({ action, contacts: [...contacts] }))) return null;
    const spec = COMMANDS[action] as CommandSpec<Contact, Contact | null>;
    const capabilities = client.capabilities ?? ALL_CAPABILITIES;
    const outcome: BulkOutcome = { action, contacts: [...contacts], done: [], skipped: [], failed: [] };
    const queue: Contact[] = [];
    for (const contact of contacts) {
      const reason = skipReason(viewer, contact, action, capabilities);
      if (reason) outcome.skipped.push({ contact, reason });
      else queue.push(contact);
    }
    const order = new Map(contacts.map((contact, index) => [contact.id, index]));
    this.bulkRunning = true;
    this.host.requestUpdate();
    const worker = async () => {
      for (let contact = queue.shift(); contact; contact = queue.shift()) {
        this.setBusy(contact.id, true);
        try {
          const result = await spec.call(client, contact);
          outcome.done.push(result ?? contact);
          this.host.dispatchEvent(spec.done(contact, result));
          this.options.notify(spec.change(contact, result));
        } catch (error) {
          const failure = this.failure(error);
          outcome.failed.push({ contact, message: failure.status === 'failed' ? failure.message : this.host.t.problems.aborted });
        } finally {
          this.setBusy(contact.id, false);
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? BULK_CONCURRENCY, queue.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const byOrder = (a: { id: string } | { contact: Contact }, b: { id: string } | { contact: Contact }) =>
      order.get('contact' in a ? a.contact.id : a.id)! - order.get('contact' in b ? b.contact.id : b.id)!;
    outcome.done.sort(byOrder);
    outcome.failed.sort(byOrder);
    this.bulkRunning = false;
    this.host.requestUpdate();
    return outcome;
  }
}
