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
});
