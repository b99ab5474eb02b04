import {
  Account,
  CallsByKey,
  Contact,
  ContactDraft,
  ContactPatch,
  ContactsError,
  ListQuery,
  PasswordResetResult,
  Role,
  UserAccount,
  UserIdSuggestion,
  Viewer,
  fieldErrorsFrom,
} from '@portico/core';
import type {
  CallOptions,
  Capabilities,
  ContactsClient,
  CreateOptions,
  ExportFormat,
  ExportOptions,
  ExportWriters,
  FieldError,
  ListQueryInput,
  Page,
  PasswordReset,
  SearchCapability,
  UpdateOptions,
  UserIdAvailability,
} from '@portico/core';
import { HttpTransport, type ErrorInfo, type HttpMethod, type TransportOptions, type Params, type RequestSpec, type Schema } from '@portico/adapter-kit/transport';
import { getPath, type ApiRecord, type ContactMapping } from './fields.js';

export { mapFields, getPath, setPath } from './fields.js';
export type { ApiRecord, ContactMapping, ContactPath, FieldRule, FieldSpec, FieldTable } from './fields.js';

export type { HttpMethod, Params } from '@portico/adapter-kit/transport';

export interface RouteSpec {
  method?: HttpMethod;
  /** Relative to `baseUrl`; `:id` is replaced by the contact id. */
  path: string;
}

/** Which parts of a list query `params` turns into request parameters; each one switches on the capability of that name. */
export interface ListFeatures {
  /** `true` (words in names and e-mail, the default), `'exact'` (a whole user ID or e-mail address only: the search box says so) or `false`. */
  search?: SearchCapability;
  sort?: boolean;
  statusFilter?: boolean;
  /** `filters.accountId` (with `includeChildAccounts`), which the API must answer for the viewer's accounts only. */
  accountFilter?: boolean;
}

export interface ListRoute extends RouteSpec {
  /** How the query's search, filters and sort become request parameters (paging is added by `paging`). */
  params?: (query: ListQuery) => Params;
  /** What `params` handles (default: search, sort and the status filter; the account filter only when named). */
  supports?: ListFeatures;
  /** Dotted path of the items in the response body; omitted when the body is the array itself. */
  items?: string;
}

export interface CollectionRoute<T> extends RouteSpec {
  items?: string;
  /** One record of the response as the Portico shape; validated with the core schema. */
  map: (record: ApiRecord) => T;
}

/**
 * An action on one contact: its own route (whose body `body` builds) or `'update'`, which
 * writes the contact fields through the update route (`active: "N"` is how many APIs disable).
 */
export type ActionRoute<A extends unknown[]> = (RouteSpec & { body?: (...args: A) => unknown }) | 'update';

export interface MappedRoutes {
  list: ListRoute;
  get: RouteSpec;
  create?: RouteSpec & { idempotencyHeader?: string };
  /** PATCH sends the changed fields; PUT reads the record and sends it whole. `ifMatch` sends the version as an ETag. */
  update?: RouteSpec & { ifMatch?: boolean };
  delete?: RouteSpec;
  /** The signed-in viewer; without it, the `viewer` option is used. */
  me?: RouteSpec & { map: (body: ApiRecord) => unknown };
  accounts?: CollectionRoute<unknown>;
  roles?: CollectionRoute<unknown>;
  setRoles?: ActionRoute<[roleIds: string[]]>;
  createLogin?: ActionRoute<[userId: string | undefined]>;
  enableLogin?: ActionRoute<[]>;
  disableLogin?: ActionRoute<[]>;
  lockLogin?: ActionRoute<[]>;
  unlockLogin?: ActionRoute<[]>;
  /** Parameters of the list route that find contacts by user ID (any case), for `checkUserId` and user ID conflicts. */
  findByUserId?: (userId: string) => Params;
  /** The API's user ID suggestion: `params` of the request, `map` of its answer to `{ userId, reason }` (default: as is). */
  suggestUserId?: RouteSpec & { params: (firstName: string, lastName: string) => Params; map?: (body: ApiRecord) => unknown };
  /**
   * Password resets: the `modes` the API offers (`link`, `temporary`, `set`, each a capability),
   * the body it takes (default the reset as is) and its answer as `PasswordResetResult` (default: as is).
   */
  resetPassword?: RouteSpec & { modes: PasswordReset['mode'][]; body?: (reset: PasswordReset) => unknown; map?: (body: ApiRecord) => unknown };
  /**
   * User accounts that exist apart from contacts: `params(search)` of the request, `items` and
   * `total` (dotted paths in the body; without `items` the body is the array, without `total` the
   * items are counted), `map` of each record to a `UserAccount` (default: as is). With
   * `associateUser`, switches on `associateUser`.
   */
  searchUsers?: RouteSpec & { params: (search: string) => Params; items?: string; total?: string; map?: (record: ApiRecord) => unknown };
  /** Gives the contact `:id` a user account: `body(userAccountId)` (default `{ userAccountId }`); answers the contact (or nothing). */
  associateUser?: RouteSpec & { body?: (userAccountId: string) => unknown };
  /**
   * The contact's own side of a login, each switching on the capability of its name: `body` builds
   * the request (default Portico's: `{ userId, password }`, `{ currentPassword, newPassword }`,
   * `{ identifier }`, `{ token, password }`), `map` turns the answer into the `Viewer` (default: as is).
   */
  signIn?: RouteSpec & { body?: (userId: string, password: string) => unknown; map?: (body: ApiRecord) => unknown };
  /** Ends the session of `signIn`. */
  signOut?: RouteSpec;
  changePassword?: RouteSpec & { body?: (currentPassword: string, newPassword: string) => unknown; map?: (body: ApiRecord) => unknown };
  requestPasswordReset?: RouteSpec & { body?: (identifier: string) => unknown };
  confirmPasswordReset?: RouteSpec & { body?: (token: string, password: string) => unknown };
}

export type TotalSpec = { header: string } | { body: string };

export type Paging =
  | { style: 'page'; page: string; size: string; total?: TotalSpec }
  | { style: 'offset'; offset: string; limit: string; total?: TotalSpec }
  /** The next page's cursor from a body path, or the `Link` header's `rel="next"` URL. */
  | { style: 'cursor'; cursor: string; size: string; next: { body: string } | { link: true }; total?: TotalSpec };

export type Auth =
  | { bearer: string | (() => string | Promise<string>) }
  | { headers: () => Record<string, string> | Promise<Record<string, string>> };

/** What an error body says, in Portico terms; field names are record paths or Portico fields. */
export type ApiErrorInfo = Pick<ErrorInfo, 'message' | 'code' | 'fieldErrors' | 'conflictingId'>;

/** With the transport's `timeout` (per attempt, default 10 s), `retry` (of GET, default 2) and `fetch`. */
export interface MappedRestClientOptions extends Pick<TransportOptions, 'timeout' | 'retry' | 'fetch'> {
  baseUrl: string;
  routes: MappedRoutes;
  mapping: ContactMapping;
  paging: Paging;
  auth?: Auth;
  /** The viewer when the API has no "me" route. */
  viewer?: Viewer;
  /** Reads an error body; the default understands problem+json and `{ message, errors }`. */
  errors?: (status: number, body: unknown) => ApiErrorInfo | undefined;
  /** Narrows what the routes imply (never widens it). */
  capabilities?: Partial<Capabilities>;
  /**
   * Builds CSV, XLSX and PDF files in the page from the list route: `exportWriters()` of
   * `@portico/export` (an optional peer dependency). Without it the client offers no export.
   */
  exportWriters?: ExportWriters;
}

const NO_CAPABILITIES: Capabilities = {
  create: false,
  update: false,
  delete: false,
  versioning: false,
  createLogin: false,
  enableDisableLogin: false,
  lockUnlock: false,
  resetPasswordLink: false,
  resetPasswordTemporary: false,
  setPassword: false,
  roles: false,
  accounts: false,
  userIdSuggestion: false,
  associateUser: false,
  search: false,
  sort: false,
  statusFilter: false,
  accountFilter: false,
  export: false,
  signIn: false,
  changePassword: false,
  requestPasswordReset: false,
  confirmPasswordReset: false,
};

/** Capabilities follow from the routes: what is not mapped is absent, so the elements hide it. */
const capabilitiesOf = (options: MappedRestClientOptions): Capabilities => {
  const { routes } = options;
  const canUpdate = Boolean(routes.update);
  const action = (route: ActionRoute<never[]> | undefined) => route !== undefined && (route !== 'update' || canUpdate);
  const listed = (feature: Exclude<keyof ListFeatures, 'search'>, byDefault: boolean) => Boolean(routes.list.params) && (routes.list.supports?.[feature] ?? byDefault);
  const derived: Capabilities = {
    ...NO_CAPABILITIES,
    create: Boolean(routes.create),
    update: canUpdate,
    delete: Boolean(routes.delete),
    versioning: Boolean(routes.update?.ifMatch),
    createLogin: action(routes.createLogin as ActionRoute<never[]>),
    enableDisableLogin: action(routes.enableLogin) && action(routes.disableLogin),
    lockUnlock: action(routes.lockLogin) && action(routes.unlockLogin),
    roles: Boolean(routes.roles) && action(routes.setRoles as ActionRoute<never[]>),
    accounts: Boolean(routes.accounts),
    userIdSuggestion: Boolean(routes.suggestUserId),
    resetPasswordLink: Boolean(routes.resetPassword?.modes.includes('link')),
    resetPasswordTemporary: Boolean(routes.resetPassword?.modes.includes('temporary')),
    setPassword: Boolean(routes.resetPassword?.modes.includes('set')),
    associateUser: Boolean(routes.searchUsers && routes.associateUser),
    signIn: Boolean(routes.signIn),
    changePassword: Boolean(routes.changePassword),
    requestPasswordReset: Boolean(routes.requestPasswordReset),
    confirmPasswordReset: Boolean(routes.confirmPasswordReset),
    search: Boolean(routes.list.params) && (routes.list.supports?.search ?? true),
    sort: listed('sort', true),
    statusFilter: listed('statusFilter', true),
    accountFilter: listed('accountFilter', false),
    // Built in the page from the list route, by the writers the host passed.
    export: Boolean(options.exportWriters),
  };
  const narrowed: Record<string, unknown> = { ...derived };
  for (const [key, value] of Object.entries(options.capabilities ?? {})) if (value === false) narrowed[key] = false;
  // Search by words narrows to exact matches.
  if (options.capabilities?.search === 'exact' && derived.search) narrowed['search'] = 'exact';
  return narrowed as unknown as Capabilities;
};

/** Cursor paging of numbered pages: how many queries keep their cursors, how many pages each, how far one request walks. */
const CURSOR_CHAINS = 20;
const CURSOR_PAGES = 1000;
const CURSOR_WALK = 50;

const unsupported = (what: string) => new ContactsError(`${what} is not mapped for this API.`, { code: 'unsupported' });

interface Request extends RequestSpec {
  method: HttpMethod;
  path: string;
  id?: string;
}

/**
 * `ContactsClient` for a portal's own REST API, described as routes, a paging style and a
 * field mapping. Every record is validated with the core `Contact` schema after mapping.
 */
export class MappedRestClient implements ContactsClient {
  readonly capabilities: Capabilities;
  private readonly options: MappedRestClientOptions;
  private readonly http: HttpTransport;
  /** Creates by idempotency key, so a retried create in this client returns the first result. */
  private readonly creates = new CallsByKey<Contact>();
  /** Cursor paging: per list query (but its page), the cursor that opens each page read so far (page 1: null). */
  private readonly cursorChains = new Map<string, Map<number, string | null>>();
  /** Counts the writes through this client; a list read that began before the latest one remembers nothing. */
  private writes = 0;

  constructor(options: MappedRestClientOptions) {
    this.options = options;
    this.capabilities = capabilitiesOf(options);
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      baseUrlSetting: 'baseUrl',
      notFound: (base) => `nothing answers at this path under ${base}. Check baseUrl and the route's path.`,
      headers: () => this.authHeaders(),
      readError: (status, body) => {
        const info = (options.errors ?? readErrorBody)(status, body);
        return info && { ...info, fieldErrors: (info.fieldErrors ?? []).map((fieldError) => ({ ...fieldError, field: this.porticoField(fieldError.field) })) };
      },
      timeout: options.timeout,
      retry: options.retry,
      fetch: options.fetch,
    });
  }

  async me(options?: CallOptions): Promise<Viewer> {
    const route = this.options.routes.me;
    if (!route) {
      if (this.options.viewer) return Viewer.parse(this.options.viewer);
      throw unsupported('The signed-in viewer');
    }
    const { body } = await this.send({ method: route.method ?? 'GET', path: route.path, signal: options?.signal });
    return this.validate(Viewer, route.map(body as ApiRecord), 'the viewer');
  }

  async listContacts(input: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const parsed = ListQuery.safeParse(input ?? {});
    if (!parsed.success) throw new ContactsError('The list query is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    return this.readPage(parsed.data, this.writes, options);
  }

  /** One page of `query`; `writes` is the write count when the caller's read began. */
  private async readPage(query: ListQuery, writes: number, options?: CallOptions): Promise<Page<Contact>> {
    const { list } = this.options.routes;
    const paging = this.options.paging;
    const page = query.page ?? 1;
    let path = list.path;
    let params: Params = { ...list.params?.(query) };
    if (paging.style === 'page') {
      params[paging.page] = String(page);
      params[paging.size] = String(query.pageSize);
    } else if (paging.style === 'offset') {
      params[paging.offset] = String((page - 1) * query.pageSize);
      params[paging.limit] = String(query.pageSize);
    } else if (!query.cursor && page > 1) {
      return this.cursorPage(query, paging, writes, options);
    } else {
      [path, params] = this.cursorRequest(query, paging, query.cursor);
    }
    const { body, records, response, nextCursor } = await this.listRecords(path, params, options?.signal);
    const items = records.map((record: ApiRecord) => this.toContact(record));
    // A cursor without `page` is a page at an unknown position: nothing to remember it by.
    if (paging.style === 'cursor' && (query.page !== undefined || !query.cursor)) this.rememberCursors(query, page, query.cursor, nextCursor, writes);
    const offset = (page - 1) * query.pageSize;
    const counted = paging.total ? Number('header' in paging.total ? response.headers.get(paging.total.header) : getPath(body, paging.total.body)) : NaN;
    const paged = paging.style === 'cursor' ? { nextCursor: nextCursor ?? null } : { page };
    if (Number.isInteger(counted) && counted >= 0) return { items, total: counted, pageSize: query.pageSize, ...paged };
    // Without the backend's count, the items up to this page are a lower bound ("more than N")
    // while a full page or a next cursor says more may follow. A cursor without `page` hides how
    // many pages came before, so its count stays a lower bound even on the last page.
    const more = paging.style === 'cursor' ? Boolean(nextCursor) : items.length >= query.pageSize;
    const positionUnknown = paging.style === 'cursor' && Boolean(query.cursor) && query.page === undefined;
    return { items, total: offset + items.length, ...(more || positionUnknown ? { totalExact: false } : {}), pageSize: query.pageSize, ...paged };
  }

  /** One request of the list route: the raw records, and for cursor paging the next page's cursor. */
  private async listRecords(path: string, params: Params, signal: AbortSignal | undefined): Promise<{ body: unknown; records: ApiRecord[]; response: Response; nextCursor: string | null | undefined }> {
    const { list } = this.options.routes;
    const paging = this.options.paging;
    const { body, response } = await this.send({ method: list.method ?? 'GET', path, params, signal });
    const records: unknown = list.items ? getPath(body, list.items) : body;
    if (!Array.isArray(records)) {
      throw new ContactsError(`The list answer has no array at ${list.items ? `"${list.items}"` : 'its top level'}.`, { code: 'invalid_response', status: response.status });
    }
    return { body, records: records as ApiRecord[], response, nextCursor: paging.style === 'cursor' ? this.nextCursor(paging.next, body, response) : undefined };
  }

  /** The chain of a query: everything but `page` and `cursor` (a new search, filter, sort or size starts a new one). */
  /** A list query without its position: the queries whose pages share one cursor chain. */
  private chainKey(query: ListQuery): string {
    const { page: _page, cursor: _cursor, ...rest } = query;
    return JSON.stringify(rest);
  }

  private cursorChain(query: ListQuery): Map<number, string | null> {
    const key = this.chainKey(query);
    const chain = this.cursorChains.get(key);
    if (chain) {
      // Least recently used first, so the oldest query is the one forgotten.
      this.cursorChains.delete(key);
      this.cursorChains.set(key, chain);
      return chain;
    }
    const fresh = new Map<number, string | null>([[1, null]]);
    this.cursorChains.set(key, fresh);
    if (this.cursorChains.size > CURSOR_CHAINS) this.cursorChains.delete(this.cursorChains.keys().next().value!);
    return fresh;
  }

  /**
   * Page `page` opened with `cursor` (null: the first page) and pointed on with `next`, unless a
   * write through this client completed since the read began (`writes`): then they may be stale.
   */
  private rememberCursors(query: ListQuery, page: number, cursor: string | undefined, next: string | null | undefined, writes: number): void {
    if (writes !== this.writes) return;
    const chain = this.cursorChain(query);
    if (chain.size >= CURSOR_PAGES) return;
    if (cursor && page > 1) chain.set(page, cursor);
    if (next) chain.set(page + 1, next);
  }

  /**
   * A numbered page of a cursor-paged API (what `<contact-list>` asks for): with the cursor
   * remembered for that page, or by walking on from the last page whose cursor is known.
   */
  private async cursorPage(query: ListQuery, paging: Extract<Paging, { style: 'cursor' }>, writes: number, options?: CallOptions): Promise<Page<Contact>> {
    const target = query.page!;
    const chain = this.cursorChain(query);
    let from = 1;
    for (const known of chain.keys()) if (known <= target && known > from) from = known;
    if (target - from > CURSOR_WALK) {
      throw new ContactsError(
        `page ${target} is more than ${CURSOR_WALK} pages past the last page read (${from}); this API pages with cursors, so read the pages before it first or pass a cursor.`,
        { code: 'unsupported', fieldErrors: [{ field: 'page', message: `At most ${CURSOR_WALK} pages past the last page read.`, code: 'too_big' }] },
      );
    }
    // Walk without mapping the pages on the way; only the asked-for page becomes contacts.
    let cursor = chain.get(from) ?? undefined;
    try {
      for (let page = from; page < target; page++) {
        const { records, nextCursor } = await this.listRecords(...this.cursorRequest(query, paging, cursor), options?.signal);
        this.rememberCursors(query, page, cursor, nextCursor, writes);
        // The list ended before the asked-for page: an empty page past the end, with the exact count.
        if (!nextCursor) return { items: [], total: (page - 1) * query.pageSize + records.length, pageSize: query.pageSize, nextCursor: null };
        cursor = nextCursor;
      }
      return await this.readPage({ ...query, cursor }, writes, options);
    } catch (error) {
      // A refused remembered cursor (expired, or from before someone else's change) must not fail
      // every retry: forget this query's chain, so the next read walks again from page 1.
      if (!(error instanceof ContactsError && error.code === 'aborted')) this.cursorChains.delete(this.chainKey(query));
      throw error;
    }
  }

  /**
   * Sends a write. A created, deleted or changed contact can move every later page of a cursor
   * chain (a keyset cursor names a row, not a position) or enter or leave a filter, so all
   * remembered cursors go, whether the write succeeded or failed (a timed-out write may have
   * happened); numbered pages are walked again from page 1.
   */
  private async write(request: Request): Promise<{ body: unknown; response: Response }> {
    try {
      return await this.send(request);
    } finally {
      this.writes++;
      this.cursorChains.clear();
    }
  }

  /** The path and parameters of one cursor page (a Link-header cursor is the whole next URL, parameters included). */
  private cursorRequest(query: ListQuery, paging: Extract<Paging, { style: 'cursor' }>, cursor: string | undefined): [string, Params] {
    if (cursor && /^https?:/.test(cursor)) return [cursor, {}];
    const params: Params = { ...this.options.routes.list.params?.(query), [paging.size]: String(query.pageSize) };
    if (cursor) params[paging.cursor] = cursor;
    return [this.options.routes.list.path, params];
  }

  async getContact(id: string, options?: CallOptions): Promise<Contact> {
    return this.toContact(await this.getRecord(id, options?.signal));
  }

  /**
   * CSV, XLSX or PDF built in the page (`@portico/export`): the list route a page at a time, or
   * the selection one record at a time; the API decides what the viewer may see.
   */
  async exportContacts(query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}): Promise<Blob> {
    if (!this.capabilities.export) throw unsupported('Export');
    return this.options.exportWriters!(this, query, format, options);
  }

  async createContact(draft: ContactDraft, options?: CreateOptions): Promise<Contact> {
    const route = this.options.routes.create;
    if (!route) throw unsupported('Creating contacts');
    const parsed = ContactDraft.safeParse(draft);
    if (!parsed.success) throw new ContactsError('The contact is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    const key = options?.idempotencyKey;
    const now = new Date().toISOString();
    const contact = {
      honorific: null,
      jobTitle: null,
      businessPhone: null,
      mobilePhone: null,
      language: null,
      timeZone: null,
      notifications: false,
      ...parsed.data,
      userId: null,
      roles: [],
      login: { state: 'none', lockReason: null, lockedAt: null, failedSignIns: 0, passwordChangeRequired: false, lastSignInAt: null },
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return this.creates.run(key, async () => {
      const headers: Record<string, string> = key && route.idempotencyHeader ? { [route.idempotencyHeader]: key } : {};
      const { body } = await this.write({ method: route.method ?? 'POST', path: route.path, json: this.options.mapping.toRecord(contact), headers, signal: options?.signal });
      return this.toContact(body as ApiRecord);
    });
  }

  async updateContact(id: string, patch: ContactPatch, options?: UpdateOptions): Promise<Contact> {
    const parsed = ContactPatch.safeParse(patch);
    if (!parsed.success) throw new ContactsError('The changes are not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    if (parsed.data.userId && this.options.routes.findByUserId) {
      const availability = await this.checkUserId(parsed.data.userId, id, options);
      if (!availability.available) {
        throw new ContactsError('Another contact already has this user ID.', {
          code: 'conflict',
          status: 409,
          fieldErrors: [{ field: 'userId', message: 'Another contact already has this user ID.', code: 'taken' }],
          ...(availability.takenByContactId ? { conflictingId: availability.takenByContactId } : {}),
        });
      }
    }
    return this.writeFields(id, parsed.data, options);
  }

  async deleteContact(id: string, options?: CallOptions): Promise<void> {
    const route = this.options.routes.delete;
    if (!route) throw unsupported('Deleting contacts');
    await this.write({ method: route.method ?? 'DELETE', path: route.path, id, signal: options?.signal });
  }

  createLogin(id: string, userId?: string, options?: CallOptions): Promise<Contact> {
    return this.action('Creating logins', this.options.routes.createLogin, id, [userId], { ...(userId ? { userId } : {}), login: { state: 'enabled' } }, options);
  }

  setLoginEnabled(id: string, enabled: boolean, options?: CallOptions): Promise<Contact> {
    const route = enabled ? this.options.routes.enableLogin : this.options.routes.disableLogin;
    return this.action('Enabling and disabling logins', route, id, [], { login: { state: enabled ? 'enabled' : 'disabled' } }, options);
  }

  lockLogin(id: string, options?: CallOptions): Promise<Contact> {
    const fields = { login: { state: 'locked', lockReason: 'admin', lockedAt: new Date().toISOString() } };
    return this.action('Locking logins', this.options.routes.lockLogin, id, [], fields, options);
  }

  unlockLogin(id: string, options?: CallOptions): Promise<Contact> {
    const fields = { login: { state: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0 } };
    return this.action('Unlocking logins', this.options.routes.unlockLogin, id, [], fields, options);
  }

  async resetPassword(id: string, reset: PasswordReset, options?: CallOptions): Promise<PasswordResetResult> {
    const route = this.options.routes.resetPassword;
    if (!route?.modes.includes(reset.mode)) throw unsupported('Password reset');
    const { body } = await this.write({ method: route.method ?? 'POST', path: route.path, id, json: route.body ? route.body(reset) : reset, signal: options?.signal });
    return this.validate(PasswordResetResult, route.map ? route.map(body as ApiRecord) : body, 'password reset');
  }

  async listRoles(options?: CallOptions): Promise<Role[]> {
    return this.collection(Role, this.options.routes.roles, 'Roles', options);
  }

  setRoles(id: string, roleIds: string[], options?: CallOptions): Promise<Contact> {
    return this.action('Role assignment', this.options.routes.setRoles, id, [roleIds], { roles: roleIds }, options);
  }

  async listAccounts(options?: CallOptions): Promise<Account[]> {
    return this.collection(Account, this.options.routes.accounts, 'Accounts', options);
  }

  async suggestUserId(firstName: string, lastName: string, options?: CallOptions): Promise<UserIdSuggestion> {
    const route = this.options.routes.suggestUserId;
    if (!route) throw unsupported('User ID suggestion');
    const { body } = await this.send({ method: route.method ?? 'GET', path: route.path, params: route.params(firstName, lastName), signal: options?.signal });
    return this.validate(UserIdSuggestion, route.map ? route.map(body as ApiRecord) : body, 'user ID suggestion');
  }

  async checkUserId(userId: string, excludeContactId?: string, options?: CallOptions): Promise<UserIdAvailability> {
    const find = this.options.routes.findByUserId;
    if (!find) throw unsupported('Checking user IDs');
    const { list } = this.options.routes;
    const { body } = await this.send({ method: list.method ?? 'GET', path: list.path, params: find(userId), signal: options?.signal });
    const records = (list.items ? getPath(body, list.items) : body) as ApiRecord[];
    const holder = (Array.isArray(records) ? records : [])
      .map((record) => this.toContact(record))
      .find((contact) => contact.userId?.toLowerCase() === userId.toLowerCase() && contact.id !== excludeContactId);
    return { userId, available: !holder, takenByContactId: holder?.id ?? null };
  }

  async searchUsers(search: string, options?: CallOptions): Promise<Page<UserAccount>> {
    const route = this.options.routes.searchUsers;
    if (!route || !this.capabilities.associateUser) throw unsupported('Searching user accounts');
    const { body } = await this.send({ method: route.method ?? 'GET', path: route.path, params: route.params(search), signal: options?.signal });
    const records = route.items ? getPath(body, route.items) : body;
    if (!Array.isArray(records)) throw new ContactsError('The answer for user accounts has no array of records.', { code: 'invalid_response' });
    const items = records.map((record: ApiRecord, index) => this.validate(UserAccount, route.map ? route.map(record) : record, `user account ${index}`));
    const total = route.total ? Number(getPath(body, route.total)) : items.length;
    return { items, total: Number.isInteger(total) && total >= items.length ? total : items.length, pageSize: Math.max(1, items.length) };
  }

  async associateUser(contactId: string, userAccountId: string, options?: CallOptions): Promise<Contact> {
    const route = this.options.routes.associateUser;
    if (!route || !this.capabilities.associateUser) throw unsupported('Associating user accounts');
    const json = route.body ? route.body(userAccountId) : { userAccountId };
    const { body } = await this.write({ method: route.method ?? 'PUT', path: route.path, id: contactId, json, signal: options?.signal });
    return body && typeof body === 'object' ? this.toContact(body as ApiRecord) : this.getContact(contactId, options);
  }

  // ---- the contact's own side of a login ----

  async signIn(userId: string, password: string, options?: CallOptions): Promise<Viewer> {
    const route = this.options.routes.signIn;
    if (!route) throw unsupported('Signing in');
    const { body } = await this.send({ method: route.method ?? 'POST', path: route.path, json: route.body ? route.body(userId, password) : { userId, password }, signal: options?.signal });
    return this.validate(Viewer, route.map ? route.map(body as ApiRecord) : body, 'the signed-in viewer');
  }

  async signOut(options?: CallOptions): Promise<void> {
    const route = this.options.routes.signOut;
    if (!route) throw unsupported('Signing out');
    await this.send({ method: route.method ?? 'DELETE', path: route.path, signal: options?.signal });
  }

  async changePassword(currentPassword: string, newPassword: string, options?: CallOptions): Promise<Viewer> {
    const route = this.options.routes.changePassword;
    if (!route) throw unsupported('Changing passwords');
    const json = route.body ? route.body(currentPassword, newPassword) : { currentPassword, newPassword };
    const { body } = await this.send({ method: route.method ?? 'POST', path: route.path, json, signal: options?.signal });
    return this.validate(Viewer, route.map ? route.map(body as ApiRecord) : body, 'the signed-in viewer');
  }

  async requestPasswordReset(identifier: string, options?: CallOptions): Promise<void> {
    const route = this.options.routes.requestPasswordReset;
    if (!route) throw unsupported('Password reset requests');
    await this.send({ method: route.method ?? 'POST', path: route.path, json: route.body ? route.body(identifier) : { identifier }, signal: options?.signal });
  }

  async confirmPasswordReset(token: string, password: string, options?: CallOptions): Promise<void> {
    const route = this.options.routes.confirmPasswordReset;
    if (!route) throw unsupported('Choosing a password with a link');
    await this.send({ method: route.method ?? 'POST', path: route.path, json: route.body ? route.body(token, password) : { token, password }, signal: options?.signal });
  }

  // ---- mapping ----

  /** Maps a record and validates it; a mapping mistake is one error naming the field and the record. */
  private toContact(record: ApiRecord): Contact {
    const { mapping } = this.options;
    const parsed = Contact.safeParse(mapping.fromRecord(record));
    if (parsed.success) return parsed.data;
    const idPath = mapping.pathOf('id') ?? 'id';
    const recordId = String(getPath(record, idPath) ?? '(no id)');
    const fieldErrors = fieldErrorsFrom(parsed.error);
    const first = fieldErrors[0]!;
    const source = mapping.pathOf(first.field.split('.')[0] === 'login' ? first.field : first.field.split('.')[0]!);
    const from = source ? ` (record field "${source}" = ${JSON.stringify(getPath(record, source)) ?? 'missing'})` : '';
    return this.fail(
      new ContactsError(`The mapping of record "${recordId}" gives an invalid contact: ${first.field}${from}: ${first.message}`, {
        code: 'invalid_response',
        fieldErrors,
        cause: parsed.error,
      }),
    );
  }

  private fail(error: ContactsError): never {
    throw error;
  }

  private validate<T>(schema: Schema<T>, value: unknown, what: string): T {
    return this.http.check(schema, value, `The mapping of ${what}`);
  }

  private async collection<T>(schema: Schema<T>, route: CollectionRoute<unknown> | undefined, what: string, options?: CallOptions): Promise<T[]> {
    if (!route) throw unsupported(what);
    const { body } = await this.send({ method: route.method ?? 'GET', path: route.path, signal: options?.signal });
    const records = route.items ? getPath(body, route.items) : body;
    if (!Array.isArray(records)) throw new ContactsError(`The answer for ${what.toLowerCase()} has no array of records.`, { code: 'invalid_response' });
    return records.map((record: ApiRecord, index) => this.validate(schema, route.map(record), `${what.toLowerCase()} item ${index}`));
  }

  private async getRecord(id: string, signal?: AbortSignal): Promise<ApiRecord> {
    const { get } = this.options.routes;
    const { body } = await this.send({ method: get.method ?? 'GET', path: get.path, id, signal });
    return body as ApiRecord;
  }

  private async writeFields(id: string, fields: Record<string, unknown>, options?: UpdateOptions): Promise<Contact> {
    const route = this.options.routes.update;
    if (!route) throw unsupported('Updating contacts');
    const method = route.method ?? 'PATCH';
    let json: ApiRecord = this.options.mapping.toRecord(fields);
    if (method === 'PUT') json = { ...(await this.getRecord(id, options?.signal)), ...json };
    const headers: Record<string, string> = route.ifMatch && options?.ifVersion !== undefined ? { 'If-Match': `"${options.ifVersion}"` } : {};
    const { body } = await this.write({ method, path: route.path, id, json, headers, signal: options?.signal });
    return body && typeof body === 'object' ? this.toContact(body as ApiRecord) : this.getContact(id, options);
  }

  private async action<A extends unknown[]>(what: string, route: ActionRoute<A> | undefined, id: string, args: A, fields: Record<string, unknown>, options?: CallOptions): Promise<Contact> {
    if (!route) throw unsupported(what);
    if (route === 'update') return this.writeFields(id, fields, options);
    const { body } = await this.write({ method: route.method ?? 'POST', path: route.path, id, json: route.body?.(...args), signal: options?.signal });
    return body && typeof body === 'object' ? this.toContact(body as ApiRecord) : this.getContact(id, options);
  }

  private nextCursor(next: { body: string } | { link: true }, body: unknown, response: Response): string | null {
    if ('body' in next) {
      const value = getPath(body, next.body);
      return typeof value === 'string' && value ? value : null;
    }
    const link = response.headers.get('link') ?? '';
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link);
    return match ? match[1]! : null;
  }

  // ---- transport ----

  private send({ method, path, id, ...spec }: Request): Promise<{ body: unknown; response: Response }> {
    return this.http.request(method, id === undefined ? path : path.replace(':id', encodeURIComponent(id)), spec);
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const { auth } = this.options;
    if (!auth) return {};
    if ('headers' in auth) return auth.headers();
    const token = typeof auth.bearer === 'function' ? await auth.bearer() : auth.bearer;
    return { Authorization: `Bearer ${token}` };
  }

  /** A record path in an error (`email_address`) as the Portico field a form shows (`email`). */
  private porticoField(field: string): string {
    for (const candidate of PORTICO_FIELDS) if (this.options.mapping.pathOf(candidate) === field) return candidate;
    return field;
  }
}

const PORTICO_FIELDS = [...Object.keys(Contact.shape), 'login.state'];

/** Problem details (`detail`, `title`, `errors: [{ field, message }]`, `conflictingId`) or `{ message, errors }` with an array or a field-to-message object. */
export const readErrorBody = (_status: number, body: unknown): ApiErrorInfo | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const object = body as Record<string, unknown>;
  const message = [object['detail'], object['message'], object['title'], object['error']].find((value): value is string => typeof value === 'string');
  const errors = object['errors'];
  let fieldErrors: FieldError[] = [];
  if (Array.isArray(errors)) {
    fieldErrors = errors
      .filter((e): e is { field: string; message: string } => typeof e?.field === 'string' && typeof e?.message === 'string')
      .map((e) => ({ field: e.field, message: e.message }));
  } else if (errors && typeof errors === 'object') {
    fieldErrors = Object.entries(errors).map(([field, text]) => ({ field, message: String(text) }));
  }
  // The contact a conflict is with (a user account already associated, say), as the reference server names it.
  const conflictingId = typeof object['conflictingId'] === 'string' ? object['conflictingId'] : undefined;
  return { ...(message ? { message } : {}), fieldErrors, ...(conflictingId ? { conflictingId } : {}) };
};

/** Creates the adapter; see docs/adapters.md for a worked example. */
export const createMappedRestClient = (options: MappedRestClientOptions): MappedRestClient => new MappedRestClient(options);
