/**
 * What the route modules share: the Hono environment (the session and the viewer of a request),
 * the server's dependencies that createApp hands each module, and small helpers.
 */
import type { Contact, Viewer } from '@portico/core';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Database, Queryable } from './db.js';
import type { LogEnv } from './log.js';
import { validationProblem } from './problems.js';
import type { RateLimits } from './rate-limit.js';

export interface Session {
  tokenHash: string;
  contactId: string;
  csrfToken: string;
  /** The login's password was temporary or set by an administrator: only the change is open (routes/self.ts). */
  passwordChangeRequired: boolean;
}

export type Env = {
  Variables: {
    session: Session | null;
    viewer: Viewer | null | undefined;
    /** `Authorization: Bearer` of the request (an embed token or the portal's JWT); its cookies are then not read. */
    bearer: string | undefined;
    /** Resolves a bearer token to its viewer (auth/index.ts). */
    authenticate: ((token: string) => Promise<Viewer>) | undefined;
  } & LogEnv['Variables'];
};
export type Ctx = Context<Env>;

/** What createApp gives every route module. */
export interface ServerContext {
  db: Database;
  /** The demo endpoints, and the outbox for every signed-in viewer. */
  demo: boolean;
  lockoutThreshold: number;
  now: () => Date;
  /**
   * Counts an attempt against each named limit, in the database (shared by every process); the
   * first one over its limit answers 429. Inside a transaction, pass it: the count is then its.
   */
  limit: (checks: [keyof RateLimits, string][], q?: Queryable) => Promise<void>;
  /** The base of mailed links; throws when the server has no public URL. */
  linkBase: () => string;
  /** Mails written to the outbox are sent by the mail relay after the commit (mail/relay.ts); else they stay there. */
  deliverMail: boolean;
  /** `SameSite=None; Secure; Partitioned` session cookies, for a page on another site (cors.ts). */
  crossSiteCookies: boolean;
}

// Core's schemas are zod/mini schemas, the server's own are classic: `z.safeParse` takes both.
export const parse = <S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> => {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
};

export const etag = (contact: Contact): string => `"${contact.version}"`;

/** The `{id}` of a route's path: the router matches only with one. */
export const pathId = (c: Ctx): string => c.req.param('id') ?? '';
