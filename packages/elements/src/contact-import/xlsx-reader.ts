import { readSheet } from 'read-excel-file/universal';

/** A cell as the text a CSV file would have: numbers as written, dates as ISO dates, yes/no. */
const cellText = (cell: unknown): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell as string | number);
};

/**
 * The built-in `.xlsx` reader of `<contact-import>`: the first sheet as records of text cells.
 * Loaded with `import()` only when an `.xlsx` file is chosen. `read-excel-file/universal` (no
 * worker from a `blob:` URL, so it also runs under a portal's strict `worker-src` policy).
 */
export const readXlsx = async (file: Blob): Promise<string[][]> => {
  const rows = await readSheet<string>(file, { parseNumber: (text) => text, trim: false });
  return rows.map((row) => row.map(cellText));
};
