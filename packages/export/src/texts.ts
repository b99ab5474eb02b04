/**
 * The PDF's own texts (title, export date, page footer) in the languages the elements ship, picked
 * by the `lang` an export receives, as `exportHeaders` picks the header row; English otherwise.
 * Dates and numbers go through `Intl` in that language.
 */
export interface PdfTexts {
  title: string;
  exported(date: string): string;
  page(page: string, pages: string): string;
}

export const PDF_TEXTS: Record<'en' | 'de' | 'fr' | 'es' | 'ja' | 'ar', PdfTexts> = {
  en: { title: 'Contacts', exported: (date) => `Exported ${date}`, page: (page, pages) => `Page ${page} of ${pages}` },
  de: { title: 'Kontakte', exported: (date) => `Exportiert am ${date}`, page: (page, pages) => `Seite ${page} von ${pages}` },
  fr: { title: 'Contacts', exported: (date) => `Exporté le ${date}`, page: (page, pages) => `Page ${page} sur ${pages}` },
  es: { title: 'Contactos', exported: (date) => `Exportado el ${date}`, page: (page, pages) => `Página ${page} de ${pages}` },
  ja: { title: '連絡先', exported: (date) => `エクスポート日時: ${date}`, page: (page, pages) => `${page} / ${pages} ページ` },
  ar: { title: 'جهات الاتصال', exported: (date) => `تاريخ التصدير: ${date}`, page: (page, pages) => `الصفحة ${page} من ${pages}` },
};

export interface PdfLocale {
  texts: PdfTexts;
  /** The BCP 47 tag `Intl` formats with: the one asked for when its language is shipped, else `en`. */
  locale: string;
  /** The export date and time in UTC, e.g. `24.11.2026, 10:00 UTC`. */
  formatDate(at: Date): string;
  formatNumber(value: number): string;
}

const supported = (tag: string): string => {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
};

/** The texts and formats for a BCP 47 tag (`de-CH` → German with Swiss formats). */
export const pdfLocale = (lang?: string): PdfLocale => {
  const language = (lang ?? 'en').toLowerCase().split('-')[0] as keyof typeof PDF_TEXTS;
  const shipped = Object.hasOwn(PDF_TEXTS, language);
  const locale = shipped ? supported(lang ?? 'en') : 'en';
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const numbers = new Intl.NumberFormat(locale);
  return {
    texts: shipped ? PDF_TEXTS[language] : PDF_TEXTS.en,
    locale,
    formatDate: (at) => `${dates.format(at)} UTC`,
    formatNumber: (value) => numbers.format(value),
  };
};
