import {
  can,
  csvWriter,
  exportHeaders,
  EXPORT_MIME_TYPES,
  exportColumns,
  exportFileName,
  exportStatusNames,
  exportYesNo,
  Id,
  LIMITS,
  type Contact,
  type ExportColumn,
  type ExportColumnId,
  type ExportContext,
  type ExportFormat,
  type Viewer,
} from '@portico/core';
import { fontLoader } from '@portico/export';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { writeAudit } from './audit.js';
import type { Ctx } from './context.js';
import type { Database } from './db.js';
import { forbidden, validationProblem } from './problems.js';
import { ContactQueryParams, countContacts, keysetPages, resolveContactQuery } from './list-query.js';
import { CONTACT_SELECT, listAccounts, toContact, type ContactRow } from './store.js';

/** Contacts read from the database per step: the memory an export holds, whatever its size. */
export const EXPORT_PAGE_SIZE = Math.min(200, LIMITS.pageSizeMax);
/** A selection travels in the query string, so it is bounded. */
export const EXPORT_MAX_IDS = 1000;

export const ExportParams = z.object({
  format: z.enum(['csv', 'xlsx', 'pdf']).default('csv'),
  q: z.string().max(LIMITS.search).optional(),
  status: z.string().max(20).optional(),
  accountId: z.string().max(64).optional(),
  includeChildAccounts: z.string().max(5).optional(),
  sort: z.string().max(20).optional(),
  order: z.string().max(4).optional(),
  /** Comma-separated column ids; unknown ids are ignored. */
  columns: z.string().max(1000).optional(),
  /** The language of the header row and the status names (BCP 47); English when not shipped. */
  lang: z.string().max(35).optional(),
  /** Comma-separated contact ids: export only this selection (ids outside the viewer's reach are left out). */
  ids: z
    .string()
    .max(EXPORT_MAX_IDS * 65)
    .optional()
    .transform((value) => (value ? value.split(',').map((id) => id.trim()).filter(Boolean) : undefined))
    .pipe(z.array(Id).max(EXPORT_MAX_IDS).optional()),
});

/** The list parameters an export passes on unchanged. */
const LIST_PARAMS = ['q', 'status', 'accountId', 'includeChildAccounts', 'sort', 'order'] as const;

export interface ExportHandlerOptions {
  db: Database;
  now: () => Date;
  requireViewer: (c: Ctx) => Promise<Viewer>;
}

/** The contacts to write, a page at a time, and how many there are. */
interface ContactSource {
  total: number;
  pages: AsyncGenerator<Contact[]>;
}

/**
 * `GET /api/contacts/export`: the list's query (or a selection of ids) as CSV, XLSX or PDF,
 * streamed: contacts are read a page at a time and written as they arrive.
 */
export const exportHandler =
  ({ db, now, requireViewer }: ExportHandlerOptions) =>
  async (c: Ctx): Promise<Response> => {
    const viewer = await requireViewer(c);
    if (!can(viewer, 'contact.export')) throw forbidden();
    const parsed = ExportParams.safeParse(c.req.query());
    if (!parsed.success) throw validationProblem(parsed.error);
    const params = parsed.data;
    const columns = exportColumns(params.columns?.split(','));

    let source: ContactSource;
    if (params.ids) {
      source = await selectionSource(db, viewer, params.ids);
    } else {
      // The list's own query (list-query.ts), so the export has exactly its search, filters, sort
      // and tenant scope (and its 403, 400 and 404 answers), read by keyset (ADR 0005).
      if (!can(viewer, 'contact.list')) throw forbidden();
      const listParams = ContactQueryParams.safeParse(Object.fromEntries(LIST_PARAMS.flatMap((key) => (params[key] === undefined ? [] : [[key, params[key]]]))));
      if (!listParams.success) throw validationProblem(listParams.error);
      const query = await resolveContactQuery(db, viewer, listParams.data);
      source = { total: await countContacts(db, query), pages: keysetPages(db, query, EXPORT_PAGE_SIZE) };
    }

    const accounts = await listAccounts(db);
    const names = new Map(accounts.filter((account) => viewer.scope.includes(account.id)).map((account) => [account.id, account.name]));
    const statusNames = exportStatusNames(params.lang);
    const yesNo = exportYesNo(params.lang);
    const context: ExportContext = {
      accountName: (id) => names.get(id) ?? id,
      statusName: (status) => statusNames[status],
      yesNo: (value) => (value ? yesNo.yes : yesNo.no),
    };
    const at = now();
    await writeAudit(
      db,
      { actorContactId: viewer.contactId, action: 'contact.export', targetType: 'contact', targetId: null, accountId: viewer.accountId, after: { format: params.format, count: source.total, columns: columns.map((column) => column.id) } },
      at,
    );

    const body = await WRITERS[params.format]({ source, columns, context, at, headers: exportHeaders(params.lang), lang: params.lang });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': EXPORT_MIME_TYPES[params.format],
        'content-disposition': `attachment; filename="${exportFileName(params.format, at)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // Lets a client show progress in contacts rather than bytes.
        'x-total-count': String(source.total),
      },
    });
  };

const selectionSource = async (db: Database, viewer: Viewer, ids: readonly string[]): Promise<ContactSource> => {
  const unique = [...new Set(ids)];
  // Ids outside the viewer's scope are left out silently, like ids that do not exist.
  const { rows } = await db.query<{ total: number }>('select count(*)::int as total from contacts where id = any($1::text[]) and account_id = any($2::text[])', [unique, viewer.scope]);
  async function* pages(): AsyncGenerator<Contact[]> {
    for (let start = 0; start < unique.length; start += EXPORT_PAGE_SIZE) {
      const chunk = unique.slice(start, start + EXPORT_PAGE_SIZE);
      const result = await db.query<ContactRow>(`${CONTACT_SELECT} where c.id = any($1::text[]) and c.account_id = any($2::text[])`, [chunk, viewer.scope]);
      const byId = new Map(result.rows.map((row) => [row.id, toContact(row)]));
      // The order the client sent: the order the rows had on screen.
      const contacts = chunk.map((id) => byId.get(id)).filter((contact): contact is Contact => contact !== undefined);
      if (contacts.length > 0) yield contacts;
    }
  }
  return { total: rows[0]?.total ?? 0, pages: pages() };
};

interface WriteJob {
  source: ContactSource;
  columns: ExportColumn[];
  context: ExportContext;
  at: Date;
  /** The header row's texts, in the language asked for. */
  headers: Record<ExportColumnId, string>;
  /** The language of the PDF's title, date and footer. */
  lang: string | undefined;
}

type Writer = (job: WriteJob) => Promise<ReadableStream<Uint8Array>>;

/** Pulls one chunk per read, so a slow client slows the database reads down too. */
const pullStream = (chunks: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> => {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
};

const writeCsv: Writer = ({ source, columns, context, headers }) => {
  const writer = csvWriter(columns, context, headers);
  async function* chunks(): AsyncGenerator<string> {
    yield writer.head;
    for await (const contacts of source.pages) yield contacts.map(writer.row).join('');
  }
  return Promise.resolve(pullStream(chunks()));
};

// Above this many buffered bytes the writers wait for the client to read.
const HIGH_WATER = 1 << 20;

const writeXlsx: Writer = async ({ source, columns, context, headers }) => {
  // Loaded only when a spreadsheet is asked for; the sheet's layout is the browser export's (@portico/export).
  const { loadExcelJS, setUpSheet, sheetRow, SHEET_NAME, SHEET_OPTIONS } = await import('@portico/export/xlsx');
  const ExcelJS = await loadExcelJS();
  const out = new PassThrough({ highWaterMark: HIGH_WATER });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(SHEET_NAME, SHEET_OPTIONS);
  setUpSheet(sheet, columns, headers);
  const fill = async () => {
    for await (const contacts of source.pages) {
      if (out.destroyed) return;
      for (const contact of contacts) {
        sheet.addRow(sheetRow(columns, context, contact)).commit();
      }
      // PGlite answers within the event loop's turn: yield after every page, or the response (and
      // every other request) waits until a mebibyte of file has piled up.
      await nextTurn();
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  };
  fill().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
};

// ---- PDF ---------------------------------------------------------------------------------

const writePdf: Writer = async ({ source, columns, context, at, headers, lang }) => {
  // The table, its fonts and texts are the browser export's (@portico/export); here it is streamed.
  const { createPdfTable } = await import('@portico/export/pdf');
  const table = await createPdfTable({ columns, context, headers, lang, at, total: source.total, fonts: fontLoader() });
  const { doc } = table;
  const fill = async () => {
    for await (const contacts of source.pages) {
      await table.add(contacts);
      // Yield after every page, as for XLSX: at 10,000 contacts the server was held up for 2.8 s.
      await nextTurn();
      // pdfkit has no backpressure of its own: wait while the client has not read what we wrote.
      while (doc.readableLength > HIGH_WATER && !doc.destroyed) await delay(5);
      if (doc.destroyed) return;
    }
    table.end();
  };
  fill().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(doc as unknown as Readable) as ReadableStream<Uint8Array>;
};

const WRITERS: Record<ExportFormat, Writer> = { csv: writeCsv, xlsx: writeXlsx, pdf: writePdf };

