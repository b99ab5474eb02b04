/**
 * The OpenAPI 3.1 document of the REST contract. Each route module declares its operations with
 * `createRoute` beside its handlers; the component schemas are the zod schemas the handlers
 * validate with, rendered by zod's own JSON Schema generator (`z.toJSONSchema`, which knows every
 * check and tells a request's shape from a response's). Core's schemas are zod/mini schemas, which
 * `@hono/zod-openapi`'s generator cannot read (it asks each schema for `.meta()`), so operations
 * refer to the components by name (routes/doc.ts).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  Account,
  AssociateUserBody,
  ChangePasswordBody,
  Contact,
  ContactDraft,
  ContactPatch,
  CreateLoginBody,
  listOf,
  OutboxMessage,
  pageOf,
  PasswordReset,
  PasswordResetRequestBody,
  PasswordResetResult,
  Problem,
  Role,
  RoleAssignment,
  SignInBody,
  UserAccount,
  UserIdAvailability,
  UserIdSuggestion,
  Viewer,
} from '@portico/core';
import { z } from 'zod';
import type { Env } from './context.js';
import { EDGE_ERRORS } from './routes/doc.js';
import { EmbedToken, EmbedTokenRequest } from './auth/embed.js';
import { AuditEntry, DemoSignInBody, DemoViewerSchema, PasswordResetConfirm } from './schemas.js';

/** Components: name → [schema, whether it describes a request (input) or a response (output)]. */
const SCHEMAS: Record<string, [z.core.$ZodType, 'input' | 'output']> = {
  Account: [Account, 'output'],
  AccountList: [listOf(Account), 'output'],
  AssociateUserBody: [AssociateUserBody, 'input'],
  ChangePasswordBody: [ChangePasswordBody, 'input'],
  AuditList: [listOf(AuditEntry), 'output'],
  Contact: [Contact, 'output'],
  ContactDraft: [ContactDraft, 'input'],
  ContactPage: [pageOf(Contact), 'output'],
  ContactPatch: [ContactPatch, 'input'],
  CreateLoginBody: [CreateLoginBody, 'input'],
  DemoSignInBody: [DemoSignInBody, 'input'],
  DemoViewerList: [listOf(DemoViewerSchema), 'output'],
  OutboxList: [listOf(OutboxMessage), 'output'],
  EmbedToken: [EmbedToken, 'output'],
  EmbedTokenRequest: [EmbedTokenRequest, 'input'],
  PasswordReset: [PasswordReset, 'input'],
  PasswordResetConfirmBody: [PasswordResetConfirm, 'input'],
  PasswordResetRequestBody: [PasswordResetRequestBody, 'input'],
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

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Portico reference server',
    version: '0.1.0',
    description:
      'Contact management for customer portals. Sessions are cookies (`portico_session`, HttpOnly); every unsafe request of a cookie session except sign-in and password-reset confirmation sends the `portico_csrf` cookie value in `X-CSRF-Token`. A request may instead carry `Authorization: Bearer` with an embed token (`POST /api/embed-tokens`) or, when the server is configured for it, the portal\'s OpenID Connect access token; it needs no CSRF token. A refused token answers 401 or 403 with a finer problem type: `token-expired` (get a new token and send the request again), `token-invalid`, `unknown-subject`, `other-company`. Errors are RFC 9457 problem documents.',
  },
  servers: [{ url: 'http://127.0.0.1:8787' }],
  tags: ['session', 'contacts', 'logins', 'roles', 'accounts', 'users', 'demo', 'admin', 'operations'].map((name) => ({ name })),
  security: [{ session: [] }, { bearer: [] }] as Record<string, string[]>[],
};

/** Registers the component schemas and the session cookie scheme on the app's OpenAPI registry. */
export const registerComponents = (app: OpenAPIHono<Env>): void => {
  for (const [name, [schema, io]] of Object.entries(SCHEMAS)) app.openAPIRegistry.registerComponent('schemas', name, toSchema(schema, io));
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'portico_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An embed token (`portico_et_…`) or the portal\'s OpenID Connect access token (a JWT).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'An API key of one company (`portico_ak_…`): only for minting embed tokens.' });
};

type Operation = { requestBody?: unknown; responses: Record<string, unknown> };

/** The document of every route the app declares. Every operation that takes a body may be refused at the edge (edge.ts) before its handler runs. */
export const documentOf = (app: OpenAPIHono<Env>): Record<string, unknown> => {
  const { webhooks: _none, ...document } = app.getOpenAPI31Document(DOCUMENT as Parameters<OpenAPIHono['getOpenAPI31Document']>[0]) as unknown as Record<string, unknown> & {
    paths: Record<string, Record<string, Operation>>;
  };
  const components = document['components'] as Record<string, object>;
  // The generator adds empty sections (no named parameters here).
  for (const [section, entries] of Object.entries(components)) if (Object.keys(entries).length === 0) delete components[section];
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      if (operation.requestBody) Object.assign(operation.responses, EDGE_ERRORS);
    }
  }
  return document;
};
