import { readdir, readFile } from 'node:fs/promises';
import type { Database } from './db.js';

/**
 * Schema migrations, one `.sql` file each in the package's `migrations/` folder
 * (`0001_initial.sql`, …), applied in the order of their numbers and recorded in `schema_version`,
 * so running `migrate` again (every start) changes nothing. Add a file with the next number; never
 * edit an applied one. The folder sits beside `src/` and `dist/`, so the same relative URL finds
 * it from the sources (tsx, tests) and from the build.
 */
const MIGRATIONS_FOLDER = new URL('../migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * The schema version `migrate` brings a database to, the number of the last file in `migrations/`
 * (checked when they are read: add a file, raise this); `/readyz` answers 503 on any other.
 */
export const SCHEMA_VERSION = 11;

let migrations: Promise<readonly string[]> | undefined;

/** The migrations' SQL, read once per process, first to last; a gap in the numbers, or a last number other than SCHEMA_VERSION, is an error. */
export const readMigrations = (): Promise<readonly string[]> =>
  (migrations ??= (async () => {
    const files = (await readdir(MIGRATIONS_FOLDER)).filter((file) => MIGRATION_FILE.test(file)).sort();
    files.forEach((file, index) => {
      if (Number(MIGRATION_FILE.exec(file)![1]) !== index + 1) throw new Error(`Migration ${file} is out of sequence: expected number ${index + 1}.`);
    });
    if (files.length !== SCHEMA_VERSION) throw new Error(`The migrations folder holds ${files.length} migrations, but SCHEMA_VERSION is ${SCHEMA_VERSION}: raise it with a new migration.`);
    return Promise.all(files.map((file) => readFile(new URL(file, MIGRATIONS_FOLDER), 'utf8')));
  })());

/** The collation of every text sort key (migration 6): ICU's root order, deterministic. */
export const TEXT_COLLATION = 'portico_text';

/** Tables holding data, children first, for `reset` and for truncation in tests. */
export const DATA_TABLES = [
  'rate_limits',
  'embed_tokens',
  'api_keys',
  'contact_counts',
  'audit_log',
  'idempotency_keys',
  'outbox',
  'password_reset_tokens',
  'sessions',
  'contact_roles',
  'users',
  'partner_links',
  'contacts',
  'roles',
  'accounts',
] as const;

/** Capitals of four scripts and what lower() must make of them for the search to match what people type. */
const CASE_PROBE = 'ÀĞΩЖ';

/**
 * Search compares lower-cased text (search.ts), and PostgreSQL's lower() follows the database's
 * LC_CTYPE: under `C` or `POSIX` it lower-cases ASCII only, and "ол" would never find "Олег".
 * Refuses such a database with what to do instead of answering searches wrongly.
 */
const checkCaseMapping = async (db: Database): Promise<void> => {
  const { rows } = await db.query<{ lowered: string; ctype: string }>(`select lower($1) as lowered, (select datctype from pg_database where datname = current_database()) as ctype`, [CASE_PROBE]);
  const { lowered, ctype } = rows[0]!;
  if (lowered !== CASE_PROBE.toLowerCase()) {
    throw new Error(
      `The database's character type (LC_CTYPE ${ctype}) lower-cases only ASCII letters (lower('${CASE_PROBE}') is '${lowered}'), so searches would miss names like "Ólafur" or "Олег". ` +
        `Create the database with a UTF-8 character type, e.g. CREATE DATABASE portico TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' (or 'en_US.UTF-8'), and point DATABASE_URL at it.`,
    );
  }
};

/** Advisory lock keys (any constant no other application on the database uses). */
const MIGRATE_LOCK = 7_202_610;
const START_LOCK = 7_202_611;

/**
 * Runs `fn` (the start's migration and first seed) while holding a lock that every other process
 * starting on the same PostgreSQL waits for, so N replicas started at once do not both find the
 * database empty and seed it twice. PGlite belongs to one process: no lock (and its single
 * connection would wait for the transaction holding it).
 */
export const oneStartAtATime = async <T>(db: Database, fn: () => Promise<T>): Promise<T> => {
  if (db.kind !== 'postgres') return fn();
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [START_LOCK]);
    return fn();
  });
};

/** Applies the migrations not yet applied, up to `to` (default: all; tests stop earlier to migrate data written before a step). */
export const migrate = async (db: Database, { to }: { to?: number } = {}): Promise<{ from: number; to: number }> => {
  const all = await readMigrations();
  const target = to ?? all.length;
  await checkCaseMapping(db);
  return db.transaction(async (tx) => {
    // Processes started at once on one database migrate one after the other; the later ones find nothing left to do.
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await tx.query('create table if not exists schema_version (version integer primary key, applied_at timestamptz not null default now())');
    const { rows } = await tx.query<{ version: number | null }>('select max(version) as version from schema_version');
    const from = rows[0]?.version ?? 0;
    for (let index = from; index < target; index++) {
      // One statement per query, so the same code runs on `pg` (no multi-statement prepared queries).
      for (const statement of splitStatements(all[index]!)) await tx.query(statement);
      await tx.query('insert into schema_version (version) values ($1)', [index + 1]);
    }
    return { from, to: Math.max(from, target) };
  });
};

/** The statements of a migration: split at `;`, except inside a `$$` function body. */
const splitStatements = (sql: string): string[] => {
  const text = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const statements: string[] = [];
  let current = '';
  text.split('$$').forEach((part, index) => {
    // Odd parts are inside $$ … $$.
    if (index % 2 === 1) {
      current += `$$${part}$$`;
      return;
    }
    const pieces = part.split(';');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      statements.push(current);
      current = piece;
    }
  });
  statements.push(current);
  return statements.map((statement) => statement.trim()).filter((statement) => statement.length > 0);
};

/** Empties every data table (keeps the schema), for `--reset` and the test server's `reset()`. */
export const truncateAll = async (db: Database): Promise<void> => {
  await db.query(`truncate ${DATA_TABLES.join(', ')}`);
};
