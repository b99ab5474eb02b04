import { html, nothing } from 'lit';
import type { Capabilities, Contact, Viewer } from '@portico/core';
import { allowedActions, supports, type SkipReason } from '../base/actions.js';
import { closeOnEscape } from '../base/dialog.js';
import type { BulkAction } from '../events.js';
import type { PorticoStrings } from '../i18n/en.js';

export const BULK_ACTIONS: BulkAction[] = ['login.enable', 'login.disable', 'login.lock', 'login.unlock', 'contact.delete'];

export interface BulkReport {
  verb: string;
  done: number;
  total: number;
  skipped: { name: string; reason: SkipReason }[];
  failures: { name: string; message: string }[];
}

export interface BulkBarOptions {
  t: PorticoStrings;
  viewer: Viewer | undefined;
  capabilities: Capabilities;
  selected: readonly Contact[];
  report: BulkReport | null;
  /** A bulk action is asked about or running: the buttons wait. */
  pending: boolean;
  start: (action: BulkAction) => void;
  clear: () => void;
}

/** The bar shown while contacts are selected (the bulk actions any of them allows), and the last bulk action's report. */
export const renderBulkBar = ({ t, viewer, capabilities, selected, report, pending, start, clear }: BulkBarOptions) => {
  if (selected.length === 0 && !report) return nothing;
  const offered = viewer
    ? BULK_ACTIONS.filter(
        (action) => supports(capabilities, action) && selected.some((contact) => allowedActions(viewer, contact, capabilities).includes(action)),
      )
    : [];
  return html`
    ${selected.length > 0
      ? html`<div class="bulk-bar" part="bulk-bar" role="group" aria-label=${t.bulkActionsLabel}>
          <span class="count">${t.selectedCount(selected.length)}</span>
          ${offered.map(
            (action) =>
              html`<button
                type="button"
                class=${action === 'contact.delete' ? 'danger' : ''}
                data-bulk=${action}
                ?disabled=${pending}
                @click=${() => start(action)}
              >
                ${t.actions[action]}
              </button>`,
          )}
          <button type="button" @click=${clear}>${t.clearSelection}</button>
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
};

/** "Delete N contacts?" before a bulk delete. */
export const renderBulkDialog = (t: PorticoStrings, count: number, { onClose, onConfirm }: { onClose: () => void; onConfirm: () => void }) =>
  html`<dialog
    id="bulk-delete"
    aria-labelledby="bulk-delete-title"
    @close=${onClose}
    @keydown=${(event: KeyboardEvent) => closeOnEscape(event, () => (event.currentTarget as HTMLDialogElement).close('cancel'))}
  >
    <h2 id="bulk-delete-title">${t.bulkDeleteTitle}</h2>
    <p>${t.bulkDeleteQuestion(count)}</p>
    <form method="dialog" class="buttons">
      <button value="cancel" autofocus>${t.cancel}</button>
      <button value="confirm" class="danger" @click=${onConfirm}>${t.deleteConfirm}</button>
    </form>
  </dialog>`;
