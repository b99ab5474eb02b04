/**
 * The English strings of `<user-associate>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<user-associate>` does not carry them. `<contact-manager>` lists it too, for
 * its message (`associated`).
 */
export const enUserAssociate = {
  associateIntro: (name: string) => `Link an existing user account to ${name}. A user account belongs to one contact at most.`,
  searchUsersLabel: 'Search user accounts',
  searchUsersPlaceholder: 'User ID, name or email',
  searchingUsers: 'Searching…',
  noUsersFound: 'No user account matches.',
  usersFound: (count: number) => (count === 1 ? '1 user account' : `${count} user accounts`),
  associateButton: 'Link',
  associateButtonLabel: (userId: string) => `Link ${userId}`,
  alreadyLinkedTo: (name: string) => `Already linked to ${name}`,
  associateNameDiffers: (account: string, contact: string) => `The account's name, ${account}, is not ${contact}: check it is the same person.`,
  associated: (userId: string, name: string) => `${userId} is now linked to ${name}.`,
  associateConflict: (name: string) => `This user account already belongs to ${name}.`,
  associateFailed: (message: string) => `The user account could not be linked: ${message}`,
  associateHasLogin: (userId: string) => `This contact already has a login of its own (${userId}).`,
  usersLoadError: 'The user accounts could not be loaded.',
};
