// The in-page export (@portico/export) as an application ships it: built by Vite, run in
// Chromium. web-test-runner serves pdfkit's standalone build; this checks the ESM browser builds a
// bundler picks (exceljs's `browser` field, pdfkit's export conditions) and that the writers stay
// out of the entry chunk, loaded with import() when a format is asked for.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { build, defaultClientConditions, type Rolldown } from 'vite';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, pageErrors } from './browser.js';

const root = fileURLToPath(new URL('export-vite/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.ttf': 'font/ttf' };

let outDir: string;
let chunks: Rolldown.OutputChunk[];
let server: Server;
let browser: Browser;
let page: Page;
let errors: string[];

before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'portico-export-vite-'));
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    root,
    resolve: { conditions: ['source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: { outDir, emptyOutDir: true, minify: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  })) as Rolldown.RolldownOutput;
  chunks = result.output.filter((output): output is Rolldown.OutputChunk => output.type === 'chunk');
  // The page, and the font packages' folders under /fonts/, as a host would serve them.
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.startsWith('/fonts/') ? join(nodeModules, path.slice('/fonts/'.length)) : join(outDir, path === '/' ? 'index.html' : path);
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchBrowser();
  page = await browser.newPage();
  errors = pageErrors(page);
  const { port } = server.address() as { port: number };
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'runExport' in globalThis);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const run = async (format: string, lang = 'en') => {
  const { type, base64 } = await page.evaluate((f, l) => (globalThis as unknown as { runExport(f: string, l: string): Promise<{ type: string; base64: string }> }).runExport(f, l), format, lang);
  return { type, bytes: new Uint8Array(Buffer.from(base64, 'base64')) };
};

describe('the in-page export in a Vite build', () => {
  it('keeps exceljs, pdfkit and bidi-js out of the entry chunk', () => {
    const heavy = (chunk: Rolldown.OutputChunk) => Object.keys(chunk.modules).filter((id) => /node_modules\/(exceljs|pdfkit|fontkit|bidi-js)\//.test(id));
    const entry = chunks.find((chunk) => chunk.isEntry)!;
    assert.deepEqual(heavy(entry), []);
    assert.ok(chunks.some((chunk) => !chunk.isEntry && heavy(chunk).some((id) => id.includes('/exceljs/'))), 'exceljs in a lazy chunk');
    assert.ok(chunks.some((chunk) => !chunk.isEntry && heavy(chunk).some((id) => id.includes('/pdfkit/'))), 'pdfkit in a lazy chunk');
  });

  it('writes CSV, XLSX and PDF in Chromium that independent readers read back', async () => {
    const csv = await run('csv');
    const rows = Papa.parse<string[]>(new TextDecoder().decode(csv.bytes).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    assert.equal(rows[0]![1], 'First name');
    assert.ok(rows.length > 2);

    const xlsx = await run('xlsx', 'de');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('Contacts')!;
    assert.equal(sheet.getRow(1).getCell(2).value, 'Vorname');
    assert.deepEqual(
      rows.slice(1).map((row) => row[1]),
      rows.slice(1).map((_, index) => sheet.getRow(index + 2).getCell(2).value),
    );

    const pdf = await run('pdf', 'de');
    assert.equal(pdf.type, 'application/pdf');
    const { totalPages, text } = await extractText(await getDocumentProxy(pdf.bytes), { mergePages: false });
    assert.ok(text[0]!.includes('Kontakte') && text[0]!.includes(`Seite 1 von ${totalPages}`));
    assert.ok(text.join('\n').includes(rows[1]![1]!), 'the first name of the first contact');
    assert.deepEqual(errors, []);
  });
});
