import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContactsError, createSeedData } from '@portico/core';
import { MemoryContactsClient } from '@portico/client-memory';

const rejectsWith = async (promise: Promise<unknown>, code: string) => {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ContactsError, `expected a ContactsError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
};

describe('MemoryContactsClient', () => {
  it('rejects at once with aborted when the signal is already aborted', async () => {
    const client = new MemoryContactsClient();
    await rejectsWith(client.me({ signal: AbortSignal.abort() }), 'aborted');
  });

  it('aborts a call while it waits for its latency', async () => {
    const client = new MemoryContactsClient({ latency: 60_000 });
    const controller = new AbortController();
    const pending = client.listContacts({}, { signal: controller.signal });
    controller.abort();
    await rejectsWith(pending, 'aborted');
  });

  it('answers after a latency range', async () => {
    const client = new MemoryContactsClient({ latency: [1, 5] });
    const viewer = await client.me();
    assert.equal(viewer.contactId, 'c-carlos');
  });

  it('fails the next N calls with the configured code, then recovers', async () => {
    const client = new MemoryContactsClient({ failures: { next: 2, code: 'network' } });
    await rejectsWith(client.me(), 'network');
    await rejectsWith(client.listRoles(), 'network');
    assert.equal((await client.me()).contactId, 'c-carlos');
    client.failNextCalls(1);
    await rejectsWith(client.me(), 'network');
    assert.ok(await client.me());
  });

  it('fails a repeatable share of calls with a failure rate', async () => {
    const outcomes = async () => {
      const client = new MemoryContactsClient({ failures: { rate: 0.5, seed: 7 } });
      const results: boolean[] = [];
      for (let i = 0; i < 40; i += 1) results.push(await client.me().then(() => true, () => false));
      return results;
    };
    const first = await outcomes();
    assert.deepEqual(await outcomes(), first);
    const failures = first.filter((ok) => !ok).length;
    assert.ok(failures > 5 && failures < 35, `about half should fail, ${failures} did`);
  });

  it('fails every call with rate 1 and none with rate 0', async () => {
    await rejectsWith(new MemoryContactsClient({ failures: { rate: 1 } }).me(), 'server');
    assert.ok(await new MemoryContactsClient({ failures: { rate: 0 } }).me());
  });

  it('hands out copies that callers cannot use to change the store', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const contact = await client.getContact('c-victor');
    contact.firstName = 'Mallory';
    contact.roles.push('admin');
    const again = await client.getContact('c-victor');
    assert.equal(again.firstName, 'Victor');
    assert.deepEqual(again.roles, ['billing']);
  });

  it('does not change the seed data it was given', async () => {
    const data = createSeedData({ count: 20 });
    const client = new MemoryContactsClient({ data, viewer: 'admin' });
    await client.updateContact('c-victor', { firstName: 'Vic' });
    assert.equal(data.contacts.find((c) => c.id === 'c-victor')?.firstName, 'Victor');
  });

  it('finds a name whether it was stored or searched composed (NFC) or decomposed (NFD)', async () => {
    const data = createSeedData({ count: 20 });
    const victor = data.contacts.find((c) => c.id === 'c-victor')!;
    victor.lastName = 'Mu\u0308ller';
    const client = new MemoryContactsClient({ data, viewer: 'admin' });
    const created = await client.createContact({ firstName: 'Rene\u0301e', lastName: 'Lef\u00e8vre', email: 'renee@acme.example', accountId: 'acme' });
    assert.equal(created.firstName, 'Ren\u00e9e', 'stored composed');
    const found = async (search: string) => (await client.listContacts({ search })).items.map((c) => c.id);
    for (const [nfc, nfd, id] of [
      ['M\u00fcller', 'Mu\u0308ller', 'c-victor'],
      ['victor m\u00fc', 'victor mu\u0308', 'c-victor'],
      ['Ren\u00e9e', 'Rene\u0301e', created.id],
      ['\u00e9e lef\u00e8', 'e\u0301e lefe\u0300', created.id],
    ] as const) {
      assert.deepEqual(await found(nfc), [id], nfc);
      assert.deepEqual(await found(nfd), [id], nfd);
    }
  });

  it('switches viewers with setViewer and takes a contact id as viewer', async () => {
    const client = new MemoryContactsClient();
    client.setViewer('other_tenant_admin');
    assert.equal((await client.me()).tenantId, 'globex');
    client.setViewer('c-erin');
    assert.deepEqual((await client.me()).roles, ['edit_contacts']);
    client.setViewer('nobody');
    await rejectsWith(client.me(), 'unauthenticated');
  });

  it('tells the old address when the e-mail address of a contact with a login changes, as the server does', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const before = await admin.getContact('c-victor');
    await admin.updateContact('c-victor', { email: before.email.toUpperCase() });
    assert.equal(admin.outbox.length, 0, 'a change of case is the same address');
    await admin.updateContact('c-victor', { email: 'victor@elsewhere.example' });
    assert.deepEqual(
      admin.outbox.map((mail) => [mail.to, mail.subject]),
      [[before.email.toUpperCase(), 'Your portal e-mail address was changed']],
    );
    assert.doesNotMatch(admin.outbox[0]!.body, /elsewhere/);
  });

  it('shares its data with the clients from withViewer, and reset restores it', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin' });
    const editor = admin.withViewer('contact_editor');
    await admin.updateContact('c-victor', { jobTitle: 'Chief Engineer' });
    assert.equal((await editor.getContact('c-victor')).jobTitle, 'Chief Engineer');
    await admin.resetPassword('c-victor', { mode: 'link' });
    assert.equal(admin.outbox.length, 1);
    admin.reset();
    assert.equal((await editor.getContact('c-victor')).jobTitle, 'Engineer');
    assert.equal(admin.outbox.length, 0);
  });

  it('pages a kept list order only until a write, through this client or one sharing its data', async () => {
    const admin = new MemoryContactsClient({ viewer: 'admin', data: createSeedData({ count: 300 }) });
    const other = admin.withViewer('admin');
    const query = { sort: { field: 'name', direction: 'asc' }, pageSize: 10 } as const;
    const names = async (page: number) => (await admin.listContacts({ ...query, page })).items.map((contact) => `${contact.lastName}, ${contact.firstName}`);
    const page2 = await names(2);
    assert.deepEqual(await names(2), page2);
    // Renamed through the sibling client: the first contact of page 2 now sorts first of all.
    const first = (await admin.listContacts({ ...query, page: 2 })).items[0]!;
    await other.updateContact(first.id, { lastName: 'Aaaron' });
    assert.equal((await names(1))[0], `Aaaron, ${first.firstName}`);
    assert.notDeepEqual(await names(2), page2);
    // A created contact and a deleted one show at once; a changed login moves it between statuses.
    const created = await admin.createContact({ accountId: first.accountId, firstName: 'Zed', lastName: 'Aaaaa', email: 'zed.aaaaa@example.com' });
    assert.equal((await names(1))[0], 'Aaaaa, Zed');
    await other.deleteContact(created.id);
    assert.equal((await names(1))[0], `Aaaron, ${first.firstName}`);
    const withoutLogin = await admin.listContacts({ filters: { status: 'none' }, pageSize: 1 });
    await other.createLogin(withoutLogin.items[0]!.id, 'kept.order.check');
    assert.equal((await admin.listContacts({ filters: { status: 'none' }, pageSize: 1 })).total, withoutLogin.total - 1);
  });

  it('rejects operations a capability switches off with unsupported', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin', capabilities: { lockUnlock: false } });
    assert.equal(client.capabilities.lockUnlock, false);
    assert.equal(client.capabilities.create, true);
    await rejectsWith(client.lockLogin('c-victor'), 'unsupported');
  });

  describe('user accounts belong to one company (issue 15)', () => {
    const seed = createSeedData();
    const setup = () => {
      const admin = new MemoryContactsClient({ viewer: 'admin' });
      return { admin, globexAdmin: admin.withViewer('other_tenant_admin') };
    };
    const newContact = (client: MemoryContactsClient, lastName: string) =>
      client.createContact({ firstName: 'Walter', lastName, email: `walter.${lastName.toLowerCase()}@acme.example`, accountId: 'acme-eu' });

    it("neither lists nor binds another company's free account", async () => {
      const { admin } = setup();
      const emails = (await admin.searchUsers('')).items.map((user) => user.email);
      assert.ok(emails.includes('jordan.lee@acme.example'));
      assert.ok(!emails.some((email) => email.endsWith('@globex.example')), emails.join(', '));
      const contact = await newContact(admin, 'Scully');
      await rejectsWith(admin.associateUser(contact.id, 'u-free-3'), 'not_found');
    });

    it("keeps a deleted contact's account in its company, free, and out of every other company's reach", async () => {
      const { admin, globexAdmin } = setup();
      const globexContact = seed.contacts.find((c) => c.accountId.startsWith('globex') && c.login.state === 'enabled' && c.roles.length === 0)!;
      await globexAdmin.deleteContact(globexContact.id);
      assert.equal((await admin.searchUsers(globexContact.userId!)).total, 0);
      const contact = await newContact(admin, 'Reyes');
      await rejectsWith(admin.associateUser(contact.id, `u-${globexContact.id}`), 'not_found');
      assert.equal((await admin.checkUserId(globexContact.userId!)).available, false, 'its user ID stays taken');

      await admin.deleteContact('c-victor');
      const victor = (await admin.searchUsers('victor.chen')).items.map((user) => [user.id, user.contactId]);
      assert.deepEqual(victor, [['u-c-victor', null]]);
      const chen = await newContact(admin, 'Chen');
      assert.equal((await admin.associateUser(chen.id, 'u-c-victor')).userId, 'victor.chen');
    });

    it("does not tell through availability or suggestion that another company holds a user ID", async () => {
      const { admin } = setup();
      const theirs = await admin.checkUserId('greta.lindqvist');
      assert.deepEqual(theirs, { userId: 'greta.lindqvist', available: false, takenByContactId: null });
      assert.deepEqual(await admin.checkUserId('greta.lindqvist', 'c-greta'), theirs, "leaving another company's contact out changes nothing");
      assert.equal((await admin.checkUserId('alice.martin', 'c-alice')).available, true);
      assert.deepEqual(await admin.suggestUserId('Greta', 'Lindqvist'), { userId: 'greta.lindqvist2', reason: 'suggested' });
      assert.deepEqual(await admin.suggestUserId('Jordan', 'Lee'), { userId: 'jordan.lee2', reason: 'suggested' });
    });
  });
});

describe('MemoryContactsClient: its clock', () => {
  it('refuses a mailed link once the clock is 12 hours past it, and takes a new one inside its 12 hours', async () => {
    let now = new Date('2026-12-08T09:00:00Z');
    const admin = new MemoryContactsClient({ viewer: 'admin', now: () => now });
    const tokenOfLastMail = () => decodeURIComponent(/token=(\S+)/.exec(admin.outbox.at(-1)!.body)![1]!);
    const first = await admin.resetPassword('c-victor', { mode: 'link' });
    assert.equal(first.expiresAt, '2026-12-08T21:00:00.000Z');
    const expired = tokenOfLastMail();
    now = new Date('2026-12-08T21:00:01Z');
    await rejectsWith(admin.confirmPasswordReset(expired, 'a fresh long passphrase 42'), 'validation');
    await admin.resetPassword('c-victor', { mode: 'link' });
    now = new Date('2026-12-09T08:59:00Z');
    await admin.confirmPasswordReset(tokenOfLastMail(), 'a fresh long passphrase 42');
    const victor = await admin.getContact('c-victor');
    assert.equal(victor.login.passwordChangeRequired, false);
  });

  it('dates what it records by its clock', async () => {
    const now = new Date('2026-12-08T09:30:00Z');
    const admin = new MemoryContactsClient({ viewer: 'admin', now: () => now });
    await admin.resetPassword('c-victor', { mode: 'temporary' });
    assert.equal((await admin.getContact('c-victor')).login.passwordChangeRequiredAt, now.toISOString());
    assert.equal(admin.outbox.at(-1)!.createdAt, now.toISOString());
  });
});

describe('MemoryContactsClient: authority follows the target', () => {
  it('refuses a weaker viewer every action on a stronger contact, and still shows it', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    await rejectsWith(client.updateContact('c-alice', { email: 'attacker@evil.example' }), 'forbidden');
    await rejectsWith(client.resetPassword('c-alice', { mode: 'link' }), 'forbidden');
    await rejectsWith(client.lockLogin('c-alice'), 'forbidden');
    await rejectsWith(client.setLoginEnabled('c-alice', false), 'forbidden');
    await rejectsWith(client.deleteContact('c-alice'), 'forbidden');
    await rejectsWith(client.deleteContact('c-priya'), 'forbidden');
    const editor = client.withViewer('contact_editor');
    await rejectsWith(editor.deleteContact('c-carlos'), 'forbidden');
    await rejectsWith(editor.updateContact('c-alice', { jobTitle: 'x' }), 'forbidden');
    assert.equal((await client.getContact('c-alice')).login.state, 'enabled');
    assert.equal(client.outbox.length, 0);
  });

  it('keeps contacts in their company, even when a partner administrator reaches another', async () => {
    const client = new MemoryContactsClient({ viewer: 'partner_admin' });
    await assert.rejects(client.updateContact('c-victor', { accountId: 'initech' }), (error: unknown) => {
      assert.ok(error instanceof ContactsError);
      assert.equal(error.code, 'validation');
      assert.deepEqual(error.fieldErrors?.map((e) => [e.field, e.code]), [['accountId', 'other_company']]);
      return true;
    });
    assert.equal((await client.updateContact('c-victor', { accountId: 'acme-de' })).accountId, 'acme-de');
  });

  it('nobody removes their own admin role, and a company keeps an active administrator', async () => {
    const data = createSeedData({ count: 20 });
    const boss = { ...data.contacts.find((c) => c.id === 'c-alice')!, id: 'c-boss', userId: 'boss.one', roles: ['admin', 'partner_admin'] };
    const last = { ...data.contacts.find((c) => c.id === 'c-victor')!, id: 'c-initech-admin', userId: 'initech.admin', accountId: 'initech', roles: ['admin'] };
    data.contacts.push(boss, last);
    data.demoViewers.push({ role: 'partner_admin', label: 'Boss', contactId: 'c-boss', userId: 'boss.one', partnerAccountIds: ['initech'] });
    const client = new MemoryContactsClient({ data, viewer: 'c-boss' });
    await rejectsWith(client.setRoles('c-boss', ['partner_admin']), 'forbidden');
    await rejectsWith(client.setLoginEnabled(last.id, false), 'conflict');
    await rejectsWith(client.lockLogin(last.id), 'conflict');
    await rejectsWith(client.setRoles(last.id, ['customer_admin']), 'conflict');
    await rejectsWith(client.deleteContact(last.id), 'conflict');
    // Acme keeps Alice and the boss: Alice may go.
    assert.equal((await client.lockLogin('c-alice')).login.state, 'locked');
  });
});
