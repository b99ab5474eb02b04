import {
  ALL_CAPABILITIES,
  Account,
  Contact,
  ContactPage,
  ContactsError,
  EXPORT_MIME_TYPES,
  ListQuery,
  PasswordResetResult,
  Role,
  UserAccountPage,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
  fieldErrorsFrom,
  listOf,
} from '@portico/core';
import type {
  CallOptions,
  Capabilities,
  ContactDraft,
  ContactPatch,
  ContactsClient,
  CreateOptions,
  ExportFormat,
  ExportOptions,
  ListQueryInput,
  Page,
  PasswordReset,
  UpdateOptions,
  UserAccount,
} from '@portico/core';
import { bearerFetch, type GetToken } from './bearer.js';
import { HttpTransport, aborted, type CsrfOptions, type HttpMethod, type RequestSpec, type Schema, type TransportOptions } from '@portico/adapter-kit/transport';

export type { CsrfOptions } from '@portico/adapter-kit/transport';
export type { GetToken } from './bearer.js';

/** The transport's options (headers, CSRF hook, timeout, retries, fetch); see `TransportOptions`. */
export interface RestClientOptions extends Pick<TransportOptions, 'credentials' | 'headers' | 'getCsrfToken' | 'signInUrl' | 'timeout' | 'retry' | 'fetch'> {
  /** Where Portico's REST contract is mounted: `/api` or an absolute URL. */
  baseUrl: string;
  /** Double-submit CSRF token on unsafe methods (on by default, off with `getToken`); `false` when the host authenticates without cookies. */
  csrf?: CsrfOptions | false;
  /**
   * Bearer tokens instead of the session cookie: called for the first request, and again whenever
   * the server answers that the token has expired (401, `TOKEN_PROBLEM_TYPES.expired`), after which
   * the request is sent once more. Typically it asks the portal's back end, which mints an embed
   * token (`POST /api/embed-tokens`) or hands out its own access token. No CSRF token is sent then.
   */
  getToken?: GetToken;
  capabilities?: Partial<Capabilities>;
}

/**
 * `{ items: T[] }`, as the list endpoints without paging answer. A body that is no object reads as
 * one without `items`, so the error names the missing `items` rather than the whole body.
 */
const itemsOf = <T>(list: Schema<{ items: T[] }>): Schema<{ items: T[] }> => ({
  safeParse: (data) => list.safeParse(typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}),
});
const RoleList = itemsOf<Role>(listOf(Role));
const AccountList = itemsOf<Account>(listOf(Account));
const segment = (value: string) => encodeURIComponent(value);

const listQuery = (query: ListQueryInput): ListQuery => {
  const parsed = ListQuery.safeParse(query ?? {});
  if (!parsed.success) throw new ContactsError('The list query is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
  return parsed.data;
};

/** The query parameters a list and an export share. */
const listParams = ({ search, filters, sort }: ListQuery): Record<string, string> => {
  const params: Record<string, string> = { sort: sort.field, order: sort.direction };
  if (search?.trim()) params['q'] = search.trim();
  if (filters.status) params['status'] = filters.status;
  if (filters.accountId) params['accountId'] = filters.accountId;
  if (filters.includeChildAccounts !== undefined) params['includeChildAccounts'] = String(filters.includeChildAccounts);
  return params;
};

/**
 * `ContactsClient` for Portico's REST contract (the reference server, or a portal backend
 * that implements it). Every response is checked against the core schemas and every failure
 * is a `ContactsError`, so the elements never see a raw `Response` or `TypeError`.
 */
export class RestContactsClient implements ContactsClient {
  readonly capabilities: Capabilities;
  private readonly http: HttpTransport;

  constructor(options: RestClientOptions) {
    this.capabilities = { ...ALL_CAPABILITIES, ...options.capabilities };
    this.http = new HttpTransport({
      ...options,
      ...(options.getToken ? { fetch: bearerFetch(options.getToken, options.fetch) } : {}),
      service: 'Portico API',
      baseUrlSetting: 'base-url',
      // The reference server checks a double-submit token on cookie sessions unless the host opts
      // out; a bearer token needs none (a browser never sends one on its own).
      csrf: options.csrf ?? (options.getToken ? false : {}),
    });
  }

  me(options?: CallOptions) {
    return this.get(Viewer, 'me', options);
  }

  async listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const parsed = listQuery(query);
    return this.get(ContactPage, 'contacts', options, { ...listParams(parsed), page: String(parsed.page ?? 1), pageSize: String(parsed.pageSize) });
  }

  /** Streams `GET /contacts/export` into a Blob, reporting the bytes as they arrive. */
  async exportContacts(query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}): Promise<Blob> {
    const { signal, onProgress } = options;
    const searchParams: Record<string, string> = { ...listParams(listQuery(query)), format };
    if (options.columns?.length) searchParams['columns'] = options.columns.join(',');
    if (options.ids?.length) searchParams['ids'] = options.ids.join(',');
    if (options.lang) searchParams['lang'] = options.lang;
    // A large file takes longer than one API call; the caller cancels through `signal`.
    const response = await this.http.send('GET', 'contacts/export', { params: searchParams, timeout: false, signal });
    const totalHeader = response.headers.get('x-total-count');
    const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
    const type = response.headers.get('content-type') ?? EXPORT_MIME_TYPES[format];
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let bytes = 0;
    const report = (done: number | null) => onProgress?.({ done, total, bytes });
    report(null);
    const reader = response.body?.getReader();
    try {
      for (let read; reader && !(read = await reader.read()).done; report(null)) {
        chunks.push(read.value as Uint8Array<ArrayBuffer>);
        bytes += read.value.byteLength;
      }
    } catch (error) {
      throw signal?.aborted ? aborted(signal) : new ContactsError('The export download broke off.', { code: 'network', cause: error });
    }
    report(total);
    return new Blob(chunks, { type });
  }

  getContact(id: string, options?: CallOptions) {
    return this.get(Contact, `contacts/${segment(id)}`, options);
  }

  createContact(draft: ContactDraft, options?: CreateOptions) {
    // The key makes a retried create return the first result, so this POST may be retried.
    const idempotencyKey = options?.idempotencyKey ?? crypto.randomUUID();
    return this.call(Contact, 'POST', 'contacts', options, { json: draft, headers: { 'Idempotency-Key': idempotencyKey }, retry: true });
  }

  updateContact(id: string, patch: ContactPatch, options?: UpdateOptions) {
    return this.call(Contact, 'PATCH', `contacts/${segment(id)}`, options, {
      json: patch,
      headers: options?.ifVersion !== undefined ? { 'If-Match': `"${options.ifVersion}"` } : {},
    });
  }

  async deleteContact(id: string, options?: CallOptions): Promise<void> {
    await this.http.send('DELETE', `contacts/${segment(id)}`, { signal: options?.signal, retry: true });
  }

  createLogin(id: string, userId?: string, options?: CallOptions) {
    return this.call(Contact, 'POST', `contacts/${segment(id)}/login`, options, { json: userId === undefined ? {} : { userId } });
  }

  setLoginEnabled(id: string, enabled: boolean, options?: CallOptions) {
    return this.call(Contact, 'POST', `contacts/${segment(id)}/login/${enabled ? 'enable' : 'disable'}`, options);
  }

  lockLogin(id: string, options?: CallOptions) {
    return this.call(Contact, 'POST', `contacts/${segment(id)}/login/lock`, options);
  }

  unlockLogin(id: string, options?: CallOptions) {
    return this.call(Contact, 'POST', `contacts/${segment(id)}/login/unlock`, options);
  }

  resetPassword(id: string, reset: PasswordReset, options?: CallOptions) {
    return this.call(PasswordResetResult, 'POST', `contacts/${segment(id)}/password-reset`, options, { json: reset });
  }

  async listRoles(options?: CallOptions): Promise<Role[]> {
    return (await this.get(RoleList, 'roles', options)).items;
  }

  setRoles(id: string, roleIds: string[], options?: CallOptions) {
    return this.call(Contact, 'PUT', `contacts/${segment(id)}/roles`, options, { json: { roles: roleIds }, retry: true });
  }

  async listAccounts(options?: CallOptions): Promise<Account[]> {
    return (await this.get(AccountList, 'accounts', options)).items;
  }

  suggestUserId(firstName: string, lastName: string, options?: CallOptions) {
    return this.get(UserIdSuggestion, 'user-ids/suggestion', options, { firstName, lastName });
  }

  checkUserId(userId: string, excludeContactId?: string, options?: CallOptions) {
    return this.get(UserIdAvailability, `user-ids/${segment(userId)}`, options, excludeContactId ? { excludeContactId } : {});
  }

  searchUsers(search: string, options?: CallOptions): Promise<Page<UserAccount>> {
    return this.get(UserAccountPage, 'users', options, { q: search });
  }

  associateUser(contactId: string, userAccountId: string, options?: CallOptions) {
    return this.call(Contact, 'PUT', `contacts/${segment(contactId)}/user`, options, { json: { userAccountId }, retry: true });
  }

  signIn(userId: string, password: string, options?: CallOptions) {
    return this.call(Viewer, 'POST', 'session', options, { json: { userId, password } });
  }

  async signOut(options?: CallOptions): Promise<void> {
    await this.http.send('DELETE', 'session', { signal: options?.signal, retry: true });
  }

  changePassword(currentPassword: string, newPassword: string, options?: CallOptions) {
    return this.call(Viewer, 'POST', 'me/password', options, { json: { currentPassword, newPassword } });
  }

  async requestPasswordReset(identifier: string, options?: CallOptions): Promise<void> {
    await this.http.send('POST', 'password-reset/request', { json: { identifier }, signal: options?.signal });
  }

  async confirmPasswordReset(token: string, password: string, options?: CallOptions): Promise<void> {
    await this.http.send('POST', 'password-reset/confirm', { json: { token, password }, signal: options?.signal });
  }

  private get<T>(schema: Schema<T>, path: string, options?: CallOptions, params?: Record<string, string>): Promise<T> {
    return this.call(schema, 'GET', path, options, { params });
  }

  /** Sends a request and checks the answer against `schema`. */
  private call<T>(schema: Schema<T>, method: HttpMethod, path: string, options?: CallOptions, spec: RequestSpec = {}): Promise<T> {
    return this.http.parse(schema, method, path, { ...spec, signal: options?.signal });
  }
}
