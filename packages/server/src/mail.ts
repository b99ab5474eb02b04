/**
 * The mails the server sends about logins and passwords: written to the outbox in the caller's
 * transaction (store.ts sendMail), in the recipient's language (mail/templates.ts), and sent by the
 * mail relay once that transaction has committed (mail/relay.ts) when the server has one.
 */
import { displayName, type Contact } from '@portico/core';
import type { ServerContext } from './context.js';
import { hashToken, randomToken } from './crypto.js';
import type { Queryable } from './db.js';
import type { MailTemplate } from './mail/templates.js';
import { cancelResetLinks, sendMail } from './store.js';

export const RESET_LINK_VALIDITY_MS = 12 * 60 * 60 * 1000;

/** The portal's address for a mail's footer; undefined when the server has no public URL. */
const portalUrl = ({ linkBase }: ServerContext): string | undefined => {
  try {
    return linkBase();
  } catch {
    return undefined;
  }
};

/** Writes a mail to `contact` in the transaction; the relay sends it once that has committed. */
const mailTo = (context: ServerContext, tx: Queryable, contact: Contact, template: MailTemplate, at: Date): Promise<void> =>
  sendMail(
    tx,
    {
      to: contact.email,
      template,
      language: contact.language ?? null,
      contactId: contact.id,
      accountId: contact.accountId,
      deliver: context.deliverMail,
      portalUrl: portalUrl(context),
    },
    at,
  );

/** Mails a single-use link to choose a password, valid 12 hours (seed 002). */
export const mailResetLink = async (context: ServerContext, tx: Queryable, contact: Contact, purpose: 'created' | 'reset'): Promise<Date> => {
  const at = context.now();
  const expiresAt = new Date(at.getTime() + RESET_LINK_VALIDITY_MS);
  const token = randomToken();
  // A new link replaces older ones, so only the latest mail works.
  await cancelResetLinks(tx, contact.id, at);
  await tx.query('insert into password_reset_tokens (token_hash, contact_id, created_at, expires_at) values ($1, $2, $3, $4)', [
    hashToken(token),
    contact.id,
    at.toISOString(),
    expiresAt.toISOString(),
  ]);
  const link = `${context.linkBase()}/reset-password?token=${encodeURIComponent(token)}`;
  const name = displayName(contact);
  await mailTo(context, tx, contact, purpose === 'created' ? { kind: 'login-created', name, userId: contact.userId ?? '', link } : { kind: 'password-reset', name, link }, at);
  return expiresAt;
};

export const mailTemporaryPassword = (context: ServerContext, tx: Queryable, contact: Contact, password: string, at: Date): Promise<void> =>
  mailTo(context, tx, contact, { kind: 'temporary-password', name: displayName(contact), password }, at);

/**
 * The credentials follow the address: links mailed to the old one stop working, and the old
 * address hears of the change (without the new one, which its reader may not be meant to know).
 */
export const addressChanged = async (context: ServerContext, tx: Queryable, before: Contact, at: Date): Promise<void> => {
  const cancelled = await cancelResetLinks(tx, before.id, at);
  if (before.login.state === 'none' && cancelled === 0) return;
  await mailTo(context, tx, before, { kind: 'address-changed', name: displayName(before) }, at);
};
