/**
 * The English strings of `<contact-delete>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<contact-delete>` does not carry them.
 */
export const enContactDelete = {
  deleteQuestion: (name: string) => `Delete ${name}? This cannot be undone.`,
  deleteYes: 'Yes',
  deleteNo: 'No',
  deleting: 'Deleting…',
  deleteNotAllowed: 'You may not delete this contact.',
  deleteFailed: (message: string) => `The contact could not be deleted: ${message}`,
};
