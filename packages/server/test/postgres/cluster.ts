/**
 * A throw-away PostgreSQL cluster for tests: finds the server binaries, initdb's a cluster in a
 * temporary directory, starts it on 127.0.0.1 on a free port (its unix socket in that directory
 * too) and creates a database. `stop()` stops the cluster and deletes the directory. A run that
 * was killed before it could stop its cluster is cleaned up by the next `startPostgresCluster`.
 *
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user (or
 * `nobody` when there is none), which owns the directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const BINARIES = ['postgres', 'initdb', 'pg_ctl'] as const;
const DIR_PREFIX = 'portico-pg-';

export interface PostgresBinaries {
  /** The folder holding `postgres`, `initdb` and `pg_ctl`. */
  bin: string;
  /** `postgres --version`, e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)". */
  version: string;
}

const hasAll = (dir: string) => BINARIES.every((name) => existsSync(join(dir, name)));

const versionDirs = (pattern: (version: string) => string, parent: string, prefix = ''): string[] => {
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((name) => name.startsWith(prefix) && /\d/.test(name))
    .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)))
    .map((name) => pattern(name));
};

/** Where PostgreSQL's binaries are looked for, in order: `PG_BIN` alone when set, else PATH, then the usual install folders (newest first). */
export const postgresBinaryCandidates = (): string[] => {
  if (process.env.PG_BIN) return [process.env.PG_BIN];
  return [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    ...versionDirs((name) => `/usr/lib/postgresql/${name}/bin`, '/usr/lib/postgresql'),
    ...versionDirs((name) => `/usr/${name}/bin`, '/usr', 'pgsql-'),
    '/usr/local/pgsql/bin',
  ];
};

/** The first folder with `postgres`, `initdb` and `pg_ctl` (see `postgresBinaryCandidates`), or undefined. */
export const findPostgresBinaries = (): PostgresBinaries | undefined => {
  const bin = postgresBinaryCandidates().find(hasAll);
  if (!bin) return undefined;
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return { bin, version };
};

/** PostgreSQL will not run as root: the user to run it as then, or undefined when not root. */
const serverUser = (): string | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  return spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
};

const userIds = (user: string): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
  gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
});

/** A port free on 127.0.0.1 right now (the OS's choice for port 0). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Runs a PostgreSQL binary (as `user` when root), in `cwd`: PG resolves its own path through the working directory. */
const runAs = (user: string | undefined, cwd: string, command: string, args: string[]) => {
  const [file, argv] = user ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
};

/** Stops and deletes the clusters of runs that died without stopping theirs (their owner pid is gone). */
const removeStaleClusters = (bin: string, user: string | undefined) => {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(DIR_PREFIX))) {
    const dir = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      if (!owner || isAlive(owner)) continue;
      if (existsSync(join(dir, 'data', 'postmaster.pid'))) runAs(user, dir, join(bin, 'pg_ctl'), ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w']);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Not ours to judge (no owner file yet, or another user's): leave it.
    }
  }
};

export interface PostgresCluster {
  /** `DATABASE_URL` of the database created at start (`portico`, owned by the non-superuser role `portico`). */
  databaseUrl: string;
  /** A superuser's connection to the `postgres` database, e.g. to create more databases. */
  adminUrl: string;
  /** A connection string for database `name` as the role `portico`. */
  urlOf(name: string): string;
  port: number;
  dir: string;
  binaries: PostgresBinaries;
  /** Stops the cluster (fast shutdown) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresClusterOptions {
  binaries?: PostgresBinaries;
  /**
   * The cluster's LC_COLLATE / LC_CTYPE. Default `C` / `C.UTF-8`, as PGlite's: byte order for sorts,
   * Unicode case mapping for lower(). `PORTICO_PG_LOCALE` sets both (e.g. `en_US.UTF-8`), and
   * `PORTICO_PG_INITDB_ARGS` adds initdb arguments.
   */
  collate?: string;
  ctype?: string;
}

/** initdb's a cluster in a temporary directory, starts it on 127.0.0.1 and creates the database `portico`. */
export const startPostgresCluster = async (options: PostgresClusterOptions = {}): Promise<PostgresCluster> => {
  const binaries = options.binaries ?? findPostgresBinaries();
  if (!binaries) throw new Error(`No PostgreSQL server binaries (${BINARIES.join(', ')}) in ${postgresBinaryCandidates().join(', ')}`);
  const { bin } = binaries;
  const user = serverUser();
  removeStaleClusters(bin, user);

  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (user) {
    const { uid, gid } = userIds(user);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  let started = false;
  const stop = async () => {
    if (started) {
      const result = runAs(user, dir, join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30']);
      if (!result.ok) runAs(user, dir, join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const locale = process.env.PORTICO_PG_LOCALE;
    const collate = options.collate ?? locale ?? 'C';
    const ctype = options.ctype ?? locale ?? 'C.UTF-8';
    const init = runAs(user, dir, join(bin, 'initdb'), [
      '-D',
      data,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      `--lc-collate=${collate}`,
      `--lc-ctype=${ctype}`,
      '--lc-messages=C',
      '--no-sync',
      // E.g. `--locale-provider=icu --icu-locale=en-US`, to try the tests under another collation.
      ...(process.env.PORTICO_PG_INITDB_ARGS ?? '').split(' ').filter(Boolean),
    ]);
    if (!init.ok) throw new Error(`initdb failed:\n${init.output}`);

    // Another process may take the port between freePort() and the start: try a few.
    let port = 0;
    let lastError = '';
    for (let attempt = 0; attempt < 5 && !started; attempt++) {
      port = await freePort();
      const settings = [
        `-c port=${port}`,
        "-c listen_addresses='127.0.0.1'",
        `-c unix_socket_directories='${dir}'`,
        // Throw-away data: no durability, so nothing waits for the disk.
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const start = runAs(user, dir, join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', settings]);
      if (start.ok) started = true;
      else lastError = `${start.output}\n${existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : ''}`;
    }
    if (!started) throw new Error(`PostgreSQL did not start:\n${lastError}`);

    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const urlOf = (name: string) => `postgres://portico@127.0.0.1:${port}/${name}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      // The application's role is no superuser, as in production: pg_trgm and btree_gin are
      // trusted extensions, which the owner of a database may create.
      await admin.query('create role portico login');
      await admin.query('create database portico owner portico');
      const { rows } = await admin.query<{ name: string }>("select name from pg_available_extensions where name in ('pg_trgm', 'btree_gin')");
      if (rows.length < 2) throw new Error(`PostgreSQL at ${bin} lacks the pg_trgm or btree_gin extension (contrib): found ${rows.map((row) => row.name).join(', ') || 'neither'}`);
    } finally {
      await admin.end();
    }
    return { databaseUrl: urlOf('portico'), adminUrl, urlOf, port, dir, binaries, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
