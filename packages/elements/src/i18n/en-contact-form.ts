/**
 * The English strings of `<contact-form>`, listed in its class's `englishParts` and added when its tag is defined, so
 * a page without `<contact-form>` does not carry them. Its titles are in `en-shared.ts`: the
 * manager shows them before this element has loaded.
 */
export const enContactForm = {
  required: 'required',
  honorificNone: 'No title',
  languageHint: 'Type to search, for example “German”.',
  timeZoneHint: 'Type a city, a country or an offset, for example “Berlin”, “Japan” or “UTC+01”, then choose a zone from the list.',
  notificationsHint: 'Send email notifications to this contact.',
  userIdHint: 'The sign-in name, usually firstname.lastname.',
  userIdDuplicateName: 'Another contact has the same name, so no user ID was suggested. Enter a unique user ID to be able to create a login.',
  userIdNoLatin: 'No user ID could be suggested from this name. Enter a unique user ID to be able to create a login.',
  userIdTaken: 'This user ID is already in use. Choose a unique one.',
  userIdAvailable: 'This user ID is available.',
  userIdSuggested: (userId: string) => `The user ID will be ${userId}.`,
  saveCreate: 'Create contact',
  saveUpdate: 'Save changes',
  saving: 'Saving…',
  saved: 'Contact saved.',
  created: 'Contact created.',
  nothingChanged: 'There are no changes to save.',
  fixErrors: (count: number) => (count === 1 ? 'Please correct 1 field.' : `Please correct ${count} fields.`),
  staleVersion:
    'Someone else changed this contact while you were editing. Your input is still here: load their version to compare, then save again.',
  loadLatest: 'Load the latest version and keep my input',
  serverChanged: (fields: string) => `Changed on the server meanwhile: ${fields}. Your own edits are kept; check them and save.`,
  serverUnchanged: 'Nothing you can see here changed on the server; your edits are kept. Save again.',
  discardQuestion: 'Discard your unsaved changes?',
  discard: 'Discard changes',
  keepEditing: 'Keep editing',
  duplicateContact: (name: string, email: string) => `${name} (${email}) is already a contact. Open the existing contact, or create this one anyway.`,
  openDuplicate: (name: string) => `Open ${name}`,
  createAnyway: 'Create anyway',
};
