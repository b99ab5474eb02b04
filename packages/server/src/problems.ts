import { fieldErrorsFrom, problemType, type ErrorCode, type FieldError, type Problem } from '@portico/core';
import type { z } from 'zod';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Content too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  503: 'Service unavailable',
  422: 'Unprocessable content',
  500: 'Internal server error',
};

export type ProblemDocument = Problem & { conflictingId?: string };

/** Thrown by handlers; the app's error handler turns it into an RFC 9457 problem document. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly conflictingId: string | undefined;
  /** Seconds a client should wait before trying again (429). */
  readonly retryAfter: number | undefined;
  /** A finer type than the code's (core's `TOKEN_PROBLEM_TYPES`). */
  readonly type: string | undefined;
  /** Headers the answer carries besides the problem (`WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; conflictingId?: string; retryAfter?: number; type?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = options.errors ?? [];
    this.conflictingId = options.conflictingId;
    this.retryAfter = options.retryAfter;
    this.type = options.type;
    this.headers = options.headers ?? {};
  }

  toDocument(): ProblemDocument {
    return {
      type: this.type ?? problemType(this.code),
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      code: this.code,
      errors: this.errors,
      ...(this.conflictingId ? { conflictingId: this.conflictingId } : {}),
    };
  }
}

export const validationProblem = (error: z.core.$ZodError, detail = 'The request has invalid fields.'): HttpProblem =>
  new HttpProblem(400, 'validation', detail, { errors: fieldErrorsFrom(error) });

export const unauthenticated = () => new HttpProblem(401, 'unauthenticated', 'Sign in to continue.');
export const forbidden = (detail = 'You are not allowed to do this.') => new HttpProblem(403, 'forbidden', detail);
/** The one answer for a missing record and a record outside the viewer's scope, so neither leaks. */
export const notFound = (what = 'Contact') => new HttpProblem(404, 'not_found', `${what} not found.`);
/** Too many attempts; `retryAfter` seconds go into the Retry-After header. */
export const tooManyRequests = (retryAfter: number) =>
  new HttpProblem(429, 'rate_limited', `Too many attempts. Try again in ${retryAfter} seconds.`, { retryAfter });
export const conflict = (detail: string, options: { errors?: FieldError[]; conflictingId?: string } = {}) =>
  new HttpProblem(409, 'conflict', detail, options);
/** A body over the server's limit, refused before it is read; the code stays `validation` (a client's mistake). */
export const contentTooLarge = (limit: number) =>
  new HttpProblem(413, 'validation', `The request body is larger than ${limit} bytes.`, {
    errors: [{ field: '(body)', message: `At most ${limit} bytes.`, code: 'too_large' }],
  });
/** A body that is not `application/json` (UTF-8): the only kind the server reads. */
export const unsupportedMediaType = () =>
  new HttpProblem(415, 'validation', 'Send the request body as application/json (UTF-8).', {
    errors: [{ field: '(body)', message: 'Content-Type must be application/json.', code: 'unsupported_media_type' }],
  });
