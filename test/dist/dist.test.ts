// The published form of Portico: the library build, `npm pack` of every package, the tarballs
// installed into a project outside the repository, and the CMS snippet of docs/cms.md served
// verbatim with dist/portico.js next to the reference server, in Chromium.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { bundleFiles, elementEntries } from '../../scripts/build.js';
import { closeSites, contactRows, serve } from '../e2e/site.js';
import { installProject, packed, publishedPackages as published, root, workDir, type PackResult } from './packed.js';

let packs = new Map<string, PackResult>();

before(async () => {
  packs = await packed();
});

describe('npm pack', () => {
  for (const { folder, json } of published) {
    it(`${json.name} ships dist and a package.json with exports and types`, () => {
      const pack = packs.get(json.name);
      assert.ok(pack, `no tarball for ${json.name}`);
      const files = new Set(pack.files.map((file) => file.path));
      assert.ok(files.has('package.json'));
      assert.ok(json.exports && json.types, 'exports and types in package.json');
      assert.ok(files.has(json.types.replace(/^\.\//, '')), `${json.types} is in the tarball`);
      // Every default path of `exports` is in the tarball, so no import of the package dangles.
      for (const [subpath, target] of Object.entries(json.exports)) {
        const targets = typeof target === 'string' ? { default: target } : (target as Record<string, string>);
        for (const [condition, file] of Object.entries(targets)) {
          if (condition === 'source' || file.includes('*')) continue;
          assert.ok(files.has(file.replace(/^\.\//, '')), `${folder}: exports["${subpath}"].${condition} = ${file} is in the tarball`);
        }
      }
    });
  }

  it('@portico/elements ships its manifest, one module per element and portico.js', () => {
    const elements = published.find(({ json }) => json.name === '@portico/elements')!.json;
    const files = new Set(packs.get('@portico/elements')!.files.map((file) => file.path));
    assert.equal(elements.customElements, 'custom-elements.json');
    assert.ok(files.has('custom-elements.json'));
    assert.ok(files.has('dist/portico.js'));
    // The CMS bundle's on-demand chunks (translations, xlsx reader) ship next to it.
    const chunks = bundleFiles().filter((name) => name !== 'portico.js');
    assert.ok(chunks.some((name) => name.startsWith('portico-de-')) && chunks.some((name) => name.startsWith('portico-xlsx-reader-')), chunks.join(', '));
    for (const chunk of chunks) assert.ok(files.has(`dist/${chunk}`), `dist/${chunk}`);
    for (const entry of Object.keys(elementEntries())) {
      assert.ok(files.has(`dist/${entry}.js`), `dist/${entry}.js`);
      assert.ok(files.has(`dist/${entry}.d.ts`), `dist/${entry}.d.ts`);
    }
  });
});

/** A code block of a doc, the one right after the comment that names this test (`nth` of them). */
const testedBlock = (doc: string, language: string, nth = 0): string => {
  const text = readFileSync(join(root, 'docs', doc), 'utf8');
  const marker = text.indexOf('test/dist/dist.test.ts');
  assert.ok(marker >= 0, `docs/${doc} names this test above its tested snippet`);
  const blocks = [...text.slice(marker).matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter(([, lang]) => lang === language);
  const block = blocks[nth]?.[2];
  assert.ok(block, `docs/${doc} has a tested ${language} block`);
  return block;
};

const cmsPage = (body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Our portal</title></head>\n<body><main><h1>People</h1>\n${body}</main></body></html>\n`;

after(closeSites);

describe('the tarballs installed outside the repository', () => {
  let project = '';

  it('import in Node: classes without registering anything', async () => {
    ({ dir: project } = await installProject('consumer', { type: 'module', dependencies: { '@portico/client-rest': '0.1.0', '@portico/elements': '0.1.0' } }));
    writeFileSync(
      join(project, 'check.mjs'),
      `import * as elements from '@portico/elements';
import { RestContactsClient } from '@portico/client-rest';
const manifest = (await import('@portico/elements/custom-elements.json', { with: { type: 'json' } })).default;
console.log(JSON.stringify({
  classes: Object.keys(elements.ELEMENTS).filter((tag) => typeof elements.ELEMENTS[tag] === 'function'),
  list: typeof elements.ContactList,
  client: typeof RestContactsClient,
  manifestTags: manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).length,
}));`,
    );
    const result = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: project, encoding: 'utf8' })) as {
      classes: string[];
      list: string;
      client: string;
      manifestTags: number;
    };
    assert.equal(result.list, 'function');
    assert.equal(result.client, 'function');
    assert.ok(result.classes.includes('contact-list'));
    assert.equal(result.manifestTags, result.classes.length, 'every registered element is in the manifest');
  });

  it('an adapter that builds exports in the page installs without the export writers and their fonts (an optional peer)', async () => {
    const { dir } = await installProject('adapters-only', {
      type: 'module',
      dependencies: { '@portico/client-mapped': '0.1.0', '@portico/client-memory': '0.1.0', '@portico/client-scim': '0.1.0' },
    });
    for (const heavy of ['@portico/export', 'pdfkit', 'exceljs', '@expo-google-fonts/noto-sans', '@expo-google-fonts/noto-sans-jp']) {
      assert.equal(existsSync(join(dir, 'node_modules', heavy)), false, `${heavy} is not installed`);
    }
    writeFileSync(
      join(dir, 'check.mjs'),
      `import { MemoryContactsClient } from '@portico/client-memory';
import { createMappedRestClient } from '@portico/client-mapped';
import { HttpTransport } from '@portico/adapter-kit/transport';
const memory = new MemoryContactsClient();
console.log(JSON.stringify({ export: memory.capabilities.export, formats: memory.exportFormats, mapped: typeof createMappedRestClient, transport: typeof HttpTransport }));`,
    );
    const result = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(result, { export: false, formats: [], mapped: 'function', transport: 'function' });
  });

  it('the npm example of docs/getting-started.md, built with Vite, shows the seeded contacts', async () => {
    writeFileSync(join(project, 'index.html'), cmsPage(testedBlock('getting-started.md', 'html')));
    writeFileSync(join(project, 'main.js'), testedBlock('getting-started.md', 'js'));
    const out = join(project, 'site');
    await build({ configFile: false, root: project, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
    const rows = await contactRows(await serve(out), ['contact-list']);
    assert.ok(rows.some((text) => /\w+ \w+/.test(text)), 'rows show names');
  });
});

describe('the CMS snippet of docs/cms.md', () => {
  it('is the script-tag snippet everywhere in docs/', () => {
    const snippet = testedBlock('cms.md', 'html');
    const docs = ['getting-started.md', 'cms.md'].map((doc) => readFileSync(join(root, 'docs', doc), 'utf8'));
    for (const text of docs) {
      for (const [, block] of text.matchAll(/```html\n([\s\S]*?)```/g)) if (block!.includes('portico.js')) assert.equal(block, snippet);
    }
  });

  it('pasted into a page next to dist/portico.js and its chunks, shows the seeded contacts to a signed-in customer administrator and loads German on demand', async () => {
    const siteDir = join(workDir(), 'site');
    mkdirSync(join(siteDir, 'portico'), { recursive: true });
    // What docs/cms.md tells authors to copy: portico.js and the portico-*.js files next to it.
    for (const name of bundleFiles()) copyFileSync(join(root, 'packages/elements/dist', name), join(siteDir, 'portico', name));
    writeFileSync(join(siteDir, 'index.html'), cmsPage(testedBlock('cms.md', 'html')));
    const rows = await contactRows(await serve(siteDir), ['contact-manager', 'contact-list'], async (page) => {
      const chunk = page.waitForResponse((response) => /\/portico\/portico-de-[^/]+\.js$/.test(response.url()) && response.ok());
      await page.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
      await chunk;
      await page.waitForFunction(
        () => {
          const list = document.querySelector('contact-manager')?.shadowRoot?.querySelector('contact-list');
          return list?.shadowRoot?.querySelector('caption')?.textContent?.trim() === 'Kontakte';
        },
        { timeout: 20000 },
      );
    });
    assert.ok(rows.some((text) => /\w+ \w+/.test(text)), 'rows show names');
  });
});
