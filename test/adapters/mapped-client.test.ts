import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ContactsError, DEMO_PASSWORD, createSeedData, type Contact, type ListQuery, type ListQueryInput, type Page } from '@portico/core';
import { createMappedRestClient, mapFields, readErrorBody, type ApiRecord, type MappedRestClientOptions, type Paging, type Params } from '@portico/client-mapped';
import { startTestServer } from '@portico/server/testing';
import { startCursorServer, type CursorServerHandle } from '../servers/cursor-server.js';
import { startJsonServer, toHostContact, tokenFor, type JsonServerHandle } from '../servers/json-server.js';
import { contactMapping, jsonServerOptions } from './json-server-mapping.js';

const seed = createSeedData();
const victor = seed.contacts.find((contact) => contact.id === 'c-victor')!;
const host = toHostContact(victor) as unknown as Record<string, unknown>;

const base = (overrides: Partial<MappedRestClientOptions>): MappedRestClientOptions => ({
  baseUrl: 'http://api.test/v1',
  mapping: contactMapping,
  paging: { style: 'page', page: 'page', size: 'size' },
  routes: { list: { path: '/contacts' }, get: { path: '/contacts/:id' } },
  retry: 0,
  ...overrides,
});

describe('mapped REST adapter', () => {
  let server: JsonServerHandle;
  before(async () => {
    server = await startJsonServer();
  });
  after(() => server.close());
  const jsonServerClient = (overrides: Partial<MappedRestClientOptions> = {}) =>
    createMappedRestClient({ ...jsonServerOptions(server.url, tokenFor('alice.martin')), fetch: globalThis.fetch, retry: 0, ...overrides });

  it('maps a record both ways: nested paths, value maps, computed login state', () => {
    const contact = contactMapping.fromRecord(host) as typeof victor;
    assert.deepEqual(contact, victor);
    const record = contactMapping.toRecord({ businessPhone: '+1 555 0100', notifications: false, login: { state: 'disabled' } });
    assert.deepEqual(record, { phones: { work: '+1 555 0100' }, newsletter: 'N', active: 'N', locked: 'N' });
  });

  it('turns a mapping mistake into one ContactsError naming the field and the record', async (t) => {
    // The portal's own API stores a value the mapping does not know.
    t.after(() => server.reset());
    const written = await fetch(`${server.url}/contacts/c-victor`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokenFor('alice.martin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ newsletter: 'maybe' }),
    });
    assert.equal(written.status, 200);
    await assert.rejects(jsonServerClient().getContact('c-victor'), (error: unknown) => {
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

  it('reads the items and the total from paths in the body (the reference server’s `{ items, total }`)', async () => {
    const reference = await startTestServer();
    try {
      const session = await reference.signIn('alice.martin');
      const baseUrl = `${reference.url.replace(/\/+$/, '')}/api`;
      const identity = { fromRecord: (record: ApiRecord) => record, toRecord: (contact: Record<string, unknown>) => contact, pathOf: (field: string) => field };
      const client = createMappedRestClient({
        baseUrl,
        auth: { headers: () => session.headers },
        mapping: identity,
        paging: { style: 'page', page: 'page', size: 'pageSize', total: { body: 'total' } },
        routes: { list: { path: '/contacts', items: 'items' }, get: { path: '/contacts/:id' } },
        fetch: globalThis.fetch,
        retry: 0,
      });
      const page = await client.listContacts({ page: 3, pageSize: 20 });
      const answer = (await (await fetch(`${baseUrl}/contacts?page=3&pageSize=20`, { headers: session.headers })).json()) as { items: { id: string }[]; total: number };
      assert.deepEqual(page.items.map((contact) => contact.id), answer.items.map((contact) => contact.id));
      assert.equal(answer.items.length, 20);
      assert.ok(answer.total > 60, 'more than three pages, so a counted total differs from one read from the body');
      assert.equal(page.total, answer.total);
      assert.equal(page.totalExact, undefined);
    } finally {
      await reference.close();
    }
  });

  it('switches on each list feature the host maps, the account filter too', async () => {
    const list = { path: '/contacts', params: () => ({}) };
    const defaults = createMappedRestClient(base({ routes: { list, get: { path: '/contacts/:id' } } }));
    assert.deepEqual([defaults.capabilities.search, defaults.capabilities.sort, defaults.capabilities.statusFilter, defaults.capabilities.accountFilter], [true, true, true, false]);
    const chosen = createMappedRestClient(base({ routes: { list: { ...list, supports: { search: false, accountFilter: true } }, get: { path: '/contacts/:id' } } }));
    assert.deepEqual([chosen.capabilities.search, chosen.capabilities.sort, chosen.capabilities.statusFilter, chosen.capabilities.accountFilter], [false, true, true, true]);
    // An API that finds a whole user ID or e-mail only: the search box says so.
    const exact = createMappedRestClient(base({ routes: { list: { ...list, supports: { search: 'exact' } }, get: { path: '/contacts/:id' } } }));
    assert.equal(exact.capabilities.search, 'exact');
    assert.equal(createMappedRestClient(base({ routes: { list, get: { path: '/contacts/:id' } }, capabilities: { search: 'exact' } })).capabilities.search, 'exact', 'words narrow to exact');
    // No lock route, no "Locked out contacts" in the status filter (the list offers it by lockUnlock).
    assert.equal(defaults.capabilities.lockUnlock, false);
    assert.equal(jsonServerClient().capabilities.lockUnlock, false);
    assert.equal(jsonServerClient().capabilities.statusFilter, true);

    // On the reference server, whose list takes accountId and includeChildAccounts.
    const reference = await startTestServer();
    try {
      const session = await reference.signIn('carlos.ruiz');
      const identity = { fromRecord: (record: ApiRecord) => record, toRecord: (contact: Record<string, unknown>) => contact, pathOf: (field: string) => field };
      const client = createMappedRestClient({
        baseUrl: `${reference.url.replace(/\/+$/, '')}/api`,
        auth: { headers: () => session.headers },
        mapping: identity,
        paging: { style: 'page', page: 'page', size: 'pageSize', total: { body: 'total' } },
        routes: {
          list: {
            path: '/contacts',
            items: 'items',
            supports: { accountFilter: true },
            params: (query: ListQuery) => ({
              ...(query.filters.accountId ? { accountId: query.filters.accountId, includeChildAccounts: String(query.filters.includeChildAccounts ?? true) } : {}),
            }),
          },
          get: { path: '/contacts/:id' },
        },
        fetch: globalThis.fetch,
        retry: 0,
      });
      const withChildren = await client.listContacts({ pageSize: 200, filters: { accountId: 'acme-eu' } });
      assert.ok(withChildren.items.some((contact) => contact.accountId === 'acme-de'), 'child accounts included');
      assert.ok(withChildren.items.every((contact) => ['acme-eu', 'acme-de'].includes(contact.accountId)));
      const only = await client.listContacts({ pageSize: 200, filters: { accountId: 'acme-eu', includeChildAccounts: false } });
      assert.ok(only.total > 0 && only.items.every((contact) => contact.accountId === 'acme-eu'));
    } finally {
      await reference.close();
    }
  });

  it('switches on user ID suggestion and password resets by routes, against the reference server', async () => {
    const reference = await startTestServer();
    try {
      const session = await reference.signIn('carlos.ruiz');
      const identity = { fromRecord: (record: ApiRecord) => record, toRecord: (contact: Record<string, unknown>) => contact, pathOf: (field: string) => field };
      const client = createMappedRestClient({
        baseUrl: `${reference.url.replace(/\/+$/, '')}/api`,
        auth: { headers: () => session.headers },
        mapping: identity,
        paging: { style: 'page', page: 'page', size: 'pageSize', total: { body: 'total' } },
        routes: {
          list: { path: '/contacts', items: 'items' },
          get: { path: '/contacts/:id' },
          suggestUserId: { path: '/user-ids/suggestion', params: (firstName, lastName) => ({ firstName, lastName }) },
          resetPassword: { path: '/contacts/:id/password-reset', modes: ['link'] },
        },
        fetch: globalThis.fetch,
        retry: 0,
      });
      assert.equal(client.capabilities.userIdSuggestion, true);
      assert.deepEqual([client.capabilities.resetPasswordLink, client.capabilities.resetPasswordTemporary, client.capabilities.setPassword], [true, false, false]);
      assert.deepEqual(await client.suggestUserId('Jane', 'Doe'), { userId: 'jane.doe', reason: 'suggested' });
      assert.equal((await client.suggestUserId('John', 'Smith')).reason, 'duplicate_name');
      const reset = await client.resetPassword('c-victor', { mode: 'link' });
      assert.equal(reset.mode, 'link');
      assert.equal(reset.sentTo, createSeedData().contacts.find((contact) => contact.id === 'c-victor')!.email);
      await assert.rejects(client.resetPassword('c-victor', { mode: 'temporary' }), (error: unknown) => error instanceof ContactsError && error.code === 'unsupported');
    } finally {
      await reference.close();
    }
  });

  it('switches on user account search and association by routes, against the reference server', async () => {
    const reference = await startTestServer();
    try {
      const session = await reference.signIn('alice.martin');
      const identity = { fromRecord: (record: ApiRecord) => record, toRecord: (contact: Record<string, unknown>) => contact, pathOf: (field: string) => field };
      const options = (routes: Partial<MappedRestClientOptions['routes']>): MappedRestClientOptions => ({
        baseUrl: `${reference.url.replace(/\/+$/, '')}/api`,
        auth: { headers: () => session.headers },
        mapping: identity,
        paging: { style: 'page', page: 'page', size: 'pageSize', total: { body: 'total' } },
        routes: { list: { path: '/contacts', items: 'items' }, get: { path: '/contacts/:id' }, ...routes },
        fetch: globalThis.fetch,
        retry: 0,
      });
      const searchUsers = { path: '/users', params: (q: string) => ({ q }), items: 'items', total: 'total' };
      const associateUser = { method: 'PUT' as const, path: '/contacts/:id/user' };
      assert.equal(createMappedRestClient(options({ searchUsers })).capabilities.associateUser, false, 'search alone associates nothing');
      const client = createMappedRestClient(options({ searchUsers, associateUser }));
      assert.equal(client.capabilities.associateUser, true);
      const found = await client.searchUsers('jordan');
      const jordan = found.items.find((user) => user.userId === 'jordan.lee');
      assert.ok(jordan && jordan.contactId === null, 'the seed has a free user jordan.lee');
      assert.equal(found.total, found.items.length);
      const associated = await client.associateUser('c-00009', jordan.id);
      assert.equal(associated.userId, 'jordan.lee');
      assert.equal((await client.searchUsers('jordan')).items.find((user) => user.id === jordan.id)?.contactId, 'c-00009');
      await assert.rejects(client.associateUser('c-00010', jordan.id), (error: unknown) => error instanceof ContactsError && error.code === 'conflict' && error.conflictingId === 'c-00009', 'the conflict names the contact that holds the account');
    } finally {
      await reference.close();
    }
  });

  it('switches on sign-in, password change and "forgot password" by routes, against the reference server', async () => {
    const reference = await startTestServer();
    try {
      const identity = { fromRecord: (record: ApiRecord) => record, toRecord: (contact: Record<string, unknown>) => contact, pathOf: (field: string) => field };
      const clientWith = (headers: () => Record<string, string>) =>
        createMappedRestClient({
          baseUrl: `${reference.url.replace(/\/+$/, '')}/api`,
          auth: { headers },
          mapping: identity,
          paging: { style: 'page', page: 'page', size: 'pageSize', total: { body: 'total' } },
          routes: {
            list: { path: '/contacts', items: 'items' },
            get: { path: '/contacts/:id' },
            signIn: { path: '/session' },
            signOut: { path: '/session' },
            changePassword: { path: '/me/password' },
            requestPasswordReset: { path: '/password-reset/request' },
            confirmPasswordReset: { path: '/password-reset/confirm' },
          },
          fetch: globalThis.fetch,
          retry: 0,
        });
      const anonymous = clientWith(() => ({}));
      for (const capability of ['signIn', 'changePassword', 'requestPasswordReset', 'confirmPasswordReset'] as const) {
        assert.equal(anonymous.capabilities[capability], true, capability);
        assert.equal(createMappedRestClient(base({})).capabilities[capability], false, `${capability} without its route`);
      }
      assert.equal((await anonymous.signIn('erin.walsh', DEMO_PASSWORD)).userId, 'erin.walsh');
      await assert.rejects(anonymous.signIn('erin.walsh', 'not-the-password'), (error: unknown) => error instanceof ContactsError && error.code === 'unauthenticated');

      const session = await reference.signIn('erin.walsh');
      const viewer = await clientWith(() => session.headers).changePassword(DEMO_PASSWORD, 'a-new-password-for-erin-1');
      assert.equal(viewer.userId, 'erin.walsh');
      assert.equal((await anonymous.signIn('erin.walsh', 'a-new-password-for-erin-1')).userId, 'erin.walsh');

      await anonymous.requestPasswordReset('erin.walsh');
      const token = /reset-password\?token=(\S+)/.exec((await reference.outbox()).at(-1)!.body)?.[1];
      assert.ok(token, 'a link was mailed');
      await anonymous.confirmPasswordReset(decodeURIComponent(token), 'chosen-by-link-for-erin-2');
      assert.equal((await anonymous.signIn('erin.walsh', 'chosen-by-link-for-erin-2')).userId, 'erin.walsh');
      await assert.rejects(anonymous.confirmPasswordReset(decodeURIComponent(token), 'chosen-again-for-erin-3'), (error: unknown) => error instanceof ContactsError && error.code === 'validation');
    } finally {
      await reference.close();
    }
  });

  it('follows the Link header’s next URL as the cursor', async () => {
    const { list } = jsonServerOptions(server.url, '').routes;
    // json-server sends its `Link: <…>; rel="next"` only to a request that names `_page`.
    const params = (query: ListQuery) => ({ ...list.params?.(query), ...(query.cursor ? {} : { _page: '1' }) });
    const client = jsonServerClient({ paging: { style: 'cursor', cursor: '_page', size: '_limit', next: { link: true } }, routes: { ...jsonServerOptions(server.url, '').routes, list: { ...list, params } } });
    const all = (await jsonServerClient().listContacts({ pageSize: 200 })).items.map((contact) => contact.id);
    const first = await client.listContacts({ pageSize: 1 });
    assert.match(first.nextCursor!, /^http:\/\/127\.0\.0\.1:\d+\/contacts\?.*_page=2/);
    const second = await client.listContacts({ pageSize: 1, cursor: first.nextCursor! });
    assert.deepEqual(second.items.map((contact) => contact.id), all.slice(1, 2));
    const last = await client.listContacts({ pageSize: all.length });
    assert.equal(last.nextCursor, null, 'no Link to a next page after the last one');
  });

  it('maps error bodies’ record fields back to Portico fields', async () => {
    // json-server's session layer answers `{ message, errors: [{ field: 'account_id', message }] }`.
    await assert.rejects(jsonServerClient().updateContact('c-victor', { accountId: 'globex' }), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'validation');
      assert.equal(error.status, 422);
      assert.deepEqual(error.messagesFor('accountId'), ['Choose one of your accounts.']);
      return true;
    });
  });

  it('reads error bodies with errors as an array or as a field-to-message object', () => {
    assert.deepEqual(readErrorBody(422, { message: 'Bad address', errors: { email_address: 'Not deliverable' } }), {
      message: 'Bad address',
      fieldErrors: [{ field: 'email_address', message: 'Not deliverable' }],
    });
    assert.deepEqual(readErrorBody(422, { title: 'Invalid', errors: [{ field: 'email_address', message: 'Not deliverable' }, { field: 3 }] }), {
      message: 'Invalid',
      fieldErrors: [{ field: 'email_address', message: 'Not deliverable' }],
    });
  });

  it('leaves out fields a table does not map, and fails on the first required one', () => {
    const partial = mapFields({ id: 'id', firstName: 'given' });
    assert.deepEqual(partial.toRecord({ firstName: 'Ada', lastName: 'Lovelace' }), { given: 'Ada' });
  });
});

describe('mapped REST adapter without a total from the backend (json-server 0.17)', () => {
  const pageSize = 30;
  let server: JsonServerHandle;
  let allIds: string[];
  const clientWith = (paging: Paging) => {
    const options = jsonServerOptions(server.url, tokenFor('alice.martin'));
    const { list } = options.routes;
    // json-server sends its `Link: <…>; rel="next"` only to a request that names `_page`.
    const params = paging.style === 'cursor' ? (query: ListQuery) => ({ ...list.params?.(query), ...(query.cursor ? {} : { _page: '1' }) }) : list.params;
    return createMappedRestClient({ ...options, routes: { ...options.routes, list: { ...list, params } }, paging, fetch: globalThis.fetch, retry: 0 });
  };

  before(async () => {
    server = await startJsonServer();
    // The same list in one page, counted by the backend: what paging without a total must add up to.
    const whole = await createMappedRestClient({ ...jsonServerOptions(server.url, tokenFor('alice.martin')), fetch: globalThis.fetch, retry: 0 }).listContacts({ pageSize: 200 });
    allIds = whole.items.map((contact) => contact.id);
    assert.equal(whole.total, allIds.length);
    assert.equal(whole.totalExact, undefined, 'the backend total is exact');
    assert.notEqual(allIds.length % pageSize, 0, 'the last page must be short for these tests');
  });
  after(() => server.close());

  /** Asks for pages the way a list does, while each page leaves a way on, and checks every page's total. */
  const walk = async (load: (previous: Page<Contact> | undefined, page: number) => Promise<Page<Contact>>) => {
    const ids: string[] = [];
    let previous: Page<Contact> | undefined;
    for (let page = 1; page <= 20; page++) {
      const current = await load(previous, page);
      ids.push(...current.items.map((contact) => contact.id));
      if (current.items.length === pageSize) {
        // "1–30 of more than 30": a lower bound, so <contact-list> keeps Next while pages are full.
        assert.equal(current.totalExact, false, `page ${page} is full, so its total is a lower bound`);
        assert.equal(current.total, ids.length, `page ${page} counts the items so far`);
      } else {
        assert.equal(current.totalExact, undefined, 'the short last page ends the list with an exact total');
        assert.equal(current.total, allIds.length);
        return { ids, pages: page };
      }
      previous = current;
    }
    assert.fail('the last page never came');
  };

  it('pages by page number: a lower bound while pages are full, exact on the short last page', async () => {
    const client = clientWith({ style: 'page', page: '_page', size: '_limit' });
    const { ids, pages } = await walk((_, page) => client.listContacts({ page, pageSize }));
    assert.equal(pages, Math.ceil(allIds.length / pageSize));
    assert.deepEqual(ids, allIds);
  });

  it('pages by offset: a lower bound while pages are full, exact on the short last page', async () => {
    const client = clientWith({ style: 'offset', offset: '_start', limit: '_limit' });
    const { ids, pages } = await walk((_, page) => client.listContacts({ page, pageSize }));
    assert.equal(pages, Math.ceil(allIds.length / pageSize));
    assert.deepEqual(ids, allIds);
  });

  it('pages by cursor: a lower bound while a next link follows, exact on the page without one', async () => {
    const client = clientWith({ style: 'cursor', cursor: '_page', size: '_limit', next: { link: true } });
    const { ids, pages } = await walk(async (previous, page) => {
      if (previous) assert.ok(previous.nextCursor, `page ${page - 1} links to the next one`);
      const current = await client.listContacts(previous ? { page, pageSize, cursor: previous.nextCursor! } : { pageSize });
      if (current.items.length < pageSize) assert.equal(current.nextCursor, null);
      return current;
    });
    assert.equal(pages, Math.ceil(allIds.length / pageSize));
    assert.deepEqual(ids, allIds);
  });

  it('keeps a cursor page’s total a lower bound when the caller does not say which page it is', async () => {
    const client = clientWith({ style: 'cursor', cursor: '_page', size: '_limit', next: { link: true } });
    const first = await client.listContacts({ pageSize });
    const second = await client.listContacts({ pageSize, cursor: first.nextCursor! });
    assert.equal(second.items.length, pageSize);
    assert.deepEqual(second.items.map((contact) => contact.id), allIds.slice(pageSize, 2 * pageSize));
    assert.equal(second.totalExact, false);
  });

  it('reports the backend’s total as exact when it sends one', async () => {
    const client = clientWith({ style: 'page', page: '_page', size: '_limit', total: { header: 'X-Total-Count' } });
    const page = await client.listContacts({ page: 1, pageSize });
    assert.equal(page.items.length, pageSize);
    assert.equal(page.total, allIds.length);
    assert.equal(page.totalExact, undefined);
  });
});

describe('mapped REST adapter: numbered pages on a cursor-paged backend (json-server 0.17)', () => {
  const pageSize = 10;
  let server: JsonServerHandle;
  /** The backend's whole answer to a query in one counted page: what the numbered cursor pages must slice. */
  let everything: (query: { search?: string }) => Promise<string[]>;
  const cursorClient = () => {
    const options = jsonServerOptions(server.url, tokenFor('alice.martin'));
    const { list } = options.routes;
    // json-server sends its `Link: <…>; rel="next"` only to a request that names `_page`.
    const params = (query: ListQuery) => ({ ...list.params?.(query), ...(query.cursor ? {} : { _page: '1' }) });
    return createMappedRestClient({ ...options, routes: { ...options.routes, list: { ...list, params } }, paging: { style: 'cursor', cursor: '_page', size: '_limit', next: { link: true } }, fetch: globalThis.fetch, retry: 0 });
  };
  const ids = (page: Page<Contact>) => page.items.map((contact) => contact.id);

  before(async () => {
    server = await startJsonServer();
    const counting = createMappedRestClient({ ...jsonServerOptions(server.url, tokenFor('alice.martin')), fetch: globalThis.fetch, retry: 0 });
    everything = async (query) => ids(await counting.listContacts({ ...query, pageSize: 200 }));
  });
  after(() => server.close());

  it('serves page 1, 2, 3, back to 2 and on to 4 as the slices of the whole list', async () => {
    const all = await everything({});
    assert.ok(all.length > 4 * pageSize, 'page 4 must be full for this test');
    const client = cursorClient();
    const slice = (page: number) => all.slice((page - 1) * pageSize, page * pageSize);
    for (const page of [1, 2, 3, 2, 4]) {
      const current = await client.listContacts({ page, pageSize });
      assert.deepEqual(ids(current), slice(page), `page ${page}`);
      assert.equal(current.total, page * pageSize, `page ${page} counts the items up to it`);
      assert.equal(current.totalExact, false, `page ${page} has a next one`);
    }
  });

  it('walks on to a page it has not seen yet, and answers a page past the end as empty with the exact count', async () => {
    const all = await everything({});
    const client = cursorClient();
    const third = await client.listContacts({ page: 3, pageSize });
    assert.deepEqual(ids(third), all.slice(2 * pageSize, 3 * pageSize));
    const last = Math.ceil(all.length / pageSize);
    const lastPage = await client.listContacts({ page: last, pageSize });
    assert.deepEqual(ids(lastPage), all.slice((last - 1) * pageSize));
    assert.equal(lastPage.total, all.length);
    assert.equal(lastPage.totalExact, undefined, 'the last page ends the count');
    const beyond = await client.listContacts({ page: last + 2, pageSize });
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, all.length);
  });

  it('starts a new chain when the search changes', async () => {
    const acme = await everything({ search: 'acme' });
    const an = await everything({ search: 'an' });
    assert.ok(acme.length > 2 * pageSize && an.length > 2 * pageSize, 'both searches must reach page 3');
    assert.notDeepEqual(an.slice(pageSize, 2 * pageSize), acme.slice(pageSize, 2 * pageSize), 'the searches’ second pages must differ');
    const client = cursorClient();
    for (const page of [1, 2, 3]) assert.deepEqual(ids(await client.listContacts({ page, pageSize, search: 'acme' })), acme.slice((page - 1) * pageSize, page * pageSize));
    assert.deepEqual(ids(await client.listContacts({ page: 2, pageSize, search: 'an' })), an.slice(pageSize, 2 * pageSize));
    assert.deepEqual(ids(await client.listContacts({ page: 3, pageSize, search: 'acme' })), acme.slice(2 * pageSize, 3 * pageSize), 'the first search keeps its chain');
  });

  it('refuses a page more than 50 pages past the last one read, naming `page`', async () => {
    const client = cursorClient();
    await assert.rejects(client.listContacts({ page: 53, pageSize: 1 }), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'unsupported');
      assert.match(error.message, /page 53 is more than 50 pages past the last page read \(1\)/);
      assert.deepEqual(error.fieldErrors.map((e) => e.field), ['page']);
      return true;
    });
    // Read in steps it is reachable: page 41 walks from 1, then page 53 walks on from 41.
    const all = await everything({});
    assert.deepEqual(ids(await client.listContacts({ page: 41, pageSize: 1 })), all.slice(40, 41));
    assert.deepEqual(ids(await client.listContacts({ page: 53, pageSize: 1 })), all.slice(52, 53));
  });
});

describe('mapped REST adapter: remembered cursors after a write through the client (keyset cursors)', () => {
  const pageSize = 10;
  let server: CursorServerHandle;
  beforeEach(async () => {
    server = await startCursorServer();
  });
  afterEach(() => server.close());
  const cursorClient = () => {
    const options = jsonServerOptions(server.url, tokenFor('alice.martin'));
    const { list } = options.routes;
    // The keyset backend always sorts by name; it reads the status filter and the search.
    const params = (query: ListQuery): Params => {
      const { _sort: _s, _order: _o, ...rest } = list.params!(query);
      return rest;
    };
    return createMappedRestClient({ ...options, routes: { ...options.routes, list: { path: '/contacts', items: 'data', params } }, paging: { style: 'cursor', cursor: 'after', size: '_limit', next: { body: 'next' } }, fetch: globalThis.fetch, retry: 0 });
  };
  const ids = (page: Page<Contact>) => page.items.map((contact) => contact.id);
  /** Pages 1 to 3 by number (remembering their cursors), then the first id of page 1. */
  const walk = async (client: ReturnType<typeof cursorClient>, query: ListQueryInput = {}) => {
    let first: Page<Contact> | undefined;
    for (const page of [1, 2, 3]) {
      const current = await client.listContacts({ ...query, page, pageSize });
      first ??= current;
    }
    return first!;
  };
  /** Page 3 again on the written-to client must be what a client without remembered cursors reads. */
  const assertFreshPage3 = async (client: ReturnType<typeof cursorClient>, before: Page<Contact>, query: ListQueryInput = {}) => {
    const again = await client.listContacts({ ...query, page: 3, pageSize });
    const fresh = await cursorClient().listContacts({ ...query, page: 3, pageSize });
    assert.notDeepEqual(ids(fresh), ids(before), 'the write moved page 3, or this test could not fail');
    assert.deepEqual(ids(again), ids(fresh));
    assert.equal(again.total, fresh.total);
    assert.equal(again.totalExact, fresh.totalExact);
  };

  it('a create in front of page 3 moves page 3 by one', async () => {
    const client = cursorClient();
    await walk(client);
    const before = await client.listContacts({ page: 3, pageSize });
    await client.createContact({ accountId: 'acme', firstName: 'Ada', lastName: 'Aaronson', email: 'ada.aaronson@acme.example' });
    await assertFreshPage3(client, before);
  });

  it('a delete in front of page 3 moves page 3 by one', async () => {
    const client = cursorClient();
    const first = await walk(client);
    const before = await client.listContacts({ page: 3, pageSize });
    await client.deleteContact(first.items[0]!.id);
    await assertFreshPage3(client, before);
  });

  it('an update that sorts a contact from page 1 to the end moves page 3 by one', async () => {
    const client = cursorClient();
    const first = await walk(client);
    const before = await client.listContacts({ page: 3, pageSize });
    await client.updateContact(first.items[0]!.id, { lastName: 'Zyskowski' });
    await assertFreshPage3(client, before);
  });

  it('disabling a login takes the contact out of the "active" chain', async () => {
    const query: ListQueryInput = { filters: { status: 'active' } };
    const client = cursorClient();
    const first = await walk(client, query);
    assert.equal(first.items[0]!.login.state, 'enabled');
    const before = await client.listContacts({ ...query, page: 3, pageSize });
    await client.setLoginEnabled(first.items[0]!.id, false);
    await assertFreshPage3(client, before, query);
  });

  it('a remembered cursor the API refuses fails that read once; Retry walks again from page 1', async () => {
    const client = cursorClient();
    await walk(client);
    server.expireCursors();
    await assert.rejects(client.listContacts({ page: 3, pageSize }), (error: ContactsError) => {
      assert.match(error.message, /expired/);
      return true;
    });
    const again = await client.listContacts({ page: 3, pageSize });
    const fresh = await cursorClient().listContacts({ page: 3, pageSize });
    assert.equal(again.items.length, pageSize);
    assert.deepEqual(ids(again), ids(fresh));
  });

  it('a walk under way while a write completes leaves no cursor read before the write', async () => {
    const client = cursorClient();
    const first = await client.listContacts({ page: 1, pageSize });
    // Page 3 walks from page 2; its first answer (page 2, read before the delete) is held back.
    const held = server.holdNextList();
    const walking = client.listContacts({ page: 3, pageSize });
    await held.reached;
    await client.deleteContact(first.items[0]!.id);
    held.release();
    const during = await walking;
    const again = await client.listContacts({ page: 3, pageSize });
    const fresh = await cursorClient().listContacts({ page: 3, pageSize });
    assert.notDeepEqual(ids(fresh), ids(during), 'the walk went on from page 2 as read before the delete');
    assert.deepEqual(ids(again), ids(fresh));
  });
});
