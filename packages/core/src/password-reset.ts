import * as z from 'zod/mini';
import { LIMITS } from './limits.js';

// Its own module, not in schema.ts: a bundler drops a whole unused module of this side-effect-free
// package but never a single schema (building one is a call), and this is the only discriminated
// union, which brings zod's union and literal code. A page without <password-reset> saves about
// 0.9 kB gzip (ADR 0007).

/**
 * The password reset procedures of the sources: e-mail a link valid 12 hours (seed 002),
 * e-mail a generated temporary password to be changed at next sign-in (seed 000), or let an
 * admin set a password the contact must change at next sign-in (seed 001).
 */
export const PasswordReset = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('link') }),
  z.strictObject({ mode: z.literal('temporary') }),
  z.strictObject({
    mode: z.literal('set'),
    password: z.string().check(
      z.minLength(LIMITS.passwordMin, { error: `Password must be at least ${LIMITS.passwordMin} characters.` }),
      z.maxLength(LIMITS.password, { error: `Password must be at most ${LIMITS.password} characters.` }),
    ),
  }),
]);
export type PasswordReset = z.infer<typeof PasswordReset>;
