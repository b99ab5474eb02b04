/**
 * The rules of core (permissions.ts, login.ts, user-id.ts) applied to what the database holds:
 * which contact a viewer reaches, which login transition its state allows, that a company keeps
 * an administrator, and which user ID a new login gets.
 */
import {
  accountSubtree,
  chooseUserId,
  inScope,
  LAST_ADMINISTRATOR_MESSAGE,
  loginStateConflict,
  losesAdministrator,
  reach,
  ROLE_IDS,
  sameName,
  suggestUserId,
  tenantOf,
  userIdCandidates,
  type Action,
  type Contact,
  type UserIdSuggestion,
  type Viewer,
} from '@portico/core';
import type { Queryable } from './db.js';
import { conflict, forbidden, type HttpProblem, notFound } from './problems.js';
import { findContact, heldUserIds, listAccounts } from './store.js';

/** The contact if the viewer reaches it (else 404, the same as a missing id) and may take `action` (else 403). */
export const reachable = async (q: Queryable, viewer: Viewer, id: string, action: Action, lock = false): Promise<Contact> => {
  const contact = await findContact(q, id, { lock });
  const reached = reach(viewer, contact, action);
  if (reached === 'not_found') throw notFound();
  if (reached === 'forbidden') throw forbidden();
  return contact!;
};

/** As {@link reachable}, locked, and 409 when the login's state does not allow the action. */
export const loginTarget = async (q: Queryable, viewer: Viewer, id: string, action: Action): Promise<Contact> => {
  const contact = await reachable(q, viewer, id, action, true);
  const refused = loginStateConflict(action, contact.login.state);
  if (refused) throw conflict(refused);
  return contact;
};

/**
 * A company always keeps an active administrator (`isActiveAdministrator`): a change that takes
 * one away (`after` is the contact as the change leaves it, `null` when deleted) is refused with
 * a 409 unless another one remains in the contact's company.
 */
export const keepAdministrator = async (q: Queryable, before: Contact, after: Pick<Contact, 'roles' | 'login'> | null): Promise<void> => {
  if (!losesAdministrator(before, after)) return;
  const accounts = await listAccounts(q);
  const tenant = tenantOf(accounts, before.accountId);
  // One such change per company at a time, so two administrators cannot disable each other at once.
  await q.query('select id from accounts where id = $1 for no key update', [tenant]);
  const { rows } = await q.query<{ others: number }>(
    `select count(*)::int as others from contacts c
     where c.account_id = any($1::text[]) and c.id <> $2 and c.login_state = 'enabled'
       and exists (select 1 from contact_roles r where r.contact_id = c.id and r.role_id = $3)`,
    [accountSubtree(accounts, tenant), before.id, ROLE_IDS.admin],
  );
  if ((rows[0]?.others ?? 0) === 0) throw conflict(LAST_ADMINISTRATOR_MESSAGE);
};

/** 409 for a user ID someone holds, naming the holder only when the viewer reaches them. */
export const userIdTaken = (holder: { contactId: string | null; accountId: string | null }, viewer: Viewer): HttpProblem => {
  const visible = holder.contactId && holder.accountId && inScope(viewer, { accountId: holder.accountId }) ? holder.contactId : undefined;
  return conflict('This user ID is already taken.', {
    errors: [{ field: 'userId', message: 'This user ID is already taken. Choose another one.', code: 'taken' }],
    ...(visible ? { conflictingId: visible } : {}),
  });
};

/** Seed 000: `firstname.lastname`, but none when someone in the company has the same name. */
export const suggestionFor = async (q: Queryable, viewer: Viewer, firstName: string, lastName: string, exceptContactId?: string): Promise<UserIdSuggestion> => {
  const suggestion = suggestUserId(firstName, lastName);
  const candidates = suggestion ? userIdCandidates(suggestion) : [];
  // Held IDs are read before the namesake check: a namesake created at the same moment either
  // committed before that check, which then sees it, or holds no ID yet that this reading saw, so
  // the create that follows meets its ID in the unique index and runs again (POST /api/contacts).
  // Read the other way round, a namesake committed in between would pass for another company's
  // holder and the second Dana Scully would get dana.scully2 instead of no ID (seed 000).
  const held = candidates.length > 0 ? await heldUserIds(q, candidates, exceptContactId) : new Set<string>();
  const tenant = accountSubtree(await listAccounts(q), viewer.tenantId);
  const { rows } = await q.query<{ first_name: string; last_name: string }>(
    `select first_name, last_name from contacts
     where account_id = any($1::text[]) and lower(trim(first_name)) = lower(trim($2)) and lower(trim(last_name)) = lower(trim($3)) and id is distinct from $4`,
    [tenant, firstName, lastName, exceptContactId ?? null],
  );
  const hasNamesake = rows.some((row) => sameName({ firstName: row.first_name, lastName: row.last_name }, { firstName, lastName }));
  // Held IDs are skipped for the next numbered one, whoever holds them (docs/security.md, "User accounts").
  return chooseUserId(firstName, lastName, { hasNamesake, isHeld: (candidate) => held.has(candidate.toLowerCase()) });
};
