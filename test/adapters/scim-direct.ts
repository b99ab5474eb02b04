import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ContactsError, createSeedData, statusOf, type ContactDraftInput } from '@portico/core';
import { createScimClient, type ScimClientOptions, type ScimContactsClient } from '@portico/client-scim';
import { tokenFor, type ScimProfile, type ScimServerHandle, startScimServer } from '../servers/scim-server.js';

/**
 * The SCIM adapter against the project's SCIM server in one profile (scimmy keeps its state per
 * process, so each profile runs from its own test file): what a user does with a server like it.
 */
export const runScimDirectTests = (name: string, profile: ScimProfile | undefined, optionsFor: (url: string, token: string, userName: string) => ScimClientOptions) => {
  describe(`SCIM adapter against ${name}`, () => {
    let server: ScimServerHandle;
    let client: ScimContactsClient;
    const carlos = createSeedData().demoViewers.find((viewer) => viewer.role === 'customer_admin')!;
    const strict = Boolean(profile?.filterAttributes);

    const draft = (overrides: Partial<ContactDraftInput> = {}): ContactDraftInput => ({
      honorific: 'Dr',
      firstName: 'Zoë',
      lastName: 'Müller-Øst',
      email: 'zoe.mueller@acme.example',
      accountId: 'acme-eu',
      ...overrides,
    });
    const rejection = async (promise: Promise<unknown>): Promise<ContactsError> => {
      try {
        await promise;
      } catch (error) {
        assert.ok(error instanceof ContactsError, String(error));
        return error;
      }
      assert.fail('expected a rejection');
    };

    before(async () => {
      server = await startScimServer({ profile });
      client = await createScimClient({ ...optionsFor(server.url, tokenFor(carlos.userId), carlos.userId), fetch: globalThis.fetch, retry: 0 });
    });
    after(() => server?.close());
    beforeEach(() => server.reset());

    it('creates a contact, whatever the server filters, with the account chosen', async () => {
      const created = await client.createContact(draft());
      assert.equal(created.lastName, 'Müller-Øst');
      assert.equal(created.accountId, 'acme-eu');
      assert.equal(created.version, 1);
      // A user ID is suggested only where the server can say whether the name is taken.
      assert.equal(created.userId, client.capabilities.userIdSuggestion ? 'zoe.muller-ost' : null);
      assert.deepEqual(await client.getContact(created.id), created);
      const viewer = await client.me();
      assert.equal(viewer.contactId, carlos.contactId);
    });

    it('finds a contact by e-mail, with quotes, backslashes, non-ASCII letters and several words in the search', async () => {
      const created = await client.createContact(draft());
      const ids = async (search: string) => (await client.listContacts({ search })).items.map((contact) => contact.id);
      assert.deepEqual(await ids('zoe.mueller@acme.example'), [created.id]);
      assert.deepEqual(await ids('"zoe.mueller@acme.example"'), [created.id], 'quotes are no syntax');
      for (const odd of ['a\\b', 'x" or userName pr or "', '\\"', '((Zoë))']) assert.deepEqual(await ids(odd), [], odd);
      assert.equal(client.capabilities.search, strict ? 'exact' : true, 'the search box says what the server can find');
      if (client.capabilities.search === true) {
        assert.deepEqual(await ids('Müller-Øst'), [created.id]);
        assert.deepEqual(await ids('Zoë Müller-Øst'), [created.id]);
        assert.deepEqual(await ids('Müller-Øst Zoë'), [created.id]);
        assert.deepEqual(await ids('Zoë Nobody'), []);
      } else {
        // Exact lookups only: words of a name find nothing, and nothing fails.
        assert.deepEqual(await ids('Zoë Müller-Øst'), []);
        assert.deepEqual(await ids(carlos.userId), [carlos.contactId], 'a whole user ID is found');
      }
    });

    it('creates a login: the suggested user ID where the server can say it is free, else the one a person chooses', async () => {
      const created = await client.createContact(draft());
      assert.equal(created.login.state, 'none');
      if (client.capabilities.userIdSuggestion) {
        assert.equal((await client.createLogin(created.id)).userId, 'zoe.muller-ost');
        await client.setLoginEnabled(created.id, false);
      } else {
        // Nothing to suggest from: the form asks for a user ID, as for a contact whose name is taken.
        const none = await rejection(client.createLogin(created.id));
        assert.equal(none.code, 'validation');
        assert.deepEqual(none.fieldErrors.map((error) => error.field), ['userId']);
        const taken = await rejection(client.createLogin(created.id, carlos.userId));
        assert.equal(taken.code, 'conflict');
        assert.deepEqual(taken.fieldErrors.map((error) => error.field), ['userId']);
        assert.equal((await client.getContact(created.id)).login.state, 'none', 'a refused login leaves the contact as it was');
        const withLogin = await client.createLogin(created.id, 'zoe.mueller');
        assert.equal(withLogin.userId, 'zoe.mueller');
        assert.equal(withLogin.login.state, 'enabled');
        assert.deepEqual((await client.listContacts({ search: 'zoe.mueller' })).items.map((contact) => contact.id), [created.id], 'found by the whole user ID');
      }
      assert.equal((await rejection(client.createLogin(created.id, 'zoe.other'))).code, 'conflict', 'one login per contact');
    });

    it('filters by status where the server can, and says so where it cannot', async () => {
      assert.equal(client.capabilities.statusFilter, !strict);
      assert.equal((await client.listContacts({ filters: { status: 'locked' } })).total, 0);
      if (!client.capabilities.statusFilter) {
        assert.equal((await rejection(client.listContacts({ filters: { status: 'active' } }))).code, 'unsupported');
        return;
      }
      const disabled = await client.listContacts({ search: 'Smith', filters: { status: 'disabled' }, pageSize: 100 });
      assert.ok(disabled.items.every((contact) => statusOf(contact) === 'disabled'));
      const none = await client.listContacts({ search: 'John Smith', filters: { status: 'none' } });
      assert.ok(none.total > 0 && none.items.every((contact) => statusOf(contact) === 'none' && contact.lastName === 'Smith'));
    });

    it('pages past maxResults without losing or repeating contacts', async () => {
      const { total } = await client.listContacts({ pageSize: 10 });
      assert.ok(total > client.discovery.maxResults || !strict, `the viewer sees more than ${client.discovery.maxResults} contacts`);
      const first = await client.listContacts({ pageSize: 100 });
      const seen = new Set(first.items.map((contact) => contact.id));
      for (let page = 2; seen.size < total; page += 1) {
        const next = await client.listContacts({ page, pageSize: 100 });
        assert.ok(next.items.length > 0, `page ${page} is not empty`);
        for (const contact of next.items) assert.ok(!seen.has(contact.id), `${contact.id} only once`), seen.add(contact.id);
      }
      assert.equal(seen.size, total);
      const large = await client.listContacts({ pageSize: 200 });
      assert.equal(large.items.length, Math.min(200, total), 'a page larger than maxResults comes whole');
      assert.equal(new Set(large.items.map((contact) => contact.id)).size, large.items.length);
    });

    it('clears a name part and counts the version up', async () => {
      const victor = await client.getContact('c-victor');
      assert.equal(victor.honorific, 'Mr');
      const cleared = await client.updateContact('c-victor', { honorific: null, firstName: 'Vic' });
      assert.equal(cleared.honorific, null);
      assert.equal(cleared.firstName, 'Vic');
      assert.equal(cleared.lastName, 'Chen', 'the other name parts stay');
      assert.ok(cleared.version > victor.version);
      const read = await client.getContact('c-victor');
      assert.equal(read.honorific, null);
      assert.equal(read.lastName, 'Chen');
    });

    it('reports errors on the right field, and refused filters on none', async () => {
      const taken = await rejection(client.updateContact('c-victor', { userId: carlos.userId.toUpperCase() }));
      assert.equal(taken.code, 'conflict');
      assert.deepEqual(taken.fieldErrors.map((error) => error.field), ['userId']);
      const outside = await rejection(client.createContact(draft({ accountId: 'globex' })));
      assert.equal(outside.code, 'validation');
      assert.deepEqual(outside.fieldErrors.map((error) => error.field), ['accountId']);
      const roles = await rejection(client.setRoles('c-victor', ['no_such_role']));
      assert.equal(roles.code, 'validation');

      // A deleted user's address: usable again on the default server, refused (409) on the strict one.
      const created = await client.createContact(draft());
      await client.deleteContact(created.id);
      if (profile?.deletedEmailsReserved) {
        const reused = await rejection(client.createContact(draft()));
        assert.equal(reused.code, 'conflict');
        assert.deepEqual(reused.fieldErrors.map((error) => error.field), ['email']);
      } else {
        assert.equal((await client.createContact(draft())).email, draft().email);
      }
      if (!client.capabilities.userIdSuggestion) {
        const unsupported = await rejection(client.suggestUserId('Jane', 'Doe'));
        assert.equal(unsupported.code, 'unsupported');
        assert.deepEqual(unsupported.fieldErrors, [], 'no form field for what the server cannot filter');
      }
    });
  });
};
