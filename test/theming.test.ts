// Every CSS custom property the elements read is documented, and every documented one is read.
// Sources of truth: the global `--portico-*` tokens are the token table of docs/theming.md; an
// element's own properties are its `@cssproperty` JSDoc, read from the Custom Elements Manifest
// (`npm run cem`). Private properties (`--_x`) are neither.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { globSync } from 'tinyglobby';

const root = new URL('..', import.meta.url).pathname;
const read = (file: string) => readFileSync(root + file, 'utf8');

/** Source files of the elements that hold styles (`*.styles.ts`, and `base/dialog.ts`-like helpers). */
const styleFiles = globSync(['packages/elements/src/**/*.ts'], {
  cwd: root,
  ignore: ['**/*.test.ts', 'packages/elements/src/i18n/**', '**/fixtures/**'],
}).sort();

/** Properties read with `var(--x…)` in a file, without private ones. */
const usedIn = (file: string): Set<string> =>
  new Set([...read(file).matchAll(/var\(\s*(--[a-zA-Z0-9-]+)/g)].map((match) => match[1]!).filter((name) => !name.startsWith('--_')));

/** The folder directly under packages/elements/src/ (`base`, `contact-list`, …). */
const folderOf = (file: string) => file.split('/')[3]!;

const used = new Map<string, Set<string>>(); // property → folders that read it
for (const file of styleFiles) {
  for (const name of usedIn(file)) {
    if (!used.has(name)) used.set(name, new Set());
    used.get(name)!.add(folderOf(file));
  }
}

/** Tokens in the first column of the table under `## Tokens` in docs/theming.md; `a` / `-m` / `-l` expands. */
const themingTokens = (): Set<string> => {
  const section = read('docs/theming.md').split(/^## Tokens$/m)[1]?.split(/^## /m)[0] ?? '';
  const tokens = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cell = line.split('|')[1]!;
    const names = [...cell.matchAll(/`(-?-[a-z0-9-]+)`/g)].map((match) => match[1]!);
    const first = names[0]!;
    tokens.add(first);
    const stem = first.slice(0, first.lastIndexOf('-'));
    for (const suffix of names.slice(1)) tokens.add(suffix.startsWith('--') ? suffix : stem + suffix);
  }
  return tokens;
};

interface Manifest {
  modules: { path: string; declarations?: { cssProperties?: { name: string }[] }[] }[];
}
/** `@cssproperty` names by element folder, from the manifest. */
const manifestProperties = (): Map<string, Set<string>> => {
  const manifest = JSON.parse(read('packages/elements/custom-elements.json')) as Manifest;
  const byFolder = new Map<string, Set<string>>();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      for (const { name } of declaration.cssProperties ?? []) {
        const folder = folderOf(module.path);
        if (!byFolder.has(folder)) byFolder.set(folder, new Set());
        byFolder.get(folder)!.add(name);
      }
    }
  }
  return byFolder;
};

describe('CSS custom properties', () => {
  const tokens = themingTokens();
  const documented = manifestProperties();

  it('finds the properties the elements read and the ones documented', () => {
    assert.ok(used.size > 40, `${used.size} properties read`);
    assert.ok(tokens.size > 20, `${tokens.size} tokens in docs/theming.md`);
    assert.ok(documented.size > 5, `${documented.size} elements with @cssproperty`);
  });

  it('documents every global --portico-* token the elements read in docs/theming.md', () => {
    const missing = [...used.keys()].filter((name) => name.startsWith('--portico-') && !tokens.has(name));
    assert.deepEqual(missing, [], 'read but not in the token table of docs/theming.md');
  });

  it('lists no token in docs/theming.md that no element reads', () => {
    const dead = [...tokens].filter((name) => !used.has(name));
    assert.deepEqual(dead, [], 'in docs/theming.md but read by no element');
    assert.deepEqual([...tokens].filter((name) => !name.startsWith('--portico-')), [], 'element properties belong in @cssproperty');
  });

  it('documents every element property as @cssproperty on the element that reads it', () => {
    const missing: string[] = [];
    for (const [name, folders] of used) {
      if (name.startsWith('--portico-')) continue;
      for (const folder of folders) if (!documented.get(folder)?.has(name)) missing.push(`${name} (${folder})`);
    }
    assert.deepEqual(missing, [], 'read but without @cssproperty (add it to the element class, then npm run cem)');
  });

  it('documents no @cssproperty that the element does not read', () => {
    const dead: string[] = [];
    for (const [folder, names] of documented) {
      for (const name of names) if (!used.get(name)?.has(folder)) dead.push(`${name} (${folder})`);
    }
    assert.deepEqual(dead, [], '@cssproperty without a var() in that element');
    const global = [...documented.values()].flatMap((names) => [...names]).filter((name) => name.startsWith('--portico-'));
    assert.deepEqual(global, [], 'global tokens belong in docs/theming.md');
  });
});

describe('example themes', () => {
  /** `--x: value` declarations of the first rule whose selector ends with `.theme-<name>`. */
  const declarations = (file: string, name: string): Record<string, string> => {
    const body = new RegExp(`\\.theme-${name}\\s*\\{([^}]*)\\}`).exec(read(file))?.[1] ?? '';
    return Object.fromEntries([...body.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/g)].map((match) => [match[1]!, match[2]!.trim()]));
  };

  for (const name of ['harbor', 'ledger']) {
    it(`has "${name}" once, in stories/display-modes.ts, which the demo uses too`, () => {
      const story = declarations('stories/display-modes.ts', name);
      assert.ok(Object.keys(story).length > 10, `${name} in stories/display-modes.ts`);
      assert.deepEqual(declarations('demo/portal.css', name), {}, 'demo/portal.css sets no token of its own: the demo adds the stories\' themes');
      assert.match(read('demo/main.ts'), /import \{[^}]*\bexampleThemes\b[^}]*\} from '\.\.\/stories\/display-modes\.js'/);
      const unknown = Object.keys(story).filter((property) => !used.has(property));
      assert.deepEqual(unknown, [], 'sets a property no element reads');
    });

    it(`gives "${name}" a light and a dark value for every colour`, () => {
      const colours = Object.entries(declarations('stories/display-modes.ts', name)).filter(([property]) => property.startsWith('--portico-color-'));
      assert.ok(colours.length > 10, `${colours.length} colours`);
      const single = colours.filter(([, value]) => !/^light-dark\(\s*[^,]+,\s*[^)]+\)$/.test(value)).map(([property]) => property);
      assert.deepEqual(single, [], 'not a light-dark() pair');
      const same = colours.filter(([, value]) => {
        const [light, dark] = value.slice('light-dark('.length, -1).split(',').map((part) => part.trim());
        return light === dark;
      });
      assert.deepEqual(same, [], 'the same colour in light and dark');
      assert.equal(declarations('stories/display-modes.ts', name)['--portico-color-scheme'], undefined, 'the scheme is the page\'s, not the theme\'s');
    });
  }
});
