import { createSeedData, neutraliseFormula, PHONE_MARK, restoreFormula, type Contact, type ContactDraftInput } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import ExcelJS from 'exceljs';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { extractText, getDocumentProxy } from 'unpdf';

/**
 * The CSV the reference server ships, opened as a spreadsheet user opens it: LibreOffice Calc
 * imports it with the separator of a German locale (`;`) and with the comma, and the cells are read
 * back from the XLSX it saves. No cell may be a formula, and every text must read as written (a
 * formula trigger behind the apostrophe that neutralises it). Needs `soffice` (Debian's
 * libreoffice-calc-nogui, which .ci/run installs); skipped without it unless
 * PORTICO_REQUIRE_LIBREOFFICE=1 or CI is set.
 */

const run = promisify(execFile);

const findSoffice = (): string | undefined => {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/lib/libreoffice/program', '/opt/libreoffice/program'];
  for (const dir of dirs) {
    for (const name of ['soffice', 'libreoffice']) {
      const path = join(dir, name);
      if (dir && existsSync(path)) return path;
    }
  }
  return undefined;
};

const soffice = findSoffice();
const required = process.env['PORTICO_REQUIRE_LIBREOFFICE'] === '1' || Boolean(process.env['CI']);
const skip = soffice || required ? false : 'LibreOffice (soffice) not found: install Debian\'s libreoffice-calc-nogui to run this test';

/**
 * LibreOffice's CSV import filter options: field separator(s) as character codes, text delimiter
 * `"` (34), UTF-8 (76), from line 1, standard column formats, the locale (1031 German, 1033 US
 * English); the rest default, so formulas are evaluated as a user's import would.
 */
const FILTERS = {
  'German, semicolon': 'CSV:59,34,76,1,,1031',
  'US English, comma': 'CSV:44,34,76,1,,1033',
} as const;

/** Job titles that break out of their cell, or run, if a separator or a formula prefix goes unguarded. */
const JOB_TITLES = [
  'x;=1+1;y',
  'x,=1+1,y',
  'x; =1+1; y',
  'x;"=1+1";y',
  'x;-2+3;y',
  'a;"b";c',
  '=HYPERLINK("http://evil.example";"x")',
  '+1+2',
  '-3+4',
  '@SUM(A1:A2)',
  'Sales; "EMEA", Nord',
  'Gérant; Zoë',
];

describe('the server\'s CSV opened in LibreOffice Calc', { skip }, () => {
  let server: TestServer;
  let admin: TestSession;
  let dir: string;
  let contacts: Contact[];

  before(async () => {
    // Required (CI) but missing: fail with what to install instead of an error from execFile.
    assert.ok(soffice, 'LibreOffice (soffice) not found: install Debian\'s libreoffice-calc-nogui');
    server = await startTestServer();
    admin = await server.signIn(createSeedData().demoViewers.find((viewer) => viewer.role === 'admin')!.userId);
    dir = await mkdtemp(join(tmpdir(), 'portico-csv-lo-'));
    contacts = [];
    for (const [index, jobTitle] of JOB_TITLES.entries()) {
      const draft: ContactDraftInput = { firstName: `Calc${String(index).padStart(2, '0')}`, lastName: 'Import;Probe', jobTitle, email: `calc.${index}@acme.example`, accountId: 'acme' };
      const response = await fetch(`${server.url}/api/contacts`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(draft) });
      assert.equal(response.status, 201, await response.clone().text());
      contacts.push((await response.json()) as Contact);
    }
  });
  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The server's export of the probe contacts, as LibreOffice saves it to XLSX with `filter`. */
  const imported = async (filter: string, name: string): Promise<{ sheet: ExcelJS.Worksheet; lines: string[] }> => {
    const params = new URLSearchParams({ format: 'csv', q: 'import;probe', sort: 'firstName', columns: 'firstName,lastName,jobTitle,email' });
    const response = await fetch(`${server.url}/api/contacts/export?${params.toString()}`, { headers: admin.headers });
    assert.equal(response.status, 200);
    const csv = join(dir, `${name}.csv`);
    const bytes = Buffer.from(await response.arrayBuffer());
    await writeFile(csv, bytes);
    // A private profile (shared by the runs, which take turns): no first-start wizard, no lock on a
    // user's own profile, no leftovers.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await run(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', `--infilter=${filter}`, '--convert-to', 'xlsx', '--outdir', dir, csv], { timeout: 120_000 });
    assert.ok((await readdir(dir)).includes(`${name}.xlsx`), 'LibreOffice wrote no XLSX');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, `${name}.xlsx`));
    return { sheet: workbook.worksheets[0]!, lines: bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').slice(0, -1) };
  };

  /** The cells of every row as text, and the formulas among them. */
  const cellsOf = (sheet: ExcelJS.Worksheet): { rows: string[][]; formulas: string[] } => {
    const rows: string[][] = [];
    const formulas: string[] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((value) => (value == null ? '' : String(value))));
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas.push(`${cell.address}: ${String(cell.formula)}`);
      });
    });
    return { rows, formulas };
  };

  it('reads every cell as the text written, in its column, with a comma (US English)', async () => {
    const { rows, formulas } = cellsOf((await imported(FILTERS['US English, comma'], 'comma')).sheet);
    assert.deepEqual(formulas, [], 'no cell holds a formula');
    assert.deepEqual(rows, [
      ['First name', 'Last name', 'Job title', 'Email'],
      ...contacts.map((contact) => [contact.firstName, contact.lastName, contact.jobTitle, contact.email].map((text) => neutraliseFormula(text ?? ''))),
    ]);
    // What the import of our own export reads back is what was stored.
    assert.deepEqual(rows.slice(1).map((row) => row.map(restoreFormula)), contacts.map((contact) => [contact.firstName, contact.lastName, contact.jobTitle, contact.email]));
  });

  it('runs no formula where a semicolon splits the line (German)', async () => {
    // A German spreadsheet splits our comma-separated lines at every ';', quotes or not: the
    // cells it makes are pieces of the line, none of which may start a formula.
    const { sheet, lines } = await imported(FILTERS['German, semicolon'], 'semicolon');
    const { rows, formulas } = cellsOf(sheet);
    assert.deepEqual(formulas, [], 'no cell holds a formula');
    assert.equal(rows.length, 1 + contacts.length, 'one row per contact');
    // Spaces aside: a piece that starts with a space and a quote loses the space in LibreOffice.
    const spaceless = (text: string) => text.replace(/ /g, '');
    assert.deepEqual(rows.map((cells) => spaceless(cells.join(';'))), lines.map(spaceless), 'every piece is text as written, nothing evaluated or lost');
    assert.ok(rows.flat().some((cell) => cell === "'=1+1"), 'the piece behind the semicolon is neutralised');
  });
});

/** Phone numbers as people write them; bare, LibreOffice reads some as numbers and Excel some as formulas. */
const PHONES = ['+49 30 1234567', '+4930123456', '0301234567', '+1 (555) 010-2030', '+49-30-123', '+44 7700 900123 x12'];

describe('phone numbers opened in LibreOffice Calc', { skip }, () => {
  let server: TestServer;
  let admin: TestSession;
  let dir: string;
  let profile: string;

  before(async () => {
    assert.ok(soffice, 'LibreOffice (soffice) not found: install Debian\'s libreoffice-calc-nogui');
    server = await startTestServer();
    admin = await server.signIn(createSeedData().demoViewers.find((viewer) => viewer.role === 'admin')!.userId);
    dir = await mkdtemp(join(tmpdir(), 'portico-phone-lo-'));
    profile = pathToFileURL(join(dir, 'profile')).href;
    for (const [index, businessPhone] of PHONES.entries()) {
      const draft: ContactDraftInput = { firstName: `Phone${index}`, lastName: 'Dialprobe', businessPhone, email: `dial.${index}@acme.example`, accountId: 'acme' };
      const response = await fetch(`${server.url}/api/contacts`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(draft) });
      assert.equal(response.status, 201, await response.clone().text());
    }
  });
  after(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const download = async (format: 'csv' | 'xlsx'): Promise<string> => {
    const params = new URLSearchParams({ format, q: 'dialprobe', sort: 'firstName', columns: 'firstName,businessPhone' });
    const response = await fetch(`${server.url}/api/contacts/export?${params.toString()}`, { headers: admin.headers });
    assert.equal(response.status, 200);
    const path = join(dir, `phones.${format}`);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    return path;
  };
  const convert = async (path: string, to: 'xlsx' | 'pdf', outdir: string, filter?: string) => {
    await run(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...(filter ? [`--infilter=${filter}`] : []), '--convert-to', to, '--outdir', outdir, path], { timeout: 120_000 });
    const name = path.replace(/^.*\//, '').replace(/\.[a-z]+$/, `.${to}`);
    assert.ok((await readdir(outdir)).includes(name), `LibreOffice wrote no ${name}`);
    return join(outdir, name);
  };
  /** The text LibreOffice prints of the sheet: what a user sees. */
  const shown = async (pdf: string) => (await extractText(await getDocumentProxy(new Uint8Array(await readFile(pdf))), { mergePages: true })).text;

  it('CSV: LibreOffice reads each number as the text written, no apostrophe, no number, no formula', async () => {
    const csv = await download('csv');
    const sheet = await convert(csv, 'xlsx', join(dir, 'csv-sheet'), FILTERS['US English, comma']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(sheet);
    const cells = PHONES.map((_, index) => workbook.worksheets[0]!.getRow(index + 2).getCell(2));
    assert.deepEqual(cells.map((cell) => cell.type), PHONES.map(() => ExcelJS.ValueType.String), 'text cells, not numbers or formulas');
    // The invisible mark before the number is all there is besides it.
    assert.deepEqual(cells.map((cell) => String(cell.value)), PHONES.map((phone) => `${PHONE_MARK}${phone}`));
    const text = await shown(await convert(csv, 'pdf', join(dir, 'csv-pdf'), FILTERS['US English, comma']));
    for (const phone of PHONES) assert.ok(text.includes(phone), `${phone} shown as written in ${JSON.stringify(text)}`);
    assert.ok(!text.includes("'"), 'no apostrophe shown');
  });

  it('XLSX: a phone is a text cell, and LibreOffice shows it as written', async () => {
    const xlsx = await download('xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const cells = PHONES.map((_, index) => workbook.worksheets[0]!.getRow(index + 2).getCell(2));
    assert.deepEqual(cells.map((cell) => [cell.type, cell.value, cell.numFmt, cell.formula]), PHONES.map((phone) => [ExcelJS.ValueType.String, phone, '@', undefined]));
    const text = await shown(await convert(xlsx, 'pdf', join(dir, 'xlsx-pdf')));
    for (const phone of PHONES) assert.ok(text.includes(phone), `${phone} shown as written in ${JSON.stringify(text)}`);
    assert.ok(!text.includes("'") && !text.includes('-104'), 'no apostrophe, nothing computed');
  });
});
