import type { ExportColumnId } from '@portico/core';

/** Column widths in characters (XLSX) and relative weights (PDF). */
export const COLUMN_WIDTHS: Record<ExportColumnId, number> = {
  honorific: 7,
  firstName: 16,
  lastName: 18,
  jobTitle: 22,
  email: 30,
  businessPhone: 18,
  mobilePhone: 18,
  account: 22,
  status: 10,
  userId: 20,
  roles: 24,
  language: 9,
  timeZone: 18,
  notifications: 8,
  createdAt: 18,
  updatedAt: 18,
};
