/**
 * The English strings of `<contact-view>`, listed in its class's `englishParts` and added when its tag is defined, so
 * a page without `<contact-view>` does not carry them. Its titles are in `en-shared.ts`: the
 * manager shows them before this element has loaded.
 */
export const enContactView = {
  lastSignIn: 'Last sign-in',
  loginPending: 'Pending',
  invitationPending: 'Invitation sent, not yet accepted',
  passwordChangePending: 'Must change password at next sign-in',
  never: 'Never',
  loginLabel: 'Login',
  lockedAt: 'Locked since',
  languageUnknown: (tag: string) => tag,
  yes: 'On',
  no: 'Off',
  invitationPendingSince: (when: string) => `Invitation sent ${when}, not yet accepted`,
  passwordChangePendingSince: (when: string) => `Must change password at next sign-in (password issued ${when})`,
};
