/**
 * Writes docs/openapi.json from the core zod schemas. `--check` compares instead and exits 1
 * when the committed file is out of date (for CI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument, stableStringify } from '@portico/server';

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const generated = stableStringify(buildOpenApiDocument());

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== generated) {
    console.error('docs/openapi.json is out of date. Run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date.');
} else {
  await writeFile(target, generated);
  console.log(`Wrote ${target}`);
}
