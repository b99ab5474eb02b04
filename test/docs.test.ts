import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** What a newcomer reads first: the README's layout table and docs index, and every relative link in the docs. */
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const section = (markdown: string, heading: string) => {
  const start = markdown.indexOf(`## ${heading}\n`);
  assert.notEqual(start, -1, `the README has a "${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('README and docs', () => {
  const readme = read('README.md');

  it("the layout table lists every package by path and by name", () => {
    const layout = section(readme, 'Layout');
    for (const folder of readdirSync(join(root, 'packages'))) {
      const manifest = JSON.parse(read(`packages/${folder}/package.json`)) as { name: string; private?: boolean };
      assert.match(layout, new RegExp(`\\| \`packages/${folder}\` \\|`), `packages/${folder} is in the layout table`);
      if (!manifest.private) assert.ok(layout.includes(`\`${manifest.name}\``), `${manifest.name} is named in the layout table`);
    }
  });

  it('the docs index links every guide in docs/ and the CHANGELOG', () => {
    const index = section(readme, 'Documentation');
    const guides = readdirSync(join(root, 'docs')).filter((file) => file.endsWith('.md'));
    for (const guide of guides) assert.ok(index.includes(`(docs/${guide})`), `docs/${guide} is linked from the README's docs index`);
    assert.ok(index.includes('(CHANGELOG.md)'));
  });

  it('every relative link in the README and docs/ points at a file that exists', () => {
    const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const page of pages) {
      if (!existsSync(join(root, page))) {
        broken.push(`${page} (missing)`);
        continue;
      }
      const text = read(page).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
        const path = resolve(dirname(join(root, page)), decodeURI(target!.split('#')[0]!));
        if (!existsSync(path)) broken.push(`${page} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('getting started links the adapters guide and says how to install from npm pack', () => {
    const guide = read('docs/getting-started.md');
    assert.ok(guide.includes('[adapters](adapters.md)'));
    assert.match(guide, /npm pack/);
  });

  it("npm start's ports are documented with their flags and variables", () => {
    const start = read('scripts/start.ts');
    for (const [flag, variable] of [['port', 'PORT'], ['api-port', 'API_PORT']] as const) {
      assert.ok(new RegExp(`(^|\\s|')${flag}'?: \\{`, 'm').test(start) && start.includes(`process.env.${variable}`), `scripts/start.ts reads --${flag} and ${variable}`);
      assert.ok(readme.includes(`--${flag}`) && readme.includes(`${variable}=`), `the README documents --${flag} and ${variable}`);
    }
  });
});
