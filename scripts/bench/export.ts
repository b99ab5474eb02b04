// Export at scale: time, bytes and memory of streaming the whole list as CSV, XLSX and PDF with
// 100,000 contacts (issue 4). A benchmark, not a test: it prints figures and never fails on them.
// Run with `npm run bench -- export`.
import { performance } from 'node:perf_hooks';
import { startSeededServer } from './seeded-server.js';

export interface ExportRow {
  format: 'csv' | 'xlsx' | 'pdf';
  seconds: number;
  bytes: number;
  /** Before the request, in MiB. */
  rssBefore: number;
  heapBefore: number;
  /** The highest value sampled every 50 ms while the export streamed, in MiB. */
  rssPeak: number;
  heapPeak: number;
}

const MiB = 2 ** 20;

export const benchExport = async ({ contacts = 100_000, formats = ['csv', 'xlsx', 'pdf'] as const } = {}): Promise<{ rows: ExportRow[]; seedSeconds: number; exported: number }> => {
  // The server runs in this process, so process.memoryUsage() is the server's plus this small
  // client, which only counts the bytes it receives.
  const { server, seedSeconds, signIn, close } = await startSeededServer({ contacts });
  try {
    const { cookie } = await signIn('alice.martin');
    const list = (await (await fetch(`${server.url}/api/contacts?pageSize=1`, { headers: { cookie } })).json()) as { total: number };
    const rows: ExportRow[] = [];
    for (const format of formats) {
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage();
      let rssPeak = before.rss;
      let heapPeak = before.heapUsed;
      const sample = () => {
        const now = process.memoryUsage();
        rssPeak = Math.max(rssPeak, now.rss);
        heapPeak = Math.max(heapPeak, now.heapUsed);
      };
      const sampler = setInterval(sample, 50);
      const t0 = performance.now();
      let bytes = 0;
      try {
        const response = await fetch(`${server.url}/api/contacts/export?format=${format}`, { headers: { cookie } });
        if (!response.ok || !response.body) throw new Error(`${format}: ${response.status} ${await response.text()}`);
        const reader = response.body.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
      } finally {
        clearInterval(sampler);
      }
      sample();
      rows.push({
        format,
        seconds: (performance.now() - t0) / 1000,
        bytes,
        rssBefore: before.rss / MiB,
        heapBefore: before.heapUsed / MiB,
        rssPeak: rssPeak / MiB,
        heapPeak: heapPeak / MiB,
      });
    }
    return { rows, seedSeconds, exported: list.total };
  } finally {
    await close();
  }
};
