// Stands for the PostgreSQL suite when run.ts found no PostgreSQL: one skipped test naming why.
import { test } from 'node:test';

test('server database tests on PostgreSQL', { skip: process.env.PORTICO_POSTGRES_SKIP_REASON ?? 'no PostgreSQL' }, () => {});
