// Export at scale: time, bytes and memory of streaming the whole list as CSV, XLSX and PDF with
// 100,000 contacts (issue 4). A benchmark, not a test: it prints figures and never fails on them.
// Run with `npm run bench -- export`.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startSeededServer } from './seeded-server.js';

export interface ExportRow {
  format: 'csv' | 'xlsx' | 'pdf';
  seconds: number;
  /**
   * CPU time of the process (server and client, user and system, every thread) while the export
   * ran: less sensitive than `seconds` to other jobs on a shared machine.
   */
  cpuSeconds: number;
  /** Of `seconds`, the time spent in the forced full GCs that measure `heapLivePeak`. */
  forcedGcSeconds: number;
  /** The longest the event loop was held up, in ms: how long any other request could have had to wait. */
  loopDelayMax: number;
  bytes: number;
  /** Before the request, in MiB. */
  rssBefore: number;
  heapBefore: number;
  /** The highest value sampled every 50 ms while the export streamed, in MiB. */
  rssPeak: number;
  heapPeak: number;
  /**
   * The highest heap right after a full GC, forced every 2 seconds while the export streams: what
   * the export keeps alive. `heapPeak` also counts garbage V8 has not collected yet; it lets the
   * old generation grow to a few times the live heap before a full GC. Undefined for an export
   * shorter than 2 s.
   */
  heapLivePeak: number | undefined;
  /** After a full GC once the file has been read to the end. */
  heapAfter: number;
}

const MiB = 2 ** 20;

export const benchExport = async ({ contacts = 100_000, formats = ['csv', 'xlsx', 'pdf'] }: { contacts?: number; formats?: readonly ExportRow['format'][] } = {}): Promise<{ rows: ExportRow[]; seedSeconds: number; exported: number }> => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('The export benchmark needs node --expose-gc (npm run bench starts it so).');
  // The server runs in this process, so process.memoryUsage() is the server's plus this small
  // client, which only counts the bytes it receives.
  const { server, seedSeconds, signIn, close } = await startSeededServer({ contacts });
  try {
    const { cookie } = await signIn('alice.martin');
    const list = (await (await fetch(`${server.url}/api/contacts?pageSize=1`, { headers: { cookie } })).json()) as { total: number };
    const rows: ExportRow[] = [];
    for (const format of formats) {
      gc();
      const before = process.memoryUsage();
      let rssPeak = before.rss;
      let heapPeak = before.heapUsed;
      let heapLivePeak: number | undefined;
      const sample = () => {
        const now = process.memoryUsage();
        rssPeak = Math.max(rssPeak, now.rss);
        heapPeak = Math.max(heapPeak, now.heapUsed);
      };
      const sampler = setInterval(sample, 50);
      let forcedGc = 0;
      const collector = setInterval(() => {
        sample();
        const started = performance.now();
        gc();
        forcedGc += performance.now() - started;
        heapLivePeak = Math.max(heapLivePeak ?? 0, process.memoryUsage().heapUsed);
      }, 2000);
      const cpu = process.cpuUsage();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const t0 = performance.now();
      let bytes = 0;
      try {
        const response = await fetch(`${server.url}/api/contacts/export?format=${format}`, { headers: { cookie } });
        if (!response.ok || !response.body) throw new Error(`${format}: ${response.status} ${await response.text()}`);
        const reader = response.body.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
      } finally {
        clearInterval(sampler);
        clearInterval(collector);
        loop.disable();
      }
      const seconds = (performance.now() - t0) / 1000;
      const { user, system } = process.cpuUsage(cpu);
      sample();
      gc();
      const heapAfter = process.memoryUsage().heapUsed;
      rows.push({
        format,
        seconds,
        cpuSeconds: (user + system) / 1e6,
        forcedGcSeconds: forcedGc / 1000,
        loopDelayMax: loop.max / 1e6,
        bytes,
        rssBefore: before.rss / MiB,
        heapBefore: before.heapUsed / MiB,
        rssPeak: rssPeak / MiB,
        heapPeak: heapPeak / MiB,
        heapLivePeak: heapLivePeak === undefined ? undefined : heapLivePeak / MiB,
        heapAfter: heapAfter / MiB,
      });
    }
    return { rows, seedSeconds, exported: list.total };
  } finally {
    await close();
  }
};
