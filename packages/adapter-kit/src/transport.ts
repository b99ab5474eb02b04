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
  conflictingId?: string | undefined;
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
  /**
   * Supplies the CSRF token instead of reading `document.cookie`. Without it the token comes from
   * the cookie or, when the API is on another site and its cookie cannot be read, from the CSRF
   * header of the server's last answer (the reference server sends it to allowed origins).
   */
  getCsrfToken?: () => string | undefined;
  /** Where a person signs in; a 401's message points there ("Sign in at …"). */
  signInUrl?: string;
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

export const aborted = (signal: AbortSignal) => new ContactsError('The request was aborted.', { code: 'aborted', cause: signal.reason });

const readCookie = (name: string): string | undefined => {
  const match = typeof document === 'undefined' ? null : new RegExp(`(?:^|;) *${name}=([^;]*)`).exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
};

/** `url` resolved against the page (in a browser). */
const resolve = (url: string): URL | undefined => {
  try {
    return new URL(url, typeof location === 'undefined' ? undefined : location.href);
  } catch {
    return undefined;
  }
};
/** `url` made absolute, without its query: the part a person checks. */
const absolute = (url: string): string => {
  const resolved = resolve(url);
  return resolved ? resolved.origin + resolved.pathname : url;
};
const trimmed = (path: string) => path.replace(/^\/+/, '');

/** Problem details (RFC 9457) as the reference server sends them. */
export const readProblem = (_status: number, body: unknown): ErrorInfo | undefined => {
  const parsed = Problem.safeParse(body);
  if (!parsed.success) return undefined;
  const { detail, title, status, code, errors } = parsed.data;
  const conflictingId = (body as { conflictingId?: unknown }).conflictingId;
  return { message: detail ?? title, code: codeForStatus(status, code), status, fieldErrors: errors ?? [], conflictingId: typeof conflictingId === 'string' ? conflictingId : undefined };
};

/**
 * One API's transport. Every failure is a `ContactsError` whose message names the method and the
 * full URL and says what to check; the `code` is what a program (or a translation) goes by.
 */
export class HttpTransport {
  private readonly http: KyInstance;
  private readonly retryLimit: number;
  /** The CSRF token the server last sent in its answer's header, for a page that cannot read the API's cookie. */
  private answeredCsrfToken: string | undefined;

  constructor(private readonly options: TransportOptions) {
    this.retryLimit = Math.max(0, options.retry ?? 2);
    this.http = ky.create({
      credentials: options.credentials ?? 'same-origin',
      timeout: options.timeout ?? 10_000,
      retry: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** `path` under the base URL; an absolute `http(s):` URL (a `Link` header's) is taken as it is. */
  url(path: string): string {
    return /^https?:/i.test(path) ? path : `${this.options.baseUrl.replace(/\/+$/, '')}/${trimmed(path)}`;
  }

  /** Sends a request; an answer outside 2xx, a network failure, a timeout or an abort rejects with a ContactsError. */
  async send(method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<Response> {
    const { signal } = spec;
    const { options } = this;
    const url = this.url(path);
    if (signal?.aborted) throw aborted(signal);
    const { csrf } = options;
    // A double-submit token on unsafe methods, from the host's hook or the server's cookie.
    const csrfHeader = csrf ? (csrf.headerName ?? 'X-CSRF-Token') : undefined;
    const token =
      csrf && method !== 'GET' ? (options.getCsrfToken ? options.getCsrfToken() : (readCookie(csrf.cookieName ?? 'portico_csrf') ?? this.answeredCsrfToken)) : undefined;
    try {
      const response = await this.http(url, {
        method,
        headers: { ...(await options.headers?.()), ...(csrfHeader && token ? { [csrfHeader]: token } : {}), ...spec.headers },
        retry: spec.retry ?? method === 'GET' ? { limit: this.retryLimit, methods: [method.toLowerCase()] } : 0,
        searchParams: Object.entries(spec.params ?? {}).flatMap(([key, value]) => [value].flat().map((one) => [key, one])),
        json: spec.json,
        ...(spec.timeout !== undefined ? { timeout: spec.timeout } : {}),
        signal,
      } as KyOptions);
      const answered = csrfHeader ? response.headers.get(csrfHeader) : null;
      if (answered) this.answeredCsrfToken = answered;
      return response;
    } catch (error) {
      throw await failure(options, error, method, url, signal);
    }
  }

  /** Sends a request and reads its JSON answer (undefined when the answer is empty). */
  async request(method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<{ body: unknown; response: Response }> {
    const response = await this.send(method, path, spec);
    try {
      const text = await response.text();
      return { body: text ? JSON.parse(text) : undefined, response };
    } catch (error) {
      if (spec.signal?.aborted) throw aborted(spec.signal);
      // A web page where the API should be: a site that answers every path (a wrong base-url), or
      // a sign-in page in front of the API. Shown as it is in every language, as a 404 of the site is.
      if (/^text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
        throw new ContactsError(`${this.answerTo(method, path)} is a web page, not JSON: check base-url, or sign in if that page asks you to.`, {
          code: 'invalid_response',
          status: response.status,
          configuration: true,
          cause: error,
        });
      }
      throw new ContactsError(`${this.answerTo(method, path)} is not JSON.`, { code: 'invalid_response', status: response.status, cause: error });
    }
  }

  /** Sends a request and checks its JSON answer against `schema`; a mismatch is `invalid_response` naming the fields. */
  async parse<T>(schema: Schema<T>, method: HttpMethod, path: string, spec: RequestSpec = {}): Promise<T> {
    const { body, response } = await this.request(method, path, spec);
    return this.check(schema, body, this.answerTo(method, path), response.status);
  }

  /** `value` checked against `schema`; `what` starts the message ("The answer to GET /me"). */
  check<T>(schema: Schema<T>, value: unknown, what: string, status = 0): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const fieldErrors = fieldErrorsFrom(parsed.error);
    const where = fieldErrors.map((e) => `${e.field}: ${e.message}`).slice(0, 3).join('; ');
    throw new ContactsError(`${what} does not match the contract (${where}).`, { code: 'invalid_response', status, fieldErrors, cause: parsed.error });
  }

  /** `The answer to GET /me (https://portal.example/api/me)`: the path as the adapter names it, and where it went. */
  private answerTo(method: HttpMethod, path: string): string {
    const url = absolute(this.url(path));
    return `The answer to ${method} ${url === path ? url : `/${trimmed(path)} (${url})`}`;
  }
}

/** Any failure of `send` as a ContactsError that names the request and says what to check. */
const failure = async (options: TransportOptions, error: unknown, method: HttpMethod, url: string, signal: AbortSignal | undefined): Promise<ContactsError> => {
  if (error instanceof ContactsError) return error;
  if (signal?.aborted) return aborted(signal);
  const label = `${method} ${absolute(url)}`;
  const { service = 'API', baseUrlSetting: setting = 'base-url' } = options;
  const base = `${absolute(options.baseUrl).replace(/\/+$/, '')}/`;
  if (error instanceof HTTPError) {
    const { response } = error;
    const { status } = response;
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    const info = (options.readError ?? readProblem)(status, body) ?? {};
    const hint =
      status === 404 ? `: ${options.notFound?.(base) ?? `there is no ${service} at ${base}. Check ${setting}.`}` : status === 401 ? ': sign in, then try again.' : '.';
    const message = info.message ?? `${label} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}${hint}`;
    const signIn = status === 401 && options.signInUrl ? ` Sign in at ${absolute(options.signInUrl)}.` : '';
    return new ContactsError(message + signIn, {
      code: info.code ?? codeForStatus(info.status ?? status),
      status: info.status ?? status,
      fieldErrors: info.fieldErrors ?? [],
      cause: error,
      conflictingId: info.conflictingId,
      // A 404 with no JSON of an API's own (a site's "page not found"): nothing of the API at that address.
      configuration: status === 404 && body === undefined && info.message === undefined,
    });
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new ContactsError(`${label} took too long.`, { code: 'timeout', cause: error });
  // A browser hides why a request to another origin failed: a missing CORS header and a server
  // that is down look the same to the page. A `no-cors` request, which needs no CORS header, tells
  // them apart: it gets an (opaque) answer from a server that is up.
  const page = typeof location === 'undefined' ? undefined : location.origin;
  const target = resolve(url);
  if (page && target && target.origin !== page) {
    const up = await answers(options.fetch ?? fetch, target.origin + target.pathname);
    const why = up
      ? `the browser blocked this request (CORS): allow ${page} on the server at ${target.origin}, or check ${setting}.`
      : up === false
        ? `the server at ${target.origin} could not be reached. Check that it is running and check ${setting}.`
        : `the browser blocked this request or the server is down: if the API is on another origin, allow ${page} on the server (CORS); check ${setting}.`;
    return new ContactsError(`${label} failed: ${why}`, { code: 'network', cause: error });
  }
  return new ContactsError(`${label} failed: the server could not be reached. Check that it is running and check ${setting}.`, { code: 'network', cause: error });
};

/** Whether anything answers at `url` without CORS (an opaque answer); undefined when that cannot be told in time. */
const answers = async (send: typeof fetch, url: string): Promise<boolean | undefined> => {
  try {
    await send(url, { mode: 'no-cors', credentials: 'omit', signal: AbortSignal.timeout(3000) });
    return true;
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? undefined : false;
  }
};
