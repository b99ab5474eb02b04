// The page side of the browser benchmarks (list.ts, memory.ts): bundled by esbuild and loaded into
// the system Chromium. Exposes `window.porticoBench`; every figure is taken in the page with
// performance.now() and requestAnimationFrame, so the DevTools protocol adds no latency to it.
import '../../packages/elements/src/define-all.js';
import { MemoryContactsClient } from '@portico/client-memory';
import { createSeedData, type Contact, type ContactsClient } from '@portico/core';
import type { Grid } from '@vaadin/grid';
import type { ContactList } from '../../packages/elements/src/contact-list/contact-list.js';

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames longer than 50 ms. */
  long: number;
}

export interface ListRun {
  count: number;
  /** Contacts the viewer sees (the page's total). */
  total: number;
  /** `client.list()` of the first page, call to answer (the in-memory client filters and sorts everything). */
  listMs: number;
  /** Data arrival (the first page's `list()` resolved) to its rows painted. */
  firstRowsMs: number;
  /** Element attached to first rows painted (includes `me()`, `list()` and render). */
  mountMs: number;
  rows: number;
  shadowNodes: number;
  /** Per page turn: set `page` to the next page's rows painted. */
  pageTurnP50: number;
  pageTurnP95: number;
  pagingFrames: FrameStats;
  scrollFrames: FrameStats;
}

const raf = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** The frame after the next one: the DOM of the current task has been painted. */
const painted = async () => {
  await raf();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now();
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const frameStats = (deltas: number[]): FrameStats => ({
  frames: deltas.length,
  p50: percentile(deltas, 50),
  p95: percentile(deltas, 95),
  max: Math.max(0, ...deltas),
  long: deltas.filter((delta) => delta > 50).length,
});

/** Records the time between animation frames until `stop()`. */
const recordFrames = () => {
  const deltas: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = (now: number) => {
    deltas.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => {
    last = now;
    requestAnimationFrame(tick);
  });
  return () => {
    running = false;
    return frameStats(deltas);
  };
};

const until = async (condition: () => boolean, what: string, timeout = 60_000) => {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await raf();
  }
};

/** A memory client whose `list()` records when its answer arrived. */
const timedClient = (count: number) => {
  const client = new MemoryContactsClient({ data: createSeedData({ count }) });
  const timing = { calledAt: 0, arrivedAt: 0 };
  const list = client.listContacts.bind(client);
  client.listContacts = async (...args: Parameters<ContactsClient['listContacts']>) => {
    timing.calledAt = performance.now();
    const page = await list(...args);
    timing.arrivedAt = performance.now();
    return page;
  };
  return { client, timing };
};

const rowsOf = (list: ContactList) => [...list.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part~="row"]')];

export const listRun = async (count: number, pageSize = 25, turns = 20): Promise<ListRun> => {
  const { client, timing } = timedClient(count);
  const list = document.createElement('contact-list') as ContactList;
  list.client = client;
  list.pageSize = pageSize;
  const mounted = performance.now();
  document.body.append(list);
  await until(() => rowsOf(list).length > 0, 'the first rows');
  await list.updateComplete;
  const firstPainted = await painted();
  const first = timing;
  const result = {
    listMs: first.arrivedAt - first.calledAt,
    firstRowsMs: firstPainted - first.arrivedAt,
    mountMs: firstPainted - mounted,
    rows: rowsOf(list).length,
    shadowNodes: list.shadowRoot!.querySelectorAll('*').length,
  };
  const total = Number(list.shadowRoot!.querySelector('table')?.getAttribute('aria-rowcount') ?? 1) - 1;

  const turnTimes: number[] = [];
  const stopPaging = recordFrames();
  for (let turn = 0; turn < turns; turn += 1) {
    const before = rowsOf(list)[0]?.dataset.id;
    const started = performance.now();
    list.page += 1;
    await until(() => rowsOf(list)[0]?.dataset.id !== before, 'the next page');
    await list.updateComplete;
    turnTimes.push((await painted()) - started);
  }
  const pagingFrames = stopPaging();

  // Scroll the page over the list, 120 px a frame, down and up again.
  const stopScroll = recordFrames();
  const bottom = document.documentElement.scrollHeight - innerHeight;
  for (let y = 0; y <= bottom; y += 120) {
    scrollTo(0, y);
    await raf();
  }
  for (let y = bottom; y >= 0; y -= 120) {
    scrollTo(0, y);
    await raf();
  }
  const scrollFrames = stopScroll();
  list.remove();
  return {
    count,
    total,
    ...result,
    pageTurnP50: percentile(turnTimes, 50),
    pageTurnP95: percentile(turnTimes, 95),
    pagingFrames,
    scrollFrames,
  };
};

export interface GridRun {
  count: number;
  total: number;
  firstRowsMs: number;
  mountMs: number;
  /** `<tr>` elements the grid keeps (virtualised). */
  rows: number;
  scrollFrames: FrameStats;
  /** Scrolled to the last row and its cells painted. */
  jumpToEndMs: number;
}

/** The same data in `<vaadin-grid>` with a lazy dataProvider (loaded only when asked for). */
export const gridRun = async (count: number): Promise<GridRun> => {
  await import('@vaadin/grid');
  const { client, timing } = timedClient(count);
  let total = 0;
  const grid = document.createElement('vaadin-grid') as Grid<Contact>;
  grid.style.height = '600px';
  for (const path of ['firstName', 'lastName', 'email', 'phone', 'jobTitle']) {
    const column = document.createElement('vaadin-grid-column');
    column.setAttribute('path', path);
    grid.append(column);
  }
  let arrivals = 0;
  grid.dataProvider = ({ page, pageSize }, callback) => {
    void client.listContacts({ page: page + 1, pageSize: Math.min(pageSize, 200) }).then((result) => {
      total = result.total;
      arrivals += 1;
      callback(result.items, result.total);
    });
  };
  const cellsText = () => [...grid.querySelectorAll('vaadin-grid-cell-content')].map((cell) => cell.textContent ?? '');
  const mounted = performance.now();
  document.body.append(grid);
  await until(() => arrivals > 0 && cellsText().some((text) => text.includes('@')), 'the grid rows');
  const firstPainted = await painted();
  const result = { firstRowsMs: firstPainted - timing.arrivedAt, mountMs: firstPainted - mounted };
  const rows = grid.shadowRoot!.querySelectorAll('tbody#items tr').length;

  const scroller = grid.shadowRoot!.querySelector<HTMLElement>('#table')!;
  const stopScroll = recordFrames();
  for (let step = 0; step < 300; step += 1) {
    scroller.scrollTop += 120;
    await raf();
  }
  for (let step = 0; step < 300; step += 1) {
    scroller.scrollTop -= 120;
    await raf();
  }
  const scrollFrames = stopScroll();

  const jumpStarted = performance.now();
  const lastArrivals = arrivals;
  grid.scrollToIndex(total - 1);
  await until(() => arrivals > lastArrivals && cellsText().some((text) => text.includes('@')), 'the last rows');
  const jumpToEndMs = (await painted()) - jumpStarted;
  grid.remove();
  return { count, total, ...result, rows, scrollFrames, jumpToEndMs };
};

export interface DomCounts {
  nodes: number;
  listeners: number;
}

/**
 * Mounts and unmounts `<contact-manager>` inside a provider, waiting each time for its list rows;
 * with `keepLast`, the last one stays mounted (until `unmountAll()`).
 */
export const mountManager = async (times: number, keepLast = false): Promise<void> => {
  const client = new MemoryContactsClient({ data: createSeedData({ count: 200 }) });
  for (let time = 0; time < times; time += 1) {
    const provider = document.createElement('contacts-provider') as HTMLElement & { client: ContactsClient };
    provider.client = client;
    const manager = document.createElement('contact-manager');
    provider.append(manager);
    document.body.append(provider);
    await until(() => {
      const list = manager.shadowRoot?.querySelector('contact-list') as ContactList | null;
      return !!list && rowsOf(list).length > 0;
    }, 'the manager list');
    if (!keepLast || time < times - 1) provider.remove();
  }
  await painted();
};

export const unmountAll = async (): Promise<void> => {
  document.querySelectorAll('contacts-provider').forEach((provider) => provider.remove());
  await painted();
};

declare global {
  interface Window {
    porticoBench: { listRun: typeof listRun; gridRun: typeof gridRun; mountManager: typeof mountManager; unmountAll: typeof unmountAll };
  }
}

window.porticoBench = { listRun, gridRun, mountManager, unmountAll };
