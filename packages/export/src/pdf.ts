import type { Contact, ExportColumn, ExportColumnId, ExportContext, ExportValue } from '@portico/core';
import type { Bidi } from 'bidi-js';
import { PDF_FONTS, type PdfFontLoader, type PdfScript, type PdfWeight } from './fonts.js';
import { pdfLocale } from './texts.js';
import { COLUMN_WIDTHS } from './widths.js';

/**
 * The PDF table, the same on the server (streamed) and in the browser: A4 landscape, a title and
 * the export date on every page, the header row repeated on every page, "page n of N" below.
 * A long value wraps within its column (an e-mail address after `@` or `.` when it has no space),
 * so rows differ in height and N is known only after the last row: each page's footer is a form
 * XObject that the page shows at once and that is filled in when the file ends, so pages are
 * still streamed out one by one, never buffered.
 */

export interface PdfJob {
  columns: readonly ExportColumn[];
  context: ExportContext;
  /** The header row's texts, in the language asked for. */
  headers: Record<ExportColumnId, string>;
  /** The language of the title, date and footer (BCP 47); English when not shipped. */
  lang?: string | undefined;
  at: Date;
  /** How many contacts the file will hold (the footer's N is now counted as the pages are written). */
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

/** A row is its lines (`lineHeight` each) and `rowPadding`: one line makes the 15 points of a one-line row. */
const PDF = { fontSize: 8, lineHeight: 10, rowPadding: 5, margin: 36, titleSize: 14 };
/** A cell wraps to at most this many lines (an e-mail address of 254 characters takes about ten); the last is cut with `…`. */
const MAX_CELL_LINES = 12;
/** Where a long word (an e-mail address, a URL) may break when it has no space: after these. */
const BREAK_AFTER = /[@._\-/+]/u;

const ARABIC = /\p{Script=Arabic}/u;
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
// Pictographs with their joiners and variation selectors, so a ZWJ sequence stays in one run.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/u;
// Invisible direction marks: the bidi algorithm has used them, and the fonts have no glyph for them.
const DIRECTION_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// Any character not set in the Latin font, or a direction mark: a text without one is one Latin run.
const NOT_LATIN = new RegExp([ARABIC, EMOJI, JAPANESE, DIRECTION_MARKS].map((pattern) => pattern.source).join('|'), 'u');

const scriptOf = (char: string): PdfScript => (ARABIC.test(char) ? 'arabic' : EMOJI.test(char) ? 'emoji' : JAPANESE.test(char) ? 'japanese' : 'latin');

/** The scripts a text needs fonts for; Latin always (digits, punctuation, the ellipsis). */
export const scriptsOf = (text: string): Set<PdfScript> => {
  const scripts = new Set<PdfScript>(['latin']);
  if (!NOT_LATIN.test(text)) return scripts;
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
  // Most cells: no character to look at one by one.
  if (!NOT_LATIN.test(text)) return text === '' ? [] : [{ text, script: 'latin' }];
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

/**
 * A map that forgets: when `limit` entries have been added since the last turn, the older
 * generation is dropped and the newer one becomes it. An entry read from the older generation
 * moves to the newer, so values that keep coming back (names, job titles, accounts) stay.
 */
class BoundedCache<K, V> {
  #newer = new Map<K, V>();
  #older = new Map<K, V>();
  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.#newer.get(key);
    if (value !== undefined) return value;
    const old = this.#older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.#newer.size >= this.limit) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
    this.#newer.set(key, value);
  }
}

/** The part of pdfkit's embedded font (0.20) that keeps the shaped layout of every word it sets. */
interface LayoutFont {
  layoutCache?: object | undefined;
  layoutRun?: (text: string) => unknown;
  layoutCached?: (text: string) => unknown;
}

// Small on purpose: the few hundred words and cells that recur stay (a hit moves them to the newer
// generation), and a one-off (an email) is dropped young, before V8 promotes it to the old
// generation (with 1,024, the same speed, the heap peaked at 212 MiB at 100,000 contacts, not 150).
/** Distinct words whose shaped layout a font keeps (two generations of them at most). */
const LAYOUT_CACHE_WORDS = 256;
/** Distinct cells whose fitted line the table keeps (two generations at most). */
const LINE_CACHE_CELLS = 256;

/**
 * pdfkit keeps the shaped layout of every distinct word a font sets for the life of the document
 * (1.2 GB of heap for 62,521 contacts in the export's first version). Emptying that cache at each
 * page bounded the memory, but then every name was shaped again on every page: fontkit's shaping
 * was 70 % of the PDF's time. This cache keeps the words that recur (names, accounts, the groups
 * of a phone number) and forgets the one-offs (emails). Without the methods it relies on (another
 * pdfkit version), the font gets no cache at all: bounded too, only slower.
 */
const boundLayoutCache = (font: LayoutFont) => {
  const { layoutRun } = font;
  if (typeof layoutRun !== 'function' || typeof font.layoutCached !== 'function') {
    font.layoutCache = undefined;
    return;
  }
  const cache = new BoundedCache<string, unknown>(LAYOUT_CACHE_WORDS);
  font.layoutCache = undefined;
  font.layoutCached = (text) => {
    let run = cache.get(text);
    if (run === undefined) {
      run = layoutRun.call(font, text);
      cache.set(text, run);
    }
    return run;
  };
};

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
  const headerTexts = columns.map((column) => job.headers[column.id]);
  const stamp = texts.exported(formatDate(job.at));
  // Everything but the rows is known now: its fonts are loaded before the first page.
  await Promise.all([need([texts.title, ...headerTexts], 'bold'), need([stamp, texts.page(formatNumber(1234567890), formatNumber(1234567890))], 'regular')]);

  /**
   * pdfkit lays a text out a word at a time (each word with the space after it) unless OpenType
   * features are named. fontkit sets each word of a right-to-left run right to left, and pdfkit
   * then put the words side by side left to right: "محمد علي" came out as علي's letters right of
   * محمد's, with the space at the run's left end instead of between them (the "narrow spaces").
   * Naming the features (none besides the defaults) lays out the whole run at once.
   */
  const shaping = (run: Run): { features?: [] } => (run.script === 'arabic' ? { features: [] } : {});

  const bounded = new WeakSet<object>();
  /** Selects a run's font; a font pdfkit has just opened (at any page) gets its bounded layout cache. */
  const useFont = (run: Run, weight: PdfWeight, size: number) => {
    doc.font(`${run.script}-${weight}`).fontSize(size);
    const font = (doc as unknown as { _font: LayoutFont })._font;
    if (!bounded.has(font)) {
      boundLayoutCache(font);
      bounded.add(font);
    }
  };
  const runWidths = (runs: readonly Run[], weight: PdfWeight, size: number) =>
    runs.map((run) => {
      useFont(run, weight, size);
      return doc.widthOfString(run.text, shaping(run));
    });
  const sum = (widths: readonly number[]) => widths.reduce((total, width) => total + width, 0);
  const widthOf = (runs: readonly Run[], weight: PdfWeight, size: number) => sum(runWidths(runs, weight, size));

  /** A line that fits its box: its runs, their widths and the whole width. */
  type Fitted = Line & { widths: number[]; width: number };
  const fitted = (line: Line, weight: PdfWeight, size: number): Fitted => {
    const widths = runWidths(line.runs, weight, size);
    return { ...line, widths, width: sum(widths) };
  };

  /** The width of one character alone: for guessing where a Latin text must be cut. */
  const charWidths = new BoundedCache<string, number>(LINE_CACHE_CELLS);
  const charWidth = (char: string, weight: PdfWeight, size: number) => {
    const key = `${weight} ${size} ${char}`;
    let width = charWidths.get(key);
    if (width === undefined) {
      width = widthOf([{ text: char, script: 'latin' }], weight, size);
      charWidths.set(key, width);
    }
    return width;
  };

  /**
   * How many characters of a one-run Latin text fit before the ellipsis, judged by the widths of
   * its characters alone (shaping only adds kerning, a fraction of a point), so that the exact
   * check that follows needs two or three shapings instead of a binary search's five or six.
   */
  const guessCut = (chars: readonly string[], room: number, weight: PdfWeight, size: number) => {
    let used = charWidth('…', weight, size);
    let count = 0;
    while (count < chars.length) {
      used += charWidth(chars[count]!, weight, size);
      if (used > room) break;
      count += 1;
    }
    return count;
  };

  /** The text cut to `room` points with an ellipsis, cut in logical order before the bidi layout; with its widths. */
  const fit = (text: string, room: number, weight: PdfWeight, size: number): Fitted => {
    const line = layoutLine(bidi, text);
    const whole = fitted(line, weight, size);
    if (whole.width <= room) return whole;
    const chars = [...text];
    const prefix = (count: number) => layoutLine(bidi, `${chars.slice(0, count).join('').trimEnd()}…`);
    // The most characters whose prefix fits (none at least); a longer prefix is never narrower.
    const fits = (count: number) => count === 0 || widthOf(prefix(count).runs, weight, size) <= room;
    let cut: number;
    if (line.runs.length === 1 && line.runs[0]!.script === 'latin') {
      cut = guessCut(chars, room, weight, size);
      if (fits(cut)) {
        while (cut < chars.length && fits(cut + 1)) cut += 1;
      } else {
        cut -= 1;
        while (!fits(cut)) cut -= 1;
      }
    } else {
      let low = 0;
      let high = chars.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (fits(mid)) low = mid;
        else high = mid - 1;
      }
      cut = low;
    }
    return { ...fitted(prefix(cut), weight, size), rtl: whole.rtl };
  };

  // Most cells repeat (names, job titles, accounts, statuses): each is laid out and measured once.
  const lines = new BoundedCache<string, Fitted>(LINE_CACHE_CELLS);
  const fitCached = (text: string, room: number, weight: PdfWeight, size: number): Fitted => {
    const key = `${weight} ${size} ${room} ${text}`;
    let line = lines.get(key);
    if (line === undefined) {
      line = fit(text, room, weight, size);
      lines.set(key, line);
    }
    return line;
  };

  /** One laid-out line in a box; right to left text starts at the box's right edge. */
  const draw = (fittedLine: Fitted, x: number, y: number, room: number, weight: PdfWeight, size: number, align: 'start' | 'center' = 'start') => {
    const { runs, widths, rtl, width: used } = fittedLine;
    let at = align === 'center' ? x + (room - used) / 2 : rtl ? x + room - used : x;
    runs.forEach((run, index) => {
      useFont(run, weight, size);
      doc.text(run.text, at, y, { lineBreak: false, ...shaping(run) });
      at += widths[index]!;
    });
  };

  /** One line of text in a box, cut with `…` when too long. */
  const line = (text: string, x: number, y: number, room: number, { weight = 'regular' as PdfWeight, size = PDF.fontSize, align = 'start' as 'start' | 'center' } = {}) =>
    draw(fitCached(text, room, weight, size), x, y, room, weight, size, align);

  const segments = (text: string) => [...graphemes.segment(text)].map(({ segment }) => segment);
  const measured = (text: string, weight: PdfWeight, size: number) => fitted(layoutLine(bidi, text), weight, size);

  /**
   * The text broken into lines of at most `room` points, in logical order (each line then gets its
   * own bidi layout): at the last space that fits, else after the last `@ . _ - / +`, else where the
   * line is full (after an `@` first). At most `MAX_CELL_LINES`, the last cut with `…`.
   */
  const wrap = (text: string, room: number, weight: PdfWeight, size: number): Fitted[] => {
    const whole = measured(text, weight, size);
    if (whole.width <= room) return [whole];
    const lines: string[] = [];
    let rest = segments(text);
    while (rest.length > 0 && lines.length < MAX_CELL_LINES - 1) {
      if (measured(rest.join(''), weight, size).width <= room) break;
      // The most graphemes that fit (one at least, so a line always moves on).
      let low = 1;
      let high = rest.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (measured(rest.slice(0, mid).join('').trimEnd(), weight, size).width <= room) low = mid;
        else high = mid - 1;
      }
      let cut = low;
      const fits = rest.slice(0, cut);
      const space = fits.findLastIndex((segment) => /\s/u.test(segment));
      const mark = fits.findLastIndex((segment) => BREAK_AFTER.test(segment));
      // An address reads best as its name, then its domain.
      const at = fits.lastIndexOf('@');
      if (space > 0) cut = space + 1;
      else if (at > 0) cut = at + 1;
      else if (mark >= 0) cut = mark + 1;
      lines.push(rest.slice(0, cut).join('').trimEnd());
      rest = segments(rest.slice(cut).join('').trimStart());
    }
    if (rest.length > 0) lines.push(rest.join(''));
    return lines.map((text, index) => (index === lines.length - 1 ? fitCached(text, room, weight, size) : measured(text, weight, size)));
  };

  const wrapped = new BoundedCache<string, Fitted[]>(LINE_CACHE_CELLS);
  const wrapCached = (text: string, room: number, weight: PdfWeight, size: number): Fitted[] => {
    const key = `${weight} ${size} ${room} ${text}`;
    let result = wrapped.get(key);
    if (result === undefined) {
      result = wrap(text, room, weight, size);
      wrapped.set(key, result);
    }
    return result;
  };

  /** Each cell of a row as its lines, and the row's height. */
  const layoutRow = (values: readonly string[], weight: PdfWeight) => {
    const cells = values.map((value, index) => (value ? wrapCached(value, widths[index]! - 6, weight, PDF.fontSize) : []));
    const count = Math.max(1, ...cells.map((cell) => cell.length));
    return { cells, height: PDF.rowPadding + PDF.lineHeight * count };
  };

  const drawRow = (cells: readonly Fitted[][], y: number, weight: PdfWeight) => {
    let x = PDF.margin;
    cells.forEach((lines, index) => {
      lines.forEach((fittedLine, number) => draw(fittedLine, x + 3, y + 3 + number * PDF.lineHeight, widths[index]! - 6, weight, PDF.fontSize));
      x += widths[index]!;
    });
  };

  const header = layoutRow(headerTexts, 'bold');

  /** The footers, one form XObject per page, filled in by `end()` once the number of pages is known. */
  const footers: { page: number; form: PdfReference }[] = [];
  const { width: pageWidth, height: pageHeight } = doc.page;

  let pageNumber = 0;
  let y = 0;
  let onPage = 0;
  const startPage = () => {
    pageNumber += 1;
    if (pageNumber > 1) doc.addPage();
    const half = width / 2;
    // The title at the start of the line (the right in Arabic), the date at its end.
    const rtlPage = layoutLine(bidi, texts.title).rtl;
    line(texts.title, rtlPage ? PDF.margin + half : PDF.margin, PDF.margin, half, { weight: 'bold', size: PDF.titleSize });
    line(stamp, rtlPage ? PDF.margin : PDF.margin + half, PDF.margin + 4, half);
    doc.rect(PDF.margin, top, width, header.height).fill('#e8e8e8').fillColor('black');
    drawRow(header.cells, top, 'bold');
    const form = (doc as unknown as PdfInternals).ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, pageWidth, pageHeight], Resources: {} });
    const name = `Footer${pageNumber}`;
    (doc as unknown as PdfInternals).page.xobjects[name] = form;
    doc.addContent(`/${name} Do`);
    footers.push({ page: pageNumber, form });
    y = top + header.height;
    onPage = 0;
  };

  /**
   * Writes each page's footer into its form: pdfkit draws into a stand-in page whose content is
   * the form's, and whose fonts become the form's resources.
   */
  const writeFooters = () => {
    const internals = doc as unknown as PdfInternals;
    const real = internals.page;
    const pages = formatNumber(pageNumber);
    try {
      for (const { page, form } of footers) {
        const fonts: Record<string, unknown> = {};
        internals.page = {
          width: pageWidth,
          height: pageHeight,
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          fonts,
          xobjects: {},
          ext_gstates: {},
          patterns: {},
          colorSpaces: {},
          maxY: () => pageHeight,
          write: (chunk: string) => form.write(chunk),
        };
        line(texts.page(formatNumber(page), pages), PDF.margin, pageHeight - PDF.margin, width, { align: 'center' });
        form.data['Resources'] = { Font: fonts };
        form.end();
      }
    } finally {
      internals.page = real;
    }
  };

  startPage();
  return {
    doc,
    async add(contacts) {
      const rows = contacts.map((contact) => columns.map((column) => formatValue(column.value(contact, context))));
      await need(rows.flat(), 'regular');
      for (const values of rows) {
        const { cells, height } = layoutRow(values, 'regular');
        if (onPage > 0 && y + height > bottom) startPage();
        if (onPage % 2 === 1) doc.rect(PDF.margin, y, width, height).fill('#f6f6f6').fillColor('black');
        drawRow(cells, y, 'regular');
        y += height;
        onPage += 1;
      }
    },
    end() {
      writeFooters();
      doc.end();
    },
  };
};

/** The parts of pdfkit (0.20) the footers use that its types do not declare. */
interface PdfReference {
  data: Record<string, unknown>;
  write(chunk: string): void;
  end(): void;
}
interface PdfInternals {
  ref(data: Record<string, unknown>): PdfReference;
  page: { xobjects: Record<string, unknown> } & Record<string, unknown>;
}
