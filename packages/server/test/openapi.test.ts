import { buildOpenApiDocument, stableStringify } from '@portico/server';
import { startTestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../../', import.meta.url));

test('docs/openapi.json is up to date (scripts/openapi.ts --check)', () => {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'scripts/openapi.ts', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr || result.stdout);
});

test('the document covers every route and the server serves it', async () => {
  const document = buildOpenApiDocument() as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, object> } };
  assert.equal(document.openapi, '3.1.0');
  for (const path of ['/api/session', '/api/contacts', '/api/contacts/{id}', '/api/contacts/{id}/login/lock', '/api/contacts/{id}/password-reset', '/api/password-reset/confirm', '/api/users', '/api/contacts/{id}/user', '/api/user-ids/{userId}']) {
    assert.ok(document.paths[path], path);
  }
  assert.ok(document.components.schemas['ContactDraft']);
  const server = await startTestServer();
  try {
    const served = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(served.status, 200);
    assert.equal(stableStringify(await served.json()), stableStringify(document));
  } finally {
    await server.close();
  }
});
