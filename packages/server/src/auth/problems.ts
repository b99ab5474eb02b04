import { TOKEN_PROBLEM_TYPES } from '@portico/core';
import { HttpProblem } from '../problems.js';

// RFC 6750: a 401 to a bearer request says why in WWW-Authenticate too, for clients that read only that.
// A header value holds printable ASCII only, without the quotes that delimit it.
const challenge = (error: string, description: string) => ({
  'www-authenticate': `Bearer error="${error}", error_description="${description.replace(/[^\x20-\x7e]|["\\]/g, "'")}"`,
});

export const tokenExpired = (detail = 'The token has expired: get a new one and send the request again.') =>
  new HttpProblem(401, 'unauthenticated', detail, { type: TOKEN_PROBLEM_TYPES.expired, headers: challenge('invalid_token', 'The token has expired') });

export const tokenInvalid = (detail: string) =>
  new HttpProblem(401, 'unauthenticated', detail, { type: TOKEN_PROBLEM_TYPES.invalid, headers: challenge('invalid_token', detail) });

export const unknownSubject = (detail: string) => new HttpProblem(403, 'forbidden', detail, { type: TOKEN_PROBLEM_TYPES.unknownSubject });

export const otherCompany = (detail: string) => new HttpProblem(403, 'forbidden', detail, { type: TOKEN_PROBLEM_TYPES.otherCompany });

/** The identity provider's keys could not be fetched: the server's trouble, not the caller's token. */
export const issuerUnreachable = (detail: string) => new HttpProblem(503, 'server', detail);
