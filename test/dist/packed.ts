// The published form of Portico for the tests that consume it (test/dist/, test/examples/): the
// library build and `npm pack` of every published package, done once per test process into one
// temporary folder, and fresh projects next to it that install the tarballs. Every test file that
// imports this module removes that folder (tarballs, projects, their node_modules) after its tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildBundle, buildDeclarations, buildElements } from '../../scripts/build.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  type?: string;
  scripts?: Record<string, string>;
  exports?: Record<string, unknown>;
  types?: string;
  customElements?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

export const readPackageJson = (folder: string): PackageJson => JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackageJson;

const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };

/** The workspace packages that are published (not `private`), with their folder and package.json. */
export const publishedPackages = workspaces
  .map((folder) => ({ folder, json: readPackageJson(join(root, folder)) }))
  .filter(({ json }) => !json.private);

/**
 * The environment without the npm_* variables of an enclosing `npm test`, which would point npm at
 * the repo, and without the NODE_ENV=production that Vite's build and preview set in this process,
 * with which npm would leave out devDependencies.
 */
const npmEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_') && key !== 'NODE_ENV'));

/** Runs npm in `cwd` and returns what it printed on stdout. */
export const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });

let work: string | undefined;
let packing: Promise<Map<string, PackResult>> | undefined;

/** The temporary folder of this process, created on first use. */
export const workDir = (): string => (work ??= mkdtempSync(join(tmpdir(), 'portico-dist-')));

// Registered when the module loads, so it is a hook of the whole file, not of the test that first
// asked for the folder.
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
  packing = undefined;
});

/**
 * Builds the library (a fresh clone has no dist/: declarations from tsc -b, then the Vite builds)
 * and packs every published package, once per process: the pack results by package name.
 */
export const packed = (): Promise<Map<string, PackResult>> =>
  (packing ??= (async () => {
    buildDeclarations();
    await buildElements();
    await buildBundle();
    const results = JSON.parse(
      npm(['pack', '--json', '--pack-destination', workDir(), ...publishedPackages.flatMap(({ folder }) => ['-w', folder])], root),
    ) as PackResult[];
    return new Map(results.map((result) => [result.name, result]));
  })());

/** The path of a package's tarball. */
export const tarball = async (name: string): Promise<string> => {
  const pack = (await packed()).get(name);
  if (!pack) throw new Error(`no tarball for ${name}`);
  return join(workDir(), pack.filename);
};

/** The @portico packages `names` depend on, directly or not, with `names` themselves. */
const withPorticoDependencies = (names: string[]): Set<string> => {
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    const json = publishedPackages.find((entry) => entry.json.name === name)?.json;
    for (const dependency of Object.keys(json?.dependencies ?? {})) if (dependency.startsWith('@portico/')) visit(dependency);
  };
  names.forEach(visit);
  return found;
};

/**
 * A fresh project outside the repository with the files given: its `package.json` as given, with
 * every `@portico/*` package it needs, directly or through another (@portico/core), taken from its
 * tarball (none is on a registry), and the rest installed by npm, from its cache where it can.
 * Returns the project's folder, npm's warnings and how long the install took.
 */
export const installProject = async (name: string, json: Omit<PackageJson, 'name' | 'version'>, files: Record<string, string> = {}) => {
  const dir = join(workDir(), name);
  mkdirSync(dir, { recursive: true });
  const dependencies = { ...json.dependencies };
  for (const dependency of withPorticoDependencies(Object.keys(dependencies).filter((key) => key.startsWith('@portico/')))) {
    dependencies[dependency] = `file:${await tarball(dependency)}`;
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...json, name, version: '0.0.0', dependencies }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const start = performance.now();
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', env: npmEnv() });
  if (install.status !== 0) throw new Error(`npm install in ${name} failed:\n${install.stderr}`);
  // npm's warnings (EBADENGINE, peer conflicts) are on stderr.
  return { dir, warnings: install.stderr, seconds: (performance.now() - start) / 1000 };
};
