/**
 * The English strings of `<role-picker>`, listed in its class's `englishParts` and added when its tag is defined, so a
 * page without `<role-picker>` does not carry them. Its titles are in `en-shared.ts`: the
 * manager shows them before this element has loaded.
 */
export const enRolePicker = {
  permissionsLabel: 'Permissions',
  available: 'Available',
  selected: 'Selected',
  filterRoles: 'Filter roles',
  add: 'Add',
  remove: 'Remove',
  addAll: 'Add all',
  removeAll: 'Remove all',
  notAssignable: 'You may not assign or remove this role.',
  rolesRequired: 'Select at least one role.',
  noRoles: 'No roles.',
  rolesLoadError: 'The roles could not be loaded.',
  rolesMoved: (count: number, list: string) => `${count === 1 ? '1 role' : `${count} roles`} moved to ${list}.`,
};
