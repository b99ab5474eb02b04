import type { Contact, ExportColumn, ExportColumnId, ExportContext } from '@portico/core';
import type ExcelJS from 'exceljs';
import { COLUMN_WIDTHS } from './widths.js';

/**
 * The spreadsheet, the same on the server (exceljs's streaming writer) and in the browser (a
 * workbook in memory): one sheet "Contacts", a bold shaded header row frozen above the rows,
 * widths per column, text cells formatted as text and dates as dates.
 */

export type ExcelModule = typeof ExcelJS;

/** Loads exceljs: its Node build in Node, its browser build (the package's `browser` field) in a bundle. */
export const loadExcelJS = async (): Promise<ExcelModule> => {
  const module = (await import('exceljs')) as unknown as { default?: ExcelModule };
  return module.default ?? (module as unknown as ExcelModule);
};

export const SHEET_NAME = 'Contacts';
export const SHEET_OPTIONS: Partial<ExcelJS.AddWorksheetOptions> = { views: [{ state: 'frozen', ySplit: 1 }] };

/** Columns, header row and its style on a new sheet. */
export const setUpSheet = (sheet: ExcelJS.Worksheet, columns: readonly ExportColumn[], headers: Record<ExportColumnId, string>): void => {
  sheet.columns = columns.map((column) => ({
    header: headers[column.id],
    key: column.id,
    width: COLUMN_WIDTHS[column.id],
    // `@` is Excel's text format: a value like `=1+1` or `0049…` stays the text it is.
    style: { numFmt: column.kind === 'date' ? 'yyyy-mm-dd hh:mm' : '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
};

/** One contact's cells: strings are written as string cells, never as formulas. */
export const sheetRow = (columns: readonly ExportColumn[], context: ExportContext, contact: Contact): (string | Date | null)[] =>
  columns.map((column) => column.value(contact, context));

export interface XlsxJob {
  columns: readonly ExportColumn[];
  context: ExportContext;
  headers: Record<ExportColumnId, string>;
}

/** A whole workbook in memory, for exports built in the browser. */
export const createXlsxBook = async ({ columns, context, headers }: XlsxJob) => {
  const Excel = await loadExcelJS();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, SHEET_OPTIONS);
  setUpSheet(sheet, columns, headers);
  return {
    add(contacts: readonly Contact[]) {
      for (const contact of contacts) sheet.addRow(sheetRow(columns, context, contact));
    },
    async bytes(): Promise<ArrayBuffer> {
      return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
    },
  };
};
