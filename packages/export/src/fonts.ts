/**
 * The PDF fonts. No single font covers Latin, Cyrillic, Greek, Arabic and Japanese, so text is set
 * in runs, each in the font of its script: Noto Sans (Latin, Cyrillic, Greek), Noto Sans JP (kana,
 * kanji), Noto Naskh Arabic and Noto Emoji (monochrome), all OFL, from the `@expo-google-fonts`
 * packages. A font is read only when a page needs its script, and pdfkit embeds only the glyphs used.
 */

export type PdfScript = 'latin' | 'japanese' | 'arabic' | 'emoji';
export type PdfWeight = 'regular' | 'bold';

export interface PdfFont {
  script: PdfScript;
  weight: PdfWeight;
  /** The npm package that holds the file, e.g. `@expo-google-fonts/noto-sans`. */
  package: string;
  /** The version of that package the writers are tested with. */
  version: string;
  /** The file's path inside the package. */
  file: string;
}

const family = (script: PdfScript, name: string, version: string, file: string): Record<PdfWeight, PdfFont> => ({
  regular: { script, weight: 'regular', package: `@expo-google-fonts/${name}`, version, file: `400Regular/${file}_400Regular.ttf` },
  bold: { script, weight: 'bold', package: `@expo-google-fonts/${name}`, version, file: `700Bold/${file}_700Bold.ttf` },
});

export const PDF_FONTS: Record<PdfScript, Record<PdfWeight, PdfFont>> = {
  latin: family('latin', 'noto-sans', '0.4.2', 'NotoSans'),
  japanese: family('japanese', 'noto-sans-jp', '0.4.3', 'NotoSansJP'),
  arabic: family('arabic', 'noto-naskh-arabic', '0.4.5', 'NotoNaskhArabic'),
  emoji: family('emoji', 'noto-emoji', '0.4.7', 'NotoEmoji'),
};

/** The bytes of one font file. */
export type PdfFontLoader = (font: PdfFont) => Promise<ArrayBuffer | Uint8Array>;

/**
 * Where the fonts come from: a loader, or a base URL under which the package folders lie
 * (`https://example.com/fonts/` → `https://example.com/fonts/@expo-google-fonts/noto-sans/400Regular/…`).
 */
export type PdfFontSource = PdfFontLoader | string | URL;

/** jsDelivr serves every npm package file; used in a browser when the host names no font source. */
export const DEFAULT_FONT_CDN = 'https://cdn.jsdelivr.net/npm/';

const isNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

// Kept out of bundlers' sight: a browser build never loads the Node file system.
const NODE_FS = 'node:fs/promises';

const readFromPackage: PdfFontLoader = async (font) => {
  const { readFile } = (await import(/* @vite-ignore */ NODE_FS)) as typeof import('node:fs/promises');
  return readFile(new URL(import.meta.resolve(`${font.package}/${font.file}`)));
};

const fetchFrom =
  (base: string | URL | undefined): PdfFontLoader =>
  async (font) => {
    const url = base === undefined ? new URL(`${font.package}@${font.version}/${font.file}`, DEFAULT_FONT_CDN) : new URL(`${font.package}/${font.file}`, new URL(String(base), globalThis.location?.href));
    const response = await fetch(url);
    if (!response.ok) throw new Error(`The PDF font ${url.href} could not be loaded (HTTP ${response.status}).`);
    return response.arrayBuffer();
  };

/**
 * The loader for a font source. Without one, Node reads the files from the installed packages and
 * a browser fetches them from jsDelivr (docs/adr/0005-contact-export.md); a host that must not
 * reach a third party serves the package folders itself and passes their base URL.
 */
export const fontLoader = (source?: PdfFontSource): PdfFontLoader => {
  if (typeof source === 'function') return source;
  if (source === undefined && isNode()) return readFromPackage;
  return fetchFrom(source);
};
