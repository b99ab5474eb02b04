import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';

/** docs/adapters.md quotes the json-server configuration of the test; the two must not drift. */
it('docs/adapters.md quotes test/adapters/json-server-mapping.ts exactly', async () => {
  const doc = await readFile(new URL('../../docs/adapters.md', import.meta.url), 'utf8');
  const source = await readFile(new URL('./json-server-mapping.ts', import.meta.url), 'utf8');
  const block = /<!-- example: test\/adapters\/json-server-mapping\.ts -->\n```ts\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(block, 'the example block is in docs/adapters.md');
  assert.equal(block[1], source.trimEnd());
});
