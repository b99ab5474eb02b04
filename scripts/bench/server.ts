// Server at scale: list and search latency with 100,000 contacts (issue 8). A benchmark, not a test:
// it prints figures and never fails on them. Run with `npm run bench -- server`.
import { performance } from 'node:perf_hooks';
import { SORT_FIELDS } from '@portico/core';
import { startSeededServer } from './seeded-server.js';

export interface LatencyRow {
  query: string;
  p50: number;
  p95: number;
  p99: number;
  total: number;
  /** False when `total` is the search count's cap: more than `total` match (ADR 0009). */
  totalExact: boolean;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const benchServer = async ({ contacts = 100_000, runs = 60 } = {}): Promise<{ rows: LatencyRow[]; seedSeconds: number }> => {
  const { server, seedSeconds, signIn, close } = await startSeededServer({ contacts });
  try {
    const { cookie } = await signIn('alice.martin');
    const queries: [string, string][] = [
      ['first page, sorted by name', 'pageSize=25'],
      ['page 200, sorted by email desc', 'pageSize=25&page=200&sort=email&order=desc'],
      ['prefix search "emm"', 'q=emm'],
      ['substring search "ller"', 'q=ller'],
      ['e-mail substring "dubois4"', 'q=dubois4'],
      ['search + status locked', 'q=an&status=locked'],
      ['account filter acme-eu + children', 'accountId=acme-eu&sort=account'],
      ['no match "zzzz"', 'q=zzzz'],
      // Every sort column, first page and a deep page, both directions (issue 8).
      ...SORT_FIELDS.flatMap((sort): [string, string][] => [
        [`first page, sorted by ${sort} desc`, `sort=${sort}&order=desc`],
        [`page 200, sorted by ${sort}`, `page=200&sort=${sort}`],
      ]),
      ['page 200, sorted by name desc', 'page=200&sort=name&order=desc'],
      ['account filter acme-eu + children, page 200, sorted by account desc', 'accountId=acme-eu&sort=account&order=desc&page=200'],
      ['account acme-eu alone, page 100, sorted by email', 'accountId=acme-eu&includeChildAccounts=false&sort=email&page=100'],
      ['status active, page 100, sorted by updatedAt desc', 'status=active&sort=updatedAt&order=desc&page=100'],
      // Prefix and substring over names and e-mails, with filters and each kind of sort.
      ['e-mail prefix "emma.m"', 'q=emma.m'],
      ['e-mail domain substring "globex"', 'q=globex'],
      ['substring "ller", sorted by email desc', 'q=ller&sort=email&order=desc'],
      ['substring "ller", sorted by account', 'q=ller&sort=account'],
      ['substring "ller", sorted by status desc, page 20', 'q=ller&sort=status&order=desc&page=20'],
      ['substring "ller" + account acme-eu + children', 'q=ller&accountId=acme-eu'],
      ['prefix "emm" + status active, sorted by updatedAt desc', 'q=emm&status=active&sort=updatedAt&order=desc'],
      ['two letters "an" (no trigram), sorted by name', 'q=an'],
      ['two letters "ll" (2,565 matches), sorted by name', 'q=ll'],
      ['two letters "ll", sorted by email desc', 'q=ll&sort=email&order=desc'],
      ['two letters "wu" + status locked', 'q=wu&status=locked'],
      ['one letter "e", sorted by name', 'q=e'],
      ['one letter "q", sorted by name', 'q=q'],
      ['substring in every contact "example"', 'q=example'],
      // Deep into a capped search: the element's Next goes on while pages are full (ADR 0009).
      ['substring "example", page 200', 'q=example&page=200'],
    ];
    const rows: LatencyRow[] = [];
    for (const [label, query] of queries) {
      const times: number[] = [];
      let total = 0;
      let totalExact = true;
      for (let run = 0; run < runs + 5; run += 1) {
        const t0 = performance.now();
        const response = await fetch(`${server.url}/api/contacts?${query}`, { headers: { cookie } });
        const body = (await response.json()) as { total: number; totalExact?: boolean };
        if (!response.ok) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
        if (run >= 5) times.push(performance.now() - t0); // the first runs warm caches and plans
        total = body.total;
        totalExact = body.totalExact !== false;
      }
      times.sort((a, b) => a - b);
      rows.push({ query: label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), total, totalExact });
    }
    return { rows, seedSeconds };
  } finally {
    await close();
  }
};
