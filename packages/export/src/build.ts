import {
  ContactsError,
  csvWriter,
  EXPORT_MIME_TYPES,
  exportColumns,
  exportHeaders,
  exportStatusNames,
  exportYesNo,
  LIMITS,
  type Contact,
  type ContactsClient,
  type ExportContext,
  type ExportFormat,
  type ExportOptions,
  type ExportWriters,
  type ListQueryInput,
} from '@portico/core';
import { fontLoader, type PdfFontLoader, type PdfFontSource } from './fonts.js';

export interface BuildExportOptions extends ExportOptions {
  /** Contacts per `listContacts` call (default 200); an API with a lower maximum passes it. */
  pageSize?: number;
  /** Where the PDF fonts come from (see `fontLoader`). */
  fonts?: PdfFontSource | undefined;
  /** The export's time, for the PDF's date (default now). */
  now?: () => Date;
}

const aborted = (signal: AbortSignal) => new ContactsError('The request was aborted.', { code: 'aborted', cause: signal.reason });

/** Contacts fetched at once when a selection is exported one id at a time. */
const SELECTION_BATCH = 20;

interface Source {
  /** How many contacts the file will hold, as far as known before the first page. */
  total: number;
  pages: AsyncGenerator<{ contacts: Contact[]; total: number }>;
}

async function* listPages(client: ContactsClient, query: ListQueryInput, pageSize: number, signal: AbortSignal | undefined, first: Awaited<ReturnType<ContactsClient['listContacts']>>) {
  let page = first;
  let number = 1;
  let done = 0;
  for (;;) {
    if (page.items.length === 0) return;
    done += page.items.length;
    yield { contacts: page.items, total: Math.max(page.total, done) };
    const cursor = page.nextCursor;
    // An API that pages with cursors says when it is done; one that pages by number, by its total or a short page.
    // An API that pages with cursors says when it is done; one that pages by number, with a short
    // page once the total is reached (an API that does not count says "total so far").
    if (cursor === null || (cursor === undefined && done >= page.total && page.items.length < pageSize)) return;
    number += 1;
    if (signal?.aborted) throw aborted(signal);
    const { page: _page, cursor: _cursor, ...rest } = query;
    page = await client.listContacts({ ...rest, pageSize, ...(cursor ? { cursor } : { page: number }) }, signal ? { signal } : {});
  }
}

const listSource = async (client: ContactsClient, query: ListQueryInput, pageSize: number, signal: AbortSignal | undefined): Promise<Source> => {
  const { page: _page, cursor: _cursor, ...rest } = query;
  const first = await client.listContacts({ ...rest, page: 1, pageSize }, signal ? { signal } : {});
  return { total: first.total, pages: listPages(client, query, pageSize, signal, first) };
};

const selectionSource = (client: ContactsClient, ids: readonly string[], signal: AbortSignal | undefined): Source => {
  const unique = [...new Set(ids)];
  async function* pages() {
    let done = 0;
    for (let start = 0; start < unique.length; start += SELECTION_BATCH) {
      if (signal?.aborted) throw aborted(signal);
      const found = await Promise.all(
        unique.slice(start, start + SELECTION_BATCH).map((id) =>
          client.getContact(id, signal ? { signal } : {}).catch((error: unknown) => {
            // Ids outside the viewer's reach are left out, as the server does.
            if (error instanceof ContactsError && (error.code === 'not_found' || error.code === 'forbidden')) return null;
            throw error;
          }),
        ),
      );
      const contacts = found.filter((contact): contact is Contact => contact !== null);
      done += contacts.length;
      yield { contacts, total: done + unique.length - Math.min(unique.length, start + SELECTION_BATCH) };
    }
  }
  return { total: unique.length, pages: pages() };
};

/** Account names, and the status names in the export's language. */
const exportContext = async (client: ContactsClient, lang: string | undefined, signal: AbortSignal | undefined): Promise<ExportContext> => {
  const statusNames = exportStatusNames(lang);
  const statusName = (status: keyof typeof statusNames) => statusNames[status];
  const words = exportYesNo(lang);
  const yesNo = (value: boolean) => (value ? words.yes : words.no);
  if (!client.capabilities.accounts) return { accountName: (id) => id, statusName, yesNo };
  const accounts = await client.listAccounts(signal ? { signal } : {});
  const names = new Map(accounts.map((account) => [account.id, account.name]));
  return { accountName: (id) => names.get(id) ?? id, statusName, yesNo };
};

/** A font that cannot be loaded fails the export with a message that says where to look. */
const fontsOrError =
  (load: PdfFontLoader, signal: AbortSignal | undefined): PdfFontLoader =>
  async (font) => {
    try {
      return await load(font);
    } catch (error) {
      if (signal?.aborted) throw aborted(signal);
      const reason = error instanceof Error ? error.message : String(error);
      const message = `The PDF font ${font.package}/${font.file} could not be loaded (${reason}). Set the fonts of exportWriters({ fonts }) (the adapters' exportFonts option before) to where the font packages are served.`;
      throw new ContactsError(message, { code: 'network', cause: error, fieldErrors: [{ field: 'exportFonts', message }] });
    }
  };

/**
 * `exportContacts` for an adapter without a server-side export: reads the contacts `query` matches
 * a list page at a time through `listContacts` (or `options.ids` through `getContact`), reports
 * progress after each page, stops on `options.signal`, and writes CSV, XLSX or PDF with the same
 * columns, cells, formula neutralisation and localised texts as the server's export. The
 * spreadsheet and PDF writers, and the PDF fonts, are loaded only when that format is asked for.
 */
export const buildExport = async (client: ContactsClient, query: ListQueryInput, format: ExportFormat, options: BuildExportOptions = {}): Promise<Blob> => {
  const { signal, onProgress } = options;
  if (!(format in EXPORT_MIME_TYPES)) throw new ContactsError(`Unknown export format "${String(format)}": use csv, xlsx or pdf.`, { code: 'validation', fieldErrors: [{ field: 'format', message: 'Use csv, xlsx or pdf.' }] });
  if (signal?.aborted) throw aborted(signal);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? 200, LIMITS.pageSizeMax));
  const columns = exportColumns(options.columns);
  const headers = exportHeaders(options.lang);
  const context = await exportContext(client, options.lang, signal);
  const source = options.ids?.length ? selectionSource(client, options.ids, signal) : await listSource(client, query, pageSize, signal);

  let done = 0;
  let bytes = 0;
  const progress = (total: number) => onProgress?.({ done, total, bytes });
  const finish = (blob: Blob) => {
    bytes = blob.size;
    onProgress?.({ done, total: done, bytes });
    return blob;
  };
  const check = () => {
    if (signal?.aborted) throw aborted(signal);
  };

  if (format === 'csv') {
    const writer = csvWriter(columns, context, headers);
    const encoder = new TextEncoder();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    const write = (text: string) => {
      const chunk = encoder.encode(text);
      parts.push(chunk);
      bytes += chunk.byteLength;
    };
    write(writer.head);
    for await (const page of source.pages) {
      check();
      write(page.contacts.map(writer.row).join(''));
      done += page.contacts.length;
      progress(page.total);
      check();
    }
    return finish(new Blob(parts, { type: EXPORT_MIME_TYPES.csv }));
  }

  if (format === 'xlsx') {
    const { createXlsxBook } = await import('./xlsx.js');
    const book = await createXlsxBook({ columns, context, headers });
    for await (const page of source.pages) {
      check();
      book.add(page.contacts);
      done += page.contacts.length;
      progress(page.total);
      check();
    }
    const file = await book.bytes();
    check();
    return finish(new Blob([file], { type: EXPORT_MIME_TYPES.xlsx }));
  }

  const { createPdfTable } = await import('./pdf.js');
  const table = await createPdfTable({ columns, context, headers, lang: options.lang, at: options.now?.() ?? new Date(), total: source.total, fonts: fontsOrError(fontLoader(options.fonts), signal) });
  const parts: Uint8Array[] = [];
  table.doc.on('data', (chunk: Uint8Array) => {
    parts.push(chunk);
    bytes += chunk.byteLength;
  });
  const ended = new Promise<void>((resolve, reject) => {
    table.doc.on('end', () => resolve());
    table.doc.on('error', reject);
  });
  for await (const page of source.pages) {
    check();
    await table.add(page.contacts);
    done += page.contacts.length;
    progress(page.total);
    check();
  }
  table.end();
  await ended;
  return finish(new Blob(parts as Uint8Array<ArrayBuffer>[], { type: EXPORT_MIME_TYPES.pdf }));
};

/**
 * The `exportWriters` option of the adapters that build files in the page (memory, mapped, SCIM):
 * `new MemoryContactsClient({ exportWriters: exportWriters({ fonts: '/fonts/' }) })`.
 */
export const exportWriters =
  ({ fonts }: { fonts?: PdfFontSource } = {}): ExportWriters =>
  (client, query, format, options) =>
    buildExport(client, query, format, { ...options, fonts });
