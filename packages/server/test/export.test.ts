import { restoreFormula, type Contact } from '@portico/core';
import { insertContacts } from '@portico/server';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeContact, userIdOf } from './helpers.js';

/**
 * The export endpoint: every format read back with an independent reader and compared with the
 * contacts that went in, formula injection, and the same permission and tenant scope as the list.
 */

const NOW = new Date('2026-11-24T10:00:00Z');
const INJECTIONS = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+4', '@SUM(A1:A2)', '\tTAB', '\rCR'];

const special: Contact[] = [
  makeContact('acme', 'enabled', { firstName: 'محمد', lastName: 'العلي', jobTitle: 'مدير' }),
  makeContact('acme', 'enabled', { firstName: '花子', lastName: '山田', jobTitle: 'エンジニア' }),
  makeContact('acme', 'none', { firstName: 'Zoë 🎉', lastName: 'O\'Brien, "Jr"', jobTitle: 'line one\nline two' }),
  makeContact('acme', 'disabled', { firstName: 'Анна', lastName: 'Σοφία' }),
  // Left-to-right and right-to-left text in one cell: the PDF orders it by the bidi algorithm.
  makeContact('acme', 'none', { firstName: 'Ahmed محمد', lastName: 'Mixed', jobTitle: 'مدير IT' }),
  // Several Arabic words in one run: the words in reading order, a space between them.
  makeContact('acme', 'none', { firstName: 'محمد علي', lastName: 'Words', jobTitle: 'Ahmed محمد علي' }),
  // Longer than their PDF columns: wrapped within them.
  makeContact('acme', 'none', {
    firstName: 'Long',
    lastName: 'Values',
    jobTitle: 'Senior Vice President for Global Procurement, Supplier Quality and Logistics Operations, Europe, Middle East and Africa',
    email: 'firstname.lastname.with.a.much.longer.local.part.than.anyone.would.ever.type.by.hand.into.a.form@subsidiary-of-the-company.example.com',
  }),
  ...INJECTIONS.map((value, index) => makeContact('acme', 'none', { firstName: `Inject${index}`, lastName: 'Formula', jobTitle: value })),
];
const COLUMNS = ['firstName', 'lastName', 'jobTitle', 'email', 'createdAt'] as const;
const HEADERS = ['First name', 'Last name', 'Job title', 'Email', 'Created'];

/** The export time as the PDF writes it in a language: `Intl`, medium date, short time, UTC. */
const utcDate = (locale: string) => `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(NOW)} UTC`.replace(/[\u200e\u200f]/g, '').replace(/\s+/g, ' ');
/** Text extraction keeps no-break spaces; the comparison does not care which space it is. */
const spaced = (text: string) => text.replace(/\s+/g, ' ');

let server: TestServer;
let admin: TestSession;

const exportUrl = (params: Record<string, string>) => `${server.url}/api/contacts/export?${new URLSearchParams(params).toString()}`;
const download = async (session: TestSession | undefined, params: Record<string, string>) => fetch(exportUrl(params), { headers: session?.headers ?? {} });
const selection = { ids: special.map((c) => c.id).join(','), columns: COLUMNS.join(',') };

before(async () => {
  server = await startTestServer({ now: () => NOW });
  await insertContacts(server.db, special);
  admin = await server.signIn(userIdOf('admin'));
});
after(async () => {
  await server.close();
});

describe('GET /api/contacts/export?format=csv', () => {
  test('round-trips names in every script, emoji, commas, quotes and newlines', async () => {
    const response = await download(admin, { ...selection, format: 'csv' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="contacts-2026-11-24.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const text = new TextDecoder().decode(bytes.slice(3));
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    const [header, ...rows] = parsed.data;
    assert.deepEqual(header, HEADERS);
    assert.equal(rows.length, special.length);
    rows.forEach((row, index) => {
      const contact = special[index]!;
      assert.deepEqual(row.map(restoreFormula), [contact.firstName, contact.lastName, contact.jobTitle ?? '', contact.email, contact.createdAt]);
    });
  });

  test('writes the header row in the language asked for (lang=ja, de-CH), English otherwise', async () => {
    const headerOf = async (lang: string) => {
      const text = await (await download(admin, { ...selection, format: 'csv', lang })).text();
      return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data[0];
    };
    assert.deepEqual(await headerOf('ja'), ['名', '姓', '役職', 'メールアドレス', '作成日時']);
    assert.deepEqual(await headerOf('de-CH'), ['Vorname', 'Nachname', 'Position', 'E-Mail', 'Erstellt']);
    assert.deepEqual(await headerOf('tlh'), HEADERS);
  });

  test('neutralises every formula prefix', async () => {
    const text = await (await download(admin, { ...selection, format: 'csv' })).text();
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    for (const value of INJECTIONS) {
      const row = rows.find((r) => r[2] === `'${value}`);
      assert.ok(row, `${JSON.stringify(value)} is written as '${JSON.stringify(value)}`);
    }
    assert.ok(!rows.some((r) => r.some((cell) => /^[=+\-@\t\r]/.test(cell))), 'no cell starts with a formula trigger');
  });

  test('exports the list query: same contacts in the same order as the list', async () => {
    const query = { q: 'a', sort: 'email', order: 'desc' };
    const list = await fetch(`${server.url}/api/contacts?${new URLSearchParams({ ...query, pageSize: '200' }).toString()}`, { headers: admin.headers });
    const page = (await list.json()) as { items: Contact[]; total: number };
    assert.ok(page.total > 0 && page.total <= 200, `a one-page query (${page.total})`);
    const text = await (await download(admin, { ...query, format: 'csv', columns: 'email' })).text();
    const emails = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1).map((r) => r[0]);
    assert.deepEqual(emails, page.items.map((c) => c.email));
  });

});

describe('GET /api/contacts/export?format=xlsx', () => {
  test('round-trips text as text (formula-like too) and dates as dates, header bold and frozen', async () => {
    const response = await download(admin, { ...selection, format: 'xlsx' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="contacts-2026-11-24.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Contacts')!;
    assert.ok(sheet);
    const header = sheet.getRow(1);
    assert.deepEqual(HEADERS.map((_, i) => header.getCell(i + 1).value), HEADERS);
    assert.equal(header.getCell(1).font?.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok((sheet.getColumn(4).width ?? 0) > 10, 'column widths set');
    special.forEach((contact, index) => {
      const row = sheet.getRow(index + 2);
      const texts = [contact.firstName, contact.lastName, contact.jobTitle, contact.email];
      texts.forEach((value, column) => {
        const cell = row.getCell(column + 1);
        if (value === null) return assert.equal(cell.value, null);
        assert.equal(cell.type, ExcelJS.ValueType.String, `${JSON.stringify(value)} is a text cell`);
        // XML turns a bare CR into LF when it is read (the API refuses control characters anyway).
        assert.equal(cell.value, value.replaceAll('\r', '\n'));
      });
      const created = row.getCell(5);
      assert.equal(created.type, ExcelJS.ValueType.Date);
      assert.equal((created.value as Date).toISOString(), contact.createdAt);
    });
    assert.equal(sheet.getRow(special.length + 2).getCell(1).value, null, 'nothing after the last contact');
  });
});

describe('GET /api/contacts/export?format=pdf', () => {
  test('holds every name, a title, the date, the header on every page and page numbers', async () => {
    const response = await download(admin, { format: 'pdf', columns: COLUMNS.join(',') });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="contacts-2026-11-24.pdf"');
    const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    assert.ok(totalPages > 1, 'several pages');
    pages.forEach((page, index) => {
      assert.ok(page.includes('Contacts') && spaced(page).includes(`Exported ${utcDate('en')}`), `title and date on page ${index + 1}`);
      assert.ok(HEADERS.every((header) => page.includes(header)), `header on page ${index + 1}`);
      assert.ok(page.includes(`Page ${index + 1} of ${totalPages}`), `page number on page ${index + 1}`);
    });
    const all = pages.join('\n');
    for (const name of ['花子', '山田', 'エンジニア', 'Анна', 'Σοφία', "O'Brien", 'Zoë 🎉', 'Inject0']) assert.ok(all.includes(name), name);
    // Arabic is shaped into presentation forms; NFKC maps them back to the letters.
    const normalised = all.normalize('NFKC');
    for (const name of ['محمد', 'العلي']) {
      const reversed = [...name].reverse().join('');
      assert.ok(normalised.includes(name) || normalised.includes(reversed), `${name} in the PDF`);
    }
  });
});

/** The text pieces of a PDF page with their position, Arabic presentation forms mapped back to letters. */
const piecesOf = async (response: Response, pageNumber = 1) => {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const content = await (await pdf.getPage(pageNumber)).getTextContent();
  return (content.items as { str: string; transform: number[] }[]).map((item) => ({ text: item.str.normalize('NFKC'), x: item.transform[4]!, y: Math.round(item.transform[5]!) }));
};

describe('GET /api/contacts/export?format=pdf&lang=…', () => {
  test('writes the title, the export date and "page n of N" in German', async () => {
    const response = await download(admin, { format: 'pdf', columns: COLUMNS.join(','), lang: 'de' });
    const { totalPages, text: pages } = await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), { mergePages: false });
    assert.ok(totalPages > 1);
    pages.forEach((page, index) => {
      assert.ok(page.includes('Kontakte'), `title on page ${index + 1}`);
      assert.ok(spaced(page).includes(`Exportiert am ${utcDate('de')}`), `date on page ${index + 1}: ${utcDate('de')}`);
      assert.ok(['Vorname', 'Nachname', 'Position', 'E-Mail', 'Erstellt'].every((text) => page.includes(text)), `header on page ${index + 1}`);
      assert.ok(page.includes(`Seite ${index + 1} von ${totalPages}`), `page number on page ${index + 1}`);
    });
  });

  test('writes them in Arabic, right to left, with the date formatted for Arabic', async () => {
    const response = await download(admin, { ...selection, format: 'pdf', lang: 'ar' });
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    const { info } = await (await getDocumentProxy(bytes)).getMetadata();
    assert.equal((info as { Title?: string }).Title, 'جهات الاتصال');
    const pieces = await piecesOf(response);
    const all = pieces.map((piece) => piece.text).join(' ');
    for (const word of ['الاسم', 'UTC', '2026']) assert.ok(all.includes(word), `${word} on the page`);
    // The footer reads right to left: "الصفحة 1 من 1", the word for page at its right end.
    const of = pieces.filter((piece) => piece.text === 'من').sort((a, b) => a.y - b.y)[0]!;
    const footer = pieces.filter((piece) => piece.y === of.y);
    const page = footer.find((piece) => piece.text.includes('الصف'));
    assert.ok(page, 'the word for page in the footer');
    assert.ok(page.x > of.x, 'page word right of "of"');
    assert.ok(footer.some((piece) => piece.text === '1'), 'page number');
  });

  test('orders a cell mixing Arabic and Latin by the Unicode bidi algorithm', async () => {
    const mixed = special.find((contact) => contact.lastName === 'Mixed')!;
    const pieces = await piecesOf(await download(admin, { format: 'pdf', ids: mixed.id, columns: 'firstName,jobTitle' }));
    const at = (text: string) => pieces.find((piece) => piece.text === text)!;
    // A left-to-right cell: the Latin name first, the Arabic one to its right.
    assert.equal(at('Ahmed').y, at('محمد').y);
    assert.ok(at('Ahmed').x < at('محمد').x, 'Ahmed left of محمد');
    // A right-to-left cell: the Arabic word first, at the right; the Latin word "IT" kept as is, to its left.
    const arabic = pieces.find((piece) => piece.y === at('IT').y && /^مد/.test(piece.text))!;
    assert.ok(arabic, 'مدير on the line of IT');
    assert.ok(at('IT').x < arabic.x, 'IT left of مدير');
  });

  test('wraps a value too long for its column within it, nothing cut, each line as full as the column allows', async () => {
    const long = special.find((contact) => contact.lastName === 'Values')!;
    const response = await download(admin, { format: 'pdf', ids: long.id, columns: 'jobTitle,email' });
    const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
    const items = ((await (await pdf.getPage(1)).getTextContent()).items as { str: string; width: number; transform: number[] }[]).filter((item) => item.str.trim());
    // A4 landscape is 841.89 points wide, with 36-point margins; the columns share the width by
    // weight (job title 22, email 30), with 3 points of padding on each side.
    const table = 841.89 - 2 * 36;
    const jobTitleWidth = (table * 22) / 52;
    const boxes = { jobTitle: { from: 36 + 3, to: 36 + jobTitleWidth - 3 }, email: { from: 36 + jobTitleWidth + 3, to: 36 + table - 3 } };
    assert.ok(!items.some((item) => item.str.includes('…')), 'nothing cut with an ellipsis');
    for (const [field, box] of Object.entries(boxes) as ['jobTitle' | 'email', { from: number; to: number }][]) {
      const value = long[field]!;
      // The lines of the cell, top to bottom (PDF y grows upwards).
      const header = field === 'jobTitle' ? 'Job title' : 'Email';
      const lines = items.filter((item) => Math.abs(item.transform[4]! - box.from) < 0.01 && item.str !== header).sort((a, b) => b.transform[5]! - a.transform[5]!);
      assert.ok(lines.length > 1, `${field} on several lines: ${JSON.stringify(items.map((item) => item.str))}`);
      assert.equal(lines.map((line) => line.str).join('').replace(/\s+/g, ''), value.replace(/\s+/g, ''), `${field} whole, in order`);
      for (const line of lines) assert.ok(line.transform[4]! + line.width <= box.to + 0.01, `${field}: "${line.str}" inside its column`);
    }
  });

  test('sets the words of an Arabic run right to left with the space between them', async () => {
    const words = special.find((contact) => contact.lastName === 'Words')!;
    const pieces = await piecesOf(await download(admin, { format: 'pdf', ids: words.id, columns: 'firstName,jobTitle' }));
    // The reader puts glyphs set right to left back in reading order: one piece, first word first,
    // when the glyphs are in visual order and the space lies between the words. Before, each word
    // was set on its own: "علي" right of "محمد" (read first), the space at the run's left end.
    const both = pieces.filter((piece) => piece.text.trim() === 'محمد علي');
    assert.equal(both.length, 2, `"محمد علي" in reading order in both cells: ${JSON.stringify(pieces.map((piece) => piece.text))}`);
    const [alone, mixed] = both.sort((a, b) => a.x - b.x);
    const ahmed = pieces.find((piece) => piece.text === 'Ahmed')!;
    assert.equal(ahmed.y, mixed!.y);
    assert.ok(alone!.x < ahmed.x && ahmed.x < mixed!.x, 'a right-to-left cell, then a left-to-right one: Ahmed, then the Arabic words');
  });
});

describe('export permission and tenant scope', () => {
  test('401 without a session, 403 without contact.export, 400 on an unknown format', async () => {
    assert.equal((await download(undefined, { format: 'csv' })).status, 401);
    const contact = await server.signIn(userIdOf('contact'));
    const forbidden = await download(contact, { format: 'csv' });
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.headers.get('content-type') ?? '', /problem\+json/);
    const editor = await server.signIn(userIdOf('contact_editor'));
    assert.equal((await download(editor, { format: 'csv' })).status, 403);
    assert.equal((await download(admin, { format: 'docx' })).status, 400);
    assert.equal((await download(admin, { format: 'csv', sort: 'nope' })).status, 400);
  });

  test("another company's account answers 404 and its contacts never appear", async () => {
    const globex = await server.signIn(userIdOf('other_tenant_admin'));
    assert.equal((await download(globex, { format: 'csv', accountId: 'acme' })).status, 404);
    const response = await download(globex, { ...selection, format: 'csv' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-total-count'), '0');
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    assert.deepEqual(rows, [HEADERS], 'only the header: the selection is outside the viewer’s scope');
    const all = await (await download(globex, { format: 'csv', columns: 'account' })).text();
    assert.ok(!all.includes('Acme'), 'no Acme contact in Globex’s export');
  });

  test('a customer administrator exports only their own accounts', async () => {
    const carlos = await server.signIn(userIdOf('customer_admin'));
    const me = (await (await fetch(`${server.url}/api/me`, { headers: carlos.headers })).json()) as { scope: string[] };
    const list = (await (await fetch(`${server.url}/api/contacts?pageSize=1`, { headers: carlos.headers })).json()) as { total: number };
    const response = await download(carlos, { format: 'csv', columns: 'email' });
    assert.equal(response.headers.get('x-total-count'), String(list.total));
    const ids = special.map((c) => c.id).join(',');
    const inScope = special.filter((c) => me.scope.includes(c.accountId)).length;
    assert.equal((await download(carlos, { format: 'csv', ids })).headers.get('x-total-count'), String(inScope));
  });
});

describe('a large export', () => {
  test('streams more contacts than one page holds', async () => {
    await insertContacts(server.db, Array.from({ length: 250 }, () => makeContact('acme', 'none')));
    const list = (await (await fetch(`${server.url}/api/contacts?pageSize=1`, { headers: admin.headers })).json()) as { total: number };
    assert.ok(list.total > 200, 'more than one export page');
    const response = await download(admin, { format: 'csv', columns: 'email' });
    assert.equal(response.headers.get('x-total-count'), String(list.total));
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
    assert.equal(rows.length, list.total);
    assert.equal(new Set(rows.map((r) => r[0])).size, list.total, 'no contact twice');
  });
});
