/**
 * The English strings of `<contact-export>`, listed in its class's
 * `englishParts` and added when its tag is defined, so a page without `<contact-export>` does not carry them.
 */
export const enContactExport = {
  exportButton: 'Export',
  exportSelected: (count: number) => `Export ${count} selected`,
  exportFormatLabel: 'Format',
  exportFormatNames: { csv: 'CSV', xlsx: 'Excel', pdf: 'PDF' } as Record<'csv' | 'xlsx' | 'pdf', string>,
  exporting: 'Exporting…',
  exportProgress: (done: string, total: string) => `${done} of ${total} contacts`,
  exportBytes: (kilobytes: string) => `${kilobytes} KB received`,
  exportDone: (fileName: string) => `${fileName} is ready.`,
  exportFailed: (message: string) => `The export failed: ${message}`,
  exportCancelled: 'The export was cancelled.',
  // The button with no selection: no search or filter, or what they match.
  exportAll: 'Export all',
  exportMatching: (count: number) => (count === 1 ? 'Export 1 matching contact' : `Export ${count} matching contacts`),
};
