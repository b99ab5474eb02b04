import type { Contact, SortField } from '@portico/core';
import { insertContacts } from '@portico/server';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import Papa from 'papaparse';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queryable } from '../src/db.js';
import { keysetPages, listPage, resolveContactQuery, type ContactQuery } from '../src/list-query.js';
import { api, expectedViewer, makeContact, userIdOf } from './helpers.js';

// Text sorts are linguistic (migration 6, collation portico_text), not by code point: "Đorđe"
// among the D names and "Élodie" among the E names, not after "Zoë", as the in-memory client's
// Intl.Collator sorts them. The list (every text sort, both directions, pages crossing each
// other's boundaries, with and without a search), the export (keyset pages) and the index plans.

let server: TestServer;
let admin: TestSession;

/** The account the test's names go to, alone (without its children). */
const ACCOUNT = 'acme-us';

const PEOPLE: [first: string, last: string, jobTitle: string | null][] = [
  ['Đorđe', 'Andersson', 'Ingénieur'],
  ['Wei', 'Andersson', 'engineer'],
  ['anna', 'Andersson', 'Engineer'],
  ['ANNA', 'andersson', null],
  ['Élodie', 'Zhang', 'Ärztin'],
  ['Zoë', 'Zhang', 'Zahnarzt'],
  ['Eve', 'Zhang', 'Óperadora'],
  ['Ömer', 'Özdemir', 'Optiker'],
  ['Oscar', 'Ozols', 'Öffentlichkeitsarbeit'],
  ['Łukasz', 'Łukaszewicz', 'Leiter'],
  ['Lars', 'Lund', 'Łącznik'],
  ['Øystein', 'Ødegaard', 'Økonom'],
  ['Olga', 'Olsen', 'Ombudsman'],
  ['Émile', 'Étienne', 'Éditeur'],
  ['Eva', 'Evans', 'Editor'],
  ['Dora', 'Dorn', 'Direktor'],
  ['Олег', 'Иванов', 'Инженер'],
  ['Ольга', 'Смирнова', 'Бухгалтер'],
  ['Νίκος', 'Παπαδόπουλος', 'Μηχανικός'],
  ['さくら', '山田', 'エンジニア'],
  ['محمد', 'العلي', 'مدير'],
  ['Ahmed محمد', 'Mixed', 'مدير IT'],
];

const emailOf = (first: string, last: string) => `${first}.${last}@sort.example`.toLowerCase().replace(/\s+/g, '');

const inserted: Contact[] = PEOPLE.map(([firstName, lastName, jobTitle]) =>
  makeContact(ACCOUNT, 'enabled', { firstName, lastName, jobTitle, email: emailOf(firstName, lastName), userId: null }),
);

before(async () => {
  server = await startTestServer();
  await insertContacts(server.db, inserted);
  admin = await server.signIn(userIdOf('admin'));
});
after(async () => {
  await server.close();
});

/** ICU's root order as Intl has it, on lower-cased keys as the server sorts them. */
const collator = new Intl.Collator('en');
/** Code point order, the deterministic collation's tie-break and the ids' order. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareKeys = (a: string[], b: string[]) => {
  for (let index = 0; index < a.length; index += 1) {
    const order = collator.compare(a[index]!, b[index]!) || byCodePoint(a[index]!, b[index]!);
    if (order !== 0) return order;
  }
  return 0;
};

const TEXT_SORTS: Partial<Record<SortField, (contact: Contact) => string[]>> = {
  name: (contact) => [contact.lastName.toLowerCase(), contact.firstName.toLowerCase()],
  firstName: (contact) => [contact.firstName.toLowerCase()],
  lastName: (contact) => [contact.lastName.toLowerCase()],
  email: (contact) => [contact.email.toLowerCase()],
  jobTitle: (contact) => [(contact.jobTitle ?? '').toLowerCase()],
  honorific: (contact) => [(contact.honorific ?? '').toLowerCase()],
};

/** The contacts' ids sorted by the field as Intl.Collator('en') sorts it, ties by id. */
const expectedOrder = (contacts: Contact[], sort: SortField, direction: 'asc' | 'desc'): string[] => {
  const keys = TEXT_SORTS[sort]!;
  const sign = direction === 'desc' ? -1 : 1;
  return [...contacts].sort((a, b) => sign * (compareKeys(keys(a), keys(b)) || byCodePoint(a.id, b.id))).map((contact) => contact.id);
};

const list = async (query: Record<string, string>): Promise<{ items: Contact[]; total: number }> => {
  const response = await api(server, `/api/contacts?${new URLSearchParams(query).toString()}`, { session: admin });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
};

/** Every contact of the query, `pageSize` at a time. */
const walk = async (query: Record<string, string>, pageSize: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const { items } = await list({ ...query, page: String(page), pageSize: String(pageSize) });
    ids.push(...items.map((contact) => contact.id));
    if (items.length < pageSize) return ids;
  }
};

/** Every contact of the account, as stored (the seed's and the test's). */
const accountContacts = async (): Promise<Contact[]> => (await list({ accountId: ACCOUNT, includeChildAccounts: 'false', pageSize: '200' })).items;

const nameOf = (contacts: Contact[], id: string) => {
  const contact = contacts.find((c) => c.id === id)!;
  return `${contact.firstName} ${contact.lastName}`;
};

test('names with diacritics and in other scripts sort among their letters, as Intl.Collator sorts them', async () => {
  const contacts = await accountContacts();
  assert.ok(contacts.length > PEOPLE.length && contacts.length < 200, `the seed's and the test's contacts on one page (${contacts.length})`);
  const names = (await walk({ accountId: ACCOUNT, includeChildAccounts: 'false', sort: 'name' }, 200)).map((id) => nameOf(contacts, id));
  const position = (name: string) => names.indexOf(name);
  // The symptoms: under `C`, "Đ", "É", "Ö", "Ł" and "Ø" sorted after "Z".
  assert.ok(position('Đorđe Andersson') < position('Wei Andersson'), 'Đorđe before Wei');
  assert.ok(position('Élodie Zhang') < position('Eve Zhang') && position('Eve Zhang') < position('Zoë Zhang'), 'Élodie, Eve, Zoë');
  assert.ok(position('Émile Étienne') < position('Eva Evans'), 'Étienne before Evans');
  assert.ok(position('Ömer Özdemir') < position('Oscar Ozols'), 'Özdemir before Ozols');
  // "Ł" is an "L" to the root collation, as "Ø" an "O" (a second-level difference, like an accent).
  assert.ok(position('Dora Dorn') < position('Łukasz Łukaszewicz') && position('Łukasz Łukaszewicz') < position('Lars Lund'), 'Dorn, Łukaszewicz, Lund');
  assert.ok(position('Øystein Ødegaard') < position('Olga Olsen'), 'Ødegaard before Olsen');
  // Latin, then Greek, Cyrillic, Arabic, Kana and Han (CLDR's script order).
  assert.ok(position('Zoë Zhang') < position('Νίκος Παπαδόπουλος'));
  assert.ok(position('Νίκος Παπαδόπουλος') < position('Олег Иванов'));
  assert.ok(position('Ольга Смирнова') < position('محمد العلي'));
  assert.ok(position('محمد العلي') < position('さくら 山田'));
  // Case makes no difference: the two Annas are ordered by id.
  const annas = contacts.filter((contact) => contact.firstName.toLowerCase() === 'anna' && contact.lastName.toLowerCase() === 'andersson').map((contact) => contact.id);
  assert.deepEqual(
    names.filter((name) => /^anna andersson$/i.test(name)),
    [...annas].sort(byCodePoint).map((id) => nameOf(contacts, id)),
  );
});

test('every text sort pages in Intl.Collator order, both directions, across page boundaries', async () => {
  const contacts = await accountContacts();
  const filter = { accountId: ACCOUNT, includeChildAccounts: 'false' };
  for (const sort of Object.keys(TEXT_SORTS) as SortField[]) {
    for (const direction of ['asc', 'desc'] as const) {
      const expected = expectedOrder(contacts, sort, direction);
      assert.deepEqual(await walk({ ...filter, sort, order: direction }, 5), expected, `${sort} ${direction}, pages of 5`);
      assert.deepEqual(await walk({ ...filter, sort, order: direction }, 7), expected, `${sort} ${direction}, pages of 7`);
    }
  }
});

test('a search sorts its matches the same way', async () => {
  const contacts = await accountContacts();
  const filter = { accountId: ACCOUNT, includeChildAccounts: 'false' };
  const searchText = (contact: Contact) => `${contact.firstName} ${contact.lastName}\u0001${contact.email}\u0001${contact.lastName} ${contact.firstName}`.toLowerCase();
  // Trigram terms (one in every e-mail of the test's contacts) and short (grams) terms.
  for (const q of ['sort.example', 'ers', 'an', 'o']) {
    const matching = contacts.filter((contact) => searchText(contact).includes(q));
    assert.ok(matching.length > 3, `"${q}" matches several contacts (${matching.length})`);
    for (const sort of ['name', 'email', 'jobTitle'] as SortField[]) {
      for (const direction of ['asc', 'desc'] as const) {
        assert.deepEqual(await walk({ ...filter, q, sort, order: direction }, 6), expectedOrder(matching, sort, direction), `"${q}" by ${sort} ${direction}`);
      }
    }
  }
});

test('the export writes the list order, and its keyset pages cross their boundaries in that order', async () => {
  const contacts = await accountContacts();
  const filter = { accountId: ACCOUNT, includeChildAccounts: 'false' };
  for (const [sort, direction] of [
    ['name', 'asc'],
    ['name', 'desc'],
    ['email', 'asc'],
    ['jobTitle', 'desc'],
  ] as const) {
    const expected = expectedOrder(contacts, sort, direction);
    const response = await fetch(`${server.url}/api/contacts/export?${new URLSearchParams({ ...filter, sort, order: direction, format: 'csv', columns: 'email' })}`, {
      headers: admin.headers,
    });
    assert.equal(response.status, 200);
    const emails = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true })
      .data.slice(1)
      .map((row) => row[0]);
    assert.deepEqual(emails, expected.map((id) => contacts.find((contact) => contact.id === id)!.email), `export by ${sort} ${direction}`);
    // The export's reader with pages of 4: each page starts after the last row's keys (a row
    // comparison in the collation), so a boundary between "Đorđe" and "Dora" must not skip or repeat.
    const query = await resolveContactQuery(server.db, expectedViewer('admin'), { accountId: ACCOUNT, includeChildAccounts: 'false', sort, order: direction });
    const read: string[] = [];
    for await (const page of keysetPages(server.db, query, 4)) read.push(...page.map((contact) => contact.id));
    assert.deepEqual(read, expected, `keyset pages of 4 by ${sort} ${direction}`);
  }
});

test('the text sorts walk their collated index: no sort step', async () => {
  const viewer = expectedViewer('admin');
  const indexes: Partial<Record<SortField, string>> = {
    name: 'contacts_sort_name_idx',
    firstName: 'contacts_sort_first_name_idx',
    lastName: 'contacts_sort_last_name_idx',
    email: 'contacts_sort_email_idx',
    jobTitle: 'contacts_sort_job_title_idx',
    honorific: 'contacts_sort_honorific_idx',
  };
  for (const [sort, index] of Object.entries(indexes) as [SortField, string][]) {
    for (const direction of ['asc', 'desc'] as const) {
      const plan = await server.db.transaction(async (tx) => {
        // The seed is small: without these the planner may rightly prefer reading every row and
        // sorting. With them, a sort step is chosen only when no index has the ORDER BY's
        // expressions in its collation.
        await tx.query('set local enable_seqscan = off');
        await tx.query('set local enable_bitmapscan = off');
        await tx.query('set local enable_sort = off');
        const seen: [string, readonly unknown[]][] = [];
        const spy: Queryable = { query: (sql, values) => (seen.push([sql, values ?? []]), tx.query(sql, values)) } as Queryable;
        const query: ContactQuery = await resolveContactQuery(tx, viewer, { sort, order: direction });
        await listPage(spy, query, { offset: 0, limit: 25 });
        const [sql, values] = seen.find(([text]) => /from contacts c .*order by/s.test(text))!;
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, values);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      assert.match(plan, new RegExp(`Index (Only )?Scan (Backward )?using ${index}\\b`), `${sort} ${direction}:\n${plan}`);
      assert.doesNotMatch(plan, /\bSort\b/, `${sort} ${direction}:\n${plan}`);
    }
  }
});

test('migration 6 rebuilds the sort indexes over stored contacts, and the collation already there is kept', async () => {
  const { createPgliteDatabase, migrate, seedDatabase } = await import('@portico/server');
  const db = await createPgliteDatabase();
  try {
    await migrate(db);
    await seedDatabase(db, undefined, { vacuum: false });
    // As a database at version 5 with data: migration 6 runs again over the stored rows.
    await db.query('delete from schema_version where version >= 6');
    assert.deepEqual(await migrate(db, { to: 6 }), { from: 5, to: 6 });
    const { rows } = await db.query<{ name: string; collations: string[] }>(
      `select i.relname as name, array(select coalesce(c.collname::text, '-') from unnest(x.indcollation::oid[]) with ordinality k (oid, n) left join pg_collation c on c.oid = k.oid order by k.n) as collations
       from pg_index x join pg_class i on i.oid = x.indexrelid where i.relname like 'contacts_sort_%' order by 1`,
    );
    const collations = Object.fromEntries(rows.map((row) => [row.name, row.collations]));
    assert.deepEqual(collations['contacts_sort_name_idx'], ['portico_text', 'portico_text', 'default']);
    for (const index of ['email', 'first_name', 'last_name', 'job_title', 'honorific']) assert.deepEqual(collations[`contacts_sort_${index}_idx`], ['portico_text', 'default'], index);
    assert.deepEqual(collations['contacts_sort_status_idx'], ['default', 'default'], 'status keeps its collation');
  } finally {
    await db.close();
  }
});
