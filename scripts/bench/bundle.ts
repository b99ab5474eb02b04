// Bundle size (issue 8): what a page pays for the elements. Each entry is bundled by esbuild the way
// an application would (minified, lit + @lit/context + @lit/task + zod + ky + our code, nothing
// external) and measured raw, gzip and brotli. The elements' `html` and `css` literals are
// minified first, as scripts/build.ts does for what we publish (scripts/minify-templates.ts).
// `npm run bench -- bundle` prints the tables; the `bundle budget` step of `npm test` runs this
// file with `--check` and fails above a budget.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { minifyTemplatesEsbuild } from '../minify-templates.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = `${root}packages/elements/src`;

/** Tag → [module, class]; the element modules register nothing themselves. */
const ELEMENT_MODULES: Record<string, [string, string]> = {
  'contacts-provider': ['contacts-provider/contacts-provider.js', 'ContactsProvider'],
  'contact-list': ['contact-list/contact-list.js', 'ContactList'],
  'contact-form': ['contact-form/contact-form.js', 'ContactForm'],
  'role-picker': ['role-picker/role-picker.js', 'RolePicker'],
  'login-toggle': ['login-toggle/login-toggle.js', 'LoginToggle'],
  'contact-view': ['contact-view/contact-view.js', 'ContactView'],
  'password-reset': ['password-reset/password-reset.js', 'PasswordReset'],
  'contact-delete': ['contact-delete/contact-delete.js', 'ContactDelete'],
  'user-associate': ['user-associate/user-associate.js', 'UserAssociate'],
  'contact-manager': ['contact-manager/contact-manager.js', 'ContactManager'],
  'contact-export': ['contact-export/contact-export.js', 'ContactExport'],
  'contact-import': ['contact-import/contact-import.js', 'ContactImport'],
};

/** The five elements of the first target. */
export const CORE_FIVE = ['contacts-provider', 'contact-list', 'contact-form', 'role-picker', 'login-toggle'];
/**
 * The manager's first load: what a page that registers `<contact-manager>` (and a provider) loads
 * before the first interaction. The manager imports the list it shows first (→ export); the
 * elements it renders after a click (view, form, role picker, delete, password reset, user
 * association, import) are chunks behind `import()`, fetched when idle, so not counted (issue 16).
 */
export const MANAGER = ['contacts-provider', 'contact-manager'];

/**
 * Packages (or package folders) that must never be in a browser bundle: server-side, loaded with
 * `import()` when used, or classic zod, whose methods carry its whole API (core uses `zod/mini`, ADR 0007).
 */
export const FORBIDDEN = ['exceljs', 'pdfkit', 'fontkit', 'bidi-js', 'papaparse', 'read-excel-file', 'zod/v4/classic', '@zxcvbn-ts/core', '@zxcvbn-ts/language-common'];

/**
 * Budgets in bytes of min+gzip (see docs/performance.md). The targets of issue 8 are not met yet,
 * so each budget is the size measured on 2026-11-24 (core's schemas in zod/mini, English bundled,
 * the five other translations loaded on demand: 51.6 and 61.0 kB; then 52.9 and 62.5 kB with the
 * server's problems and the password rules translated, issue 7; on 2026-11-25, with the template
 * literals minified and English split per element, 51.1 and 60.9 kB) plus about 3 %: a regression
 * guard. On 2026-12-07 composites declared the elements they render (issue 16): the list brings its
 * Export button's `<contact-export>` (the five measured before had a list whose Export never
 * upgraded) and the manager the import dialog's chunk's share of core and zod, 52.8 and 63.6 kB. Then
 * the manager loaded what it renders after a click on demand: its first load (entry and static
 * imports, not the chunks behind `import()`) is 51.6 kB; the five 53.0 kB (page titles in the shared
 * English); all twelve 72.1 kB, in more chunks than before; with the form controller, the transport's
 * messages and the password checklist 54.9, 52.8 and 74.3 kB; with the command controller, the
 * viewer switch, translated titles and roles and the time-zone finder (issue 20) 58.9, 55.6 and 78.0 kB;
 * with the list split into controllers (issue 16 item 3) and its row menu's Floating UI loaded on the
 * first open 60.0, 57.1 and 80.5 kB (ADR 0007: statically imported it was 66.2, 62.6 and 85.6);
 * with the manager's status messages, locked-out section and leave guard, the export's count and
 * the split role picker and the exact-match search hint 60.8, 59.2 and 82.8 kB; with the inner elements'
 * outcomes in the manager's message, yes/no in six languages for exports and the transport's
 * wrong-base-url flag 61.1, 59.4 and 83.1 kB; with the transport's web-page message and the form's
 * language field following `lang` 61.3, 59.5 and 83.3 kB.
 * The targets are issue 16's (ADR 0007). Lower a budget when a change makes the bundle smaller; it becomes the target once the
 * target is met (ADR 0007 has the plan).
 */
export const BUDGETS: Record<string, { budget: number; target: number }> = {
  'five elements + REST client': { budget: 61.5 * 1024, target: 48 * 1024 },
  'contact-manager + REST client, first load': { budget: 59.8 * 1024, target: 45 * 1024 },
  'all twelve elements + REST client': { budget: 83.5 * 1024, target: 62 * 1024 },
};

const entrySource = (tags: readonly string[], withClient: boolean): string =>
  [
    ...tags.map((tag, index) => `import { ${ELEMENT_MODULES[tag]![1]} as E${index} } from ${JSON.stringify(`${src}/${ELEMENT_MODULES[tag]![0]}`)};`),
    withClient ? `import { RestContactsClient } from '@portico/client-rest';` : '',
    ...tags.map((tag, index) => `customElements.define(${JSON.stringify(tag)}, E${index});`),
    withClient ? `globalThis.porticoClient = new RestContactsClient({ baseUrl: '/api' });` : '',
  ].join('\n');

export interface BundleSize {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
  /** Bytes in the minified output per package (lit, zod, @portico/core, ...). */
  byPackage: Record<string, number>;
  forbidden: string[];
  /** Packages only in chunks behind `import()`, loaded when used. */
  lazy: string[];
  /** Packages bundled from more than one folder (e.g. two copies of lit-html). */
  duplicates: string[];
  /** The largest inputs by minified bytes. */
  largest: [string, number][];
}

const packageOf = (input: string): string => {
  const nodeModules = input.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const parts = input.slice(nodeModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const ours = input.match(/packages\/([^/]+)\//);
  return ours ? `@portico/${ours[1]}` : input;
};

/**
 * Builds with code splitting, so a module behind `import()` (the xlsx reader) lands in its own
 * chunk, and measures what the page loads up front: the entry and the chunks it imports statically.
 * `minifyTemplates: false` keeps the elements' template literals as written (to measure the step).
 */
export const bundleSize = async (name: string, tags: readonly string[], withClient: boolean, { minifyTemplates = true } = {}): Promise<BundleSize> => {
  const result = await build({
    entryPoints: ['portico-entry'],
    plugins: [
      {
        name: 'entry',
        setup(plugin) {
          plugin.onResolve({ filter: /^portico-entry$/ }, () => ({ path: 'portico-entry', namespace: 'entry' }));
          plugin.onLoad({ filter: /.*/, namespace: 'entry' }, () => ({ contents: entrySource(tags, withClient), resolveDir: root, loader: 'js' }));
        },
      },
      ...(minifyTemplates ? [minifyTemplatesEsbuild()] : []),
    ],
    bundle: true,
    splitting: true,
    outdir: `${root}.bundle-size`,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  const outputs = Object.entries(metafile.outputs);
  // Each module behind `import()` is an entry point of its own chunk too: the page's entry is ours.
  const entry = outputs.find(([, output]) => output.entryPoint?.endsWith('portico-entry'))![0];
  const eager = new Set<string>();
  const visit = (path: string): void => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of metafile.outputs[path]!.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const files = result.outputFiles.filter((file) => [...eager].some((path) => file.path.endsWith(path)));
  const code = Buffer.concat(files.map((file) => file.contents));
  const byPackage: Record<string, number> = {};
  const byFile: [string, number][] = [];
  const folders = new Map<string, Set<string>>();
  for (const path of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[path]!.inputs)) {
      const key = packageOf(input);
      byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
      byFile.push([input, bytesInOutput]);
      const folder = input.slice(0, input.indexOf(key) + key.length);
      if (input.includes('node_modules/')) folders.set(key, (folders.get(key) ?? new Set()).add(folder));
    }
  }
  const inputs = byFile.map(([input]) => input);
  const lazy = outputs.filter(([path]) => !eager.has(path)).flatMap(([, output]) => Object.keys(output.inputs));
  return {
    name,
    raw: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    byPackage,
    forbidden: FORBIDDEN.filter((pkg) => inputs.some((input) => input.includes(`node_modules/${pkg}/`))),
    lazy: [...new Set(lazy.map(packageOf))],
    duplicates: [...folders].filter(([, set]) => set.size > 1).map(([pkg, set]) => `${pkg} (${[...set].join(', ')})`),
    largest: byFile.sort((a, b) => b[1] - a[1]).slice(0, 12),
  };
};

/**
 * Elements that validate nothing: a page with only these must not carry zod. One value import of
 * a core module that builds schemas (LIMITS lived in schema.ts) brought all of zod into each,
 * about 11 kB gzip, unnoticed by the two budgets, whose form needs zod anyway. `<contact-manager>`
 * is not among them since it brings the form it renders (issue 16).
 */
export const WITHOUT_VALIDATION = ['contacts-provider', 'role-picker', 'login-toggle', 'contact-delete', 'user-associate', 'contact-view'];

export const measureBundles = async ({ singles = true } = {}): Promise<BundleSize[]> => {
  const sizes = [
    await bundleSize('five elements + REST client', CORE_FIVE, true),
    await bundleSize('contact-manager + REST client, first load', MANAGER, true),
  ];
  if (!singles) {
    sizes.push(await bundleSize('all twelve elements + REST client', Object.keys(ELEMENT_MODULES), true));
    for (const tag of WITHOUT_VALIDATION) sizes.push(await bundleSize(`<${tag}> alone`, [tag], false));
  } else {
    sizes.push(await bundleSize('all twelve elements + REST client', Object.keys(ELEMENT_MODULES), true));
    sizes.push(await bundleSize('REST client alone', [], true));
    for (const tag of Object.keys(ELEMENT_MODULES)) sizes.push(await bundleSize(`<${tag}> alone`, [tag], false));
  }
  return sizes;
};

export const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

export const printBundles = (sizes: readonly BundleSize[]): void => {
  console.log('Bundle size: esbuild, minified, ES2022, everything bundled (kB = 1,024 bytes)');
  console.table(sizes.map((size) => ({ bundle: size.name, raw: kB(size.raw), gzip: kB(size.gzip), brotli: kB(size.brotli) })));
  for (const size of sizes.slice(0, 2)) {
    const total = Object.values(size.byPackage).reduce((sum, bytes) => sum + bytes, 0);
    console.log(`\nMinified bytes by package in "${size.name}" (before compression)`);
    console.table(
      Object.entries(size.byPackage)
        .sort((a, b) => b[1] - a[1])
        .map(([pkg, bytes]) => ({ package: pkg, minified: kB(bytes), share: `${((bytes / total) * 100).toFixed(0)} %` })),
    );
  }
  const manager = sizes[1];
  if (manager) {
    console.log(`\nLargest inputs of "${manager.name}" (minified bytes)`);
    console.table(manager.largest.map(([file, bytes]) => ({ file: file.replace(/^.*node_modules\//, ''), minified: kB(bytes) })));
  }
  const duplicates = [...new Set(sizes.flatMap((size) => size.duplicates))];
  console.log(duplicates.length === 0 ? '\nNo package is bundled twice (one copy each of lit-html, @lit/reactive-element, lit-element, zod, ky).' : `\nBundled twice: ${duplicates.join('; ')}`);
  for (const size of sizes.filter((entry) => entry.lazy.length > 0)) console.log(`Loaded only when used by "${size.name}": ${size.lazy.join(', ')}`);
  const leaks = sizes.filter((size) => size.forbidden.length > 0);
  console.log(leaks.length === 0 ? `\nNone of ${FORBIDDEN.join(', ')} is in any bundle.` : '');
  for (const size of leaks) console.log(`FORBIDDEN in "${size.name}": ${size.forbidden.join(', ')}`);
};

/** The `bundle budget` step: fails when a budgeted bundle is over its budget or holds a forbidden package. */
export const checkBudgets = (sizes: readonly BundleSize[]): string[] => {
  const failures: string[] = [];
  for (const size of sizes) {
    const limit = BUDGETS[size.name];
    if (limit) {
      const over = size.gzip > limit.budget;
      const note = limit.target < limit.budget ? ` (issue 16 target ${kB(limit.target)}, not met yet)` : '';
      console.log(`${over ? '✗' : '✓'} ${size.name}: ${kB(size.gzip)} min+gzip, budget ${kB(limit.budget)}${note}`);
      if (over) failures.push(`${size.name} is ${kB(size.gzip)} min+gzip, over its budget of ${kB(limit.budget)}`);
    }
    if (size.forbidden.length > 0) failures.push(`${size.name} bundles ${size.forbidden.join(', ')}, which must be loaded only when used`);
    if (WITHOUT_VALIDATION.some((tag) => size.name === `<${tag}> alone`)) {
      const zod = size.byPackage.zod ?? 0;
      console.log(`${zod > 0 ? '✗' : '✓'} ${size.name}: ${kB(size.gzip)} min+gzip, ${zod > 0 ? `zod ${kB(zod)} minified` : 'no zod'}`);
      if (zod > 0) failures.push(`${size.name} bundles zod (${kB(zod)} minified) though it validates nothing: a value import from a core module that builds schemas?`);
    }
  }
  return failures;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const failures = checkBudgets(await measureBundles({ singles: false }));
    for (const failure of failures) console.error(`bundle budget: ${failure}`);
    process.exit(failures.length > 0 ? 1 : 0);
  }
  printBundles(await measureBundles());
}
