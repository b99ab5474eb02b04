import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, type Filter } from 'scim2-parse-filter';
import { ContactsError } from '@portico/core';
import { createScimClient, scimError, writeFilter, type ScimClientOptions } from '@portico/client-scim';
import { toScimUser } from '../servers/scim-server.js';
import { createSeedData } from '@portico/core';

const victor = toScimUser(createSeedData().contacts.find((contact) => contact.id === 'c-victor')!);
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/scim+json' } });
const scimErrorBody = (status: number | string, scimType: string | undefined, detail: string) =>
  json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status, ...(scimType ? { scimType } : {}), detail }, Number(status));

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: any;
}

/** A SCIM service provider with the given features; `users` answers the Users requests. */
const fakeServer = (features: { patch?: boolean; sort?: boolean; etag?: boolean }, users: (seen: Seen) => Response) => {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const entry = { method: request.method, url, headers: request.headers, body: text ? JSON.parse(text) : undefined };
    if (url.pathname.endsWith('/ServiceProviderConfig')) {
      return json({ patch: { supported: !!features.patch }, sort: { supported: !!features.sort }, etag: { supported: !!features.etag }, filter: { supported: true, maxResults: 100 } });
    }
    if (url.pathname.endsWith('/Schemas')) return json({ Resources: [{ id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' }] });
    if (url.pathname.endsWith('/ResourceTypes')) return json({ Resources: [{ name: 'User', endpoint: '/Users' }] });
    seen.push(entry);
    return users(entry);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
};

let servers = 0;
/** A new base URL per client: the adapter caches its filter probes per server. */
const options = (fetch: typeof globalThis.fetch, extra: Partial<ScimClientOptions> = {}): ScimClientOptions => ({ baseUrl: `http://idp${(servers += 1)}.test/scim/v2`, token: 't0ken', fetch, retry: 0, ...extra });
const list = (...resources: unknown[]) => json({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: resources.length, Resources: resources });

/** Every comparison in a parsed filter, so a test can check nothing but the expected ones exist. */
const comparisons = (filter: Filter): Filter[] => ('filters' in filter ? (filter.filters as Filter[]).flatMap(comparisons) : [filter]);

const INJECTION = 'x" or userName pr or userName eq "';

describe('SCIM adapter', () => {
  it('escapes search text so it can never widen the filter', async () => {
    const { fetch, seen } = fakeServer({}, () => list());
    const client = await createScimClient(options(fetch, { searchEndpoint: 'never' }));
    await client.listContacts({ search: INJECTION });
    const written = seen.at(-1)!.url.searchParams.get('filter')!;
    const tree = parse(written);
    const leaves = comparisons(tree);
    assert.ok(leaves.length > 0);
    for (const leaf of leaves) {
      assert.equal(leaf.op, 'co', `only "co" comparisons, got ${JSON.stringify(leaf)}`);
      assert.ok(['name.givenName', 'name.familyName', 'emails.value'].includes((leaf as { attrPath: string }).attrPath));
      // Each value is one typed word, quotes and all, as a literal.
      assert.ok(INJECTION.split(/\s+/).includes((leaf as { compValue: string }).compValue), JSON.stringify(leaf));
    }
    assert.ok(!leaves.some((leaf) => leaf.op === 'pr'), 'no presence test smuggled in');
    assert.equal(tree.op, 'and', 'every word must match: the words are and-ed');
    assert.equal((tree as { filters: Filter[] }).filters.length, INJECTION.split(/\s+/).length);
    assert.ok((tree as { filters: Filter[] }).filters.every((group) => group.op === 'or'));
  });

  it('drops quotes from search text for servers that reject escaped quotes, and says so in the option', async () => {
    const { fetch, seen } = fakeServer({}, () => list());
    const client = await createScimClient(options(fetch, { quotes: 'strip', searchEndpoint: 'never' }));
    await client.listContacts({ search: INJECTION });
    const written = seen.at(-1)!.url.searchParams.get('filter')!;
    assert.ok(!written.includes('\\'), written);
    const leaves = comparisons(parse(written));
    assert.ok(leaves.every((leaf) => leaf.op === 'co' && !String((leaf as { compValue: string }).compValue).includes('"')));
    assert.equal(writeFilter({ op: 'eq', attr: 'userName', value: 'a"b\\c' }), 'userName eq "a\\"b\\\\c"');
    assert.throws(() => writeFilter({ op: 'eq', attr: 'userName pr or x', value: 'a' }), TypeError);
  });

  it('searches by exact user ID or e-mail when its probes find the server takes only eq', async () => {
    const { fetch, seen } = fakeServer({}, (request) => {
      const filter = request.url.searchParams.get('filter') ?? '';
      return filter.includes(' co ') ? scimErrorBody('400', 'invalidFilter', 'Operator co is not supported') : list(victor);
    });
    const client = await createScimClient(options(fetch, { searchEndpoint: 'never' }));
    assert.equal(client.capabilities.search, 'exact', 'a search box that says it finds whole values only, rather than one that answers 400');
    const probes = seen.length;
    const page = await client.listContacts({ search: victor.emails[0]!.value });
    assert.deepEqual(page.items.map((contact) => contact.id), ['c-victor']);
    assert.equal(seen.length, probes + 1, 'one request, no retry after a 400');
    assert.equal(seen.at(-1)!.url.searchParams.get('filter'), `userName eq "${victor.emails[0]!.value}" or emails.value eq "${victor.emails[0]!.value}"`);
  });

  it('uses POST /Users/.search when the server has it, and GET when it does not', async () => {
    const withSearch = fakeServer({}, () => list(victor));
    const searching = await createScimClient(options(withSearch.fetch));
    // Discovery's filter probes come first; the list request follows them.
    const probes = withSearch.seen.length;
    await searching.listContacts({ page: 2, pageSize: 10 });
    const listed = withSearch.seen[probes]!;
    assert.equal(listed.method, 'POST');
    assert.ok(listed.url.pathname.endsWith('/Users/.search'));
    assert.equal(listed.body.startIndex, 11);
    assert.equal(listed.body.count, 10);
    assert.equal(listed.headers.get('authorization'), 'Bearer t0ken');

    const without = fakeServer({}, (request) => (request.method === 'POST' ? scimErrorBody(404, undefined, 'Not found') : list(victor)));
    const client = await createScimClient(options(without.fetch));
    const before = without.seen.length;
    await client.listContacts({});
    await client.listContacts({});
    assert.deepEqual(without.seen.slice(before).map((request) => request.method), ['POST', 'GET', 'GET']);
  });

  it('adapts to the service provider configuration: no sort, no PATCH, no ETag', async () => {
    const { fetch, seen } = fakeServer({ patch: false, sort: false, etag: false }, (request) => (request.method === 'GET' && !request.url.pathname.endsWith('/Users') ? json(victor) : request.method === 'PUT' ? json({ ...request.body, id: 'c-victor', meta: victor.meta }) : list(victor)));
    const client = await createScimClient(options(fetch, { searchEndpoint: 'never' }));
    assert.equal(client.capabilities.sort, false);
    assert.equal(client.capabilities.versioning, false);
    assert.equal(client.capabilities.lockUnlock, false);
    assert.equal(client.capabilities.resetPasswordLink, false);
    await client.listContacts({ sort: { field: 'lastName', direction: 'desc' } });
    assert.equal(seen.at(-1)!.url.searchParams.get('sortBy'), null);
    const updated = await client.updateContact('c-victor', { jobTitle: 'Lead' }, { ifVersion: 1 });
    assert.equal(updated.jobTitle, 'Lead');
    const put = seen.find((request) => request.method === 'PUT')!;
    assert.ok(put, 'PUT without PATCH');
    assert.equal(put.headers.get('if-match'), null);
    assert.equal(put.body.title, 'Lead');
  });

  it('sends PATCH operations and If-Match when the server has them', async () => {
    const { fetch, seen } = fakeServer({ patch: true, sort: true, etag: true }, (request) => (request.method === 'PATCH' ? json({ ...victor, title: 'Lead' }) : json(victor)));
    const client = await createScimClient(options(fetch));
    assert.equal(client.capabilities.versioning, true);
    await client.updateContact('c-victor', { jobTitle: 'Lead', mobilePhone: '+44 7700 900123' }, { ifVersion: 1 });
    const patch = seen.find((request) => request.method === 'PATCH')!;
    assert.equal(patch.headers.get('if-match'), 'W/"1"');
    assert.deepEqual(patch.body.Operations.map((operation: { op: string; path: string }) => `${operation.op} ${operation.path}`).sort(), ['replace phoneNumbers', 'replace title']);
  });

  it('turns SCIM error bodies into ContactsErrors with field detail', () => {
    const conflict = scimError(409, { status: '409', scimType: 'uniqueness', detail: "Attribute 'userName' must be unique." }, 'POST /Users');
    assert.ok(conflict instanceof ContactsError);
    assert.equal(conflict.code, 'conflict');
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.fieldErrors.map((error) => error.field), ['userId']);
    const invalid = scimError(400, { status: 400, scimType: 'invalidValue', detail: 'emails: not an address' }, 'PUT /Users/x');
    assert.equal(invalid.code, 'validation');
    assert.deepEqual(invalid.messagesFor('email'), ['emails: not an address']);
    assert.equal(scimError(412, { status: '412', scimType: 'invalidVers' }, 'PUT').code, 'precondition_failed');
    // A refused filter is the adapter's query: it names no form field, even when its detail names an attribute.
    const refused = scimError(400, { status: '400', scimType: 'invalidFilter', detail: "Attribute 'name.givenName' cannot be filtered." }, 'GET /Users');
    assert.equal(refused.code, 'validation');
    assert.deepEqual(refused.fieldErrors, []);
    assert.equal(scimError(503, undefined, 'GET /Users').code, 'server');
  });
});
