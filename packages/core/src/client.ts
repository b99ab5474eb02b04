import type {
  Account,
  Contact,
  ContactDraft,
  ContactPatch,
  ListQueryInput,
  Page,
  PasswordResetResult,
  Role,
  UserAccount,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
} from './schema.js';
import type { PasswordReset } from './password-reset.js';
import type { ExportColumnId } from './export.js';

/**
 * How the search box finds contacts: `true`, by words in names and e-mail addresses; `'exact'`,
 * only a whole user ID or e-mail address (a SCIM server that filters with `eq` alone), which the
 * search box says under its field; `false`, not at all (no search box).
 */
export type SearchCapability = boolean | 'exact';

/**
 * What an adapter can do. The elements read these and hide what an adapter cannot do
 * (a SCIM store has no lock, a portal's API may have no role endpoint). Every one is a boolean
 * but `search`, which may also be `'exact'` (truthy: the search box is there).
 */
export interface Capabilities {
  create: boolean;
  update: boolean;
  delete: boolean;
  /** Optimistic concurrency: updates carry the version and fail with 412 on a stale one. */
  versioning: boolean;
  createLogin: boolean;
  enableDisableLogin: boolean;
  lockUnlock: boolean;
  resetPasswordLink: boolean;
  resetPasswordTemporary: boolean;
  setPassword: boolean;
  roles: boolean;
  accounts: boolean;
  userIdSuggestion: boolean;
  associateUser: boolean;
  /** `true` (words in names and e-mail), `'exact'` (a whole user ID or e-mail address only) or `false`. */
  search: SearchCapability;
  sort: boolean;
  statusFilter: boolean;
  accountFilter: boolean;
  export: boolean;
  /** `signIn` and `signOut`: a session with a user ID and password. */
  signIn: boolean;
  /** `changePassword`: the signed-in contact changes their own password. */
  changePassword: boolean;
  /** `requestPasswordReset`: "forgot password" mails a link. */
  requestPasswordReset: boolean;
  /** `confirmPasswordReset`: a mailed link's token chooses a password. */
  confirmPasswordReset: boolean;
}

export const ALL_CAPABILITIES: Capabilities = {
  create: true,
  update: true,
  delete: true,
  versioning: true,
  createLogin: true,
  enableDisableLogin: true,
  lockUnlock: true,
  resetPasswordLink: true,
  resetPasswordTemporary: true,
  setPassword: true,
  roles: true,
  accounts: true,
  userIdSuggestion: true,
  associateUser: true,
  search: true,
  sort: true,
  statusFilter: true,
  accountFilter: true,
  export: true,
  signIn: true,
  changePassword: true,
  requestPasswordReset: true,
  confirmPasswordReset: true,
};

/** The self-service methods of `ContactsClient` (issue 17), each with the capability of the same name. */
export type SelfServiceMethod = 'signIn' | 'changePassword' | 'requestPasswordReset' | 'confirmPasswordReset';

/** Whether a client offers a self-service operation: the method is there and its capability is on. */
export const supportsSelfService = (client: Pick<ContactsClient, 'capabilities' | SelfServiceMethod> | undefined, method: SelfServiceMethod): boolean =>
  !!client && client.capabilities[method] === true && typeof client[method] === 'function';

export interface CallOptions {
  /** Aborts the request; the promise then rejects with a `ContactsError` of code `aborted`. */
  signal?: AbortSignal;
}

export interface CreateOptions extends CallOptions {
  /** The same key on a retried create returns the first result instead of a second contact. */
  idempotencyKey?: string;
}

export interface UpdateOptions extends CallOptions {
  /** The version the edit started from; a newer version on the server fails with `precondition_failed`. */
  ifVersion?: number;
}

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** How far an export is. An adapter that cannot count contacts reports bytes only. */
export interface ExportProgress {
  /** Contacts written so far, or null when the adapter only sees bytes. */
  done: number | null;
  /** Contacts the file will hold, when known. */
  total: number | null;
  /** Bytes received or produced so far. */
  bytes: number;
}

export interface ExportOptions extends CallOptions {
  /** Column ids in order (see `EXPORT_COLUMN_IDS`); the defaults when omitted. */
  columns?: readonly ExportColumnId[];
  /** Export only these contacts (a selection) instead of everything the query matches; empty means no selection. */
  ids?: readonly string[];
  /** The language of the header row (a BCP 47 tag); English when not shipped. */
  lang?: string;
  onProgress?: (progress: ExportProgress) => void;
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'pdf'];

/**
 * Builds an export file in the page from a client's `listContacts` and `getContact`: `exportWriters()`
 * (or `buildExport`) of `@portico/export`. The adapters without a server export (memory, mapped,
 * SCIM) take one as an option, so that installing them does not install the writers and their fonts.
 */
export type ExportWriters = (client: ContactsClient, query: ListQueryInput, format: ExportFormat, options: ExportOptions & { pageSize?: number }) => Promise<Blob>;

/** The formats a client can export: none without `exportContacts` or the `export` capability. */
export const exportFormatsOf = (client: Pick<ContactsClient, 'capabilities' | 'exportContacts' | 'exportFormats'>): ExportFormat[] =>
  client.capabilities.export && client.exportContacts ? [...(client.exportFormats ?? EXPORT_FORMATS)] : [];

/**
 * The one interface every element talks to. Every method rejects with a `ContactsError`.
 * Adapters: `RestContactsClient` (Portico's REST contract), `MemoryContactsClient`, and the
 * mapped-REST and SCIM adapters.
 */
export interface ContactsClient {
  readonly capabilities: Capabilities;

  /** The signed-in viewer with the accounts they reach. */
  me(options?: CallOptions): Promise<Viewer>;

  listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>>;
  getContact(id: string, options?: CallOptions): Promise<Contact>;
  createContact(draft: ContactDraft, options?: CreateOptions): Promise<Contact>;
  updateContact(id: string, patch: ContactPatch, options?: UpdateOptions): Promise<Contact>;
  deleteContact(id: string, options?: CallOptions): Promise<void>;

  /** Creates a login; without `userId` the contact's own (or suggested) user ID is used. */
  createLogin(id: string, userId?: string, options?: CallOptions): Promise<Contact>;
  setLoginEnabled(id: string, enabled: boolean, options?: CallOptions): Promise<Contact>;
  lockLogin(id: string, options?: CallOptions): Promise<Contact>;
  /** Unlocks and resets the failed sign-in count. */
  unlockLogin(id: string, options?: CallOptions): Promise<Contact>;
  resetPassword(id: string, reset: PasswordReset, options?: CallOptions): Promise<PasswordResetResult>;

  listRoles(options?: CallOptions): Promise<Role[]>;
  setRoles(id: string, roleIds: string[], options?: CallOptions): Promise<Contact>;

  /** The viewer's account tree: every account they reach. */
  listAccounts(options?: CallOptions): Promise<Account[]>;

  /** `firstname.lastname`, or null when another contact has the same name (seed 000). */
  suggestUserId(firstName: string, lastName: string, options?: CallOptions): Promise<UserIdSuggestion>;
  checkUserId(userId: string, excludeContactId?: string, options?: CallOptions): Promise<UserIdAvailability>;

  /** User accounts that exist apart from contacts (seed 003). */
  searchUsers(search: string, options?: CallOptions): Promise<Page<UserAccount>>;
  associateUser(contactId: string, userAccountId: string, options?: CallOptions): Promise<Contact>;

  /**
   * The contacts `query` matches (its page and page size are ignored), or `options.ids`, as a
   * file. Optional: adapters without it, or with `capabilities.export` false, offer no export;
   * `capabilities.exportFormats` says which formats this adapter can produce.
   */
  exportContacts?(query: ListQueryInput, format: ExportFormat, options?: ExportOptions): Promise<Blob>;
  /**
   * The formats `exportContacts` produces; all of them when absent. A client property rather than
   * a capability, because `Capabilities` holds only booleans that code iterates over.
   */
  readonly exportFormats?: readonly ExportFormat[];

  // ---- the contact's own side of a login (optional; see `supportsSelfService`) ----

  /**
   * Starts a session with a user ID and password. A wrong password, an unknown user ID and a
   * locked or disabled login fail alike (`unauthenticated`), so the answer reveals nothing. The
   * viewer has `passwordChangeRequired` after a temporary or administrator-set password: then
   * every other call fails with `password_change_required` until `changePassword`.
   */
  signIn?(userId: string, password: string, options?: CallOptions): Promise<Viewer>;
  /** Ends the session (with `signIn`). */
  signOut?(options?: CallOptions): Promise<void>;
  /**
   * The signed-in contact's new password, proven by the current one. Field errors name
   * `currentPassword` (`wrong_password`) or `newPassword` (core's password rules, `unchanged`).
   * Ends the login's other sessions; resolves with the viewer, no longer `passwordChangeRequired`.
   */
  changePassword?(currentPassword: string, newPassword: string, options?: CallOptions): Promise<Viewer>;
  /**
   * "Forgot password": mails a link (valid 12 hours) to the login with this user ID or e-mail
   * address. Resolves the same whether or not one exists; `rate_limited` when asked too often.
   */
  requestPasswordReset?(identifier: string, options?: CallOptions): Promise<void>;
  /**
   * Chooses a password with a mailed link's token. An unknown, used or expired token fails with
   * `validation` on the field `token` (code `invalid_token`); a password against the rules on `password`.
   */
  confirmPasswordReset?(token: string, password: string, options?: CallOptions): Promise<void>;
}
