import {
  can,
  csvWriter,
  exportHeaders,
  EXPORT_MIME_TYPES,
  exportColumns,
  exportFileName,
  Id,
  LIMITS,
  type Contact,
  type ExportColumn,
  type ExportColumnId,
  type ExportContext,
  type ExportFormat,
  type Page,
  type Viewer,
} from '@portico/core';
import type { Context, Env, Hono } from 'hono';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Database } from './db.js';
import { forbidden, validationProblem } from './problems.js';
import { CONTACT_SELECT, listAccounts, toContact, writeAudit, type ContactRow } from './store.js';

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
  /** The language of the header row (BCP 47); English when not shipped. */
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

export interface ExportRouteOptions<E extends Env> {
  db: Database;
  now: () => Date;
  requireViewer: (c: Context<E>) => Promise<Viewer>;
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
export const registerExportRoute = <E extends Env>(app: Hono<E>, { db, now, requireViewer }: ExportRouteOptions<E>): void => {
  app.get('/api/contacts/export', async (c) => {
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
      // The list route itself answers each page, so the export has exactly its search, filters,
      // sort and tenant scope (and its 400 and 404 answers).
      const cookie = c.req.header('cookie') ?? '';
      const fetchPage = (page: number) => {
        const query = new URLSearchParams({ page: String(page), pageSize: String(EXPORT_PAGE_SIZE) });
        for (const key of LIST_PARAMS) if (params[key] !== undefined) query.set(key, params[key]);
        return Promise.resolve(app.request(`/api/contacts?${query.toString()}`, { headers: { cookie } }));
      };
      const first = await fetchPage(1);
      if (first.status !== 200) return first;
      const firstPage = (await first.json()) as Page<Contact>;
      source = { total: firstPage.total, pages: listSource(firstPage, fetchPage) };
    }

    const accounts = await listAccounts(db);
    const names = new Map(accounts.filter((account) => viewer.scope.includes(account.id)).map((account) => [account.id, account.name]));
    const context: ExportContext = { accountName: (id) => names.get(id) ?? id };
    const at = now();
    await writeAudit(
      db,
      { actorContactId: viewer.contactId, action: 'contact.export', targetType: 'contact', targetId: null, accountId: viewer.accountId, after: { format: params.format, count: source.total, columns: columns.map((column) => column.id) } },
      at,
    );

    const body = await WRITERS[params.format]({ source, columns, context, at, headers: exportHeaders(params.lang) });
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
  });
};

async function* listSource(first: Page<Contact>, fetchPage: (page: number) => Promise<Response>): AsyncGenerator<Contact[]> {
  let page = first;
  let number = 1;
  let seen = 0;
  while (page.items.length > 0) {
    yield page.items;
    seen += page.items.length;
    if (seen >= first.total || page.items.length < EXPORT_PAGE_SIZE) return;
    number += 1;
    const response = await fetchPage(number);
    if (response.status !== 200) throw new Error(`Export page ${number} failed with ${response.status}.`);
    page = (await response.json()) as Page<Contact>;
  }
}

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

/** Column widths in characters (XLSX) and relative weights (PDF). */
const WIDTHS: Record<ExportColumnId, number> = {
  honorific: 7,
  firstName: 16,
  lastName: 18,
  jobTitle: 22,
  email: 30,
  businessPhone: 18,
  mobilePhone: 18,
  account: 22,
  status: 10,
  userId: 20,
  roles: 24,
  language: 9,
  timeZone: 18,
  notifications: 8,
  createdAt: 18,
  updatedAt: 18,
};

// Above this many buffered bytes the writers wait for the client to read.
const HIGH_WATER = 1 << 20;

const writeXlsx: Writer = async ({ source, columns, context, headers }) => {
  // Loaded only when a spreadsheet is asked for.
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough({ highWaterMark: HIGH_WATER });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Contacts', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: headers[column.id],
    key: column.id,
    width: WIDTHS[column.id],
    // `@` is Excel's text format: a value like `=1+1` or `0049…` stays the text it is.
    style: { numFmt: column.kind === 'date' ? 'yyyy-mm-dd hh:mm' : '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  const fill = async () => {
    for await (const contacts of source.pages) {
      if (out.destroyed) return;
      for (const contact of contacts) {
        // Strings are written as string cells, never as formulas.
        sheet.addRow(columns.map((column) => column.value(contact, context))).commit();
      }
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await workbook.commit();
  };
  fill().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
};

// ---- PDF ---------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
const fontPath = ([pkg, file]: readonly [string, string]) => require.resolve(`@expo-google-fonts/${pkg}/${file}`);

/**
 * No single font covers Latin, Cyrillic, Greek, Arabic and Japanese, so text is set in runs, each
 * in the first of these fonts that covers its script: Noto Sans (Latin, Cyrillic, Greek), Noto
 * Sans JP (kana, kanji), Noto Naskh Arabic and Noto Emoji (monochrome). fontkit shapes Arabic
 * (joining forms) and sets a right-to-left run right to left; a cell that mixes Arabic with
 * another script is set in the Arabic font as one run, without bidi reordering.
 */
const FONTS = {
  latin: { regular: ['noto-sans', '400Regular/NotoSans_400Regular.ttf'], bold: ['noto-sans', '700Bold/NotoSans_700Bold.ttf'] },
  japanese: { regular: ['noto-sans-jp', '400Regular/NotoSansJP_400Regular.ttf'], bold: ['noto-sans-jp', '700Bold/NotoSansJP_700Bold.ttf'] },
  arabic: { regular: ['noto-naskh-arabic', '400Regular/NotoNaskhArabic_400Regular.ttf'], bold: ['noto-naskh-arabic', '700Bold/NotoNaskhArabic_700Bold.ttf'] },
  emoji: { regular: ['noto-emoji', '400Regular/NotoEmoji_400Regular.ttf'], bold: ['noto-emoji', '700Bold/NotoEmoji_700Bold.ttf'] },
} as const;
type Script = keyof typeof FONTS;

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
// Pictographs with their joiners and variation selectors, so a ZWJ sequence stays in one run.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/u;

interface Run {
  text: string;
  script: Script;
}

/** The text split into runs of one font each. */
export const scriptRuns = (text: string): Run[] => {
  if (ARABIC.test(text)) return [{ text, script: 'arabic' }];
  const runs: Run[] = [];
  for (const char of text) {
    const script: Script = EMOJI.test(char) ? 'emoji' : JAPANESE.test(char) ? 'japanese' : 'latin';
    const last = runs.at(-1);
    if (last?.script === script) last.text += char;
    else runs.push({ text: char, script });
  }
  return runs;
};

const PDF = { fontSize: 8, rowHeight: 15, margin: 36, titleSize: 14 };

const writePdf: Writer = async ({ source, columns, context, at, headers }) => {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PDF.margin, info: { Title: 'Contacts', CreationDate: at } });
  for (const [script, weights] of Object.entries(FONTS)) {
    // pdfkit reads a registered font only when it is first used, and embeds only the glyphs used.
    doc.registerFont(`${script}-regular`, fontPath(weights.regular));
    doc.registerFont(`${script}-bold`, fontPath(weights.bold));
  }
  const width = doc.page.width - 2 * PDF.margin;
  const weightSum = columns.reduce((sum, column) => sum + WIDTHS[column.id], 0);
  const widths = columns.map((column) => (WIDTHS[column.id] / weightSum) * width);
  const top = PDF.margin + PDF.titleSize + 16;
  const bottom = doc.page.height - PDF.margin - 14;
  const rowsPerPage = Math.floor((bottom - top - PDF.rowHeight) / PDF.rowHeight);
  const pageCount = Math.max(1, Math.ceil(source.total / rowsPerPage));
  const stamp = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

  const weight = (bold: boolean) => (bold ? 'bold' : 'regular');
  const widthOf = (runs: readonly Run[], bold: boolean) =>
    runs.reduce((sum, run) => sum + doc.font(`${run.script}-${weight(bold)}`).fontSize(PDF.fontSize).widthOfString(run.text), 0);

  /** The runs cut to `room` points with an ellipsis; one line per row keeps "page n of N" known while streaming. */
  const fit = (runs: Run[], room: number, bold: boolean): Run[] => {
    if (widthOf(runs, bold) <= room) return runs;
    const chars = runs.flatMap((run) => [...run.text].map((char) => ({ char, script: run.script })));
    const prefix = (count: number): Run[] => {
      const cut: Run[] = [];
      for (const { char, script } of chars.slice(0, count)) {
        const last = cut.at(-1);
        if (last?.script === script) last.text += char;
        else cut.push({ text: char, script });
      }
      const last = cut.at(-1);
      if (last && last.script !== 'emoji') last.text += '…';
      else cut.push({ text: '…', script: 'latin' });
      return cut;
    };
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (widthOf(prefix(mid), bold) <= room) low = mid;
      else high = mid - 1;
    }
    return prefix(low);
  };

  const cell = (text: string, x: number, y: number, cellWidth: number, bold: boolean) => {
    const room = cellWidth - 6;
    const runs = fit(scriptRuns(text), room, bold);
    // Right-to-left text starts at the cell's right edge.
    let at = runs[0]?.script === 'arabic' ? x + 3 + room - widthOf(runs, bold) : x + 3;
    for (const run of runs) {
      doc.font(`${run.script}-${weight(bold)}`).fontSize(PDF.fontSize);
      doc.text(run.text, at, y + 3, { lineBreak: false });
      at += doc.widthOfString(run.text);
    }
  };

  const row = (values: string[], y: number, bold: boolean) => {
    let x = PDF.margin;
    values.forEach((value, index) => {
      if (value) cell(value, x, y, widths[index]!, bold);
      x += widths[index]!;
    });
  };

  let pageNumber = 0;
  const startPage = () => {
    // pdfkit keeps the layout of every distinct word in each font for the life of the document
    // (1.2 GB of heap for 62,521 contacts); start each page with empty caches. Turning the cache
    // off (`fontLayoutCache: false`) bounds memory too but made the export three times slower.
    for (const font of Object.values((doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })._fontFamilies ?? {})) {
      if (font.layoutCache) font.layoutCache = Object.create(null) as object;
    }
    pageNumber += 1;
    if (pageNumber > 1) doc.addPage();
    doc.font('latin-bold').fontSize(PDF.titleSize).text('Contacts', PDF.margin, PDF.margin, { lineBreak: false });
    doc.font('latin-regular').fontSize(PDF.fontSize).text(`Exported ${stamp}`, PDF.margin, PDF.margin + 4, { width, align: 'right', lineBreak: false });
    doc.rect(PDF.margin, top, width, PDF.rowHeight).fill('#e8e8e8').fillColor('black');
    row(columns.map((column) => headers[column.id]), top, true);
    // The footer sits in the bottom margin; without lifting it pdfkit would start a new page.
    const margins = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('latin-regular').fontSize(PDF.fontSize).text(pageNumber <= pageCount ? `Page ${pageNumber} of ${pageCount}` : `Page ${pageNumber}`, PDF.margin, doc.page.height - PDF.margin, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margins;
  };

  const fill = async () => {
    startPage();
    let onPage = 0;
    for await (const contacts of source.pages) {
      for (const contact of contacts) {
        if (onPage === rowsPerPage) {
          startPage();
          onPage = 0;
        }
        const y = top + PDF.rowHeight * (onPage + 1);
        if (onPage % 2 === 1) doc.rect(PDF.margin, y, width, PDF.rowHeight).fill('#f6f6f6').fillColor('black');
        row(columns.map((column) => formatPdfValue(column.value(contact, context))), y, false);
        onPage += 1;
      }
      // pdfkit has no backpressure of its own: wait while the client has not read what we wrote.
      while (doc.readableLength > HIGH_WATER && !doc.destroyed) await delay(5);
      if (doc.destroyed) return;
    }
    doc.end();
  };
  fill().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(doc) as ReadableStream<Uint8Array>;
};

const formatPdfValue = (value: string | Date | null): string =>
  value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : value;

const WRITERS: Record<ExportFormat, Writer> = { csv: writeCsv, xlsx: writeXlsx, pdf: writePdf };

