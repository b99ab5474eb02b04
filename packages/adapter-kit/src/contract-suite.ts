import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, type TestContext } from 'node:test';
import {
  Account,
  Contact,
  ContactPage,
  ContactsError,
  CONTACT_STATUSES,
  PasswordResetResult,
  Role,
  UserAccountPage,
  Viewer,
  createSeedData,
  DEMO_PASSWORD,
  statusOf,
} from '@portico/core';
import type { Capabilities, ContactDraftInput, ContactsClient, DemoRole, ErrorCode } from '@portico/core';

/** What each adapter's run provides: clients signed in as the demo viewers over one shared store. */
export interface ContractHarness {
  clientAs(role: DemoRole): ContactsClient;
  /** Back to the seed data. */
  reset(): Promise<void>;
  /** The mails the store sent, when the adapter's backend can show them. */
  outbox?(): Promise<{ to: string; subject: string; body: string }[]>;
  close(): Promise<void>;
}

/** The same seed every adapter's backend starts from, so the suite can name people. */
const seed = createSeedData();
const viewerOf = (role: DemoRole) => seed.demoViewers.find((viewer) => viewer.role === role)!;
const seedContact = (id: string) => seed.contacts.find((contact) => contact.id === id)!;

const ALICE = viewerOf('admin').contactId; // admin of Acme
const CARLOS = viewerOf('customer_admin').contactId; // customer administrator of Acme
const VICTOR = viewerOf('contact').contactId; // no admin roles, account acme
const GRETA = viewerOf('other_tenant_admin').contactId; // Globex

const ACME_TREE = ['acme', 'acme-eu', 'acme-de', 'acme-us'];

const draft = (overrides: Partial<ContactDraftInput> = {}): ContactDraftInput => ({
  honorific: 'Ms',
  firstName: 'Quinn',
  lastName: 'Contractor',
  jobTitle: 'Buyer',
  email: 'quinn.contractor@acme.example',
  businessPhone: '+1 555 010 2030',
  language: 'en-US',
  timeZone: 'America/Chicago',
  accountId: 'acme-eu',
  ...overrides,
});

/** Asserts that `promise` rejects with a ContactsError of `code`, naming `field` when given. */
const rejectsWith = async (promise: Promise<unknown>, code: ErrorCode, field?: string): Promise<ContactsError> => {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ContactsError, `expected a ContactsError, got ${String(caught)}`);
  assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
  if (field) {
    const fields = caught.fieldErrors.map((error) => error.field);
    assert.ok(fields.includes(field), `expected a field error on ${field}, got ${JSON.stringify(caught.fieldErrors)}`);
  }
  return caught;
};

/**
 * The behaviour every `ContactsClient` adapter must show, observed only through the interface.
 * Each test starts from the seed; what an adapter declares absent in `capabilities` is skipped.
 */
export function runContactsClientContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`ContactsClient contract: ${name}`, () => {
    let harness: ContractHarness;
    let capabilities: Capabilities;
    const as = (role: DemoRole) => harness.clientAs(role);

    /** Skips the test unless the adapter has every capability named; `search` means search by words (`true`), not `'exact'`. */
    const requires = (t: TestContext, ...needed: (keyof Capabilities)[]): boolean => {
      const missing = needed.filter((capability) => (capability === 'search' ? capabilities.search !== true : !capabilities[capability]));
      const named = missing.map((capability) => (capability === 'search' && capabilities.search === 'exact' ? 'search by words (exact matches only)' : capability));
      if (missing.length > 0) t.skip(`adapter lacks ${named.join(', ')}`);
      return missing.length === 0;
    };

    const allContacts = async (client: ContactsClient, query: Parameters<ContactsClient['listContacts']>[0] = {}) => {
      const items: Contact[] = [];
      for (let page = 1; ; page += 1) {
        const result = await client.listContacts({ ...query, page, pageSize: 200 });
        items.push(...result.items);
        if (items.length >= result.total || result.items.length === 0) return { items, total: result.total };
      }
    };

    before(async () => {
      harness = await setup();
      capabilities = as('admin').capabilities;
    });
    after(async () => {
      await harness?.close();
    });
    beforeEach(async () => {
      await harness.reset();
    });

    describe('viewer', () => {
      it('me() names the signed-in contact, their roles and the accounts they reach', async () => {
        const admin = Viewer.parse(await as('admin').me());
        assert.equal(admin.contactId, ALICE);
        assert.ok(admin.roles.includes('admin'));
        assert.deepEqual([...admin.scope].sort(), [...ACME_TREE].sort());

        const partner = await as('partner_admin').me();
        assert.ok(partner.scope.includes('initech'));
        assert.deepEqual(partner.partnerAccountIds, ['initech']);

        const plain = await as('contact').me();
        assert.equal(plain.contactId, VICTOR);
        assert.deepEqual(plain.scope, ['acme']);
      });

      it('rejects with aborted when the signal is already aborted', async () => {
        await rejectsWith(as('customer_admin').listContacts({}, { signal: AbortSignal.abort() }), 'aborted');
      });
    });

    describe('listContacts', () => {
      it('pages through the viewer’s contacts with a stable total', async () => {
        const client = as('customer_admin');
        const first = ContactPage.parse(await client.listContacts({ page: 1, pageSize: 10 }));
        const second = await client.listContacts({ page: 2, pageSize: 10 });
        assert.equal(first.items.length, 10);
        assert.equal(second.items.length, 10);
        assert.equal(first.total, second.total);
        assert.equal(first.pageSize, 10);
        const firstIds = new Set(first.items.map((contact) => contact.id));
        assert.ok(second.items.every((contact) => !firstIds.has(contact.id)), 'pages must not overlap');

        const lastPage = Math.ceil(first.total / 10);
        const last = await client.listContacts({ page: lastPage, pageSize: 10 });
        assert.equal(last.items.length, first.total - (lastPage - 1) * 10);
        const beyond = await client.listContacts({ page: lastPage + 1, pageSize: 10 });
        assert.equal(beyond.items.length, 0);

        const { items, total } = await allContacts(client);
        assert.equal(items.length, total);
        assert.equal(new Set(items.map((contact) => contact.id)).size, total);
      });

      it('shows only contacts in the viewer’s scope', async () => {
        const { items } = await allContacts(as('customer_admin'));
        assert.ok(items.length > 0);
        assert.ok(items.every((contact) => ACME_TREE.includes(contact.accountId)));
        assert.ok(!items.some((contact) => contact.id === GRETA));

        const globex = await allContacts(as('other_tenant_admin'));
        assert.ok(globex.items.some((contact) => contact.id === GRETA));
        assert.ok(globex.items.every((contact) => contact.accountId.startsWith('globex')));

        const plain = await allContacts(as('contact'));
        assert.ok(plain.items.every((contact) => contact.accountId === 'acme'));
        assert.ok(plain.total < (await allContacts(as('customer_admin'))).total);
      });

      it('searches first and last name in either order and e-mail, ignoring case', async (t) => {
        if (!requires(t, 'search')) return;
        const client = as('customer_admin');
        const smiths = await allContacts(client, { search: 'smith' });
        assert.ok(smiths.total >= 2);
        const matches = (contact: Contact, needle: string) =>
          [`${contact.firstName} ${contact.lastName}`, `${contact.lastName} ${contact.firstName}`, contact.email].some((text) =>
            text.toLowerCase().includes(needle),
          );
        assert.ok(smiths.items.every((contact) => matches(contact, 'smith')));
        assert.equal((await client.listContacts({ search: 'SMITH' })).total, smiths.total);

        const johns = await allContacts(client, { search: 'Smith John' });
        assert.ok(johns.items.filter((contact) => contact.firstName === 'John' && contact.lastName === 'Smith').length >= 2);
        assert.equal((await client.listContacts({ search: 'John Smith' })).total, johns.total);

        const byEmail = await client.listContacts({ search: seedContact(VICTOR).email.toUpperCase() });
        assert.deepEqual(byEmail.items.map((contact) => contact.id), [VICTOR]);

        assert.equal((await client.listContacts({ search: 'zz-nobody-has-this-zz' })).total, 0);
      });

      it('finds a contact by its whole e-mail address, whether search matches words or only exact values', async (t) => {
        if (!capabilities.search) return void t.skip('adapter lacks search');
        const client = as('customer_admin');
        const victor = seedContact(VICTOR);
        assert.deepEqual((await client.listContacts({ search: victor.email })).items.map((contact) => contact.id), [VICTOR]);
        assert.deepEqual((await client.listContacts({ search: ` ${victor.email} ` })).items.map((contact) => contact.id), [VICTOR], 'spaces around it are no part of it');
        if (capabilities.search === 'exact') {
          // What the search box's hint says: part of a name finds no one, and nothing fails.
          assert.equal((await client.listContacts({ search: victor.lastName })).total, 0);
          assert.equal((await client.listContacts({ search: victor.email.slice(0, -1) })).total, 0);
        }
      });

      it('filters by status', async (t) => {
        if (!requires(t, 'statusFilter')) return;
        const client = as('customer_admin');
        const { total } = await client.listContacts({});
        let sum = 0;
        for (const status of CONTACT_STATUSES) {
          const result = await allContacts(client, { filters: { status } });
          assert.ok(result.items.every((contact) => statusOf(contact) === status), `every item has status ${status}`);
          sum += result.total;
        }
        assert.equal(sum, total);
      });

      it('searches several words within a status', async (t) => {
        if (!requires(t, 'search', 'statusFilter')) return;
        const client = as('customer_admin');
        for (const status of ['active', 'none'] as const) {
          const all = await allContacts(client, { search: 'Smith', filters: { status } });
          assert.ok(all.items.every((contact) => statusOf(contact) === status && contact.lastName === 'Smith'), `every Smith has status ${status}`);
          const johns = await allContacts(client, { search: 'John Smith', filters: { status } });
          assert.ok(johns.items.every((contact) => statusOf(contact) === status && contact.firstName === 'John'), `every John Smith has status ${status}`);
          assert.ok(johns.total <= all.total);
        }
        const smithsByStatus = await Promise.all(CONTACT_STATUSES.map(async (status) => (await allContacts(client, { search: 'John Smith', filters: { status } })).total));
        assert.equal(smithsByStatus.reduce((sum, total) => sum + total, 0), (await allContacts(client, { search: 'John Smith' })).total);
      });

      it('filters by account, with or without child accounts', async (t) => {
        if (!requires(t, 'accountFilter')) return;
        const client = as('customer_admin');
        const withChildren = await allContacts(client, { filters: { accountId: 'acme-eu' } });
        assert.ok(withChildren.items.every((contact) => contact.accountId === 'acme-eu' || contact.accountId === 'acme-de'));
        assert.ok(withChildren.items.some((contact) => contact.accountId === 'acme-de'), 'child account included by default');
        const only = await allContacts(client, { filters: { accountId: 'acme-eu', includeChildAccounts: false } });
        assert.ok(only.total > 0);
        assert.ok(only.items.every((contact) => contact.accountId === 'acme-eu'));
        assert.ok(only.total < withChildren.total);
        await rejectsWith(client.listContacts({ filters: { accountId: 'globex' } }), 'not_found');
      });

      it('sorts ascending and descending', async (t) => {
        if (!requires(t, 'sort')) return;
        const client = as('customer_admin');
        const created = (await allContacts(client, { sort: { field: 'createdAt', direction: 'asc' } })).items.map((c) => c.createdAt);
        assert.deepEqual(created, [...created].sort());
        const createdDesc = (await allContacts(client, { sort: { field: 'createdAt', direction: 'desc' } })).items.map((c) => c.createdAt);
        assert.deepEqual(createdDesc, [...created].reverse());

        // Collations differ between stores; whatever the order, descending is ascending reversed.
        for (const field of ['lastName', 'email'] as const) {
          const asc = (await allContacts(client, { sort: { field, direction: 'asc' } })).items.map((c) => c[field]);
          const desc = (await allContacts(client, { sort: { field, direction: 'desc' } })).items.map((c) => c[field]);
          assert.deepEqual(desc, [...asc].reverse(), `sort by ${field}`);
          assert.notDeepEqual(asc, desc);
        }
      });
    });

    describe('getContact', () => {
      it('returns one contact as the list shows it', async () => {
        const client = as('customer_admin');
        const contact = Contact.parse(await client.getContact(VICTOR));
        const expected = seedContact(VICTOR);
        assert.equal(contact.firstName, expected.firstName);
        assert.equal(contact.email, expected.email);
        assert.equal(contact.userId, expected.userId);
        const listed = (await client.listContacts({ search: expected.email })).items[0];
        assert.deepEqual(listed, contact);
      });

      it('answers not_found for another company’s contact and for unknown ids', async () => {
        const client = as('customer_admin');
        await rejectsWith(client.getContact(GRETA), 'not_found');
        await rejectsWith(client.getContact('c-does-not-exist'), 'not_found');
      });
    });

    describe('createContact', () => {
      it('creates a contact without a login, with a suggested user ID', async (t) => {
        if (!requires(t, 'create')) return;
        const client = as('customer_admin');
        const created = Contact.parse(await client.createContact(draft()));
        assert.equal(created.firstName, 'Quinn');
        assert.equal(created.accountId, 'acme-eu');
        assert.equal(created.login.state, 'none');
        assert.deepEqual(created.roles, []);
        assert.equal(created.version, 1);
        if (capabilities.userIdSuggestion) assert.equal(created.userId, 'quinn.contractor');
        assert.deepEqual(await client.getContact(created.id), created);
      });

      it('gives no user ID when someone has the same first and last name', async (t) => {
        if (!requires(t, 'create', 'userIdSuggestion')) return;
        const created = await as('customer_admin').createContact(draft({ firstName: 'John', lastName: 'Smith', email: 'john.smith.3@acme.example' }));
        assert.equal(created.userId, null);
      });

      it('names the invalid fields', async (t) => {
        if (!requires(t, 'create')) return;
        const client = as('customer_admin');
        await rejectsWith(client.createContact(draft({ email: 'not an address' })), 'validation', 'email');
        await rejectsWith(client.createContact(draft({ firstName: '   ' })), 'validation', 'firstName');
        await rejectsWith(client.createContact(draft({ businessPhone: 'call me' })), 'validation', 'businessPhone');
        // No mass assignment: roles are not part of a draft.
        await rejectsWith(client.createContact({ ...draft(), roles: ['admin'] } as ContactDraftInput), 'validation');
        assert.equal((await client.listContacts({ search: 'Contractor' })).total, 0);
      });

      it('creates one contact for a retried request with the same idempotency key', async (t) => {
        if (!requires(t, 'create')) return;
        const client = as('customer_admin');
        const key = `contract-${Date.now()}`;
        const first = await client.createContact(draft(), { idempotencyKey: key });
        const again = await client.createContact(draft(), { idempotencyKey: key });
        assert.equal(again.id, first.id);
        // Without name search (an eq-only SCIM server), the exact e-mail still finds it.
        assert.equal((await client.listContacts({ search: capabilities.search === true ? 'Quinn Contractor' : draft().email })).total, 1);
      });

      it('does not create contacts in accounts outside the viewer’s scope', async (t) => {
        if (!requires(t, 'create')) return;
        await rejectsWith(as('customer_admin').createContact(draft({ accountId: 'globex' })), 'validation', 'accountId');
        assert.equal((await as('other_tenant_admin').listContacts({ search: 'Contractor' })).total, 0);
      });
    });

    describe('updateContact', () => {
      it('changes fields and bumps the version', async (t) => {
        if (!requires(t, 'update')) return;
        const client = as('customer_admin');
        const before = await client.getContact(VICTOR);
        const updated = Contact.parse(await client.updateContact(VICTOR, { jobTitle: 'Chief Engineer' }, { ifVersion: before.version }));
        assert.equal(updated.jobTitle, 'Chief Engineer');
        assert.ok(updated.version > before.version);
        assert.equal((await client.getContact(VICTOR)).jobTitle, 'Chief Engineer');
      });

      it('fails with precondition_failed on a stale version and keeps the newer edit', async (t) => {
        if (!requires(t, 'update', 'versioning')) return;
        const client = as('customer_admin');
        const start = await client.getContact(VICTOR);
        await client.updateContact(VICTOR, { jobTitle: 'First edit' }, { ifVersion: start.version });
        await rejectsWith(client.updateContact(VICTOR, { jobTitle: 'Second edit' }, { ifVersion: start.version }), 'precondition_failed');
        assert.equal((await client.getContact(VICTOR)).jobTitle, 'First edit');
      });

      it('names the invalid field', async (t) => {
        if (!requires(t, 'update')) return;
        await rejectsWith(as('customer_admin').updateContact(VICTOR, { email: 'nope' }), 'validation', 'email');
      });

      it('rejects a user ID another contact holds, whatever its case', async (t) => {
        if (!requires(t, 'update')) return;
        const client = as('customer_admin');
        const taken = viewerOf('admin').userId.toUpperCase();
        await rejectsWith(client.updateContact(VICTOR, { userId: taken }), 'conflict', 'userId');
        assert.equal((await client.getContact(VICTOR)).userId, seedContact(VICTOR).userId);
        const renamed = await client.updateContact(VICTOR, { userId: 'victor.chen.2' });
        assert.equal(renamed.userId, 'victor.chen.2');
      });
    });

    describe('user IDs', () => {
      it('suggests firstname.lastname, and nothing for a duplicate name', async (t) => {
        if (!requires(t, 'userIdSuggestion')) return;
        const client = as('customer_admin');
        assert.deepEqual(await client.suggestUserId('Jane', 'Doe'), { userId: 'jane.doe', reason: 'suggested' });
        const duplicate = await client.suggestUserId('John', 'Smith');
        assert.equal(duplicate.userId, null);
        assert.equal(duplicate.reason, 'duplicate_name');
      });

      it('reports whether a user ID is available', async () => {
        const client = as('customer_admin');
        const alice = viewerOf('admin').userId;
        const taken = await client.checkUserId(alice);
        assert.equal(taken.available, false);
        assert.equal(taken.takenByContactId, ALICE);
        assert.equal((await client.checkUserId(alice.toUpperCase())).available, false);
        assert.equal((await client.checkUserId(alice, ALICE)).available, true);
        assert.equal((await client.checkUserId('nobody.has.this')).available, true);
      });
    });

    describe('deleteContact', () => {
      it('deletes a contact', async (t) => {
        if (!requires(t, 'create', 'delete')) return;
        const client = as('customer_admin');
        const created = await client.createContact(draft());
        await client.deleteContact(created.id);
        await rejectsWith(client.getContact(created.id), 'not_found');
        await rejectsWith(client.deleteContact(created.id), 'not_found');
      });

      it('refuses to delete the viewer themselves, and hides other companies', async (t) => {
        if (!requires(t, 'delete')) return;
        const client = as('customer_admin');
        await rejectsWith(client.deleteContact(CARLOS), 'forbidden');
        await rejectsWith(client.deleteContact(GRETA), 'not_found');
        assert.ok(await client.getContact(CARLOS));
        assert.ok(await as('other_tenant_admin').getContact(GRETA));
      });
    });

    describe('logins', () => {
      it('creates a login with the suggested user ID, then disables, enables, locks and unlocks it', async (t) => {
        if (!requires(t, 'create', 'createLogin', 'enableDisableLogin', 'lockUnlock')) return;
        const client = as('customer_admin');
        const created = await client.createContact(draft());
        const withLogin = Contact.parse(await client.createLogin(created.id));
        assert.equal(withLogin.login.state, 'enabled');
        assert.ok(withLogin.userId);
        await rejectsWith(client.createLogin(created.id), 'conflict');

        assert.equal((await client.setLoginEnabled(created.id, false)).login.state, 'disabled');
        if (capabilities.statusFilter && capabilities.search === true) assert.equal((await client.listContacts({ search: 'Quinn Contractor', filters: { status: 'disabled' } })).total, 1);
        assert.equal((await client.setLoginEnabled(created.id, true)).login.state, 'enabled');

        const locked = await client.lockLogin(created.id);
        assert.equal(locked.login.state, 'locked');
        assert.equal(locked.login.lockReason, 'admin');
        assert.ok(locked.login.lockedAt);
        await rejectsWith(client.lockLogin(created.id), 'conflict');

        const unlocked = await client.unlockLogin(created.id);
        assert.equal(unlocked.login.state, 'enabled');
        assert.equal(unlocked.login.lockReason, null);
        assert.equal(unlocked.login.failedSignIns, 0);
      });

      it('unlocking resets the failed sign-in count', async (t) => {
        if (!requires(t, 'lockUnlock')) return;
        const client = as('customer_admin');
        const locked = (await allContacts(client, { filters: { status: 'locked' } })).items.find((contact) => contact.login.failedSignIns > 0);
        assert.ok(locked, 'the seed has logins locked by failed sign-ins');
        const unlocked = await client.unlockLogin(locked.id);
        assert.equal(unlocked.login.state, 'enabled');
        assert.equal(unlocked.login.failedSignIns, 0);
      });

      it('asks for a user ID when none can be suggested, and rejects a taken one', async (t) => {
        if (!requires(t, 'createLogin')) return;
        const client = as('customer_admin');
        const secondJohn = (await allContacts(client)).items.find((contact) => contact.firstName === 'John' && contact.lastName === 'Smith' && contact.userId === null);
        assert.ok(secondJohn, 'the seed has a John Smith without a user ID');
        await rejectsWith(client.createLogin(secondJohn.id), 'validation', 'userId');
        await rejectsWith(client.createLogin(secondJohn.id, viewerOf('admin').userId), 'conflict', 'userId');
        const withLogin = await client.createLogin(secondJohn.id, 'john.smith.eu');
        assert.equal(withLogin.userId, 'john.smith.eu');
        assert.equal(withLogin.login.state, 'enabled');
      });

      it('does not let viewers disable or lock themselves', async (t) => {
        if (!requires(t, 'enableDisableLogin', 'lockUnlock')) return;
        const client = as('customer_admin');
        await rejectsWith(client.setLoginEnabled(CARLOS, false), 'forbidden');
        await rejectsWith(client.lockLogin(CARLOS), 'forbidden');
      });
    });

    describe('resetPassword', () => {
      it('mails a link valid for 12 hours', async (t) => {
        if (!requires(t, 'resetPasswordLink')) return;
        const started = Date.now();
        const result = PasswordResetResult.parse(await as('customer_admin').resetPassword(VICTOR, { mode: 'link' }));
        const victor = seedContact(VICTOR);
        assert.equal(result.mode, 'link');
        assert.equal(result.sentTo, victor.email);
        assert.ok(result.expiresAt);
        const hours = (Date.parse(result.expiresAt) - started) / 3_600_000;
        assert.ok(hours > 11.9 && hours < 12.1, `link valid for ${hours} hours`);
        if (harness.outbox) {
          const mails = await harness.outbox();
          assert.ok(mails.some((mail) => mail.to === victor.email), 'the outbox holds the mail');
        }
      });

      it('lets only an admin send a temporary password or set one', async (t) => {
        if (!requires(t, 'resetPasswordTemporary', 'setPassword')) return;
        await rejectsWith(as('customer_admin').resetPassword(VICTOR, { mode: 'temporary' }), 'forbidden');
        await rejectsWith(as('customer_admin').resetPassword(VICTOR, { mode: 'set', password: 'a-long-enough-password' }), 'forbidden');

        const admin = as('admin');
        const temporary = await admin.resetPassword(VICTOR, { mode: 'temporary' });
        assert.equal(temporary.passwordChangeRequired, true);
        assert.equal(temporary.sentTo, seedContact(VICTOR).email);
        assert.equal((await admin.getContact(VICTOR)).login.passwordChangeRequired, true);

        await rejectsWith(admin.resetPassword(VICTOR, { mode: 'set', password: 'short' }), 'validation', 'password');
        // core's checkPassword: not only spaces, not the user ID or e-mail address, not guessable.
        for (const password of [' '.repeat(12), seedContact(VICTOR).email, 'password1234']) {
          await rejectsWith(admin.resetPassword(VICTOR, { mode: 'set', password }), 'validation', 'password');
        }
        const set = await admin.resetPassword(VICTOR, { mode: 'set', password: 'a-long-enough-password' });
        assert.equal(set.mode, 'set');
        assert.equal(set.passwordChangeRequired, true);
      });

      it('refuses a reset for a contact without a login', async (t) => {
        if (!requires(t, 'create', 'resetPasswordLink')) return;
        const client = as('customer_admin');
        const created = await client.createContact(draft());
        await rejectsWith(client.resetPassword(created.id, { mode: 'link' }), 'conflict');
      });
    });

    describe('self-service (issue 17)', () => {
      const NEW_PASSWORD = 'lantern orbit velvet 42';
      const victorId = () => viewerOf('contact').userId;
      const linkToken = async (to: string): Promise<string> => {
        const mail = (await harness.outbox!()).filter((m) => m.to === to).at(-1);
        const token = mail && /reset-password\?token=(\S+)/.exec(mail.body)?.[1];
        assert.ok(token, `a link mailed to ${to}`);
        return decodeURIComponent(token);
      };

      it('signs in with the password and refuses a wrong one, an unknown user and a disabled login alike', async (t) => {
        if (!requires(t, 'signIn', 'enableDisableLogin')) return;
        const client = as('contact');
        assert.equal((await client.signIn!(victorId(), DEMO_PASSWORD)).contactId, VICTOR);
        await rejectsWith(client.signIn!(victorId(), 'not the password'), 'unauthenticated');
        await rejectsWith(client.signIn!('nobody.here', DEMO_PASSWORD), 'unauthenticated');
        await as('admin').setLoginEnabled(VICTOR, false);
        await rejectsWith(as('admin').signIn!(victorId(), DEMO_PASSWORD), 'unauthenticated');
      });

      it('says after a temporary or administrator-set password that it must change', async (t) => {
        if (!requires(t, 'signIn', 'setPassword')) return;
        await as('admin').resetPassword(VICTOR, { mode: 'set', password: 'admin chosen pass 77' });
        const viewer = await as('admin').signIn!(victorId(), 'admin chosen pass 77');
        assert.equal(viewer.passwordChangeRequired, true);
      });

      it('changes one\u2019s own password with the current one; the old one stops working', async (t) => {
        if (!requires(t, 'changePassword', 'signIn')) return;
        const victor = as('contact');
        await rejectsWith(victor.changePassword!('not the password', NEW_PASSWORD), 'validation', 'currentPassword');
        await rejectsWith(victor.changePassword!(DEMO_PASSWORD, 'password1234'), 'validation', 'newPassword');
        const after = await victor.changePassword!(DEMO_PASSWORD, NEW_PASSWORD);
        assert.equal(after.contactId, VICTOR);
        assert.ok(!after.passwordChangeRequired);
        await rejectsWith(as('admin').signIn!(victorId(), DEMO_PASSWORD), 'unauthenticated');
        assert.equal((await as('admin').signIn!(victorId(), NEW_PASSWORD)).contactId, VICTOR);
      });

      it('"forgot password" mails a link that chooses a password once; an unknown user gets the same answer', async (t) => {
        if (!requires(t, 'requestPasswordReset', 'confirmPasswordReset', 'signIn') || !harness.outbox) return;
        const client = as('admin');
        const before = (await harness.outbox()).length;
        assert.equal(await client.requestPasswordReset!('nobody.here'), undefined);
        assert.equal((await harness.outbox()).length, before, 'nothing mailed for an unknown user');
        assert.equal(await client.requestPasswordReset!(seedContact(VICTOR).email.toUpperCase()), undefined);
        const token = await linkToken(seedContact(VICTOR).email);
        await rejectsWith(client.confirmPasswordReset!(token, 'password1234'), 'validation', 'password');
        await client.confirmPasswordReset!(token, NEW_PASSWORD);
        await rejectsWith(client.confirmPasswordReset!(token, 'another good pass 99'), 'validation', 'token');
        await rejectsWith(client.confirmPasswordReset!('no-such-token', 'another good pass 99'), 'validation', 'token');
        assert.equal((await client.signIn!(victorId(), NEW_PASSWORD)).contactId, VICTOR);
      });

      it('a new login mails the link to choose a first password', async (t) => {
        if (!requires(t, 'create', 'createLogin', 'confirmPasswordReset', 'signIn') || !harness.outbox) return;
        const client = as('customer_admin');
        const created = await client.createContact(draft({ firstName: 'Nadia', lastName: 'Okafor', email: 'nadia.okafor@acme.example' }));
        const withLogin = await client.createLogin(created.id);
        await rejectsWith(client.signIn!(withLogin.userId!, 'anything at all 123'), 'unauthenticated');
        await client.confirmPasswordReset!(await linkToken('nadia.okafor@acme.example'), NEW_PASSWORD);
        const viewer = await client.signIn!(withLogin.userId!, NEW_PASSWORD);
        assert.equal(viewer.contactId, created.id);
        assert.ok(!viewer.passwordChangeRequired);
      });
    });

    describe('roles', () => {
      it('lists the role catalogue', async (t) => {
        if (!requires(t, 'roles')) return;
        const roles = (await as('customer_admin').listRoles()).map((role) => Role.parse(role));
        const ids = roles.map((role) => role.id);
        for (const role of seed.roles) assert.ok(ids.includes(role.id), `role ${role.id} listed`);
      });

      it('assigns roles within what the viewer may grant', async (t) => {
        if (!requires(t, 'roles')) return;
        const client = as('customer_admin');
        const updated = await client.setRoles(VICTOR, ['billing', 'reports']);
        assert.deepEqual([...updated.roles].sort(), ['billing', 'reports']);
        assert.deepEqual([...(await client.getContact(VICTOR)).roles].sort(), ['billing', 'reports']);

        await rejectsWith(client.setRoles(VICTOR, ['billing', 'admin']), 'forbidden');
        await rejectsWith(client.setRoles(ALICE, []), 'forbidden');
        await rejectsWith(client.setRoles(VICTOR, ['no_such_role']), 'validation');

        const granted = await as('admin').setRoles(VICTOR, ['admin']);
        assert.deepEqual(granted.roles, ['admin']);
      });
    });

    describe('accounts', () => {
      it('lists exactly the accounts the viewer reaches', async (t) => {
        if (!requires(t, 'accounts')) return;
        const ids = async (role: DemoRole) => (await as(role).listAccounts()).map((account) => Account.parse(account).id).sort();
        assert.deepEqual(await ids('admin'), [...ACME_TREE].sort());
        assert.deepEqual(await ids('customer_admin'), [...ACME_TREE].sort());
        assert.deepEqual(await ids('partner_admin'), [...ACME_TREE, 'initech'].sort());
        assert.deepEqual(await ids('other_tenant_admin'), ['globex', 'globex-retail']);
        assert.deepEqual(await ids('contact'), ['acme']);
      });
    });

    describe('user accounts', () => {
      it('finds free user accounts and associates one with a contact, once', async (t) => {
        if (!requires(t, 'associateUser', 'create')) return;
        const admin = as('admin');
        const found = UserAccountPage.parse(await admin.searchUsers('jordan'));
        const jordan = found.items.find((user) => user.userId === 'jordan.lee');
        assert.ok(jordan, 'the seed has a free user jordan.lee');
        assert.equal(jordan.contactId, null);

        const first = await admin.createContact(draft({ firstName: 'Jordan', lastName: 'Lee', email: 'jordan.lee@acme.example' }));
        const associated = await admin.associateUser(first.id, jordan.id);
        assert.equal(associated.userId, 'jordan.lee');
        assert.notEqual(associated.login.state, 'none');
        const after = (await admin.searchUsers('jordan')).items.find((user) => user.id === jordan.id);
        assert.equal(after?.contactId, first.id);

        const second = await admin.createContact(draft({ firstName: 'Jordan', lastName: 'Lee-Other', email: 'jordan.other@acme.example' }));
        const conflict = await rejectsWith(admin.associateUser(second.id, jordan.id), 'conflict');
        assert.equal(conflict.conflictingId, first.id);
      });

      it('is for admins only', async (t) => {
        if (!requires(t, 'associateUser')) return;
        await rejectsWith(as('customer_admin').searchUsers('jordan'), 'forbidden');
        const free = (await as('admin').searchUsers('sam')).items.find((user) => user.userId === 'sam.taylor');
        assert.ok(free);
        await rejectsWith(as('customer_admin').associateUser(VICTOR, free.id), 'forbidden');
      });
    });

    describe('scope and permissions', () => {
      it('treats another company’s contact as missing for every operation', async () => {
        const client = as('customer_admin');
        await rejectsWith(client.getContact(GRETA), 'not_found');
        if (capabilities.update) await rejectsWith(client.updateContact(GRETA, { jobTitle: 'x' }), 'not_found');
        if (capabilities.lockUnlock) await rejectsWith(client.lockLogin(GRETA), 'not_found');
        if (capabilities.roles) await rejectsWith(client.setRoles(GRETA, []), 'not_found');
        if (capabilities.resetPasswordLink) await rejectsWith(client.resetPassword(GRETA, { mode: 'link' }), 'not_found');
        assert.equal((await as('other_tenant_admin').getContact(GRETA)).jobTitle, seedContact(GRETA).jobTitle);
      });

      it('forbids changes to a viewer without administrative roles', async () => {
        const client = as('contact');
        assert.equal((await client.getContact(CARLOS)).id, CARLOS);
        if (capabilities.create) await rejectsWith(client.createContact(draft({ accountId: 'acme' })), 'forbidden');
        if (capabilities.update) await rejectsWith(client.updateContact(CARLOS, { jobTitle: 'Boss' }), 'forbidden');
        if (capabilities.delete) await rejectsWith(client.deleteContact(CARLOS), 'forbidden');
        if (capabilities.lockUnlock) await rejectsWith(client.lockLogin(CARLOS), 'forbidden');
        if (capabilities.enableDisableLogin) await rejectsWith(client.setLoginEnabled(CARLOS, false), 'forbidden');
        if (capabilities.roles) await rejectsWith(client.setRoles(CARLOS, ['billing']), 'forbidden');
        if (capabilities.resetPasswordLink) await rejectsWith(client.resetPassword(CARLOS, { mode: 'link' }), 'forbidden');
        const unchanged = await as('customer_admin').getContact(CARLOS);
        assert.equal(unchanged.jobTitle, seedContact(CARLOS).jobTitle);
        assert.equal(unchanged.login.state, 'enabled');
      });

      it('refuses every action on a contact stronger than the viewer, and still shows it', async () => {
        const client = as('customer_admin');
        if (capabilities.update) await rejectsWith(client.updateContact(ALICE, { email: 'attacker@evil.example' }), 'forbidden');
        if (capabilities.resetPasswordLink) await rejectsWith(client.resetPassword(ALICE, { mode: 'link' }), 'forbidden');
        if (capabilities.lockUnlock) await rejectsWith(client.lockLogin(ALICE), 'forbidden');
        if (capabilities.enableDisableLogin) await rejectsWith(client.setLoginEnabled(ALICE, false), 'forbidden');
        if (capabilities.delete) await rejectsWith(client.deleteContact(ALICE), 'forbidden');
        if (capabilities.delete) await rejectsWith(as('contact_editor').deleteContact(CARLOS), 'forbidden');
        const alice = await client.getContact(ALICE);
        assert.equal(alice.email, seedContact(ALICE).email);
        assert.equal(alice.login.state, 'enabled');
      });

      it('lets a contact editor edit contacts but not logins or user IDs', async (t) => {
        if (!requires(t, 'update')) return;
        const client = as('contact_editor');
        assert.equal((await client.updateContact(VICTOR, { jobTitle: 'Edited' })).jobTitle, 'Edited');
        await rejectsWith(client.updateContact(VICTOR, { userId: 'victor.renamed' }), 'forbidden');
        if (capabilities.lockUnlock) await rejectsWith(client.lockLogin(VICTOR), 'forbidden');
        if (capabilities.roles) await rejectsWith(client.setRoles(VICTOR, []), 'forbidden');
      });
    });
  });
}
