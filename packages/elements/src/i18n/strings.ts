import { languageOf } from '../base/locale.js';
import type { PorticoStrings } from './en.js';
import { enShared } from './en-shared.js';

/**
 * The English in use: the shared strings and the parts of every element class finalized so far
 * (`PorticoElement.englishParts`, added when its tag is defined). So a page carries the English
 * of the elements it uses, not all of `en` (which is the sum of every part). Typed as the whole,
 * as each element reads only keys that are in it by the time it exists.
 */
const english = { ...enShared } as PorticoStrings;

/**
 * Adds parts of English (`en-<element>.ts`) to the English in use; `PorticoElement.finalize()`
 * calls it with an element's `englishParts` (its own part and any other whose keys it reads). Internal.
 */
export const addEnglish = (...parts: readonly Partial<PorticoStrings>[]): void => {
  for (const part of parts) Object.assign(english, part);
};

/**
 * The shipped locales. English is bundled (the fallback, and what an element shows until its
 * locale has arrived), the parts of the loaded elements; the others are chunks behind `import()`
 * (12–16 KB minified, 4.3–4.9 KB gzipped each), fetched the first time an element needs one and
 * kept for the page. See docs/i18n.md.
 */
export const LOCALES: Readonly<Record<string, () => Promise<PorticoStrings>>> = {
  en: () => Promise.resolve(english),
  de: () => import('./de.js').then((module) => module.de),
  fr: () => import('./fr.js').then((module) => module.fr),
  es: () => import('./es.js').then((module) => module.es),
  ja: () => import('./ja.js').then((module) => module.ja),
  ar: () => import('./ar.js').then((module) => module.ar),
};

/** The one cache of the page: each locale is fetched once, whichever element asks first. */
const loaded = new Map<string, PorticoStrings>([['en', english]]);
const loading = new Map<string, Promise<PorticoStrings>>();

/** The shipped locale for a tag: the tag itself, else its language (`de-CH` → `de`), else `en`. */
export const localeKeyFor = (tag: string): string => {
  const lower = tag.toLowerCase();
  if (Object.hasOwn(LOCALES, lower)) return lower;
  const language = languageOf(tag);
  return Object.hasOwn(LOCALES, language) ? language : 'en';
};

/** The strings of a tag if its locale has been loaded, else `undefined`; never starts a load. */
export const loadedStringsFor = (tag: string): PorticoStrings | undefined => loaded.get(localeKeyFor(tag));

/**
 * Resolves with the strings of a tag's locale once they are loaded, starting the load the first
 * time. A locale that fails to load (offline, a missing chunk) resolves with English and is tried
 * again by the next caller.
 */
export const whenLocaleLoaded = (tag: string): Promise<PorticoStrings> => {
  const key = localeKeyFor(tag);
  const strings = loaded.get(key);
  if (strings) return Promise.resolve(strings);
  let promise = loading.get(key);
  if (!promise) {
    promise = LOCALES[key]!().then(
      (result) => {
        loaded.set(key, result);
        loading.delete(key);
        return result;
      },
      (error: unknown) => {
        loading.delete(key);
        console.warn(`[portico] Could not load the strings of "${key}", showing English: ${error instanceof Error ? error.message : String(error)}`);
        return english;
      },
    );
    loading.set(key, promise);
  }
  return promise;
};

/** The strings of a tag's locale when loaded, else English (see `whenLocaleLoaded`). */
export const stringsFor = (tag: string): PorticoStrings => loadedStringsFor(tag) ?? english;
