import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContactsError, createSeedData } from '@portico/core';
import { createMappedRestClient, mapFields, type MappedRestClientOptions } from '@portico/client-mapped';
import { toHostContact } from '../servers/json-server.js';
import { contactMapping } from './json-server-mapping.js';

const seed = createSeedData();
const victor = seed.contacts.find((contact) => contact.id === 'c-victor')!;
const host = toHostContact(victor) as unknown as Record<string, unknown>;

/** A stand-in fetch that records the requests and answers with `respond`. */
const fakeFetch = (respond: (url: URL, init: Request) => Response) => {
  const requests: URL[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push(url);
    return respond(url, request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
};

const json = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

const base = (overrides: Partial<MappedRestClientOptions>): MappedRestClientOptions => ({
  baseUrl: 'http://api.test/v1',
  mapping: contactMapping,
  paging: { style: 'page', page: 'page', size: 'size' },
  routes: { list: { path: '/contacts' }, get: { path: '/contacts/:id' } },
  retry: 0,
  ...overrides,
});

describe('mapped REST adapter', () => {
  it('maps a record both ways: nested paths, value maps, computed login state', () => {
    const contact = contactMapping.fromRecord(host) as typeof victor;
    assert.deepEqual(contact, victor);
    const record = contactMapping.toRecord({ businessPhone: '+1 555 0100', notifications: false, login: { state: 'disabled' } });
    assert.deepEqual(record, { phones: { work: '+1 555 0100' }, newsletter: 'N', active: 'N', locked: 'N' });
  });

  it('turns a mapping mistake into one ContactsError naming the field and the record', async () => {
    const { fetch } = fakeFetch(() => json({ ...host, newsletter: 'maybe' }));
    const client = createMappedRestClient(base({ fetch }));
    await assert.rejects(client.getContact('c-victor'), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'invalid_response');
      assert.match(error.message, /record "c-victor"/);
      assert.match(error.message, /notifications \(record field "newsletter" = "maybe"\)/);
      assert.deepEqual(error.fieldErrors.map((e) => e.field), ['notifications']);
      return true;
    });
  });

  it('declares only the capabilities its routes map', () => {
    const client = createMappedRestClient(base({ routes: { list: { path: '/contacts' }, get: { path: '/contacts/:id' }, update: { path: '/contacts/:id' }, enableLogin: 'update', disableLogin: 'update' } }));
    assert.equal(client.capabilities.update, true);
    assert.equal(client.capabilities.enableDisableLogin, true);
    for (const absent of ['create', 'delete', 'lockUnlock', 'roles', 'search', 'sort', 'versioning', 'resetPasswordLink'] as const) assert.equal(client.capabilities[absent], false, absent);
    const narrowed = createMappedRestClient(base({ routes: { list: { path: '/contacts' }, get: { path: '/contacts/:id' } }, capabilities: { create: true } }));
    assert.equal(narrowed.capabilities.create, false, 'options narrow, never widen');
  });

  it('pages with offset and limit and reads the total from the body', async () => {
    const { fetch, requests } = fakeFetch(() => json({ data: { rows: [host] }, meta: { count: 41 } }));
    const client = createMappedRestClient(
      base({ fetch, paging: { style: 'offset', offset: 'skip', limit: 'take', total: { body: 'meta.count' } }, routes: { list: { path: '/contacts', items: 'data.rows' }, get: { path: '/contacts/:id' } } }),
    );
    const page = await client.listContacts({ page: 3, pageSize: 20 });
    assert.equal(page.total, 41);
    assert.equal(page.items[0]!.id, 'c-victor');
    assert.equal(requests[0]!.searchParams.get('skip'), '40');
    assert.equal(requests[0]!.searchParams.get('take'), '20');
  });

  it('follows the Link header’s next URL as the cursor', async () => {
    const { fetch, requests } = fakeFetch((url) =>
      url.searchParams.get('after') ? json([host]) : json([host], { link: '<http://api.test/v1/contacts?after=abc&limit=1>; rel="next"' }),
    );
    const client = createMappedRestClient(base({ fetch, paging: { style: 'cursor', cursor: 'after', size: 'limit', next: { link: true } } }));
    const first = await client.listContacts({ pageSize: 1 });
    assert.equal(first.nextCursor, 'http://api.test/v1/contacts?after=abc&limit=1');
    const second = await client.listContacts({ pageSize: 1, cursor: first.nextCursor! });
    assert.equal(second.nextCursor, null);
    assert.equal(requests[1]!.searchParams.get('after'), 'abc');
  });

  it('maps error bodies’ record fields back to Portico fields', async () => {
    const { fetch } = fakeFetch(() => new Response(JSON.stringify({ message: 'Bad address', errors: { email_address: 'Not deliverable' } }), { status: 422, headers: { 'content-type': 'application/json' } }));
    const client = createMappedRestClient(base({ fetch, routes: { list: { path: '/contacts' }, get: { path: '/contacts/:id' }, update: { path: '/contacts/:id' } } }));
    await assert.rejects(client.updateContact('c-victor', { email: 'victor@acme.example' }), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'validation');
      assert.deepEqual(error.messagesFor('email'), ['Not deliverable']);
      return true;
    });
  });

  it('leaves out fields a table does not map, and fails on the first required one', () => {
    const partial = mapFields({ id: 'id', firstName: 'given' });
    assert.deepEqual(partial.toRecord({ firstName: 'Ada', lastName: 'Lovelace' }), { given: 'Ada' });
  });
});
