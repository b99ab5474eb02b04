import { ContactsError, LIMITS, type FieldError } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import { issueMessage } from './validation.js';

/**
 * The language of the texts servers and `@portico/core` write (problem details, field errors,
 * schema messages): English. On a page in that language they are shown as they are, being the
 * most specific; on any other page, a problem or field error with a known code is shown in the
 * page's language, and the server's own text only when the code is unknown.
 */
export const SERVER_LANGUAGE = 'en';

const speaksServerLanguage = (locale: string) => locale.split('-')[0]?.toLowerCase() === SERVER_LANGUAGE;

/** Longest values by field, for "at most N characters" (field errors carry no numbers). */
const MAX_LENGTH: Record<string, number> = {
  firstName: LIMITS.name,
  lastName: LIMITS.name,
  jobTitle: LIMITS.jobTitle,
  email: LIMITS.email,
  businessPhone: LIMITS.phone,
  mobilePhone: LIMITS.phone,
  userId: LIMITS.userId,
};

/** A message for a failed request, in the page's language where the code is known. */
export const problemMessage = (error: unknown, t: PorticoStrings, locale: string, fallback: string): string => {
  if (!(error instanceof Error)) return fallback;
  // Set up wrong (a wrong base-url): the URL and what to check, for the page's author, in any language.
  if (error instanceof ContactsError && error.configuration && error.message) return error.message;
  if (error instanceof ContactsError && (!speaksServerLanguage(locale) || !error.message)) {
    return t.problems[error.code] ?? (error.message || fallback);
  }
  return error.message || fallback;
};

/** A field error (from the server or from core's checks, in English) in the language of `t`. */
export const fieldErrorMessage = (error: FieldError, t: PorticoStrings): string => {
  const label = (t.fields as Record<string, string>)[error.field] ?? error.field;
  const f = t.fieldProblems;
  if (error.field === 'password') {
    if (error.code === 'too_small') return t.passwordTooShort(LIMITS.passwordMin);
    if (error.code === 'too_big') return t.passwordTooLong(LIMITS.password);
    // The codes of core's checkPassword.
    if (error.code === 'blank') return t.passwordBlank;
    if (error.code === 'matches_identity') return t.passwordLikeIdentity;
    if (error.code === 'too_weak') return t.passwordTooWeak;
  }
  switch (error.code) {
    case 'taken':
      return f.taken(label);
    case 'invalid_account':
      return f.invalidAccount;
    case 'invalid_token':
      return f.invalidToken;
    case 'unknown_role':
      return f.unknownRole;
    case 'invalid_boolean':
      return f.yesOrNo;
    case 'required':
    case 'too_small':
      return t.validation.required(label);
    case 'too_big':
      return MAX_LENGTH[error.field] ? t.validation.tooLong(label, MAX_LENGTH[error.field]!) : error.message;
    case 'invalid_format':
    case 'invalid_value':
    case 'custom':
    case 'invisible_characters':
      // Field errors do not say which format; the e-mail field's is the e-mail one.
      return issueMessage({ code: error.code, path: [error.field], message: error.message, format: error.field === 'email' ? 'email' : undefined }, t);
    default:
      return error.message;
  }
};

/** Field errors of a failed request, as `fieldErrorMessage` for pages not in the server's language. */
export const localizedFieldErrors = (errors: readonly FieldError[], t: PorticoStrings, locale: string): FieldError[] =>
  speaksServerLanguage(locale) ? [...errors] : errors.map((error) => ({ ...error, message: fieldErrorMessage(error, t) }));
