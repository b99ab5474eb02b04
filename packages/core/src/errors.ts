import type { FieldError, Problem } from './schema.js';

export const ERROR_CODES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  'rate_limited',
  /** The viewer signed in with a temporary or administrator-set password and must change it first. */
  'password_change_required',
  'unsupported',
  'network',
  'timeout',
  'aborted',
  'invalid_response',
  'server',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContactsErrorInit {
  code: ErrorCode;
  status?: number;
  fieldErrors?: FieldError[];
  cause?: unknown;
  /** For conflicts: the id of the record that already holds the value (user ID, user account). */
  conflictingId?: string;
  /**
   * The client is set up wrong (no API at its base URL): the message names the URL and the
   * setting to check, for whoever wrote the page, and elements show it as it is in every language.
   */
  configuration?: boolean;
}

/**
 * Every failure a client reports: the HTTP status when there was one, a stable `code`, a
 * message a person can read, and field errors that a form puts beside its fields.
 */
export class ContactsError extends Error {
  override readonly name = 'ContactsError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors: FieldError[];
  readonly conflictingId: string | undefined;
  /** Whether the client is set up wrong (see `ContactsErrorInit.configuration`). */
  readonly configuration: boolean;

  constructor(message: string, init: ContactsErrorInit) {
    super(message, { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? 0;
    this.fieldErrors = init.fieldErrors ?? [];
    this.conflictingId = init.conflictingId;
    this.configuration = init.configuration ?? false;
  }

  /** The messages for one field, e.g. `error.messagesFor('email')`. */
  messagesFor(field: string): string[] {
    return this.fieldErrors.filter((error) => error.field === field).map((error) => error.message);
  }

  /** Whether trying the same request again may succeed (network trouble, timeouts, 5xx, 429). */
  get retryable(): boolean {
    return this.code === 'network' || this.code === 'timeout' || this.code === 'rate_limited' || this.code === 'server';
  }

  static fromProblem(problem: Problem & { conflictingId?: string }, cause?: unknown): ContactsError {
    return new ContactsError(problem.detail ?? problem.title, {
      code: codeForStatus(problem.status, problem.code),
      status: problem.status,
      fieldErrors: problem.errors ?? [],
      cause,
      ...(problem.conflictingId ? { conflictingId: problem.conflictingId } : {}),
    });
  }
}

export const isContactsError = (value: unknown): value is ContactsError => value instanceof ContactsError;

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  422: 'validation',
  428: 'precondition_failed',
  429: 'rate_limited',
  501: 'unsupported',
};

export const codeForStatus = (status: number, code?: string): ErrorCode => {
  if (code && (ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  return STATUS_CODES[status] ?? (status >= 500 ? 'server' : 'validation');
};

/** The problem type URIs the reference server uses, documented in the OpenAPI document. */
export const problemType = (code: ErrorCode): string => `https://portico.dev/problems/${code.replaceAll('_', '-')}`;

/**
 * Finer problem types of the bearer-token checks than their code (`unauthenticated` for the 401s,
 * `forbidden` for the 403s): `expired` tells a client to fetch a new token and send the request
 * again (the REST client's `getToken`); the others need a person or a configuration change.
 */
export const TOKEN_PROBLEM_TYPES = {
  /** 401: the token's `exp` has passed. */
  expired: 'https://portico.dev/problems/token-expired',
  /** 401: not a token this server accepts (signature, key, issuer, audience, algorithm, form). */
  invalid: 'https://portico.dev/problems/token-invalid',
  /** 403: a valid token, but no contact with an active login matches it. */
  unknownSubject: 'https://portico.dev/problems/unknown-subject',
  /** 403: a valid token whose company is not the matched contact's (or names no company this server knows). */
  otherCompany: 'https://portico.dev/problems/other-company',
} as const;
