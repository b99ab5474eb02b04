import { ContactsError, createSeedData, exportFormatsOf, restoreFormula, type ContactsClient, type ExportProgress, type ListQueryInput } from '@portico/core';
import { MemoryContactsClient } from '@portico/client-memory';
import { RestContactsClient } from '@portico/client-rest';
import { createMappedRestClient } from '@portico/client-mapped';
import { createScimClient } from '@portico/client-scim';
import { exportWriters } from '@portico/export';
import { startTestServer, type TestServer } from '@portico/server/testing';
import Papa from 'papaparse';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJsonServer, tokenFor as jsonToken } from './servers/json-server.js';
import { startScimServer, tokenFor as scimToken } from './servers/scim-server.js';
import { jsonServerOptions } from './adapters/json-server-mapping.js';
import { scimOptions } from './adapters/scim-config.js';

/**
 * `exportContacts` of both adapters that have it: the file holds what `listContacts` lists for
 * the same query, in the same order, and reports progress; the REST run talks to the real server.
 */

const seed = createSeedData();
const userIdOf = (role: string) => seed.demoViewers.find((viewer) => viewer.role === role)!.userId;

const rowsOf = async (blob: Blob): Promise<string[][]> => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  return Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data.map((row) => row.map(restoreFormula));
};

const allListed = async (client: ContactsClient, query: ListQueryInput) => {
  const items = [];
  for (let page = 1; ; page += 1) {
    const result = await client.listContacts({ ...query, page, pageSize: 100 });
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) return items;
  }
};

interface Harness {
  name: string;
  formats: string[];
  start(): Promise<{ as(role: string): ContactsClient; close(): Promise<void> }>;
}

const HARNESSES: Harness[] = [
  {
    name: 'MemoryContactsClient',
    formats: ['csv', 'xlsx', 'pdf'],
    start: async () => {
      const client = new MemoryContactsClient({ data: seed, exportWriters: exportWriters() });
      return { as: (role) => client.withViewer(role), close: async () => undefined };
    },
  },
  {
    name: 'RestContactsClient + reference server',
    formats: ['csv', 'xlsx', 'pdf'],
    start: async () => {
      const server: TestServer = await startTestServer();
      const baseUrl = `${server.url.replace(/\/+$/, '')}/api`;
      return {
        as: (role) => {
          const session = server.signIn(userIdOf(role));
          return new RestContactsClient({ baseUrl, fetch: globalThis.fetch, retry: 0, headers: async () => (await session).headers });
        },
        close: () => server.close(),
      };
    },
  },
];

for (const harness of HARNESSES) {
  describe(`exportContacts: ${harness.name}`, () => {
    let backend: Awaited<ReturnType<Harness['start']>>;
    before(async () => {
      backend = await harness.start();
    });
    after(async () => {
      await backend.close();
    });

    it('declares its formats', () => {
      assert.deepEqual(exportFormatsOf(backend.as('admin')), harness.formats);
    });

    it('exports what the list shows for the same query, in the same order', async () => {
      const client = backend.as('customer_admin');
      const query: ListQueryInput = { search: 'a', filters: { status: 'active' }, sort: { field: 'email', direction: 'desc' } };
      const listed = await allListed(client, query);
      assert.ok(listed.length > 0);
      const progress: ExportProgress[] = [];
      const blob = await client.exportContacts!(query, 'csv', { columns: ['email', 'firstName'], onProgress: (p) => progress.push(p) });
      assert.match(blob.type, /^text\/csv/);
      const [header, ...rows] = await rowsOf(blob);
      assert.deepEqual(header, ['Email', 'First name']);
      assert.deepEqual(rows, listed.map((c) => [c.email, c.firstName]));
      const last = progress.at(-1)!;
      assert.equal(last.total, listed.length);
      assert.equal(last.bytes, (await blob.arrayBuffer()).byteLength);
    });

    it('exports a selection of ids, leaving out those outside the scope', async () => {
      const client = backend.as('customer_admin');
      const mine = (await client.listContacts({ pageSize: 2 })).items;
      const other = seed.contacts.find((c) => c.accountId === 'globex')!;
      const [, ...rows] = await rowsOf(await client.exportContacts!({}, 'csv', { ids: [mine[1]!.id, other.id, mine[0]!.id], columns: ['email'] }));
      assert.deepEqual(rows, [[mine[1]!.email], [mine[0]!.email]]);
    });

    it('refuses a viewer without contact.export', async () => {
      await assert.rejects(backend.as('contact').exportContacts!({}, 'csv'), (error: unknown) => error instanceof ContactsError && error.code === 'forbidden');
    });

    it('rejects with aborted when cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(backend.as('admin').exportContacts!({}, 'csv', { signal: controller.signal }), (error: unknown) => error instanceof ContactsError && error.code === 'aborted');
    });

    if (!harness.formats.includes('xlsx')) {
      it('says a format it cannot produce is unsupported', async () => {
        await assert.rejects(backend.as('admin').exportContacts!({}, 'xlsx'), (error: unknown) => error instanceof ContactsError && error.code === 'unsupported');
      });
    } else {
      it('fetches xlsx and pdf files', async () => {
        const xlsx = await backend.as('admin').exportContacts!({}, 'xlsx');
        assert.equal(xlsx.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        assert.equal(new TextDecoder().decode(new Uint8Array(await xlsx.slice(0, 2).arrayBuffer())), 'PK');
        const pdf = await backend.as('admin').exportContacts!({}, 'pdf', { ids: [seed.contacts[0]!.id] });
        assert.equal(await pdf.slice(0, 5).text(), '%PDF-');
      });
    }
  });
}

// `@portico/export` is an optional peer of the adapters that build files in the page: without the
// writers a host passes in, they offer no export, so the elements hide it.
describe('adapters without exportWriters offer no export', () => {
  it('MemoryContactsClient', async () => {
    const client = new MemoryContactsClient({ data: seed, viewer: 'admin' });
    assert.equal(client.capabilities.export, false);
    assert.deepEqual(exportFormatsOf(client), []);
    // Not even when a host switches the capability on without writers.
    assert.deepEqual(exportFormatsOf(new MemoryContactsClient({ data: seed, viewer: 'admin', capabilities: { export: true } })), []);
    await assert.rejects(client.exportContacts({}, 'csv'), (error: unknown) => error instanceof ContactsError && error.code === 'unsupported');
    assert.deepEqual(exportFormatsOf(client.withViewer('admin')), []);
  });

  it('MappedRestClient', async () => {
    const server = await startJsonServer();
    try {
      const options = { ...jsonServerOptions(server.url, jsonToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0 };
      assert.deepEqual(exportFormatsOf(createMappedRestClient(options)), []);
      assert.deepEqual(exportFormatsOf(createMappedRestClient({ ...options, exportWriters: exportWriters() })), ['csv', 'xlsx', 'pdf']);
    } finally {
      await server.close();
    }
  });

  it('ScimContactsClient', async () => {
    const server = await startScimServer();
    try {
      const options = { ...scimOptions(server.url, scimToken(userIdOf('admin'))), fetch: globalThis.fetch, retry: 0 };
      assert.deepEqual(exportFormatsOf(await createScimClient(options)), []);
      assert.deepEqual(exportFormatsOf(await createScimClient({ ...options, exportWriters: exportWriters() })), ['csv', 'xlsx', 'pdf']);
    } finally {
      await server.close();
    }
  });
});
