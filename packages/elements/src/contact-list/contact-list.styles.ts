import { css } from 'lit';

export const contactListStyles = css`
  :host {
    display: block;
    /* The list turns into cards when its host is narrow (phones, side panels, 200 % zoom). */
    container-type: inline-size;
    --_gap: var(--contact-list-gap, var(--portico-space-m, 0.75rem));
    --_border: var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
    --_row-padding: var(--contact-list-row-padding, 0.5rem);
  }
  :host([density='compact']) {
    --_row-padding: var(--contact-list-row-padding, 0.25rem);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: end;
    margin-block-end: var(--_gap);
  }
  .search input {
    min-inline-size: min(16rem, 100%);
  }
  .toolbar .search {
    max-inline-size: 100%;
  }
  .bulk-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem;
    margin-block-end: var(--_gap);
    background: var(--contact-list-bulk-background, var(--portico-color-surface-raised, light-dark(#eef2fb, #23272e)));
    border-radius: var(--portico-radius, 0.375rem);
  }
  .bulk-bar .count {
    font-weight: 600;
    margin-inline-end: auto;
  }
  .table-wrapper {
    /* Keeps absolutely positioned hidden labels inside the scroller, not widening the page. */
    position: relative;
    overflow-x: auto;
    border: 1px solid var(--_border);
    border-radius: var(--portico-radius, 0.375rem);
  }
  /* A bar instead of fading the rows: faded text would fall below the contrast minimum. */
  .table-wrapper[aria-busy='true'] {
    box-shadow: inset 0 3px 0 var(--portico-color-accent, light-dark(#2457c5, #8ab4f8));
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: start;
  }
  th,
  td {
    padding: var(--_row-padding);
    text-align: start;
    vertical-align: middle;
    border-block-end: 1px solid var(--_border);
  }
  thead th {
    background: var(--contact-list-header-background, var(--portico-color-surface-raised, light-dark(#f6f7f9, #23272e)));
    font-weight: 600;
    white-space: nowrap;
  }
  th button.sort {
    border: none;
    background: none;
    padding-inline: 0.25rem;
    font-weight: inherit;
    display: inline-flex;
    gap: 0.25rem;
    align-items: center;
  }
  tbody tr:hover {
    background: var(--contact-list-row-hover, var(--portico-color-surface-hover, light-dark(#f8f9fb, #2a2f36)));
  }
  tbody tr:focus-visible {
    outline-offset: -2px;
  }
  tbody tr[data-selected] {
    background: var(--contact-list-row-selected, var(--portico-color-selected, light-dark(#e8effc, #1e3a66)));
  }
  .check {
    inline-size: 2.5rem;
  }
  input[type='checkbox'] {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    min-block-size: 1.25rem;
    margin: 0.125rem;
  }
  button.link {
    border: none;
    background: none;
    padding-inline: 0;
    color: var(--portico-color-link, light-dark(#1d4ed8, #8ab4f8));
    text-decoration: underline;
    text-align: start;
  }
  /*
   * Names and e-mail addresses keep to one line in the table, cut with "…" when long (issue 20): the
   * whole value is the title (hover), and it wraps in place while its row has the keyboard focus.
   */
  .clip {
    display: block;
    max-inline-size: 12rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  tr:focus-visible .clip,
  tr:has(:focus-visible) .clip {
    white-space: normal;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--portico-color-link, light-dark(#1d4ed8, #8ab4f8));
    display: inline-block;
    min-block-size: 24px;
    line-height: 24px;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
  }
  .status::before {
    content: '';
    inline-size: 0.5rem;
    block-size: 0.5rem;
    border-radius: 50%;
    background: var(--_dot, #6b7280);
  }
  .status[data-status='active'] {
    --_dot: var(--portico-color-success, light-dark(#15803d, #81c995));
  }
  .status[data-status='locked'] {
    --_dot: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
  .status[data-status='disabled'] {
    --_dot: var(--portico-color-warning, light-dark(#b45309, #fbbf24));
  }
  .lock-reason,
  .search-hint {
    display: block;
    font-size: 0.875em;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  .state-row td {
    padding: 2rem 1rem;
    text-align: center;
  }
  .error {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
  .actions-cell {
    inline-size: 1%;
    white-space: nowrap;
  }
  /* A popover in the top layer; Floating UI sets its left, top and largest block size. */
  [role='menu'] {
    position: fixed;
    inset: auto;
    margin: 0;
    overflow-y: auto;
    flex-direction: column;
    min-inline-size: 12rem;
    padding-block: 0.25rem;
    padding-inline: 0;
    color: inherit;
    background: var(--portico-color-surface, light-dark(#ffffff, #1b1f24));
    border: 1px solid var(--_border);
    border-radius: var(--portico-radius, 0.375rem);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
  }
  [role='menu']:popover-open {
    display: flex;
  }
  /* Until Floating UI (loaded on the first open) has placed it. */
  [role='menu']:not([data-placed]) {
    visibility: hidden;
  }
  [role='menuitem'] {
    border: none;
    border-radius: 0;
    text-align: start;
    min-block-size: 2.25rem;
    background: transparent;
  }
  [role='menuitem']:focus {
    background: var(--portico-color-selected, light-dark(#e8effc, #1e3a66));
  }
  [role='menuitem'][data-danger] {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
    justify-content: end;
    margin-block-start: var(--_gap);
  }
  .pager .range {
    margin-inline-end: auto;
  }
  .pager .field {
    flex-direction: row;
    align-items: center;
    gap: 0.5rem;
  }
  .bulk-result ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--portico-radius, 0.375rem);
    padding: 1rem 1.25rem;
    max-inline-size: 28rem;
  }
  dialog h2 {
    margin-block: 0 0.5rem;
    font-size: 1.125rem;
  }
  dialog .buttons {
    display: flex;
    gap: 0.5rem;
    justify-content: end;
  }

  /*
   * Forced colours drop backgrounds: a selected row gets the system's selection colours, the
   * status dot the text colour (the status is also its word), the focused menu item an outline.
   */
  @media (forced-colors: active) {
    tbody tr[data-selected] > * {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    tbody tr[data-selected] :is(a, button.link, .lock-reason) {
      color: HighlightText;
    }
    .status::before {
      forced-color-adjust: none;
      background: CanvasText;
    }
    tbody tr[data-selected] .status::before {
      background: HighlightText;
    }
    [role='menuitem']:focus {
      outline: var(--portico-focus-width, 2px) solid Highlight;
      outline-offset: -2px;
    }
  }

  @container (max-width: 45rem) {
    .table-wrapper {
      overflow-x: visible;
      border: none;
    }
    table,
    tbody,
    tr,
    td,
    tbody th {
      display: block;
    }
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      border: none;
    }
    thead th {
      display: none;
    }
    /* Select-all and the sort by name stay reachable above the cards. */
    thead th.check,
    thead th[aria-sort] {
      display: block;
      border: none;
    }
    tbody tr {
      position: relative;
      border: 1px solid var(--_border);
      border-radius: var(--portico-radius, 0.375rem);
      margin-block-end: var(--_gap);
      padding: var(--_row-padding);
    }
    tbody th,
    tbody td {
      border: none;
      padding: 0.125rem 0;
      overflow-wrap: anywhere;
    }
    /* Room for the checkbox and the action button in the card's corner. */
    tbody th {
      padding-inline-end: 5rem;
    }
    tbody td:empty {
      display: none;
    }
    /* Cards have the room to wrap a long value. */
    .clip {
      max-inline-size: none;
      white-space: normal;
      overflow-wrap: anywhere;
    }
    tbody td[data-label]::before {
      content: attr(data-label) ': ';
      font-weight: 600;
    }
    /* Fixed offsets: --contact-list-row-padding may have two values, which inset cannot take. */
    tbody td.check {
      inline-size: auto;
      position: absolute;
      inset-inline-end: 3.5rem;
      inset-block-start: 0.25rem;
    }
    tbody td.actions-cell {
      inline-size: auto;
      position: absolute;
      inset-inline-end: 0.25rem;
      inset-block-start: 0.25rem;
    }
  }
`;
