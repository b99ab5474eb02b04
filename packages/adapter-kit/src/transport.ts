/**
 * The HTTP transport of the REST, mapped and SCIM adapters (`@portico/adapter-kit/transport`):
 * send on ky with the host's headers and CSRF token, abort, timeout, retries of idempotent
 * requests, error bodies and statuses as `ContactsError`, and JSON answers checked against a
 * schema. Browser-safe: no `node:*` import (the lint rule of docs/architecture.md checks it).
 */
import ky, { HTTPError, type KyInstance, type Options as KyOptions } from 'ky';
import { ContactsError, Problem, codeForStatus, fieldErrorsFrom } from '@portico/core';
import type { ErrorCode, FieldError } from '@portico/core';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Request parameters; an array repeats the parameter (`account=a&account=b`). */
export type Params = Record<string, string | string[]>;

type SchemaError = Parameters<typeof fieldErrorsFrom>[0];
/** The part of a zod schema the transport needs (the adapters take zod only through core). */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: SchemaError };
}

/** What an error answer says, in Portico terms; what is absent comes from the status. */
export interface ErrorInfo {
  message?: string;
  code?: ErrorCode;
  /** When the body names another status than the response (SCIM's `status`). */
  status?: number;
  fieldErrors?: FieldError[];
  conflictingId?: string;
}

export interface CsrfOptions {
  /** The cookie the server sets with the token (default `portico_csrf`). */
  cookieName?: string;
  /** The header unsafe requests carry it in (default `X-CSRF-Token`). */
  headerName?: string;
}

export interface TransportOptions {
  /** Where the API is: a path on the page's origin (`/api`) or an absolute URL. */
  baseUrl: string;
  /** What answers at `baseUrl`, for messages: "Portico API", "SCIM server". */
  service?: string;
  /** How a host sets `baseUrl`, for messages: the `base-url` attribute, the `baseUrl` option. */
  baseUrlSetting?: string;
  /** Default `same-origin`; `include` when the API is on another origin and uses cookies. */
  credentials?: RequestCredentials;
  /** Headers for every request (authorization, accept); called before each one. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Double-submit CSRF token on unsafe methods (default none). */
  csrf?: CsrfOptions | false;
  /** Supplies the CSRF token instead of reading `document.cookie`. */
  getCsrfToken?: () => string | undefined;
  /** Per attempt, in milliseconds (default 10000). */
  timeout?: number;
  /** Retries of idempotent requests, default 2. */
  retry?: number;
  fetch?: typeof fetch;
  /** What a 404 without an error body says to check (default: no `service` at the base URL, check `baseUrlSetting`). */
  notFound?: (base: string) => string;
  /** Reads an error answer's body (undefined when it is not JSON); the default reads problem+json. */
  readError?: (status: number, body: unknown) => ErrorInfo | undefined;
}

export interface RequestSpec {
  params?: Params;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Safe to send again: GET always; PUT, DELETE and a keyed create when the caller says so. */
  retry?: boolean;
  /** Overrides the per-attempt timeout (`false`: none, for a download the caller cancels). */
  timeout?: number | false;
}

const UNSAFE: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const aborted = (signal: AbortSignal) => new ContactsError('The request was aborted.', { code: 'aborted', cause: signal.reason });

const readCookie = (name: string): string | undefined => {
  if (typeof document === 'undefined' || typeof document.cookie !== 'string') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
};

/** The page's address in a browser; none in Node. */
const pageUrl = (): string | undefined => (typeof location !== 'undefined' && typeof location.href === 'string' ? location.href : undefined);

/** `url` made absolute against the page, without its query (the part a person checks). */
const absolute = (url: string): string => {
  try {
    const resolved = new URL(url, pageUrl());
    return `${resolved.origin}${resolved.pathname}`;
  } catch {
    return url;
  }
};

/** Problem details (RFC 9457) as the reference server sends them. */
export const readProblem = (_status: number, body: unknown): ErrorInfo | undefined => {
  const parsed = Problem.safeParse(body);
  if (!parsed.success) return undefined;
  const conflictingId = (body as { conflictingId?: unknown }).conflictingId;
  const problem = parsed.data;
  return {
    message: problem.detail ?? problem.title,
    code: codeForStatus(problem.status, problem.code),
    status: problem.status,
    fieldErrors: problem.errors ?? [],
    ...(typeof conflictingId === 'string' ? { conflictingId } : {}),
  };
};

/**
 * One API's transport. Every failure is a `ContactsError` whose message names the method and the
 * full URL and says what to check; the `code` is what a program (or a translation) goes by.
 */
export class HttpTransport {
  private readonly http: KyInstance;
  private readonly retryLimit: number;

  constructor(private readonly options: TransportOptions) {
    this.retryLimit = Math.max(0, options.retry ?? 2);
    this.http = ky.create({
      credentials: options.credentials ?? 'same-origin',
      timeout: options.timeout ?? 10_000,
      retry: 0,
      throwHttpErrors: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** `path` under the base URL; an absolute `http(s):` URL (a `Link` header's) is taken as it is. */
  url(path: string): string {
    if (/^https?:/i.test(path)) return path;
    return `${this.options.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  }

  /** Sends a request; an answer outside 2xx, a network failure, a timeout or an abort rejects with a ContactsError. */
  async send(method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<Response> {
    const { signal } = spec;
    const url = this.url(path);
    if (signal?.aborted) throw aborted(signal);
    try {
      const searchParams = new URLSearchParams();
      for (const [key, value] of Object.entries(spec.params ?? {})) for (const one of [value].flat()) searchParams.append(key, one);
      const retry = spec.retry ?? method === 'GET';
      const init: KyOptions = {
        method,
        headers: { ...(await this.options.headers?.()), ...this.csrfHeader(method), ...spec.headers },
        retry: retry ? { limit: this.retryLimit, methods: [method.toLowerCase()] } : 0,
        ...(searchParams.size > 0 ? { searchParams } : {}),
        ...(spec.json !== undefined ? { json: spec.json } : {}),
        ...(spec.timeout !== undefined ? { timeout: spec.timeout } : {}),
        ...(signal ? { signal } : {}),
      };
      return await this.http(url, init);
    } catch (error) {
      throw await this.toContactsError(error, method, url, signal);
    }
  }

  /** Sends a request and reads its JSON answer (undefined when the answer is empty). */
  async request(method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<{ body: unknown; response: Response }> {
    const response = await this.send(method, path, spec);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw aborted(spec.signal);
      throw await this.toContactsError(error, method, this.url(path), spec.signal);
    }
    if (!text) return { body: undefined, response };
    try {
      return { body: JSON.parse(text), response };
    } catch (error) {
      throw new ContactsError(`The answer to ${this.label(method, path)} is not JSON.`, { code: 'invalid_response', status: response.status, cause: error });
    }
  }

  /** Sends a request and checks its JSON answer against `schema`; a mismatch is `invalid_response` naming the fields. */
  async parse<T>(schema: Schema<T>, method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<T> {
    const { body, response } = await this.request(method, path, spec);
    return this.check(schema, body, `The answer to ${this.label(method, path)}`, response.status);
  }

  /** `value` checked against `schema`; `what` starts the message ("The answer to GET /me"). */
  check<T>(schema: Schema<T>, value: unknown, what: string, status?: number): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const fieldErrors = fieldErrorsFrom(parsed.error);
    const where = fieldErrors.map((e) => `${e.field}: ${e.message}`).slice(0, 3).join('; ');
    throw new ContactsError(`${what} does not match the contract (${where}).`, {
      code: 'invalid_response',
      ...(status !== undefined ? { status } : {}),
      fieldErrors,
      cause: parsed.error,
    });
  }

  /** `GET /me (https://portal.example/api/me)`: the path as the adapter names it, and where it went. */
  private label(method: HttpMethod, path: string): string {
    const url = absolute(this.url(path));
    return /^https?:/i.test(path) ? `${method} ${url}` : `${method} /${path.replace(/^\/+/, '')} (${url})`;
  }

  private csrfHeader(method: HttpMethod): Record<string, string> {
    const { csrf, getCsrfToken } = this.options;
    if (csrf === undefined || csrf === false || !UNSAFE.includes(method)) return {};
    const token = getCsrfToken ? getCsrfToken() : readCookie(csrf.cookieName ?? 'portico_csrf');
    return token ? { [csrf.headerName ?? 'X-CSRF-Token']: token } : {};
  }

  private async toContactsError(error: unknown, method: HttpMethod, url: string, signal: AbortSignal | undefined): Promise<ContactsError> {
    if (error instanceof ContactsError) return error;
    if (signal?.aborted) return aborted(signal);
    const label = `${method} ${absolute(url)}`;
    if (error instanceof HTTPError) return this.statusError(error.response, label, error);
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError') return new ContactsError(`${label} took too long: no answer within the timeout.`, { code: 'timeout', cause: error });
    if (name === 'AbortError') return new ContactsError(`${label} was aborted.`, { code: 'aborted', cause: error });
    return new ContactsError(`${label} failed: ${this.unreachable(url)}`, { code: 'network', cause: error });
  }

  /** Why a request got no answer at all, and what to check. */
  private unreachable(url: string): string {
    const setting = this.options.baseUrlSetting ?? 'base-url';
    const page = pageUrl();
    const pageOrigin = page ? new URL(page).origin : undefined;
    let target: string | undefined;
    try {
      target = new URL(url, page).origin;
    } catch {
      target = undefined;
    }
    // A browser hides why a request to another origin failed: a missing CORS header and a server
    // that is down look the same to the page.
    if (pageOrigin && target && target !== pageOrigin) {
      return `the browser blocked this request or the server is down: if the API is on another origin, allow ${pageOrigin} on the server (CORS); check ${setting}.`;
    }
    return `the server could not be reached. Check that the ${this.options.service ?? 'API'} is running at ${this.baseHref()} and check ${setting}.`;
  }

  private baseHref(): string {
    return `${absolute(this.options.baseUrl).replace(/\/+$/, '')}/`;
  }

  /** An error answer: what its body says (problem+json or the adapter's reader), else its status and what to check. */
  private async statusError(response: Response, label: string, cause: unknown): Promise<ContactsError> {
    const { status } = response;
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    const info = (this.options.readError ?? readProblem)(status, body) ?? {};
    const setting = this.options.baseUrlSetting ?? 'base-url';
    const answered = `${label} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const hint =
      status === 404
        ? `: ${this.options.notFound?.(this.baseHref()) ?? `there is no ${this.options.service ?? 'API'} at ${this.baseHref()}. Check ${setting}.`}`
        : status === 401
          ? ': sign in, then try again. The session may have ended, or a page on another site sends no session cookie.'
          : '.';
    return new ContactsError(info.message ?? `${answered}${hint}`, {
      code: info.code ?? codeForStatus(info.status ?? status),
      status: info.status ?? status,
      fieldErrors: info.fieldErrors ?? [],
      cause,
      ...(info.conflictingId ? { conflictingId: info.conflictingId } : {}),
    });
  }
}
