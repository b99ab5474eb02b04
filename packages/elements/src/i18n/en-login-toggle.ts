/**
 * The English strings of `<login-toggle>`, listed in its class's `englishParts` and added when its tag is defined, so
 * a page without `<login-toggle>` does not carry them.
 */
export const enLoginToggle = {
  loginState: {
    none: 'No login',
    enabled: 'Login enabled',
    disabled: 'Login disabled',
    locked: 'Login locked',
  },
  noUserIdForLogin: 'A login can only be created once the contact has a unique user ID. Edit the contact to enter one.',
  disableQuestion: (name: string) => `Disable the login of ${name}? They will no longer be able to sign in to the portal.`,
  loginFailed: (message: string) => `The change was undone: ${message}`,
};
