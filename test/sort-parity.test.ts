import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryContactsClient } from '@portico/client-memory';
import { RestContactsClient } from '@portico/client-rest';
import { createSeedData, type ContactsClient, type SortField } from '@portico/core';
import { startTestServer, type TestServer } from '@portico/server/testing';

// The in-memory client (demos, Storybook, tests) and the reference server sort text the same way:
// Unicode's root collation of the lower-cased text (the server's migration 6), accents after
// their letter, digits as characters. So a host that swaps one for the other sees the same order.

const PEOPLE: [first: string, last: string, jobTitle: string, email: string][] = [
  ['Wei', 'Andersson', 'engineer', 'wei.andersson'],
  ['Đorđe', 'Andersson', 'Ingénieur', 'dorde.andersson'],
  ['anna', 'Andersson', 'Ärztin', 'anna.andersson'],
  ['Élodie', 'Zhang', 'Zahnarzt', 'elodie.zhang'],
  ['Zoë', 'Zhang', 'Óperadora', 'zoe.zhang'],
  ['Eve', 'Zhang', 'Editor', 'eve_zhang'],
  ['Ömer', 'Özdemir', 'Optiker', 'oemer.oezdemir'],
  ['Oscar', 'Ozols', 'Öffentlichkeitsarbeit', 'oscar.ozols'],
  ['Łukasz', 'Łukaszewicz', 'Leiter', 'lukasz-l'],
  ['Lars', 'Lund', 'Łącznik', 'Lars.Lund'],
  ['Max', 'Müller', 'Direktor', 'max.mueller'],
  ['Mia', 'Muller', 'director', 'mia.muller'],
  ['Anna2', 'Berg', 'Analyst 2', 'anna2'],
  ['Anna10', 'Berg', 'Analyst 10', 'anna10'],
  ['Олег', 'Иванов', 'Инженер', 'oleg'],
  ['Νίκος', 'Παπαδόπουλος', 'Μηχανικός', 'nikos'],
];

let server: TestServer;
const clients: Record<'memory' | 'rest', ContactsClient> = {} as never;

before(async () => {
  server = await startTestServer();
  const session = await server.signIn(createSeedData().demoViewers.find((viewer) => viewer.role === 'customer_admin')!.userId);
  clients.rest = new RestContactsClient({ baseUrl: `${server.url}/api`, fetch: globalThis.fetch, retry: 0, headers: async () => session.headers });
  clients.memory = new MemoryContactsClient({ viewer: 'customer_admin' });
  for (const client of Object.values(clients)) {
    for (const [firstName, lastName, jobTitle, email] of PEOPLE) {
      await client.createContact({ firstName, lastName, jobTitle, email: `${email}@sort-parity.example`, accountId: 'acme' });
    }
  }
});
after(async () => {
  await server?.close();
});

/** What the sort compares, in the order the client lists it (ties, such as three Anderssons by last name, go by id, which differ between stores). */
const sorted = async (client: ContactsClient, field: SortField, direction: 'asc' | 'desc') =>
  (await client.listContacts({ search: 'sort-parity', pageSize: 50, sort: { field, direction } })).items.map((contact) =>
    field === 'name' ? `${contact.firstName} ${contact.lastName}` : String(contact[field as 'firstName' | 'lastName' | 'email' | 'jobTitle']),
  );

test('the memory client and the reference server give the same text order', async () => {
  for (const field of ['name', 'firstName', 'lastName', 'email', 'jobTitle'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      const rest = await sorted(clients.rest, field, direction);
      assert.equal(rest.length, PEOPLE.length);
      assert.deepEqual(await sorted(clients.memory, field, direction), rest, `${field} ${direction}`);
    }
  }
  assert.deepEqual((await sorted(clients.rest, 'name', 'asc')).slice(0, 5), ['anna Andersson', 'Đorđe Andersson', 'Wei Andersson', 'Anna10 Berg', 'Anna2 Berg']);
});
