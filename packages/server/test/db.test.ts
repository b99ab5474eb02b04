import { createSeedData } from '@portico/core';
import { createPgliteDatabase, migrate, seedDatabase, createApp, SCHEMA_VERSION } from '@portico/server';
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('migrations are idempotent and the seed loads the shared dataset', async () => {
  const db = await createPgliteDatabase();
  try {
    assert.deepEqual(await migrate(db), { from: 0, to: SCHEMA_VERSION });
    assert.deepEqual(await migrate(db), { from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    const data = await seedDatabase(db);
    const { rows } = await db.query<{ contacts: number; users: number }>(
      'select (select count(*)::int from contacts) as contacts, (select count(*)::int from users) as users',
    );
    assert.equal(rows[0]!.contacts, data.contacts.length);
    const withLogin = data.contacts.filter((c) => c.login.state !== 'none').length;
    assert.equal(rows[0]!.users, withLogin + data.unassociatedUsers.length);
    // Hashes only, never a password in clear.
    const hashes = await db.query<{ password_hash: string }>('select password_hash from users limit 1');
    assert.match(hashes.rows[0]!.password_hash, /^scrypt\$/);
  } finally {
    await db.close();
  }
});

test('a transaction that throws leaves nothing behind', async () => {
  const db = await createPgliteDatabase();
  try {
    await migrate(db);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("insert into accounts (id, name, parent_id) values ('x', 'X', null)");
        throw new Error('stop');
      }),
    );
    const { rows } = await db.query<{ count: number }>('select count(*)::int as count from accounts');
    assert.equal(rows[0]!.count, 0);
    // The app answers without a session as a client would see it.
    const response = await createApp({ db }).request('/api/me');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
  } finally {
    await db.close();
  }
});

test('search takes LIKE wildcards literally and uses the trigram index', async () => {
  const { containsPattern, SEARCH_COLUMN } = await import('../src/search.js');
  assert.equal(containsPattern('50%_off\\'), '%50\\%\\_off\\\\%');
  const db = await createPgliteDatabase();
  try {
    await migrate(db);
    await seedDatabase(db);
    await db.query('set enable_seqscan = off');
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`explain select id from contacts where ${SEARCH_COLUMN} like $1`, ['%müller%']);
    // The tenant and trigram index (migration 4) also serves a search without a tenant condition.
    assert.match(rows.map((row) => row['QUERY PLAN']).join('\n'), /contacts_tenant_search_idx/);
    const matches = await db.query<{ id: string }>(`select id from contacts where ${SEARCH_COLUMN} like $1`, [containsPattern('%')]);
    assert.equal(matches.rows.length, 0, 'a search for "%" matches only a literal percent sign');
  } finally {
    await db.close();
  }
});

test('the contact counters follow every insert, move, status change and delete', async () => {
  const { insertContacts } = await import('../src/seed.js');
  const db = await createPgliteDatabase();
  try {
    await migrate(db);
    await seedDatabase(db);
    const counters = async () =>
      (await db.query<{ account_id: string; login_state: string; count: number }>('select account_id, login_state, count from contact_counts where count <> 0 order by 1, 2')).rows;
    const counted = async () =>
      (await db.query<{ account_id: string; login_state: string; count: number }>('select account_id, login_state, count(*)::int as count from contacts group by 1, 2 order by 1, 2')).rows;
    assert.deepEqual(await counters(), await counted());
    const [first, second] = (await db.query<{ id: string }>("select id from contacts where account_id = 'acme-eu' order by id limit 2")).rows;
    await db.query("update contacts set account_id = 'initech', login_state = 'locked', lock_reason = 'admin' where id = $1", [first!.id]);
    await db.query("update contacts set version = version + 1 where account_id = 'acme'");
    await db.query('delete from contacts where id = $1', [second!.id]);
    const { rows } = await db.query<{ id: string }>("select id from contacts where account_id = 'acme' limit 1");
    const copy = (await db.query<Record<string, unknown>>('select * from contacts where id = $1', [rows[0]!.id])).rows[0]!;
    await insertContacts(db, [
      {
        ...(await import('@portico/core')).createSeedData({ count: 1 }).contacts[0]!,
        id: 'c-counted',
        accountId: 'globex',
        email: `counted.${String(copy.email)}`,
        userId: null,
        login: { state: 'none', lockReason: null, lockedAt: null, failedSignIns: 0, passwordChangeRequired: false, lastSignInAt: null },
        roles: [],
      },
    ]);
    assert.deepEqual(await counters(), await counted());
  } finally {
    await db.close();
  }
});

test('migration 7 gives existing user accounts their company and takes the password of one its contact left behind', async () => {
  const db = await createPgliteDatabase();
  try {
    await migrate(db, { to: 6 });
    // Data as version 6 wrote it: no tenant on users, and a deleted contact's account kept its password.
    const data = createSeedData({ count: 40 });
    const free = data.unassociatedUsers;
    await seedDatabase(db, { ...data, unassociatedUsers: [] }, { vacuum: false });
    for (const user of free) {
      await db.query("insert into users (id, user_id, display_name, email, password_hash, contact_id, created_at) values ($1, $2, $3, $4, 'scrypt$x', null, now())", [
        user.id,
        user.userId,
        user.displayName,
        user.email,
      ]);
    }
    const globexContact = data.contacts.find((c) => c.accountId === 'globex-retail' && c.login.state === 'enabled')!;
    await db.query('update users set contact_id = null where contact_id = $1', [globexContact.id]);
    await db.query('delete from contacts where id = $1', [globexContact.id]);
    await db.query(
      "insert into audit_log (id, actor_contact_id, action, target_type, target_id, account_id, before, at) values ('a-1', 'c-greta', 'contact.delete', 'contact', $1, $2, $3::jsonb, now())",
      [globexContact.id, globexContact.accountId, JSON.stringify(globexContact)],
    );
    await db.query("insert into users (id, user_id, display_name, email, password_hash, contact_id, created_at) values ('u-orphan', 'no.trace', 'No Trace', 'no.trace@example.com', 'scrypt$x', null, now())");

    assert.deepEqual(await migrate(db), { from: 6, to: SCHEMA_VERSION });
    const { rows } = await db.query<{ id: string; tenant_id: string | null; has_password: boolean }>('select id, tenant_id, password_hash is not null as has_password from users');
    const users = new Map(rows.map((row) => [row.id, [row.tenant_id, row.has_password]]));
    assert.deepEqual(users.get('u-c-alice'), ['acme', true], 'an associated account: its contact’s company');
    assert.deepEqual(users.get('u-c-greta'), ['globex', true]);
    assert.deepEqual(users.get(`u-${globexContact.id}`), ['globex', false], 'left behind by a deletion: that company, no password');
    assert.deepEqual(users.get('u-free-1'), ['acme', true], 'the demo’s free accounts: the seed’s company');
    assert.deepEqual(users.get('u-free-3'), ['globex', true]);
    assert.deepEqual(users.get('u-orphan'), [null, false], 'no trace of a company: none, and no password');
    // From now on the trigger keeps it: a contact moved to another company takes its account along.
    await db.query("update contacts set account_id = 'initech' where id = 'c-victor'");
    assert.equal((await db.query<{ tenant_id: string }>("select tenant_id from users where id = 'u-c-victor'")).rows[0]!.tenant_id, 'initech');
  } finally {
    await db.close();
  }
});
