import {
  Account,
  AssociateUserBody,
  Contact,
  ContactDraft,
  ContactPatch,
  CreateLoginBody,
  OutboxMessage,
  PasswordReset,
  PasswordResetResult,
  Problem,
  Role,
  RoleAssignment,
  SignInBody,
  UserAccount,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
  pageOf,
  listOf,
  LIMITS,
  CONTACT_STATUSES,
  SORT_FIELDS,
  EXPORT_COLUMN_IDS,
} from '@portico/core';
import { z } from 'zod';
import { MAX_BODY_BYTES } from './edge.js';
import { AuditEntry, DemoSignInBody, DemoViewerSchema, PasswordResetConfirm } from './schemas.js';
import { SEARCH_COUNT_CAP } from './list-query.js';
import { EmbedToken, EmbedTokenRequest } from './auth/embed.js';

/**
 * The OpenAPI 3.1 document of the REST contract, built from the core zod schemas so the
 * document, the server's validation and the clients' types cannot drift apart.
 */

/** Components: name → [schema, whether it describes a request (input) or a response (output)]. */
const SCHEMAS: Record<string, [z.core.$ZodType, 'input' | 'output']> = {
  Account: [Account, 'output'],
  AccountList: [listOf(Account), 'output'],
  AssociateUserBody: [AssociateUserBody, 'input'],
  AuditList: [listOf(AuditEntry), 'output'],
  Contact: [Contact, 'output'],
  ContactDraft: [ContactDraft, 'input'],
  ContactPage: [pageOf(Contact), 'output'],
  ContactPatch: [ContactPatch, 'input'],
  CreateLoginBody: [CreateLoginBody, 'input'],
  DemoSignInBody: [DemoSignInBody, 'input'],
  DemoViewerList: [listOf(DemoViewerSchema), 'output'],
  EmbedToken: [EmbedToken, 'output'],
  EmbedTokenRequest: [EmbedTokenRequest, 'input'],
  OutboxList: [listOf(OutboxMessage), 'output'],
  PasswordReset: [PasswordReset, 'input'],
  PasswordResetConfirmBody: [PasswordResetConfirm, 'input'],
  PasswordResetResult: [PasswordResetResult, 'output'],
  Problem: [z.object({ ...Problem.shape, conflictingId: z.string().optional() }), 'output'],
  Role: [Role, 'output'],
  RoleAssignment: [RoleAssignment, 'input'],
  RoleList: [listOf(Role), 'output'],
  SignInBody: [SignInBody, 'input'],
  UserAccountPage: [pageOf(UserAccount), 'output'],
  UserIdAvailability: [UserIdAvailability, 'output'],
  UserIdSuggestion: [UserIdSuggestion, 'output'],
  Viewer: [Viewer, 'output'],
};

const toSchema = (schema: z.core.$ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const json = (description: string, name: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref(name) } },
});
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const noContent = (description: string) => ({ description });

const ETAG = { ETag: { description: 'The contact version as a strong entity tag, e.g. `"3"`.', schema: { type: 'string' } } };
const CSRF = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: false,
  description: 'The value of the `portico_csrf` cookie: required with a cookie session, not with a bearer token.',
  schema: { type: 'string' },
};
const ID = { name: 'id', in: 'path', required: true, description: 'Contact id.', schema: { type: 'string' } };

const errors = (...statuses: number[]) => {
  const descriptions: Record<number, string> = {
    400: 'Invalid body or parameters; `errors` names the fields.',
    401: 'Not signed in.',
    403: 'Signed in but not allowed (or a missing CSRF token).',
    404: 'No such record, or one outside the viewer\u2019s scope (same answer).',
    409: 'Conflict: a taken value, a transition not allowed in the current state, or a change that would leave a company without an active administrator; `conflictingId` when known.',
    412: 'The `If-Match` version is stale.',
    413: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB; refused before it is read.`,
    415: 'The body is not `application/json` (UTF-8).',
    422: 'The request is well formed but cannot be done as asked.',
  };
  return Object.fromEntries(statuses.map((status) => [String(status), problem(descriptions[status] ?? 'Error.')]));
};

/** Every operation that takes a body may be refused at the edge (app.ts) before its handler runs. */
const withEdgeProblems = <T extends object>(paths: T): T => {
  for (const operations of Object.values(paths) as Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>[]) {
    for (const operation of Object.values(operations)) {
      if (operation.requestBody) Object.assign(operation.responses, errors(413, 415));
    }
  }
  return paths;
};

const contactAction = (summary: string, action: string) => ({
  post: {
    summary,
    operationId: action,
    tags: ['logins'],
    parameters: [ID, CSRF],
    responses: { '200': json('The contact after the change.', 'Contact'), ...errors(401, 403, 404, 409) },
  },
});

export const buildOpenApiDocument = (): Record<string, unknown> => ({
  openapi: '3.1.0',
  info: {
    title: 'Portico reference server',
    version: '0.1.0',
    description:
      'Contact management for customer portals. Sessions are cookies (`portico_session`, HttpOnly); every unsafe request of a cookie session except sign-in and password-reset confirmation sends the `portico_csrf` cookie value in `X-CSRF-Token`. A request may instead carry `Authorization: Bearer` with an embed token (`POST /api/embed-tokens`) or, when the server is configured for it, the portal\'s OpenID Connect access token; it needs no CSRF token. A refused token answers 401 or 403 with a finer problem type: `token-expired` (get a new token and send the request again), `token-invalid`, `unknown-subject`, `other-company`. Errors are RFC 9457 problem documents.',
  },
  servers: [{ url: 'http://127.0.0.1:8787' }],
  tags: [
    { name: 'session' },
    { name: 'contacts' },
    { name: 'logins' },
    { name: 'roles' },
    { name: 'accounts' },
    { name: 'users' },
    { name: 'demo' },
    { name: 'admin' },
  ],
  components: {
    schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, [schema, io]]) => [name, toSchema(schema, io)])),
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'portico_session' },
      bearer: { type: 'http', scheme: 'bearer', description: 'An embed token (`portico_et_…`) or the portal\'s OpenID Connect access token (a JWT).' },
      apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of one company (`portico_ak_…`): only for minting embed tokens.' },
    },
  },
  security: [{ session: [] }, { bearer: [] }],
  paths: withEdgeProblems({
    '/api/session': {
      post: {
        summary: 'Sign in',
        operationId: 'signIn',
        tags: ['session'],
        security: [],
        requestBody: jsonBody('SignInBody'),
        responses: {
          '200': json('Signed in; sets the `portico_session` and `portico_csrf` cookies.', 'Viewer'),
          '400': problem('Invalid body.'),
          '401': problem('Wrong user ID or password, or the login is not active (one answer for all).'),
        },
      },
      delete: { summary: 'Sign out', operationId: 'signOut', tags: ['session'], parameters: [CSRF], responses: { '204': noContent('Signed out.'), ...errors(403) } },
    },
    '/api/embed-tokens': {
      post: {
        summary: 'Mint an embed token for one contact (the portal\'s back end, with its API key)',
        operationId: 'mintEmbedToken',
        tags: ['session'],
        security: [{ apiKey: [] }],
        requestBody: jsonBody('EmbedTokenRequest'),
        responses: {
          '201': json('A token that acts as the contact, with its permissions, until `expiresAt`.', 'EmbedToken'),
          '400': problem('Invalid body: name the contact by `contactId` or `userId`; `ttlSeconds` 60 to 3600.'),
          '401': problem('No API key, or an unknown or revoked one (`token-invalid`).'),
          '403': problem('The contact has no active login.'),
          '404': problem('No such contact in the API key\'s company (another company\'s contact reads the same).'),
        },
      },
    },
    '/api/me': {
      get: { summary: 'The signed-in viewer', operationId: 'me', tags: ['session'], responses: { '200': json('The viewer with their scope.', 'Viewer'), ...errors(401) } },
    },
    '/api/demo/viewers': {
      get: { summary: 'Demo viewers (demo mode only)', operationId: 'demoViewers', tags: ['demo'], security: [], responses: { '200': json('The demo personas.', 'DemoViewerList'), ...errors(404) } },
    },
    '/api/demo/sign-in': {
      post: {
        summary: 'Sign in without a password (demo mode only)',
        operationId: 'demoSignIn',
        tags: ['demo'],
        security: [],
        requestBody: jsonBody('DemoSignInBody'),
        responses: { '200': json('Signed in.', 'Viewer'), ...errors(400, 401, 404) },
      },
    },
    '/api/contacts': {
      get: {
        summary: 'List contacts in the viewer\u2019s scope',
        operationId: 'listContacts',
        tags: ['contacts'],
        parameters: [
          { name: 'q', in: 'query', description: 'Case-insensitive substring of "first last", "last first" or the email.', schema: { type: 'string', maxLength: LIMITS.search } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...CONTACT_STATUSES] } },
          { name: 'accountId', in: 'query', schema: { type: 'string' } },
          { name: 'includeChildAccounts', in: 'query', schema: { type: 'string', enum: ['true', 'false'], default: 'true' } },
          { name: 'sort', in: 'query', schema: { type: 'string', enum: [...SORT_FIELDS], default: 'name' } },
          { name: 'order', in: 'query', description: 'Contacts with equal sort values are ordered by id in the same direction, so `desc` is exactly `asc` reversed.', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: 25 } },
        ],
        responses: {
          '200': json(
            `One page of contacts. Without \`q\` the total is exact. With \`q\` the server counts at most ${SEARCH_COUNT_CAP + 1} matches: past ${SEARCH_COUNT_CAP} the total is ${SEARCH_COUNT_CAP} with \`totalExact: false\` ("more than ${SEARCH_COUNT_CAP}"), and a page past the last match is empty.`,
            'ContactPage',
          ),
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        summary: 'Create a contact',
        operationId: 'createContact',
        tags: ['contacts'],
        parameters: [
          CSRF,
          { name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key returns the first result.', schema: { type: 'string', maxLength: 200 } },
        ],
        requestBody: jsonBody('ContactDraft'),
        responses: {
          '201': json('Created (or the replayed first result).', 'Contact', {
            ...ETAG,
            Location: { description: 'The new contact.', schema: { type: 'string' } },
          }),
          ...errors(400, 401, 403, 409),
        },
      },
    },
    '/api/contacts/export': {
      get: {
        summary: 'Export the listed (or selected) contacts as CSV, XLSX or PDF',
        description:
          'Streamed: the contacts are read a page at a time and written as they arrive. Needs the `contact.export` permission; the scope, search, filters and sort are those of `GET /api/contacts`. CSV is RFC 4180 with a UTF-8 byte order mark, and a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe (formula injection).',
        operationId: 'exportContacts',
        tags: ['contacts'],
        parameters: [
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx', 'pdf'], default: 'csv' } },
          { name: 'q', in: 'query', description: 'As for the list.', schema: { type: 'string', maxLength: LIMITS.search } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...CONTACT_STATUSES] } },
          { name: 'accountId', in: 'query', schema: { type: 'string' } },
          { name: 'includeChildAccounts', in: 'query', schema: { type: 'string', enum: ['true', 'false'], default: 'true' } },
          { name: 'sort', in: 'query', schema: { type: 'string', enum: [...SORT_FIELDS], default: 'name' } },
          { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
          { name: 'columns', in: 'query', description: `Comma-separated column ids (${EXPORT_COLUMN_IDS.join(', ')}); unknown ids are ignored.`, schema: { type: 'string' } },
          { name: 'ids', in: 'query', description: 'Comma-separated contact ids (at most 1000): export only this selection, in this order. Ids outside the viewer\u2019s scope are left out.', schema: { type: 'string' } },
          { name: 'lang', in: 'query', description: 'Language of the header row (BCP 47: en, de, fr, es, ja, ar; others fall back by language, then to English).', schema: { type: 'string', maxLength: 35 } },
        ],
        responses: {
          '200': {
            description: 'The file, as an attachment named `contacts-YYYY-MM-DD.<format>`.',
            headers: {
              'Content-Disposition': { schema: { type: 'string' } },
              'X-Total-Count': { description: 'How many contacts the file holds.', schema: { type: 'integer' } },
            },
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/api/contacts/{id}': {
      get: {
        summary: 'Get a contact',
        operationId: 'getContact',
        tags: ['contacts'],
        parameters: [ID],
        responses: { '200': json('The contact.', 'Contact', ETAG), ...errors(401, 403, 404) },
      },
      patch: {
        summary: 'Update a contact',
        description: 'A new `email` cancels the password reset links mailed to the old address and tells the old address that it was changed.',
        operationId: 'updateContact',
        tags: ['contacts'],
        parameters: [ID, CSRF, { name: 'If-Match', in: 'header', required: false, description: 'The version the edit started from, e.g. `"3"`.', schema: { type: 'string' } }],
        requestBody: jsonBody('ContactPatch'),
        responses: { '200': json('The updated contact.', 'Contact', ETAG), ...errors(400, 401, 403, 404, 409, 412) },
      },
      delete: {
        summary: 'Delete a contact (not yourself)',
        operationId: 'deleteContact',
        tags: ['contacts'],
        parameters: [ID, CSRF],
        responses: { '204': noContent('Deleted.'), ...errors(401, 403, 404, 409) },
      },
    },
    '/api/contacts/{id}/login': {
      post: {
        summary: 'Create a login',
        operationId: 'createLogin',
        tags: ['logins'],
        parameters: [ID, CSRF],
        requestBody: { required: false, content: { 'application/json': { schema: ref('CreateLoginBody') } } },
        responses: { '200': json('The contact with an enabled login.', 'Contact'), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/api/contacts/{id}/login/enable': contactAction('Enable a disabled login', 'enableLogin'),
    '/api/contacts/{id}/login/disable': contactAction('Disable a login (ends its sessions)', 'disableLogin'),
    '/api/contacts/{id}/login/lock': contactAction('Lock a login (ends its sessions)', 'lockLogin'),
    '/api/contacts/{id}/login/unlock': contactAction('Unlock a login and reset its failed sign-ins', 'unlockLogin'),
    '/api/contacts/{id}/password-reset': {
      post: {
        summary: 'Reset a password: mail a link, mail a temporary password, or set one',
        description: 'Each mode cancels the links mailed before. A password set here must meet the password rules of docs/security.md (12 to 128 characters, not only spaces, not the user ID or e-mail address, hard to guess: a zxcvbn score of 3 or more); a 400 names `password` once per failed rule, with the codes `too_small`, `too_big`, `blank`, `matches_identity` and `too_weak`.',
        operationId: 'resetPassword',
        tags: ['logins'],
        parameters: [ID, CSRF],
        requestBody: jsonBody('PasswordReset'),
        responses: { '200': json('What was done.', 'PasswordResetResult'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/password-reset/confirm': {
      post: {
        summary: 'Choose a password with a mailed link\u2019s token',
        description: 'The password must meet the password rules of docs/security.md (12 to 128 characters, not only spaces, not the user ID or e-mail address, hard to guess: a zxcvbn score of 3 or more); a 400 names `password` once per failed rule, with the codes `too_small`, `too_big`, `blank`, `matches_identity` and `too_weak`. A refused password leaves the link usable.',
        operationId: 'confirmPasswordReset',
        tags: ['logins'],
        security: [],
        requestBody: jsonBody('PasswordResetConfirmBody'),
        responses: { '204': noContent('Password set.'), '400': problem('Invalid, used or expired token (one answer), or an invalid password.') },
      },
    },
    '/api/roles': {
      get: { summary: 'The role catalogue', operationId: 'listRoles', tags: ['roles'], responses: { '200': json('Roles.', 'RoleList'), ...errors(401) } },
    },
    '/api/contacts/{id}/roles': {
      put: {
        summary: 'Replace a contact\u2019s roles',
        operationId: 'setRoles',
        tags: ['roles'],
        parameters: [ID, CSRF],
        requestBody: jsonBody('RoleAssignment'),
        responses: { '200': json('The contact with its new roles.', 'Contact', ETAG), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/accounts': {
      get: { summary: 'Accounts in the viewer\u2019s scope', operationId: 'listAccounts', tags: ['accounts'], responses: { '200': json('Accounts.', 'AccountList'), ...errors(401) } },
    },
    '/api/user-ids/suggestion': {
      get: {
        summary: 'Suggest a user ID (firstname.lastname)',
        operationId: 'suggestUserId',
        tags: ['users'],
        parameters: [
          { name: 'firstName', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'lastName', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': json('The suggestion, or null with a reason.', 'UserIdSuggestion'), ...errors(400, 401, 403) },
      },
    },
    '/api/user-ids/{userId}': {
      get: {
        summary: 'Check whether a user ID is free',
        operationId: 'checkUserId',
        tags: ['users'],
        parameters: [
          { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'excludeContactId', in: 'query', required: false, schema: { type: 'string' } },
        ],
        responses: { '200': json('Availability.', 'UserIdAvailability'), ...errors(400, 401, 403) },
      },
    },
    '/api/users': {
      get: {
        summary: 'Search user accounts (admin only)',
        operationId: 'searchUsers',
        tags: ['users'],
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
          { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LIMITS.pageSizeMax, default: 25 } },
        ],
        responses: { '200': json('User accounts.', 'UserAccountPage'), ...errors(400, 401, 403) },
      },
    },
    '/api/contacts/{id}/user': {
      put: {
        summary: 'Associate an existing user account with a contact (admin only)',
        operationId: 'associateUser',
        tags: ['users'],
        parameters: [ID, CSRF],
        requestBody: jsonBody('AssociateUserBody'),
        responses: { '200': json('The contact with the user associated.', 'Contact'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/outbox': {
      get: { summary: 'Mails the server would have sent to the viewer\u2019s accounts (admins; in demo mode every signed-in viewer)', operationId: 'outbox', tags: ['admin'], responses: { '200': json('Messages.', 'OutboxList'), ...errors(401, 403) } },
    },
    '/api/audit': {
      get: { summary: 'Audit log (admins)', operationId: 'audit', tags: ['admin'], responses: { '200': json('Newest first.', 'AuditList'), ...errors(401, 403) } },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', operationId: 'openapi', tags: ['admin'], security: [], responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } } },
    },
  }),
});

/** Keys sorted at every level, so the committed file diffs cleanly. */
export const stableStringify = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`;

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};
