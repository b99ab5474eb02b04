/**
 * The English strings of `<contact-import>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<contact-import>` does not carry them.
 */
export const enContactImport = {
  importNotAllowed: 'You may not create contacts, so you cannot import them.',
  importFileLabel: 'CSV or Excel file',
  importCsvFileLabel: 'CSV file',
  importNeedsReader: 'Excel files cannot be read here. Save the sheet as CSV (UTF-8) and choose that file.',
  importEmpty: 'The file has no rows below its header.',
  importUnreadable: (message: string) => `The file could not be read: ${message}`,
  importMappingCaption: 'Columns of the file and the fields they fill',
  importColumn: 'Column',
  importField: 'Field',
  importSample: 'First row',
  importFieldFor: (column: string) => `Field for column ${column}`,
  importSkipColumn: 'Do not import',
  importDefaultAccount: 'Account for rows without one',
  importDuplicatesLabel: 'Same e-mail or name as an existing contact',
  importDuplicatesSkip: 'Skip the row',
  importDuplicatesUpdate: 'Update the existing contact',
  importRowSummary: (rows: number, valid: number, invalid: number) =>
    `${rows} ${rows === 1 ? 'row' : 'rows'}: ${valid} ready, ${invalid} with errors.`,
  importErrorsLabel: 'Rows with errors',
  importRowError: (line: number, message: string) => `Line ${line}: ${message}`,
  importMoreErrors: (count: number) => `… and ${count} more`,
  importButton: (count: number) => (count === 1 ? 'Import 1 contact' : `Import ${count} contacts`),
  importing: 'Importing…',
  importProgress: (done: number, total: number) => `${done} of ${total} rows`,
  importCancelled: 'Cancelled before this row was sent.',
  importDuplicateOf: (name: string, email: string) => `Already exists: ${name} <${email}>`,
  importRepeatsLine: (line: number) => `Repeats line ${line} of the file.`,
  importSummary: (counts: { created: number; updated: number; skipped: number; invalid: number; failed: number }) =>
    `${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.invalid} with errors, ${counts.failed} failed.`,
  importReportButton: 'Download the report (CSV)',
  importAnother: 'Import another file',
};
