import type { ExportColumnId, SortField } from '@portico/core';

export const COLUMN_IDS = ['honorific', 'name', 'jobTitle', 'email', 'phone', 'account', 'status', 'actions'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** What each visible column becomes in an export: a name is two columns there, a phone two. */
export const EXPORT_COLUMNS_OF: Record<ColumnId, ExportColumnId[]> = {
  honorific: ['honorific'],
  name: ['firstName', 'lastName'],
  jobTitle: ['jobTitle'],
  email: ['email'],
  phone: ['businessPhone', 'mobilePhone'],
  account: ['account'],
  // A login's status and its user ID, which the list has no column for (the server's default export has it).
  status: ['status', 'userId'],
  actions: [],
};

export const SORT_FIELD: Partial<Record<ColumnId, SortField>> = {
  honorific: 'honorific',
  name: 'name',
  jobTitle: 'jobTitle',
  email: 'email',
  account: 'account',
  status: 'status',
};

export const columnsConverter = {
  fromAttribute: (value: string | null): ColumnId[] =>
    (value ?? '').split(/[\s,]+/).filter((id): id is ColumnId => (COLUMN_IDS as readonly string[]).includes(id)),
  toAttribute: (value: ColumnId[]) => value.join(' '),
};
