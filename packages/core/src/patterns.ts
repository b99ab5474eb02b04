import { LIMITS } from './limits.js';

/**
 * Checks for showing a value as a link, without building a schema: a module a bundler can take
 * without zod, for elements that only display contacts (`<contact-view>`,
 * `<contact-list>`). The schemas in schema.ts use the same pattern and bounds, so both agree
 * (core's tests compare them).
 */

/**
 * Phone numbers as people write them: E.164 (`+4930123456`), national formats with spaces,
 * dots, dashes and parentheses, and an optional extension (`x123`, `ext. 123`).
 */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().\-/]{1,28}[0-9)](?: ?(?:x|ext\.?|extension) ?[0-9]{1,6})?$/i;

/**
 * zod 4's e-mail pattern (`z.regexes.email`, what `z.email()` checks), copied: importing it from
 * zod takes zod's whole table of patterns (6.6 kB minified). Core's tests fail if the two differ.
 */
// eslint-disable-next-line no-useless-escape -- character for character as zod writes it, so the test can compare sources
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** Whether core's `Email` schema accepts `value`: trimmed, at most `LIMITS.email` characters, `EMAIL_PATTERN`. */
export const isEmailAddress = (value: string): boolean => {
  const trimmed = value.trim();
  return trimmed.length <= LIMITS.email && EMAIL_PATTERN.test(trimmed);
};

/** Whether `value`, trimmed, is written like a phone number (`PHONE_PATTERN`). */
export const isPhoneNumber = (value: string): boolean => PHONE_PATTERN.test(value.trim());
