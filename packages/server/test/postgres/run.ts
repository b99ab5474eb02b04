/**
 * The server's database tests on a real PostgreSQL (the production path, `DATABASE_URL`): starts
 * a throw-away cluster (cluster.ts), runs the chosen server test files unchanged with every
 * in-memory PGlite replaced by a fresh database on that cluster (hooks.mjs, database.ts), then
 * stops the cluster and deletes it, whatever the tests did.
 *
 *   node --conditions=source --import tsx packages/server/test/postgres/run.ts [test files]
 *
 * Without PostgreSQL binaries (PG_BIN, PATH, /usr/lib/postgresql/<version>/bin) the suite is
 * reported as skipped, unless PORTICO_REQUIRE_POSTGRES=1 (as in CI), where that fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findPostgresBinaries, postgresBinaryCandidates, startPostgresCluster, type PostgresCluster } from './cluster.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * What matters most of the server's database behaviour, for the time it takes: migrations from
 * empty and again, transactions, the counters' triggers, LIKE escaping and the index plans (db);
 * the tenant trigger, trigram and grams searches against LIKE in every script, filters, sorts and
 * deep pages at 24,000 contacts (search-scale); every sort paged and reversed, exact totals through
 * changes (list); capped totals (list-capped); version conflicts, idempotent creates, the
 * case-insensitive unique user ID, search and the audit rows (contacts); writes that overlap,
 * which only PostgreSQL runs at the same time (concurrent-writes); every role and action in and
 * out of scope across two tenants and every target role (permissions); sessions, lockouts and reset links with their
 * timestamps (auth); the export's keyset paging while others write (export-keyset); user
 * accounts across tenants (users); reset links cancelled by an address change or a set password,
 * and the password rules on both routes (credentials); NUL bytes and other hostile requests stopped at the edge before
 * they reach the database (edge); the REST adapter's contract suite (38 cases of list, search,
 * get, create, update, delete and conflicts through the client) and its retries through dropped
 * connections with idempotency keys (faults). Last, the same seed's list, search and export
 * answers on PGlite and on PostgreSQL side by side (same-answers), a database whose lower()
 * knows only ASCII refused (case-mapping), and every text sort in ICU's order (sort-order); the rate
 * limits in their table (rate-limit); and three portico-server processes behind a round-robin proxy,
 * one killed with SIGKILL under load, reconciled with the database (multi-process). About 90 s in all; left out
 * for time: export (file formats, not the database), openapi,
 * hostile-input and rest-capped-total (covered by list-capped); pass their paths to run them.
 */
export const DEFAULT_FILES = [
  'packages/server/test/db.test.ts',
  'packages/server/test/search-scale.test.ts',
  'packages/server/test/list.test.ts',
  'packages/server/test/list-capped.test.ts',
  'packages/server/test/contacts.test.ts',
  'packages/server/test/concurrent-writes.test.ts',
  'packages/server/test/permissions.test.ts',
  'packages/server/test/auth.test.ts',
  'packages/server/test/export-keyset.test.ts',
  'packages/server/test/sort-order.test.ts',
  'packages/server/test/users.test.ts',
  'packages/server/test/credentials.test.ts',
  'packages/server/test/edge.test.ts',
  'test/contract/rest.contract.test.ts',
  'test/faults.test.ts',
  'packages/server/test/postgres/same-answers.test.ts',
  'packages/server/test/postgres/case-mapping.test.ts',
  'packages/server/test/rate-limit.test.ts',
  'packages/server/test/postgres/multi-process.test.ts',
];

let child: ChildProcess | undefined;

const nodeTest = (files: string[], env: Record<string, string>) =>
  new Promise<number>((resolve) => {
    child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--import', here('./register.mjs'), '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } },
    );
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_FILES;
const binaries = findPostgresBinaries();

if (!binaries) {
  const reason = `no PostgreSQL server binaries (postgres, initdb, pg_ctl) in ${process.env.PG_BIN ? `PG_BIN=${process.env.PG_BIN}` : `PATH or /usr/lib/postgresql/*/bin`}. Install PostgreSQL (Debian: apt-get install postgresql) or set PG_BIN to its bin folder.`;
  if (process.env.PORTICO_REQUIRE_POSTGRES === '1') {
    console.error(`\nPostgreSQL tests FAILED: ${reason}\nPORTICO_REQUIRE_POSTGRES=1 requires them (looked in: ${postgresBinaryCandidates().join(', ')}).`);
    process.exit(1);
  }
  console.warn(`\nPostgreSQL tests SKIPPED: ${reason}\n`);
  // One skipped test, so the runner's summary (and npm test's count) shows the suite as skipped.
  process.exit(await nodeTest([here('./skipped.ts')], { PORTICO_POSTGRES_SKIP_REASON: reason }));
}

let cluster: PostgresCluster | undefined;
const stop = async () => {
  const running = cluster;
  cluster = undefined;
  await running?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    child?.kill(signal);
    void stop().finally(() => process.exit(130));
  });
}

let code = 1;
try {
  const started = Date.now();
  cluster = await startPostgresCluster({ binaries });
  console.log(`PostgreSQL: ${binaries.version} at ${binaries.bin}, cluster on 127.0.0.1:${cluster.port} in ${cluster.dir} (${Date.now() - started} ms)`);
  code = await nodeTest(files, { PORTICO_TEST_POSTGRES_URL: cluster.adminUrl });
} catch (error) {
  console.error(error);
} finally {
  await stop();
}
process.exit(code);
