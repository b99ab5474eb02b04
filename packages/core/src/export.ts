import * as z from 'zod/mini';
import { PHONE_PATTERN } from './patterns.js';
import type { Contact, ContactStatus } from './schema.js';
import { statusOf } from './status.js';

/**
 * Contact export: the columns a file may have and a pure CSV writer. Shared by the server's
 * streamed export and by adapters that build the file themselves, so every format has the
 * same columns and the same cell values.
 */

export const EXPORT_COLUMN_IDS = [
  'honorific',
  'firstName',
  'lastName',
  'jobTitle',
  'email',
  'businessPhone',
  'mobilePhone',
  'account',
  'status',
  'userId',
  'roles',
  'language',
  'timeZone',
  'notifications',
  'createdAt',
  'updatedAt',
] as const;
export const ExportColumnId = z.enum(EXPORT_COLUMN_IDS);
export type ExportColumnId = z.infer<typeof ExportColumnId>;

/** The columns a file has when none are chosen. */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumnId[] = [
  'honorific',
  'firstName',
  'lastName',
  'jobTitle',
  'email',
  'businessPhone',
  'mobilePhone',
  'account',
  'status',
  'userId',
];

/** English header texts; a localised UI or server passes its own `headers` to the writers. */
export const EXPORT_HEADERS_EN: Record<ExportColumnId, string> = {
  honorific: 'Title',
  firstName: 'First name',
  lastName: 'Last name',
  jobTitle: 'Job title',
  email: 'Email',
  businessPhone: 'Business phone',
  mobilePhone: 'Mobile phone',
  account: 'Account',
  status: 'Status',
  userId: 'User ID',
  roles: 'Roles',
  language: 'Language',
  timeZone: 'Time zone',
  notifications: 'Notifications',
  createdAt: 'Created',
  updatedAt: 'Updated',
};

/** Header texts in the languages the elements ship; `exportHeaders` picks one by language tag. */
export const EXPORT_HEADERS: Record<'en' | 'de' | 'fr' | 'es' | 'ja' | 'ar', Record<ExportColumnId, string>> = {
  en: EXPORT_HEADERS_EN,
  de: {
    honorific: 'Anrede', firstName: 'Vorname', lastName: 'Nachname', jobTitle: 'Position', email: 'E-Mail',
    businessPhone: 'Telefon geschäftlich', mobilePhone: 'Mobiltelefon', account: 'Konto', status: 'Status',
    userId: 'Benutzer-ID', roles: 'Rollen', language: 'Sprache', timeZone: 'Zeitzone',
    notifications: 'Benachrichtigungen', createdAt: 'Erstellt', updatedAt: 'Geändert',
  },
  fr: {
    honorific: 'Civilité', firstName: 'Prénom', lastName: 'Nom', jobTitle: 'Fonction', email: 'E-mail',
    businessPhone: 'Téléphone professionnel', mobilePhone: 'Téléphone mobile', account: 'Compte', status: 'Statut',
    userId: 'Identifiant', roles: 'Rôles', language: 'Langue', timeZone: 'Fuseau horaire',
    notifications: 'Notifications', createdAt: 'Créé le', updatedAt: 'Modifié le',
  },
  es: {
    honorific: 'Tratamiento', firstName: 'Nombre', lastName: 'Apellidos', jobTitle: 'Cargo', email: 'Correo electrónico',
    businessPhone: 'Teléfono del trabajo', mobilePhone: 'Teléfono móvil', account: 'Cuenta', status: 'Estado',
    userId: 'ID de usuario', roles: 'Roles', language: 'Idioma', timeZone: 'Zona horaria',
    notifications: 'Notificaciones', createdAt: 'Creado', updatedAt: 'Modificado',
  },
  ja: {
    honorific: '敬称', firstName: '名', lastName: '姓', jobTitle: '役職', email: 'メールアドレス',
    businessPhone: '勤務先電話番号', mobilePhone: '携帯電話番号', account: 'アカウント', status: 'ステータス',
    userId: 'ユーザー ID', roles: 'ロール', language: '言語', timeZone: 'タイムゾーン',
    notifications: '通知', createdAt: '作成日時', updatedAt: '更新日時',
  },
  ar: {
    honorific: 'اللقب', firstName: 'الاسم الأول', lastName: 'اسم العائلة', jobTitle: 'المسمى الوظيفي', email: 'البريد الإلكتروني',
    businessPhone: 'هاتف العمل', mobilePhone: 'الهاتف المحمول', account: 'الحساب', status: 'الحالة',
    userId: 'معرّف المستخدم', roles: 'الأدوار', language: 'اللغة', timeZone: 'المنطقة الزمنية',
    notifications: 'الإشعارات', createdAt: 'تاريخ الإنشاء', updatedAt: 'تاريخ التحديث',
  },
};

/**
 * A table's entry for a BCP 47 tag by its base language (`de-CH` → `de`); English for languages
 * not shipped. Own keys only: `__proto__` or `constructor` must not find Object's prototype.
 */
const byLanguage = <T>(table: Record<keyof typeof EXPORT_HEADERS, T>, lang?: string): T => {
  const language = (lang ?? 'en').toLowerCase().split('-')[0] ?? 'en';
  return Object.hasOwn(table, language) ? table[language as keyof typeof EXPORT_HEADERS] : table.en;
};

/** The header texts for a BCP 47 tag (`de-CH` → German); English for languages not shipped. */
export const exportHeaders = (lang?: string): Record<ExportColumnId, string> => byLanguage(EXPORT_HEADERS, lang);

/**
 * Each status as the contact list shows it (the elements' `status` strings), in the languages the
 * elements ship; `exportStatusNames` picks one by language tag. A file says "No login", not `none`.
 */
export const EXPORT_STATUS_NAMES: Record<keyof typeof EXPORT_HEADERS, Record<ContactStatus, string>> = {
  en: { active: 'Active', disabled: 'Disabled', locked: 'Locked', none: 'No login' },
  de: { active: 'Aktiv', disabled: 'Deaktiviert', locked: 'Gesperrt', none: 'Kein Login' },
  fr: { active: 'Actif', disabled: 'Désactivé', locked: 'Verrouillé', none: 'Sans identifiant' },
  es: { active: 'Activo', disabled: 'Desactivado', locked: 'Bloqueado', none: 'Sin acceso' },
  ja: { active: '有効', disabled: '無効', locked: 'ロック中', none: 'ログインなし' },
  ar: { active: 'نشط', disabled: 'معطّل', locked: 'مقفل', none: 'بلا تسجيل دخول' },
};

/** The status names for a BCP 47 tag (`de-CH` → German); English for languages not shipped. */
export const exportStatusNames = (lang?: string): Record<ContactStatus, string> => byLanguage(EXPORT_STATUS_NAMES, lang);

/** Yes and no in the languages the elements ship, for the notifications column; import reads them back. */
export const EXPORT_YES_NO: Record<keyof typeof EXPORT_HEADERS, { yes: string; no: string }> = {
  en: { yes: 'Yes', no: 'No' },
  de: { yes: 'Ja', no: 'Nein' },
  fr: { yes: 'Oui', no: 'Non' },
  es: { yes: 'Sí', no: 'No' },
  ja: { yes: 'はい', no: 'いいえ' },
  ar: { yes: 'نعم', no: 'لا' },
};

/** Yes and no for a BCP 47 tag (`fr-CA` → French); English for languages not shipped. */
export const exportYesNo = (lang?: string): { yes: string; no: string } => byLanguage(EXPORT_YES_NO, lang);

export interface ExportContext {
  /** The account's display name; the id when unknown. */
  accountName(accountId: string): string;
  /** The status as the list shows it, in the export's language (`exportStatusNames(lang)[status]`); English when absent. */
  statusName?(status: ContactStatus): string;
  /** Yes or no in the export's language (`exportYesNo(lang)`); English when absent. */
  yesNo?(value: boolean): string;
}

/** A cell: text, a point in time (a date cell in a spreadsheet), or empty. */
export type ExportValue = string | Date | null;

export interface ExportColumn {
  id: ExportColumnId;
  /** `phone`: text that a spreadsheet must show as written (no number, no formula, no apostrophe). */
  kind: 'text' | 'phone' | 'date';
  value(contact: Contact, context: ExportContext): ExportValue;
}

const text = (id: ExportColumnId, value: (contact: Contact, context: ExportContext) => string | null): ExportColumn => ({ id, kind: 'text', value });
const phone = (id: ExportColumnId, value: (contact: Contact) => string | null): ExportColumn => ({ id, kind: 'phone', value });
const date = (id: ExportColumnId, value: (contact: Contact) => string): ExportColumn => ({ id, kind: 'date', value: (c) => new Date(value(c)) });

export const EXPORT_COLUMNS: Record<ExportColumnId, ExportColumn> = {
  honorific: text('honorific', (c) => c.honorific),
  firstName: text('firstName', (c) => c.firstName),
  lastName: text('lastName', (c) => c.lastName),
  jobTitle: text('jobTitle', (c) => c.jobTitle),
  email: text('email', (c) => c.email),
  businessPhone: phone('businessPhone', (c) => c.businessPhone),
  mobilePhone: phone('mobilePhone', (c) => c.mobilePhone),
  account: text('account', (c, context) => context.accountName(c.accountId)),
  status: text('status', (c, context) => context.statusName?.(statusOf(c)) ?? EXPORT_STATUS_NAMES.en[statusOf(c)]),
  userId: text('userId', (c) => c.userId),
  roles: text('roles', (c) => c.roles.join(' ')),
  language: text('language', (c) => c.language),
  timeZone: text('timeZone', (c) => c.timeZone),
  notifications: text('notifications', (c, context) => context.yesNo?.(c.notifications) ?? (c.notifications ? EXPORT_YES_NO.en.yes : EXPORT_YES_NO.en.no)),
  createdAt: date('createdAt', (c) => c.createdAt),
  updatedAt: date('updatedAt', (c) => c.updatedAt),
};

/** The chosen columns in order, unknown ids dropped, duplicates removed; the defaults when none remain. */
export const exportColumns = (ids?: readonly string[]): ExportColumn[] => {
  const known = [...new Set(ids ?? [])].filter((id): id is ExportColumnId => (EXPORT_COLUMN_IDS as readonly string[]).includes(id));
  return (known.length > 0 ? known : DEFAULT_EXPORT_COLUMNS).map((id) => EXPORT_COLUMNS[id]);
};

/** `contacts-2026-11-24.csv`: the date is the exporter's UTC day. */
export const exportFileName = (format: string, at: Date = new Date()): string => `contacts-${at.toISOString().slice(0, 10)}.${format}`;

export const EXPORT_MIME_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

// ---- CSV (RFC 4180) --------------------------------------------------------------------

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = '\uFEFF';

/**
 * OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula, so such
 * a cell gets a leading apostrophe and is shown as the text it is.
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/**
 * A formula trigger behind a separator of any locale or a line break, inside a cell. Quoting keeps
 * `x;=1+1;y` one cell only for a program that splits at our comma: a German or French spreadsheet
 * splits the line at `;` wherever it stands (the quotes around the cell are then mid-field, plain
 * text), and `=1+1` starts a cell there. So that position is neutralised as a cell's start is.
 */
const TRIGGER_AFTER_SEPARATOR = /([,;\t\r\n])([=+\-@])/g;
const NEUTRALISED_AFTER_SEPARATOR = /([,;\t\r\n])'([=+\-@])/g;

/**
 * A cell as a spreadsheet shows it as text: an apostrophe before a formula trigger at the start
 * and after every separator or line break inside (`x;=1+1;y` → `x;'=1+1;y`).
 */
export const neutraliseFormula = (value: string): string => {
  const inside = value.replace(TRIGGER_AFTER_SEPARATOR, "$1'$2");
  return FORMULA_TRIGGERS.some((trigger) => inside.startsWith(trigger)) ? `'${inside}` : inside;
};

/** Undoes {@link neutraliseFormula} (and a phone's {@link PHONE_MARK}) when a file comes back (an import of our own export). */
export const restoreFormula = (value: string): string => {
  if (value.startsWith('\u200e') && PHONE_PATTERN.test(value.slice(1))) return value.slice(1);
  const inside = value.replace(NEUTRALISED_AFTER_SEPARATOR, '$1$2');
  return inside.startsWith("'") && FORMULA_TRIGGERS.some((trigger) => inside.startsWith(trigger, 1)) ? inside.slice(1) : inside;
};

/**
 * What a cell is quoted for: a quote, a line break (CR, LF, and U+2028/U+2029 that some programs
 * also break at), and the separator of any locale, not only our comma: a German or French
 * spreadsheet opens a CSV with `;` as the separator and Excel's text import offers tab, so an
 * unquoted `x;=1+1;y` would be split there into a live `=1+1` cell.
 */
const CSV_QUOTED = /[",;\t\r\n\u2028\u2029]/;

/** One field: quoted when it holds a separator of any locale, a quote or a line break; quotes doubled. */
export const csvField = (value: ExportValue): string => {
  if (value === null) return '';
  const cell = neutraliseFormula(value instanceof Date ? value.toISOString() : value);
  return CSV_QUOTED.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
};

/**
 * Marks a phone cell as left-to-right text: a LEFT-TO-RIGHT MARK (U+200E, invisible) before it.
 * Written bare, `+4930123456` is a number to LibreOffice (the `+` and a leading 0 lost) and
 * `+49 30 123` a formula to Excel; behind the usual apostrophe it shows the apostrophe. Behind the
 * mark no spreadsheet sees a number or a formula trigger, and the text shows as written, also in
 * a right-to-left sheet. `restoreFormula` takes the mark off again.
 */
export const PHONE_MARK = '\u200e';

/** A phone cell: the number behind {@link PHONE_MARK}; anything else as any text. */
export const csvPhoneField = (value: ExportValue): string =>
  typeof value === 'string' && PHONE_PATTERN.test(value) ? `${PHONE_MARK}${value}` : csvField(value);

/** One record with its CRLF line break. */
export const csvRecord = (values: readonly ExportValue[]): string => `${values.map(csvField).join(',')}\r\n`;

export interface CsvWriter {
  /** The byte order mark and the header record. */
  readonly head: string;
  /** One contact's record. */
  row(contact: Contact): string;
}

export const csvWriter = (columns: readonly ExportColumn[], context: ExportContext, headers: Record<ExportColumnId, string> = EXPORT_HEADERS_EN): CsvWriter => ({
  head: CSV_BOM + csvRecord(columns.map((column) => headers[column.id])),
  row: (contact) => `${columns.map((column) => (column.kind === 'phone' ? csvPhoneField : csvField)(column.value(contact, context))).join(',')}\r\n`,
});

/** A whole file at once, for small exports and tests; large ones write `head` and `row` as they go. */
export const toCsv = (contacts: Iterable<Contact>, columns: readonly ExportColumn[], context: ExportContext, headers?: Record<ExportColumnId, string>): string => {
  const writer = csvWriter(columns, context, headers);
  let out = writer.head;
  for (const contact of contacts) out += writer.row(contact);
  return out;
};
