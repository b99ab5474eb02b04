import { ContactsError, createSeedData, restoreFormula, type Contact, type ContactDraftInput, type ContactsClient, type ExportProgress } from '@portico/core';
import { MemoryContactsClient } from '@portico/client-memory';
import { createMappedRestClient } from '@portico/client-mapped';
import { createScimClient } from '@portico/client-scim';
import { exportWriters } from '@portico/export';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJsonServer, tokenFor as jsonToken } from './servers/json-server.js';
import { startScimServer, tokenFor as scimToken } from './servers/scim-server.js';
import { jsonServerOptions } from './adapters/json-server-mapping.js';
import { scimOptions } from './adapters/scim-config.js';

/**
 * Exports the adapters without a server export build themselves (`@portico/export`), read back
 * with independent readers (papaparse, exceljs, unpdf): the memory client, and the mapped REST and
 * SCIM adapters against the real test servers they use elsewhere, on 127.0.0.1.
 */

const seed = createSeedData();
const userIdOf = (role: string) => seed.demoViewers.find((viewer) => viewer.role === role)!.userId;

/** Every formula trigger a user can type into a one-line field (tab and CR are refused on input). */
const INJECTIONS = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+4', '@SUM(A1:A2)'];
const SPECIAL: ContactDraftInput[] = [
  { firstName: 'محمد', lastName: 'العلي', jobTitle: 'مدير' },
  { firstName: '花子', lastName: '山田', jobTitle: 'エンジニア' },
  { firstName: 'Zoë 🎉', lastName: 'O\'Brien, "Jr"', jobTitle: 'Sales, "EMEA"' },
  ...INJECTIONS.map((jobTitle, index) => ({ firstName: `Inject${index}`, lastName: 'Formula', jobTitle })),
].map((draft, index) => ({ accountId: 'acme', email: `export.${index}@acme.example`, notifications: false, ...draft }) as ContactDraftInput);

const COLUMNS = ['firstName', 'lastName', 'jobTitle', 'email', 'createdAt'] as const;
const HEADERS = ['First name', 'Last name', 'Job title', 'Email', 'Created'];

interface Backend {
  admin: ContactsClient;
  close(): Promise<void>;
}

const HARNESSES: { name: string; start(): Promise<Backend> }[] = [
  {
    name: 'MemoryContactsClient',
    start: async () => ({ admin: new MemoryContactsClient({ data: seed, viewer: 'admin', exportWriters: exportWriters() }), close: async () => undefined }),
  },
  {
    name: 'MappedRestClient + json-server',
    start: async () => {
      const server = await startJsonServer();
      return { admin: createMappedRestClient({ ...jsonServerOptions(server.url, jsonToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0, exportWriters: exportWriters() }), close: () => server.close() };
    },
  },
  {
    name: 'ScimContactsClient + scimmy',
    start: async () => {
      const server = await startScimServer();
      const admin = await createScimClient({ ...scimOptions(server.url, scimToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0, exportWriters: exportWriters() });
      return { admin, close: () => server.close() };
    },
  },
];

for (const harness of HARNESSES) {
  describe(`export built in the adapter: ${harness.name}`, () => {
    let backend: Backend;
    let created: Contact[];
    const selection = () => ({ ids: created.map((contact) => contact.id), columns: [...COLUMNS] });

    before(async () => {
      backend = await harness.start();
      created = [];
      for (const draft of SPECIAL) created.push(await backend.admin.createContact(draft));
    });
    after(async () => {
      await backend.close();
    });

    it('offers CSV, Excel and PDF', () => {
      assert.equal(backend.admin.capabilities.export, true);
      assert.deepEqual(backend.admin.exportFormats ?? ['csv', 'xlsx', 'pdf'], ['csv', 'xlsx', 'pdf']);
    });

    it('CSV: names in every script, emoji, commas and quotes round-trip; formulas are neutralised', async () => {
      const blob = await backend.admin.exportContacts!({}, 'csv', selection());
      const bytes = new Uint8Array(await blob.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
      const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true });
      assert.deepEqual(parsed.errors, []);
      const [header, ...rows] = parsed.data;
      assert.deepEqual(header, HEADERS);
      assert.deepEqual(
        rows.map((row) => row.slice(0, 4).map(restoreFormula)),
        created.map((contact) => [contact.firstName, contact.lastName, contact.jobTitle ?? '', contact.email]),
      );
      for (const value of INJECTIONS) assert.ok(rows.some((row) => row[2] === `'${value}`), `${value} is written as '${value}`);
      assert.ok(!rows.some((row) => row.some((cell) => /^[=+\-@\t\r]/.test(cell))), 'no cell starts with a formula trigger');
    });

    it('XLSX: a bold frozen header, widths, text cells stay text (formula-like too), dates are dates', async () => {
      const progress: ExportProgress[] = [];
      const blob = await backend.admin.exportContacts!({}, 'xlsx', { ...selection(), onProgress: (p) => progress.push(p) });
      assert.equal(blob.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.deepEqual(progress.at(-1), { done: created.length, total: created.length, bytes: blob.size });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await blob.arrayBuffer());
      const sheet = workbook.getWorksheet('Contacts')!;
      const header = sheet.getRow(1);
      assert.deepEqual(HEADERS.map((_, i) => header.getCell(i + 1).value), HEADERS);
      assert.equal(header.getCell(1).font?.bold, true);
      assert.equal(sheet.views[0]?.state, 'frozen');
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
      assert.ok((sheet.getColumn(4).width ?? 0) > 10, 'column widths set');
      created.forEach((contact, index) => {
        const row = sheet.getRow(index + 2);
        [contact.firstName, contact.lastName, contact.jobTitle, contact.email].forEach((value, column) => {
          const cell = row.getCell(column + 1);
          assert.equal(cell.type, ExcelJS.ValueType.String, `${JSON.stringify(value)} is a text cell`);
          assert.equal(cell.value, value);
        });
        const createdAt = row.getCell(5);
        assert.equal(createdAt.type, ExcelJS.ValueType.Date);
        assert.equal((createdAt.value as Date).toISOString(), new Date(contact.createdAt).toISOString());
      });
    });

    it('PDF: every name, the title and date, the header on every page and page numbers', async () => {
      const blob = await backend.admin.exportContacts!({}, 'pdf', { columns: [...COLUMNS] });
      assert.equal(blob.type, 'application/pdf');
      const pdf = await getDocumentProxy(new Uint8Array(await blob.arrayBuffer()));
      const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
      assert.ok(totalPages > 1, 'several pages');
      pages.forEach((page, index) => {
        assert.ok(page.includes('Contacts') && page.includes('Exported '), `title and date on page ${index + 1}`);
        assert.ok(HEADERS.every((text) => page.includes(text)), `header on page ${index + 1}`);
        assert.ok(page.includes(`Page ${index + 1} of ${totalPages}`), `page number on page ${index + 1}`);
      });
      const all = pages.join('\n');
      for (const name of ['花子', '山田', 'エンジニア', "O'Brien", 'Zoë 🎉', 'Inject0']) assert.ok(all.includes(name), name);
      const normalised = all.normalize('NFKC');
      for (const name of ['محمد', 'العلي']) assert.ok(normalised.includes(name) || normalised.includes([...name].reverse().join('')), `${name} in the PDF`);
    });

    it('exports what the list shows for the same query, in the same order, in every format', async () => {
      const query = { search: 'Formula' };
      const listed = (await backend.admin.listContacts({ ...query, pageSize: 100 })).items;
      assert.equal(listed.length, INJECTIONS.length);
      const csv = await (await backend.admin.exportContacts!(query, 'csv', { columns: ['email'] })).text();
      assert.deepEqual(Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1).map((row) => row[0]), listed.map((c) => c.email));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await (await backend.admin.exportContacts!(query, 'xlsx', { columns: ['email'] })).arrayBuffer());
      assert.deepEqual(listed.map((_, index) => workbook.getWorksheet('Contacts')!.getRow(index + 2).getCell(1).value), listed.map((c) => c.email));
    });

    it('stops when cancelled and says so', async () => {
      const controller = new AbortController();
      const exported = backend.admin.exportContacts!({}, 'pdf', { signal: controller.signal, onProgress: () => controller.abort() });
      await assert.rejects(exported, (error: unknown) => (error as { code?: string }).code === 'aborted');
    });
  });
}

describe('export built in the adapter: control characters the API refuses on input', () => {
  // Data that reached a store another way (an old import, another system): seeded directly.
  const data = createSeedData();
  const template = data.contacts.find((contact) => contact.accountId === 'acme')!;
  const odd = ['line one\nline two', '\tTAB', '\rCR'].map((jobTitle, index) => ({ ...template, id: `odd-${index}`, email: `odd.${index}@acme.example`, userId: null, jobTitle }));
  data.contacts.push(...odd);
  const client = new MemoryContactsClient({ data, viewer: 'admin', exportWriters: exportWriters() });
  const ids = odd.map((contact) => contact.id);

  it('CSV keeps a newline inside its quoted field and neutralises tab and CR', async () => {
    const text = await (await client.exportContacts({}, 'csv', { ids, columns: ['jobTitle'] })).text();
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
    assert.deepEqual(rows.map((row) => row[0]), ['line one\nline two', "'\tTAB", "'\rCR"]);
  });

  it('XLSX keeps them as text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await client.exportContacts({}, 'xlsx', { ids, columns: ['jobTitle'] })).arrayBuffer());
    const cells = [2, 3, 4].map((row) => workbook.getWorksheet('Contacts')!.getRow(row).getCell(1));
    assert.ok(cells.every((cell) => cell.type === ExcelJS.ValueType.String));
    // XML turns a bare CR into LF when it is read.
    assert.deepEqual(cells.map((cell) => cell.value), ['line one\nline two', '\tTAB', '\nCR']);
  });
});

describe('export built in the adapter: fonts', () => {
  it('fails a PDF whose fonts cannot be loaded with a message naming exportFonts', async () => {
    const client = new MemoryContactsClient({ data: seed, viewer: 'admin', exportWriters: exportWriters({ fonts: 'http://127.0.0.1:9/fonts/' }) });
    await assert.rejects(client.exportContacts({}, 'pdf'), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'network');
      assert.match(error.message, /PDF font @expo-google-fonts\/noto-sans\/.*exportFonts/);
      assert.deepEqual(error.fieldErrors.map((e) => e.field), ['exportFonts']);
      return true;
    });
    // CSV and XLSX need no font.
    assert.equal((await client.exportContacts({}, 'xlsx')).type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('refuses an unknown format, naming the field', async () => {
    const client = new MemoryContactsClient({ data: seed, viewer: 'admin', exportWriters: exportWriters() });
    await assert.rejects(client.exportContacts({}, 'docx' as 'csv'), (error: unknown) => error instanceof ContactsError && error.code === 'unsupported');
    const { buildExport } = await import('@portico/export');
    await assert.rejects(buildExport(client, {}, 'docx' as 'csv'), (error: unknown) => error instanceof ContactsError && error.code === 'validation' && error.fieldErrors[0]?.field === 'format');
  });
});

describe('export built in the adapter: localised PDF', () => {
  it('writes the title, the date and "page n of N" in German', async () => {
    const client = new MemoryContactsClient({ data: seed, viewer: 'admin', exportWriters: exportWriters() });
    const blob = await client.exportContacts({}, 'pdf', { lang: 'de-DE' });
    const pdf = await getDocumentProxy(new Uint8Array(await blob.arrayBuffer()));
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    pages.forEach((page, index) => {
      assert.ok(page.includes('Kontakte'), `title on page ${index + 1}`);
      assert.match(page.replace(/\s+/g, ' '), /Exportiert am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC/, `date on page ${index + 1}`);
      assert.ok(page.includes('Vorname') && page.includes('Nachname'), `header on page ${index + 1}`);
      assert.ok(page.includes(`Seite ${index + 1} von ${totalPages}`), `page number on page ${index + 1}`);
    });
  });
});

describe('PDF line layout (Unicode bidi algorithm)', () => {
  let layout: (text: string) => { runs: { text: string; script: string }[]; rtl: boolean };
  before(async () => {
    const [{ layoutLine }, { default: bidiFactory }] = await Promise.all([import('@portico/export/pdf'), import('bidi-js')]);
    const bidi = bidiFactory();
    layout = (text) => layoutLine(bidi, text);
  });
  // Runs are in visual order, left to right; an Arabic run in logical order (fontkit sets it right to left).
  const visual = (text: string) => layout(text).runs.map((run) => `${run.script}:${run.text}`);

  it('keeps a left-to-right cell left to right, Arabic in it as one shaped run', () => {
    assert.deepEqual(visual('Ahmed محمد'), ['latin:Ahmed ', 'arabic:محمد']);
    assert.equal(layout('Ahmed محمد').rtl, false);
    assert.deepEqual(visual('山田 🎉 Zoë'), ['japanese:山田', 'latin: ', 'emoji:🎉', 'latin: Zoë']);
  });

  it('sets a right-to-left cell right-aligned with a Latin word to the left of the Arabic', () => {
    assert.equal(layout('مدير IT').rtl, true);
    assert.deepEqual(visual('مدير IT'), ['latin:IT', 'arabic:مدير ']);
  });

  it('mirrors brackets, keeps emoji sequences whole and numbers left to right', () => {
    assert.deepEqual(visual('محمد (CEO)'), ['latin:(', 'latin:CEO', 'latin:)', 'arabic:محمد ']);
    assert.deepEqual(visual('مرحبا 👩‍💻'), ['emoji:👩‍💻', 'arabic:مرحبا ']);
    // Arabic-Indic digits read left to right; the run is handed over reversed, since fontkit reverses Arabic-script runs.
    assert.deepEqual(visual('صفحة ١٢'), ['arabic:٢١', 'arabic:صفحة ']);
    // The Arabic footer: "page 2 of 10" read from the right.
    assert.deepEqual(visual('الصفحة 2 من 10'), ['latin:10', 'arabic:من ', 'latin: ', 'latin:2', 'arabic:الصفحة ']);
  });
});

describe('export built in the adapter: PDF wraps long values', () => {
  const LONG_EMAILS = [
    'maximiliane.mustermann-schmidt.procurement@subsidiary.example-holding.example',
    'x'.repeat(60) + '@acme.example',
  ];

  it('wraps a long e-mail within its column instead of cutting it with "…", and still numbers "page n of N"', async () => {
    const data = createSeedData();
    const template = data.contacts.find((contact) => contact.accountId === 'acme')!;
    const long = LONG_EMAILS.map((email, index) => ({ ...template, id: `long-${index}`, email, userId: null, jobTitle: 'Head of procurement, strategic sourcing and supplier relations (EMEA)' }));
    data.contacts.push(...long);
    const client = new MemoryContactsClient({ data, viewer: 'admin', exportWriters: exportWriters() });
    const blob = await client.exportContacts({ sort: { field: 'email', direction: 'asc' } }, 'pdf', {});
    const pdf = await getDocumentProxy(new Uint8Array(await blob.arrayBuffer()));
    const { totalPages, text: pages } = await extractText(pdf, { mergePages: false });
    const all = pages.join('\n');
    assert.ok(!all.includes('…'), 'nothing cut with an ellipsis');
    const spaceless = all.replace(/\s+/g, '');
    for (const email of LONG_EMAILS) assert.ok(spaceless.includes(email), `${email} whole in the PDF`);
    assert.ok(spaceless.includes('Headofprocurement,strategicsourcingandsupplierrelations(EMEA)'), 'a long job title whole');
    assert.ok(totalPages > 1, 'several pages');
    pages.forEach((page, index) => assert.ok(page.includes(`Page ${index + 1} of ${totalPages}`), `"Page ${index + 1} of ${totalPages}" on page ${index + 1}`));
  });
});
