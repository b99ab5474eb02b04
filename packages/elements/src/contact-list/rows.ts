import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import {
  displayName,
  isEmailAddress,
  isPhoneNumber,
  statusOf,
  type Account,
  type Capabilities,
  type Contact,
  type SortDirection,
  type SortField,
  type Viewer,
} from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import { FocusGroup } from '../base/focus-group.js';
import { honorificLabel } from '../base/labels.js';
import { SORT_FIELD, type ColumnId } from './columns.js';

/** What every row of one render reads, worked out once per render instead of once per row or cell. */
export interface RowContext {
  t: PorticoStrings;
  columns: ColumnId[];
  selection: boolean;
  viewer: Viewer | undefined;
  capabilities: Capabilities;
  accountNames: Map<string, string> | undefined;
}

/** What a row does on the user's input; the same functions for every render (rows sit behind `guard`). */
export interface RowHandlers {
  open(contact: Contact): void;
  select(contacts: readonly Contact[], selected: boolean): void;
  /** The row at `index` got the focus (it becomes the row Tab returns to). */
  activate(index: number): void;
  menuButton(context: RowContext, contact: Contact, name: string, busy: boolean): TemplateResult | typeof nothing;
}

export interface RowState {
  active: boolean;
  selected: boolean;
  busy: boolean;
  menuOpen: boolean;
}

/** A name or e-mail address on one line, cut with "…" when long; the whole of it on hover (title) and on focus (CSS). */
const clipped = (value: string) => html`<span class="clip" title=${value}>${value}</span>`;

export const renderSelectAll = (t: PorticoStrings, items: readonly Contact[], isSelected: (id: string) => boolean, handlers: RowHandlers) => {
  const count = items.filter((contact) => isSelected(contact.id)).length;
  return html`<th class="check" scope="col">
    <input
      type="checkbox"
      aria-label=${t.selectPage}
      .checked=${items.length > 0 && count === items.length}
      .indeterminate=${count > 0 && count < items.length}
      ?disabled=${items.length === 0}
      @change=${(e: Event) => handlers.select(items, (e.target as HTMLInputElement).checked)}
    />
  </th>`;
};

/** A column's header: a sort button where the column and the client can sort. */
export const renderHeader = (
  t: PorticoStrings,
  column: ColumnId,
  sort: { field: SortField; direction: SortDirection } | undefined,
  onSort: (field: SortField) => void,
) => {
  const label = t.columns[column];
  const field = SORT_FIELD[column];
  if (column === 'actions') return html`<th scope="col"><span class="visually-hidden">${label}</span></th>`;
  if (!field || !sort) return html`<th scope="col">${label}</th>`;
  const active = sort.field === field;
  const ascending = sort.direction === 'asc';
  return html`<th scope="col" aria-sort=${active ? (ascending ? 'ascending' : 'descending') : nothing}>
    <button class="sort" type="button" data-sort=${field} @click=${() => onSort(field)}>
      ${label}<span aria-hidden="true">${active ? (ascending ? '▲' : '▼') : '↕'}</span>
    </button>
  </th>`;
};

const namesOf = new WeakMap<readonly Account[], Map<string, string>>();

/** The names of the loaded accounts by id, built once per answer rather than searched for each row. */
export const accountNames = (accounts: readonly Account[] | undefined): Map<string, string> | undefined => {
  if (!accounts) return undefined;
  let names = namesOf.get(accounts);
  if (!names) namesOf.set(accounts, (names = new Map(accounts.map((account) => [account.id, account.name]))));
  return names;
};

/**
 * The rows of a page. Rows by position, not by contact id: the next page, another sort or a search
 * reuses the rows on screen and changes their text and attributes, where a keyed repeat built 200
 * new rows (script, style and layout of some 3,600 new nodes). Every value a row shows is bound,
 * so a reused row shows its new contact wholly. `guard` skips the rows whose inputs did not
 * change, so a render for the toolbar, the selection, a menu or a busy row leaves the others.
 */
export const renderRows = (context: RowContext, handlers: RowHandlers, contacts: readonly Contact[], stateOf: (contact: Contact, index: number) => RowState) => {
  const columnsKey = context.columns.join(' ');
  return contacts.map((contact, index) => {
    const state = stateOf(contact, index);
    const account = context.accountNames?.get(contact.accountId);
    return guard(
      [contact, index, state.active, state.selected, state.busy, state.menuOpen, account, columnsKey, context.t, context.selection, context.viewer, context.capabilities],
      () => renderRow(context, handlers, contact, index, state),
    );
  });
};

const renderRow = (context: RowContext, handlers: RowHandlers, contact: Contact, index: number, { active, selected, busy }: RowState) => {
  const name = displayName(contact);
  return html`<tr
    part="row"
    data-id=${contact.id}
    tabindex=${active ? 0 : -1}
    ?data-selected=${selected}
    aria-busy=${busy ? 'true' : 'false'}
    @focusin=${() => handlers.activate(index)}
  >
    ${context.selection
      ? html`<td class="check">
          <input
            type="checkbox"
            aria-label=${context.t.selectContact(name)}
            .checked=${live(selected)}
            @change=${(e: Event) => handlers.select([contact], (e.target as HTMLInputElement).checked)}
          />
        </td>`
      : nothing}
    ${context.columns.map((column) => renderCell(context, handlers, column, contact, name, busy))}
  </tr>`;
};

const renderCell = (context: RowContext, handlers: RowHandlers, column: ColumnId, contact: Contact, name: string, busy: boolean): TemplateResult => {
  const t = context.t;
  // The column's name, shown before the value when narrow hosts turn rows into cards; a card
  // leaves out the cells that render `nothing` (:empty), rather than a name without a value.
  const label = t.columns[column];
  switch (column) {
    case 'honorific':
      return html`<td data-label=${label}>${contact.honorific ? honorificLabel(contact.honorific, t) : nothing}</td>`;
    case 'name':
      return html`<th scope="row">
        <button class="link" type="button" @click=${() => handlers.open(contact)}>${clipped(name)}</button>
      </th>`;
    case 'jobTitle':
      return html`<td data-label=${label}>${contact.jobTitle || nothing}</td>`;
    case 'email':
      return html`<td data-label=${label}>${isEmailAddress(contact.email) ? html`<a href=${`mailto:${contact.email.trim()}`}>${clipped(contact.email)}</a>` : contact.email ? clipped(contact.email) : nothing}</td>`;
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
      return html`<td class="actions-cell">${handlers.menuButton(context, contact, name, busy)}</td>`;
  }
};

/**
 * The focus among the rows: one row is in the Tab order (roving tabindex), ArrowUp / ArrowDown,
 * Home and End move between rows, Enter opens the focused row's contact. Rows are rendered by
 * position (see `renderRows`), so after a reload that moved the focused contact (a sort by status
 * after locking it, someone else's change) the focus would stay on the row's place and name another
 * contact: it goes with the contact while it is on the page.
 */
export class RowFocus extends FocusGroup implements ReactiveController {
  /** The focus in a row before an update: its contact, and where in the row (the row itself: cell -1). */
  private before: { id: string; cell: number; tag: string } | undefined;

  constructor(
    private readonly list: ReactiveControllerHost & { readonly renderRoot: ParentNode; readonly shadowRoot: ShadowRoot | null },
    private readonly onEnter: (contactId: string) => void,
  ) {
    super(list, { elements: () => [...list.renderRoot.querySelectorAll<HTMLElement>('tbody tr[data-id]')] });
    list.addController(this);
  }

  /** For the `<tbody>`: keys pressed on a row itself (not on a control in it). */
  readonly onKeydown = (event: KeyboardEvent): void => {
    const row = (event.target as HTMLElement).closest<HTMLTableRowElement>('tr[data-id]');
    if (!row || event.target !== row) return;
    if (event.key !== 'Enter') return void this.handleKey(event);
    event.preventDefault();
    this.onEnter(row.dataset['id']!);
  };

  private focusInRow(): { id: string; cell: number; tag: string } | undefined {
    const focused = this.list.shadowRoot?.activeElement;
    const row = focused?.closest<HTMLTableRowElement>('tbody tr[data-id]');
    if (!focused || !row) return undefined;
    const cell = focused === row ? -1 : (focused.closest<HTMLTableCellElement>('td, th')?.cellIndex ?? -1);
    return { id: row.dataset['id']!, cell, tag: focused.localName };
  }

  hostUpdate(): void {
    this.before = this.focusInRow();
  }

  hostUpdated(): void {
    const before = this.before;
    this.before = undefined;
    if (!before || this.focusInRow()?.id === before.id) return;
    const row = this.list.renderRoot.querySelector<HTMLTableRowElement>(`tbody tr[data-id="${CSS.escape(before.id)}"]`);
    if (!row) return;
    const target = before.cell < 0 ? row : row.cells[before.cell]?.querySelector<HTMLElement>(before.tag);
    (target ?? row).focus();
  }
}
