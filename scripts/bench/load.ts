// A bounded load test of the reference server (issue 9): concurrent list, search, create and
// update on 127.0.0.1 for a fixed time, then the database counts are reconciled with the writes
// that succeeded. Figures only; it reports 5xx and mismatches loudly but is not part of npm test.
import { performance } from 'node:perf_hooks';
import { startSeededServer } from './seeded-server.js';

export interface LoadResult {
  seconds: number;
  concurrency: number;
  byKind: { kind: string; requests: number; ok: number; status4xx: number; status5xx: number; network: number; p50: number; p95: number; p99: number }[];
  /** Dropped connections (each retried create counts once per failed attempt). */
  networkErrors: number;
  contactsBefore: number;
  contactsAfter: number;
  createsOk: number;
  updatesOk: number;
  versionSum: { expected: number; actual: number };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

export const loadTest = async ({ contacts = 100_000, seconds = 20, concurrency = 16 } = {}): Promise<LoadResult> => {
  const { server, db, seed, signIn, close } = await startSeededServer({ contacts, rateLimits: false });
  try {
    const headers = { ...(await signIn('carlos.ruiz')), 'content-type': 'application/json' };
    // Update targets: contacts of the customer administrator's own account, one per worker, so
    // each worker's If-Match versions stay its own and every 412 would be a real bug.
    const targets = seed.contacts.filter((contact) => contact.accountId === 'acme-us').slice(0, concurrency);
    const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from contacts')).rows[0]!.n;
    const versionSum = async () =>
      (await db.query<{ n: number }>('select coalesce(sum(version), 0)::int as n from contacts where id = any($1)', [targets.map((t) => t.id)])).rows[0]!.n;
    const contactsBefore = await count();
    const versionsBefore = await versionSum();

    const samples = new Map<string, { times: number[]; ok: number; c4: number; c5: number; network: number }>();
    const record = (kind: string, status: number, time: number) => {
      const entry = samples.get(kind) ?? { times: [], ok: 0, c4: 0, c5: 0, network: 0 };
      entry.times.push(time);
      if (status === 0) entry.network += 1;
      else if (status < 400) entry.ok += 1;
      else if (status < 500) entry.c4 += 1;
      else entry.c5 += 1;
      samples.set(kind, entry);
    };
    let createsOk = 0;
    let updatesOk = 0;
    let networkErrors = 0;
    /** One request; resolves to the status after reading the body, rejects on a network error. */
    const call = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${server.url}${path}`, init ?? { headers });
      await response.arrayBuffer();
      return response.status;
    };
    const retrying = async (attempt: () => Promise<number>) => {
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          networkErrors += 1;
          if (tries === 3) throw error;
        }
      }
    };
    const deadline = performance.now() + seconds * 1000;
    const worker = async (index: number) => {
      const target = targets[index % targets.length]!;
      let version = target.version;
      for (let step = 0; performance.now() < deadline; step++) {
        const kind = ['list', 'search', 'search', 'create', 'update'][step % 5]!;
        const t0 = performance.now();
        let status = 0;
        try {
          if (kind === 'list') status = await call(`/api/contacts?page=${1 + (step % 50)}&pageSize=25`);
          else if (kind === 'search') status = await call(`/api/contacts?q=${['emm', 'dubois', 'ller', 'sharma'][step % 4]}`);
          else if (kind === 'create') {
            const init = {
              method: 'POST',
              headers: { ...headers, 'idempotency-key': `load-${index}-${step}` },
              body: JSON.stringify({ firstName: 'Load', lastName: `Worker${index}x${step}`, email: `load.${index}.${step}@acme.example`, accountId: 'acme-us' }),
            };
            // Like RestContactsClient: a dropped connection is retried with the same key, so the
            // create happens once whatever the network did.
            status = await retrying(() => call('/api/contacts', init));
            if (status === 201) createsOk += 1;
          } else {
            const jobTitle = `Worker ${index} step ${step}`;
            try {
              const response = await fetch(`${server.url}/api/contacts/${target.id}`, {
                method: 'PATCH',
                headers: { ...headers, 'if-match': `"${version}"` },
                body: JSON.stringify({ jobTitle }),
              });
              status = response.status;
              const body = (await response.json()) as { version: number };
              if (response.ok) {
                version = body.version;
                updatesOk += 1;
              }
            } catch (error) {
              // The answer was lost: read the contact to learn whether the update landed.
              const current = (await (await fetch(`${server.url}/api/contacts/${target.id}`, { headers })).json()) as { version: number; jobTitle: string };
              if (current.version === version + 1 && current.jobTitle === jobTitle) updatesOk += 1;
              version = current.version;
              throw error;
            }
          }
        } catch {
          networkErrors += 1;
        }
        record(kind, status, performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
    return {
      seconds,
      concurrency,
      byKind: [...samples].map(([kind, entry]) => {
        const sorted = entry.times.sort((a, b) => a - b);
        return { kind, requests: sorted.length, ok: entry.ok, status4xx: entry.c4, status5xx: entry.c5, network: entry.network, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
      }),
      contactsBefore,
      contactsAfter: await count(),
      createsOk,
      updatesOk,
      networkErrors,
      versionSum: { expected: versionsBefore + updatesOk, actual: await versionSum() },
    };
  } finally {
    await close();
  }
};
