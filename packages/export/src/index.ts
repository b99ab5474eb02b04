export { buildExport, exportWriters, type BuildExportOptions } from './build.js';
export { DEFAULT_FONT_CDN, PDF_FONTS, fontLoader, type PdfFont, type PdfFontLoader, type PdfFontSource, type PdfScript, type PdfWeight } from './fonts.js';
export { PDF_TEXTS, pdfLocale, type PdfLocale, type PdfTexts } from './texts.js';
export { COLUMN_WIDTHS } from './widths.js';
// The writers themselves are loaded with import() where used (they load exceljs, pdfkit, bidi-js):
// `await import('@portico/export/xlsx')`, `await import('@portico/export/pdf')`.
