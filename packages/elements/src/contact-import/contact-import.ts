import { downloadBlob } from '../base/shared-templates.js';
import { html, nothing } from 'lit';
import {
  autoMapColumns,
  can,
  displayName,
  findDuplicate,
  IMPORT_FIELDS,
  importReportCsv,
  parseCsvAsync,
  rowsToDrafts,
  sameName,
  type Contact,
  type ContactDraft,
  type ContactPatch,
  type ImportField,
  type ImportOutcome,
  type ImportResult,
  type ImportRow,
} from '@portico/core';
import { PorticoElement, isAbort } from '../base/portico-element.js';
import { localizedFieldErrors } from '../base/problems.js';
import { sharedStyles } from '../base/shared.styles.js';
import { accountOptions, accountsTask } from '../base/accounts.js';
import { ContactImportEvent, ContactImportedEvent, ContactImportProgressEvent } from '../events.js';
import { contactImportStyles } from './contact-import.styles.js';
import { enContactImport } from '../i18n/en-contact-import.js';

export type DuplicatePolicy = 'skip' | 'update';
/** Reads a spreadsheet's first sheet as records of text cells, e.g. with exceljs. */
export type SpreadsheetReader = (file: Blob) => Promise<string[][]>;

type Phase = 'pick' | 'reading' | 'map' | 'importing' | 'done';

/** Rows sent at once: fast enough, and gentle on a server's rate limits. */
const BATCH = 5;
const ERRORS_SHOWN = 20;

/**
 * Imports contacts from a CSV or Excel (`.xlsx`) file: maps the
 * columns to fields by their headers (changeable), validates every row with the `ContactDraft`
 * schema and lists the row errors, finds duplicates by e-mail or name and skips or updates them,
 * creates the rest in small batches with an idempotency key per row (a repeated import of the
 * same file does not create twice), and offers the result of every row as a CSV report.
 *
 * A large CSV file is read a slice at a time, yielding to the event loop in between, with a
 * progress bar, so the page stays responsive. `.xlsx` files are read by a built-in reader
 * (`read-excel-file`) that is loaded only when such a file is chosen; a host may supply its own
 * `spreadsheetReader` instead.
 *
 * @summary Upload, column mapping, row validation, duplicate handling and a downloadable report.
 *
 * @fires contact-import - Cancelable. `{ rows, duplicates }` before the import starts.
 * @fires contact-imported - `{ created, updated, skipped, invalid, failed }` when it ended.
 * @fires contact-import-progress - `{ loaded, total, records }` while a CSV file is being read.
 *
 * @csspart file - The file input.
 * @csspart mapping - The column mapping table.
 * @csspart errors - The list of row errors.
 * @csspart import-button - The Import button.
 * @csspart progress - The progress bar of the import.
 * @csspart read-progress - The progress bar while a file is being read.
 * @csspart summary - The result counts.
 * @csspart report-button - The report download button.
 *
 * @cssproperty --contact-import-gap - Space between the sections.
 * @cssproperty --contact-import-cell-padding - Padding of the mapping table cells.
 */
export class ContactImport extends PorticoElement {
  /** The English this element shows besides the shared strings (docs/i18n.md). */
  protected static override englishParts = [enContactImport];

  static override styles = [sharedStyles, contactImportStyles];

  static override properties = {
    spreadsheetReader: { attribute: false },
    duplicates: { type: String },
    phase: { state: true },
    records: { state: true },
    mapping: { state: true },
    defaultAccountId: { state: true },
    fileError: { state: true },
    done: { state: true },
    total: { state: true },
    results: { state: true },
    readLoaded: { state: true },
    readTotal: { state: true },
  };

  /** Reads `.xlsx` files instead of the built-in reader: the first sheet as records of text cells. */
  declare spreadsheetReader: SpreadsheetReader | undefined;
  /** What to do with a row whose e-mail or name already exists: `skip` (default) or `update`. */
  declare duplicates: DuplicatePolicy;

  protected declare phase: Phase;
  protected declare records: string[][];
  protected declare mapping: (ImportField | null)[];
  protected declare defaultAccountId: string;
  protected declare fileError: string;
  protected declare done: number;
  protected declare total: number;
  protected declare results: ImportResult[];
  protected declare readLoaded: number;
  protected declare readTotal: number;

  private fingerprint = '';
  private controller: AbortController | null = null;
  private reading: AbortController | null = null;
  private rowsCache: { records: unknown; mapping: unknown; defaultAccountId: string; accounts: unknown; rows: ImportRow[] } | null = null;
  private readonly accountsTask = accountsTask(this);

  constructor() {
    super();
    this.spreadsheetReader = undefined;
    this.duplicates = 'skip';
    this.phase = 'pick';
    this.records = [];
    this.mapping = [];
    this.defaultAccountId = '';
    this.fileError = '';
    this.done = 0;
    this.total = 0;
    this.results = [];
    this.readLoaded = 0;
    this.readTotal = 0;
  }

  /** Whether the viewer may import (create contacts) with this client. */
  get allowed(): boolean {
    const viewer = this.activeViewer;
    const client = this.activeClient;
    return Boolean(viewer && client && client.capabilities.create && can(viewer, 'contact.create'));
  }

  /** The rows as they would be imported now, with their errors. */
  get rows(): ImportRow[] {
    const accounts = this.accountsTask.value;
    const cache = this.rowsCache;
    // Validating every row is the costly part of a large file; do it once per mapping.
    if (cache && cache.records === this.records && cache.mapping === this.mapping && cache.defaultAccountId === this.defaultAccountId && cache.accounts === accounts) return cache.rows;
    const rows = rowsToDrafts(this.records, this.mapping, { accounts: this.creatableAccounts, defaultAccountId: this.defaultAccountId || undefined });
    this.rowsCache = { records: this.records, mapping: this.mapping, defaultAccountId: this.defaultAccountId, accounts, rows };
    return rows;
  }

  private get creatableAccounts() {
    const viewer = this.activeViewer;
    return (this.accountsTask.value ?? []).filter((account) => viewer && can(viewer, 'contact.create', { id: '', accountId: account.id, roles: [] }));
  }

  /** Reads a file, as choosing one in the file input does. Resolves when it has been read. */
  async load(file: File): Promise<void> {
    this.reading?.abort();
    const reading = new AbortController();
    this.reading = reading;
    this.fileError = '';
    try {
      const isSpreadsheet = /\.xlsx$/i.test(file.name) || file.type.includes('spreadsheetml');
      let records: string[][];
      this.phase = 'reading';
      this.readLoaded = 0;
      this.readTotal = 0;
      if (isSpreadsheet) {
        const reader = this.spreadsheetReader ?? (await import('./xlsx-reader.js')).readXlsx;
        records = await reader(file);
        reading.signal.throwIfAborted();
        this.fingerprint = await fingerprintOf(JSON.stringify(records));
      } else {
        const text = await file.text();
        records = await parseCsvAsync(text, {
          signal: reading.signal,
          onProgress: (progress) => {
            this.readLoaded = progress.loaded;
            this.readTotal = progress.total;
            this.dispatchEvent(new ContactImportProgressEvent(progress));
          },
        });
        this.fingerprint = await fingerprintOf(text);
      }
      reading.signal.throwIfAborted();
      if (records.length < 2) {
        this.phase = 'pick';
        this.fileError = this.t.importEmpty;
        return;
      }
      this.records = records;
      this.mapping = autoMapColumns(records[0]!, { ...this.t.fields, account: this.t.fields.accountId });
      this.defaultAccountId ||= this.activeViewer?.accountId ?? '';
      this.phase = 'map';
    } catch (error) {
      if (reading.signal.aborted) return;
      this.phase = 'pick';
      this.fileError = this.t.importUnreadable(this.problemText(error));
    } finally {
      if (this.reading === reading) this.reading = null;
    }
  }

  /** Runs the import of the valid rows. Resolves when it ended (also when cancelled). */
  async start(): Promise<void> {
    const client = this.activeClient;
    if (!client || this.phase !== 'map') return;
    const rows = this.rows;
    const valid = rows.filter((row): row is ImportRow & { draft: ContactDraft } => row.draft !== null);
    if (valid.length === 0) return;
    if (!this.dispatchEvent(new ContactImportEvent({ rows: valid.length, duplicates: this.duplicates }))) return;
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.phase = 'importing';
    this.done = 0;
    const results: ImportResult[] = rows
      .filter((row) => row.draft === null)
      .map((row) => ({ line: row.line, outcome: 'invalid', contactId: null, message: this.rowErrors(row.errors) }));
    // A row that repeats an earlier row of the file (same e-mail or name) is not sent at all.
    const first: (ImportRow & { draft: ContactDraft })[] = [];
    const unique: (ImportRow & { draft: ContactDraft })[] = [];
    for (const row of valid) {
      const earlier = first.find((other) => other.draft.email.toLowerCase() === row.draft.email.toLowerCase() || sameName(other.draft, row.draft));
      if (earlier) results.push({ line: row.line, outcome: 'skipped', contactId: null, message: this.t.importRepeatsLine(earlier.line) });
      else {
        first.push(row);
        unique.push(row);
      }
    }
    this.total = unique.length;
    const importRow = async ({ line, draft }: ImportRow & { draft: ContactDraft }): Promise<ImportResult> => {
      try {
        if (signal.aborted) return { line, outcome: 'failed', contactId: null, message: this.t.importCancelled };
        const duplicate = findDuplicate(draft, await this.candidates(draft, signal));
        if (duplicate && this.duplicates === 'skip') {
          return { line, outcome: 'skipped', contactId: duplicate.id, message: this.t.importDuplicateOf(displayName(duplicate), duplicate.email) };
        }
        if (duplicate) {
          // The account stays: moving a contact is a permission of its own.
          const { accountId: _account, ...patch } = draft;
          const updated = await client.updateContact(duplicate.id, patch as ContactPatch, { signal, ifVersion: duplicate.version });
          this.notifyChange({ contact: updated, id: updated.id });
          return { line, outcome: 'updated', contactId: updated.id, message: '' };
        }
        // The same key for the same row of the same file: a repeated import replays, never creates twice.
        const created = await client.createContact(draft, { signal, idempotencyKey: `import-${this.fingerprint}-${line}` });
        this.notifyChange({ contact: created, id: created.id });
        return { line, outcome: 'created', contactId: created.id, message: '' };
      } catch (error) {
        if (signal.aborted || isAbort(error)) return { line, outcome: 'failed', contactId: null, message: this.t.importCancelled };
        return { line, outcome: 'failed', contactId: null, message: this.problemText(error) };
      } finally {
        this.done += 1;
      }
    };
    try {
      for (let start = 0; start < unique.length; start += BATCH) {
        results.push(...(await Promise.all(unique.slice(start, start + BATCH).map(importRow))));
      }
    } finally {
      this.controller = null;
    }
    this.results = results.sort((a, b) => a.line - b.line);
    this.phase = 'done';
    this.dispatchEvent(new ContactImportedEvent(this.counts));
  }

  /** Stops an import: rows not yet sent are reported as cancelled. */
  cancel(): void {
    this.controller?.abort();
    this.reading?.abort();
  }

  /** Back to choosing a file. */
  reset(): void {
    this.cancel();
    this.phase = 'pick';
    this.records = [];
    this.mapping = [];
    this.results = [];
    this.fileError = '';
    this.rowsCache = null;
  }

  /** The report of the last import as a CSV Blob. */
  get report(): Blob {
    return new Blob([importReportCsv(this.results)], { type: 'text/csv;charset=utf-8' });
  }

  get counts(): Record<ImportOutcome, number> {
    const counts: Record<ImportOutcome, number> = { created: 0, updated: 0, skipped: 0, invalid: 0, failed: 0 };
    for (const result of this.results) counts[result.outcome] += 1;
    return counts;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  /** Existing contacts that may be the same person: by e-mail, then by name. */
  private async candidates(draft: ContactDraft, signal: AbortSignal): Promise<Contact[]> {
    const client = this.activeClient!;
    const byEmail = await client.listContacts({ search: draft.email, pageSize: 10 }, { signal });
    if (byEmail.items.some((c) => c.email.toLowerCase() === draft.email.toLowerCase())) return byEmail.items;
    const byName = await client.listContacts({ search: `${draft.firstName} ${draft.lastName}`, pageSize: 10 }, { signal });
    return [...byEmail.items, ...byName.items];
  }

  private fieldLabel(field: string): string {
    return (this.t.fields as Record<string, string>)[field] ?? field;
  }

  /** A row's problems, each after its field's label, in the page's language. */
  private rowErrors(errors: ImportRow['errors']): string {
    return localizedFieldErrors(errors, this.t, this.locale)
      .map((e) => `${this.fieldLabel(e.field)}: ${e.message}`)
      .join(' ');
  }

  private downloadReport(): void {
    downloadBlob(this.renderRoot, this.report, `contacts-import-report-${new Date().toISOString().slice(0, 10)}.csv`);
  }

  protected override render() {
    const t = this.t;
    if (!this.activeClient) return html`<p class="message error" role="alert">${t.noClient}</p>`;
    if (!this.activeViewer) return html`<p class="message">${t.loading}</p>`;
    if (!this.allowed) return html`<p class="message">${t.importNotAllowed}</p>`;
    return html`<div class="wrapper">
      ${this.phase === 'pick' ? this.renderPick() : nothing} ${this.phase === 'reading' ? this.renderReading() : nothing}
      ${this.phase === 'map' ? this.renderMap() : nothing}
      ${this.phase === 'importing' ? this.renderProgress() : nothing} ${this.phase === 'done' ? this.renderDone() : nothing}
    </div>`;
  }

  private renderPick() {
    const t = this.t;
    const accept = '.csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return html`<div class="field">
        <label for="file">${t.importFileLabel}</label>
        <input
          id="file"
          part="file"
          type="file"
          accept=${accept}
          @change=${(e: Event) => {
            const file = (e.target as HTMLInputElement).files?.[0];
            if (file) void this.load(file);
          }}
        />
      </div>
      ${this.fileError ? html`<p class="message error" role="alert">${this.fileError}</p>` : nothing}`;
  }

  private renderMap() {
    const t = this.t;
    const header = this.records[0] ?? [];
    const sample = this.records[1] ?? [];
    const rows = this.rows;
    const invalid = rows.filter((row) => row.draft === null);
    const valid = rows.length - invalid.length;
    return html`
      <table part="mapping">
        <caption class="visually-hidden">${t.importMappingCaption}</caption>
        <thead>
          <tr>
            <th scope="col">${t.importColumn}</th>
            <th scope="col">${t.importField}</th>
            <th scope="col">${t.importSample}</th>
          </tr>
        </thead>
        <tbody>
          ${header.map(
            (name, column) => html`<tr>
              <th scope="row">${name}</th>
              <td>
                <select
                  aria-label=${t.importFieldFor(name)}
                  @change=${(e: Event) => {
                    const value = (e.target as HTMLSelectElement).value as ImportField | '';
                    this.mapping = this.mapping.map((field, i) => (i === column ? value || null : field === value ? null : field));
                  }}
                >
                  <option value="" ?selected=${!this.mapping[column]}>${t.importSkipColumn}</option>
                  ${IMPORT_FIELDS.map((field) => html`<option value=${field} ?selected=${this.mapping[column] === field}>${this.fieldLabel(field === 'account' ? 'accountId' : field)}</option>`)}
                </select>
              </td>
              <td class="sample">${sample[column] ?? ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <fieldset>
        <div class="field">
          <label for="account">${t.importDefaultAccount}</label>
          <select id="account" @change=${(e: Event) => (this.defaultAccountId = (e.target as HTMLSelectElement).value)}>
            ${accountOptions(this.creatableAccounts).map(({ account, label }) => html`<option value=${account.id} ?selected=${account.id === this.defaultAccountId}>${label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="duplicates">${t.importDuplicatesLabel}</label>
          <select id="duplicates" @change=${(e: Event) => (this.duplicates = (e.target as HTMLSelectElement).value as DuplicatePolicy)}>
            <option value="skip" ?selected=${this.duplicates === 'skip'}>${t.importDuplicatesSkip}</option>
            <option value="update" ?selected=${this.duplicates === 'update'}>${t.importDuplicatesUpdate}</option>
          </select>
        </div>
      </fieldset>
      <p role="status">${t.importRowSummary(rows.length, valid, invalid.length)}</p>
      ${invalid.length > 0
        ? html`<ul part="errors" aria-label=${t.importErrorsLabel}>
            ${invalid.slice(0, ERRORS_SHOWN).map((row) => html`<li>${t.importRowError(row.line, this.rowErrors(row.errors))}</li>`)}
            ${invalid.length > ERRORS_SHOWN ? html`<li>${t.importMoreErrors(invalid.length - ERRORS_SHOWN)}</li>` : nothing}
          </ul>`
        : nothing}
      <div class="actions">
        <button type="button" class="primary" part="import-button" ?disabled=${valid === 0} @click=${() => void this.start()}>${t.importButton(valid)}</button>
        <button type="button" @click=${() => this.reset()}>${t.cancel}</button>
      </div>
    `;
  }

  private renderReading() {
    const t = this.t;
    return html`<div class="actions">
      <progress part="read-progress" aria-label=${t.loading} max=${this.readTotal || 1} .value=${this.readLoaded}></progress>
      <button type="button" @click=${() => this.reset()}>${t.cancel}</button>
    </div>`;
  }

  private renderProgress() {
    const t = this.t;
    const total = this.total;
    return html`<div class="actions">
      <progress part="progress" aria-label=${t.importing} max=${total} .value=${this.done}></progress>
      <span>${t.importProgress(this.done, total)}</span>
      <button type="button" @click=${() => this.cancel()}>${t.cancel}</button>
    </div>`;
  }

  private renderDone() {
    const t = this.t;
    const counts = this.counts;
    return html`<p part="summary" role="status">${t.importSummary(counts)}</p>
      <div class="actions">
        <button type="button" part="report-button" @click=${() => this.downloadReport()}>${t.importReportButton}</button>
        <button type="button" @click=${() => this.reset()}>${t.importAnother}</button>
      </div>`;
  }
}

/** A short stable digest of the file, so a repeated import sends the same idempotency keys. */
const fingerprintOf = async (text: string): Promise<string> => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
};
