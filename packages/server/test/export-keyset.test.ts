import { createSeedData, type Contact } from '@portico/core';
import { createPgliteDatabase, migrate, seedDatabase, startServer, type Database, type RunningServer } from '@portico/server';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KEYSET_PAGE_TAG } from '../src/list-query.js';
import { userIdOf } from './helpers.js';

/**
 * A long export while other administrators create and delete contacts: the export reads by
 * keyset (ADR 0005), so no contact that exists throughout is skipped or written twice. Offset
 * paging fails this: a delete behind the cursor skips rows, an insert behind it repeats rows.
 * The server's database is wrapped so the test can change the data exactly between two page reads.
 */

let db: Database;
let server: RunningServer;
let headers: Record<string, string>;
/** Runs before the export's n-th page read (1-based) and holds the read until it resolves. */
let beforePageRead: ((n: number) => Promise<void>) | undefined;
let pageReads = 0;

before(async () => {
  db = await createPgliteDatabase();
  await migrate(db);
  // About 940 contacts in the admin's scope: five export pages of 200.
  await seedDatabase(db, createSeedData({ count: 1500 }), { vacuum: false });
  const gated: Database = {
    kind: db.kind,
    query: async (sql, params) => {
      if (sql.startsWith(KEYSET_PAGE_TAG)) {
        pageReads += 1;
        await beforePageRead?.(pageReads);
      }
      return db.query(sql, params);
    },
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
  server = await startServer({ db: gated, port: 0, host: '127.0.0.1', demo: true, rateLimits: false });
  const response = await fetch(`${server.url}/api/demo/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: userIdOf('admin') }),
  });
  assert.equal(response.status, 200);
  const cookies = response.headers.getSetCookie().map((value) => value.split(';')[0]!);
  const csrf = decodeURIComponent(cookies.find((cookie) => cookie.startsWith('portico_csrf='))?.split('=')[1] ?? '');
  headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf };
});
after(async () => {
  await server.close();
  await db.close();
});

const call = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};

/** The whole list in this order, as the list route pages it. */
const listAll = async (order: Record<string, string>): Promise<Contact[]> => {
  const contacts: Contact[] = [];
  for (let page = 1; ; page += 1) {
    const { status, body } = await call(`/api/contacts?${new URLSearchParams({ ...order, page: String(page), pageSize: '200' }).toString()}`);
    assert.equal(status, 200);
    contacts.push(...(body.items as Contact[]));
    if (body.items.length < 200) return contacts;
  }
};

/** Contacts any administrator may delete (no roles: not a demo administrator, not the viewer). */
const deletable = (contacts: Contact[]) => contacts.filter((contact) => contact.roles.length === 0);

const remove = async (contact: Contact) => {
  const { status } = await call(`/api/contacts/${contact.id}`, { method: 'DELETE', headers: { 'if-match': `"${contact.version}"` } });
  assert.equal(status, 204);
};

let created = 0;
const create = async (lastName: string, accountId: string): Promise<string> => {
  created += 1;
  const { status, body } = await call('/api/contacts', { method: 'POST', body: { firstName: 'Added', lastName, email: `added.${created}@acme.example`, accountId } });
  assert.equal(status, 201, JSON.stringify(body));
  return body.id as string;
};

const ORDERS: Record<string, string>[] = [{ sort: 'name' }, { sort: 'updatedAt', order: 'desc' }, { sort: 'account', order: 'desc' }, { sort: 'status', q: 'a' }];

for (const order of ORDERS) {
  test(`an export sorted by ${JSON.stringify(order)} neither skips nor repeats a contact while others are created and deleted`, async () => {
    const initial = await listAll(order);
    assert.ok(initial.length > 600, `${initial.length} contacts: several export pages`);
    const deleted = new Set<string>();
    const ahead = deletable(initial).slice(-5);
    const added: string[] = [];
    pageReads = 0;
    beforePageRead = async (n) => {
      if (n === 2) {
        // Behind the cursor: ten already written; ahead of it: the last five.
        for (const contact of [...deletable(initial.slice(0, 200)).slice(0, 10), ...ahead]) {
          await remove(contact);
          deleted.add(contact.id);
        }
        // New contacts at the front of the name order (and of every descending date order).
        for (let index = 0; index < 15; index += 1) added.push(await create(`Aaberg${index}`, 'acme-de'));
      }
      if (n === 3) {
        for (const contact of deletable(initial.slice(200, 400)).slice(0, 30)) {
          await remove(contact);
          deleted.add(contact.id);
        }
        for (let index = 0; index < 5; index += 1) added.push(await create(`Zzyzx${index}`, 'acme'));
      }
    };
    const response = await fetch(`${server.url}/api/contacts/export?${new URLSearchParams({ ...order, format: 'csv', columns: 'email' }).toString()}`, { headers });
    assert.equal(response.status, 200);
    const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).slice(1);
    beforePageRead = undefined;
    assert.ok(pageReads >= 4, `the export read ${pageReads} pages`);
    assert.equal(deleted.size, 45);

    const emails = lines.map((line) => line.replace(/^"|"$/g, ''));
    assert.equal(new Set(emails).size, emails.length, 'no contact written twice');
    const final = await listAll(order);
    const emailOf = new Map(final.map((contact) => [contact.id, contact.email]));
    // Every contact that existed from start to end, exactly once, in the list's order.
    const survivors = final.filter((contact) => initial.some((before) => before.id === contact.id)).map((contact) => contact.email);
    assert.deepEqual(
      emails.filter((email) => survivors.includes(email)),
      survivors,
    );
    // Nothing else but contacts created meanwhile and contacts deleted after their page was
    // written; none deleted before its page was read.
    const addedEmails = new Set(added.map((id) => emailOf.get(id)));
    const deletedEmails = new Set(initial.filter((contact) => deleted.has(contact.id)).map((contact) => contact.email));
    for (const email of emails) assert.ok(survivors.includes(email) || addedEmails.has(email) || deletedEmails.has(email), email);
    for (const contact of ahead) assert.ok(!emails.includes(contact.email), `${contact.email} was deleted before its page`);
  });
}
