// The list at scale (issue 8): <contact-list> on a MemoryContactsClient with 1,000 / 10,000 /
// 100,000 contacts, and <vaadin-grid> with a lazy dataProvider on the same 100,000 for comparison;
// then the same 100,000 on the reference server through the REST client: paging, scrolling, the
// grid again, and search keystrokes. A benchmark: it prints figures and never fails on them.
// `npm run bench -- list`.
import { openBenchPage } from './browser.js';
import type { GridRun, ListRun, SearchRun, Source } from './page.js';
import { startSeededServer } from './seeded-server.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** What a search box holds after each keystroke: typing two names and a domain, and terms that match nothing, everything, or only another tenant. */
export const SEARCH_KEYSTROKES = ['e', 'em', 'emm', 'emma', 'emma.', 'emma.m', 'l', 'll', 'lle', 'ller', 'globex', 'example', 'dubois4', 'zzzz'];

interface ListBench {
  lists: ListRun[];
  grids: GridRun[];
  gridError?: string;
  search?: SearchRun;
  seedSeconds?: number;
}

const tryGrid = async (run: () => Promise<GridRun>, bench: ListBench) => {
  try {
    bench.grids.push(await run());
  } catch (error) {
    bench.gridError = error instanceof Error ? error.message : String(error);
  }
};

export const benchList = async (counts = [1_000, 10_000, 100_000]): Promise<ListBench> => {
  const result: ListBench = { lists: [], grids: [] };
  const largest = counts.at(-1)!;
  const bench = await openBenchPage();
  try {
    for (const count of counts) {
      const source: Source = { kind: 'memory', count };
      result.lists.push(await bench.page.evaluate((s) => window.porticoBench.listRun(s, 25, 20), source));
    }
    // The same at the largest page size, so scrolling has something to scroll.
    const memory: Source = { kind: 'memory', count: largest };
    result.lists.push(await bench.page.evaluate((s) => window.porticoBench.listRun(s, 200, 10), memory));
    await tryGrid(() => bench.page.evaluate((s) => window.porticoBench.gridRun(s), memory), result);
  } finally {
    await bench.close();
  }

  // The reference server (PGlite, rate limits off: the bench types faster than a person) behind /api.
  const seeded = await startSeededServer({ contacts: largest, rateLimits: false });
  result.seedSeconds = seeded.seedSeconds;
  const restBench = await openBenchPage({ api: seeded.server.url });
  try {
    const rest: Source = { kind: 'rest', count: largest, baseUrl: '/api' };
    await restBench.page.evaluate(() => window.porticoBench.signIn('/api', 'alice.martin'));
    result.lists.push(await restBench.page.evaluate((s) => window.porticoBench.listRun(s, 25, 20), rest));
    result.lists.push(await restBench.page.evaluate((s) => window.porticoBench.listRun(s, 200, 10), rest));
    await tryGrid(() => restBench.page.evaluate((s) => window.porticoBench.gridRun(s), rest), result);
    result.search = await restBench.page.evaluate((s, terms) => window.porticoBench.searchRun(s, terms), rest, SEARCH_KEYSTROKES);
  } finally {
    await restBench.close();
    await seeded.close();
  }
  return result;
};

export const printList = ({ lists, grids, gridError, search, seedSeconds }: ListBench): void => {
  console.log('List at scale: <contact-list> in headless Chromium (viewer = customer admin); "memory" = MemoryContactsClient in the page, "rest" = the reference server (PGlite) through the REST client');
  if (seedSeconds !== undefined) console.log(`(reference server seeded in ${seedSeconds.toFixed(1)} s)`);
  console.table(
    lists.map((run) => ({
      client: run.source,
      contacts: run.count.toLocaleString('en'),
      'in scope': run.total.toLocaleString('en'),
      'page size': run.rows,
      'shadow nodes': run.shadowNodes,
      'list() call': ms(run.listMs),
      'data → rows painted': ms(run.firstRowsMs),
      'mount → rows painted': ms(run.mountMs),
      'page turn p50/p95': `${ms(run.pageTurnP50)} / ${ms(run.pageTurnP95)}`,
      'frames while paging p50/p95/max': `${ms(run.pagingFrames.p50)} / ${ms(run.pagingFrames.p95)} / ${ms(run.pagingFrames.max)}`,
      'frames while scrolling p50/p95/max': `${ms(run.scrollFrames.p50)} / ${ms(run.scrollFrames.p95)} / ${ms(run.scrollFrames.max)} (${run.scrollFrames.frames})`,
    })),
  );
  if (grids.length > 0) {
    console.log(`\n<vaadin-grid> with a lazy dataProvider over the same contacts`);
    console.table(
      grids.map((grid) => ({
        client: grid.source,
        'in scope': grid.total.toLocaleString('en'),
        'rendered <tr>': grid.rows,
        'data → rows painted': ms(grid.firstRowsMs),
        'mount → rows painted': ms(grid.mountMs),
        'frames while scrolling p50/p95/max': `${ms(grid.scrollFrames.p50)} / ${ms(grid.scrollFrames.p95)} / ${ms(grid.scrollFrames.max)} (${grid.scrollFrames.frames})`,
        'jump to last row': ms(grid.jumpToEndMs),
      })),
    );
    for (const grid of grids) {
      const list = lists.find((run) => run.source === grid.source && run.count === grid.count && run.rows <= 25);
      if (list)
        console.log(
          `ratio contact-list / vaadin-grid (${grid.source}): data → rows painted ${(list.firstRowsMs / grid.firstRowsMs).toFixed(2)}, mount → rows painted ${(list.mountMs / grid.mountMs).toFixed(2)}`,
        );
    }
  }
  if (gridError) console.log(`<vaadin-grid> comparison failed: ${gridError}`);
  if (search) {
    console.log(
      `\nSearch keystrokes against the reference server (${search.count.toLocaleString('en')} contacts, ${search.samples.length} keystrokes): debounce over → new results painted p50 ${ms(search.shown.p50)}, p95 ${ms(search.shown.p95)}, max ${ms(search.shown.max)} (target 100 ms); of which the request p50 ${ms(search.request.p50)}, p95 ${ms(search.request.p95)}`,
    );
    const byTerm = new Map<string, { total: string; shown: number[]; request: number[] }>();
    for (const sample of search.samples) {
      const entry = byTerm.get(sample.term) ?? { total: sample.total, shown: [], request: [] };
      entry.shown.push(sample.shownMs);
      entry.request.push(sample.requestMs);
      byTerm.set(sample.term, entry);
    }
    console.table(
      [...byTerm].map(([term, entry]) => ({
        'search box': term,
        matches: entry.total,
        'request (each round)': entry.request.map(ms).join(', '),
        'shown (each round)': entry.shown.map(ms).join(', '),
      })),
    );
  }
};

if (process.argv[1] && import.meta.filename === process.argv[1]) printList(await benchList());
