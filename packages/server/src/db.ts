/**
 * The few database operations the server needs, with two implementations: PGlite (an embedded
 * PostgreSQL, on disk or in memory) for demos and tests, and a `pg` pool for a real PostgreSQL.
 * The same SQL runs on both.
 */

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when set, `pg` is used instead of PGlite. */
  url?: string | undefined;
  /** PGlite's data directory; in memory when omitted. */
  dataDir?: string | undefined;
}

export const createPgliteDatabase = async (dataDir?: string): Promise<Database> => {
  const [{ PGlite }, { pg_trgm }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ]);
  // pg_trgm backs substring search over names and e-mails with an index (see search.ts);
  // btree_gin puts the account in that same index (migration 4), so a search skips other tenants.
  const options = { extensions: { pg_trgm, btree_gin } };
  const pglite = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      const result = await pglite.query<T>(sql, [...params]);
      return { rows: result.rows };
    },
    // PGlite is one connection: its transaction() queues other queries until this one ends.
    transaction: (fn) =>
      pglite.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await tx.query<T>(sql, [...params])).rows }),
        }),
      ),
    close: () => pglite.close(),
  };
};

export const createPostgresDatabase = async (url: string): Promise<Database> => {
  // Imported lazily so PGlite-only installs never load `pg`.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url });
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params: readonly unknown[] = []) => {
      const result = await pool.query(sql, [...params]);
      return { rows: result.rows as T[] };
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params: readonly unknown[] = []) => ({ rows: (await client.query(sql, [...params])).rows as T[] }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};

/** PostgreSQL when `url` (default: `DATABASE_URL`) is set, otherwise PGlite at `dataDir` or in memory. */
export const createDatabase = async ({ url = process.env.DATABASE_URL, dataDir }: DatabaseOptions = {}): Promise<Database> =>
  url ? createPostgresDatabase(url) : createPgliteDatabase(dataDir);

/** PostgreSQL's SQLSTATE for a unique violation, the same on PGlite and `pg`. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** The constraint or unique index a violation names (`pg` and PGlite both report it), if any. */
export const violatedConstraint = (error: unknown): string | undefined => {
  const constraint = typeof error === 'object' && error !== null ? (error as { constraint?: unknown }).constraint : undefined;
  return typeof constraint === 'string' ? constraint : undefined;
};
