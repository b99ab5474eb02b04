import type { SkipReason } from '../base/actions.js';

/**
 * The English strings of `<contact-list>`, listed in its class's `englishParts` and added when its tag is defined, so
 * a page without `<contact-list>` does not carry them.
 */
export const enContactList = {
  columns: {
    honorific: 'Title',
    name: 'Name',
    jobTitle: 'Job title',
    email: 'Email',
    phone: 'Phone',
    account: 'Account',
    status: 'Status',
    actions: 'Actions',
  },
  listCaption: 'Contacts',
  searchLabel: 'Search contacts',
  searchPlaceholder: 'Name or email',
  /** The hint under the search field when the client finds only a whole user ID or e-mail address. */
  searchExactHint: 'Exact match only: type a full user ID or e-mail',
  statusFilterLabel: 'Status',
  statusFilterAll: 'All contacts',
  statusFilterLocked: 'Locked out contacts',
  statusFilterActive: 'Active',
  statusFilterDisabled: 'Disabled',
  statusFilterNone: 'No login',
  accountFilterLabel: 'Account',
  accountFilterAll: 'All accounts',
  pageSizeLabel: 'Rows per page',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  pageRange: (from: string, to: string, total: string) => `${from}–${to} of ${total}`,
  /** The range when the total is a lower bound (the server stopped counting): more than `total` match. */
  pageRangeMore: (from: string, to: string, total: string) => `${from}–${to} of more than ${total}`,
  resultCount: (count: number) => (count === 1 ? '1 contact' : `${count} contacts`),
  /** `formatted` is `count` written for the locale. */
  resultCountMore: (count: number, formatted: string) => `More than ${formatted} ${count === 1 ? 'contact' : 'contacts'}`,
  loadingContacts: 'Loading contacts…',
  emptyList: 'No contacts yet.',
  emptySearch: 'No contacts match your search and filters.',
  pastLastPage: 'No more contacts here. Go back to the previous page.',
  listError: 'The contacts could not be loaded.',
  sortBy: (column: string) => `Sort by ${column}`,
  selectContact: (name: string) => `Select ${name}`,
  selectPage: 'Select all contacts on this page',
  actionsFor: (name: string) => `Actions for ${name}`,
  openContact: (name: string) => `Open ${name}`,
  selectedCount: (count: number) => (count === 1 ? '1 contact selected' : `${count} contacts selected`),
  clearSelection: 'Clear selection',
  bulkActionsLabel: 'Actions for the selected contacts',
  bulkResult: (done: number, total: number, verb: string) => `${verb}: ${done} of ${total} ${total === 1 ? 'contact' : 'contacts'}.`,
  bulkFailures: (count: number) => (count === 1 ? '1 failed:' : `${count} failed:`),
  bulkSkipped: (count: number) => (count === 1 ? '1 skipped:' : `${count} skipped:`),
  /** Why a bulk action left a contact out, after its name. */
  skipReasons: {
    yourself: 'yourself',
    notAllowed: 'not allowed',
    unsupported: 'not supported here',
    noLogin: 'no login',
    alreadyEnabled: 'already enabled',
    alreadyDisabled: 'already disabled',
    alreadyLocked: 'already locked',
    notLocked: 'not locked',
    loginLocked: 'locked (unlock it instead)',
    loginDisabled: 'login disabled',
  } satisfies Record<SkipReason, string>,
  bulkDeleteTitle: 'Delete contacts',
  bulkDeleteQuestion: (count: number) =>
    count === 1 ? 'Delete 1 contact? This cannot be undone.' : `Delete ${count} contacts? This cannot be undone.`,
  deleteConfirm: 'Delete',
};
