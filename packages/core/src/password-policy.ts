import { LIMITS } from './limits.js';

// The password rules, after NIST SP 800-63B (section 3.1.1.2): a length range, no composition
// rules, and a check against passwords an attacker tries first. One module for the server, the
// in-memory client and the elements (and the contact's own change-password page to come), without
// zod, so checking a password costs a page only this file until the strength check is asked for.

/** A rule of the password policy, in the order a checklist shows them. */
export type PasswordRule = 'length' | 'notBlank' | 'notIdentity' | 'strength' | 'maxLength';

/** What a password must not be: the login's own user ID and e-mail address. */
export interface PasswordContext {
  userId?: string | null | undefined;
  email?: string | null | undefined;
}

/** One rule checked: `met` is null while the strength check is not loaded yet. */
export interface PasswordRuleCheck {
  rule: PasswordRule;
  met: boolean | null;
  /** The field error's code when the rule fails (as core's schemas report the length). */
  code: string;
  /** English, naming the field, for the field error when the rule fails. */
  message: string;
}

/** A failed rule as a field error of `password`, the shape of the server's validation problem. */
export interface PasswordProblem {
  field: 'password';
  code: string;
  message: string;
}

/**
 * Scores how hard a password is to guess, 0 (among the first thousand guesses) to 4 (beyond
 * 10^10), given words of the user that make it easier (zxcvbn's scale).
 */
export type PasswordStrength = (password: string, userInputs: readonly string[]) => number;

/**
 * The lowest accepted score: 3, "safely unguessable" (more than 10^8 guesses, enough against an
 * online attack and a slow hash offline). 4 would refuse too many passphrases people can remember.
 */
export const PASSWORD_MIN_SCORE = 3;

/** The words of a login a password must not be and that make a password weaker. */
const identityWords = ({ userId, email }: PasswordContext): string[] => {
  const words = [userId, email, email?.split('@')[0]];
  return [...new Set(words.filter((word): word is string => !!word?.trim()).map((word) => word.trim().toLowerCase()))];
};

/**
 * Every rule for `password`, met or not. Without `strength` (the strength check is still loading
 * in a browser) the strength rule's `met` is null.
 */
export const passwordRules = (password: string, context: PasswordContext, strength?: PasswordStrength): PasswordRuleCheck[] => {
  const identity = identityWords(context);
  // NIST counts characters as Unicode code points; an emoji is one.
  const length = [...password].length;
  return [
    { rule: 'length', met: length >= LIMITS.passwordMin, code: 'too_small', message: `Password must be at least ${LIMITS.passwordMin} characters.` },
    { rule: 'notBlank', met: password.trim() !== '', code: 'blank', message: 'Password must not be only spaces.' },
    {
      rule: 'notIdentity',
      met: !identity.includes(password.trim().toLowerCase()),
      code: 'matches_identity',
      message: 'Password must not be the user ID or the e-mail address.',
    },
    {
      rule: 'strength',
      met: strength ? strength(password, identity) >= PASSWORD_MIN_SCORE : null,
      code: 'too_weak',
      message: 'Password is too easy to guess: avoid common passwords, names, dates and keyboard patterns, or add more words.',
    },
    // UTF-16 units, as the schemas and an input's maxlength count.
    { rule: 'maxLength', met: password.length <= LIMITS.password, code: 'too_big', message: `Password must be at most ${LIMITS.password} characters.` },
  ];
};

/** The rules `password` fails, as field errors of `password`; none when it is acceptable. */
export const passwordProblems = (password: string, context: PasswordContext, strength: PasswordStrength): PasswordProblem[] =>
  passwordRules(password, context, strength)
    .filter((check) => !check.met)
    .map(({ code, message }) => ({ field: 'password', code, message }));

let loading: Promise<PasswordStrength> | undefined;

/**
 * Loads the strength check: zxcvbn-ts with its common-password and keyboard dictionaries, about
 * 450 kB minified (230 kB gzip), so it is behind `import()` and a page loads it only when it
 * shows a password field. Loaded once; a failed load is tried again on the next call.
 */
export const loadPasswordStrength = (): Promise<PasswordStrength> => {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([{ ZxcvbnFactory }, common]) => {
      const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs, maxLength: LIMITS.password });
      return (password: string, userInputs: readonly string[]) => zxcvbn.check(password, [...userInputs]).score;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
};

/** `passwordProblems` with the strength check loaded first. */
export const checkPassword = async (password: string, context: PasswordContext): Promise<PasswordProblem[]> =>
  passwordProblems(password, context, await loadPasswordStrength());
