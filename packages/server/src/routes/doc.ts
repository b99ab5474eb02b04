/**
 * The pieces each route's OpenAPI declaration is made of: references to the component schemas
 * (generated from the same zod schemas the handlers validate with, components.ts), the shared
 * parameters and the problem answers.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx, Env } from '../context.js';
import { MAX_BODY_BYTES } from '../edge.js';

/** A parameter, a response and its headers as OpenAPI 3.1 objects. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: Record<string, unknown>;
}
type Headers = Record<string, { description?: string; schema: Record<string, unknown> }>;
interface Answer {
  description: string;
  headers?: Headers;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}

/** One operation: where it answers and how the document describes it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Under `/api`, with `{name}` path parameters. */
  path: string;
  summary: string;
  description?: string;
  operationId: string;
  tags: string[];
  /** `[]` for an operation that needs no session. */
  security?: [];
  parameters?: Parameter[];
  request?: { body: ReturnType<typeof jsonBody> };
  responses: Record<string, Answer>;
}

type RouteConfig = Parameters<typeof createRoute>[0];
type OpenApiHandler = Parameters<OpenAPIHono<Env>['openapi']>[1];

/**
 * Declares `operation` (createRoute) on the module's app with its handler. The bodies and answers
 * are $refs to the components (document.ts), so @hono/zod-openapi adds no validator and types no
 * answer: the handler validates its body with the component's schema and answers a Response.
 */
export const declare = (app: OpenAPIHono<Env>, operation: Operation, handler: (c: Ctx) => Response | Promise<Response>): void => {
  app.openapi(createRoute(operation as unknown as RouteConfig), handler as unknown as OpenApiHandler);
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON request body of the named component; every route with a body may also answer 413 and 415 at the edge. */
export const jsonBody = (name: string, { required = true } = {}) => ({ required, content: { 'application/json': { schema: ref(name) } } });

export const json = (description: string, name: string, headers?: Headers): Answer => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref(name) } },
});

export const problem = (description: string): Answer => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
export const noContent = (description: string): Answer => ({ description });

export const ETAG: Headers = { ETag: { description: 'The contact version as a strong entity tag, e.g. `"3"`.', schema: { type: 'string' } } };
export const CSRF: Parameter = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: false,
  description: 'The value of the `portico_csrf` cookie: required with a cookie session, not with a bearer token.',
  schema: { type: 'string' },
};
export const ID: Parameter = { name: 'id', in: 'path', required: true, description: 'Contact id.', schema: { type: 'string' } };

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid body or parameters; `errors` names the fields.',
  401: 'Not signed in.',
  403: 'Signed in but not allowed (or a missing CSRF token), or `password_change_required`: the session\u2019s password was temporary or set by an administrator and must be changed first (`POST /api/me/password`).',
  404: 'No such record, or one outside the viewer\u2019s scope (same answer).',
  409: 'Conflict: a taken value, a transition not allowed in the current state, or a change that would leave a company without an active administrator; `conflictingId` when known.',
  412: 'The `If-Match` version is stale.',
  413: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB; refused before it is read.`,
  415: 'The body is not `application/json` (UTF-8).',
  422: 'The request is well formed but cannot be done as asked.',
};

export const errors = (...statuses: number[]): Record<string, Answer> => Object.fromEntries(statuses.map((status) => [String(status), problem(DESCRIPTIONS[status] ?? 'Error.')]));

/** The answers of the request edge (edge.ts) to a route that takes a body. */
export const EDGE_ERRORS = errors(413, 415);
