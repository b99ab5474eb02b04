import { DEMO_PASSWORD, type OutboxMessage } from '@portico/core';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, type AppOptions } from './app.js';
import { createPgliteDatabase, type Database } from './db.js';
import { migrate, truncateAll } from './migrations.js';
import { seedDatabase } from './seed.js';
import { startServer } from './server.js';
import { readOutbox } from './store.js';

export interface TestServerOptions {
  demo?: boolean;
  lockoutThreshold?: number;
  /** The server's clock, e.g. to move past a reset link's expiry. */
  now?: () => Date;
  /** Off by default: suites sign the same demo users in again and again. The rate-limit tests turn them on. */
  rateLimits?: AppOptions['rateLimits'];
  /** Where mailed links point; default the test server's own URL. */
  publicUrl?: AppOptions['publicUrl'];
  /** Bearer tokens (embed tokens, OpenID Connect). */
  auth?: AppOptions['auth'];
}

export interface TestSession {
  /** The `Cookie` request header value. */
  cookie: string;
  csrfToken: string;
  /** `Cookie` and `X-CSRF-Token`, ready to spread into `fetch` headers. */
  headers: Record<string, string>;
}

export interface TestServer {
  url: string;
  db: Database;
  /** Empties the database and seeds it again (the same PGlite, no re-initialisation). */
  reset(): Promise<void>;
  signIn(userId: string, password?: string): Promise<TestSession>;
  outbox(): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

/** A seeded reference server on 127.0.0.1 with a free port and an in-memory PGlite, for tests. */
export const startTestServer = async ({ demo = true, lockoutThreshold, now, rateLimits = false, publicUrl, auth }: TestServerOptions = {}): Promise<TestServer> => {
  const db = await createPgliteDatabase();
  try {
    await migrate(db);
    await seedDatabase(db);
    const server = await startServer({
      db,
      port: 0,
      host: '127.0.0.1',
      demo,
      ...(lockoutThreshold !== undefined ? { lockoutThreshold } : {}),
      ...(now ? { now } : {}),
      ...(publicUrl !== undefined ? { publicUrl } : {}),
      ...(auth ? { auth } : {}),
      rateLimits,
    });
    return {
      url: server.url,
      db,
      reset: async () => {
        await truncateAll(db);
        await seedDatabase(db, undefined, { vacuum: false });
      },
      signIn: async (userId, password = DEMO_PASSWORD) => {
        const response = await fetch(`${server.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId, password }),
        });
        if (response.status !== 200) throw new Error(`Sign-in as ${userId} failed with ${response.status}: ${await response.text()}`);
        const cookies = new Map(
          response.headers.getSetCookie().map((header) => {
            const [pair = ''] = header.split(';');
            const index = pair.indexOf('=');
            return [pair.slice(0, index), pair.slice(index + 1)] as const;
          }),
        );
        const session = cookies.get(SESSION_COOKIE);
        const csrfToken = cookies.get(CSRF_COOKIE);
        if (!session || !csrfToken) throw new Error('Sign-in did not set the session cookies.');
        const cookie = `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrfToken}`;
        return { cookie, csrfToken, headers: { cookie, [CSRF_HEADER]: csrfToken } };
      },
      outbox: () => readOutbox(db),
      close: async () => {
        await server.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
};
