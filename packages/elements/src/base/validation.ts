import type { PorticoStrings } from '../i18n/en.js';

/** The parts of a zod issue the messages need (zod 4 issue shapes). */
export interface ValidationIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly format?: unknown;
  /** A custom check's own code (`params.code` of core's checks, such as `invisible_characters`). */
  readonly params?: { readonly code?: unknown } | undefined;
}

const PHONE_FIELDS = new Set(['businessPhone', 'mobilePhone']);
const LINE_FIELDS = new Set(['firstName', 'lastName', 'jobTitle', 'businessPhone', 'mobilePhone']);

/**
 * A message in the element's language for a zod issue of a contact field. The schemas of
 * `@portico/core` speak English (the server and the OpenAPI document use them too); the issue
 * code and the field say enough to write the message again. Anything unknown keeps core's text.
 */
export const issueMessage = (issue: ValidationIssue, t: PorticoStrings): string => {
  const field = String(issue.path[0] ?? '');
  const label = (t.fields as Record<string, string>)[field] ?? field;
  const v = t.validation;
  if (field === 'language') return t.invalidLanguage;
  if (field === 'timeZone') return t.invalidTimeZone;
  if (field === 'honorific' && issue.code === 'invalid_value') return v.honorific;
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? v.required(label) : v.tooShort(label, Number(issue.minimum));
    case 'too_big':
      return v.tooLong(label, Number(issue.maximum));
    case 'invalid_format':
      if (issue.format === 'email') return v.email;
      if (PHONE_FIELDS.has(field)) return v.phone;
      if (field === 'userId') return v.userIdPattern;
      return issue.message;
    case 'invisible_characters':
      return v.invisible(label);
    case 'custom':
      if (issue.params?.code === 'invisible_characters') return v.invisible(label);
      return LINE_FIELDS.has(field) ? v.oneLine(label) : issue.message;
    default:
      return issue.message;
  }
};

/** Messages by field (dotted path), like `errorsByField` of `@portico/core`, in the element's language. */
export const localizedErrors = (issues: readonly ValidationIssue[], t: PorticoStrings): Record<string, string[]> => {
  const result: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || '(body)';
    const message = issue.code === 'unrecognized_keys' ? issue.message : issueMessage(issue, t);
    (result[field] ??= []).push(message);
  }
  return result;
};
