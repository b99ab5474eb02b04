import {
  CallsByKey,
  Contact,
  ContactDraft,
  ContactPatch,
  ContactsError,
  HONORIFICS,
  ListQuery,
  UserId,
  Viewer,
  codeForStatus,
  fieldErrorsFrom,
  suggestUserId as suggestFromName,
} from '@portico/core';
import type {
  Account,
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
  PasswordResetResult,
  Role,
  SearchCapability,
  SortField,
  UpdateOptions,
  UserAccount,
  UserIdAvailability,
  UserIdSuggestion,
} from '@portico/core';
import { HttpTransport, type ErrorInfo, type HttpMethod, type TransportOptions } from '@portico/adapter-kit/transport';
import { and, caseVariants, or, stripQuotes, writeFilter, type CompareOp, type QuoteHandling, type ScimFilter } from './filter.js';

export { writeFilter, stripQuotes, caseVariants } from './filter.js';
export type { ScimFilter, QuoteHandling, CompareOp } from './filter.js';

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

type ScimObject = Record<string, unknown>;
type QueryParams = { startIndex?: number; count?: number; filter?: string; sortBy?: string; sortOrder?: string; attributes?: string };
interface MultiValue {
  value?: unknown;
  type?: string;
  primary?: boolean;
}

/** With the transport's `timeout` (per attempt, default 10 s), `retry` (of GET, default 2) and `fetch`. */
export interface ScimClientOptions extends Pick<TransportOptions, 'timeout' | 'retry' | 'fetch'> {
  /** The SCIM base URL, such as `https://idp.example/scim/v2`. */
  baseUrl: string;
  /** Bearer token (RFC 6750), or a function that returns a fresh one. */
  token?: string | (() => string | Promise<string>);
  /** Where a user's account lives: an enterprise-extension attribute (default `organization`). Groups are listed as accounts. */
  accountAttribute?: 'organization' | 'division' | 'department';
  /**
   * Users that are contacts without a login, marked by an attribute value (default none: every
   * user has a login and `createLogin` is absent). Their `userName` is their e-mail, as SCIM requires one.
   */
  noLogin?: { attribute: 'userType'; value: string; loginValue: string };
  /** SCIM has no role catalogue: the roles this portal offers. Without it, roles are absent. */
  roles?: Role[];
  /** `entitlements` of this type name the accounts a partner administrator manages (default `partner`). */
  partnerEntitlementType?: string;
  /** `escape` (RFC 7644) or `strip` for servers that reject `\"` in a filter value; `strip` drops `"` and `\` from search text. */
  quotes?: QuoteHandling;
  /** The server compares filter values case-sensitively (against RFC 7643): search sends the usual spellings of each word. */
  caseSensitiveFilters?: boolean;
  /** `POST /Users/.search` (default `auto`: tried first, GET when the server lacks it). */
  searchEndpoint?: 'auto' | 'always' | 'never';
  /**
   * The signed-in user when the server has no `/Me`: their `userName` (looked up with
   * `userName eq`), or a function that returns the viewer. Given, `/Me` is not asked.
   */
  viewer?: { userName: string } | ((options?: CallOptions) => Viewer | Promise<Viewer>);
  /**
   * The account of a user whose account the server cannot say (no enterprise extension and no
   * Group membership). Without the extension new contacts go into an account by joining its Group.
   */
  defaultAccountId?: string;
  /** Most requests one call may make: a keystroke in the search box never fans out further (default 4). */
  requestBudget?: number;
  /** Narrows what discovery found (never widens it). */
  capabilities?: Partial<Capabilities>;
  /**
   * Builds CSV, XLSX and PDF files in the page from /Users: `exportWriters()` of `@portico/export`
   * (an optional peer dependency). Without it the client offers no export.
   */
  exportWriters?: ExportWriters;
}

/** Which filters the server answers, found by cheap probe queries (discovery cannot say). */
export interface ScimFilterSupport {
  /** Attributes that take `eq`. */
  equals: string[];
  /** Attributes that take `co`. */
  contains: string[];
  or: boolean;
  and: boolean;
  /** One level of parentheses: `(a or b) and c`. */
  parentheses: boolean;
  /** `\"` inside a value. */
  escapedQuotes: boolean;
}

/** What `/ServiceProviderConfig`, `/Schemas` and `/ResourceTypes` said, and what the probes found. */
export interface ScimDiscovery {
  patch: boolean;
  sort: boolean;
  filter: boolean;
  etag: boolean;
  maxResults: number;
  usersEndpoint: string;
  groupsEndpoint: string | null;
  enterprise: boolean;
  filters: ScimFilterSupport;
}

const NO_FILTERS: ScimFilterSupport = { equals: [], contains: [], or: false, and: false, parentheses: false, escapedQuotes: false };
const NAME_ATTRIBUTES = ['name.givenName', 'name.familyName', 'emails.value'];
const PROBE = 'portico-probe';
/** Probe results per server and token's process: they do not change while it runs. */
const probesByServer = new Map<string, Promise<ScimFilterSupport>>();

const SORT: Record<SortField, string> = {
  name: 'name.familyName',
  firstName: 'name.givenName',
  lastName: 'name.familyName',
  email: 'emails',
  jobTitle: 'title',
  honorific: 'name.honorificPrefix',
  account: 'name.familyName',
  status: 'active',
  updatedAt: 'meta.lastModified',
  createdAt: 'meta.created',
};

/** SCIM attributes named in error details, as the Portico fields a form shows. */
const FIELD_OF_ATTRIBUTE: [RegExp, string][] = [
  [/userName/, 'userId'],
  [/emails/, 'email'],
  [/givenName/, 'firstName'],
  [/familyName/, 'lastName'],
  [/honorificPrefix/, 'honorific'],
  [/\btitle\b/, 'jobTitle'],
  [/phoneNumbers/, 'businessPhone'],
  [/preferredLanguage/, 'language'],
  [/timezone/, 'timeZone'],
  [/organization|division|department/, 'accountId'],
  [/roles/, 'roles'],
];

const unsupported = (what: string) => new ContactsError(`${what} is not available on this SCIM server.`, { code: 'unsupported' });

const multi = (value: unknown): MultiValue[] => (Array.isArray(value) ? (value as MultiValue[]) : []);
const pick = (values: MultiValue[], type: string) => values.find((entry) => entry.type === type) ?? undefined;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Reads the service provider's configuration, then returns a client that uses only what the
 * server supports: PUT without PATCH, no sort without sort, no If-Match without ETags.
 */
export const createScimClient = async (options: ScimClientOptions, callOptions?: CallOptions): Promise<ScimContactsClient> => {
  const client = new ScimContactsClient(options);
  await client.discover(callOptions);
  return client;
};

export class ScimContactsClient implements ContactsClient {
  capabilities: Capabilities;
  discovery: ScimDiscovery = {
    patch: false,
    sort: false,
    filter: false,
    etag: false,
    maxResults: 200,
    usersEndpoint: '/Users',
    groupsEndpoint: null,
    enterprise: false,
    filters: NO_FILTERS,
  };
  private readonly options: ScimClientOptions;
  private readonly http: HttpTransport;
  private useSearchEndpoint: boolean;
  /** Creates by idempotency key, so a retried create in this client returns the first result. */
  private readonly creates = new CallsByKey<Contact>();

  /** Prefer `createScimClient`, which discovers the server first; until then nothing is supported. */
  constructor(options: ScimClientOptions) {
    this.options = options;
    this.http = new HttpTransport({
      baseUrl: options.baseUrl,
      service: 'SCIM server',
      baseUrlSetting: 'baseUrl',
      headers: async () => {
        const token = typeof options.token === 'function' ? await options.token() : options.token;
        return { accept: 'application/scim+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      },
      readError: scimErrorInfo,
      timeout: options.timeout,
      retry: options.retry,
      fetch: options.fetch,
    });
    this.useSearchEndpoint = options.searchEndpoint !== 'never';
    this.capabilities = this.capabilitiesFor(this.discovery, false);
  }

  async discover(options?: CallOptions): Promise<ScimDiscovery> {
    const [config, schemas, types] = await Promise.all([
      this.send('GET', '/ServiceProviderConfig', { signal: options?.signal }),
      this.send('GET', '/Schemas', { signal: options?.signal }).catch(() => ({ Resources: [] })),
      this.send('GET', '/ResourceTypes', { signal: options?.signal }).catch(() => ({ Resources: [] })),
    ]);
    const supported = (key: string) => Boolean((config as ScimObject)?.[key] && ((config as ScimObject)[key] as ScimObject)['supported']);
    const resources = (body: unknown) => multi((body as ScimObject)?.['Resources']) as ScimObject[];
    const typeNamed = (name: string) => resources(types).find((type) => type['name'] === name || type['id'] === name);
    const user = typeNamed('User');
    const group = typeNamed('Group');
    const schemaIds = resources(schemas).map((schema) => schema['id']);
    const extensions = multi(user?.['schemaExtensions']).map((extension) => (extension as ScimObject)['schema']);
    const usersEndpoint = typeof user?.['endpoint'] === 'string' ? (user['endpoint'] as string) : '/Users';
    const filter = supported('filter');
    this.discovery = {
      patch: supported('patch'),
      sort: supported('sort'),
      filter,
      etag: supported('etag'),
      maxResults: Number(((config as ScimObject)?.['filter'] as ScimObject | undefined)?.['maxResults']) || 200,
      usersEndpoint,
      groupsEndpoint: typeof group?.['endpoint'] === 'string' ? (group['endpoint'] as string) : null,
      enterprise: schemaIds.includes(ENTERPRISE_USER) || extensions.includes(ENTERPRISE_USER),
      filters: filter ? await this.probeFilters(usersEndpoint, options?.signal) : NO_FILTERS,
    };
    this.capabilities = this.capabilitiesFor(this.discovery, true);
    return this.discovery;
  }

  /**
   * Asks the server, once per server in this page or process, which comparisons it answers: a
   * filter it refuses (400) is one the adapter never sends, whatever discovery claimed.
   */
  private probeFilters(usersEndpoint: string, signal?: AbortSignal): Promise<ScimFilterSupport> {
    const key = `${this.options.baseUrl} ${usersEndpoint} ${this.options.noLogin?.attribute ?? ''}`;
    const cached = probesByServer.get(key);
    if (cached) return cached;
    const works = async (filter: string): Promise<boolean> => {
      try {
        await this.send('GET', usersEndpoint, { params: { filter, count: '1', attributes: 'id' }, signal });
        return true;
      } catch (error) {
        if (error instanceof ContactsError && [400, 403, 501].includes(error.status)) return false;
        throw error;
      }
    };
    const value = `"${PROBE}"`;
    const equalsCandidates = ['userName', 'emails.value', 'name.givenName', 'name.familyName', ...(this.options.noLogin ? [this.options.noLogin.attribute] : [])];
    const probing = (async () => {
      const [equalsFound, containsFound, active, orWorks, andWorks, parentheses, escapedQuotes] = await Promise.all([
        Promise.all(equalsCandidates.map((attr) => works(`${attr} eq ${value}`))),
        Promise.all(NAME_ATTRIBUTES.map((attr) => works(`${attr} co ${value}`))),
        works('active eq true'),
        works(`userName eq ${value} or userName eq "${PROBE}-2"`),
        works(`userName eq ${value} and userName eq "${PROBE}-2"`),
        works(`(userName eq ${value} or userName eq "${PROBE}-2") and userName eq "${PROBE}-3"`),
        works(`userName eq "${PROBE}\\"x"`),
      ]);
      return {
        equals: [...equalsCandidates.filter((_, index) => equalsFound[index]), ...(active ? ['active'] : [])],
        contains: NAME_ATTRIBUTES.filter((_, index) => containsFound[index]),
        or: orWorks,
        and: andWorks,
        parentheses,
        escapedQuotes,
      } satisfies ScimFilterSupport;
    })();
    probesByServer.set(key, probing);
    // A failed probe (network, sign-in) is asked again next time.
    probing.catch(() => probesByServer.delete(key));
    return probing;
  }

  /** Search by words in names and e-mail (`co`, `or`, one level of parentheses) rather than exact user ID or e-mail only. */
  private containsSearchOf({ filters }: ScimDiscovery): boolean {
    return NAME_ATTRIBUTES.every((attr) => filters.contains.includes(attr)) && filters.or && filters.and && filters.parentheses;
  }

  /**
   * Words in names and e-mail where the server filters with `co` (and, on a case-sensitive server,
   * `or` for the spellings); else a whole user ID or e-mail address with `eq` ('exact': the search
   * box says so); else none.
   */
  private searchModeOf(found: ScimDiscovery): SearchCapability {
    if (this.containsSearchOf(found) && (!this.options.caseSensitiveFilters || found.filters.or)) return true;
    return this.exactSearchAttributesOf(found).length > 0 ? 'exact' : false;
  }

  /** Exact matches of a whole user ID or e-mail address: what `eq`-only servers answer. */
  private exactSearchAttributesOf({ filters }: ScimDiscovery): string[] {
    return ['userName', 'emails.value'].filter((attr) => filters.equals.includes(attr));
  }

  private statusFilterOf({ filters }: ScimDiscovery): boolean {
    const noLogin = this.options.noLogin;
    return filters.equals.includes('active') && filters.and && (!noLogin || filters.equals.includes(noLogin.attribute));
  }

  private get budget(): number {
    return Math.max(1, this.options.requestBudget ?? 4);
  }

  private capabilitiesFor(found: ScimDiscovery, discovered: boolean): Capabilities {
    const { options } = this;
    // Without the extension, a contact's account is its Group (joined by PATCH) or the host's default.
    const placeable = found.enterprise || Boolean(found.groupsEndpoint && found.patch) || Boolean(options.defaultAccountId);
    const writable = discovered && placeable;
    const { filters } = found;
    const derived: Capabilities = {
      create: writable,
      update: writable,
      delete: discovered,
      versioning: found.etag,
      createLogin: writable && Boolean(options.noLogin),
      enableDisableLogin: writable,
      // SCIM has no lock and sends no mail: absent.
      lockUnlock: false,
      resetPasswordLink: false,
      resetPasswordTemporary: false,
      setPassword: false,
      roles: writable && Boolean(options.roles?.length),
      accounts: Boolean(found.groupsEndpoint),
      userIdSuggestion:
        writable && filters.and && ['name.givenName', 'name.familyName', 'userName'].every((attr) => filters.equals.includes(attr)) && (!options.caseSensitiveFilters || filters.or),
      associateUser: false,
      search: discovered && this.searchModeOf(found),
      sort: found.sort,
      statusFilter: discovered && this.statusFilterOf(found),
      accountFilter: false,
      // Built in the page from /Users, by the writers the host passed.
      export: discovered && Boolean(options.exportWriters),
      // SCIM provisions users; signing in and passwords are the identity provider's.
      signIn: false,
      changePassword: false,
      requestPasswordReset: false,
      confirmPasswordReset: false,
    };
    const narrowed: Record<string, unknown> = { ...derived };
    for (const [key, value] of Object.entries(options.capabilities ?? {})) if (value === false) narrowed[key] = false;
    // Search by words narrows to exact matches.
    if (options.capabilities?.search === 'exact' && derived.search) narrowed['search'] = 'exact';
    return narrowed as unknown as Capabilities;
  }

  // ---- viewer, accounts, roles ----

  /** `GET /Me`, or the host's `viewer` option for servers without it. */
  async me(options?: CallOptions): Promise<Viewer> {
    const host = this.options.viewer;
    if (typeof host === 'function') return Viewer.parse(await host(options));
    const user = host ? await this.userNamed(host.userName, options?.signal) : await this.meUser(options?.signal);
    const contact = this.toContact(user);
    const partnerType = this.options.partnerEntitlementType ?? 'partner';
    const scope = this.capabilities.accounts ? (await this.listAccounts(options)).map((account) => account.id) : [contact.accountId];
    return Viewer.parse({
      contactId: contact.id,
      accountId: contact.accountId,
      tenantId: contact.accountId,
      displayName: text(user['displayName']) ?? `${contact.firstName} ${contact.lastName}`,
      userId: text(user['userName']) ?? '',
      roles: contact.roles,
      partnerAccountIds: multi(user['entitlements'])
        .filter((entitlement) => entitlement.type === partnerType)
        .map((entitlement) => String(entitlement.value)),
      scope,
    });
  }

  private async meUser(signal?: AbortSignal): Promise<ScimObject> {
    try {
      return (await this.send('GET', '/Me', { signal })) as ScimObject;
    } catch (error) {
      if (error instanceof ContactsError && [404, 501].includes(error.status)) {
        throw new ContactsError('This SCIM server has no /Me: the host passes `viewer` (the signed-in userName) to the SCIM client.', { code: 'unsupported', status: error.status, cause: error });
      }
      throw error;
    }
  }

  private async userNamed(userName: string, signal?: AbortSignal): Promise<ScimObject> {
    const body = await this.query({ count: 10, filter: writeFilter({ op: 'eq', attr: 'userName', value: userName }, this.quotes) }, signal);
    const user = (multi(body['Resources']) as ScimObject[]).find((candidate) => String(candidate['userName']).toLowerCase() === userName.toLowerCase());
    if (!user) throw new ContactsError(`No SCIM user has the userName "${userName}".`, { code: 'not_found', status: 404 });
    return user;
  }

  async listAccounts(options?: CallOptions): Promise<Account[]> {
    const endpoint = this.discovery.groupsEndpoint;
    if (!endpoint) throw unsupported('Listing accounts');
    const groups: unknown[] = [];
    // Pages of maxResults until every group has come (a server may send fewer than asked).
    for (let request = 0; request < 20; request += 1) {
      const body = (await this.send('GET', endpoint, {
        params: { startIndex: String(groups.length + 1), count: String(this.discovery.maxResults), attributes: 'displayName' },
        signal: options?.signal,
      })) as ScimObject;
      const received = multi(body['Resources']);
      groups.push(...received);
      if (received.length === 0 || groups.length >= (Number(body['totalResults']) || 0)) break;
    }
    return groups.map((group) => {
      const record = group as ScimObject;
      return { id: String(record['id']), name: text(record['displayName']) ?? String(record['id']), parentId: null };
    });
  }

  async listRoles(): Promise<Role[]> {
    if (!this.capabilities.roles) throw unsupported('Roles');
    return [...this.options.roles!];
  }

  async setRoles(id: string, roleIds: string[], options?: CallOptions): Promise<Contact> {
    if (!this.capabilities.roles) throw unsupported('Roles');
    // SCIM servers take any role value: the portal's catalogue is the one that holds.
    const known = new Set(this.options.roles!.map((role) => role.id));
    const unknown = roleIds.filter((role) => !known.has(role));
    if (unknown.length) throw new ContactsError(`Unknown roles: ${unknown.join(', ')}.`, { code: 'validation', fieldErrors: [{ field: 'roles', message: `Unknown roles: ${unknown.join(', ')}.` }] });
    return this.modify(id, (user) => ({ ...user, roles: roleIds.map((value) => ({ value })) }), options);
  }

  // ---- contacts ----

  async listContacts(input: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const parsed = ListQuery.safeParse(input ?? {});
    if (!parsed.success) throw new ContactsError('The list query is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    const query = parsed.data;
    const page = query.page ?? 1;
    const status = query.filters.status;
    // Without a lock, no SCIM user is locked; without a no-login marker, every user has a login.
    if (status === 'locked' || (status === 'none' && !this.options.noLogin)) return { items: [], total: 0, page, pageSize: query.pageSize };
    if (status && !this.statusFilterOf(this.discovery)) throw unsupported('Filtering by status');
    const search = query.search?.trim() ?? '';
    const signal = options?.signal;
    const statusFilter = this.statusFilter(status);
    // Text of nothing but characters the server cannot take (quotes where it refuses \") matches no one, not everyone.
    if (search && !(this.quotes === 'strip' ? stripQuotes(search) : search).trim()) return { items: [], total: 0, page, pageSize: query.pageSize };
    // As the search box says (a host may narrow words to exact matches); a hidden box still finds what the server can.
    if (search && (this.capabilities.search || this.searchModeOf(this.discovery)) !== true) return this.exactSearch(search, statusFilter, page, query.pageSize, signal);
    const filter = and(this.searchFilter(search), statusFilter);
    const sort = this.discovery.sort ? { sortBy: SORT[query.sort.field], sortOrder: query.sort.direction === 'asc' ? 'ascending' : 'descending' } : {};
    const { users, total } = await this.pageOf({ ...(filter ? { filter: writeFilter(filter, this.quotes) } : {}), ...sort }, (page - 1) * query.pageSize + 1, query.pageSize, signal);
    return { items: users.map((user) => this.toContact(user)), total, page, pageSize: query.pageSize };
  }

  /**
   * `count` users from `startIndex`, in requests of at most `maxResults`: a server may send fewer
   * than asked (RFC 7644 §3.4.2.4), so short pages are followed until the page is full or the
   * matches end, within the request budget.
   */
  private async pageOf(params: QueryParams, startIndex: number, count: number, signal?: AbortSignal): Promise<{ users: ScimObject[]; total: number }> {
    const users: ScimObject[] = [];
    let total = 0;
    const requests = Math.ceil(count / this.discovery.maxResults) + this.budget;
    for (let request = 0; request < requests; request += 1) {
      const start = startIndex + users.length;
      const body = await this.query({ ...params, startIndex: start, count: Math.min(count - users.length, this.discovery.maxResults) }, signal);
      total = Number(body['totalResults']) || 0;
      // Some servers clamp a startIndex past the end to the last page; past the end is empty.
      if (start > total) break;
      const received = multi(body['Resources']) as ScimObject[];
      users.push(...received.slice(0, count - users.length));
      if (received.length === 0 || users.length >= count || start - 1 + received.length >= total) break;
    }
    return { users, total };
  }

  /**
   * Search on a server that answers only `eq`: the whole text as a user ID or an e-mail address,
   * in one request with `or`, or one request per comparison within the request budget.
   */
  private async exactSearch(search: string, statusFilter: ScimFilter | undefined, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<Contact>> {
    const attributes = this.exactSearchAttributesOf(this.discovery);
    if (attributes.length === 0) throw unsupported('Search');
    const { filters } = this.discovery;
    const term = this.quotes === 'strip' ? stripQuotes(search) : search;
    const spellings = this.options.caseSensitiveFilters ? caseVariants(term) : [term];
    const comparisons: ScimFilter[] = attributes.flatMap((attr) => spellings.map((value) => ({ op: 'eq', attr, value }) satisfies ScimFilter));
    if (filters.or && (!statusFilter || filters.parentheses)) {
      const filter = writeFilter(and(or(comparisons), statusFilter)!, this.quotes);
      const { users, total } = await this.pageOf({ filter }, (page - 1) * pageSize + 1, pageSize, signal);
      return { items: users.map((user) => this.toContact(user)), total, page, pageSize };
    }
    const found = new Map<string, ScimObject>();
    const answers = await Promise.all(
      comparisons.slice(0, this.budget).map((comparison) => this.query({ count: this.discovery.maxResults, filter: writeFilter(and(comparison, statusFilter)!, this.quotes) }, signal)),
    );
    for (const body of answers) for (const user of multi(body['Resources']) as ScimObject[]) found.set(String(user['id']), user);
    const all = [...found.values()];
    return { items: all.slice((page - 1) * pageSize, page * pageSize).map((user) => this.toContact(user)), total: all.length, page, pageSize };
  }

  async getContact(id: string, options?: CallOptions): Promise<Contact> {
    return this.toContact(await this.getUser(id, options?.signal));
  }

  /**
   * CSV, XLSX or PDF built in the page (`@portico/export`): /Users a page of `maxResults` at a
   * time, or the selection one user at a time; the server decides what the viewer may see.
   */
  async exportContacts(query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}): Promise<Blob> {
    if (!this.capabilities.export) throw unsupported('Export');
    return this.options.exportWriters!(this, query, format, { ...options, pageSize: this.discovery.maxResults });
  }

  async createContact(draft: ContactDraft, options?: CreateOptions): Promise<Contact> {
    if (!this.capabilities.create) throw unsupported('Creating contacts');
    const parsed = ContactDraft.safeParse(draft);
    if (!parsed.success) throw new ContactsError('The contact is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    return this.creates.run(options?.idempotencyKey, async () => {
      const { enterprise } = this.discovery;
      const signal = options?.signal;
      if (!enterprise) await this.checkPlaceable(parsed.data.accountId, signal);
      const suggestion = await this.suggestionForCreate(parsed.data.firstName, parsed.data.lastName, options);
      const noLogin = this.options.noLogin;
      const base: ScimObject = {
        schemas: enterprise ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER],
        // SCIM requires a userName: the suggested user ID, or the e-mail when a person must choose one.
        userName: suggestion ?? parsed.data.email,
        ...(noLogin ? { [noLogin.attribute]: noLogin.value } : {}),
        active: !noLogin,
      };
      const user = this.applyFields(base, parsed.data);
      const created = (await this.send('POST', this.discovery.usersEndpoint, { json: user, signal })) as ScimObject;
      const contact = this.toContact(created);
      if (enterprise || contact.accountId === parsed.data.accountId) return contact;
      try {
        return await this.moveToAccount(contact.id, contact.accountId, parsed.data.accountId, signal);
      } catch (error) {
        // Not left behind in an account nobody chose.
        await this.send('DELETE', `${this.discovery.usersEndpoint}/${encodeURIComponent(contact.id)}`).catch(() => undefined);
        throw error;
      }
    });
  }

  async updateContact(id: string, patch: ContactPatch, options?: UpdateOptions): Promise<Contact> {
    if (!this.capabilities.update) throw unsupported('Updating contacts');
    const parsed = ContactPatch.safeParse(patch);
    if (!parsed.success) throw new ContactsError('The changes are not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    const accountId = parsed.data.accountId;
    const moving = !this.discovery.enterprise && accountId !== undefined;
    if (moving) await this.checkPlaceable(accountId, options?.signal);
    const updated = await this.modify(
      id,
      (user) => {
        const next = this.applyFields(user, parsed.data);
        if (parsed.data.userId) next['userName'] = parsed.data.userId;
        return next;
      },
      options,
    );
    return moving && updated.accountId !== accountId ? this.moveToAccount(id, updated.accountId, accountId, options?.signal) : updated;
  }

  /** Without the enterprise extension a contact can go only into one of the viewer's Groups, or the host's default account. */
  private async checkPlaceable(accountId: string, signal?: AbortSignal): Promise<void> {
    const message = (text: string) => new ContactsError(text, { code: 'validation', fieldErrors: [{ field: 'accountId', message: text }] });
    if (this.discovery.groupsEndpoint && this.discovery.patch) {
      const accounts = await this.listAccounts({ signal });
      if (!accounts.some((account) => account.id === accountId)) throw message('Choose one of your accounts.');
    } else if (accountId !== this.options.defaultAccountId) {
      throw message('This SCIM server keeps contacts in one account only.');
    }
  }

  /** Joins the account's Group, then leaves the old one (a server that moves on joining has nothing left to remove). */
  private async moveToAccount(id: string, from: string, to: string, signal?: AbortSignal): Promise<Contact> {
    const endpoint = this.discovery.groupsEndpoint;
    if (!endpoint) throw unsupported('Moving contacts between accounts');
    const patch = (group: string, operation: ScimObject) =>
      this.send('PATCH', `${endpoint}/${encodeURIComponent(group)}`, { json: { schemas: [PATCH_OP], Operations: [operation] }, signal });
    await patch(to, { op: 'add', path: 'members', value: [{ value: id }] });
    try {
      await patch(from, { op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` });
    } catch (error) {
      if (!(error instanceof ContactsError) || error.status !== 400) throw error;
    }
    return this.getContact(id, { signal });
  }

  async deleteContact(id: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', `${this.discovery.usersEndpoint}/${encodeURIComponent(id)}`, { signal: options?.signal });
  }

  async createLogin(id: string, userId?: string, options?: CallOptions): Promise<Contact> {
    const noLogin = this.options.noLogin;
    if (!noLogin || !this.capabilities.createLogin) throw unsupported('Creating logins');
    const current = this.toContact(await this.getUser(id, options?.signal));
    if (current.login.state !== 'none') throw new ContactsError('This contact already has a login.', { code: 'conflict', status: 409 });
    // A server that cannot say whether a name is taken suggests nothing: a person chooses the user ID.
    const suggest = async () => (this.capabilities.userIdSuggestion ? (await this.suggestUserId(current.firstName, current.lastName, options)).userId : null);
    const chosen = userId ?? current.userId ?? (await suggest());
    const checked = UserId.safeParse(chosen ?? '');
    if (!chosen || !checked.success) {
      throw new ContactsError('Choose a user ID for this login.', { code: 'validation', fieldErrors: [{ field: 'userId', message: chosen ? 'Not a valid user ID.' : 'Choose a user ID: none can be suggested.' }] });
    }
    return this.modify(id, (user) => ({ ...user, userName: checked.data, [noLogin.attribute]: noLogin.loginValue, active: true }), options);
  }

  async setLoginEnabled(id: string, enabled: boolean, options?: CallOptions): Promise<Contact> {
    const current = this.toContact(await this.getUser(id, options?.signal));
    if (current.login.state === 'none') throw new ContactsError('This contact has no login.', { code: 'conflict', status: 409 });
    return this.modify(id, (user) => ({ ...user, active: enabled }), options);
  }

  async lockLogin(): Promise<Contact> {
    throw unsupported('Locking logins');
  }

  async unlockLogin(): Promise<Contact> {
    throw unsupported('Unlocking logins');
  }

  async resetPassword(_id: string, _reset: PasswordReset): Promise<PasswordResetResult> {
    throw unsupported('Password reset mails');
  }

  /** The user ID a new contact gets: none where the server cannot say, and never a failed create because of it. */
  private async suggestionForCreate(firstName: string, lastName: string, options?: CallOptions): Promise<string | null> {
    if (!this.capabilities.userIdSuggestion) return null;
    try {
      return (await this.suggestUserId(firstName, lastName, options)).userId;
    } catch (error) {
      if (error instanceof ContactsError && error.code === 'aborted') throw error;
      return null;
    }
  }

  async suggestUserId(firstName: string, lastName: string, options?: CallOptions): Promise<UserIdSuggestion> {
    const suggested = suggestFromName(firstName, lastName);
    if (!suggested) return { userId: null, reason: 'no_latin_letters' };
    // Duplicate names are found by filtering on name parts, which many servers do not.
    if (!this.capabilities.userIdSuggestion) throw unsupported('Suggesting user IDs');
    const sameName = await this.query(
      { count: 1, filter: writeFilter({ and: [{ op: 'eq', attr: 'name.givenName', value: firstName.trim() }, { op: 'eq', attr: 'name.familyName', value: lastName.trim() }] }, this.quotes) },
      options?.signal,
    );
    if (Number(sameName['totalResults']) > 0) return { userId: null, reason: 'duplicate_name' };
    if (!(await this.checkUserId(suggested, undefined, options)).available) return { userId: null, reason: 'taken' };
    return { userId: suggested, reason: 'suggested' };
  }

  async checkUserId(userId: string, excludeContactId?: string, options?: CallOptions): Promise<UserIdAvailability> {
    const spellings = this.options.caseSensitiveFilters ? caseVariants(userId) : [userId];
    const comparisons = spellings.map((value) => ({ op: 'eq', attr: 'userName', value }) satisfies ScimFilter);
    // One request with `or`; without it, one per spelling within the request budget.
    const filters = this.discovery.filters.or ? [or(comparisons)] : comparisons.slice(0, this.budget);
    const bodies = await Promise.all(filters.map((filter) => this.query({ count: 10, filter: writeFilter(filter, this.quotes) }, options?.signal)));
    const holder = bodies
      .flatMap((body) => multi(body['Resources']))
      .map((user) => user as ScimObject)
      .find((user) => String(user['userName']).toLowerCase() === userId.toLowerCase() && user['id'] !== excludeContactId);
    return { userId, available: !holder, takenByContactId: holder ? String(holder['id']) : null };
  }

  async searchUsers(): Promise<Page<UserAccount>> {
    throw unsupported('Searching user accounts apart from contacts');
  }

  async associateUser(): Promise<Contact> {
    throw unsupported('Associating user accounts');
  }

  // ---- mapping ----

  private get accountAttribute() {
    return this.options.accountAttribute ?? 'organization';
  }

  /** A SCIM user as a Portico contact, validated; a mapping mistake names the field and the user. */
  toContact(user: ScimObject): Contact {
    const name = (user['name'] ?? {}) as ScimObject;
    const emails = multi(user['emails']);
    const phones = multi(user['phoneNumbers']);
    const meta = (user['meta'] ?? {}) as ScimObject;
    const enterprise = (user[ENTERPRISE_USER] ?? {}) as ScimObject;
    const email = text((emails.find((entry) => entry.primary) ?? pick(emails, 'work') ?? emails[0])?.value) ?? '';
    const noLogin = this.options.noLogin;
    const withoutLogin = noLogin ? user[noLogin.attribute] === noLogin.value : false;
    const userName = text(user['userName']);
    const honorific = text(name['honorificPrefix']);
    const created = text(meta['created']) ?? new Date(0).toISOString();
    const version = /^(?:W\/)?"?(\d+)"?$/.exec(String(meta['version'] ?? ''));
    const modified = text(meta['lastModified']) ?? created;
    // Without `meta.version`: milliseconds of changes since creation, so a new contact is at 1 and every change counts up.
    const versionFromTimes = 1 + Math.max(0, (Date.parse(modified) || 0) - (Date.parse(created) || 0));
    const group = multi(user['groups']).map((entry) => text(entry.value)).find((value) => value !== null);
    const candidate = {
      id: user['id'],
      // The extension's attribute; without it the Group the user is in, or the host's default account.
      accountId: text(enterprise[this.accountAttribute]) ?? group ?? this.options.defaultAccountId,
      honorific: honorific && (HONORIFICS as readonly string[]).includes(honorific) ? honorific : null,
      firstName: text(name['givenName']) ?? '',
      lastName: text(name['familyName']) ?? '',
      jobTitle: text(user['title']),
      email,
      businessPhone: text(pick(phones, 'work')?.value),
      mobilePhone: text(pick(phones, 'mobile')?.value),
      language: text(user['preferredLanguage']),
      timeZone: text(user['timezone']),
      // SCIM has no notification preference.
      notifications: false,
      // A contact without a login keeps its e-mail as the userName SCIM requires: no user ID yet.
      userId: withoutLogin && userName === email ? null : userName,
      roles: multi(user['roles']).map((role) => String(role.value)),
      login: {
        state: withoutLogin ? 'none' : user['active'] === false ? 'disabled' : 'enabled',
        lockReason: null,
        lockedAt: null,
        failedSignIns: 0,
        passwordChangeRequired: false,
        lastSignInAt: null,
      },
      createdAt: created,
      updatedAt: modified,
      version: version ? Math.max(1, Number(version[1])) : versionFromTimes,
    };
    const parsed = Contact.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const fieldErrors = fieldErrorsFrom(parsed.error);
    const first = fieldErrors[0]!;
    throw new ContactsError(`SCIM user "${String(user['id'] ?? '(no id)')}" does not map to a contact: ${first.field}: ${first.message}`, {
      code: 'invalid_response',
      fieldErrors,
      cause: parsed.error,
    });
  }

  /** Writes Portico fields onto a SCIM user, keeping the attributes Portico does not know. */
  private applyFields(user: ScimObject, fields: ContactPatch): ScimObject {
    const next: ScimObject = { ...user };
    const set = (key: string, value: unknown) => {
      if (value === undefined) return;
      if (value === null || value === '') delete next[key];
      else next[key] = value;
    };
    const name = { ...((user['name'] ?? {}) as ScimObject) };
    if (fields.firstName !== undefined) name['givenName'] = fields.firstName;
    if (fields.lastName !== undefined) name['familyName'] = fields.lastName;
    if (fields.honorific !== undefined) {
      if (fields.honorific) name['honorificPrefix'] = fields.honorific;
      else delete name['honorificPrefix'];
    }
    next['name'] = name;
    if (fields.firstName !== undefined || fields.lastName !== undefined) next['displayName'] = `${name['givenName'] ?? ''} ${name['familyName'] ?? ''}`.trim();
    set('title', fields.jobTitle);
    set('preferredLanguage', fields.language);
    set('timezone', fields.timeZone);
    if (fields.email !== undefined) {
      const others = multi(user['emails']).filter((entry) => entry.type !== 'work' && !entry.primary);
      next['emails'] = [{ value: fields.email, type: 'work', primary: true }, ...others];
    }
    for (const [field, type] of [['businessPhone', 'work'], ['mobilePhone', 'mobile']] as const) {
      const value = fields[field];
      if (value === undefined) continue;
      const others = multi(next['phoneNumbers']).filter((entry) => entry.type !== type);
      next['phoneNumbers'] = value ? [...others, { value, type }] : others;
    }
    if (fields.accountId !== undefined && this.discovery.enterprise) next[ENTERPRISE_USER] = { ...((user[ENTERPRISE_USER] ?? {}) as ScimObject), [this.accountAttribute]: fields.accountId };
    return next;
  }

  /** `escape`, or `strip` where the server refuses `\"` in a value (the option, or what the probe found). */
  private get quotes(): QuoteHandling {
    return this.options.quotes ?? (this.discovery.filter && !this.discovery.filters.escapedQuotes ? 'strip' : 'escape');
  }

  private searchFilter(search: string): ScimFilter | undefined {
    const cleaned = this.quotes === 'strip' ? stripQuotes(search) : search;
    const words = cleaned.split(/\s+/).filter(Boolean);
    if (words.length === 0) return undefined;
    const op: CompareOp = 'co';
    const spell = (word: string) => (this.options.caseSensitiveFilters ? caseVariants(word) : [word]);
    // Every word must match the first name, the last name or the e-mail.
    return and(
      ...words.map((word) =>
        or(['name.givenName', 'name.familyName', 'emails.value'].flatMap((attr) => spell(word).map((value) => ({ op, attr, value }) satisfies ScimFilter))),
      ),
    );
  }

  private statusFilter(status: ListQuery['filters']['status']): ScimFilter | undefined {
    const noLogin = this.options.noLogin;
    if (status === 'none' && noLogin) return { op: 'eq', attr: noLogin.attribute, value: noLogin.value };
    if (status === 'active') return { op: 'eq', attr: 'active', value: true };
    if (status === 'disabled') return and({ op: 'eq', attr: 'active', value: false }, noLogin ? { op: 'eq', attr: noLogin.attribute, value: noLogin.loginValue } : undefined);
    return undefined;
  }

  // ---- transport ----

  /** A list request; its errors name no form field (a refused filter is not the user's input). */
  private async query(params: QueryParams, signal?: AbortSignal): Promise<ScimObject> {
    try {
      return await this.list(params, signal);
    } catch (error) {
      if (error instanceof ContactsError && error.fieldErrors.length > 0) throw new ContactsError(error.message, { code: error.code, status: error.status, cause: error });
      throw error;
    }
  }

  private async list(params: QueryParams, signal?: AbortSignal): Promise<ScimObject> {
    const endpoint = this.discovery.usersEndpoint;
    if (this.useSearchEndpoint) {
      try {
        return (await this.send('POST', `${endpoint}/.search`, { json: { schemas: [SEARCH_REQUEST], ...params }, signal })) as ScimObject;
      } catch (error) {
        const missing = error instanceof ContactsError && [404, 405, 501].includes(error.status);
        if (!missing || this.options.searchEndpoint === 'always') throw error;
        this.useSearchEndpoint = false;
      }
    }
    const query = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
    const body = (await this.send('GET', endpoint, { params: query, signal })) as ScimObject;
    const schemas = multi(body['schemas']) as unknown[];
    if (!schemas.includes(LIST_RESPONSE) && !Array.isArray(body['Resources'])) throw new ContactsError('The SCIM server did not answer with a ListResponse.', { code: 'invalid_response' });
    return body;
  }

  private async getUser(id: string, signal?: AbortSignal): Promise<ScimObject> {
    return (await this.send('GET', `${this.discovery.usersEndpoint}/${encodeURIComponent(id)}`, { signal })) as ScimObject;
  }

  /** Read, change, write: PATCH (replace and remove operations) when supported, PUT otherwise. */
  private async modify(id: string, change: (user: ScimObject) => ScimObject, options?: UpdateOptions): Promise<Contact> {
    const before = await this.getUser(id, options?.signal);
    const after = change(before);
    const path = `${this.discovery.usersEndpoint}/${encodeURIComponent(id)}`;
    const headers: Record<string, string> = this.discovery.etag && options?.ifVersion !== undefined ? { 'If-Match': `W/"${options.ifVersion}"` } : {};
    const readOnly = new Set(['id', 'meta', 'groups', 'schemas']);
    let body: unknown;
    if (this.discovery.patch) {
      const Operations: ScimObject[] = [];
      const complex = (value: unknown): value is ScimObject => typeof value === 'object' && value !== null && !Array.isArray(value);
      // One operation per attribute with a path: a replace with a path replaces every value of a
      // multi-valued attribute (RFC 7644 §3.5.2.3); extension attributes are addressed by URN.
      const diff = (from: ScimObject, to: ScimObject, prefix: string) => {
        for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
          if (!prefix && readOnly.has(key)) continue;
          if (JSON.stringify(from[key]) === JSON.stringify(to[key])) continue;
          if (!prefix && key.startsWith('urn:')) diff((from[key] ?? {}) as ScimObject, (to[key] ?? {}) as ScimObject, `${key}:`);
          // A complex value such as `name` by sub-attribute: a replace keeps what it leaves out (§3.5.2.3), so a cleared part needs a remove.
          else if (!prefix.includes('.') && complex(from[key]) && complex(to[key])) diff(from[key], to[key], `${prefix}${key}.`);
          else if (to[key] === undefined) Operations.push({ op: 'remove', path: `${prefix}${key}` });
          else Operations.push({ op: 'replace', path: `${prefix}${key}`, value: to[key] });
        }
      };
      diff(before, after, '');
      if (Operations.length === 0) return this.toContact(before);
      body = await this.send('PATCH', path, { json: { schemas: [PATCH_OP], Operations }, headers, signal: options?.signal });
    } else {
      const { meta: _meta, groups: _groups, ...writable } = after;
      body = await this.send('PUT', path, { json: writable, headers, signal: options?.signal });
    }
    // PATCH may answer 204 without the resource.
    return body && typeof body === 'object' ? this.toContact(body as ScimObject) : this.getContact(id, options);
  }

  private async send(
    method: HttpMethod,
    path: string,
    request: { params?: Record<string, string>; json?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {},
  ): Promise<unknown> {
    const headers = { ...(request.json !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...request.headers };
    return (await this.http.request(method, path, { ...request, headers })).body;
  }
}

/** A SCIM error body (`status` as a string or a number, `scimType`, `detail`) in Portico terms. */
export const scimErrorInfo = (status: number, body: unknown): ErrorInfo | undefined => {
  if (!body || typeof body !== 'object') return undefined;
  const error = body as ScimObject;
  const code = Number(error['status']) || status;
  const scimType = typeof error['scimType'] === 'string' ? error['scimType'] : undefined;
  const detail = typeof error['detail'] === 'string' ? error['detail'] : undefined;
  // A refused filter is the adapter's query, not something typed into a form field.
  const fieldErrors: FieldError[] = detail && scimType !== 'invalidFilter'
    ? FIELD_OF_ATTRIBUTE.filter(([pattern]) => pattern.test(detail)).map(([, field]) => ({ field, message: detail, ...(scimType ? { code: scimType } : {}) }))
    : [];
  return {
    ...(detail ? { message: detail } : {}),
    code: scimType === 'uniqueness' ? 'conflict' : scimType === 'invalidVers' ? 'precondition_failed' : codeForStatus(code),
    status: code,
    fieldErrors,
  };
};

/** A SCIM error body as a ContactsError; `label` names the request when the body has no `detail`. */
export const scimError = (status: number, body: unknown, label: string, cause?: unknown): ContactsError => {
  const info = scimErrorInfo(status, body) ?? {};
  const code = info.status ?? status;
  return new ContactsError(info.message ?? `${label} failed with status ${code}.`, { code: info.code ?? codeForStatus(code), status: code, fieldErrors: info.fieldErrors ?? [], cause });
};
