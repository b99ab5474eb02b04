// The page side of the browser benchmarks (list.ts, memory.ts): bundled by esbuild and loaded into
// the system Chromium. Exposes `window.porticoBench`; every figure is taken in the page with
// performance.now() and requestAnimationFrame, so the DevTools protocol adds no latency to it.
import '../../packages/elements/src/define-all.js';
import { MemoryContactsClient } from '@portico/client-memory';
import { RestContactsClient } from '@portico/client-rest';
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

/**
 * Where the list's data comes from: the in-memory client over `count` seeded contacts (filters and
 * sorts on the page's main thread), or the reference server through the REST client (`/api` is
 * proxied to it by the bench page's server; the page has signed in first).
 */
export type Source = { kind: 'memory'; count: number } | { kind: 'rest'; count: number; baseUrl: string };

export interface ListRun {
  source: Source['kind'];
  count: number;
  /** Contacts the viewer sees (the page's total). */
  total: number;
  /** `client.list()` of the first page, call to answer (the in-memory client filters and sorts everything; REST: request to parsed answer). */
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

/** A client whose `listContacts()` records when it was called, with what, and when its answer arrived. */
const timedClient = (source: Source) => {
  const client: ContactsClient =
    source.kind === 'memory' ? new MemoryContactsClient({ data: createSeedData({ count: source.count }) }) : new RestContactsClient({ baseUrl: source.baseUrl });
  const timing = { calledAt: 0, arrivedAt: 0, search: '', total: '' };
  const list = client.listContacts.bind(client);
  client.listContacts = async (...args: Parameters<ContactsClient['listContacts']>) => {
    timing.calledAt = performance.now();
    timing.arrivedAt = 0;
    timing.search = args[0]?.search ?? '';
    const page = await list(...args);
    timing.arrivedAt = performance.now();
    timing.total = `${page.totalExact === false ? '> ' : ''}${page.total}`;
    return page;
  };
  return { client, timing };
};

/** Signs a demo user in on the reference server (the session cookie is the page's from then on). */
export const signIn = async (baseUrl: string, userId: string): Promise<void> => {
  const response = await fetch(`${baseUrl}/demo/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!response.ok) throw new Error(`sign-in as ${userId} failed: ${response.status} ${await response.text()}`);
};

const rowsOf = (list: ContactList) => [...list.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr[part~="row"]')];

export const listRun = async (source: Source, pageSize = 25, turns = 20): Promise<ListRun> => {
  const { client, timing } = timedClient(source);
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
    source: source.kind,
    count: source.count,
    total,
    ...result,
    pageTurnP50: percentile(turnTimes, 50),
    pageTurnP95: percentile(turnTimes, 95),
    pagingFrames,
    scrollFrames,
  };
};

export interface SearchRun {
  source: Source['kind'];
  count: number;
  /** One sample per search: the term, the matches shown, and the times in ms. */
  samples: { term: string; total: string; requestMs: number; shownMs: number }[];
  /** Debounce over (the list asks the client) → new results painted: the "keystroke shows new results". */
  shown: { p50: number; p95: number; max: number };
  /** The client's call → its answer (network, server, parsing). */
  request: { p50: number; p95: number; max: number };
}

const stats = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(0, ...values) });

/** What the list shows now: its row ids and its count, or its empty message. */
const shownState = (list: ContactList) =>
  `${rowsOf(list)
    .map((row) => row.dataset.id)
    .join(',')}|${list.shadowRoot!.querySelector('table')?.getAttribute('aria-rowcount') ?? ''}|${list.shadowRoot!.querySelector('tbody')?.textContent?.trim().slice(0, 80) ?? ''}`;

/**
 * Types into `<contact-list>`'s search box the way a person does, one keystroke at a time
 * (`terms` are what the box holds after each keystroke), waits for each to show its results, and
 * times the part the list controls: from the moment its 250 ms debounce is over and it asks the
 * client, to the new rows (or the "no match" row) painted.
 */
export const searchRun = async (source: Source, terms: readonly string[], rounds = 3): Promise<SearchRun> => {
  const { client, timing } = timedClient(source);
  const list = document.createElement('contact-list') as ContactList;
  list.client = client;
  document.body.append(list);
  await until(() => rowsOf(list).length > 0, 'the first rows');
  await list.updateComplete;
  const box = list.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
  const samples: SearchRun['samples'] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const term of terms) {
      const before = shownState(list);
      box.focus();
      box.value = term;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: term.at(-1) ?? null }));
      await until(() => timing.search === term.trim() && timing.arrivedAt > 0, `the answer for "${term}"`);
      await list.updateComplete;
      await until(() => shownState(list) !== before || list.search === term, `the results of "${term}"`);
      await list.updateComplete;
      const shownAt = await painted();
      samples.push({ term, total: timing.total, requestMs: timing.arrivedAt - timing.calledAt, shownMs: shownAt - timing.calledAt });
    }
    // Back to the whole list before the next round, so each round types the same keystrokes.
    box.value = '';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'deleteContentBackward' }));
    await until(() => timing.search === '' && timing.arrivedAt > 0, 'the whole list again');
    await list.updateComplete;
  }
  list.remove();
  return {
    source: source.kind,
    count: source.count,
    samples,
    shown: stats(samples.map((sample) => sample.shownMs)),
    request: stats(samples.map((sample) => sample.requestMs)),
  };
};

export interface GridRun {
  source: Source['kind'];
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
export const gridRun = async (source: Source): Promise<GridRun> => {
  await import('@vaadin/grid');
  const { client, timing } = timedClient(source);
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
  return { source: source.kind, count: source.count, total, ...result, rows, scrollFrames, jumpToEndMs };
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
    porticoBench: {
      listRun: typeof listRun;
      searchRun: typeof searchRun;
      gridRun: typeof gridRun;
      signIn: typeof signIn;
      mountManager: typeof mountManager;
      unmountAll: typeof unmountAll;
    };
  }
}

window.porticoBench = { listRun, searchRun, gridRun, signIn, mountManager, unmountAll };
