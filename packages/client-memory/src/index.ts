import {
  ALL_CAPABILITIES,
  AssociateUserBody,
  ContactDraft,
  ContactPatch,
  ContactsError,
  ChangePasswordBody,
  CreateLoginBody,
  DEMO_PASSWORD,
  ListQuery,
  PasswordResetRequestBody,
  PasswordReset,
  loadPasswordStrength,
  passwordProblems,
  RoleAssignment,
  UserId,
  can,
  canChangeRoles,
  canMoveContact,
  computeScope,
  createSeedData,
  EXPORT_FORMATS,
  displayName,
  fieldErrorsFrom,
  inScope,
  isActiveAdministrator,
  LAST_ADMINISTRATOR_MESSAGE,
  chooseUserId,
  loginChanges,
  loginStateConflict,
  LOGIN_TRANSITIONS,
  type LoginTransition,
  reach,
  losesAdministrator,
  OWN_ADMINISTRATOR_MESSAGE,
  removesOwnAdministrator,
  sameName,
  statusOf,
  tenantOf,
} from '@portico/core';
import type {
  Account,
  Action,
  CallOptions,
  Capabilities,
  Contact,
  ContactDraftInput,
  ContactsClient,
  CreateOptions,
  DemoRole,
  ErrorCode,
  ExportFormat,
  ExportOptions,
  ExportWriters,
  FieldError,
  ListQueryInput,
  OutboxMessage,
  Page,
  PasswordResetResult,
  Role,
  SeedData,
  SortField,
  UpdateOptions,
  UserAccount,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
} from '@portico/core';

export interface MemoryFailureOptions {
  /** Share of calls (0..1) that fail, chosen by a seeded generator so a run is repeatable. */
  rate?: number;
  /** Fail the next N calls, then behave normally. */
  next?: number;
  /** The code of induced failures (default `server`). */
  code?: ErrorCode;
  /** Seed of the generator behind `rate` and latency ranges. */
  seed?: number;
}

export interface MemoryClientOptions {
  /** The dataset to start from (default `createSeedData()`); it is copied, never mutated. */
  data?: SeedData;
  /** Who is signed in: a demo role or a contact id (default `customer_admin`). */
  viewer?: DemoRole | string;
  /** Delay of every call in milliseconds, fixed or a `[min, max]` range (default 0). */
  latency?: number | [number, number];
  failures?: MemoryFailureOptions;
  /** Switch single capabilities off to see how the elements cope with a smaller adapter. */
  capabilities?: Partial<Capabilities>;
  /**
   * Builds CSV, XLSX and PDF files in the page: `exportWriters()` of `@portico/export` (an optional
   * peer dependency). Without it the client offers no export (`capabilities.export` is false).
   */
  exportWriters?: ExportWriters;
  /**
   * The clock (default the system's): reset links expire 12 hours after it, and the login's dates
   * come from it. A test moves it to see a link expire.
   */
  now?: () => Date;
}

/** The password reset link is valid for 12 hours (seed 002). */
const RESET_LINK_VALIDITY_MS = 12 * 3_600_000;

const STATUS_OF_CODE: Partial<Record<ErrorCode, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  rate_limited: 429,
  password_change_required: 403,
  unsupported: 501,
  server: 500,
};

const fail = (code: ErrorCode, message: string, extra: { fieldErrors?: FieldError[]; conflictingId?: string | undefined; cause?: unknown } = {}): ContactsError =>
  new ContactsError(message, {
    code,
    status: STATUS_OF_CODE[code] ?? 0,
    ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}),
    ...(extra.conflictingId ? { conflictingId: extra.conflictingId } : {}),
    ...(extra.cause !== undefined ? { cause: extra.cause } : {}),
  });

const validationFailed = (fieldErrors: FieldError[]) => fail('validation', 'Some fields need attention.', { fieldErrors });

const abortedError = (signal: AbortSignal) => fail('aborted', 'The request was aborted.', { cause: signal.reason });

/** mulberry32: small, seeded, the same sequence on every machine. */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const clone = <T>(value: T): T => structuredClone(value);

const sameUserId = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.toLocaleLowerCase() === b.toLocaleLowerCase();

interface StoredUser {
  id: string;
  userId: string;
  displayName: string;
  email: string;
  contactId: string | null;
  /** The company (root account) the account belongs to, as on the reference server. */
  tenantId: string;
}

/** A user account with the company it belongs to, which only the store knows. */
type TenantUserAccount = UserAccount & { tenantId: string };

interface IdempotentCreate {
  contactId: string;
  body: string;
}

/**
 * The shared state behind one or more clients (several viewers may look at the same data):
 * contacts, accounts, roles, free user accounts, the outbox and the idempotency keys.
 */
class MemoryStore {
  contacts: Contact[] = [];
  accounts: Account[] = [];
  roles: Role[] = [];
  users: StoredUser[] = [];
  demoViewers: SeedData['demoViewers'] = [];
  readonly outbox: OutboxMessage[] = [];
  idempotency = new Map<string, IdempotentCreate>();
  /** Passwords by contact id, in plain text (a demo store): null for none yet, absent for the seed's demo password. */
  readonly passwords = new Map<string, string | null>();
  /** Mailed links to choose a password, by token. */
  readonly resetTokens = new Map<string, { contactId: string; expiresAt: number; used: boolean }>();
  private sequence = 0;

  constructor(
    private readonly initial: SeedData,
    /** The clock of every client on this store. */
    readonly now: () => Date = () => new Date(),
  ) {
    this.reset();
  }

  reset(): void {
    const data = clone(this.initial);
    // Text one way, as the schemas store it (NFC), also for a dataset written decomposed elsewhere.
    for (const contact of data.contacts) {
      contact.firstName = contact.firstName.normalize('NFC');
      contact.lastName = contact.lastName.normalize('NFC');
      contact.jobTitle = contact.jobTitle?.normalize('NFC') ?? null;
    }
    this.contacts = data.contacts;
    this.accounts = data.accounts;
    this.roles = data.roles;
    this.demoViewers = data.demoViewers;
    this.users = data.unassociatedUsers.map((user) => ({ ...user, contactId: null }));
    this.outbox.length = 0;
    this.idempotency.clear();
    this.passwords.clear();
    this.resetTokens.clear();
    this.sequence = 0;
  }

  nextId(prefix: string): string {
    let id: string;
    do {
      this.sequence += 1;
      id = `${prefix}-${String(this.sequence).padStart(4, '0')}`;
    } while (this.contacts.some((contact) => contact.id === id) || this.users.some((user) => user.id === id));
    return id;
  }

  contact(id: string): Contact | undefined {
    return this.contacts.find((contact) => contact.id === id);
  }

  /**
   * Every user account: the free ones (seed 003, possibly associated since) and one for each
   * contact that has a login of its own.
   */
  userAccounts(): TenantUserAccount[] {
    const result: TenantUserAccount[] = this.users.map((user) => {
      const holder = user.contactId ? this.contact(user.contactId) : undefined;
      return {
        id: user.id,
        userId: holder?.userId ?? user.userId,
        displayName: user.displayName,
        email: user.email,
        contactId: holder ? holder.id : null,
        tenantId: holder ? tenantOf(this.accounts, holder.accountId) : user.tenantId,
      };
    });
    const associated = new Set(result.map((user) => user.contactId).filter(Boolean));
    for (const contact of this.contacts) {
      if (contact.login.state === 'none' || !contact.userId || associated.has(contact.id)) continue;
      result.push(this.accountOf(contact));
    }
    return result;
  }

  /** The user account a contact's own login stands for. */
  accountOf(contact: Contact): TenantUserAccount {
    return { id: `u-${contact.id}`, userId: contact.userId ?? '', displayName: displayName(contact), email: contact.email, contactId: contact.id, tenantId: tenantOf(this.accounts, contact.accountId) };
  }

  /** Who holds a user ID (case-insensitively): a contact, or a free user account. */
  holderOf(userId: string, exceptContactId?: string): { contactId: string | null } | undefined {
    const contact = this.contacts.find((c) => c.id !== exceptContactId && sameUserId(c.userId, userId));
    if (contact) return { contactId: contact.id };
    const user = this.users.find((u) => u.contactId === null && sameUserId(u.userId, userId));
    if (user) return { contactId: null };
    return undefined;
  }

  passwordOf(contactId: string): string | null {
    return this.passwords.has(contactId) ? this.passwords.get(contactId)! : DEMO_PASSWORD;
  }

  /** A single-use link valid 12 hours (seed 002); a new one replaces the older ones. */
  newResetLink(contactId: string): { link: string; expiresAt: string } {
    this.cancelResetLinks(contactId);
    const token = `${this.nextId('r')}-${Math.random().toString(36).slice(2)}`;
    const expiresAt = this.now().getTime() + RESET_LINK_VALIDITY_MS;
    this.resetTokens.set(token, { contactId, expiresAt, used: false });
    return { link: `https://portal.example/reset-password?token=${encodeURIComponent(token)}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  cancelResetLinks(contactId: string): void {
    for (const entry of this.resetTokens.values()) if (entry.contactId === contactId) entry.used = true;
  }

  addMail(to: string, subject: string, body: string): void {
    this.outbox.push({ id: `m-${this.outbox.length + 1}`, to, subject, body, createdAt: this.now().toISOString() });
  }
}

/** Lets `withViewer` hand its store to a new client without a public constructor parameter. */
const SHARED_STORE = Symbol('sharedStore');
type InternalOptions = MemoryClientOptions & { [SHARED_STORE]?: MemoryStore };

type LoginAction = Extract<Action, `login.${string}` | `password.${string}`>;

/**
 * A `ContactsClient` that keeps everything in memory and behaves like the reference server:
 * the same validation, permissions, scope, versions and error codes. For Storybook, the demo
 * and element tests; `latency` and `failures` show loading and error states.
 */
export class MemoryContactsClient implements ContactsClient {
  readonly capabilities: Capabilities;
  private readonly store: MemoryStore;
  private viewerKey: string;
  /** After `signOut`, until `signIn` or `setViewer`. */
  private signedOut = false;
  /** The viewer came from `signIn`, so a pending password change holds them. */
  private passwordSignIn = false;
  private readonly initialViewerKey: string;
  private readonly latency: number | [number, number];
  private readonly failureRate: number;
  private failNext: number;
  private readonly failureCode: ErrorCode;
  private readonly random: () => number;

  private readonly options: MemoryClientOptions;
  /** The last list query's matches in order (`matchesOf`). */
  private lastMatches: { key: string; contacts: Contact[]; length: number; versions: number; matches: Contact[] } | undefined;

  constructor(options: MemoryClientOptions = {}) {
    this.store = (options as InternalOptions)[SHARED_STORE] ?? new MemoryStore(options.data ?? createSeedData(), options.now);
    // Without writers there is no export, whatever `capabilities` says.
    this.capabilities = { ...ALL_CAPABILITIES, ...options.capabilities, ...(options.exportWriters ? {} : { export: false }) };
    this.exportFormats = options.exportWriters ? EXPORT_FORMATS : [];
    this.viewerKey = this.initialViewerKey = options.viewer ?? 'customer_admin';
    this.latency = options.latency ?? 0;
    this.failureRate = Math.min(1, Math.max(0, options.failures?.rate ?? 0));
    this.failNext = Math.max(0, options.failures?.next ?? 0);
    this.failureCode = options.failures?.code ?? 'server';
    this.random = seededRandom(options.failures?.seed ?? 20250416);
    this.options = { ...options };
    delete (this.options as InternalOptions)[SHARED_STORE];
  }

  /** The e-mails the store would have sent (password resets, new logins), oldest first. */
  get outbox(): OutboxMessage[] {
    return this.store.outbox;
  }

  /** Signs in as another demo role or contact id. */
  setViewer(roleOrContactId: DemoRole | string): void {
    this.viewerKey = roleOrContactId;
    this.signedOut = false;
    this.passwordSignIn = false;
  }

  /** Another client on the same data, signed in as someone else (same options otherwise). */
  withViewer(roleOrContactId: DemoRole | string): MemoryContactsClient {
    const options: InternalOptions = { ...this.options, viewer: roleOrContactId, [SHARED_STORE]: this.store };
    return new MemoryContactsClient(options);
  }

  /** Back to the initial data and viewer; empties the outbox and forgets idempotency keys. */
  reset(): void {
    this.store.reset();
    this.viewerKey = this.initialViewerKey;
    this.signedOut = false;
    this.passwordSignIn = false;
    this.failNext = Math.max(0, this.options.failures?.next ?? 0);
  }

  /** Fails the next `count` calls (with `code`, default the configured one). */
  failNextCalls(count = 1): void {
    this.failNext = count;
  }

  // ---- the ContactsClient interface ----

  me(options?: CallOptions): Promise<Viewer> {
    return this.run(options, (viewer) => viewer, { duringPasswordChange: true });
  }

  listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    return this.run(options, (viewer) => {
      const parsed = ListQuery.safeParse(query ?? {});
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const { search, filters, sort, pageSize } = parsed.data;
      const page = parsed.data.page ?? 1;
      if (!can(viewer, 'contact.list')) throw forbidden();
      let accountIds = new Set(viewer.scope);
      if (filters.accountId) {
        if (!accountIds.has(filters.accountId)) throw fail('not_found', 'There is no such account.');
        const wanted = filters.includeChildAccounts === false ? [filters.accountId] : subtree(this.store.accounts, filters.accountId);
        accountIds = new Set(wanted.filter((id) => accountIds.has(id)));
      }
      // Composed (NFC), as the schemas store every name: "Jose\u0301" finds "José" and the other way round.
      const needle = search?.normalize('NFC').trim().toLocaleLowerCase();
      const matches = this.matchesOf(JSON.stringify([[...accountIds], filters.status ?? null, needle ?? null, sort]), () => {
        const found = this.store.contacts.filter((contact) => {
          if (!accountIds.has(contact.accountId)) return false;
          if (filters.status && statusOf(contact) !== filters.status) return false;
          if (!needle) return true;
          const haystacks = [`${contact.firstName} ${contact.lastName}`, `${contact.lastName} ${contact.firstName}`, contact.email];
          return haystacks.some((text) => text.toLocaleLowerCase().includes(needle));
        });
        const accountNames = new Map(this.store.accounts.map((account) => [account.id, account.name]));
        const compare = comparator(sort.field, accountNames);
        const direction = sort.direction === 'desc' ? -1 : 1;
        // Ties by id in the same direction, as the reference server: descending is ascending reversed.
        return found.sort((a, b) => (compare(a, b) || a.id.localeCompare(b.id)) * direction);
      });
      const start = (page - 1) * pageSize;
      return { items: matches.slice(start, start + pageSize), total: matches.length, page, pageSize };
    });
  }

  /**
   * The matches of a list query in order, kept for the last query so that turning its pages
   * slices instead of filtering and sorting every contact again (at 100,000 contacts that took
   * 150–350 ms of main thread per page, docs/performance.md). Any write changes the store's
   * contacts array (create, delete) or a contact's version (every other write, `touch`), so the
   * kept order is used only while both are as they were.
   */
  private matchesOf(key: string, compute: () => Contact[]): Contact[] {
    const contacts = this.store.contacts;
    let versions = 0;
    for (const contact of contacts) versions += contact.version;
    const kept = this.lastMatches;
    if (kept && kept.key === key && kept.contacts === contacts && kept.length === contacts.length && kept.versions === versions) return kept.matches;
    const matches = compute();
    this.lastMatches = { key, contacts, length: contacts.length, versions, matches };
    return matches;
  }

  /** CSV, XLSX and PDF, built in the page by `exportWriters` (none without them). */
  readonly exportFormats: readonly ExportFormat[];

  /** Builds the file in the page, one list page at a time, as the REST server streams it. */
  async exportContacts(query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}): Promise<Blob> {
    await this.run(options, (viewer) => {
      this.requireCapability('export');
      if (!can(viewer, 'contact.export')) throw forbidden();
      if (!this.exportFormats.includes(format)) throw fail('unsupported', `This client exports ${this.exportFormats.join(', ')} only, not ${format}.`);
    });
    return this.options.exportWriters!(this, query, format, options);
  }

  getContact(id: string, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => this.reachable(viewer, id, 'contact.view'));
  }

  createContact(draft: ContactDraftInput, options?: CreateOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('create');
      if (!can(viewer, 'contact.create')) throw forbidden();
      const parsed = ContactDraft.safeParse(draft);
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const body = parsed.data;
      const key = options?.idempotencyKey;
      const fingerprint = JSON.stringify(body);
      if (key) {
        const earlier = this.store.idempotency.get(`${viewer.contactId}:${key}`);
        if (earlier) {
          if (earlier.body !== fingerprint) throw fail('conflict', 'This idempotency key was already used for a different contact.');
          const existing = this.store.contact(earlier.contactId);
          if (existing) return existing;
        }
      }
      if (!this.store.accounts.some((account) => account.id === body.accountId) || !can(viewer, 'contact.create', { id: '', accountId: body.accountId, roles: [] })) {
        throw validationFailed([{ field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' }]);
      }
      const suggestion = this.suggestionFor(viewer, body.firstName, body.lastName);
      const now = this.store.now().toISOString();
      const contact: Contact = {
        id: this.store.nextId('c-mem'),
        accountId: body.accountId,
        honorific: body.honorific ?? null,
        firstName: body.firstName,
        lastName: body.lastName,
        jobTitle: body.jobTitle || null,
        email: body.email,
        businessPhone: body.businessPhone || null,
        mobilePhone: body.mobilePhone || null,
        language: body.language ?? null,
        timeZone: body.timeZone ?? null,
        notifications: body.notifications ?? true,
        userId: suggestion.userId,
        roles: [],
        login: { state: 'none', lockReason: null, lockedAt: null, failedSignIns: 0, passwordChangeRequired: false, passwordChangeRequiredAt: null, lastSignInAt: null },
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      this.store.contacts.push(contact);
      if (key) this.store.idempotency.set(`${viewer.contactId}:${key}`, { contactId: contact.id, body: fingerprint });
      return contact;
    });
  }

  updateContact(id: string, patch: ContactPatch, options?: UpdateOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('update');
      const parsed = ContactPatch.safeParse(patch);
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const changes = parsed.data;
      const contact = this.reachable(viewer, id, 'contact.update');
      if (options?.ifVersion !== undefined && options.ifVersion !== contact.version) {
        throw fail('precondition_failed', 'Someone else changed this contact in the meantime. Reload it and apply your changes again.');
      }
      if (changes.userId !== undefined && changes.userId !== contact.userId) {
        if (!can(viewer, 'contact.edit_user_id', contact)) throw forbidden();
        if (changes.userId === null && contact.login.state !== 'none') {
          throw validationFailed([{ field: 'userId', message: 'A contact with a login needs a user ID.', code: 'required' }]);
        }
        if (changes.userId !== null) this.assertUserIdFree(viewer, changes.userId, contact.id);
      }
      if (changes.accountId !== undefined && changes.accountId !== contact.accountId) {
        if (!can(viewer, 'contact.change_account', contact)) throw forbidden();
        if (!canMoveContact(viewer, contact, changes.accountId, this.store.accounts)) {
          // Companies are closed: an account the viewer manages in another company is still no destination.
          const managed = this.store.accounts.some((account) => account.id === changes.accountId) && inScope(viewer, { accountId: changes.accountId });
          throw validationFailed([
            managed
              ? { field: 'accountId', message: 'A contact stays in its own company: choose an account of the same company.', code: 'other_company' }
              : { field: 'accountId', message: 'Choose an account you manage.', code: 'invalid_account' },
          ]);
        }
      }
      const previousEmail = contact.email;
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined) continue;
        // Empty optional text means "no value", as a cleared form field does.
        (contact as Record<string, unknown>)[field] = value === '' && field !== 'firstName' && field !== 'lastName' && field !== 'email' ? null : value;
      }
      // As the server does; this store keeps no links to cancel, only the mails.
      if (contact.login.state !== 'none' && contact.email.toLowerCase() !== previousEmail.toLowerCase()) {
        this.store.addMail(
          previousEmail,
          'Your portal e-mail address was changed',
          `Hello ${displayName(contact)},\n\nThe e-mail address of your portal login was changed from this address to another one. Password reset links sent here no longer work. If you did not expect this, tell your administrator.\n`,
        );
      }
      touch(contact);
      return contact;
    });
  }

  deleteContact(id: string, options?: CallOptions): Promise<void> {
    return this.run(options, (viewer) => {
      this.requireCapability('delete');
      const contact = this.reachable(viewer, id, 'contact.delete');
      this.keepAdministrator(contact, null);
      // As on the reference server, the user account stays in its company, free, and can be
      // associated again (seed 003); there it also loses its password, which this client does not model.
      const stored = this.store.users.find((user) => user.contactId === contact.id);
      if (stored) stored.contactId = null;
      else if (contact.login.state !== 'none' && contact.userId) this.store.users.push({ ...this.store.accountOf(contact), contactId: null });
      this.store.contacts = this.store.contacts.filter((c) => c !== contact);
      return undefined;
    });
  }

  createLogin(id: string, userId?: string, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('createLogin');
      const parsed = CreateLoginBody.safeParse(userId === undefined ? {} : { userId });
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const contact = this.loginTarget(viewer, id, 'login.create');
      let chosen = parsed.data.userId ?? contact.userId ?? undefined;
      if (!chosen) chosen = this.suggestionFor(viewer, contact.firstName, contact.lastName, contact.id).userId ?? undefined;
      if (!chosen) throw validationFailed([{ field: 'userId', message: 'Enter a user ID for this login.', code: 'required' }]);
      this.assertUserIdFree(viewer, chosen, contact.id);
      contact.userId = chosen;
      contact.login = { ...contact.login, ...loginChanges('create', this.store.now()) };
      this.store.passwords.set(contact.id, null);
      const { link } = this.store.newResetLink(contact.id);
      this.store.addMail(contact.email, 'Your portal login', `Hello ${displayName(contact)},\n\nA login with the user ID ${chosen} was created for you. Choose your password within 12 hours with this link:\n${link}\n`);
      touch(contact);
      return contact;
    });
  }

  setLoginEnabled(id: string, enabled: boolean, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('enableDisableLogin');
      const contact = this.transition(viewer, id, enabled ? 'enable' : 'disable');
      touch(contact);
      return contact;
    });
  }

  lockLogin(id: string, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('lockUnlock');
      const contact = this.transition(viewer, id, 'lock');
      touch(contact);
      return contact;
    });
  }

  unlockLogin(id: string, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('lockUnlock');
      const contact = this.transition(viewer, id, 'unlock');
      touch(contact);
      return contact;
    });
  }

  async resetPassword(id: string, reset: PasswordReset, options?: CallOptions): Promise<PasswordResetResult> {
    const strength = reset.mode === 'set' ? await loadPasswordStrength() : undefined;
    return this.run(options, (viewer) => {
      const parsed = PasswordReset.safeParse(reset);
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const body = parsed.data;
      const capability = body.mode === 'link' ? 'resetPasswordLink' : body.mode === 'temporary' ? 'resetPasswordTemporary' : 'setPassword';
      this.requireCapability(capability);
      const action = body.mode === 'link' ? 'password.reset_link' : body.mode === 'temporary' ? 'password.reset_temporary' : 'password.set';
      const contact = this.loginTarget(viewer, id, action);
      if (body.mode === 'set' && strength) {
        const problems = passwordProblems(body.password, contact, strength);
        if (problems.length > 0) throw fail('validation', 'The password does not meet the rules.', { fieldErrors: problems });
      }
      const name = displayName(contact);
      let result: PasswordResetResult;
      if (body.mode === 'link') {
        const { link, expiresAt } = this.store.newResetLink(contact.id);
        this.store.addMail(contact.email, 'Reset your portal password', `Hello ${name},\n\nA password reset was requested for your login. Choose your password within 12 hours with this link:\n${link}\n`);
        result = { mode: 'link', sentTo: contact.email, expiresAt, passwordChangeRequired: false };
      } else if (body.mode === 'temporary') {
        const temporary = Array.from({ length: 16 }, () => 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(this.random() * 55)]).join('');
        this.store.addMail(contact.email, 'Your temporary portal password', `Hello ${name},\n\nYour temporary password is ${temporary}. You will be asked to change it when you next sign in.\n`);
        contact.login = { ...contact.login, passwordChangeRequired: true, passwordChangeRequiredAt: this.store.now().toISOString() };
        this.store.passwords.set(contact.id, temporary);
        this.store.cancelResetLinks(contact.id);
        result = { mode: 'temporary', sentTo: contact.email, expiresAt: null, passwordChangeRequired: true };
      } else {
        contact.login = { ...contact.login, passwordChangeRequired: true, passwordChangeRequiredAt: this.store.now().toISOString() };
        if (body.mode === 'set') this.store.passwords.set(contact.id, body.password);
        this.store.cancelResetLinks(contact.id);
        result = { mode: 'set', sentTo: null, expiresAt: null, passwordChangeRequired: true };
      }
      touch(contact);
      return result;
    });
  }

  // ---- the contact's own side of a login ----

  async signIn(userId: string, password: string, options?: CallOptions): Promise<Viewer> {
    await this.runSignedOut(options, () => {
      this.requireCapability('signIn');
      const contact = this.store.contacts.find((c) => sameUserId(c.userId, userId.trim()));
      const stored = contact ? this.store.passwordOf(contact.id) : null;
      // One answer for every failure, as the server's, so it tells nothing about the login.
      if (!contact || contact.login.state !== 'enabled' || stored === null || stored !== password) {
        throw fail('unauthenticated', 'The user ID or password is wrong, or the login is not active.');
      }
      this.viewerKey = contact.id;
      this.signedOut = false;
      this.passwordSignIn = true;
      contact.login = { ...contact.login, failedSignIns: 0, lastSignInAt: this.store.now().toISOString() };
    });
    return this.me(options);
  }

  async signOut(options?: CallOptions): Promise<void> {
    await this.runSignedOut(options, () => {
      this.requireCapability('signIn');
      this.signedOut = true;
      this.passwordSignIn = false;
    });
  }

  async changePassword(currentPassword: string, newPassword: string, options?: CallOptions): Promise<Viewer> {
    const strength = await loadPasswordStrength();
    await this.run(
      options,
      (viewer) => {
        this.requireCapability('changePassword');
        const parsed = ChangePasswordBody.safeParse({ currentPassword, newPassword });
        if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
        const contact = this.store.contact(viewer.contactId)!;
        if (this.store.passwordOf(contact.id) !== currentPassword) {
          throw validationFailed([{ field: 'currentPassword', message: 'The current password is wrong.', code: 'wrong_password' }]);
        }
        const problems: FieldError[] = passwordProblems(newPassword, contact, strength).map((problem) => ({ ...problem, field: 'newPassword' }));
        if (newPassword === currentPassword) problems.push({ field: 'newPassword', code: 'unchanged', message: 'The new password must differ from the current one.' });
        if (problems.length > 0) throw fail('validation', 'The new password does not meet the rules.', { fieldErrors: problems });
        this.store.passwords.set(contact.id, newPassword);
        this.store.cancelResetLinks(contact.id);
        contact.login = { ...contact.login, passwordChangeRequired: false, passwordChangeRequiredAt: null };
        touch(contact);
      },
      { duringPasswordChange: true },
    );
    return this.me(options);
  }

  async requestPasswordReset(identifier: string, options?: CallOptions): Promise<void> {
    await this.runSignedOut(options, () => {
      this.requireCapability('requestPasswordReset');
      const parsed = PasswordResetRequestBody.safeParse({ identifier });
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const key = parsed.data.identifier.toLowerCase();
      for (const contact of this.store.contacts) {
        if (contact.login.state !== 'enabled' || !contact.userId) continue;
        if (contact.userId.toLowerCase() !== key && contact.email.toLowerCase() !== key) continue;
        const { link } = this.store.newResetLink(contact.id);
        this.store.addMail(contact.email, 'Reset your portal password', `Hello ${displayName(contact)},\n\nA password reset was requested for your login. Choose your password within 12 hours with this link:\n${link}\n`);
      }
    });
  }

  async confirmPasswordReset(token: string, password: string, options?: CallOptions): Promise<void> {
    const strength = await loadPasswordStrength();
    await this.runSignedOut(options, () => {
      this.requireCapability('confirmPasswordReset');
      const entry = this.store.resetTokens.get(token);
      const contact = entry && !entry.used && entry.expiresAt > this.store.now().getTime() ? this.store.contact(entry.contactId) : undefined;
      if (!contact) throw validationFailed([{ field: 'token', message: 'This link is invalid, used or expired.', code: 'invalid_token' }]);
      const problems = passwordProblems(password, contact, strength);
      if (problems.length > 0) throw fail('validation', 'The password does not meet the rules.', { fieldErrors: problems });
      entry!.used = true;
      this.store.passwords.set(contact.id, password);
      contact.login = { ...contact.login, passwordChangeRequired: false, passwordChangeRequiredAt: null };
      touch(contact);
    });
  }

  listRoles(options?: CallOptions): Promise<Role[]> {
    return this.run(options, () => {
      this.requireCapability('roles');
      return this.store.roles;
    });
  }

  setRoles(id: string, roleIds: string[], options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('roles');
      const parsed = RoleAssignment.safeParse({ roles: roleIds });
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const contact = this.reachable(viewer, id, 'roles.assign');
      const roles = [...new Set(parsed.data.roles)];
      const unknown = roles.filter((role) => !this.store.roles.some((r) => r.id === role));
      if (unknown.length > 0) throw validationFailed([{ field: 'roles', message: `Unknown role: ${unknown.join(', ')}.`, code: 'unknown_role' }]);
      if (removesOwnAdministrator(viewer, contact, roles)) throw forbidden(OWN_ADMINISTRATOR_MESSAGE);
      if (!canChangeRoles(viewer, contact, roles)) throw forbidden('You may not grant or remove some of these roles.');
      this.keepAdministrator(contact, { roles, login: contact.login });
      contact.roles = roles;
      touch(contact);
      return contact;
    });
  }

  listAccounts(options?: CallOptions): Promise<Account[]> {
    return this.run(options, (viewer) => {
      this.requireCapability('accounts');
      return this.store.accounts.filter((account) => viewer.scope.includes(account.id));
    });
  }

  suggestUserId(firstName: string, lastName: string, options?: CallOptions): Promise<UserIdSuggestion> {
    return this.run(options, (viewer) => {
      this.requireCapability('userIdSuggestion');
      if (!can(viewer, 'contact.create') && !can(viewer, 'contact.update')) throw forbidden();
      const missing = [
        ...(firstName.trim() ? [] : [{ field: 'firstName', message: 'First name is required.', code: 'too_small' }]),
        ...(lastName.trim() ? [] : [{ field: 'lastName', message: 'Last name is required.', code: 'too_small' }]),
      ];
      if (missing.length > 0) throw validationFailed(missing);
      return this.suggestionFor(viewer, firstName.trim(), lastName.trim());
    });
  }

  checkUserId(userId: string, excludeContactId?: string, options?: CallOptions): Promise<UserIdAvailability> {
    return this.run(options, (viewer) => {
      if (!can(viewer, 'contact.create') && !can(viewer, 'contact.update')) throw forbidden();
      const parsed = UserId.safeParse(userId);
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error).map((error) => ({ ...error, field: 'userId' })));
      // Only a contact the viewer reaches may be left out, or leaving another company's contact out
      // would confirm that it holds the ID.
      const excluded = excludeContactId ? this.store.contact(excludeContactId) : undefined;
      const holder = this.store.holderOf(parsed.data, excluded && inScope(viewer, excluded) ? excluded.id : undefined);
      const visibleHolder = holder?.contactId ? this.store.contact(holder.contactId) : undefined;
      return {
        userId: parsed.data,
        available: !holder,
        takenByContactId: visibleHolder && inScope(viewer, visibleHolder) ? visibleHolder.id : null,
      };
    });
  }

  searchUsers(search: string, options?: CallOptions): Promise<Page<UserAccount>> {
    return this.run(options, (viewer) => {
      this.requireCapability('associateUser');
      if (!can(viewer, 'user.associate')) throw forbidden();
      const needle = search.normalize('NFC').trim().toLocaleLowerCase();
      const items = this.store.userAccounts().filter((user) => {
        if (user.tenantId !== viewer.tenantId) return false;
        if (user.contactId) {
          const holder = this.store.contact(user.contactId);
          if (!holder || !inScope(viewer, holder)) return false;
        }
        return !needle || [user.userId, user.displayName, user.email].some((text) => text.toLocaleLowerCase().includes(needle));
      }).map(({ tenantId: _tenant, ...user }) => user);
      const pageSize = 25;
      return { items: items.slice(0, pageSize), total: items.length, page: 1, pageSize };
    });
  }

  associateUser(contactId: string, userAccountId: string, options?: CallOptions): Promise<Contact> {
    return this.run(options, (viewer) => {
      this.requireCapability('associateUser');
      const parsed = AssociateUserBody.safeParse({ userAccountId });
      if (!parsed.success) throw validationFailed(fieldErrorsFrom(parsed.error));
      const contact = this.reachable(viewer, contactId, 'user.associate');
      // Only an account of the viewer's company, bound only to a contact of that company.
      const user = this.store
        .userAccounts()
        .find((u) => u.id === parsed.data.userAccountId && u.tenantId === viewer.tenantId && u.tenantId === tenantOf(this.store.accounts, contact.accountId));
      const holder = user?.contactId ? this.store.contact(user.contactId) : undefined;
      if (!user || (holder && !inScope(viewer, holder))) throw fail('not_found', 'There is no such user account.');
      if (holder?.id === contact.id) return contact;
      if (holder) {
        throw fail('conflict', `This user account already belongs to ${displayName(holder)}.`, {
          conflictingId: holder.id,
          fieldErrors: [{ field: 'userAccountId', message: `Already associated with ${displayName(holder)}.`, code: 'taken' }],
        });
      }
      if (contact.login.state !== 'none') {
        throw fail('conflict', 'This contact already has a login of its own.', { conflictingId: contact.id });
      }
      const other = this.store.contacts.find((c) => c.id !== contact.id && sameUserId(c.userId, user.userId));
      if (other) throw fail('conflict', 'Another contact already uses this user ID.', { conflictingId: inScope(viewer, other) ? other.id : undefined });
      const stored = this.store.users.find((u) => u.id === user.id)!;
      stored.contactId = contact.id;
      contact.userId = stored.userId;
      contact.login = { ...contact.login, state: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0 };
      touch(contact);
      return contact;
    });
  }

  // ---- internals ----

  /**
   * Every call: fail at once on an aborted signal, wait the latency (abortably), maybe fail on
   * purpose, then run `operation` against the store and hand back a copy of its result.
   */
  private async run<T>(options: CallOptions | undefined, operation: (viewer: Viewer) => T, { duringPasswordChange = false } = {}): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw abortedError(signal);
    await this.delay(signal);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw this.inducedFailure();
    }
    if (this.failureRate > 0 && this.random() < this.failureRate) throw this.inducedFailure();
    const viewer = this.viewer();
    // As the server: a password sign-in with a temporary or administrator-set password reaches only the change.
    if (viewer.passwordChangeRequired && !duringPasswordChange) throw fail('password_change_required', 'Change your password before you continue.');
    return clone(operation(viewer));
  }

  /** The calls that need no session (sign-in, "forgot password", a mailed link). */
  private async runSignedOut<T>(options: CallOptions | undefined, operation: () => T): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw abortedError(signal);
    await this.delay(signal);
    return clone(operation());
  }

  private delay(signal: AbortSignal | undefined): Promise<void> {
    const ms = Array.isArray(this.latency) ? this.latency[0] + this.random() * Math.max(0, this.latency[1] - this.latency[0]) : this.latency;
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortedError(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private inducedFailure(): ContactsError {
    const messages: Partial<Record<ErrorCode, string>> = {
      network: 'The server could not be reached.',
      timeout: 'The server took too long to answer.',
      rate_limited: 'Too many requests. Try again in a moment.',
    };
    return fail(this.failureCode, messages[this.failureCode] ?? 'Something went wrong on the server (induced failure).');
  }

  private viewer(): Viewer {
    if (this.signedOut) throw fail('unauthenticated', 'Sign in to continue.');
    const key = this.viewerKey;
    const demo = this.store.demoViewers.find((v) => v.role === key) ?? this.store.demoViewers.find((v) => v.contactId === key);
    const contact = this.store.contact(demo?.contactId ?? key);
    if (!contact || contact.login.state !== 'enabled' || !contact.userId) throw fail('unauthenticated', 'Sign in to continue.');
    const base = { roles: contact.roles, accountId: contact.accountId, partnerAccountIds: demo?.partnerAccountIds ?? [] };
    return {
      contactId: contact.id,
      accountId: contact.accountId,
      tenantId: tenantOf(this.store.accounts, contact.accountId),
      displayName: displayName(contact),
      userId: contact.userId,
      roles: [...contact.roles],
      partnerAccountIds: [...base.partnerAccountIds],
      scope: computeScope(base, this.store.accounts),
      // Only a password sign-in is held to the change; a viewer set by `setViewer` is not.
      ...(this.passwordSignIn && contact.login.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
    };
  }

  private requireCapability(capability: keyof Capabilities): void {
    if (!this.capabilities[capability]) throw fail('unsupported', 'This operation is not available here.');
  }

  /** The contact, if the viewer reaches it (else not_found) and may take `action` on it (else forbidden). */
  private reachable(viewer: Viewer, id: string, action: Action): Contact {
    const contact = this.store.contact(id);
    const reached = reach(viewer, contact, action);
    if (reached === 'not_found') throw fail('not_found', 'There is no such contact.');
    if (reached === 'forbidden') throw forbidden();
    return contact!;
  }

  /** A company always keeps an active administrator: refuses (conflict) a change that takes its last one away. */
  private keepAdministrator(before: Contact, after: Pick<Contact, 'roles' | 'login'> | null): void {
    if (!losesAdministrator(before, after)) return;
    const company = new Set(subtree(this.store.accounts, tenantOf(this.store.accounts, before.accountId)));
    const another = this.store.contacts.some((contact) => contact.id !== before.id && company.has(contact.accountId) && isActiveAdministrator(contact));
    if (!another) throw fail('conflict', LAST_ADMINISTRATOR_MESSAGE);
  }

  private loginTarget(viewer: Viewer, id: string, action: LoginAction): Contact {
    const contact = this.reachable(viewer, id, action);
    const refused = loginStateConflict(action, contact.login.state);
    if (refused) throw fail('conflict', refused);
    return contact;
  }

  /** Enable, disable, lock or unlock, as core's transition table says (creating a login takes a user ID: createLogin). */
  private transition(viewer: Viewer, id: string, name: Exclude<LoginTransition, 'create'>): Contact {
    const contact = this.loginTarget(viewer, id, LOGIN_TRANSITIONS[name].action);
    const login = { ...contact.login, ...loginChanges(name, this.store.now()) };
    this.keepAdministrator(contact, { roles: contact.roles, login });
    contact.login = login;
    return contact;
  }

  private assertUserIdFree(viewer: Viewer, userId: string, contactId: string): void {
    const holder = this.store.holderOf(userId, contactId);
    if (!holder) return;
    const holderContact = holder.contactId ? this.store.contact(holder.contactId) : undefined;
    throw fail('conflict', 'This user ID is already taken.', {
      fieldErrors: [{ field: 'userId', message: 'This user ID is already taken. Choose another one.', code: 'taken' }],
      conflictingId: holderContact && inScope(viewer, holderContact) ? holderContact.id : undefined,
    });
  }

  /** Seed 000: `firstname.lastname`, but nothing when someone in the company has the same name. */
  private suggestionFor(viewer: Viewer, firstName: string, lastName: string, exceptContactId?: string): UserIdSuggestion {
    const tenant = new Set(subtree(this.store.accounts, viewer.tenantId));
    const duplicate = this.store.contacts.some(
      (contact) => contact.id !== exceptContactId && tenant.has(contact.accountId) && sameName(contact, { firstName, lastName }),
    );
    return chooseUserId(firstName, lastName, { hasNamesake: duplicate, isHeld: (candidate) => Boolean(this.store.holderOf(candidate, exceptContactId)) });
  }
}

const forbidden = (message = 'You may not do this.') => fail('forbidden', message);

const touch = (contact: Contact): void => {
  contact.version += 1;
  contact.updatedAt = new Date().toISOString();
};

const subtree = (accounts: readonly Account[], rootId: string): string[] => {
  const result = [rootId];
  for (let i = 0; i < result.length; i += 1) {
    for (const account of accounts) if (account.parentId === result[i] && !result.includes(account.id)) result.push(account.id);
  }
  return result;
};

/**
 * The reference server's text order (its migration 6): Unicode's root collation of the lower-cased
 * text, so "Đorđe" sorts among the D names and "anna" ties "ANNA" (then the id decides); accents
 * count ("Muller" before "Müller"), digits are compared as characters ("anna10" before "anna2").
 */
const collator = new Intl.Collator('und', { sensitivity: 'accent' });

const comparator = (field: SortField, accountNames: Map<string, string>): ((a: Contact, b: Contact) => number) => {
  const text = (get: (contact: Contact) => string | null) => (a: Contact, b: Contact) => collator.compare(get(a) ?? '', get(b) ?? '');
  switch (field) {
    case 'name':
      return (a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
    case 'account':
      return text((contact) => accountNames.get(contact.accountId) ?? contact.accountId);
    case 'status':
      return text((contact) => statusOf(contact));
    case 'updatedAt':
    case 'createdAt':
      return (a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0);
    default:
      return text((contact) => contact[field]);
  }
};
