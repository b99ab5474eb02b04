import { LIMITS } from '@portico/core';
import { z } from 'zod';

/** Request bodies only the reference server has (the core client interface has no use for them). */

export const PasswordResetConfirm = z.strictObject({
  token: z.string().min(1).max(200),
  password: z
    .string()
    .min(LIMITS.passwordMin, { error: `Password must be at least ${LIMITS.passwordMin} characters.` })
    .max(LIMITS.password, { error: `Password must be at most ${LIMITS.password} characters.` }),
});

export const DemoSignInBody = z.strictObject({ userId: z.string().min(1).max(LIMITS.userId) });

export const DemoViewerSchema = z.object({
  role: z.enum(['admin', 'customer_admin', 'partner_admin', 'contact_editor', 'contact', 'other_tenant_admin']),
  label: z.string(),
  contactId: z.string(),
  userId: z.string(),
  partnerAccountIds: z.array(z.string()),
});

export const AuditEntry = z.object({
  id: z.string(),
  actorContactId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  accountId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: z.iso.datetime({ offset: true }),
});
