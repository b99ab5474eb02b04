// examples/vue: the elements in a Vue app (template compiled in the browser), built with Vite.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { closeSites, contactRows, serve } from '../e2e/site.js';

const out = mkdtempSync(join(tmpdir(), 'portico-vue-'));

after(async () => {
  await closeSites();
  rmSync(out, { recursive: true, force: true });
});

describe('Vue example', () => {
  it('lists the seeded contacts and hands contact-open to a Vue handler', async () => {
    await build({
      configFile: false,
      root: fileURLToPath(new URL('../../examples/vue', import.meta.url)),
      logLevel: 'warn',
      // The template is a string, compiled at run time: Vue's full build.
      resolve: { conditions: ['source', ...defaultClientConditions], alias: { vue: 'vue/dist/vue.esm-bundler.js' } },
      define: { 'process.env.NODE_ENV': JSON.stringify('production'), __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
      build: { outDir: out, emptyOutDir: true },
    });
    const rows = await contactRows(await serve(out), ['contact-list'], async (page) => {
      const link = await page.waitForSelector('contact-list >>> tbody tr button.link');
      await link!.click();
      await page.waitForFunction(() => /^Opened \S+ \S+/.test(document.querySelector('[role="status"]')?.textContent ?? ''), { timeout: 5000 });
    });
    assert.equal(rows.length, 10, 'page-size="10" reached the element');
  });
});
