import { html, nothing, type PropertyValues } from 'lit';
import {
  ALL_CAPABILITIES,
  CONTACT_STATUSES,
  can,
  displayName,
  exportFormatsOf,
  type Action,
  type Capabilities,
  type Contact,
  type ExportColumnId,
  type ContactStatus,
  type ListQueryInput,
  type Page,
  type SortDirection,
  type SortField,
} from '@portico/core';
import { PorticoElement, devWarn } from '../base/portico-element.js';
import { sharedStyles, toolbarFieldStyles } from '../base/shared.styles.js';
import { Announcer } from '../base/announcer.js';
import { ModalFocus } from '../base/dialog.js';
import { DIRECT_LOGIN_ACTIONS, allowedActions, menuActions, supports } from '../base/actions.js';
import { formatNumber } from '../base/locale.js';
import { accountsTask } from '../base/accounts.js';
import { ListQuery } from '../base/list-query.js';
import { Selection } from '../base/selection.js';
import { ContactActionEvent, ContactOpenEvent, type BulkAction, type LoginAction } from '../events.js';
import { CommandController } from '../base/command-controller.js';
import type { ContactChange } from '../store.js';
import { ContactExport } from '../contact-export/contact-export.js';
import { contactListStyles } from './contact-list.styles.js';
import { COLUMN_IDS, EXPORT_COLUMNS_OF, columnsConverter, type ColumnId } from './columns.js';
import { RowFocus, accountNames, renderHeader, renderRows, renderSelectAll, type RowContext, type RowHandlers } from './rows.js';
import { renderExportButton, renderToolbar } from './toolbar.js';
import { RowMenu } from './row-menu.js';
import { renderPager } from './pager.js';
import { BULK_ACTIONS, renderBulkBar, renderBulkDialog, type BulkReport } from './bulk-bar.js';
import { enContactList } from '../i18n/en-contact-list.js';

export { COLUMN_IDS, type ColumnId } from './columns.js';


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
 * @csspart search-hint - The hint under it when the client finds only a whole user ID or e-mail address.
 * @csspart table - The table.
 * @csspart row - Each contact row.
 * @csspart status - The status text of a row.
 * @csspart menu-button - The actions button of a row.
 * @csspart menu - The open action menu (a popover in the top layer).
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

  protected declare actionError: string;
  protected declare bulkReport: BulkReport | null;
  protected declare pendingBulk: BulkAction | null;

  private readonly announcer = new Announcer(this);
  private readonly command = new CommandController(this, {
    notify: (change) => this.notifyChange(change),
    announce: (message) => this.announcer.announce(message),
  });
  private readonly bulkModal = new ModalFocus();
  /** The ticked contacts, across pages (`selected` is the bulk code's view of them). */
  private readonly chosen = new Selection<Contact>(this, () => (this.bulkReport = null));
  private readonly rowFocus = new RowFocus(this, (id) => {
    const contact = this.contacts.find((candidate) => candidate.id === id);
    if (contact) this.open(contact);
  });
  private readonly rowMenu = new RowMenu(this, (action, contact) => void this.choose(action, contact));

  // Declared before the contacts' query so that its request goes out first: the rows show account
  // names, and accounts answered after the rows made every row render and lay out twice.
  private readonly accountsTask = accountsTask(this);

  private readonly contactsQuery = new ListQuery<Page<Contact>>(this, {
    query: () => ({ page: this.page, pageSize: this.pageSize, ...this.query }),
    commitSearch: (term) => (this.search = term),
    load: (client, query, signal) => client.listContacts(query, { signal }),
    onLoad: (page, first) => {
      if (this.rowFocus.active >= page.items.length) this.rowFocus.active = 0;
      // The first load is not news; later ones (search, filter, paging) are.
      if (!first) {
        this.announcer.announce(
          page.totalExact === false ? this.t.resultCountMore(page.total, formatNumber(page.total, this.locale)) : this.t.resultCount(page.total),
        );
      }
    },
  });

  private readonly rowHandlers: RowHandlers = {
    open: (contact) => this.open(contact),
    select: (contacts, selected) => this.chosen.set(contacts, selected),
    activate: (index) => (this.rowFocus.active = index),
    menuButton: (context, contact, name, busy) =>
      this.rowActions(contact, context.viewer, context.capabilities).length > 0 ? this.rowMenu.renderButton(contact, context.t.actionsFor(name), busy) : nothing,
  };

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
    this.actionError = '';
    this.bulkReport = null;
    this.pendingBulk = null;
  }

  /** Another viewer (or none): nothing of the previous one's list, page, selection or report stays. */
  protected override viewerChanged(): void {
    this.contactsQuery.drop();
    this.page = 1;
    this.rowFocus.active = 0;
    this.chosen.clear();
    this.rowMenu.close(false);
    this.actionError = '';
    this.bulkReport = null;
    this.pendingBulk = null;
    super.viewerChanged();
  }

  /** Loads the current page again. */
  refresh(): void {
    this.contactsQuery.refresh();
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
    return this.chosen.ids;
  }

  /** The contacts shown now (the last page loaded). */
  get contacts(): Contact[] {
    return this.contactsQuery.value?.items ?? [];
  }

  /** The selection as the bulk actions read and replace it. */
  private get selected(): ReadonlyMap<string, Contact> {
    return this.chosen.items;
  }

  private set selected(items: ReadonlyMap<string, Contact>) {
    this.chosen.items = items;
  }

  protected override contactChanged(_change: ContactChange): void {
    this.refresh();
  }

  private get capabilities(): Capabilities {
    return this.activeClient?.capabilities ?? ALL_CAPABILITIES;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 200) {
      devWarn(this, `page-size must be a whole number from 1 to 200; got ${String(this.pageSize)}. Using 25.`);
      this.pageSize = 25;
    }
    if (this.status && !(CONTACT_STATUSES as readonly string[]).includes(this.status)) {
      devWarn(this, `Unknown status filter "${this.status}"; showing all contacts.`);
      this.status = '';
    }
    if (changed.has('search')) this.contactsQuery.follow(this.search);
    if (this.contactsQuery.queryChanged()) {
      if (!changed.has('page')) this.page = 1;
      this.chosen.clear();
      this.bulkReport = null;
    }
    if (!this.activeClient) devWarn(this, this.t.noClient);
  }

  // ---- Rendering -------------------------------------------------------------------------

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    const page = this.contactsQuery.value ?? undefined;
    const items = page?.items ?? [];
    const sort = this.capabilities.sort ? { field: this.sortField, direction: this.sortDirection } : undefined;
    return html`
      ${renderToolbar({
        t,
        capabilities: this.capabilities,
        accounts: this.accountsTask.value ?? [],
        search: this.contactsQuery,
        status: this.status,
        setStatus: (status) => (this.status = status),
        account: this.account,
        setAccount: (account) => (this.account = account),
        exportButton: this.renderExport(),
      })}
      ${renderBulkBar({
        t,
        viewer: this.activeViewer,
        capabilities: this.capabilities,
        selected: this.chosen.values,
        report: this.bulkReport,
        pending: this.pendingBulk !== null || this.command.bulkRunning,
        start: (action) => this.startBulk(action),
        clear: () => this.chosen.clear(),
      })}
      ${this.actionError ? html`<p class="message error" role="alert">${this.actionError}</p>` : nothing}
      <div class="table-wrapper" aria-busy=${this.contactsQuery.loading ? 'true' : 'false'}>
        <table part="table" aria-rowcount=${page ? (page.totalExact === false ? -1 : page.total + 1) : nothing}>
          <caption class="visually-hidden">${t.listCaption}</caption>
          <thead>
            <tr>
              ${this.showSelection ? renderSelectAll(t, items, (id) => this.chosen.has(id), this.rowHandlers) : nothing}
              ${this.visibleColumns.map((column) => renderHeader(t, column, sort, this.toggleSort))}
            </tr>
          </thead>
          <tbody @keydown=${this.rowFocus.onKeydown}>
            ${this.renderBody(page)}
          </tbody>
        </table>
      </div>
      ${page && (page.total > 0 || this.page > 1)
        ? renderPager({ t, locale: this.locale, shown: page, page: this.page, pageSize: this.pageSize, goTo: this.goTo, setPageSize: (size) => (this.pageSize = size) })
        : nothing}
      ${this.renderMenu(page)} ${renderBulkDialog(t, this.chosen.size, { onClose: () => void this.onBulkDialogClose(), onConfirm: () => this.confirmBulkDelete() })} ${this.announcer.render()}
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

  /** "Export" for the current query, or for the selection when there is one; only when allowed. */
  private renderExport() {
    const { activeViewer: viewer, activeClient: client } = this;
    if (!viewer || !client || !can(viewer, 'contact.export') || exportFormatsOf(client).length === 0) return nothing;
    const page = this.contactsQuery.loading || this.contactsQuery.failed ? undefined : this.contactsQuery.value;
    const total = page && page.totalExact !== false ? page.total : null;
    return renderExportButton(this.tagOf('contact-export'), { client, viewer, i18n: this.i18n, query: this.query, ids: this.selectedIds, columns: this.exportColumns, total });
  }

  private renderBody(page: Page<Contact> | undefined) {
    const t = this.t;
    const span = this.visibleColumns.length + (this.showSelection ? 1 : 0);
    const state = (content: unknown) => html`<tr class="state-row"><td colspan=${span}>${content}</td></tr>`;
    if (this.contactsQuery.failed) {
      return state(html`<p class="error" role="alert">${t.listError} ${this.problemText(this.contactsQuery.error, '')}</p>
        <button type="button" @click=${() => this.contactsQuery.reload()}>${t.retry}</button>`);
    }
    if (!page) return state(t.loadingContacts);
    // Past the end: a capped total cannot say where the last page is, and contacts may have gone.
    if (page.items.length === 0 && this.page > 1) return state(t.pastLastPage);
    if (page.items.length === 0) {
      const filtered = Boolean(this.search.trim() || this.status || this.account);
      return state(filtered ? t.emptySearch : html`<slot name="empty">${t.emptyList}</slot>`);
    }
    const context: RowContext = {
      t: this.t,
      columns: this.visibleColumns,
      selection: this.showSelection,
      viewer: this.activeViewer,
      capabilities: this.capabilities,
      accountNames: accountNames(this.accountsTask.value),
    };
    return renderRows(context, this.rowHandlers, page.items, (contact, index) => ({
      active: index === this.rowFocus.active,
      selected: this.chosen.has(contact.id),
      busy: this.command.busy.has(contact.id),
      menuOpen: this.rowMenu.contactId === contact.id,
    }));
  }

  private rowActions(contact: Contact, viewer = this.activeViewer, capabilities = this.capabilities): Action[] {
    if (!viewer) return [];
    return menuActions(allowedActions(viewer, contact, capabilities));
  }

  private renderMenu(page: Page<Contact> | undefined) {
    const contact = page?.items.find((candidate) => candidate.id === this.rowMenu.contactId);
    const t = this.t;
    return this.rowMenu.render(contact, contact ? this.rowActions(contact) : [], (action) => t.actions[action as keyof typeof t.actions] ?? action);
  }

  // ---- Query and rows ----------------------------------------------------------------------

  private readonly toggleSort = (field: SortField) => {
    if (this.sortField === field) this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    else {
      this.sortField = field;
      this.sortDirection = 'asc';
    }
  };

  private readonly goTo = (page: number) => {
    this.page = Math.max(1, page);
    this.rowFocus.active = 0;
  };

  private open(contact: Contact) {
    this.dispatchEvent(new ContactOpenEvent({ contact }));
  }

  private async choose(action: Action, contact: Contact) {
    this.rowMenu.close(true);
    // The login changes are commands: their `contact-action` is the intent event a host can prevent.
    if (DIRECT_LOGIN_ACTIONS.includes(action)) return this.performLogin(action as LoginAction, contact);
    if (this.dispatchEvent(new ContactActionEvent({ action, contact })) && action === 'contact.view') this.open(contact);
  }

  // ---- Actions ---------------------------------------------------------------------------

  private replaceContact(updated: Contact) {
    this.contactsQuery.patch((page) => ({ ...page, items: page.items.map((item) => (item.id === updated.id ? updated : item)) }));
    this.chosen.refresh(updated);
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
