import type { Account, Contact, ContactDraft, FieldError } from './schema.js';
import { ContactDraft as ContactDraftSchema } from './schema.js';
import { csvRecord, EXPORT_HEADERS_EN, EXPORT_YES_NO, restoreFormula, type ExportColumnId } from './export.js';
import { sameName } from './user-id.js';
import { fieldErrorsFrom } from './validation.js';

/**
 * Contact import, the pure part: read CSV, map columns to fields by their headers, validate each
 * row with the same schema a form and the server use, find duplicates, and write the report.
 */

// ---- CSV (RFC 4180) reading ------------------------------------------------------------

interface CsvState {
  records: string[][];
  record: string[];
  field: string;
  quoted: boolean;
}

const endField = (state: CsvState) => {
  state.record.push(state.field);
  state.field = '';
};

const endRecord = (state: CsvState) => {
  endField(state);
  // A blank line is no record.
  if (!(state.record.length === 1 && state.record[0] === '')) state.records.push(state.record);
  state.record = [];
};

/** Reads `text` from `from` up to `to` into `state`; returns where it stopped (at or past `to`). */
const scanCsv = (state: CsvState, text: string, from: number, to: number): number => {
  let i = from;
  while (i < to) {
    const char = text[i]!;
    if (state.quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          state.field += '"';
          i += 2;
          continue;
        }
        state.quoted = false;
      } else {
        state.field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"' && state.field === '') state.quoted = true;
    else if (char === ',') endField(state);
    else if (char === '\r' && text[i + 1] === '\n') {
      endRecord(state);
      i += 1;
    } else if (char === '\n' || char === '\r') endRecord(state);
    else state.field += char;
    i += 1;
  }
  return i;
};

const finishCsv = (state: CsvState): string[][] => {
  if (state.field !== '' || state.record.length > 0) endRecord(state);
  return state.records;
};

const withoutBom = (input: string) => (input.startsWith('\uFEFF') ? input.slice(1) : input);

/** Records of fields. Accepts a BOM, CRLF or LF, quoted fields with commas, quotes and newlines. */
export const parseCsv = (input: string): string[][] => {
  const text = withoutBom(input);
  const state: CsvState = { records: [], record: [], field: '', quoted: false };
  scanCsv(state, text, 0, text.length);
  return finishCsv(state);
};

export interface CsvProgress {
  /** Characters read so far. */
  loaded: number;
  /** Characters in the file. */
  total: number;
  /** Records read so far. */
  records: number;
}

export interface ParseCsvOptions {
  /** Called after each slice of the file, and once at the end. */
  onProgress?: (progress: CsvProgress) => void;
  /** Stops reading; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Characters read between two yields to the event loop (default 64 Ki). */
  sliceSize?: number;
  /** How to yield (default: a new task through a `MessageChannel`, else a zero-delay timeout). */
  yieldToEventLoop?: () => Promise<void>;
}

/**
 * A new task at the end of the queue (a message, which unlike a timer is not throttled in a
 * background tab), so timers, input, network callbacks and painting all get their turn.
 * (`scheduler.yield()` would resume ahead of the page's other tasks.)
 */
const defaultYield = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

/**
 * `parseCsv` for large files: the same records, read a slice at a time with a yield to the event
 * loop after each slice, so the page keeps painting and answering input while a big file is read.
 */
export const parseCsvAsync = async (input: string, options: ParseCsvOptions = {}): Promise<string[][]> => {
  const { onProgress, signal, sliceSize = 65_536, yieldToEventLoop = defaultYield } = options;
  const text = withoutBom(input);
  const state: CsvState = { records: [], record: [], field: '', quoted: false };
  let i = 0;
  while (i < text.length) {
    signal?.throwIfAborted();
    i = scanCsv(state, text, i, Math.min(text.length, i + sliceSize));
    if (i >= text.length) break;
    onProgress?.({ loaded: i, total: text.length, records: state.records.length });
    await yieldToEventLoop();
  }
  signal?.throwIfAborted();
  const records = finishCsv(state);
  onProgress?.({ loaded: text.length, total: text.length, records: records.length });
  return records;
};

// ---- Column mapping --------------------------------------------------------------------

export const IMPORT_FIELDS = [
  'honorific',
  'firstName',
  'lastName',
  'jobTitle',
  'email',
  'businessPhone',
  'mobilePhone',
  'account',
  'language',
  'timeZone',
  'notifications',
] as const satisfies readonly ExportColumnId[];
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Other headers people give these columns; compared without case, spaces, dashes or dots. */
const ALIASES: Record<ImportField, string[]> = {
  honorific: ['salutation', 'anrede', 'prefix'],
  firstName: ['first', 'given name', 'forename', 'vorname', 'prénom'],
  lastName: ['last', 'surname', 'family name', 'nachname', 'nom'],
  jobTitle: ['position', 'role', 'function'],
  email: ['e-mail', 'mail', 'email address', 'e-mail address'],
  businessPhone: ['phone', 'telephone', 'work phone', 'office phone'],
  mobilePhone: ['mobile', 'cell', 'cell phone', 'handy'],
  account: ['company', 'organisation', 'organization', 'account name', 'account id', 'accountid'],
  language: ['locale', 'lang'],
  timeZone: ['timezone', 'tz'],
  notifications: ['notify'],
};

const normalise = (header: string) => header.trim().toLowerCase().replace(/[\s_.-]+/g, '');

/** The field of each column (null: not imported), from its header; each field taken once. */
export const autoMapColumns = (headers: readonly string[], headerTexts: Partial<Record<ExportColumnId, string>> = EXPORT_HEADERS_EN): (ImportField | null)[] => {
  const lookup = new Map<string, ImportField>();
  for (const field of IMPORT_FIELDS) {
    for (const name of [field, EXPORT_HEADERS_EN[field], headerTexts[field] ?? '', ...ALIASES[field]]) {
      if (name && !lookup.has(normalise(name))) lookup.set(normalise(name), field);
    }
  }
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = lookup.get(normalise(header));
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
};

// ---- Rows to drafts --------------------------------------------------------------------

export interface ImportRow {
  /** The row's line in the file, counting the header as 1. */
  line: number;
  draft: ContactDraft | null;
  errors: FieldError[];
}

export interface ImportContext {
  /** Accounts the viewer may create contacts in; a cell names one by name or id. */
  accounts: readonly Account[];
  /** The account for rows without an account column or cell. */
  defaultAccountId?: string | undefined;
}

// What a person writes, and what an export wrote in any of its languages (EXPORT_YES_NO).
const exported = Object.values(EXPORT_YES_NO);
const YES = new Set(['yes', 'true', '1', 'y', 'x', 'si', ...exported.map(({ yes }) => yes.toLowerCase())]);
const NO = new Set(['no', 'false', '0', 'n', '', ...exported.map(({ no }) => no.toLowerCase())]);

/** Validates each data row (the first record is the header) with the `ContactDraft` schema. */
export const rowsToDrafts = (records: readonly (readonly string[])[], mapping: readonly (ImportField | null)[], context: ImportContext): ImportRow[] =>
  records.slice(1).map((record, index) => {
    const line = index + 2;
    const values: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    mapping.forEach((field, column) => {
      if (!field) return;
      // Our own export marks formula-like text with a leading apostrophe; take the text back.
      const cell = restoreFormula((record[column] ?? '').trim());
      if (field === 'account') {
        if (!cell) return;
        const account = context.accounts.find((a) => a.id === cell) ?? context.accounts.find((a) => a.name.toLowerCase() === cell.toLowerCase());
        if (account) values['accountId'] = account.id;
        else errors.push({ field: 'accountId', message: `Unknown account "${cell}".`, code: 'invalid_account' });
      } else if (field === 'notifications') {
        const answer = cell.toLowerCase();
        if (YES.has(answer)) values['notifications'] = true;
        else if (NO.has(answer)) values['notifications'] = answer === '' ? undefined : false;
        else errors.push({ field: 'notifications', message: 'Write yes or no.', code: 'invalid_boolean' });
      } else if (cell !== '') {
        values[field] = cell;
      }
    });
    if (values['accountId'] === undefined && !errors.some((e) => e.field === 'accountId')) {
      if (context.defaultAccountId) values['accountId'] = context.defaultAccountId;
      else errors.push({ field: 'accountId', message: 'Choose the account for this contact.', code: 'required' });
    }
    const parsed = ContactDraftSchema.safeParse(values);
    if (!parsed.success) {
      const known = new Set(errors.map((e) => e.field));
      errors.push(...fieldErrorsFrom(parsed.error).filter((e) => !known.has(e.field)));
    }
    return { line, draft: parsed.success && errors.length === 0 ? parsed.data : null, errors };
  });

// ---- Duplicates --------------------------------------------------------------------------

/** An existing contact with the same e-mail (ignoring case), else with the same name. */
export const findDuplicate = (draft: Pick<ContactDraft, 'email' | 'firstName' | 'lastName'>, candidates: readonly Contact[]): Contact | undefined =>
  candidates.find((c) => c.email.toLowerCase() === draft.email.toLowerCase()) ?? candidates.find((c) => sameName(c, draft));

// ---- Report --------------------------------------------------------------------------------

export type ImportOutcome = 'created' | 'updated' | 'skipped' | 'invalid' | 'failed';

export interface ImportResult {
  line: number;
  outcome: ImportOutcome;
  contactId: string | null;
  message: string;
}

/** The result of every row as CSV (BOM, RFC 4180, formula-safe), for the person to keep. */
export const importReportCsv = (results: readonly ImportResult[]): string =>
  '\uFEFF' + csvRecord(['Line', 'Result', 'Contact ID', 'Message']) + results.map((r) => csvRecord([String(r.line), r.outcome, r.contactId, r.message])).join('');
