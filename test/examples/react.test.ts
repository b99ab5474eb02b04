// examples/react: the @lit/react wrappers in a React app, built with Vite, on the reference server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { closeSites, contactRows, serve } from '../e2e/site.js';

const out = mkdtempSync(join(tmpdir(), 'portico-react-'));

after(async () => {
  await closeSites();
  rmSync(out, { recursive: true, force: true });
});

describe('React example', () => {
  it('lists the seeded contacts and hands a typed contact-open event to a React handler', async () => {
    await build({
      configFile: false,
      root: fileURLToPath(new URL('../../examples/react', import.meta.url)),
      logLevel: 'warn',
      resolve: { conditions: ['source', ...defaultClientConditions] },
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: { outDir: out, emptyOutDir: true },
    });
    const rows = await contactRows(await serve(out), ['contact-list'], async (page) => {
      const link = await page.waitForSelector('contact-list >>> tbody tr button.link');
      await link!.click();
      await page.waitForFunction(() => /^Opened \S+ \S+/.test(document.querySelector('[role="status"]')?.textContent ?? ''), { timeout: 5000 });
    });
    assert.equal(rows.length, 10, 'pageSize={10} reached the element as a property');
  });
});
