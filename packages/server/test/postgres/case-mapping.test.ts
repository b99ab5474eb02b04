import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '@portico/server';
import { createPostgresDatabase } from '../../src/db.js';
import { asAdmin } from './database.js';

// Run by run.ts on the test cluster. A database whose LC_CTYPE is `C` lower-cases ASCII only, so
// the search (lower-cased text, search.ts) would miss every name with another capital: migrate()
// refuses it and says what to do, before it creates a table.

const adminUrl = process.env.PORTICO_TEST_POSTGRES_URL;

test('a database that lower-cases only ASCII is refused with what to do', { skip: adminUrl ? false : 'run through packages/server/test/postgres/run.ts' }, async () => {
  const name = `ascii_case_${process.pid}`;
  await asAdmin(`create database ${name} owner portico template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  const url = new URL(adminUrl!);
  url.username = 'portico';
  url.pathname = `/${name}`;
  const db = await createPostgresDatabase(url.toString());
  try {
    await assert.rejects(migrate(db), (error: Error) => {
      assert.match(error.message, /LC_CTYPE C\)/);
      assert.match(error.message, /lower-cases only ASCII/);
      assert.match(error.message, /LC_CTYPE 'C\.UTF-8'/);
      return true;
    });
    const { rows } = await db.query<{ tables: number }>(`select count(*)::int as tables from information_schema.tables where table_schema = 'public'`);
    assert.equal(rows[0]!.tables, 0, 'nothing was created');
  } finally {
    await db.close();
    await asAdmin(`drop database if exists ${name}`);
  }
});
