// examples/: each example copied into a fresh project outside the repository, which installs the
// packed @portico tarballs (test/dist/packed.ts) and the framework packages of the example's own
// package.json (from npm's cache), type-checks and builds with the example's `npm run build` (tsc
// against the packages' declarations, then Vite) and runs in Chromium on the reference server.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { closeSites, contactRows, serve } from '../e2e/site.js';
import { installProject, npm, publishedPackages, readPackageJson, root } from '../dist/packed.js';

const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const repo = readPackageJson(root);
const portico = new Map(publishedPackages.map(({ json }) => [json.name, json.version]));

after(closeSites);

describe('examples', () => {
  it('are plain HTML, React, Vue and Angular', () => {
    assert.deepEqual(examples, ['angular', 'html', 'react', 'vue']);
  });

  for (const name of examples) {
    const source = join(root, 'examples', name);
    const json = readPackageJson(source);

    describe(name, () => {
      it('depends on the Portico packages and on the framework versions the repository type-checks it with', () => {
        const wanted = { ...json.dependencies, ...json.devDependencies };
        assert.ok(wanted['@portico/elements'], 'depends on @portico/elements');
        for (const [dependency, range] of Object.entries(wanted)) {
          const expected = portico.has(dependency) ? `^${portico.get(dependency)}` : repo.devDependencies?.[dependency];
          assert.equal(range, expected, `${dependency} in examples/${name}/package.json`);
        }
      });

      it('in a fresh project: installs without warnings, builds, lists the seeded contacts and hands contact-open to its handler', async (t) => {
        // The example's own files; a node_modules or dist/ of someone who tried it in place stays behind.
        const files = Object.fromEntries(
          readdirSync(source, { withFileTypes: true })
            .filter((entry) => entry.isFile() && entry.name !== 'package.json' && entry.name !== 'package-lock.json')
            .map((entry) => [entry.name, readFileSync(join(source, entry.name), 'utf8')]),
        );
        const { dir, warnings, seconds } = await installProject(`example-${name}`, json, files);
        // Unsupported engines (Angular 22 on Node 20) and peer conflicts would greet every user.
        assert.doesNotMatch(warnings, /EBADENGINE|ERESOLVE|peer dep/i);
        const start = performance.now();
        npm(['run', 'build'], dir);
        t.diagnostic(`npm install ${seconds.toFixed(1)} s, npm run build ${((performance.now() - start) / 1000).toFixed(1)} s`);
        const rows = await contactRows(await serve(join(dir, 'dist')), ['contact-list'], async (page) => {
          const link = await page.waitForSelector('contact-list >>> tbody tr button.link');
          await link!.click();
          await page.waitForFunction(() => /^Opened \S+ \S+/.test(document.querySelector('[role="status"]')?.textContent ?? ''), { timeout: 5000 });
        });
        assert.equal(rows.length, 10, 'the page size of 10 that the example set reached the element');
      });
    });
  }
});
