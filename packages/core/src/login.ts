import type { Action } from './permissions.js';
import type { Login, LoginState } from './schema.js';

/**
 * The login transitions an administrator takes, one table for the server, the memory client and
 * the elements: from which states each is allowed, what it leaves the login as, and whether it
 * ends the login's sessions.
 */
export const LOGIN_TRANSITIONS = {
  create: { action: 'login.create', from: ['none'], endsSessions: false },
  enable: { action: 'login.enable', from: ['disabled'], endsSessions: false },
  disable: { action: 'login.disable', from: ['enabled', 'locked'], endsSessions: true },
  lock: { action: 'login.lock', from: ['enabled'], endsSessions: true },
  unlock: { action: 'login.unlock', from: ['locked'], endsSessions: false },
} as const satisfies Record<string, { action: Action; from: readonly LoginState[]; endsSessions: boolean }>;

export type LoginTransition = keyof typeof LOGIN_TRANSITIONS;
export type LoginTransitionAction = (typeof LOGIN_TRANSITIONS)[LoginTransition]['action'];

/** The fields of a login a transition sets; the others stay as they were. */
export type LoginChanges = Pick<Login, 'state' | 'lockReason' | 'lockedAt'> & Partial<Pick<Login, 'failedSignIns' | 'passwordChangeRequired' | 'passwordChangeRequiredAt'>>;

/** What `transition` leaves the login as, taken at `at` (the time a lock records). */
export const loginChanges = (transition: LoginTransition, at: Date): LoginChanges => {
  switch (transition) {
    case 'create':
      // A new login starts enabled and asks for a password of the user's own at the first sign-in.
      return { state: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0, passwordChangeRequired: true, passwordChangeRequiredAt: at.toISOString() };
    case 'enable':
      return { state: 'enabled', lockReason: null, lockedAt: null };
    case 'disable':
      return { state: 'disabled', lockReason: null, lockedAt: null };
    case 'lock':
      return { state: 'locked', lockReason: 'admin', lockedAt: at.toISOString() };
    case 'unlock':
      return { state: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0 };
  }
};

const PASSWORD_ACTIONS: readonly Action[] = ['password.reset_link', 'password.reset_temporary', 'password.set'];

/** Whether `action` may be taken while the login is in `state`: the transition table, and passwords only for a login. */
export const loginActionAllowedInState = (action: Action, state: LoginState): boolean => {
  const transition = Object.values(LOGIN_TRANSITIONS).find((entry) => entry.action === action);
  if (transition) return (transition.from as readonly LoginState[]).includes(state);
  if (PASSWORD_ACTIONS.includes(action)) return state !== 'none';
  return true;
};

/** Why `action` is not possible in the login's `state` (a conflict), or undefined when it is. */
export const loginStateConflict = (action: Action, state: LoginState): string | undefined => {
  if (loginActionAllowedInState(action, state)) return undefined;
  return state === 'none' ? 'This contact has no login yet.' : `Not possible while the login is ${state}.`;
};
