// The reference server the benchmarks measure: PGlite in memory seeded with `contacts`
// contacts, on 127.0.0.1, in this process. Shared by the server, export and load benchmarks.
import { performance } from 'node:perf_hooks';
import { createSeedData, type SeedData } from '@portico/core';
import { createPgliteDatabase, migrate, seedDatabase, startServer, type Database, type RunningServer } from '@portico/server';

export interface SeededServer {
  server: RunningServer;
  db: Database;
  seed: SeedData;
  seedSeconds: number;
  /** Signs a demo user in; the headers carry the session cookie and the CSRF token. */
  signIn(userId: string): Promise<{ cookie: string; 'x-csrf-token': string }>;
  close(): Promise<void>;
}

export const startSeededServer = async ({ contacts, rateLimits = true }: { contacts: number; rateLimits?: boolean }): Promise<SeededServer> => {
  const started = performance.now();
  const db = await createPgliteDatabase();
  await migrate(db);
  const seed = createSeedData({ count: contacts });
  await seedDatabase(db, seed);
  const seedSeconds = (performance.now() - started) / 1000;
  const server = await startServer({ db, port: 0, demo: true, ...(rateLimits ? {} : { rateLimits: false }) });
  return {
    server,
    db,
    seed,
    seedSeconds,
    signIn: async (userId) => {
      const response = await fetch(`${server.url}/api/demo/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      });
      const cookies = response.headers.getSetCookie().map((value) => value.split(';')[0]!);
      const csrf = decodeURIComponent(cookies.find((cookie) => cookie.startsWith('portico_csrf='))?.split('=')[1] ?? '');
      return { cookie: cookies.join('; '), 'x-csrf-token': csrf };
    },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
};
