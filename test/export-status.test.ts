import { createSeedData, EXPORT_STATUS_NAMES, statusOf, type Contact, type ContactsClient } from '@portico/core';
import { MemoryContactsClient } from '@portico/client-memory';
import { RestContactsClient } from '@portico/client-rest';
import { createMappedRestClient } from '@portico/client-mapped';
import { createScimClient } from '@portico/client-scim';
import { exportWriters } from '@portico/export';
import { startTestServer } from '@portico/server/testing';
import { en } from '@portico/elements/i18n/en.js';
import { de } from '@portico/elements/i18n/de.js';
import { fr } from '@portico/elements/i18n/fr.js';
import { es } from '@portico/elements/i18n/es.js';
import { ja } from '@portico/elements/i18n/ja.js';
import { ar } from '@portico/elements/i18n/ar.js';
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
 * The status column as the contact list shows it ("Kein Login", not `none`), in the export's
 * language, in CSV, XLSX and PDF: from the server (REST) and from the writers the adapters without
 * a server export run in the page (memory, mapped REST, SCIM).
 */

const seed = createSeedData();
const userIdOf = (role: string) => seed.demoViewers.find((viewer) => viewer.role === role)!.userId;

describe('the export\'s status names', () => {
  it('are the list\'s, in each of the six languages', () => {
    const list = { en, de, fr, es, ja, ar };
    for (const [lang, strings] of Object.entries(list)) assert.deepEqual(EXPORT_STATUS_NAMES[lang as keyof typeof list], strings.status, lang);
  });
});

const HARNESSES: { name: string; start(): Promise<{ client: ContactsClient; close(): Promise<void> }> }[] = [
  {
    name: 'the server (RestContactsClient)',
    start: async () => {
      const server = await startTestServer();
      const session = await server.signIn(userIdOf('admin'));
      const client = new RestContactsClient({ baseUrl: `${server.url.replace(/\/+$/, '')}/api`, fetch: globalThis.fetch, retry: 0, headers: () => session.headers });
      return { client, close: () => server.close() };
    },
  },
  {
    name: 'MemoryContactsClient',
    start: async () => ({ client: new MemoryContactsClient({ data: seed, viewer: 'admin', exportWriters: exportWriters() }), close: async () => undefined }),
  },
  {
    name: 'MappedRestClient + json-server',
    start: async () => {
      const server = await startJsonServer();
      return { client: createMappedRestClient({ ...jsonServerOptions(server.url, jsonToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0, exportWriters: exportWriters() }), close: () => server.close() };
    },
  },
  {
    name: 'ScimContactsClient + scimmy',
    start: async () => {
      const server = await startScimServer();
      const client = await createScimClient({ ...scimOptions(server.url, scimToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0, exportWriters: exportWriters() });
      return { client, close: () => server.close() };
    },
  },
];

for (const harness of HARNESSES) {
  describe(`status in the export's language: ${harness.name}`, () => {
    let backend: Awaited<ReturnType<(typeof HARNESSES)[number]['start']>>;
    /** Contacts of each status the backend has, as the list gives them. */
    let sample: Contact[];
    const ids = () => sample.map((contact) => contact.id);
    const expected = (lang: keyof typeof EXPORT_STATUS_NAMES) => sample.map((contact) => [contact.email, EXPORT_STATUS_NAMES[lang][statusOf(contact)]]);

    before(async () => {
      backend = await harness.start();
      const listed = (await backend.client.listContacts({ pageSize: 100, sort: { field: 'email', direction: 'asc' } })).items;
      const byStatus = new Map<string, Contact>();
      for (const contact of listed) if (!byStatus.has(statusOf(contact))) byStatus.set(statusOf(contact), contact);
      sample = [...byStatus.values()];
      assert.ok(sample.some((contact) => statusOf(contact) === 'none'), 'a contact without a login');
      assert.ok(sample.some((contact) => statusOf(contact) === 'active'), 'a contact with an active login');
    });
    after(async () => {
      await backend.close();
    });

    it('CSV in German and in Japanese', async () => {
      for (const lang of ['de', 'ja'] as const) {
        const text = await (await backend.client.exportContacts!({}, 'csv', { ids: ids(), columns: ['email', 'status'], lang })).text();
        const [header, ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
        assert.deepEqual(header, [lang === 'de' ? 'E-Mail' : 'メールアドレス', lang === 'de' ? 'Status' : 'ステータス']);
        assert.deepEqual(rows, expected(lang), lang);
      }
    });

    it('XLSX in French', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await (await backend.client.exportContacts!({}, 'xlsx', { ids: ids(), columns: ['email', 'status'], lang: 'fr-CA' })).arrayBuffer());
      const sheet = workbook.getWorksheet('Contacts')!;
      assert.deepEqual(sample.map((_, index) => [sheet.getRow(index + 2).getCell(1).value, sheet.getRow(index + 2).getCell(2).value]), expected('fr'));
    });

    it('PDF in English and in Spanish', async () => {
      for (const lang of ['en', 'es'] as const) {
        const pdf = await getDocumentProxy(new Uint8Array(await (await backend.client.exportContacts!({}, 'pdf', { ids: ids(), columns: ['email', 'status'], lang })).arrayBuffer()));
        const { text } = await extractText(pdf, { mergePages: true });
        for (const [, status] of expected(lang)) assert.ok(text.includes(status!), `${status} in the ${lang} PDF`);
        for (const raw of ['none', 'active']) assert.ok(!new RegExp(`\\b${raw}\\b`).test(text), `no raw "${raw}" in the ${lang} PDF`);
      }
    });
  });
}
