// Mounting and removing <contact-manager> many times must not leave DOM nodes or event listeners
// behind (issue 8). Counts from the DevTools protocol after forced GC; the same code as
// `npm run bench -- memory`, which prints the figures.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openBenchPage, type BenchPage } from '../../scripts/bench/browser.js';
import { mountUnmount } from '../../scripts/bench/memory.js';

let bench: BenchPage;

before(async () => {
  bench = await openBenchPage();
});

after(async () => {
  await bench?.close();
});

it('leaves no DOM nodes or listeners behind after 50 mounts and unmounts of <contact-manager>', async () => {
  const { before: start, mounted, after: end } = await mountUnmount(bench, 50);
  // The counters do see a mounted manager (thousands of nodes, over a hundred listeners) ...
  assert.ok(mounted.nodes > start.nodes + 500, `nodes while mounted: ${mounted.nodes} (before ${start.nodes})`);
  assert.ok(mounted.jsEventListeners > start.jsEventListeners + 20, `listeners while mounted: ${mounted.jsEventListeners}`);
  // ... and after removal and GC are back to where they were, give or take a small constant
  // (one leaked manager would be about 2,000 nodes and 150 listeners).
  assert.ok(end.nodes - start.nodes <= 50, `DOM nodes grew from ${start.nodes} to ${end.nodes}`);
  assert.ok(end.jsEventListeners - start.jsEventListeners <= 5, `listeners grew from ${start.jsEventListeners} to ${end.jsEventListeners}`);
});
