/** The nearest `lang` attribute, looking through shadow roots; `en` when there is none. */
export const localeOf = (element: Element): string => {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node instanceof ShadowRoot ? node.host : (node.parentNode ?? null);
  }
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
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
