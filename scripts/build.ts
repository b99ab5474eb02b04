/**
 * The library build (`npm run build`):
 * - `tsc -b` of every workspace package: declarations, and the JavaScript of the packages
 *   other than elements (whose tsconfig emits declarations only);
 * - @portico/elements with Vite in library mode: one ES module per element, `index` and the
 *   `define-all` entry (the paths of `exports` in its package.json), dependencies left external;
 * - the CMS bundle packages/elements/dist/portico.js from packages/bundle: lit, the elements and
 *   the REST client in one minified entry file that registers the tags, with the parts loaded on
 *   demand (translations other than English, the xlsx reader) as portico-*.js chunks next to it.
 * core and the client packages ship what `tsc -b` emits: they have no CSS or assets to bundle.
 * Both Vite builds minify the elements' `html` and `css` template literals
 * (scripts/minify-templates.ts, ADR 0007): a consumer's bundler keeps template literals as
 * written, so the per-element modules ship them minified while their JavaScript stays readable.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';
import { minifyTemplatesVite } from './minify-templates.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const elements = `${root}packages/elements`;

/** `contact-list/contact-list` for every element folder, plus the package's entry modules. */
export const elementEntries = (): Record<string, string> => {
  const entries: Record<string, string> = {
    index: `${elements}/src/index.ts`,
    define: `${elements}/src/define.ts`,
    'define-all': `${elements}/src/define-all.ts`,
  };
  for (const folder of readdirSync(`${elements}/src`, { withFileTypes: true })) {
    const file = `${elements}/src/${folder.name}/${folder.name}.ts`;
    if (folder.isDirectory() && existsSync(file)) entries[`${folder.name}/${folder.name}`] = file;
  }
  return entries;
};

/** Only the packages, so a broken test or story elsewhere does not stop the build. */
export const buildDeclarations = (): void => {
  const { workspaces } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { workspaces: string[] };
  const projects = workspaces.filter((folder) => existsSync(`${root}${folder}/tsconfig.json`));
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b', ...projects], { cwd: root, stdio: 'inherit' });
};

const isBare = (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

export const buildElements = () => {
  // dist/ is not emptied (tsc -b writes the declarations there), but the shared chunks of earlier
  // builds must not pile up in the published package: their names change with their content.
  rmSync(`${elements}/dist/chunks`, { recursive: true, force: true });
  return build({
    configFile: false,
    logLevel: 'warn',
    root: elements,
    plugins: [minifyTemplatesVite()],
    build: {
      outDir: 'dist',
      // tsc -b writes the declarations into the same folder.
      emptyOutDir: false,
      sourcemap: true,
      minify: false,
      target: 'es2022',
      lib: { entry: elementEntries(), formats: ['es'] },
      rolldownOptions: {
        external: isBare,
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
};

/** The CMS bundle's files in a build's output: `portico.js` and its `portico-*.js` chunks. */
const isBundleFile = (name: string) => /^portico(-.+)?\.js(\.map)?$/.test(name);

export const buildBundle = async () => {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: `${root}packages/bundle`,
    plugins: [minifyTemplatesVite()],
    resolve: { conditions: ['source', ...defaultClientConditions] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: `${elements}/dist`,
      emptyOutDir: false,
      sourcemap: true,
      minify: true,
      target: 'es2022',
      lib: { entry: { portico: `${root}packages/bundle/src/index.ts` }, formats: ['es'] },
      // One entry file, portico.js; what it loads with import() (the translations other than
      // English, the xlsx reader) becomes portico-<name>-<hash>.js next to it, fetched the first
      // time it is used. The content hash keeps a cached chunk from pairing with a newer entry.
      rolldownOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'portico-[name]-[hash].js' } },
    },
  });
  // dist/ is not emptied (the library build shares it): drop chunks of earlier builds.
  const written = new Set((Array.isArray(result) ? result : [result]).flatMap((output) => ('output' in output ? output.output.map((file) => file.fileName) : [])));
  for (const name of readdirSync(`${elements}/dist`)) {
    if (isBundleFile(name) && !written.has(name) && !written.has(name.replace(/\.map$/, ''))) rmSync(`${elements}/dist/${name}`, { force: true });
  }
  return result;
};

/** The files of the CMS bundle as built: `portico.js` first, then its chunks (what authors copy). */
export const bundleFiles = (): string[] =>
  readdirSync(`${elements}/dist`)
    .filter((name) => isBundleFile(name) && !name.endsWith('.map'))
    .sort((a, b) => (a === 'portico.js' ? -1 : b === 'portico.js' ? 1 : a.localeCompare(b)));

/**
 * Builds the CMS bundle and reads portico.js and its on-demand chunks at once, keyed by the path a
 * portal serves them under (`/portico/portico.js`), so a later build by someone else does not matter.
 */
export const servedBundle = async (prefix = '/portico/'): Promise<Map<string, string>> => {
  await buildBundle();
  return new Map(bundleFiles().map((name) => [`${prefix}${name}`, readFileSync(`${elements}/dist/${name}`, 'utf8')]));
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDeclarations();
  await buildElements();
  await buildBundle();
  console.log('Built packages/elements/dist (per-element modules, define entries, portico.js).');
}
