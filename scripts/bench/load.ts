// A bounded load test of the reference server (issue 9): concurrent list, search, create and
// update on 127.0.0.1 for a fixed time, then the database counts are reconciled with the writes
// that succeeded. Figures only; it reports 5xx and mismatches loudly but is not part of npm test.
import { performance } from 'node:perf_hooks';
import { createSeedData } from '@portico/core';
import { createPgliteDatabase, migrate, seedDatabase, startServer } from '@portico/server';

export interface LoadResult {
  seconds: number;
  concurrency: number;
  byKind: { kind: string; requests: number; ok: number; status4xx: number; status5xx: number; p50: number; p95: number; p99: number }[];
  contactsBefore: number;
  contactsAfter: number;
  createsOk: number;
  updatesOk: number;
  versionSum: { expected: number; actual: number };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

export const loadTest = async ({ contacts = 100_000, seconds = 20, concurrency = 16 } = {}): Promise<LoadResult> => {
  const db = await createPgliteDatabase();
  await migrate(db);
  const seed = createSeedData({ count: contacts });
  await seedDatabase(db, seed);
  const server = await startServer({ db, port: 0, demo: true, rateLimits: false });
  try {
    const signIn = await fetch(`${server.url}/api/demo/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'carlos.ruiz' }) });
    const cookies = signIn.headers.getSetCookie().map((value) => value.split(';')[0]!);
    const csrf = decodeURIComponent(cookies.find((cookie) => cookie.startsWith('portico_csrf='))!.split('=')[1]!);
    const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' };
    // Update targets: contacts of the customer administrator's own account, one per worker, so
    // each worker's If-Match versions stay its own and every 412 would be a real bug.
    const targets = seed.contacts.filter((contact) => contact.accountId === 'acme-us').slice(0, concurrency);
    const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from contacts')).rows[0]!.n;
    const versionSum = async () =>
      (await db.query<{ n: number }>('select coalesce(sum(version), 0)::int as n from contacts where id = any($1)', [targets.map((t) => t.id)])).rows[0]!.n;
    const contactsBefore = await count();
    const versionsBefore = await versionSum();

    const samples = new Map<string, { times: number[]; ok: number; c4: number; c5: number }>();
    const record = (kind: string, status: number, time: number) => {
      const entry = samples.get(kind) ?? { times: [], ok: 0, c4: 0, c5: 0 };
      entry.times.push(time);
      if (status < 400) entry.ok += 1;
      else if (status < 500) entry.c4 += 1;
      else entry.c5 += 1;
      samples.set(kind, entry);
    };
    let createsOk = 0;
    let updatesOk = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async (index: number) => {
      const target = targets[index % targets.length]!;
      let version = target.version;
      for (let step = 0; performance.now() < deadline; step++) {
        const kind = ['list', 'search', 'search', 'create', 'update'][step % 5]!;
        const t0 = performance.now();
        let response: Response;
        if (kind === 'list') response = await fetch(`${server.url}/api/contacts?page=${1 + (step % 50)}&pageSize=25`, { headers });
        else if (kind === 'search') response = await fetch(`${server.url}/api/contacts?q=${['emm', 'dubois', 'ller', 'sharma'][step % 4]}`, { headers });
        else if (kind === 'create') {
          response = await fetch(`${server.url}/api/contacts`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': `load-${index}-${step}` },
            body: JSON.stringify({ firstName: 'Load', lastName: `Worker${index}x${step}`, email: `load.${index}.${step}@acme.example`, accountId: 'acme-us' }),
          });
          if (response.status === 201) createsOk += 1;
        } else {
          response = await fetch(`${server.url}/api/contacts/${target.id}`, {
            method: 'PATCH',
            headers: { ...headers, 'if-match': `"${version}"` },
            body: JSON.stringify({ jobTitle: `Step ${step}` }),
          });
          if (response.ok) {
            version = ((await response.clone().json()) as { version: number }).version;
            updatesOk += 1;
          }
        }
        await response.arrayBuffer();
        record(kind, response.status, performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
    return {
      seconds,
      concurrency,
      byKind: [...samples].map(([kind, entry]) => {
        const sorted = entry.times.sort((a, b) => a - b);
        return { kind, requests: sorted.length, ok: entry.ok, status4xx: entry.c4, status5xx: entry.c5, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
      }),
      contactsBefore,
      contactsAfter: await count(),
      createsOk,
      updatesOk,
      versionSum: { expected: versionsBefore + updatesOk, actual: await versionSum() },
    };
  } finally {
    await server.close();
    await db.close();
  }
};
