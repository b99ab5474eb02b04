import ky, { HTTPError, type KyInstance, type Options as KyOptions } from 'ky';
import {
  ALL_CAPABILITIES,
  Account,
  Contact,
  ContactPage,
  ContactsError,
  EXPORT_MIME_TYPES,
  ListQuery,
  PasswordResetResult,
  Problem,
  Role,
  UserAccountPage,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
  codeForStatus,
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

export interface CsrfOptions {
  /** The cookie the server sets with the token (default `portico_csrf`). */
  cookieName?: string;
  /** The header unsafe requests carry it in (default `X-CSRF-Token`). */
  headerName?: string;
}

export interface RestClientOptions {
  /** Where Portico's REST contract is mounted: `/api` or an absolute URL. */
  baseUrl: string;
  /** Default `same-origin`; `include` when the API is on another origin and uses cookies. */
  credentials?: RequestCredentials;
  /** Extra headers for every request, such as `Authorization`; called before each request. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Double-submit CSRF token on unsafe methods; `false` when the host authenticates without cookies. */
  csrf?: CsrfOptions | false;
  /** Supplies the CSRF token instead of reading `document.cookie`. */
  getCsrfToken?: () => string | undefined;
  /** Per attempt, in milliseconds (default 10000). */
  timeout?: number;
  /** Retries of idempotent requests (GET, PUT, DELETE and the keyed create), default 2. */
  retry?: number;
  fetch?: typeof fetch;
  capabilities?: Partial<Capabilities>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RequestSpec {
  searchParams?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Only for requests that are safe to repeat. */
  retryable?: boolean;
}

type SchemaError = Parameters<typeof fieldErrorsFrom>[0];
type SafeParse<T> = { success: true; data: T } | { success: false; error: SchemaError };
/** The part of a zod schema the transport needs (this package takes zod only through core). */
interface Schema<T> {
  safeParse(data: unknown): SafeParse<T>;
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
const NoContent: Schema<void> = { safeParse: () => ({ success: true, data: undefined }) };

const UNSAFE: readonly Method[] = ['post', 'put', 'patch', 'delete'];

const readCookie = (name: string): string | undefined => {
  if (typeof document === 'undefined' || typeof document.cookie !== 'string') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
};

const segment = (value: string) => encodeURIComponent(value);

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
  private readonly http: KyInstance;
  private readonly options: RestClientOptions;
  private readonly retryLimit: number;

  constructor(options: RestClientOptions) {
    this.options = options;
    this.capabilities = { ...ALL_CAPABILITIES, ...options.capabilities };
    this.retryLimit = Math.max(0, options.retry ?? 2);
    this.http = ky.create({
      prefixUrl: options.baseUrl,
      credentials: options.credentials ?? 'same-origin',
      timeout: options.timeout ?? 10_000,
      retry: 0,
      throwHttpErrors: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  me(options?: CallOptions) {
    return this.request(Viewer, 'get', 'me', { signal: options?.signal, retryable: true });
  }

  async listContacts(query: ListQueryInput, options?: CallOptions): Promise<Page<Contact>> {
    const parsed = ListQuery.safeParse(query ?? {});
    if (!parsed.success) throw new ContactsError('The list query is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    const { page, pageSize } = parsed.data;
    const searchParams = { ...listParams(parsed.data), page: String(page ?? 1), pageSize: String(pageSize) };
    return this.request(ContactPage, 'get', 'contacts', { searchParams, signal: options?.signal, retryable: true });
  }

  /** Streams `GET /contacts/export` into a Blob, reporting the bytes as they arrive. */
  async exportContacts(query: ListQueryInput, format: ExportFormat, options: ExportOptions = {}): Promise<Blob> {
    const parsed = ListQuery.safeParse(query ?? {});
    if (!parsed.success) throw new ContactsError('The list query is not valid.', { code: 'validation', fieldErrors: fieldErrorsFrom(parsed.error) });
    const { signal, onProgress } = options;
    const searchParams: Record<string, string> = { ...listParams(parsed.data), format };
    if (options.columns?.length) searchParams['columns'] = options.columns.join(',');
    if (options.ids?.length) searchParams['ids'] = options.ids.join(',');
    if (options.lang) searchParams['lang'] = options.lang;
    const label = 'GET /contacts/export';
    if (signal?.aborted) throw aborted(signal);
    try {
      const response = await this.http('contacts/export', {
        method: 'get',
        searchParams,
        headers: { ...(await this.options.headers?.()) },
        // A large file takes longer than one API call; the caller cancels through `signal`.
        timeout: false,
        ...(signal ? { signal } : {}),
      });
      const totalHeader = response.headers.get('x-total-count');
      const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
      const type = response.headers.get('content-type') ?? EXPORT_MIME_TYPES[format];
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      onProgress?.({ done: null, total, bytes });
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          chunks.push(value as Uint8Array<ArrayBuffer>);
          bytes += value.byteLength;
          onProgress?.({ done: null, total, bytes });
        }
      }
      onProgress?.({ done: total, total, bytes });
      return new Blob(chunks, { type });
    } catch (error) {
      throw await this.toContactsError(error, label, signal);
    }
  }

  getContact(id: string, options?: CallOptions) {
    return this.request(Contact, 'get', `contacts/${segment(id)}`, { signal: options?.signal, retryable: true });
  }

  createContact(draft: ContactDraft, options?: CreateOptions) {
    // The key makes a retried create return the first result, so this POST may be retried.
    const idempotencyKey = options?.idempotencyKey ?? crypto.randomUUID();
    return this.request(Contact, 'post', 'contacts', {
      json: draft,
      headers: { 'Idempotency-Key': idempotencyKey },
      signal: options?.signal,
      retryable: true,
    });
  }

  updateContact(id: string, patch: ContactPatch, options?: UpdateOptions) {
    return this.request(Contact, 'patch', `contacts/${segment(id)}`, {
      json: patch,
      headers: options?.ifVersion !== undefined ? { 'If-Match': `"${options.ifVersion}"` } : {},
      signal: options?.signal,
    });
  }

  async deleteContact(id: string, options?: CallOptions): Promise<void> {
    await this.request(NoContent, 'delete', `contacts/${segment(id)}`, { signal: options?.signal, retryable: true });
  }

  createLogin(id: string, userId?: string, options?: CallOptions) {
    return this.request(Contact, 'post', `contacts/${segment(id)}/login`, { json: userId === undefined ? {} : { userId }, signal: options?.signal });
  }

  setLoginEnabled(id: string, enabled: boolean, options?: CallOptions) {
    return this.request(Contact, 'post', `contacts/${segment(id)}/login/${enabled ? 'enable' : 'disable'}`, { signal: options?.signal });
  }

  lockLogin(id: string, options?: CallOptions) {
    return this.request(Contact, 'post', `contacts/${segment(id)}/login/lock`, { signal: options?.signal });
  }

  unlockLogin(id: string, options?: CallOptions) {
    return this.request(Contact, 'post', `contacts/${segment(id)}/login/unlock`, { signal: options?.signal });
  }

  resetPassword(id: string, reset: PasswordReset, options?: CallOptions) {
    return this.request(PasswordResetResult, 'post', `contacts/${segment(id)}/password-reset`, { json: reset, signal: options?.signal });
  }

  async listRoles(options?: CallOptions): Promise<Role[]> {
    return (await this.request(RoleList, 'get', 'roles', { signal: options?.signal, retryable: true })).items;
  }

  setRoles(id: string, roleIds: string[], options?: CallOptions) {
    return this.request(Contact, 'put', `contacts/${segment(id)}/roles`, { json: { roles: roleIds }, signal: options?.signal, retryable: true });
  }

  async listAccounts(options?: CallOptions): Promise<Account[]> {
    return (await this.request(AccountList, 'get', 'accounts', { signal: options?.signal, retryable: true })).items;
  }

  suggestUserId(firstName: string, lastName: string, options?: CallOptions) {
    return this.request(UserIdSuggestion, 'get', 'user-ids/suggestion', { searchParams: { firstName, lastName }, signal: options?.signal, retryable: true });
  }

  checkUserId(userId: string, excludeContactId?: string, options?: CallOptions) {
    return this.request(UserIdAvailability, 'get', `user-ids/${segment(userId)}`, {
      searchParams: excludeContactId ? { excludeContactId } : {},
      signal: options?.signal,
      retryable: true,
    });
  }

  searchUsers(search: string, options?: CallOptions): Promise<Page<UserAccount>> {
    return this.request(UserAccountPage, 'get', 'users', { searchParams: { q: search }, signal: options?.signal, retryable: true });
  }

  associateUser(contactId: string, userAccountId: string, options?: CallOptions) {
    return this.request(Contact, 'put', `contacts/${segment(contactId)}/user`, { json: { userAccountId }, signal: options?.signal, retryable: true });
  }

  // ---- transport ----

  private async request<T>(schema: Schema<T>, method: Method, path: string, spec: RequestSpec = {}): Promise<T> {
    const { signal } = spec;
    const label = `${method.toUpperCase()} /${path}`;
    if (signal?.aborted) throw aborted(signal);
    let response: Response;
    try {
      const headers = { ...(await this.options.headers?.()), ...this.csrfHeader(method), ...spec.headers };
      const init: KyOptions = {
        method,
        headers,
        retry: spec.retryable ? { limit: this.retryLimit, methods: [method] } : 0,
        ...(spec.json !== undefined ? { json: spec.json } : {}),
        ...(spec.searchParams ? { searchParams: spec.searchParams } : {}),
        ...(signal ? { signal } : {}),
      };
      response = await this.http(path, init);
    } catch (error) {
      throw await this.toContactsError(error, label, signal);
    }
    // A delete answers 204; its body, if any, carries nothing the interface returns.
    if (response.status === 204 || method === 'delete') return undefined as T;
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (signal?.aborted) throw aborted(signal);
      throw new ContactsError(`The server's answer to ${label} is not JSON.`, { code: 'invalid_response', status: response.status, cause: error });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsFrom(parsed.error);
      const where = fieldErrors.map((e) => `${e.field}: ${e.message}`).slice(0, 3).join('; ');
      throw new ContactsError(`The server's answer to ${label} does not match the contract (${where}).`, {
        code: 'invalid_response',
        status: response.status,
        fieldErrors,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  private csrfHeader(method: Method): Record<string, string> {
    const csrf = this.options.csrf;
    if (csrf === false || !UNSAFE.includes(method)) return {};
    const token = this.options.getCsrfToken ? this.options.getCsrfToken() : readCookie(csrf?.cookieName ?? 'portico_csrf');
    return token ? { [csrf?.headerName ?? 'X-CSRF-Token']: token } : {};
  }

  private async toContactsError(error: unknown, label: string, signal: AbortSignal | undefined): Promise<ContactsError> {
    if (error instanceof ContactsError) return error;
    if (signal?.aborted) return aborted(signal);
    if (error instanceof HTTPError) return problemError(error.response, label, error);
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') return new ContactsError(`${label} took too long.`, { code: 'timeout', cause: error });
    if (name === 'AbortError') return new ContactsError(`${label} was aborted.`, { code: 'aborted', cause: error });
    return new ContactsError(`The server could not be reached (${label}).`, { code: 'network', cause: error });
  }
}

const aborted = (signal: AbortSignal) => new ContactsError('The request was aborted.', { code: 'aborted', cause: signal.reason });

/** A problem+json body when there is one; otherwise an error from the status alone. */
const problemError = async (response: Response, label: string, cause: unknown): Promise<ContactsError> => {
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('json')) {
    try {
      const body: unknown = await response.json();
      const parsed = Problem.safeParse(body);
      if (parsed.success) {
        const conflictingId = (body as { conflictingId?: unknown }).conflictingId;
        return ContactsError.fromProblem({ ...parsed.data, ...(typeof conflictingId === 'string' ? { conflictingId } : {}) }, cause);
      }
    } catch {
      // Fall through to the status.
    }
  }
  return new ContactsError(`${label} failed with status ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, {
    code: codeForStatus(response.status),
    status: response.status,
    cause,
  });
};
