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
  /** Narrows what discovery found (never widens it). */
  capabilities?: Partial<Capabilities>;
  /**
   * Builds CSV, XLSX and PDF files in the page from /Users: `exportWriters()` of `@portico/export`
   * (an optional peer dependency). Without it the client offers no export.
   */
  exportWriters?: ExportWriters;
}

/** What `/ServiceProviderConfig`, `/Schemas` and `/ResourceTypes` said. */
export interface ScimDiscovery {
  patch: boolean;
  sort: boolean;
  filter: boolean;
  etag: boolean;
  maxResults: number;
  usersEndpoint: string;
  groupsEndpoint: string | null;
  enterprise: boolean;
}

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
  discovery: ScimDiscovery = { patch: false, sort: false, filter: false, etag: false, maxResults: 200, usersEndpoint: '/Users', groupsEndpoint: null, enterprise: false };
  private readonly options: ScimClientOptions;
  private readonly http: HttpTransport;
  private useSearchEndpoint: boolean;
  /** After a server refused `co` (400 invalidFilter), search uses exact `eq` matches. */
  private equalityOnly = false;
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
    this.discovery = {
      patch: supported('patch'),
      sort: supported('sort'),
      filter: supported('filter'),
      etag: supported('etag'),
      maxResults: Number(((config as ScimObject)?.['filter'] as ScimObject | undefined)?.['maxResults']) || 200,
      usersEndpoint: typeof user?.['endpoint'] === 'string' ? (user['endpoint'] as string) : '/Users',
      groupsEndpoint: typeof group?.['endpoint'] === 'string' ? (group['endpoint'] as string) : null,
      enterprise: schemaIds.includes(ENTERPRISE_USER) || extensions.includes(ENTERPRISE_USER),
    };
    this.capabilities = this.capabilitiesFor(this.discovery, true);
    return this.discovery;
  }

  private capabilitiesFor(found: ScimDiscovery, discovered: boolean): Capabilities {
    const { options } = this;
    const writable = discovered && found.enterprise;
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
      userIdSuggestion: writable && found.filter,
      associateUser: false,
      search: found.filter,
      sort: found.sort,
      statusFilter: found.filter,
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
    return narrowed as unknown as Capabilities;
  }

  // ---- viewer, accounts, roles ----

  async me(options?: CallOptions): Promise<Viewer> {
    const user = (await this.send('GET', '/Me', { signal: options?.signal })) as ScimObject;
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

  async listAccounts(options?: CallOptions): Promise<Account[]> {
    const endpoint = this.discovery.groupsEndpoint;
    if (!endpoint) throw unsupported('Listing accounts');
    const body = (await this.send('GET', endpoint, { params: { count: String(this.discovery.maxResults), attributes: 'displayName' }, signal: options?.signal })) as ScimObject;
    return multi(body['Resources']).map((group) => {
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
    const search = query.search?.trim() ?? '';
    const request = async () => {
      const filter = and(this.searchFilter(search), this.statusFilter(status));
      const body = await this.query(
        {
          startIndex: (page - 1) * query.pageSize + 1,
          count: query.pageSize,
          ...(filter ? { filter: writeFilter(filter, this.options.quotes ?? 'escape') } : {}),
          ...(this.discovery.sort ? { sortBy: SORT[query.sort.field], sortOrder: query.sort.direction === 'asc' ? 'ascending' : 'descending' } : {}),
        },
        options?.signal,
      );
      const total = Number(body['totalResults']) || 0;
      // Some servers clamp a startIndex past the end to the last page; past the end is empty.
      const past = (page - 1) * query.pageSize >= total;
      return {
        items: past ? [] : multi(body['Resources']).map((user) => this.toContact(user as ScimObject)),
        total,
        page,
        pageSize: query.pageSize,
      };
    };
    try {
      return await request();
    } catch (error) {
      // A server that takes only `eq` answers 400 invalidFilter to `co`: search again with exact matches.
      if (!search || this.equalityOnly || !(error instanceof ContactsError) || error.status !== 400) throw error;
      this.equalityOnly = true;
      return request();
    }
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
      const suggestion = await this.suggestUserId(parsed.data.firstName, parsed.data.lastName, options);
      const noLogin = this.options.noLogin;
      const base: ScimObject = {
        schemas: [CORE_USER, ENTERPRISE_USER],
        // SCIM requires a userName: the suggested user ID, or the e-mail when a person must choose one.
        userName: suggestion.userId ?? parsed.data.email,
        ...(noLogin ? { [noLogin.attribute]: noLogin.value } : {}),
        active: !noLogin,
      };
      const user = this.applyFields(base, parsed.data);
      return this.toContact((await this.send('POST', this.discovery.usersEndpoint, { json: user, signal: options?.signal })) as ScimObject);
    });
  }

  async updateContact(id: string, patch: ContactPatch, options?: UpdateOptions): Promise<Contact> {
    if (!this.capabilities.update) throw unsupported('Updating contacts');
    const parsed = ContactPatch.safeParse(patch);
    if (!parsed.success) throw new ContactsError('The changes are not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    return this.modify(
      id,
      (user) => {
        const next = this.applyFields(user, parsed.data);
        if (parsed.data.userId) next['userName'] = parsed.data.userId;
        return next;
      },
      options,
    );
  }

  async deleteContact(id: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', `${this.discovery.usersEndpoint}/${encodeURIComponent(id)}`, { signal: options?.signal });
  }

  async createLogin(id: string, userId?: string, options?: CallOptions): Promise<Contact> {
    const noLogin = this.options.noLogin;
    if (!noLogin || !this.capabilities.createLogin) throw unsupported('Creating logins');
    const current = this.toContact(await this.getUser(id, options?.signal));
    if (current.login.state !== 'none') throw new ContactsError('This contact already has a login.', { code: 'conflict', status: 409 });
    const chosen = userId ?? current.userId ?? (await this.suggestUserId(current.firstName, current.lastName, options)).userId;
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

  async suggestUserId(firstName: string, lastName: string, options?: CallOptions): Promise<UserIdSuggestion> {
    const suggested = suggestFromName(firstName, lastName);
    if (!suggested) return { userId: null, reason: 'no_latin_letters' };
    const sameName = await this.query(
      { count: 1, filter: writeFilter({ and: [{ op: 'eq', attr: 'name.givenName', value: firstName.trim() }, { op: 'eq', attr: 'name.familyName', value: lastName.trim() }] }, this.options.quotes) },
      options?.signal,
    );
    if (Number(sameName['totalResults']) > 0) return { userId: null, reason: 'duplicate_name' };
    if (!(await this.checkUserId(suggested, undefined, options)).available) return { userId: null, reason: 'taken' };
    return { userId: suggested, reason: 'suggested' };
  }

  async checkUserId(userId: string, excludeContactId?: string, options?: CallOptions): Promise<UserIdAvailability> {
    const spellings = this.options.caseSensitiveFilters ? caseVariants(userId) : [userId];
    const body = await this.query({ count: 10, filter: writeFilter(or(spellings.map((value) => ({ op: 'eq', attr: 'userName', value }))), this.options.quotes) }, options?.signal);
    const holder = multi(body['Resources'])
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
    const candidate = {
      id: user['id'],
      accountId: enterprise[this.accountAttribute],
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
      updatedAt: text(meta['lastModified']) ?? created,
      version: version ? Math.max(1, Number(version[1])) : 1,
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
    if (fields.accountId !== undefined) next[ENTERPRISE_USER] = { ...((user[ENTERPRISE_USER] ?? {}) as ScimObject), [this.accountAttribute]: fields.accountId };
    return next;
  }

  private searchFilter(search: string): ScimFilter | undefined {
    const cleaned = (this.options.quotes ?? 'escape') === 'strip' ? stripQuotes(search) : search;
    const words = cleaned.split(/\s+/).filter(Boolean);
    if (words.length === 0) return undefined;
    const op: CompareOp = this.equalityOnly ? 'eq' : 'co';
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

  private async query(params: { startIndex?: number; count?: number; filter?: string; sortBy?: string; sortOrder?: string }, signal?: AbortSignal): Promise<ScimObject> {
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
      // One operation per attribute with a path: a replace with a path replaces every value of a
      // multi-valued attribute (RFC 7644 §3.5.2.3); extension attributes are addressed by URN.
      const diff = (from: ScimObject, to: ScimObject, prefix: string) => {
        for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
          if (!prefix && readOnly.has(key)) continue;
          if (JSON.stringify(from[key]) === JSON.stringify(to[key])) continue;
          if (!prefix && key.startsWith('urn:')) diff((from[key] ?? {}) as ScimObject, (to[key] ?? {}) as ScimObject, `${key}:`);
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
  const fieldErrors: FieldError[] = detail
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
