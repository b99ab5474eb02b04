/**
 * Declarative field tables: how one record of a host's API maps to and from a Portico contact.
 * Keys are Portico paths (`firstName`, `login.state`), values say where the record keeps them.
 */

/** A JSON object as a host's API sends it. */
export type ApiRecord = Record<string, unknown>;

export interface FieldRule {
  /** Dotted path in the record, such as `phones.work`. */
  path?: string;
  /**
   * Record value (as a string) to Portico value, such as `{ Y: true, N: false }`. Writing
   * uses the first key whose value equals the Portico value.
   */
  values?: Record<string, unknown>;
  /** When the record has no such field: the Portico value to use (reading only). */
  default?: unknown;
  /** A value the record never holds (a store without lock reasons reads `null`). */
  constant?: unknown;
  /** Reads the value with code when a path and a value map are not enough. */
  read?: (record: ApiRecord) => unknown;
  /** Writes the value with code: returns the record fields to set. */
  write?: (value: unknown) => ApiRecord;
  /** Not sent on create or update (ids, timestamps the store keeps). */
  readOnly?: boolean;
}

/** A dotted record path, or a rule. */
export type FieldSpec = string | FieldRule;

/** Portico paths: the contact's fields and the `login.*` sub-fields. */
export type ContactPath =
  | 'id'
  | 'accountId'
  | 'honorific'
  | 'firstName'
  | 'lastName'
  | 'jobTitle'
  | 'email'
  | 'businessPhone'
  | 'mobilePhone'
  | 'language'
  | 'timeZone'
  | 'notifications'
  | 'userId'
  | 'roles'
  | 'login.state'
  | 'login.lockReason'
  | 'login.lockedAt'
  | 'login.failedSignIns'
  | 'login.passwordChangeRequired'
  | 'login.lastSignInAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version';

export type FieldTable = Partial<Record<ContactPath, FieldSpec>>;

export interface ContactMapping {
  /** The record as a Portico contact; the result is validated against the core `Contact` schema. */
  fromRecord(record: ApiRecord): unknown;
  /** Portico fields (a draft, a patch) as record fields. */
  toRecord(contact: Record<string, unknown>): ApiRecord;
  /** Where a Portico field lives in the record, for error messages and for sort and filter parameters. */
  pathOf(field: string): string | undefined;
}

export const getPath = (value: unknown, path: string): unknown => {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
};

export const setPath = (target: ApiRecord, path: string, value: unknown): void => {
  const keys = path.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = {};
    current = current[key] as ApiRecord;
  }
  current[keys.at(-1)!] = value;
};

/** Deep merge of plain objects, for rules that write nested fields. */
const merge = (target: ApiRecord, source: ApiRecord): void => {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' && !Array.isArray(existing)) {
      merge(existing as ApiRecord, value as ApiRecord);
    } else {
      target[key] = value;
    }
  }
};

const ruleOf = (spec: FieldSpec): FieldRule => (typeof spec === 'string' ? { path: spec } : spec);

/**
 * Builds a mapping from a field table. Portico fields the table leaves out read as `undefined`
 * (and fail validation, naming the field) and are not written.
 */
export const mapFields = (table: FieldTable): ContactMapping => {
  const entries = Object.entries(table).map(([field, spec]) => [field, ruleOf(spec!)] as const);
  return {
    fromRecord(record) {
      const contact: ApiRecord = {};
      for (const [field, rule] of entries) {
        let value: unknown;
        if ('constant' in rule) value = rule.constant;
        else if (rule.read) value = rule.read(record);
        else if (rule.path) value = getPath(record, rule.path);
        if (value === undefined && 'default' in rule) value = rule.default;
        if (rule.values && value !== undefined) {
          const key = String(value);
          value = Object.hasOwn(rule.values, key) ? rule.values[key] : { unmapped: value };
        }
        setPath(contact, field, value);
      }
      return contact;
    },
    toRecord(contact) {
      const record: ApiRecord = {};
      for (const [field, rule] of entries) {
        if (rule.readOnly || 'constant' in rule) continue;
        const value = getPath(contact, field);
        if (value === undefined) continue;
        if (rule.write) {
          merge(record, rule.write(value));
          continue;
        }
        if (!rule.path) continue;
        let written = value;
        if (rule.values) {
          const match = Object.entries(rule.values).find(([, portico]) => Object.is(portico, value));
          if (!match) continue;
          written = match[0];
        }
        setPath(record, rule.path, written);
      }
      return record;
    },
    pathOf(field) {
      const spec = table[field as ContactPath];
      return spec === undefined ? undefined : ruleOf(spec).path;
    },
  };
};
