import type { PasswordReset } from '@portico/core';

/**
 * The English strings of `<password-reset>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<password-reset>` does not carry them.
 */
export const enPasswordReset = {
  passwordResetTitle: 'Reset password',
  selectUser: 'Select user',
  passwordProcedure: 'Procedure',
  passwordModes: {
    link: 'E-mail a reset link (valid 12 hours)',
    temporary: 'E-mail a temporary password (must be changed at next sign-in)',
    set: 'Set a password (must be changed at next sign-in)',
  } satisfies Record<PasswordReset['mode'], string>,
  newPassword: 'New password',
  passwordHint: (min: number) => `At least ${min} characters.`,
  passwordRulesLabel: 'Password rules',
  passwordRuleNotBlank: 'Not only spaces.',
  passwordRuleNotIdentity: 'Not the user ID or the e-mail address.',
  passwordRuleStrength: 'Hard to guess: not a common password, name or keyboard pattern.',
  passwordRuleMet: 'met',
  passwordRuleUnmet: 'not met yet',
  verifyIdentity: 'Verify identity',
  confirmIdentity: (userId: string) => `I confirm this is ${userId}`,
  resetPassword: 'Reset password',
  resettingPassword: 'Sending…',
  passwordResetNoLogin: 'This contact has no login, so there is no password to reset.',
  passwordResetNotAllowed: 'You may not reset the password of this contact.',
  passwordResetSent: (to: string) => `Sent to ${to}.`,
  passwordResetExpires: (date: string) => `The link expires at ${date}.`,
  passwordResetSet: 'The password was set.',
  passwordChangeRequired: 'It must be changed at next sign-in.',
  passwordResetFailed: (message: string) => `The password could not be reset: ${message}`,
};
