/** The next node up, crossing from a shadow root to its host. */
const parentOf = (node: Node): Node | null => (node instanceof ShadowRoot ? node.host : node.parentNode);

/** Wrappers our own elements render into; their `dir` is derived, so lookups skip it. */
export const derivedDirection = new WeakSet<Element>();

/** The nearest `lang` attribute, looking through shadow roots; `en` when there is none. */
export const localeOf = (element: Element): string => {
  for (let node: Node | null = element; node; node = parentOf(node)) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
  }
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
};

const RTL_LANGUAGES = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** The base language of a tag (`de-CH` → `de`), lower case; the tag itself when it is not valid. */
export const languageOf = (tag: string): string => {
  try {
    return new Intl.Locale(tag).language;
  } catch {
    return tag.toLowerCase().split(/[-_]/)[0] ?? '';
  }
};

export const isRtlLanguage = (tag: string): boolean => RTL_LANGUAGES.has(languageOf(tag));

/**
 * The writing direction of an element: the nearest `dir` (`ltr` or `rtl`) or `lang` attribute
 * decides, whichever is closer, looking through shadow roots.
 */
export const directionOf = (element: Element): 'ltr' | 'rtl' => {
  for (let node: Node | null = element; node; node = parentOf(node)) {
    if (!(node instanceof Element) || derivedDirection.has(node)) continue;
    const dir = node.getAttribute('dir')?.toLowerCase();
    if (dir === 'ltr' || dir === 'rtl') return dir;
    const lang = node.getAttribute('lang');
    if (lang) return isRtlLanguage(lang) ? 'rtl' : 'ltr';
  }
  return 'ltr';
};

/*
 * One MutationObserver for every element, created with the first subscriber and dropped with
 * the last: it watches `lang` and `dir` on the document and on every shadow root that holds a
 * subscriber, because attributes inside a shadow root are invisible from the document.
 */
const subscribers = new Map<Element, () => void>();
let observer: MutationObserver | undefined;
let observed = new WeakSet<Node>();

const observe = (root: Node): void => {
  if (observed.has(root)) return;
  observed.add(root);
  observer!.observe(root, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
};

/** Calls `changed` whenever a `lang` or `dir` attribute changes anywhere above `element`. */
export const watchLocale = (element: Element, changed: () => void): void => {
  observer ??= new MutationObserver(() => {
    for (const callback of [...subscribers.values()]) callback();
  });
  subscribers.set(element, changed);
  observe(element.ownerDocument.documentElement);
  for (let node: Node | null = element; node; node = parentOf(node)) if (node instanceof ShadowRoot) observe(node);
};

export const unwatchLocale = (element: Element): void => {
  subscribers.delete(element);
  if (subscribers.size > 0 || !observer) return;
  observer.disconnect();
  observer = undefined;
  observed = new WeakSet();
};

const supported = (locale: string): string => {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
};

const languageNames = new Map<string, Intl.DisplayNames>();
export const languageName = (tag: string, locale: string): string => {
  const key = supported(locale);
  let names = languageNames.get(key);
  if (!names) {
    names = new Intl.DisplayNames([key], { type: 'language', fallback: 'code' });
    languageNames.set(key, names);
  }
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** Common language tags offered by the language field; any valid tag is still accepted. */
export const LANGUAGE_TAGS = [
  'ar', 'ar-AE', 'bg', 'cs', 'da', 'de', 'de-AT', 'de-CH', 'de-DE', 'el', 'el-GR', 'en', 'en-AU', 'en-CA', 'en-GB',
  'en-IE', 'en-IN', 'en-US', 'es', 'es-ES', 'es-MX', 'et', 'fi', 'fr', 'fr-CA', 'fr-CH', 'fr-FR', 'he', 'hi', 'hr',
  'hu', 'id', 'it', 'it-IT', 'ja', 'ja-JP', 'ko', 'lt', 'lv', 'ms', 'nb', 'nl', 'nl-BE', 'nl-NL', 'pl', 'pt', 'pt-BR',
  'pt-PT', 'ro', 'ru', 'ru-RU', 'sk', 'sl', 'sr', 'sv', 'sv-SE', 'th', 'tr', 'uk', 'vi', 'zh-CN', 'zh-HK', 'zh-TW',
];

export const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
};

const zoneNames = new Map<string, Map<string, string>>();
/** "Central European Time"-style names of the time zones, computed once per locale. */
export const timeZoneName = (zone: string, locale: string): string => {
  const key = supported(locale);
  let names = zoneNames.get(key);
  if (!names) {
    names = new Map();
    zoneNames.set(key, names);
  }
  let name = names.get(zone);
  if (name === undefined) {
    try {
      name =
        new Intl.DateTimeFormat(key, { timeZone: zone, timeZoneName: 'longGeneric' })
          .formatToParts(new Date())
          .find((part) => part.type === 'timeZoneName')?.value ?? zone;
    } catch {
      name = zone;
    }
    names.set(zone, name);
  }
  return name;
};

/** A time zone as the time zone field offers it. */
export interface TimeZoneOption {
  /** The IANA id the contact stores (`Europe/Berlin`). */
  readonly zone: string;
  /** The city of the id (`Berlin`, `New York`). */
  readonly city: string;
  /** The countries the zone is used in, named in the locale (`Deutschland`). */
  readonly countries: readonly string[];
  /** The offset from UTC now (`UTC+01:00`, `UTC`). */
  readonly offset: string;
  /** What the list shows next to the id: city, country, localised name and offset. */
  readonly label: string;
}

/** `Intl.Locale`'s time zones of a region: `getTimeZones()` (Chrome 130+), the older `timeZones` getter, or none. */
const zonesOfRegion = (region: string): readonly string[] => {
  try {
    const locale = new Intl.Locale(`und-${region}`) as Intl.Locale & { getTimeZones?: () => string[]; timeZones?: string[] };
    // Old codes stand for today's (DD for DE): only the region itself counts.
    if (locale.region !== region) return [];
    return locale.getTimeZones?.() ?? locale.timeZones ?? [];
  } catch {
    return [];
  }
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
let regionsByZone: Map<string, string[]> | undefined;
/** The regions (`DE`) each zone is used in, found once by asking `Intl` for every two-letter region. */
const regionsOf = (zone: string): readonly string[] => {
  if (!regionsByZone) {
    regionsByZone = new Map();
    for (const first of LETTERS)
      for (const second of LETTERS) {
        const region = first + second;
        for (const id of zonesOfRegion(region)) regionsByZone.set(id, [...(regionsByZone.get(id) ?? []), region]);
      }
  }
  return regionsByZone.get(zone) ?? [];
};

/** The offset of a zone now, as `UTC+01:00` (or `UTC`), the same in every language so it can be searched for. */
const offsetOf = (zone: string): string => {
  try {
    const name = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value;
    return (name ?? 'GMT').replace('GMT', 'UTC');
  } catch {
    return 'UTC';
  }
};

const zoneOptions = new Map<string, readonly TimeZoneOption[]>();
/**
 * Every time zone `Intl` knows, with what a user may search it by: the city, the country in the
 * locale's language, the localised name and the offset. Computed once per locale.
 */
export const timeZoneOptions = (locale: string): readonly TimeZoneOption[] => {
  const key = supported(locale);
  let options = zoneOptions.get(key);
  if (!options) {
    let regionNames: Intl.DisplayNames | undefined;
    try {
      regionNames = new Intl.DisplayNames([key], { type: 'region', fallback: 'code' });
    } catch {
      regionNames = undefined;
    }
    const list = new Intl.ListFormat(key, { type: 'unit', style: 'narrow' });
    options = timeZones().map((zone) => {
      const city = (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
      const countries = regionsOf(zone).map((region) => regionNames?.of(region) ?? region);
      const offset = offsetOf(zone);
      const name = timeZoneName(zone, key);
      const where = countries.length > 0 ? `${city}, ${list.format(countries)}` : city;
      return { zone, city, countries, offset, label: `${where} · ${name} (${offset})` };
    });
    zoneOptions.set(key, options);
  }
  return options;
};

/** Compares as a user types: ignoring case and accents (`zurich` finds `Zürich`). */
const loose = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('_', ' ')
    .toLocaleLowerCase()
    .trim();

/**
 * The zone a text names: an id (`europe/berlin`), a city (`Berlin`, `new york`), a country with one
 * zone (`Japan`; Germany has two, which the list shows when one types it), a whole label of the
 * list, or a localised name used by one zone only. `undefined` when it names none or several.
 */
export const findTimeZone = (text: string, locale: string): string | undefined => {
  const wanted = loose(text);
  if (!wanted) return undefined;
  const options = timeZoneOptions(locale);
  const one = (matches: readonly TimeZoneOption[]) => (matches.length === 1 ? matches[0]!.zone : undefined);
  return (
    options.find((option) => loose(option.zone) === wanted || loose(option.label) === wanted)?.zone ??
    one(options.filter((option) => loose(option.city) === wanted)) ??
    one(options.filter((option) => option.countries.some((country) => loose(country) === wanted))) ??
    one(options.filter((option) => loose(timeZoneName(option.zone, locale)) === wanted))
  );
};

export const formatDateTime = (iso: string | null, locale: string): string | null => {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(supported(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
};

export const formatNumber = (value: number, locale: string): string => new Intl.NumberFormat(supported(locale)).format(value);

/** How many elements follow `lang` and `dir` now (for tests: disconnected elements stop). */
export const watchedElementCount = (): number => subscribers.size;
