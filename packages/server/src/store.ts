import {
  computeScope,
  displayName,
  tenantOf,
  type Account,
  type Contact,
  type OutboxMessage,
  type Role,
  type Viewer,
} from '@portico/core';
import type { Queryable } from './db.js';
import { newId } from './crypto.js';
import { renderMail, type MailTemplate } from './mail/templates.js';
import { TEXT_COLLATION } from './migrations.js';

/** Data access shared by the routes: row mapping, loading, audit and outbox writes. */

export interface ContactRow {
  id: string;
  account_id: string;
  honorific: string | null;
  first_name: string;
  last_name: string;
  job_title: string | null;
  email: string;
  business_phone: string | null;
  mobile_phone: string | null;
  language: string | null;
  time_zone: string | null;
  notifications: boolean;
  user_id: string | null;
  login_state: string;
  lock_reason: string | null;
  locked_at: Date | string | null;
  failed_sign_ins: number;
  password_change_required: boolean;
  password_change_required_at: Date | string | null;
  last_sign_in_at: Date | string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  roles: string[] | null;
}

// PGlite and pg both return timestamptz as Date; strings are accepted in case a driver differs.
export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

export const CONTACT_SELECT = `
  select c.*, coalesce((select array_agg(r.role_id order by r.position) from contact_roles r where r.contact_id = c.id), '{}') as roles
  from contacts c`;

export const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  accountId: row.account_id,
  honorific: row.honorific as Contact['honorific'],
  firstName: row.first_name,
  lastName: row.last_name,
  jobTitle: row.job_title,
  email: row.email,
  businessPhone: row.business_phone,
  mobilePhone: row.mobile_phone,
  language: row.language,
  timeZone: row.time_zone,
  notifications: row.notifications,
  userId: row.user_id,
  roles: row.roles ?? [],
  login: {
    state: row.login_state as Contact['login']['state'],
    lockReason: row.lock_reason as Contact['login']['lockReason'],
    lockedAt: isoOrNull(row.locked_at),
    failedSignIns: row.failed_sign_ins,
    passwordChangeRequired: row.password_change_required,
    passwordChangeRequiredAt: isoOrNull(row.password_change_required_at),
    lastSignInAt: isoOrNull(row.last_sign_in_at),
  },
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  version: row.version,
});

export const findContact = async (db: Queryable, id: string, { lock = false } = {}): Promise<Contact | undefined> => {
  // `for update` keeps two concurrent changes of one contact from interleaving on PostgreSQL.
  const { rows } = await db.query<ContactRow>(`${CONTACT_SELECT} where c.id = $1${lock ? ' for update of c' : ''}`, [id]);
  return rows[0] ? toContact(rows[0]) : undefined;
};

/** Column names of the editable Contact fields. */
export const COLUMNS: Record<string, string> = {
  honorific: 'honorific',
  firstName: 'first_name',
  lastName: 'last_name',
  jobTitle: 'job_title',
  email: 'email',
  businessPhone: 'business_phone',
  mobilePhone: 'mobile_phone',
  language: 'language',
  timeZone: 'time_zone',
  accountId: 'account_id',
  notifications: 'notifications',
  userId: 'user_id',
  loginState: 'login_state',
  lockReason: 'lock_reason',
  lockedAt: 'locked_at',
  failedSignIns: 'failed_sign_ins',
  passwordChangeRequired: 'password_change_required',
  passwordChangeRequiredAt: 'password_change_required_at',
  lastSignInAt: 'last_sign_in_at',
};

/**
 * Sets columns, bumps the version and `updated_at`, and returns the contact as it now is. Setting
 * `passwordChangeRequired` also records since when (`now`), or clears that once it is `false`.
 */
export const updateContact = async (db: Queryable, id: string, requested: Record<string, unknown>, now: Date): Promise<Contact> => {
  const changes =
    typeof requested['passwordChangeRequired'] === 'boolean' && requested['passwordChangeRequiredAt'] === undefined
      ? { ...requested, passwordChangeRequiredAt: requested['passwordChangeRequired'] ? now.toISOString() : null }
      : requested;
  const assignments: string[] = [];
  const params: unknown[] = [id, now.toISOString()];
  for (const [field, value] of Object.entries(changes)) {
    const column = COLUMNS[field];
    if (!column || value === undefined) continue;
    params.push(value);
    assignments.push(`${column} = $${params.length}`);
  }
  await db.query(`update contacts set ${[...assignments, 'version = version + 1', 'updated_at = $2'].join(', ')} where id = $1`, params);
  const contact = await findContact(db, id);
  if (!contact) throw new Error(`Contact ${id} vanished during an update.`);
  return contact;
};

export const listAccounts = async (db: Queryable): Promise<Account[]> => {
  const { rows } = await db.query<{ id: string; name: string; parent_id: string | null }>(`select id, name, parent_id from accounts order by name collate ${TEXT_COLLATION}, id`);
  return rows.map((row) => ({ id: row.id, name: row.name, parentId: row.parent_id }));
};

export const listRoles = async (db: Queryable): Promise<Role[]> => {
  const { rows } = await db.query<Role>('select id, name, description, kind from roles order by position, id');
  return rows.map((row) => ({ id: row.id, name: row.name, description: row.description, kind: row.kind }));
};

/** The viewer of a contact that may sign in (login enabled, user ID set), else undefined. */
export const viewerOf = async (db: Queryable, contactId: string): Promise<Viewer | undefined> => {
  const contact = await findContact(db, contactId);
  if (!contact || contact.login.state !== 'enabled' || !contact.userId) return undefined;
  const accounts = await listAccounts(db);
  const { rows } = await db.query<{ account_id: string }>('select account_id from partner_links where contact_id = $1 order by account_id', [contactId]);
  const partnerAccountIds = rows.map((row) => row.account_id);
  const base = { roles: contact.roles, accountId: contact.accountId, partnerAccountIds };
  return {
    contactId: contact.id,
    accountId: contact.accountId,
    tenantId: tenantOf(accounts, contact.accountId),
    displayName: displayName(contact),
    userId: contact.userId,
    roles: contact.roles,
    partnerAccountIds,
    scope: computeScope(base, accounts),
    ...(contact.login.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
  };
};

/**
 * Writes a mail to the outbox in the caller's transaction. The outbox keeps it in English for the
 * demo's outbox view; with `deliver`, the mail relay (mail/relay.ts) sends it after the commit,
 * rendered in the recipient's `language`.
 */
export const sendMail = async (
  db: Queryable,
  mail: { to: string; template: MailTemplate; language: string | null; contactId: string | null; accountId: string | null; deliver: boolean; portalUrl?: string | undefined },
  at: Date,
): Promise<void> => {
  const { subject, text } = renderMail(mail.template, { language: 'en', portalUrl: mail.portalUrl });
  await db.query(
    'insert into outbox (id, contact_id, account_id, recipient, subject, body, created_at, template, language, deliver) values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)',
    [newId('m'), mail.contactId, mail.accountId, mail.to, subject, text, at.toISOString(), JSON.stringify(mail.template), mail.language, mail.deliver],
  );
};

export const readOutbox = async (db: Queryable, accountIds?: readonly string[]): Promise<OutboxMessage[]> => {
  const { rows } = accountIds
    ? await db.query<OutboxRow>('select * from outbox where account_id = any($1::text[]) order by created_at, id', [accountIds])
    : await db.query<OutboxRow>('select * from outbox order by created_at, id');
  return rows.map((row) => ({ id: row.id, to: row.recipient, subject: row.subject, body: row.body, createdAt: iso(row.created_at) }));
};

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date | string;
}

/**
 * Who holds a user ID, compared case-insensitively: another contact, or a user account not
 * associated with `exceptContactId` (a free one too: `is distinct from` a missing
 * `exceptContactId` would have left out every account without a contact). Undefined when it is free.
 */
export const holderOfUserId = async (
  db: Queryable,
  userId: string,
  exceptContactId?: string,
): Promise<{ contactId: string | null; accountId: string | null } | undefined> => {
  const { rows } = await db.query<{ contact_id: string | null; account_id: string | null }>(
    `select c.id as contact_id, c.account_id from contacts c where lower(c.user_id) = lower($1) and c.id is distinct from $2
     union all
     select u.contact_id, c.account_id from users u left join contacts c on c.id = u.contact_id
       where lower(u.user_id) = lower($1) and coalesce(u.contact_id <> $2, true)
     limit 1`,
    [userId, exceptContactId ?? null],
  );
  const row = rows[0];
  return row ? { contactId: row.contact_id, accountId: row.account_id } : undefined;
};

/**
 * The user IDs among `candidates` that someone holds (lower-cased), in any company, as
 * holderOfUserId counts them; the suggestion takes the first one not in it.
 */
export const heldUserIds = async (db: Queryable, candidates: readonly string[], exceptContactId?: string): Promise<Set<string>> => {
  const { rows } = await db.query<{ user_id: string }>(
    `select lower(user_id) as user_id from contacts where lower(user_id) = any($1::text[]) and id is distinct from $2
     union
     select lower(user_id) from users where lower(user_id) = any($1::text[]) and coalesce(contact_id <> $2, true)`,
    [candidates.map((candidate) => candidate.toLowerCase()), exceptContactId ?? null],
  );
  return new Set(rows.map((row) => row.user_id));
};

/**
 * The one spelling of a typed user ID that sign-in looks up and rate-limits: trimmed, NFKC, lower
 * case. Stored user IDs are ASCII (core's USER_ID_PATTERN), whose lower() in SQL is this same
 * string, so the lookup compares `lower(user_id)` with the key itself. A typed ID that only
 * PostgreSQL's lower() would fold to a user's ("vİctor.chen": JavaScript lower-cases İ to i plus
 * a combining dot) matches nobody, instead of signing in as that user under another limit key.
 */
export const signInKey = (typed: string): string => typed.trim().normalize('NFKC').toLowerCase();

/** Ends every session of a contact: disabling, locking, deleting and password changes do. */
export const endSessions = async (db: Queryable, contactId: string): Promise<void> => {
  await db.query('delete from sessions where contact_id = $1', [contactId]);
};

/**
 * Marks a contact's outstanding password reset links used, so none works any more: a new link, a
 * password an administrator set, and a change of the e-mail address the links went to do.
 * Returns how many were outstanding.
 */
export const cancelResetLinks = async (db: Queryable, contactId: string, at: Date): Promise<number> => {
  const { rows } = await db.query('update password_reset_tokens set used_at = $2 where contact_id = $1 and used_at is null returning contact_id', [
    contactId,
    at.toISOString(),
  ]);
  return rows.length;
};
