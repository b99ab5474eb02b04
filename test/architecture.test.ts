// The layer rule of docs/architecture.md: a cross-layer import fails the lint step of npm test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

const layerErrors = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-globals');
};

describe('layer rule', () => {
  it('keeps adapters, the server and the DOM out of core', async () => {
    for (const source of ["import ky from 'ky';", "import { html } from 'lit';", "import { RestContactsClient } from '@portico/client-rest';", "import { readFile } from 'node:fs';"]) {
      assert.equal((await layerErrors('packages/core/src/example.ts', `${source}\nexport { };\n`)).length, 1, source);
    }
    assert.equal((await layerErrors('packages/core/src/example.ts', 'export const title = document.title;\n')).length, 1);
  });

  it('keeps adapters and the server out of the elements', async () => {
    for (const source of ["import { RestContactsClient } from '@portico/client-rest';", "import { MemoryContactsClient } from '@portico/client-memory';", "import { createApp } from '@portico/server';", "import ky from 'ky';"]) {
      assert.equal((await layerErrors('packages/elements/src/contact-list/example.ts', `${source}\nexport { };\n`)).length, 1, source);
    }
  });

  it('lets element tests, stories and the demo wire a concrete client in', async () => {
    const source = "import { MemoryContactsClient } from '@portico/client-memory';\nexport const client = new MemoryContactsClient();\n";
    assert.deepEqual(await layerErrors('packages/elements/src/contact-list/example.test.ts', source), []);
    assert.deepEqual(await layerErrors('stories/example.stories.ts', source), []);
  });

  it('keeps adapters, the elements and the server out of the export writers, which both sides use', async () => {
    for (const source of ["import { MemoryContactsClient } from '@portico/client-memory';", "import { html } from 'lit';", "import { createApp } from '@portico/server';", "import ky from 'ky';"]) {
      assert.equal((await layerErrors('packages/export/src/example.ts', `${source}\nexport { };\n`)).length, 1, source);
    }
    const users = "import { buildExport } from '@portico/export';\nexport { buildExport };\n";
    assert.deepEqual(await layerErrors('packages/server/src/example.ts', users), []);
  });

  it('keeps the export writers out of the adapters, whose hosts pass them in (an optional peer)', async () => {
    const users = "import { buildExport } from '@portico/export';\nexport { buildExport };\n";
    for (const adapter of ['client-memory', 'client-mapped', 'client-scim', 'client-rest']) {
      assert.equal((await layerErrors(`packages/${adapter}/src/example.ts`, users)).length, 1, adapter);
    }
    assert.deepEqual(await layerErrors('stories/example.stories.ts', users), []);
  });

  it('lets the adapters share the transport, which stays browser-safe', async () => {
    const transport = "import { HttpTransport } from '@portico/adapter-kit/transport';\nexport { HttpTransport };\n";
    assert.deepEqual(await layerErrors('packages/client-mapped/src/example.ts', transport), []);
    assert.deepEqual(await layerErrors('packages/adapter-kit/src/transport.ts', "import ky from 'ky';\nimport { ContactsError } from '@portico/core';\nexport { ky, ContactsError };\n"), []);
    for (const source of ["import { readFile } from 'node:fs';", "import { html } from 'lit';", "import { buildExport } from '@portico/export';"]) {
      assert.equal((await layerErrors('packages/adapter-kit/src/transport.ts', `${source}\nexport { };\n`)).length, 1, source);
    }
    // The contract suite tests adapters through the interface alone, not over HTTP.
    assert.equal((await layerErrors('packages/adapter-kit/src/contract-suite.ts', "import ky from 'ky';\nexport { ky };\n")).length, 1);
  });

  it('keeps the elements and the adapters out of the server', async () => {
    for (const source of ["import { html } from 'lit';", "import { RestContactsClient } from '@portico/client-rest';"]) {
      assert.equal((await layerErrors('packages/server/src/example.ts', `${source}\nexport { };\n`)).length, 1, source);
    }
  });
});
