import type { Contact, ExportColumn, ExportColumnId, ExportContext, ExportValue } from '@portico/core';
import type { Bidi } from 'bidi-js';
import { PDF_FONTS, type PdfFontLoader, type PdfScript, type PdfWeight } from './fonts.js';
import { pdfLocale } from './texts.js';
import { COLUMN_WIDTHS } from './widths.js';

/**
 * The PDF table, the same on the server (streamed) and in the browser: A4 landscape, a title and
 * the export date on every page, the header row repeated on every page, "page n of N" below.
 * Rows are one line each (long values end in `…`), so the rows per page are fixed and N is known
 * before the first row, without buffering pages.
 */

export interface PdfJob {
  columns: readonly ExportColumn[];
  context: ExportContext;
  /** The header row's texts, in the language asked for. */
  headers: Record<ExportColumnId, string>;
  /** The language of the title, date and footer (BCP 47); English when not shipped. */
  lang?: string | undefined;
  at: Date;
  /** How many contacts the file will hold: the footer says "of N". */
  total: number;
  fonts: PdfFontLoader;
}

export interface PdfTable {
  /** The pdfkit document: a readable stream of the file's bytes (`data`, `end`). */
  doc: PDFKit.PDFDocument;
  /** Draws contacts as rows, starting pages as needed; loads the fonts their scripts need first. */
  add(contacts: readonly Contact[]): Promise<void>;
  /** Finishes the file. */
  end(): void;
}

const PDF = { fontSize: 8, rowHeight: 15, margin: 36, titleSize: 14 };

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
// Pictographs with their joiners and variation selectors, so a ZWJ sequence stays in one run.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/u;
// Invisible direction marks: the bidi algorithm has used them, and the fonts have no glyph for them.
const DIRECTION_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const scriptOf = (char: string): PdfScript => (ARABIC.test(char) ? 'arabic' : EMOJI.test(char) ? 'emoji' : JAPANESE.test(char) ? 'japanese' : 'latin');

/** The scripts a text needs fonts for; Latin always (digits, punctuation, the ellipsis). */
export const scriptsOf = (text: string): Set<PdfScript> => {
  const scripts = new Set<PdfScript>(['latin']);
  for (const char of text) scripts.add(scriptOf(char));
  return scripts;
};

export interface Run {
  text: string;
  script: PdfScript;
}

const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/** Left-to-right text as runs of one font each. */
const scriptRuns = (text: string): Run[] => {
  const runs: Run[] = [];
  for (const char of text.replace(DIRECTION_MARKS, '')) {
    const script = scriptOf(char);
    const last = runs.at(-1);
    if (last?.script === script) last.text += char;
    else runs.push({ text: char, script });
  }
  return runs;
};

export interface Line {
  /** In visual order, left to right; an Arabic run in logical order (fontkit sets it right to left). */
  runs: Run[];
  /** The paragraph is right to left: the line is right-aligned. */
  rtl: boolean;
}

/**
 * A one-line text as runs of one font each, in visual order (the Unicode bidi algorithm, UAX #9,
 * by bidi-js): `Ahmed محمد 2` keeps the Latin name left of the Arabic one, an Arabic cell holding
 * a Latin word or a number gets it where a reader of Arabic expects it.
 */
export const layoutLine = (bidi: Bidi, text: string): Line => {
  // Most cells hold no right-to-left letter: one level, no reordering.
  if (!RIGHT_TO_LEFT.test(text)) return { runs: scriptRuns(text), rtl: false };
  const { levels, paragraphs } = bidi.getEmbeddingLevels(text, 'auto');
  const rtl = (paragraphs[0]?.level ?? 0) % 2 === 1;
  // Runs of one level and one font, in logical order.
  const pieces: { level: number; runs: Run[] }[] = [];
  let index = 0;
  for (const char of text) {
    const level = levels[index]!;
    index += char.length;
    if (char.replace(DIRECTION_MARKS, '') === '') continue;
    // A space keeps the font of the run it is in, so Arabic words stay one shaped run.
    const previous = pieces.at(-1);
    const script = /\s/u.test(char) && previous?.level === level ? previous.runs.at(-1)!.script : scriptOf(char);
    if (previous?.level !== level) pieces.push({ level, runs: [{ text: char, script }] });
    else if (previous.runs.at(-1)!.script === script) previous.runs.at(-1)!.text += char;
    else previous.runs.push({ text: char, script });
  }
  // UAX #9 L2: from the highest level down to the lowest odd one, reverse every sequence at that level or above.
  const highest = Math.max(0, ...pieces.map((piece) => piece.level));
  const lowestOdd = Math.min(...pieces.map((piece) => piece.level).filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level -= 1) {
    for (let start = 0; start < pieces.length; ) {
      if (pieces[start]!.level < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end < pieces.length && pieces[end]!.level >= level) end += 1;
      pieces.splice(start, end - start, ...pieces.slice(start, end).reverse());
      start = end;
    }
  }
  // fontkit sets a run in the Arabic font right to left whatever its level: an Arabic run at an
  // odd level stays as it is, an even-level one (Arabic-Indic digits) is reversed for it; other
  // text at an odd level is reversed (and mirrored, `(` → `)`) here, a grapheme at a time.
  const runs = pieces.flatMap((piece) => {
    const odd = piece.level % 2 === 1;
    const inOrder = odd ? piece.runs.slice().reverse() : piece.runs;
    return inOrder.map((run) => ((run.script === 'arabic') === odd ? run : { ...run, text: reversed(bidi, run.text, odd) }));
  });
  return { runs, rtl };
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text's graphemes in reverse order (an emoji sequence stays whole), mirrored when `mirror`. */
const reversed = (bidi: Bidi, text: string, mirror: boolean): string =>
  [...graphemes.segment(text)]
    .map(({ segment }) => (mirror ? (bidi.getMirroredCharacter(segment) ?? segment) : segment))
    .reverse()
    .join('');

const formatValue = (value: ExportValue): string => (value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 16).replace('T', ' ') : value);

/** pdfkit: its Node build in Node, its browser build in a bundle (the package's export conditions). */
const loadPdfKit = async () => (await import('pdfkit')).default;

const loadBidi = async (): Promise<Bidi> => {
  const module = (await import('bidi-js')) as unknown as { default: () => Bidi };
  return module.default();
};

export const createPdfTable = async (job: PdfJob): Promise<PdfTable> => {
  const [PDFDocument, bidi] = await Promise.all([loadPdfKit(), loadBidi()]);
  const { texts, formatDate, formatNumber } = pdfLocale(job.lang);
  // `font: null`: no standard font (Helvetica); pdfkit's browser build has none, and every text here is set in a Noto font.
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PDF.margin, font: null as unknown as string, info: { Title: texts.title, CreationDate: job.at } });
  const { columns, context } = job;

  const loaded = new Set<string>();
  /** Registers the fonts these texts need; pdfkit embeds only the glyphs a document uses. */
  const need = async (strings: readonly string[], weight: PdfWeight) => {
    const scripts = scriptsOf(strings.join(''));
    await Promise.all(
      [...scripts].map(async (script) => {
        const name = `${script}-${weight}`;
        if (loaded.has(name)) return;
        const bytes = await job.fonts(PDF_FONTS[script][weight]);
        if (loaded.has(name)) return;
        doc.registerFont(name, bytes as ArrayBuffer);
        loaded.add(name);
      }),
    );
  };

  const width = doc.page.width - 2 * PDF.margin;
  const weightSum = columns.reduce((sum, column) => sum + COLUMN_WIDTHS[column.id], 0);
  const widths = columns.map((column) => (COLUMN_WIDTHS[column.id] / weightSum) * width);
  const top = PDF.margin + PDF.titleSize + 16;
  const bottom = doc.page.height - PDF.margin - 14;
  const rowsPerPage = Math.floor((bottom - top - PDF.rowHeight) / PDF.rowHeight);
  const pageCount = Math.max(1, Math.ceil(job.total / rowsPerPage));
  const headerTexts = columns.map((column) => job.headers[column.id]);
  const stamp = texts.exported(formatDate(job.at));
  // Everything but the rows is known now: its fonts are loaded before the first page.
  await Promise.all([need([texts.title, ...headerTexts], 'bold'), need([stamp, texts.page(formatNumber(pageCount), formatNumber(pageCount))], 'regular')]);

  const fontOf = (run: Run, weight: PdfWeight) => `${run.script}-${weight}`;
  const widthOf = (runs: readonly Run[], weight: PdfWeight, size: number) =>
    runs.reduce((sum, run) => sum + doc.font(fontOf(run, weight)).fontSize(size).widthOfString(run.text), 0);

  /** The text cut to `room` points with an ellipsis, cut in logical order before the bidi layout; with its width. */
  const fit = (text: string, room: number, weight: PdfWeight, size: number): Line & { width: number } => {
    const whole = layoutLine(bidi, text);
    const width = widthOf(whole.runs, weight, size);
    if (width <= room) return { ...whole, width };
    const chars = [...text];
    const prefix = (count: number) => layoutLine(bidi, `${chars.slice(0, count).join('').trimEnd()}…`);
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (widthOf(prefix(mid).runs, weight, size) <= room) low = mid;
      else high = mid - 1;
    }
    const cut = prefix(low);
    return { runs: cut.runs, rtl: whole.rtl, width: widthOf(cut.runs, weight, size) };
  };

  /** One line of text in a box; right to left text starts at the box's right edge. */
  const line = (text: string, x: number, y: number, room: number, { weight = 'regular' as PdfWeight, size = PDF.fontSize, align = 'start' as 'start' | 'center' } = {}) => {
    const { runs, rtl, width: used } = fit(text, room, weight, size);
    let at = align === 'center' ? x + (room - used) / 2 : rtl ? x + room - used : x;
    runs.forEach((run, index) => {
      doc.font(fontOf(run, weight)).fontSize(size);
      doc.text(run.text, at, y, { lineBreak: false });
      if (index < runs.length - 1) at += doc.widthOfString(run.text);
    });
  };

  const row = (values: readonly string[], y: number, weight: PdfWeight) => {
    let x = PDF.margin;
    values.forEach((value, index) => {
      if (value) line(value, x + 3, y + 3, widths[index]! - 6, { weight });
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
    const half = width / 2;
    // The title at the start of the line (the right in Arabic), the date at its end.
    const rtlPage = layoutLine(bidi, texts.title).rtl;
    line(texts.title, rtlPage ? PDF.margin + half : PDF.margin, PDF.margin, half, { weight: 'bold', size: PDF.titleSize });
    line(stamp, rtlPage ? PDF.margin : PDF.margin + half, PDF.margin + 4, half);
    doc.rect(PDF.margin, top, width, PDF.rowHeight).fill('#e8e8e8').fillColor('black');
    row(headerTexts, top, 'bold');
    // The footer sits in the bottom margin; without lifting it pdfkit would start a new page.
    const margins = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = pageNumber <= pageCount ? texts.page(formatNumber(pageNumber), formatNumber(pageCount)) : formatNumber(pageNumber);
    line(footer, PDF.margin, doc.page.height - PDF.margin, width, { align: 'center' });
    doc.page.margins.bottom = margins;
  };

  let onPage = 0;
  startPage();
  return {
    doc,
    async add(contacts) {
      const rows = contacts.map((contact) => columns.map((column) => formatValue(column.value(contact, context))));
      await need(rows.flat(), 'regular');
      for (const values of rows) {
        if (onPage === rowsPerPage) {
          startPage();
          onPage = 0;
        }
        const y = top + PDF.rowHeight * (onPage + 1);
        if (onPage % 2 === 1) doc.rect(PDF.margin, y, width, PDF.rowHeight).fill('#f6f6f6').fillColor('black');
        row(values, y, 'regular');
        onPage += 1;
      }
    },
    end() {
      doc.end();
    },
  };
};
