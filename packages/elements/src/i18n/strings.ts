import { languageOf } from '../base/locale.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type PorticoStrings } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ja } from './ja.js';

/**
 * The shipped locales, imported statically: 12–16 KB minified (4.3–4.9 KB gzipped) per locale,
 * about 64 KB (22 KB gzipped) for the five beyond English, paid by every bundle. See docs/i18n.md.
 */
export const LOCALES: Readonly<Record<string, PorticoStrings>> = { en, de, fr, es, ja, ar };

/** The shipped locale for a tag: the tag itself, else its language (`de-CH` → `de`), else `en`. */
export const localeKeyFor = (tag: string): string => {
  const lower = tag.toLowerCase();
  if (Object.hasOwn(LOCALES, lower)) return lower;
  const language = languageOf(tag);
  return Object.hasOwn(LOCALES, language) ? language : 'en';
};

export const stringsFor = (tag: string): PorticoStrings => LOCALES[localeKeyFor(tag)] ?? en;
