import { createSeedData, DEMO_PASSWORD, displayName, type Contact, type SeedData } from '@portico/core';
import type { Database, Queryable } from './db.js';
import { hashPassword } from './crypto.js';

/** A contact as a `contacts` row (snake_case, for `jsonb_populate_recordset`). */
export const contactRow = (contact: Contact) => ({
  id: contact.id,
  account_id: contact.accountId,
  honorific: contact.honorific,
  first_name: contact.firstName,
  last_name: contact.lastName,
  job_title: contact.jobTitle,
  email: contact.email,
  business_phone: contact.businessPhone,
  mobile_phone: contact.mobilePhone,
  language: contact.language,
  time_zone: contact.timeZone,
  notifications: contact.notifications,
  user_id: contact.userId,
  login_state: contact.login.state,
  lock_reason: contact.login.lockReason,
  locked_at: contact.login.lockedAt,
  failed_sign_ins: contact.login.failedSignIns,
  password_change_required: contact.login.passwordChangeRequired,
  // Only when recorded (migration 9): the seed has none, so it also loads into an older schema (db.test.ts).
  ...(contact.login.passwordChangeRequiredAt ? { password_change_required_at: contact.login.passwordChangeRequiredAt } : {}),
  last_sign_in_at: contact.login.lastSignInAt,
  version: contact.version,
  created_at: contact.createdAt,
  updated_at: contact.updatedAt,
});

// Hashing ~150 passwords with scrypt takes seconds: the seed hashes the demo password once and
// shares that hash (same salt) across seed users. Acceptable for demo data only.
let demoHash: Promise<string> | undefined;
export const demoPasswordHash = (): Promise<string> => (demoHash ??= hashPassword(DEMO_PASSWORD));

/** Inserts many rows into `table` in one statement, the same on PGlite and PostgreSQL. */
export const insertRows = async (db: Queryable, table: string, rows: readonly object[]): Promise<void> => {
  if (rows.length === 0) return;
  // The rows' own columns only (of any row): a generated column (contacts.search_text) refuses any value.
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].join(', ');
  await db.query(`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(rows)]);
};

/**
 * Inserts contacts with their roles, and a user account with the demo password for every
 * contact whose login exists. Used by the seed and by tests that need fresh targets.
 */
export const insertContacts = async (db: Queryable, contacts: readonly Contact[], now: Date = new Date()): Promise<void> => {
  const hash = await demoPasswordHash();
  await insertRows(db, 'contacts', contacts.map(contactRow));
  await insertRows(
    db,
    'contact_roles',
    contacts.flatMap((contact) => contact.roles.map((roleId, position) => ({ contact_id: contact.id, role_id: roleId, position }))),
  );
  await insertRows(
    db,
    'users',
    contacts
      .filter((contact) => contact.userId && contact.login.state !== 'none')
      .map((contact) => ({
        id: `u-${contact.id}`,
        user_id: contact.userId,
        display_name: displayName(contact),
        email: contact.email,
        password_hash: hash,
        contact_id: contact.id,
        created_at: now.toISOString(),
      })),
  );
};

/** Loads the shared demo dataset into an empty, migrated database. */
export const seedDatabase = async (db: Database, data: SeedData = createSeedData(), { vacuum = true }: { vacuum?: boolean } = {}): Promise<SeedData> => {
  const hash = await demoPasswordHash();
  const now = new Date();
  await db.transaction(async (tx) => {
    // Parents before children, so the parent_id foreign key holds row by row.
    const ordered = [...data.accounts].sort((a, b) => depth(data, a.id) - depth(data, b.id));
    for (const account of ordered) {
      await tx.query('insert into accounts (id, name, parent_id) values ($1, $2, $3)', [account.id, account.name, account.parentId]);
    }
    await insertRows(
      tx,
      'roles',
      data.roles.map((role, position) => ({ id: role.id, name: role.name, description: role.description, kind: role.kind, position })),
    );
    await insertContacts(tx, data.contacts, now);
    await insertRows(
      tx,
      'partner_links',
      data.demoViewers.flatMap((viewer) => viewer.partnerAccountIds.map((accountId) => ({ contact_id: viewer.contactId, account_id: accountId }))),
    );
    await insertRows(
      tx,
      'users',
      data.unassociatedUsers.map((user) => ({
        id: user.id,
        user_id: user.userId,
        display_name: user.displayName,
        email: user.email,
        password_hash: hash,
        contact_id: null,
        tenant_id: user.tenantId,
        created_at: now.toISOString(),
      })),
    );
  });
  // Fresh statistics and visibility information, so the planner uses the indexes at once
  // (counts by index-only scans) instead of waiting for autovacuum. Test resets skip it: tiny tables.
  if (vacuum) await db.query('vacuum analyze');
  return data;
};

const depth = (data: SeedData, accountId: string): number => {
  let count = 0;
  let current = data.accounts.find((account) => account.id === accountId);
  while (current?.parentId && count < data.accounts.length) {
    count += 1;
    const parentId: string = current.parentId;
    current = data.accounts.find((account) => account.id === parentId);
  }
  return count;
};

/** Whether the database holds no accounts yet, so a first start seeds it. */
export const isEmpty = async (db: Queryable): Promise<boolean> => {
  const { rows } = await db.query<{ count: number }>('select count(*)::int as count from accounts');
  return (rows[0]?.count ?? 0) === 0;
};
