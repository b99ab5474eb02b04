import type { z } from 'zod/mini';
import type { FieldError } from './schema.js';

/** Turns zod issues into field errors named by dotted path, the shape problem documents carry. */
export const fieldErrorsFrom = (error: z.core.$ZodError): FieldError[] =>
  error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `Unknown or read-only field: ${issue.keys.join(', ')}.` : issue.message,
    // A custom check may name its own code (`invisible_characters`), so a page can translate it.
    code: issue.code === 'custom' && typeof issue.params?.['code'] === 'string' ? (issue.params['code'] as string) : issue.code,
  }));

/** Field errors keyed by field, for forms. */
export const errorsByField = (errors: readonly FieldError[]): Record<string, string[]> => {
  const result: Record<string, string[]> = {};
  for (const error of errors) (result[error.field] ??= []).push(error.message);
  return result;
};
