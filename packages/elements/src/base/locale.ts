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

export const formatDateTime = (iso: string | null, locale: string): string | null => {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(supported(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
};

export const formatNumber = (value: number, locale: string): string => new Intl.NumberFormat(supported(locale)).format(value);

/** How many elements follow `lang` and `dir` now (for tests: disconnected elements stop). */
export const watchedElementCount = (): number => subscribers.size;
