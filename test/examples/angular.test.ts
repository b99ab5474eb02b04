// examples/angular: the elements in a standalone Angular component (JIT, no Angular CLI), built with Vite.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { closeSites, contactRows, serve } from '../e2e/site.js';

const out = mkdtempSync(join(tmpdir(), 'portico-angular-'));

after(async () => {
  await closeSites();
  rmSync(out, { recursive: true, force: true });
});

describe('Angular example', () => {
  it('lists the seeded contacts and hands contact-open to an Angular handler', async () => {
    await build({
      configFile: false,
      root: fileURLToPath(new URL('../../examples/angular', import.meta.url)),
      logLevel: 'warn',
      resolve: { conditions: ['source', ...defaultClientConditions] },
      // The globals the Angular CLI defines; the template is compiled at run time (JIT).
      define: { ngDevMode: 'false', ngServerMode: 'false', ngJitMode: 'true', ngHmrMode: 'false' },
      // Angular with its compiler is one chunk of about 1 MB before compression.
      build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
    });
    const rows = await contactRows(await serve(out), ['contact-list'], async (page) => {
      const link = await page.waitForSelector('contact-list >>> tbody tr button.link');
      await link!.click();
      await page.waitForFunction(() => /^Opened \S+ \S+/.test(document.querySelector('[role="status"]')?.textContent ?? ''), { timeout: 5000 });
    });
    assert.equal(rows.length, 10, 'page-size="10" reached the element');
  });
});
