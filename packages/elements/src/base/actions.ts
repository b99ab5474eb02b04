import { can, contactActions, type Action, type Capabilities, type Contact, type Viewer } from '@portico/core';

/** The adapter capability an action needs; actions not listed need none. */
const CAPABILITY: Partial<Record<Action, Exclude<keyof Capabilities, 'search'>>> = {
  'contact.update': 'update',
  'contact.delete': 'delete',
  'contact.edit_user_id': 'update',
  'contact.change_account': 'accounts',
  'login.create': 'createLogin',
  'login.enable': 'enableDisableLogin',
  'login.disable': 'enableDisableLogin',
  'login.lock': 'lockUnlock',
  'login.unlock': 'lockUnlock',
  'roles.assign': 'roles',
  'password.reset_link': 'resetPasswordLink',
  'password.reset_temporary': 'resetPasswordTemporary',
  'password.set': 'setPassword',
  'user.associate': 'associateUser',
};

export const supports = (capabilities: Capabilities, action: Action): boolean => {
  const capability = CAPABILITY[action];
  return capability === undefined || capabilities[capability];
};

/** `contactActions` (permission, scope, self rules, login state) minus what the adapter cannot do. */
export const allowedActions = (viewer: Viewer, contact: Contact, capabilities: Capabilities): Action[] =>
  contactActions(viewer, contact).filter((action) => supports(capabilities, action));

const PASSWORD_ACTIONS: Action[] = ['password.reset_link', 'password.reset_temporary', 'password.set'];

/** What a menu offers: one "Reset password" item for the first password procedure available. */
export const MENU_ORDER: Action[] = [
  'contact.view',
  'contact.update',
  'login.create',
  'login.enable',
  'login.disable',
  'login.lock',
  'login.unlock',
  'password.reset_link',
  'password.reset_temporary',
  'password.set',
  'roles.assign',
  'user.associate',
  'contact.delete',
];

export const menuActions = (allowed: readonly Action[]): Action[] => {
  const firstPassword = PASSWORD_ACTIONS.find((action) => allowed.includes(action));
  return MENU_ORDER.filter(
    (action) => allowed.includes(action) && (!PASSWORD_ACTIONS.includes(action) || action === firstPassword),
  );
};

/** Login actions an element performs itself unless the host prevents the `contact-action` event. */
export const DIRECT_LOGIN_ACTIONS: Action[] = ['login.enable', 'login.disable', 'login.lock', 'login.unlock'];

/** Why a bulk action leaves a contact out. */
export type SkipReason =
  | 'yourself'
  | 'notAllowed'
  | 'unsupported'
  | 'noLogin'
  | 'alreadyEnabled'
  | 'alreadyDisabled'
  | 'alreadyLocked'
  | 'notLocked'
  | 'loginLocked'
  | 'loginDisabled';

/** The login states in which a login action has nothing to do, and the reason it says then. */
const STATE_REASONS: Partial<Record<Action, Partial<Record<Contact['login']['state'], SkipReason>>>> = {
  'login.enable': { enabled: 'alreadyEnabled', locked: 'loginLocked' },
  'login.disable': { disabled: 'alreadyDisabled' },
  'login.lock': { locked: 'alreadyLocked', disabled: 'loginDisabled' },
  'login.unlock': { enabled: 'notLocked', disabled: 'notLocked' },
};

/**
 * Why `action` is not taken on `contact`, or null when it is allowed: the same rules as
 * `allowedActions` (core's permissions and login transitions), told apart for the bulk report.
 */
export const skipReason = (viewer: Viewer, contact: Contact, action: Action, capabilities: Capabilities): SkipReason | null => {
  if (allowedActions(viewer, contact, capabilities).includes(action)) return null;
  if (!supports(capabilities, action)) return 'unsupported';
  if (!can(viewer, action, contact)) {
    // Allowed on anyone else like them: the rule that nobody does this to their own contact.
    const self = contact.id === viewer.contactId && can(viewer, action, { ...contact, id: `${contact.id} (another)` });
    return self ? 'yourself' : 'notAllowed';
  }
  if (action.startsWith('login.') && contact.login.state === 'none') return 'noLogin';
  return STATE_REASONS[action]?.[contact.login.state] ?? 'notAllowed';
};
