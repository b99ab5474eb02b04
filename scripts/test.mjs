#!/usr/bin/env node
// `npm test`: every check and every suite, one after another, then one line
// `tests: N passed, N failed` that adds them all up. Exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const onlyStep = process.argv[2];

const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];

/** Runs a command with inherited output, mirrored into a buffer for parsing. */
const run = (command, args, { env = {}, capture = false } = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
      env: { ...process.env, ...env },
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
        process.stderr.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });

const record = (name, passed, failed, skipped = 0) => {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  report.push({ name, passed, failed, skipped });
};

/** A check that is pass or fail as a whole (typecheck, lint, generated files up to date). */
const check = async (name, command, args) => {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const { code } = await run(command, args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
};

const files = (...patterns) => globSync(patterns, { cwd: root, ignore: ['**/node_modules/**'] }).sort();

const nodeSuite = async (name, patterns) => {
  const list = files(...patterns);
  if (list.length === 0) return;
  console.log(`\n▶ ${name}: ${list.length} files`);
  await nodeRun(name, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...list]);
};

/** Runs node (TypeScript through tsx) with `args` and records the counts of its node:test spec report. */
const nodeRun = async (name, args) => {
  const { code, output } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], { capture: true });
  const count = (label) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  // A runner that crashed before reporting must not count as green.
  record(name, passed, failed || (code !== 0 ? 1 : 0), count('skipped') + count('todo'));
};

const browserSuite = async () => {
  const list = files('packages/elements/src/**/*.test.ts', 'test/browser/**/*.test.ts');
  if (list.length === 0) return;
  console.log(`\n▶ browser tests (headless Chromium): ${list.length} files`);
  rmSync(join(root, '.test-results/browser.json'), { force: true });
  mkdirSync(join(root, '.test-results'), { recursive: true });
  const { code } = await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js'], { env: { CI: 'true' } });
  const resultFile = join(root, '.test-results/browser.json');
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  record('browser tests', result.passed, result.failed || (code !== 0 ? 1 : 0), result.skipped);
};

const steps = {
  typecheck: () => check('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '-b']),
  lint: () => check('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']),
  openapi: () =>
    existsSync(join(root, 'scripts/openapi.ts'))
      ? check('OpenAPI document up to date', process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/openapi.ts', '--check'])
      : undefined,
  cem: () =>
    check('Custom Elements Manifest, docs/api.md and stories/index.ts up to date', process.execPath, [
      '--conditions=source',
      '--import',
      'tsx',
      'scripts/cem.ts',
      '--check',
    ]),
  bundle: () =>
    check('bundle budget', process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/bench/bundle.ts', '--check']),
  storybook: () => check('Storybook builds every story', process.execPath, ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '--quiet', '--loglevel', 'warn', '--output-dir', 'storybook-static']),
  unit: () => nodeSuite('core unit tests', ['packages/core/test/**/*.test.ts']),
  node: () =>
    nodeSuite('server, adapter and contract tests', [
      'packages/server/test/**/*.test.ts',
      '!packages/server/test/postgres/**',
      'packages/client-*/test/**/*.test.ts',
      'test/**/*.test.ts',
      '!test/browser/**',
    ]),
  // The server's database tests again on a throw-away PostgreSQL cluster (packages/server/test/postgres/run.ts):
  // skipped without PostgreSQL binaries, failed then when PORTICO_REQUIRE_POSTGRES=1 (CI).
  postgres: () => {
    console.log('\n▶ server database tests on PostgreSQL');
    return nodeRun('server database tests on PostgreSQL', ['packages/server/test/postgres/run.ts']);
  },
  browser: () => browserSuite(),
};

for (const [name, step] of Object.entries(steps)) {
  if (onlyStep && onlyStep !== name) continue;
  await step();
}

console.log('\nSummary');
for (const line of report) {
  console.log(`  ${line.failed ? '✗' : '✓'} ${line.name}: ${line.passed} passed, ${line.failed} failed${line.skipped ? `, ${line.skipped} skipped` : ''}`);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || report.length === 0 ? 1 : 0);
