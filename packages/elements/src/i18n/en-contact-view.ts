/**
 * The English strings of `<contact-view>`, listed in its class's `englishParts` and added when its tag is defined, so
 * a page without `<contact-view>` does not carry them. `<contact-manager>` lists it too, for its
 * page title (`viewTitle`).
 */
export const enContactView = {
  viewTitle: 'Contact',
  lastSignIn: 'Last sign-in',
  never: 'Never',
  loginLabel: 'Login',
  lockedAt: 'Locked since',
  languageUnknown: (tag: string) => tag,
  yes: 'On',
  no: 'Off',
};
