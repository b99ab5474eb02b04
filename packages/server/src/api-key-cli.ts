import { parseArgs } from 'node:util';
import { createApiKey, revokeApiKey } from './auth/index.js';
import { createDatabase } from './db.js';
import { migrate } from './migrations.js';

/**
 * `portico-api-key create --company acme --name "Acme portal"` prints a new API key (shown once;
 * only its hash is stored); `portico-api-key revoke --id key-…` revokes one. The database is the
 * server's: `DATABASE_URL`, else the PGlite directory `--data-dir` (default `.portico-data`).
 */
const { values, positionals } = parseArgs({
  options: {
    company: { type: 'string' },
    name: { type: 'string', default: 'portal' },
    id: { type: 'string' },
    'data-dir': { type: 'string', default: '.portico-data' },
  },
  allowPositionals: true,
  strict: true,
});

const [command] = positionals;
if ((command !== 'create' || !values.company) && (command !== 'revoke' || !values.id)) {
  console.error('Usage: portico-api-key create --company <company id> [--name <label>] | portico-api-key revoke --id <key id>');
  process.exit(2);
}

const db = await createDatabase({ url: process.env.DATABASE_URL, dataDir: values['data-dir'] });
try {
  await migrate(db);
  if (command === 'create') {
    const { id, key } = await createApiKey(db, { companyId: values.company!, name: values.name });
    process.stdout.write(`API key ${id} for ${values.company} (shown once, keep it on the portal's server only):\n${key}\n`);
  } else if (!(await revokeApiKey(db, values.id!))) {
    console.error(`No active API key ${values.id}.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
