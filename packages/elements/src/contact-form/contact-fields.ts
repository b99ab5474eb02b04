import type { ContactPatch } from '@portico/core';
import type { FieldCodec } from '../base/form-controller.js';
import { LANGUAGE_TAGS, findTimeZone, languageName } from '../base/locale.js';

/** The fields of the contact form: the keys of core's `ContactPatch`. */
export type ContactField = keyof ContactPatch & string;

/** The languages offered as `[tag, name]`, sorted by name in `locale`, with the contact's own if it is not a usual one. */
export const languageOptions = (locale: string, current: string | null | undefined): [string, string][] => {
  const tags = new Set(LANGUAGE_TAGS);
  if (current) tags.add(current);
  return [...tags]
    .map((tag) => [tag, languageName(tag, locale)] as [string, string])
    .sort((a, b) => a[1].localeCompare(b[1], locale));
};

/**
 * The language field shows a language's name ("German (Germany)") and the contact stores its tag;
 * the text may be a name of the list or any tag `Intl` knows.
 */
export const languageCodec = (host: { readonly locale: string; readonly isConnected: boolean }, current: () => string | null | undefined): FieldCodec => ({
  format: (tag) => languageName(String(tag), host.isConnected ? host.locale : 'en'),
  parse: (text) => {
    const lower = text.toLocaleLowerCase();
    const byName = languageOptions(host.locale, current()).find(([tag, name]) => name.toLocaleLowerCase() === lower || tag.toLowerCase() === lower);
    if (byName) return byName[0];
    try {
      const canonical = Intl.getCanonicalLocales(text)[0];
      const known = canonical && new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' }).of(canonical);
      return known ? canonical : undefined;
    } catch {
      return undefined;
    }
  },
  unreadable: (t) => t.invalidLanguage,
});

/** Whether `Intl` takes a text as a time zone id, such as an alias (`Asia/Calcutta`) that the list does not offer. */
const isZoneId = (text: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return text.includes('/') || text.toUpperCase() === 'UTC';
  } catch {
    return false;
  }
};

/**
 * The time zone field stores an IANA id and accepts what a user knows: a city ("Berlin"), a
 * country with one zone, a localised name or the id, found with `Intl` (`findTimeZone`).
 */
export const timeZoneCodec = (host: { readonly locale: string; readonly isConnected: boolean }): FieldCodec => ({
  format: (zone) => String(zone),
  parse: (text) => findTimeZone(text, host.isConnected ? host.locale : 'en') ?? (isZoneId(text) ? text : undefined),
  unreadable: (t) => t.invalidTimeZone,
});
