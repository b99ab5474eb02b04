import { html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml } from 'lit/static-html.js';
import type { Account, Capabilities, ContactStatus, ContactsClient, ExportColumnId, ListQueryInput, Viewer } from '@portico/core';
import { accountOptions } from '../base/accounts.js';
import { renderSearchInput, type ListQuery } from '../base/list-query.js';
import { staticTag } from '../base/static-tag.js';
import { searchHint } from './search-hint.js';
import type { PorticoStrings } from '../i18n/en.js';

export interface ToolbarOptions {
  t: PorticoStrings;
  capabilities: Capabilities;
  accounts: readonly Account[];
  /** The search field's text and its debounce. */
  search: Pick<ListQuery<unknown>, 'typed' | 'input' | 'submit'>;
  status: ContactStatus | '';
  setStatus: (status: ContactStatus | '') => void;
  account: string;
  setAccount: (account: string) => void;
  /** The Export button, or nothing. */
  exportButton: unknown;
}

/** The bar above the list: search, the status and account filters the client supports, Export, the host's slot. */
export const renderToolbar = (options: ToolbarOptions): TemplateResult => {
  const { t, capabilities: caps, accounts, status, account } = options;
  const hint = searchHint(t, caps.search);
  return html`
    <div class="toolbar" part="toolbar" role="search">
      ${caps.search
        ? html`<div class="field search">
            <label for="search">${t.searchLabel}</label>
            ${renderSearchInput(options.search, hint.placeholder, hint.describedBy)} ${hint.hint}
          </div>`
        : nothing}
      ${caps.statusFilter
        ? html`<div class="field">
            <label for="status">${t.statusFilterLabel}</label>
            <select id="status" @change=${(e: Event) => options.setStatus((e.target as HTMLSelectElement).value as ContactStatus)}>
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
                .map(([value, label]) => html`<option value=${value} ?selected=${status === value}>${label}</option>`)}
            </select>
          </div>`
        : nothing}
      ${caps.accountFilter && accounts.length > 1
        ? html`<div class="field">
            <label for="account">${t.accountFilterLabel}</label>
            <select id="account" @change=${(e: Event) => options.setAccount((e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!account}>${t.accountFilterAll}</option>
              ${accountOptions(accounts).map(
                ({ account: option, label }) => html`<option value=${option.id} ?selected=${account === option.id}>${label}</option>`,
              )}
            </select>
          </div>`
        : nothing}
      ${options.exportButton}
      <slot name="toolbar-end"></slot>
    </div>
  `;
};

/** The `<contact-export>` (under the tag it was registered with) for a query or the selected ids. */
export const renderExportButton = (
  tagName: string,
  props: {
    client: ContactsClient;
    viewer: Viewer;
    i18n: unknown;
    query: ListQueryInput;
    ids: string[];
    columns: ExportColumnId[];
    /** How many contacts the query finds, when the list knows it exactly; else null. */
    total: number | null;
  },
) => {
  const tag = staticTag(tagName);
  return staticHtml`<${tag}
    exportparts="export-button, format: export-format, progress: export-progress, cancel-button: export-cancel-button, message: export-message"
    .client=${props.client}
    .viewer=${props.viewer}
    .i18n=${props.i18n}
    .query=${props.query}
    .ids=${props.ids}
    .columns=${props.columns}
    .total=${props.total}
  ></${tag}>`;
};
