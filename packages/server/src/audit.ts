/** The audit log: every change writes one entry in its own transaction; administrators read their accounts' entries. */
import { newId } from './crypto.js';
import type { Queryable } from './db.js';
import { iso } from './store.js';

export interface AuditEntry {
  actorContactId: string | null;
  action: string;
  targetType: 'contact' | 'session' | 'user' | 'password_reset';
  targetId: string | null;
  accountId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Every change writes one of these, in the same transaction as the change. */
export const writeAudit = async (db: Queryable, entry: AuditEntry, at: Date): Promise<void> => {
  await db.query(
    'insert into audit_log (id, actor_contact_id, action, target_type, target_id, account_id, before, after, at) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)',
    [
      newId('a'),
      entry.actorContactId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.accountId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      at.toISOString(),
    ],
  );
};

/** The newest 500 entries of the given accounts, newest first. */
export const readAudit = async (db: Queryable, accountIds: readonly string[]) => {
  const { rows } = await db.query<{
    id: string;
    actor_contact_id: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    account_id: string | null;
    before: unknown;
    after: unknown;
    at: Date | string;
  }>('select * from audit_log where account_id = any($1::text[]) order by at desc, id desc limit 500', [accountIds]);
  return rows.map((row) => ({
    id: row.id,
    actorContactId: row.actor_contact_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    accountId: row.account_id,
    before: row.before,
    after: row.after,
    at: iso(row.at),
  }));
};
