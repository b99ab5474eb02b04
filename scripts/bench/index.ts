// `npm run bench [-- server|load|export|bundle|list|memory]`: prints the benchmark tables of docs/performance.md. Figures only; never a pass/fail.
import os from 'node:os';
import { loadTest } from './load.js';
import { benchServer } from './server.js';
import { measureBundles, printBundles } from './bundle.js';
import { benchExport, type ExportRow } from './export.js';

// The memory figures need a full GC before each measurement (docs/performance.md): without
// --expose-gc, run again with it, whether started by `npm run bench` or by hand.
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const { spawnSync } = await import('node:child_process');
  const again = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const only = process.argv[2];
const ms = (value: number) => `${value.toFixed(1)} ms`;

console.log(`Portico benchmark on ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);

if (!only || only === 'server') {
  const contacts = Number(process.env.BENCH_CONTACTS ?? 100_000);
  const { rows, seedSeconds } = await benchServer({ contacts });
  console.log(`Server: list and search with ${contacts.toLocaleString('en')} contacts (PGlite in memory, seeded in ${seedSeconds.toFixed(1)} s), viewer = admin`);
  console.table(rows.map((row) => ({ query: row.query, p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99), matches: row.totalExact ? row.total : `> ${row.total}` })));
}

if (!only || only === 'load') {
  const contacts = Number(process.env.BENCH_CONTACTS ?? 100_000);
  const result = await loadTest({ contacts, seconds: Number(process.env.LOAD_SECONDS ?? 20), concurrency: 16 });
  console.log(`\nLoad: ${result.concurrency} concurrent clients for ${result.seconds} s against ${contacts.toLocaleString('en')} contacts (list, search, create, update)`);
  console.table(result.byKind.map((row) => ({ ...row, p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99) })));
  const createsReconcile = result.contactsAfter - result.contactsBefore === result.createsOk;
  const updatesReconcile = result.versionSum.actual === result.versionSum.expected;
  const serverErrors = result.byKind.reduce((sum, row) => sum + row.status5xx, 0);
  console.log(`contacts ${result.contactsBefore} -> ${result.contactsAfter}, successful creates ${result.createsOk}: ${createsReconcile ? 'reconciled' : 'MISMATCH'}`);
  console.log(`successful updates ${result.updatesOk}, version sum ${result.versionSum.actual} (expected ${result.versionSum.expected}): ${updatesReconcile ? 'reconciled' : 'MISMATCH'}`);
  console.log(`5xx answers: ${serverErrors}; dropped connections: ${result.networkErrors}`);
  if (!createsReconcile || !updatesReconcile || serverErrors > 0) process.exitCode = 1;
}

if (!only || only === 'export') {
  const contacts = Number(process.env.BENCH_CONTACTS ?? 100_000);
  // BENCH_FORMATS=pdf (comma-separated) measures only those formats.
  const formats = (process.env.BENCH_FORMATS?.split(',') ?? ['csv', 'xlsx', 'pdf']).filter((format): format is ExportRow['format'] => ['csv', 'xlsx', 'pdf'].includes(format));
  const { rows, seedSeconds, exported } = await benchExport({ contacts, formats });
  console.log(`\nExport: the whole list (${exported.toLocaleString('en')} contacts in scope, default columns) of ${contacts.toLocaleString('en')} contacts (seeded in ${seedSeconds.toFixed(1)} s), viewer = admin, memory sampled every 50 ms, live heap after a full GC forced every 2 s`);
  const mib = (value: number) => `${value.toFixed(0)} MiB`;
  console.table(
    rows.map((row) => ({
      format: row.format,
      time: `${row.seconds.toFixed(1)} s`,
      cpu: `${row.cpuSeconds.toFixed(1)} s`,
      'forced GC': `${row.forcedGcSeconds.toFixed(1)} s`,
      'loop delay max': ms(row.loopDelayMax),
      bytes: row.bytes.toLocaleString('en'),
      'rss before': mib(row.rssBefore),
      'rss peak': mib(row.rssPeak),
      'heap before': mib(row.heapBefore),
      'heap peak': mib(row.heapPeak),
      'live heap peak': row.heapLivePeak === undefined ? '–' : mib(row.heapLivePeak),
      'heap after': mib(row.heapAfter),
    })),
  );
}

if (!only || only === 'bundle') {
  console.log('');
  printBundles(await measureBundles());
}

if (!only || only === 'list' || only === 'memory') {
  const { openBenchPage } = await import('./browser.js');
  if (only !== 'memory') {
    const { benchList, printList } = await import('./list.js');
    console.log('');
    printList(await benchList());
  }
  if (only !== 'list') {
    const { mountUnmount, printMemory } = await import('./memory.js');
    const bench = await openBenchPage();
    try {
      printMemory(await mountUnmount(bench));
    } finally {
      await bench.close();
    }
  }
}
