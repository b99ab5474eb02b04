import { loginActionAllowedInState } from './login.js';
import type { Account, Contact, Viewer } from './schema.js';

/**
 * Who may do what. One pure module: the elements call it to offer only allowed actions,
 * the server calls the same functions to enforce them.
 */

export const ROLE_IDS = {
  admin: 'admin',
  customerAdmin: 'customer_admin',
  partnerAdmin: 'partner_admin',
  adminAccess: 'admin_access',
  billing: 'billing',
  reports: 'reports',
  createWorkOrder: 'create_work_order',
  editContacts: 'edit_contacts',
} as const;

export const ACTIONS = [
  'contact.list',
  'contact.view',
  'contact.create',
  'contact.update',
  'contact.delete',
  'contact.export',
  'contact.edit_user_id',
  'contact.change_account',
  'login.create',
  'login.enable',
  'login.disable',
  'login.lock',
  'login.unlock',
  'roles.assign',
  'password.reset_link',
  'password.reset_temporary',
  'password.set',
  'user.associate',
] as const;
export type Action = (typeof ACTIONS)[number];

type Grant = 'manage' | 'edit' | 'read';

/** What each role grants over contacts; the strongest grant a viewer holds wins. */
const ROLE_GRANTS: Record<string, Grant> = {
  [ROLE_IDS.admin]: 'manage',
  [ROLE_IDS.customerAdmin]: 'manage',
  [ROLE_IDS.partnerAdmin]: 'manage',
  [ROLE_IDS.adminAccess]: 'manage',
  [ROLE_IDS.editContacts]: 'edit',
};

const GRANT_ACTIONS: Record<Grant, readonly Action[]> = {
  read: ['contact.list', 'contact.view'],
  edit: ['contact.list', 'contact.view', 'contact.create', 'contact.update', 'contact.delete'],
  manage: [
    'contact.list',
    'contact.view',
    'contact.create',
    'contact.update',
    'contact.delete',
    'contact.export',
    'contact.edit_user_id',
    'contact.change_account',
    'login.create',
    'login.enable',
    'login.disable',
    'login.lock',
    'login.unlock',
    'roles.assign',
    'password.reset_link',
  ],
};

/** Actions the sources reserve for the `admin` role alone (seed 000, 001, 003). */
const ADMIN_ONLY: readonly Action[] = ['password.reset_temporary', 'password.set', 'user.associate'];

/** Actions nobody may take on their own contact: no deleting, disabling or locking yourself out. */
const NOT_ON_SELF: readonly Action[] = ['contact.delete', 'login.disable', 'login.lock'];

export const hasRole = (viewer: Pick<Viewer, 'roles'>, role: string): boolean => viewer.roles.includes(role);

export const isAdministrator = (viewer: Pick<Viewer, 'roles'>): boolean =>
  viewer.roles.some((role) => ROLE_GRANTS[role] === 'manage');

const grantOf = (viewer: Pick<Viewer, 'roles'>): Grant => {
  let grant: Grant = 'read';
  for (const role of viewer.roles) {
    const roleGrant = ROLE_GRANTS[role];
    if (roleGrant === 'manage') return 'manage';
    if (roleGrant === 'edit') grant = 'edit';
  }
  return grant;
};

/** The ids of `rootId` and every account below it. */
export const accountSubtree = (accounts: readonly Account[], rootId: string): string[] => {
  const children = new Map<string, string[]>();
  for (const account of accounts) {
    if (account.parentId === null) continue;
    const siblings = children.get(account.parentId) ?? [];
    siblings.push(account.id);
    children.set(account.parentId, siblings);
  }
  const result: string[] = [];
  const pending = [rootId];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    result.push(id);
    pending.push(...(children.get(id) ?? []));
  }
  return result;
};

/** The root of the tree an account belongs to: the tenant. */
export const tenantOf = (accounts: readonly Account[], accountId: string): string => {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  let current = byId.get(accountId);
  const seen = new Set<string>();
  while (current?.parentId && !seen.has(current.id)) {
    seen.add(current.id);
    const parent = byId.get(current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current?.id ?? accountId;
};

/**
 * The accounts a viewer reaches:
 * - an `admin` reaches their whole company (the tenant tree);
 * - a customer administrator or contact editor their own account and its child organisations;
 * - a partner administrator also the accounts they partner for, with their children;
 * - a contact without administrative roles only their own account.
 */
export const computeScope = (
  viewer: Pick<Viewer, 'roles' | 'accountId' | 'partnerAccountIds'>,
  accounts: readonly Account[],
): string[] => {
  const grant = grantOf(viewer);
  if (grant === 'read') return [viewer.accountId];
  const root = hasRole(viewer, ROLE_IDS.admin) ? tenantOf(accounts, viewer.accountId) : viewer.accountId;
  const scope = new Set(accountSubtree(accounts, root));
  if (hasRole(viewer, ROLE_IDS.partnerAdmin)) {
    for (const partnerAccount of viewer.partnerAccountIds) {
      for (const id of accountSubtree(accounts, partnerAccount)) scope.add(id);
    }
  }
  return [...scope];
};

export interface Target {
  id: string;
  accountId: string;
  /** The roles the contact holds: acting on it needs a viewer who could assign each of them ({@link coversRoles}). */
  roles: readonly string[];
}

/** Actions that only look: they need the scope, not authority over the contact. */
const LOOK_ONLY: readonly Action[] = ['contact.list', 'contact.view', 'contact.export'];

/**
 * How strong a role is: its grant, with `partner_admin` and `admin` above the other managing
 * roles (a partner administrator reaches further, an administrator holds the company).
 */
const roleRank = (role: string): number => {
  if (role === ROLE_IDS.admin) return 4;
  if (role === ROLE_IDS.partnerAdmin) return 3;
  const grant = ROLE_GRANTS[role];
  return grant === 'manage' ? 2 : grant === 'edit' ? 1 : 0;
};

const rankOf = (viewer: Pick<Viewer, 'roles'>): number => Math.max(0, ...viewer.roles.map(roleRank));

/**
 * Roles at or below the viewer's own strength: nobody grants a role stronger than their own.
 * Handing them out also needs `roles.assign`; this says which ones the viewer could.
 */
export const assignableRoles = (viewer: Pick<Viewer, 'roles'>, roleIds: readonly string[]): string[] => {
  const rank = rankOf(viewer);
  return roleIds.filter((role) => roleRank(role) <= rank);
};

/**
 * Whether the viewer could assign every role in `roles`: the target's strength is part of every
 * permission, so nobody edits, resets, locks or deletes an account stronger than their own.
 */
export const coversRoles = (viewer: Pick<Viewer, 'roles'>, roles: readonly string[]): boolean => {
  const rank = rankOf(viewer);
  return roles.every((role) => roleRank(role) <= rank);
};

/**
 * Whether the viewer may take `action`, on `target` when the action concerns one contact
 * (for `contact.create` the target is the contact-to-be, with no roles). Every action but
 * looking needs authority over the target's roles ({@link coversRoles}). Ignores the login
 * state: see {@link loginActionAllowedInState}.
 */
export const can = (viewer: Viewer, action: Action, target?: Target): boolean => {
  const allowed = ADMIN_ONLY.includes(action)
    ? hasRole(viewer, ROLE_IDS.admin)
    : GRANT_ACTIONS[grantOf(viewer)].includes(action);
  if (!allowed) return false;
  if (!target) return true;
  if (!viewer.scope.includes(target.accountId)) return false;
  if (NOT_ON_SELF.includes(action) && target.id === viewer.contactId) return false;
  if (!LOOK_ONLY.includes(action) && !coversRoles(viewer, target.roles)) return false;
  return true;
};

/** Whether the viewer reaches the target at all; outside this, a record must look as if it did not exist. */
export const inScope = (viewer: Viewer, target: Pick<Target, 'accountId'>): boolean =>
  viewer.scope.includes(target.accountId);

/**
 * Whether the viewer reaches `contact` for `action`: `not_found` for a missing one and for one
 * outside the viewer's scope (the same answer, so a record outside looks as if it did not exist),
 * `forbidden` when the viewer may not take the action on it, else `reachable`. The server and the
 * memory client answer 404, 403 or go on from it; login states are asked separately
 * ({@link loginStateConflict}).
 */
export const reach = (viewer: Viewer, contact: Target | undefined, action: Action): 'reachable' | 'not_found' | 'forbidden' => {
  if (!contact || !inScope(viewer, contact)) return 'not_found';
  return can(viewer, action, contact) ? 'reachable' : 'forbidden';
};

/**
 * Whether a role change is allowed: every role added or removed must be one the viewer may
 * assign, so a customer administrator can neither grant nor strip `admin`; and nobody removes
 * their own `admin` role (then nobody might be left to give it back).
 */
export const canChangeRoles = (viewer: Pick<Viewer, 'roles' | 'contactId'>, target: Pick<Target, 'id' | 'roles'>, after: readonly string[]): boolean => {
  const before = target.roles;
  const changed = [...before.filter((r) => !after.includes(r)), ...after.filter((r) => !before.includes(r))];
  if (removesOwnAdministrator(viewer, target, after)) return false;
  return coversRoles(viewer, changed);
};

/** Whether the change takes the viewer's own `admin` role away. */
export const removesOwnAdministrator = (viewer: Pick<Viewer, 'contactId'>, target: Pick<Target, 'id' | 'roles'>, after: readonly string[]): boolean =>
  target.id === viewer.contactId && target.roles.includes(ROLE_IDS.admin) && !after.includes(ROLE_IDS.admin);

/**
 * The roles the viewer may add to or remove from this contact: the assignable ones, minus their
 * own `admin` role. The role picker offers exactly these.
 */
export const changeableRoles = (viewer: Pick<Viewer, 'roles' | 'contactId'>, target: Pick<Target, 'id'> | undefined, roleIds: readonly string[]): string[] =>
  assignableRoles(viewer, roleIds).filter((role) => !(role === ROLE_IDS.admin && target?.id === viewer.contactId));

/**
 * Whether the viewer may move `contact` to the account `toAccountId`. Companies are closed: the
 * new account must be in the viewer's scope and in the contact's own company (tenant), so a
 * partner administrator reaches a partner's accounts but never carries anyone across companies.
 */
export const canMoveContact = (viewer: Viewer, contact: Target, toAccountId: string, accounts: readonly Account[]): boolean =>
  can(viewer, 'contact.change_account', contact) &&
  viewer.scope.includes(toAccountId) &&
  accounts.some((account) => account.id === toAccountId) &&
  tenantOf(accounts, toAccountId) === tenantOf(accounts, contact.accountId);

/**
 * A company's administrator for the rule that every company keeps one: the role `admin` and an
 * enabled login (not disabled, not locked, not missing).
 */
export const isActiveAdministrator = (contact: Pick<Contact, 'roles' | 'login'>): boolean =>
  contact.roles.includes(ROLE_IDS.admin) && contact.login.state === 'enabled';

/**
 * Whether a change takes one active administrator away from the contact's company: `after` is
 * the contact as the change leaves it, `null` when it is deleted. The caller then refuses the
 * change (409, {@link LAST_ADMINISTRATOR_MESSAGE}) unless another active administrator remains.
 */
export const losesAdministrator = (
  before: Pick<Contact, 'roles' | 'login'>,
  after: Pick<Contact, 'roles' | 'login'> | null,
): boolean => isActiveAdministrator(before) && (after === null || !isActiveAdministrator(after));

export const LAST_ADMINISTRATOR_MESSAGE =
  'This is the last administrator of the company with an active login: give someone else the Administrator role first, so the company keeps one.';

export const OWN_ADMINISTRATOR_MESSAGE = 'You cannot remove your own Administrator role: another administrator has to do it.';

/**
 * The actions the viewer may take on one contact now: permission, scope, the contact's roles,
 * self rules and the login state together. The elements offer exactly these (minus what the adapter cannot do).
 */
export const contactActions = (viewer: Viewer, contact: Pick<Contact, 'id' | 'accountId' | 'login' | 'userId' | 'roles'>): Action[] =>
  ACTIONS.filter((action) => {
    if (action === 'contact.list' || action === 'contact.create' || action === 'contact.export') return false;
    if (!can(viewer, action, contact)) return false;
    if (action === 'login.create' && !contact.userId) return false;
    return loginActionAllowedInState(action, contact.login.state);
  });
