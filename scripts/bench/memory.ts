// Mount and unmount <contact-manager> (inside a provider, on a MemoryContactsClient) many times in
// Chromium and compare the DOM node and event listener counts after a forced GC. A benchmark:
// figures only. `npm run bench -- memory`; test/e2e/memory.test.ts asserts the same without growth.
import type { BenchPage } from './browser.js';

export interface DomCounters {
  documents: number;
  nodes: number;
  jsEventListeners: number;
  heapMiB: number;
}

export const domCounters = async ({ page }: BenchPage): Promise<DomCounters> => {
  const session = await page.createCDPSession();
  try {
    // Two collections: the first may only queue finalizers that free more.
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    const counters = await session.send('Memory.getDOMCounters');
    const heap = await page.evaluate(() => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    return { ...counters, heapMiB: heap / 2 ** 20 };
  } finally {
    await session.detach();
  }
};

export interface MemoryRun {
  mounts: number;
  /** After one mount and unmount, so lazy module state and caches exist. */
  before: DomCounters;
  /** With one manager mounted: shows the counters do see the elements. */
  mounted: DomCounters;
  after: DomCounters;
}

export const mountUnmount = async (bench: BenchPage, mounts = 100): Promise<MemoryRun> => {
  await bench.page.evaluate(() => window.porticoBench.mountManager(1));
  const before = await domCounters(bench);
  await bench.page.evaluate((n) => window.porticoBench.mountManager(n, true), mounts);
  const mounted = await domCounters(bench);
  await bench.page.evaluate(() => window.porticoBench.unmountAll());
  const after = await domCounters(bench);
  return { mounts, before, mounted, after };
};

export const printMemory = ({ mounts, before, mounted, after }: MemoryRun): void => {
  console.log(`\nMemory: <contact-manager> in <contacts-provider> mounted and removed ${mounts} times (after GC)`);
  console.table(
    (['nodes', 'jsEventListeners', 'documents', 'heapMiB'] as const).map((key) => ({
      counter: key,
      before: Number(before[key].toFixed(1)),
      'last one mounted': Number(mounted[key].toFixed(1)),
      after: Number(after[key].toFixed(1)),
      growth: Number((after[key] - before[key]).toFixed(1)),
    })),
  );
};

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { openBenchPage } = await import('./browser.js');
  const bench = await openBenchPage();
  try {
    printMemory(await mountUnmount(bench));
  } finally {
    await bench.close();
  }
}
