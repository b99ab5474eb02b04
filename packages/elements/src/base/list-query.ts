import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { Task, TaskStatus } from '@lit/task';
import type { ContactsClient, ListQueryInput } from '@portico/core';

/** The query without its page: a change of it sends the list back to its first page. */
const keyOf = ({ page: _page, ...rest }: ListQueryInput): string => JSON.stringify(rest);

export interface ListQueryOptions<R> {
  /** The list query `{ page, pageSize, search, filters, sort }` as the host's state says it now. */
  query: () => ListQueryInput;
  /** Sends the search once typing has settled (or on Enter): the host stores it where `query()` reads it. */
  commitSearch: (term: string) => void;
  /** Loads one answer; `signal` aborts when a newer query replaces this one. */
  load: (client: ContactsClient, query: ListQueryInput, signal: AbortSignal) => Promise<R>;
  /** Whether to load at all (e.g. the viewer may not search); otherwise the value is `null`. */
  enabled?: () => boolean;
  /** Milliseconds typing waits before it searches. */
  delay?: number;
  /** After each answer; `first` is true for the first one (not news to announce). */
  onLoad?: (value: R, first: boolean) => void;
}

/**
 * A list's query: the search as typed and its debounce, a new request for each new query (the
 * old one aborted through the `AbortSignal` the client receives), a reload on demand, and the
 * last answer kept through loading and failure so the rows stay on screen. The query itself
 * (search, filters, sort, page) stays in the host's properties, which are its public API;
 * `query()` reads them on every update.
 */
export class ListQuery<R> implements ReactiveController {
  /** The text in the search field; `commitSearch` receives it once typing settles. */
  typed = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshes = 0;
  private loads = 0;
  private current: R | null | undefined;
  private seenKey: string | undefined;
  readonly task: Task<readonly [ContactsClient | undefined, ListQueryInput, boolean, number], R | null | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly activeClient: ContactsClient | undefined },
    private readonly options: ListQueryOptions<R>,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([client, query, enabled], { signal }) => {
        if (!client) return undefined;
        if (!enabled) return null;
        return options.load(client, query, signal);
      },
      args: () => [host.activeClient, options.query(), options.enabled?.() ?? true, this.refreshes] as const,
      argsEqual: (a, b) => a[0] === b[0] && a[2] === b[2] && a[3] === b[3] && JSON.stringify(a[1]) === JSON.stringify(b[1]),
      onComplete: (value) => {
        this.current = value;
        if (value !== undefined && value !== null) options.onLoad?.(value, this.loads++ === 0);
      },
    });
  }

  /** The last answer: kept while the next one loads and when it fails (`null` when not enabled). */
  get value(): R | null | undefined {
    return this.current;
  }

  get loading(): boolean {
    return this.task.status === TaskStatus.PENDING;
  }

  /** Whether the last request failed; `error` says why. */
  get failed(): boolean {
    return this.task.status === TaskStatus.ERROR;
  }

  get error(): unknown {
    return this.task.error;
  }

  /** Whether typed text waits for its debounce. */
  get typing(): boolean {
    return this.timer !== undefined;
  }

  /** The user typed `value`: it is searched for once typing pauses for `delay` ms. */
  input(value: string): void {
    this.typed = value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.submit(), this.options.delay ?? 250);
    this.host.requestUpdate();
  }

  /** Searches for what was typed now (Enter). */
  submit(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.options.commitSearch(this.typed);
    this.host.requestUpdate();
  }

  /** The host's search was set from outside: the field shows it, unless the user is typing. */
  follow(search: string): void {
    if (!this.typing && search !== this.typed) this.typed = search;
  }

  /**
   * Whether the query other than its page changed since the last call (never on the first):
   * the host then goes back to page 1 and drops what belonged to the old results.
   */
  queryChanged(): boolean {
    const key = keyOf(this.options.query());
    const changed = this.seenKey !== undefined && key !== this.seenKey;
    this.seenKey = key;
    return changed;
  }

  /** Loads the same query again with the host's next update. */
  refresh(): void {
    this.refreshes++;
    this.host.requestUpdate();
  }

  /** Loads the same query again now (Retry). */
  reload(): Promise<void> {
    return this.task.run();
  }

  /**
   * Forgets the answer on screen (it was loaded for the previous viewer, see `viewerChanged`):
   * nothing of it shows, not even while the next one loads. The task's late answer to an older
   * request is ignored by the task itself.
   */
  drop(): void {
    this.current = undefined;
    this.host.requestUpdate();
  }

  /** Changes the answer on screen without a request, e.g. to show a row's new state after an action. */
  patch(change: (value: R) => R): void {
    if (this.current === undefined || this.current === null) return;
    this.current = change(this.current);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * A list's search field (`#search`, part `search`): what was typed, searched once typing settles or on Enter.
 * No placeholder where a hint under the field says what to type (`describedBy`, its id).
 */
export const renderSearchInput = (
  search: Pick<ListQuery<unknown>, 'typed' | 'input' | 'submit'>,
  placeholder: string | undefined,
  describedBy?: string,
): TemplateResult =>
  html`<input
    id="search"
    part="search"
    type="search"
    autocomplete="off"
    placeholder=${ifDefined(placeholder)}
    aria-describedby=${ifDefined(describedBy)}
    .value=${search.typed}
    @input=${(event: Event) => search.input((event.target as HTMLInputElement).value)}
    @keydown=${(event: KeyboardEvent) => event.key === 'Enter' && search.submit()}
  />`;
