/**
 * Minifies the `html`, `svg` and `css` template literals of the elements' sources (ADR 0007, plan
 * step 4). JavaScript minifiers keep template literals as written, so the indentation, line breaks
 * and CSS comments inside Lit's templates would otherwise ship to every page. One transform, used
 * by the published build (scripts/build.ts: the per-element modules in
 * packages/elements/dist and the CMS bundle) and by the bundle bench (scripts/bench/bundle.ts),
 * so the bench measures what a consumer gets.
 *
 * minify-literals (the maintained successor of minify-html-literals; its 1.x line runs on Node 20)
 * finds the literals with TypeScript's parser and joins each one's strings with a placeholder
 * where a `${…}` binding stands, so Lit's bindings (`.value=${…}`, `?disabled=${…}`, `@click=${…}`,
 * text and attribute parts) come back in place; it fails when the strings do not split back into
 * as many parts. Its options are narrowed here so that what renders never changes:
 * - HTML (html-minifier-terser): comments are dropped and each run of whitespace between tags or
 *   in text becomes one space, never none (`conservativeCollapse`), so text between inline
 *   elements and `${a} ${b}` keep their space; `<pre>` and `<textarea>` are left alone. Entities,
 *   empty attributes and inline scripts are not touched.
 * - CSS (clean-css, level 1 only: no merging or reordering of rules or declarations): comments and
 *   whitespace go, numbers and colours are shortened (`0.5rem` → `.5rem`, `#ffffff` → `#fff`),
 *   quotes leave attribute selectors that do not need them and selector lists are sorted; strings,
 *   custom properties and pseudo-class arguments stay as written. Three level-1 rewrites are off:
 *   time units (it turns the reduced-motion `0.01ms` into `0s`, which no longer fires
 *   `transitionend`), and `outline: none` → `0`, `background: none` → `0 0` (same look, other
 *   longhands). A warning or error fails the build instead of shipping a half-minified sheet. A
 *   `css` literal with a `${…}` inside is left as written.
 * - `style` attributes and `<style>` elements inside `html` would go to clean-css with its default
 *   options (time units included), so a template with a static one fails the build; a bound
 *   `style=${styleMap(…)}` is a placeholder to the minifiers and fine.
 */
import { readFile } from 'node:fs/promises';
import CleanCSS from 'clean-css';
import { minifyHTMLLiterals } from 'minify-literals';
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

/** The elements' TypeScript modules (a filter both esbuild's Go regexps and Rolldown accept). */
export const ELEMENT_SOURCES = /\/packages\/elements\/src\/.+\.ts$/;
/** ... but not their tests or stories. */
const isTest = (path: string) => /\.(?:test|stories)\.ts$/.test(path);

/** Placeholder minify-literals puts where a binding stands (`@TEMPLATE_EXPRESSION();`, more `_` if taken). */
const PLACEHOLDER = '@TEMPLATE_EXPRESSION';

const cleanCss = new CleanCSS({ level: { 1: { replaceTimeUnits: false, optimizeOutline: false, optimizeBackground: false } } });

const minifyCss = (css: string): string => {
  if (css.includes(PLACEHOLDER)) return css;
  const output = cleanCss.minify(css);
  const problems = [...output.errors, ...output.warnings];
  if (problems.length > 0) throw new Error(`minify-templates: clean-css could not minify a css\`…\` literal: ${problems.join('; ')}`);
  return output.styles;
};

const tagOf = (template: { tag?: string }) => template.tag ?? '';

/**
 * The source with its `html` (also `staticHtml`, lit/static-html.js), `svg` and `css` literals minified, or `null` when it has none to
 * minify. `sourceMap` asks for a map of the change (magic-string, per character).
 */
export const minifyTemplates = async (code: string, fileName: string, { sourceMap = false } = {}) => {
  if (isTest(fileName) || !/\b(?:html|staticHtml|svg|css)`/.test(code)) return null;
  if (/\sstyle=["']?(?!["']?\$\{)|<style[\s>]/.test(code)) {
    throw new Error(`minify-templates: ${fileName} has a static style attribute or <style> element; use static styles or a binding (scripts/minify-templates.ts)`);
  }
  const result = await minifyHTMLLiterals(code, {
    fileName,
    generateSourceMap: sourceMap ? undefined : false,
    shouldMinify: (template) => tagOf(template) === 'html' || tagOf(template) === 'staticHtml' || tagOf(template) === 'svg',
    shouldMinifyCSS: (template) => tagOf(template) === 'css',
    minifyOptions: {
      caseSensitive: true,
      collapseWhitespace: true,
      conservativeCollapse: true,
      removeComments: true,
      decodeEntities: false,
      removeEmptyAttributes: false,
      removeAttributeQuotes: false,
      minifyJS: false,
      processConditionalComments: false,
      // `css` literals; `style` attributes go to clean-css through html-minifier-terser.
      minifyCSS: minifyCss,
    },
  });
  return result ? { code: result.code, map: result.map?.toString() } : null;
};

/** For Vite (the library build and the CMS bundle): runs on the TypeScript before it is compiled. */
export const minifyTemplatesVite = (): VitePlugin => ({
  name: 'portico:minify-templates',
  enforce: 'pre',
  transform: {
    filter: { id: ELEMENT_SOURCES },
    async handler(code, id) {
      const result = await minifyTemplates(code, id.replace(/\?.*$/, ''), { sourceMap: true });
      return result ? { code: result.code, map: result.map?.toString() } : null;
    },
  },
});

/** For esbuild (the bundle bench): loads the elements' TypeScript with its literals minified. */
export const minifyTemplatesEsbuild = (): EsbuildPlugin => ({
  name: 'portico-minify-templates',
  setup(build) {
    build.onLoad({ filter: ELEMENT_SOURCES }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: (await minifyTemplates(source, args.path))?.code ?? source, loader: 'ts' };
    });
  },
});
