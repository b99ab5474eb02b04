import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import { html as staticHtml } from 'lit/static-html.js';
import { staticTag } from '../base/static-tag.js';
import { honorificLabel } from '../base/labels.js';
import { Task } from '@lit/task';
import {
  ALL_CAPABILITIES,
  CONTACT_STATUSES,
  can,
  displayName,
  exportFormatsOf,
  isEmailAddress,
  isPhoneNumber,
  statusOf,
  type Account,
  type Action,
  type Capabilities,
  type Contact,
  type ExportColumnId,
  type ContactStatus,
  type ListQueryInput,
  type Page,
  type SortDirection,
  type SortField,
  type Viewer,
} from '@portico/core';
import { PorticoElement, devWarn } from '../base/portico-element.js';
import { sharedStyles, toolbarFieldStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { ModalFocus, closeOnEscape } from '../base/dialog.js';
import { DIRECT_LOGIN_ACTIONS, allowedActions, menuActions, supports, type SkipReason } from '../base/actions.js';
import { formatNumber } from '../base/locale.js';
import { accountOptions, accountsTask } from '../base/accounts.js';
import { ContactActionEvent, ContactOpenEvent, type BulkAction, type LoginAction } from '../events.js';
import { CommandController } from '../base/command-controller.js';
import type { ContactChange } from '../store.js';
import { wrappableEmail } from '../base/shared-templates.js';
import { ContactExport } from '../contact-export/contact-export.js';
import { contactListStyles } from './contact-list.styles.js';
import { enContactList } from '../i18n/en-contact-list.js';
import type { PorticoStrings } from '../i18n/en.js';

export const COLUMN_IDS = ['honorific', 'name', 'jobTitle', 'email', 'phone', 'account', 'status', 'actions'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** What each visible column becomes in an export: a name is two columns there, a phone two. */
const EXPORT_COLUMNS_OF: Record<ColumnId, ExportColumnId[]> = {
  honorific: ['honorific'],
  name: ['firstName', 'lastName'],
  jobTitle: ['jobTitle'],
  email: ['email'],
  phone: ['businessPhone', 'mobilePhone'],
  account: ['account'],
  // A login's status and its user ID, which the list has no column for (the server's default export has it).
  status: ['status', 'userId'],
  actions: [],
};

const SORT_FIELD: Partial<Record<ColumnId, SortField>> = {
  honorific: 'honorific',
  name: 'name',
  jobTitle: 'jobTitle',
  email: 'email',
  account: 'account',
  status: 'status',
};

const BULK_ACTIONS: BulkAction[] = ['login.enable', 'login.disable', 'login.lock', 'login.unlock', 'contact.delete'];
const PAGE_SIZES = [10, 25, 50, 100];

const columnsConverter = {
  fromAttribute: (value: string | null): ColumnId[] =>
    (value ?? '').split(/[\s,]+/).filter((id): id is ColumnId => (COLUMN_IDS as readonly string[]).includes(id)),
  toAttribute: (value: ColumnId[]) => value.join(' '),
};


/** The window's size and scroll position, to tell a real resize or scroll from a late event. */
const viewportOf = () => `${innerWidth}x${innerHeight} ${scrollX},${scrollY}`;

interface MenuState {
  contactId: string;
  style: Record<string, string>;
  focus: 'first' | 'last';
}

/** What every row of one render reads, worked out once per render instead of once per row or cell. */
interface RowContext {
  t: PorticoStrings;
  columns: ColumnId[];
  selection: boolean;
  viewer: Viewer | undefined;
  capabilities: Capabilities;
  accountNames: Map<string, string> | undefined;
}

interface BulkReport {
  verb: string;
  done: number;
  total: number;
  skipped: { name: string; reason: SkipReason }[];
  failures: { name: string; message: string }[];
}

/**
 * The contacts of the viewer's accounts: search, filters, sortable columns, server paging,
 * a per-row action menu offering exactly what the viewer may do, and bulk login actions.
 *
 * @summary A searchable, sortable, paged table of contacts with row and bulk actions.
 *
 * @slot toolbar-end - Extra controls at the end of the toolbar, e.g. a "New contact" button.
 * @slot empty - Replaces the text shown when there are no contacts at all.
 *
 * @fires contact-open - `{ contact }` on Enter on a row, a click on a name, or View.
 * @fires contact-action - Cancelable. `{ action, contact }` when a row action is chosen. The host
 *   opens the matching UI; enable, disable, lock and unlock are performed by the list unless prevented.
 * @fires contact-bulk-action - Cancelable. `{ action, contacts }` before a bulk action runs.
 * @fires login-changed - `{ contact, action, previousState }` after a login action by the list.
 * @fires contact-deleted - `{ contactId }` for each contact a bulk delete removed.
 *
 * @csspart toolbar - The bar with search and filters.
 * @csspart search - The search input.
 * @csspart table - The table.
 * @csspart row - Each contact row.
 * @csspart status - The status text of a row.
 * @csspart menu-button - The actions button of a row.
 * @csspart menu - The open action menu.
 * @csspart bulk-bar - The bar shown while contacts are selected.
 * @csspart pager - The paging controls.
 * @csspart export-button - The Export button of the `<contact-export>` in the toolbar (also
 *   `export-format`, `export-progress`, `export-cancel-button`, `export-message`).
 *
 * @cssproperty --contact-list-gap - Space between toolbar, table and pager.
 * @cssproperty --contact-list-row-padding - Padding of the cells (default 0.5rem, compact density 0.25rem).
 * @cssproperty --contact-list-header-background - Background of the header row.
 * @cssproperty --contact-list-row-hover - Background of a hovered row.
 * @cssproperty --contact-list-row-selected - Background of a selected row.
 * @cssproperty --contact-list-bulk-background - Background of the bulk bar.
 * @cssproperty --contact-list-menu-z-index - Stacking level of the action menu.
 */
export class ContactList extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactList];

  /** The Export button's element, registered with the list by `defineElements()` under the same prefix. */
  static override dependencies = { 'contact-export': ContactExport };

  static override styles = [sharedStyles, toolbarFieldStyles, contactListStyles];

  static override properties = {
    columns: { converter: columnsConverter },
    search: { type: String },
    status: { type: String },
    account: { type: String },
    sortField: { type: String, attribute: 'sort-field' },
    sortDirection: { type: String, attribute: 'sort-direction' },
    pageSize: { type: Number, attribute: 'page-size' },
    selection: { type: String },
    page: { type: Number },
    searchInput: { state: true },
    selected: { state: true },
    activeRow: { state: true },
    menu: { state: true },
    actionError: { state: true },
    bulkReport: { state: true },
    pendingBulk: { state: true },
  };

  /** Which columns to show, in order. Attribute: space-separated ids. */
  declare columns: ColumnId[];
  /** The search over name and email. Typing sets it after 250 ms. */
  declare search: string;
  /** Status filter: `active`, `disabled`, `locked`, `none`, or empty for all. */
  declare status: ContactStatus | '';
  /** Account filter (with its child organisations), or empty for all. */
  declare account: string;
  declare sortField: SortField;
  declare sortDirection: SortDirection;
  declare pageSize: number;
  /** `multiple` shows checkboxes and the bulk bar when the viewer may use them; `none` hides them. */
  declare selection: 'multiple' | 'none';
  /** The current page, from 1. */
  declare page: number;

  protected declare searchInput: string;
  protected declare selected: Map<string, Contact>;
  protected declare activeRow: number;
  protected declare menu: MenuState | null;
  protected declare actionError: string;
  protected declare bulkReport: BulkReport | null;
  protected declare pendingBulk: BulkAction | null;

  private readonly announcer = new Announcer(this);
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.announcer.announce(message),
  });
  private readonly bulkModal = new ModalFocus();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPage: Page<Contact> | undefined;
  /** The task's page of the previous viewer, not to be shown (see `viewerChanged`). */
  private droppedPage: Page<Contact> | undefined;
  private loads = 0;
  private menuReturnFocus: HTMLElement | null = null;
  /** The window's size and scroll position when the menu opened (see `onViewportChange`). */
  private menuViewport = '';
  /** The focus in a row before an update, so `updated` can keep it with its contact. */
  private focusedInRow: { id: string; cell: number; tag: string } | undefined;
  private refreshCount = 0;

  // Declared before the contacts task so that its request goes out first: the rows show account
  // names, and accounts answered after the rows made every row render and lay out twice.
  private readonly accountsTask = accountsTask(this);
  /** The account names by id, for the accounts loaded last (see `accountNames`). */
  private accountNamesOf: { accounts: Account[]; names: Map<string, string> } | undefined;

  private readonly contactsTask = new Task(this, {
    task: async ([client, search, status, account, sortField, sortDirection, page, pageSize], { signal }) => {
      if (!client) return undefined;
      const query: ListQueryInput = {
        page,
        pageSize,
        filters: { ...(status ? { status } : {}), ...(account ? { accountId: account } : {}) },
        sort: { field: sortField, direction: sortDirection },
        ...(search.trim() ? { search: search.trim() } : {}),
      };
      return client.listContacts(query, { signal });
    },
    args: () =>
      [
        this.activeClient,
        this.search,
        this.status,
        this.account,
        this.sortField,
        this.sortDirection,
        this.page,
        this.pageSize,
        this.refreshCount,
      ] as const,
    onComplete: (page) => {
      if (!page) return;
      this.lastPage = page;
      if (this.activeRow >= page.items.length) this.activeRow = 0;
      // The first load is not news; later ones (search, filter, paging) are.
      if (this.loads++ > 0) {
        this.announcer.announce(
          page.totalExact === false ? this.t.resultCountMore(page.total, formatNumber(page.total, this.locale)) : this.t.resultCount(page.total),
        );
      }
    },
  });

  constructor() {
    super();
    this.columns = [...COLUMN_IDS];
    this.search = '';
    this.status = '';
    this.account = '';
    this.sortField = 'name';
    this.sortDirection = 'asc';
    this.pageSize = 25;
    this.selection = 'multiple';
    this.page = 1;
    this.searchInput = '';
    this.selected = new Map();
    this.activeRow = 0;
    this.menu = null;
    this.actionError = '';
    this.bulkReport = null;
    this.pendingBulk = null;
  }

  /** Another viewer (or none): nothing of the previous one's list, page, selection or report stays. */
  protected override viewerChanged(): void {
    this.droppedPage = this.contactsTask.value;
    this.lastPage = undefined;
    this.page = 1;
    this.selected = new Map();
    this.menu = null;
    this.actionError = '';
    this.bulkReport = null;
    this.pendingBulk = null;
    super.viewerChanged();
  }

  /** Loads the current page again. */
  refresh(): void {
    this.refreshCount++;
    this.requestUpdate();
  }

  /** The current search, filters and sort as a list query without paging, e.g. for `<contact-export>`. */
  get query(): ListQueryInput {
    return {
      filters: { ...(this.status ? { status: this.status } : {}), ...(this.account ? { accountId: this.account } : {}) },
      sort: { field: this.sortField, direction: this.sortDirection },
      ...(this.search.trim() ? { search: this.search.trim() } : {}),
    };
  }

  /** The export columns matching the visible columns, in their order (a file has no Actions column). */
  get exportColumns(): ExportColumnId[] {
    return this.columns.flatMap((column) => EXPORT_COLUMNS_OF[column]);
  }

  /** The ids of the selected contacts, in the order they were selected. */
  get selectedIds(): string[] {
    return [...this.selected.keys()];
  }

  /** The contacts shown now (the last page loaded). */
  get contacts(): Contact[] {
    return this.lastPage?.items ?? [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.closeMenu(false);
  }

  protected override contactChanged(_change: ContactChange): void {
    this.refresh();
  }

  private get capabilities(): Capabilities {
    return this.activeClient?.capabilities ?? ALL_CAPABILITIES;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('search') && this.search !== this.searchInput && !this.searchTimer) this.searchInput = this.search;
    const queryChanged = (['search', 'status', 'account', 'sortField', 'sortDirection', 'pageSize'] as const).some(
      (key) => changed.has(key) && changed.get(key) !== undefined,
    );
    if (queryChanged) {
      if (!changed.has('page')) this.page = 1;
      this.selected = new Map();
      this.bulkReport = null;
    }
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 200) {
      devWarn(this, `page-size must be a whole number from 1 to 200; got ${String(this.pageSize)}. Using 25.`);
      this.pageSize = 25;
    }
    if (this.status && !(CONTACT_STATUSES as readonly string[]).includes(this.status)) {
      devWarn(this, `Unknown status filter "${this.status}"; showing all contacts.`);
      this.status = '';
    }
    if (!this.activeClient) devWarn(this, this.t.noClient);
    this.focusedInRow = this.focusInRow();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.keepFocusWithContact();
  }

  /** The contact whose row holds the focus, and where in the row (the row itself: cell -1). */
  private focusInRow(): { id: string; cell: number; tag: string } | undefined {
    const focused = this.shadowRoot?.activeElement;
    const row = focused?.closest<HTMLTableRowElement>('tbody tr[data-id]');
    if (!focused || !row) return undefined;
    const cell = focused === row ? -1 : (focused.closest<HTMLTableCellElement>('td, th')?.cellIndex ?? -1);
    return { id: row.dataset['id']!, cell, tag: focused.localName };
  }

  /**
   * Rows are rendered by position (see `renderBody`), so after a reload that moved the focused
   * contact (a sort by status after locking it, someone else's change) the focus would stay on
   * the row's place and name another contact. It goes with the contact while it is on the page.
   */
  private keepFocusWithContact(): void {
    const before = this.focusedInRow;
    this.focusedInRow = undefined;
    if (!before) return;
    const now = this.focusInRow();
    if (now?.id === before.id) return;
    const row = this.shadowRoot?.querySelector<HTMLTableRowElement>(`tbody tr[data-id="${CSS.escape(before.id)}"]`);
    if (!row) return;
    const target = before.cell < 0 ? row : row.cells[before.cell]?.querySelector<HTMLElement>(before.tag);
    (target ?? row).focus();
  }

  // ---- Rendering -------------------------------------------------------------------------

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    // A page loaded for the previous viewer is never shown, not even while the new one loads.
    const current = this.contactsTask.value === this.droppedPage ? undefined : this.contactsTask.value;
    const page = current ?? (this.contactsTask.status === 2 ? undefined : this.lastPage);
    const busy = this.contactsTask.status === 1;
    return html`
      ${this.renderToolbar()} ${this.renderBulkBar()}
      ${this.actionError ? html`<p class="message error" role="alert">${this.actionError}</p>` : nothing}
      <div class="table-wrapper" aria-busy=${busy ? 'true' : 'false'}>
        <table part="table" aria-rowcount=${page ? (page.totalExact === false ? -1 : page.total + 1) : nothing}>
          <caption class="visually-hidden">${t.listCaption}</caption>
          <thead>
            <tr>
              ${this.showSelection ? this.renderSelectAll(page) : nothing}
              ${this.visibleColumns.map((column) => this.renderHeader(column))}
            </tr>
          </thead>
          <tbody @keydown=${this.onRowKeydown}>
            ${this.renderBody(page)}
          </tbody>
        </table>
      </div>
      ${page && (page.total > 0 || this.page > 1) ? this.renderPager(page) : nothing} ${this.renderMenu(page)} ${this.renderBulkDialog()}
      ${this.announcer.render()}
    `;
  }

  private get visibleColumns(): ColumnId[] {
    const columns = this.columns.length > 0 ? this.columns : [...COLUMN_IDS];
    return columns.filter((column) => column !== 'account' || this.capabilities.accounts);
  }

  private get showSelection(): boolean {
    const viewer = this.activeViewer;
    if (this.selection === 'none' || !viewer) return false;
    return BULK_ACTIONS.some((action) => supports(this.capabilities, action) && can(viewer, action));
  }

  private renderToolbar() {
    const t = this.t;
    const caps = this.capabilities;
    const accounts = this.accountsTask.value ?? [];
    return html`
      <div class="toolbar" part="toolbar" role="search">
        ${caps.search
          ? html`<div class="field search">
              <label for="search">${t.searchLabel}</label>
              <input
                id="search"
                part="search"
                type="search"
                autocomplete="off"
                placeholder=${t.searchPlaceholder}
                .value=${this.searchInput}
                @input=${this.onSearchInput}
                @keydown=${this.onSearchKeydown}
              />
            </div>`
          : nothing}
        ${caps.statusFilter
          ? html`<div class="field">
              <label for="status">${t.statusFilterLabel}</label>
              <select id="status" @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as ContactStatus)}>
                ${(
                  [
                    ['', t.statusFilterAll],
                    ['active', t.statusFilterActive],
                    ['disabled', t.statusFilterDisabled],
                    ['locked', t.statusFilterLocked],
                    ['none', t.statusFilterNone],
                  ] as const
                )
                  // An adapter that cannot lock has no locked contacts to find.
                  .filter(([value]) => value !== 'locked' || caps.lockUnlock)
                  .map(([value, label]) => html`<option value=${value} ?selected=${this.status === value}>${label}</option>`)}
              </select>
            </div>`
          : nothing}
        ${caps.accountFilter && accounts.length > 1
          ? html`<div class="field">
              <label for="account">${t.accountFilterLabel}</label>
              <select id="account" @change=${(e: Event) => (this.account = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this.account}>${t.accountFilterAll}</option>
                ${accountOptions(accounts).map(
                  ({ account, label }) =>
                    html`<option value=${account.id} ?selected=${this.account === account.id}>${label}</option>`,
                )}
              </select>
            </div>`
          : nothing}
        ${this.renderExport()}
        <slot name="toolbar-end"></slot>
      </div>
    `;
  }

  /** "Export" for the current query, or for the selection when there is one; only when allowed. */
  private renderExport() {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    if (!viewer || !client || !can(viewer, 'contact.export') || exportFormatsOf(client).length === 0) return nothing;
    const tag = staticTag(this.tagOf('contact-export'));
    return staticHtml`<${tag}
      exportparts="export-button, format: export-format, progress: export-progress, cancel-button: export-cancel-button, message: export-message"
      .client=${client}
      .viewer=${viewer}
      .i18n=${this.i18n}
      .query=${this.query}
      .ids=${this.selectedIds}
      .columns=${this.exportColumns}
      .total=${this.contactsTask.status === 2 && this.lastPage && this.lastPage.totalExact !== false ? this.lastPage.total : null}
    ></${tag}>`;
  }

  private renderSelectAll(page: Page<Contact> | undefined) {
    const items = page?.items ?? [];
    const count = items.filter((contact) => this.selected.has(contact.id)).length;
    return html`<th class="check" scope="col">
      <input
        type="checkbox"
        aria-label=${this.t.selectPage}
        .checked=${items.length > 0 && count === items.length}
        .indeterminate=${count > 0 && count < items.length}
        ?disabled=${items.length === 0}
        @change=${(e: Event) => this.selectPage(items, (e.target as HTMLInputElement).checked)}
      />
    </th>`;
  }

  private renderHeader(column: ColumnId) {
    const label = this.t.columns[column];
    const field = SORT_FIELD[column];
    if (column === 'actions') return html`<th scope="col"><span class="visually-hidden">${label}</span></th>`;
    if (!field || !this.capabilities.sort) return html`<th scope="col">${label}</th>`;
    const active = this.sortField === field;
    const sort = active ? (this.sortDirection === 'asc' ? 'ascending' : 'descending') : nothing;
    return html`<th scope="col" aria-sort=${sort}>
      <button class="sort" type="button" data-sort=${field} @click=${() => this.toggleSort(field)}>
        ${label}<span aria-hidden="true">${active ? (this.sortDirection === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>`;
  }

  private renderBody(page: Page<Contact> | undefined) {
    const t = this.t;
    const span = this.visibleColumns.length + (this.showSelection ? 1 : 0);
    if (this.contactsTask.status === 3) {
      return html`<tr class="state-row">
        <td colspan=${span}>
          <p class="error" role="alert">${t.listError} ${this.problemText(this.contactsTask.error, '')}</p>
          <button type="button" @click=${() => this.contactsTask.run()}>${t.retry}</button>
        </td>
      </tr>`;
    }
    if (!page) {
      return html`<tr class="state-row">
        <td colspan=${span}>${t.loadingContacts}</td>
      </tr>`;
    }
    if (page.items.length === 0 && this.page > 1) {
      // Past the end: a capped total cannot say where the last page is, and contacts may have gone.
      return html`<tr class="state-row">
        <td colspan=${span}>${t.pastLastPage}</td>
      </tr>`;
    }
    if (page.items.length === 0) {
      const filtered = Boolean(this.search.trim() || this.status || this.account);
      return html`<tr class="state-row">
        <td colspan=${span}>${filtered ? t.emptySearch : html`<slot name="empty">${t.emptyList}</slot>`}</td>
      </tr>`;
    }
    const context: RowContext = {
      t: this.t,
      columns: this.visibleColumns,
      selection: this.showSelection,
      viewer: this.activeViewer,
      capabilities: this.capabilities,
      accountNames: this.accountNames,
    };
    const columnsKey = context.columns.join(' ');
    // Rows by position, not by contact id: the next page, another sort or a search reuses the
    // rows on screen and changes their text and attributes, where a keyed repeat built 200 new
    // rows (script, style and layout of some 3,600 new nodes). Every value a row shows is bound,
    // so a reused row shows its new contact wholly. `guard` skips the rows whose inputs did not
    // change, so a render for the toolbar, the selection, a menu or a busy row leaves the others.
    return page.items.map((contact, index) => {
      const selected = this.selected.has(contact.id);
      const busy = this.command.busy.has(contact.id);
      const active = index === this.activeRow;
      const menuOpen = this.menu?.contactId === contact.id;
      const account = context.accountNames?.get(contact.accountId);
      return guard(
        [contact, index, active, selected, busy, menuOpen, account, columnsKey, context.t, context.selection, context.viewer, context.capabilities],
        () => this.renderRow(context, contact, index, { active, selected, busy, menuOpen }),
      );
    });
  }

  /** The names of the loaded accounts by id, built once per answer rather than searched for each row. */
  private get accountNames(): Map<string, string> | undefined {
    const accounts = this.accountsTask.value;
    if (!accounts) return undefined;
    if (this.accountNamesOf?.accounts !== accounts) {
      this.accountNamesOf = { accounts, names: new Map(accounts.map((account) => [account.id, account.name])) };
    }
    return this.accountNamesOf.names;
  }

  private renderRow(
    context: RowContext,
    contact: Contact,
    index: number,
    { active, selected, busy, menuOpen }: { active: boolean; selected: boolean; busy: boolean; menuOpen: boolean },
  ) {
    const name = displayName(contact);
    return html`<tr
      part="row"
      data-id=${contact.id}
      tabindex=${active ? 0 : -1}
      ?data-selected=${selected}
      aria-busy=${busy ? 'true' : 'false'}
      @focusin=${() => (this.activeRow = index)}
    >
      ${context.selection
        ? html`<td class="check">
            <input
              type="checkbox"
              aria-label=${context.t.selectContact(name)}
              .checked=${live(selected)}
              @change=${(e: Event) => this.toggleSelected(contact, (e.target as HTMLInputElement).checked)}
            />
          </td>`
        : nothing}
      ${context.columns.map((column) => this.renderCell(context, column, contact, name, busy, menuOpen))}
    </tr>`;
  }

  private renderCell(context: RowContext, column: ColumnId, contact: Contact, name: string, busy: boolean, menuOpen: boolean): TemplateResult {
    const t = context.t;
    // The column's name, shown before the value when narrow hosts turn rows into cards; a card
    // leaves out the cells that render `nothing` (:empty), rather than a name without a value.
    const label = t.columns[column];
    switch (column) {
      case 'honorific':
        return html`<td data-label=${label}>${contact.honorific ? honorificLabel(contact.honorific, this.t) : nothing}</td>`;
      case 'name':
        return html`<th scope="row">
          <button class="link" type="button" @click=${() => this.open(contact)}>${name}</button>
        </th>`;
      case 'jobTitle':
        return html`<td data-label=${label}>${contact.jobTitle || nothing}</td>`;
      case 'email':
        return html`<td data-label=${label}>${isEmailAddress(contact.email) ? html`<a href=${`mailto:${contact.email.trim()}`}>${wrappableEmail(contact.email)}</a>` : contact.email || nothing}</td>`;
      case 'phone': {
        const phone = contact.businessPhone ?? contact.mobilePhone;
        return html`<td data-label=${label}>${phone && isPhoneNumber(phone) ? html`<a href=${`tel:${phone.replace(/[^0-9+]/g, '')}`}>${phone}</a>` : phone || nothing}</td>`;
      }
      case 'account':
        return html`<td data-label=${label}>${context.accountNames?.get(contact.accountId) ?? contact.accountId}</td>`;
      case 'status': {
        const status = statusOf(contact);
        const reason = contact.login.lockReason;
        return html`<td data-label=${label}>
          <span class="status" part="status" data-status=${status}>${t.status[status]}</span>
          ${status === 'locked' && reason ? html`<span class="lock-reason">${t.lockReason[reason]}</span>` : nothing}
        </td>`;
      }
      case 'actions':
        return html`<td class="actions-cell">${this.renderMenuButton(context, contact, name, busy, menuOpen)}</td>`;
    }
  }

  private rowActions(contact: Contact, viewer = this.activeViewer, capabilities = this.capabilities): Action[] {
    if (!viewer) return [];
    return menuActions(allowedActions(viewer, contact, capabilities));
  }

  private renderMenuButton(context: RowContext, contact: Contact, name: string, busy: boolean, open: boolean) {
    const actions = this.rowActions(contact, context.viewer, context.capabilities);
    if (actions.length === 0) return nothing;
    return html`<button
      type="button"
      part="menu-button"
      id=${`actions-${contact.id}`}
      aria-haspopup="menu"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? 'row-menu' : nothing}
      aria-label=${context.t.actionsFor(name)}
      ?disabled=${busy}
      @click=${(e: MouseEvent) => (open ? this.closeMenu(true) : this.openMenu(contact, e.currentTarget as HTMLElement, 'first'))}
      @keydown=${(e: KeyboardEvent) => this.onMenuButtonKeydown(e, contact)}
    >⋯</button>`;
  }

  private renderMenu(page: Page<Contact> | undefined) {
    if (!this.menu) return nothing;
    const contact = page?.items.find((candidate) => candidate.id === this.menu!.contactId);
    if (!contact) return nothing;
    const actions = this.rowActions(contact);
    return html`<div
      id="row-menu"
      role="menu"
      part="menu"
      aria-labelledby=${`actions-${contact.id}`}
      style=${styleMap(this.menu.style)}
      @keydown=${this.onMenuKeydown}
      @focusout=${this.onMenuFocusout}
    >
      ${actions.map(
        (action) =>
          html`<button
            type="button"
            role="menuitem"
            tabindex="-1"
            data-action=${action}
            ?data-danger=${action === 'contact.delete'}
            @click=${() => this.choose(action, contact)}
          >
            ${this.t.actions[action as keyof typeof this.t.actions] ?? action}
          </button>`,
      )}
    </div>`;
  }

  private renderBulkBar() {
    const viewer = this.activeViewer;
    if (this.selected.size === 0 && !this.bulkReport) return nothing;
    const t = this.t;
    const contacts = [...this.selected.values()];
    const offered = viewer
      ? BULK_ACTIONS.filter(
          (action) =>
            supports(this.capabilities, action) &&
            contacts.some((contact) => allowedActions(viewer, contact, this.capabilities).includes(action)),
        )
      : [];
    const report = this.bulkReport;
    return html`
      ${this.selected.size > 0
        ? html`<div class="bulk-bar" part="bulk-bar" role="group" aria-label=${t.bulkActionsLabel}>
            <span class="count">${t.selectedCount(this.selected.size)}</span>
            ${offered.map(
              (action) =>
                html`<button
                  type="button"
                  class=${action === 'contact.delete' ? 'danger' : ''}
                  data-bulk=${action}
                  ?disabled=${this.pendingBulk !== null || this.command.bulkRunning}
                  @click=${() => this.startBulk(action)}
                >
                  ${t.actions[action]}
                </button>`,
            )}
            <button type="button" @click=${() => (this.selected = new Map())}>${t.clearSelection}</button>
          </div>`
        : nothing}
      ${report
        ? html`<div class="message bulk-result" role=${report.failures.length > 0 ? 'alert' : 'status'}>
            ${t.bulkResult(report.done, report.total, report.verb)}
            ${report.skipped.length > 0
              ? html` ${t.bulkSkipped(report.skipped.length)}
                  <ul class="skipped">
                    ${report.skipped.map((skip) => html`<li>${skip.name}: ${t.skipReasons[skip.reason]}</li>`)}
                  </ul>`
              : nothing}
            ${report.failures.length > 0
              ? html` ${t.bulkFailures(report.failures.length)}
                  <ul>
                    ${report.failures.map((failure) => html`<li>${failure.name}: ${failure.message}</li>`)}
                  </ul>`
              : nothing}
          </div>`
        : nothing}
    `;
  }

  private renderBulkDialog() {
    const t = this.t;
    return html`<dialog
      id="bulk-delete"
      aria-labelledby="bulk-delete-title"
      @close=${this.onBulkDialogClose}
      @keydown=${(event: KeyboardEvent) => closeOnEscape(event, () => (event.currentTarget as HTMLDialogElement).close('cancel'))}
    >
      <h2 id="bulk-delete-title">${t.bulkDeleteTitle}</h2>
      <p>${t.bulkDeleteQuestion(this.selected.size)}</p>
      <form method="dialog" class="buttons">
        <button value="cancel" autofocus>${t.cancel}</button>
        <button value="confirm" class="danger" @click=${this.confirmBulkDelete}>${t.deleteConfirm}</button>
      </form>
    </dialog>`;
  }

  private renderPager(page: Page<Contact>) {
    const t = this.t;
    const locale = this.locale;
    // The range describes the rows on screen, so it follows the page loaded, not the one requested.
    const shownPage = page.page ?? this.page;
    const from = (shownPage - 1) * page.pageSize + 1;
    // A lower bound (`totalExact: false`) says nothing about the last page: next stays offered while
    // the page is full, and a page past the end shows `pastLastPage`.
    const exact = page.totalExact !== false;
    const to = exact ? Math.min(from + page.items.length - 1, page.total) : from + page.items.length - 1;
    const hasNext = exact ? this.page < Math.ceil(page.total / this.pageSize) : page.items.length >= page.pageSize;
    const total = formatNumber(page.total, locale);
    return html`<div class="pager" part="pager">
      <span class="range" aria-live="off">
        ${page.items.length === 0
          ? nothing
          : exact
            ? t.pageRange(formatNumber(Math.min(from, page.total), locale), formatNumber(to, locale), total)
            : t.pageRangeMore(formatNumber(from, locale), formatNumber(to, locale), total)}
      </span>
      <div class="field">
        <label for="page-size">${t.pageSizeLabel}</label>
        <select id="page-size" @change=${(e: Event) => (this.pageSize = Number((e.target as HTMLSelectElement).value))}>
          ${[...new Set([...PAGE_SIZES, this.pageSize])]
            .sort((a, b) => a - b)
            .map((size) => html`<option value=${size} ?selected=${size === this.pageSize}>${size}</option>`)}
        </select>
      </div>
      <button type="button" data-page="previous" ?disabled=${this.page <= 1} @click=${() => this.goTo(this.page - 1)}>
        ${t.previousPage}
      </button>
      <button type="button" data-page="next" ?disabled=${!hasNext} @click=${() => this.goTo(this.page + 1)}>
        ${t.nextPage}
      </button>
    </div>`;
  }

  // ---- Query -----------------------------------------------------------------------------

  private onSearchInput(event: Event) {
    this.searchInput = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = undefined;
      this.search = this.searchInput;
    }, 250);
  }

  private onSearchKeydown(event: KeyboardEvent) {
    if (event.key !== 'Enter') return;
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    this.search = this.searchInput;
  }

  private toggleSort(field: SortField) {
    if (this.sortField === field) this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    else {
      this.sortField = field;
      this.sortDirection = 'asc';
    }
  }

  private goTo(page: number) {
    this.page = Math.max(1, page);
    this.activeRow = 0;
  }

  // ---- Rows ------------------------------------------------------------------------------

  private get rows(): HTMLTableRowElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLTableRowElement>('tbody tr[data-id]')];
  }

  private onRowKeydown(event: KeyboardEvent) {
    const row = (event.target as HTMLElement).closest('tr[data-id]');
    if (!row || event.target !== row) return;
    const rows = this.rows;
    const index = rows.indexOf(row as HTMLTableRowElement);
    let next = index;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Enter': {
        const contact = this.contacts.find((candidate) => candidate.id === (row as HTMLElement).dataset['id']);
        if (contact) this.open(contact);
        event.preventDefault();
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    this.activeRow = next;
    rows[next]?.focus();
  }

  private open(contact: Contact) {
    this.dispatchEvent(new ContactOpenEvent({ contact }));
  }

  private toggleSelected(contact: Contact, checked: boolean) {
    const selected = new Map(this.selected);
    if (checked) selected.set(contact.id, contact);
    else selected.delete(contact.id);
    this.selected = selected;
    this.bulkReport = null;
  }

  private selectPage(items: Contact[], checked: boolean) {
    const selected = new Map(this.selected);
    for (const contact of items) {
      if (checked) selected.set(contact.id, contact);
      else selected.delete(contact.id);
    }
    this.selected = selected;
    this.bulkReport = null;
  }

  // ---- Menu ------------------------------------------------------------------------------

  private async openMenu(contact: Contact, trigger: HTMLElement, focus: 'first' | 'last') {
    const rect = trigger.getBoundingClientRect();
    const rtl = this.textDirection === 'rtl';
    const style: Record<string, string> = { top: `${Math.round(rect.bottom + 4)}px` };
    if (rtl) style['left'] = `${Math.round(rect.left)}px`;
    else style['right'] = `${Math.round(document.documentElement.clientWidth - rect.right)}px`;
    this.menuReturnFocus = trigger;
    this.menuViewport = viewportOf();
    this.menu = { contactId: contact.id, style, focus };
    await this.updateComplete;
    // Near the bottom of a short window (200 % zoom) the menu opens above its button when there
    // is more room there, and scrolls inside itself when neither side has room for it.
    const height = this.renderRoot.querySelector<HTMLElement>('[role="menu"]')?.offsetHeight ?? 0;
    const viewport = document.documentElement.clientHeight;
    const below = viewport - rect.bottom - 8;
    const above = rect.top - 8;
    if (height > below && this.menu?.contactId === contact.id) {
      const { top, ...inline } = style;
      const room = Math.max(above, below);
      Object.assign(inline, above > below ? { bottom: `${Math.round(viewport - rect.top + 4)}px` } : { top });
      if (height > room) Object.assign(inline, { 'max-height': `${Math.floor(room)}px`, 'overflow-y': 'auto' });
      this.menu = { ...this.menu, style: inline };
      await this.updateComplete;
    }
    const items = this.menuItems;
    (focus === 'first' ? items[0] : items[items.length - 1])?.focus();
    document.addEventListener('pointerdown', this.onOutsidePointer, true);
    window.addEventListener('resize', this.onViewportChange);
    window.addEventListener('scroll', this.onViewportChange, true);
  }

  private closeMenu(returnFocus: boolean) {
    if (!this.menu) return;
    this.menu = null;
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    window.removeEventListener('resize', this.onViewportChange);
    window.removeEventListener('scroll', this.onViewportChange, true);
    if (returnFocus) this.menuReturnFocus?.focus();
  }

  private readonly onOutsidePointer = (event: Event) => {
    const path = event.composedPath();
    const menu = this.renderRoot.querySelector('[role="menu"]');
    if ((menu && path.includes(menu)) || (this.menuReturnFocus && path.includes(this.menuReturnFocus))) return;
    this.closeMenu(false);
  };

  private readonly onViewportChange = (event: Event) => {
    const menu = this.renderRoot.querySelector('[role="menu"]');
    if (event.type === 'scroll' && menu && event.composedPath().includes(menu)) return;
    // A resize or page scroll that the browser reports after the menu opened (a background tab
    // gets its events late) but that moved nothing leaves the menu where it belongs.
    if ((event.type === 'resize' || event.target === document) && viewportOf() === this.menuViewport) return;
    this.closeMenu(false);
  };

  private get menuItems(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private onMenuButtonKeydown(event: KeyboardEvent, contact: Contact) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.openMenu(contact, event.currentTarget as HTMLElement, event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  private onMenuKeydown(event: KeyboardEvent) {
    const items = this.menuItems;
    const index = items.indexOf(this.shadowRoot?.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(items.length - 1);
        break;
      case 'Escape':
        this.closeMenu(true);
        break;
      case 'Tab':
        this.closeMenu(false);
        return;
      default: {
        // Type-ahead: the first item starting with the typed letter.
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const letter = event.key.toLocaleLowerCase();
          const match = [...items.slice(index + 1), ...items.slice(0, index + 1)].find((item) =>
            item.textContent?.trim().toLocaleLowerCase().startsWith(letter),
          );
          match?.focus();
          break;
        }
        return;
      }
    }
    event.preventDefault();
    event.stopPropagation();
  }

  private onMenuFocusout(event: FocusEvent) {
    const menu = event.currentTarget as HTMLElement;
    const next = event.relatedTarget as Node | null;
    if (next && !menu.contains(next) && next !== this.menuReturnFocus) this.closeMenu(false);
  }

  private async choose(action: Action, contact: Contact) {
    this.closeMenu(true);
    // The login changes are commands: their `contact-action` is the intent event a host can prevent.
    if (DIRECT_LOGIN_ACTIONS.includes(action)) return this.performLogin(action as LoginAction, contact);
    if (this.dispatchEvent(new ContactActionEvent({ action, contact })) && action === 'contact.view') this.open(contact);
  }

  // ---- Actions ---------------------------------------------------------------------------

  private replaceContact(updated: Contact) {
    if (!this.lastPage) return;
    this.lastPage = { ...this.lastPage, items: this.lastPage.items.map((item) => (item.id === updated.id ? updated : item)) };
    if (this.contactsTask.value) {
      const value = this.contactsTask.value;
      value.items = value.items.map((item) => (item.id === updated.id ? updated : item));
    }
    if (this.selected.has(updated.id)) this.selected = new Map(this.selected).set(updated.id, updated);
  }

  private async performLogin(action: LoginAction, contact: Contact) {
    this.actionError = '';
    const outcome = await this.command.run(action, contact, { beforeDone: (updated) => this.replaceContact(updated) });
    if (outcome.status === 'failed') this.actionError = `${displayName(contact)}: ${outcome.message}`;
  }

  private startBulk(action: BulkAction) {
    if (action === 'contact.delete') {
      this.pendingBulk = action;
      this.bulkModal.open(this.renderRoot.querySelector<HTMLDialogElement>('#bulk-delete'));
      return;
    }
    void this.runBulk(action);
  }

  // Acting on the click, not on the dialog's close event, which a hidden page may deliver late.
  private confirmBulkDelete() {
    const action = this.pendingBulk;
    this.pendingBulk = null;
    if (action) void this.runBulk(action);
  }

  private async onBulkDialogClose() {
    if (this.pendingBulk === 'contact.delete') this.pendingBulk = null;
    // The bulk buttons are disabled while the dialog asks, so the browser's own restoring of
    // focus on close finds the opener disabled: focus it again once it is enabled.
    await this.updateComplete;
    this.bulkModal.restore();
  }

  private async runBulk(action: BulkAction) {
    this.pendingBulk = action;
    this.bulkReport = null;
    const outcome = await this.command.runBulk(action, [...this.selected.values()]);
    this.pendingBulk = null;
    if (!outcome) return;
    const remaining = new Map(this.selected);
    for (const contact of outcome.done) remaining.delete(contact.id);
    this.bulkReport = {
      verb: this.t.actionsDone[action] ?? action,
      done: outcome.done.length,
      total: outcome.contacts.length,
      skipped: outcome.skipped.map(({ contact, reason }) => ({ name: displayName(contact), reason })),
      failures: outcome.failed.map(({ contact, message }) => ({ name: displayName(contact), message })),
    };
    this.selected = remaining;
    this.refresh();
  }
}
