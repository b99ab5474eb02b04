import { downloadBlob } from '../base/shared-templates.js';
import { html, nothing, type PropertyValues } from 'lit';
import {
  can,
  exportFileName,
  exportFormatsOf,
  type ExportColumnId,
  type ExportFormat,
  type ExportProgress,
  type ListQueryInput,
} from '@portico/core';
import { PorticoElement, devWarn, isAbort } from '../base/portico-element.js';
import { sharedStyles, toolbarFieldStyles } from '../base/shared.styles.js';
import { formatNumber } from '../base/locale.js';
import { ContactExportEvent, ContactExportedEvent } from '../events.js';
import { contactExportStyles } from './contact-export.styles.js';
import { enContactExport } from '../i18n/en-contact-export.js';

type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * Exports contacts as CSV, Excel or PDF: everything a list query matches, or a selection of ids.
 * Shows progress with a Cancel button and downloads the file as `contacts-YYYY-MM-DD.<format>`.
 * The button says what it will export: "Export 2 selected", "Export 7 matching contacts" (with
 * `total`) while a search or filter is set, "Export all" without. Renders nothing when the viewer may not export or the client cannot (`exportContacts`,
 * `capabilities.export`); offers only the formats the client declares (`client.exportFormats`).
 *
 * @summary An Export button with a format choice, progress, Cancel and the download.
 *
 * @fires contact-export - Cancelable. `{ format, query, ids }` before the export starts.
 * @fires contact-exported - `{ format, fileName, blob }` after the file was made and downloaded.
 *
 * @csspart format - The format select.
 * @csspart export-button - The Export button.
 * @csspart progress - The progress bar.
 * @csspart cancel-button - The Cancel button shown while exporting.
 * @csspart message - The status or error text.
 *
 * @cssproperty --contact-export-gap - Space between the controls.
 * @cssproperty --contact-export-progress-width - Width of the progress bar.
 */
export class ContactExport extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactExport];

  static override styles = [sharedStyles, toolbarFieldStyles, contactExportStyles];

  static override properties = {
    query: { attribute: false },
    ids: { attribute: false },
    columns: { attribute: false },
    total: { attribute: false },
    format: { type: String },
    phase: { state: true },
    progress: { state: true },
    message: { state: true },
  };

  /** The list query to export (its page and page size are ignored), e.g. `contactList.query`. */
  declare query: ListQueryInput;
  /** When not empty, only these contacts are exported (a selection), e.g. `contactList.selectedIds`. */
  declare ids: string[];
  /** How many contacts `query` matches (the list passes its total), for the button's label; `null` when not known. */
  declare total: number | null;
  /** Column ids in order; the default columns when empty. */
  declare columns: ExportColumnId[];
  /** The chosen format; the first one the client offers when it does not offer this one. */
  declare format: ExportFormat;

  protected declare phase: Phase;
  protected declare progress: ExportProgress | null;
  protected declare message: string;

  private controller: AbortController | null = null;

  constructor() {
    super();
    this.query = {};
    this.ids = [];
    this.columns = [];
    this.total = null;
    this.format = 'csv';
    this.phase = 'idle';
    this.progress = null;
    this.message = '';
  }

  /** The formats offered now: what the client produces, when the viewer may export at all. */
  get formats(): ExportFormat[] {
    const client = this.activeClient;
    const viewer = this.activeViewer;
    if (!client || !viewer || !can(viewer, 'contact.export')) return [];
    return exportFormatsOf(client);
  }

  /** Starts an export, as the Export button does. Resolves when it ended in any way. */
  async start(): Promise<void> {
    const client = this.activeClient;
    const formats = this.formats;
    if (!client?.exportContacts || formats.length === 0 || this.phase === 'running') return;
    const format = formats.includes(this.format) ? this.format : formats[0]!;
    const ids = this.ids.length > 0 ? [...this.ids] : null;
    if (!this.dispatchEvent(new ContactExportEvent({ format, query: this.query, ids }))) return;
    const controller = new AbortController();
    this.controller = controller;
    this.phase = 'running';
    this.progress = null;
    this.message = '';
    try {
      const blob = await client.exportContacts(this.query, format, {
        signal: controller.signal,
        ...(ids ? { ids } : {}),
        ...(this.columns.length > 0 ? { columns: this.columns } : {}),
        // The header row speaks the language the element shows.
        lang: this.locale,
        onProgress: (progress) => (this.progress = progress),
      });
      const fileName = exportFileName(format);
      downloadBlob(this.renderRoot, blob, fileName);
      this.phase = 'done';
      this.message = this.t.exportDone(fileName);
      this.dispatchEvent(new ContactExportedEvent({ format, fileName, blob }));
    } catch (error) {
      if (controller.signal.aborted || isAbort(error)) {
        this.phase = 'cancelled';
        this.message = this.t.exportCancelled;
      } else {
        this.phase = 'error';
        this.message = this.t.exportFailed(this.problemText(error));
      }
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Stops a running export, as the Cancel button does. */
  cancel(): void {
    this.controller?.abort();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('format') && !['csv', 'xlsx', 'pdf'].includes(this.format)) {
      devWarn(this, `Unknown export format "${String(this.format)}"; using csv.`);
      this.format = 'csv';
    }
  }

  protected override render() {
    const t = this.t;
    const formats = this.formats;
    if (formats.length === 0) return nothing;
    const format = formats.includes(this.format) ? this.format : formats[0]!;
    const running = this.phase === 'running';
    const label = this.label;
    return html`<div class="wrapper">
      ${formats.length > 1
        ? html`<div class="field">
            <label for="format">${t.exportFormatLabel}</label>
            <select id="format" part="format" ?disabled=${running} @change=${(e: Event) => (this.format = (e.target as HTMLSelectElement).value as ExportFormat)}>
              ${formats.map((id) => html`<option value=${id} ?selected=${id === format}>${t.exportFormatNames[id]}</option>`)}
            </select>
          </div>`
        : nothing}
      <button type="button" part="export-button" ?disabled=${running} @click=${() => void this.start()}>
        ${formats.length > 1 ? label : `${label} (${t.exportFormatNames[format]})`}
      </button>
      ${running ? this.renderProgress() : nothing}
      ${this.phase === 'error'
        ? html`<p class="message error" part="message" role="alert">${this.message}</p>`
        : html`<p class="message" part="message" role="status">${running ? '' : this.message}</p>`}
    </div>`;
  }

  /** What the button will export: the selection, what the search and filters match, or all. */
  private get label(): string {
    const t = this.t;
    if (this.ids.length > 0) return t.exportSelected(this.ids.length);
    const { search, filters } = this.query;
    const narrowed = Boolean(search?.trim()) || filters?.status !== undefined || filters?.accountId !== undefined;
    if (!narrowed) return t.exportAll;
    return this.total === null || this.total === undefined ? t.exportButton : t.exportMatching(this.total);
  }

  private renderProgress() {
    const t = this.t;
    const progress = this.progress;
    const known = progress?.done != null && progress.total != null && progress.total > 0;
    const text = known
      ? t.exportProgress(formatNumber(progress.done!, this.locale), formatNumber(progress.total!, this.locale))
      : progress && progress.bytes > 0
        ? t.exportBytes(formatNumber(Math.ceil(progress.bytes / 1024), this.locale))
        : t.exporting;
    return html`<div class="progress">
      ${known
        ? html`<progress part="progress" aria-label=${t.exporting} max=${progress.total!} .value=${progress.done!}></progress>`
        : html`<progress part="progress" aria-label=${t.exporting}></progress>`}
      <span>${text}</span>
      <button type="button" part="cancel-button" @click=${() => this.cancel()}>${t.cancel}</button>
    </div>`;
  }
}
