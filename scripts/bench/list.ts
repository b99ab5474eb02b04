// The list at scale (issue 8): <contact-list> on a MemoryContactsClient with 1,000 / 10,000 /
// 100,000 contacts, and <vaadin-grid> with a lazy dataProvider on the same 100,000 for comparison.
// A benchmark: it prints figures and never fails on them. `npm run bench -- list`.
import { openBenchPage } from './browser.js';
import type { GridRun, ListRun } from './page.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

export const benchList = async (counts = [1_000, 10_000, 100_000]): Promise<{ lists: ListRun[]; grid?: GridRun; gridError?: string }> => {
  const bench = await openBenchPage();
  try {
    const lists: ListRun[] = [];
    for (const count of counts) lists.push(await bench.page.evaluate((n) => window.porticoBench.listRun(n, 25, 20), count));
    // The same at the largest page size, so scrolling has something to scroll.
    lists.push(await bench.page.evaluate((n) => window.porticoBench.listRun(n, 200, 10), counts.at(-1)!));
    let grid: GridRun | undefined;
    let gridError: string | undefined;
    try {
      grid = await bench.page.evaluate((n) => window.porticoBench.gridRun(n), counts.at(-1)!);
    } catch (error) {
      gridError = error instanceof Error ? error.message : String(error);
    }
    return { lists, grid, gridError };
  } finally {
    await bench.close();
  }
};

export const printList = ({ lists, grid, gridError }: Awaited<ReturnType<typeof benchList>>): void => {
  console.log('List at scale: <contact-list> on MemoryContactsClient in headless Chromium (viewer = customer admin)');
  console.table(
    lists.map((run) => ({
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
  if (!grid) {
    console.log(`<vaadin-grid> comparison failed: ${gridError}`);
    return;
  }
  const list = lists.filter((run) => run.count === grid.count && run.rows <= 25)[0]!;
  console.log(`\n<vaadin-grid> with a lazy dataProvider over the same ${grid.count.toLocaleString('en')} contacts`);
  console.table([
    {
      'in scope': grid.total.toLocaleString('en'),
      'rendered <tr>': grid.rows,
      'data → rows painted': ms(grid.firstRowsMs),
      'mount → rows painted': ms(grid.mountMs),
      'frames while scrolling p50/p95/max': `${ms(grid.scrollFrames.p50)} / ${ms(grid.scrollFrames.p95)} / ${ms(grid.scrollFrames.max)} (${grid.scrollFrames.frames})`,
      'jump to last row': ms(grid.jumpToEndMs),
    },
  ]);
  console.log(
    `ratio contact-list / vaadin-grid: data → rows painted ${(list.firstRowsMs / grid.firstRowsMs).toFixed(2)}, mount → rows painted ${(list.mountMs / grid.mountMs).toFixed(2)}`,
  );
};

if (process.argv[1] && import.meta.filename === process.argv[1]) printList(await benchList());
