/** The mails the server sends about logins and passwords (to the outbox, store.ts sendMail). */
import { displayName, type Contact } from '@portico/core';
import type { ServerContext } from './context.js';
import { hashToken, randomToken } from './crypto.js';
import type { Queryable } from './db.js';
import { cancelResetLinks, sendMail } from './store.js';

export const RESET_LINK_VALIDITY_MS = 12 * 60 * 60 * 1000;

/** Mails a single-use link to choose a password, valid 12 hours (seed 002). */
export const mailResetLink = async ({ now, linkBase }: ServerContext, tx: Queryable, contact: Contact, purpose: 'created' | 'reset'): Promise<Date> => {
  const at = now();
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
  const link = `${linkBase()}/reset-password?token=${encodeURIComponent(token)}`;
  const intro = purpose === 'created' ? `A login with the user ID ${contact.userId} was created for you.` : 'A password reset was requested for your login.';
  await sendMail(
    tx,
    {
      to: contact.email,
      subject: purpose === 'created' ? 'Your portal login' : 'Reset your portal password',
      body: `Hello ${displayName(contact)},\n\n${intro} Choose your password within 12 hours with this link:\n${link}\n`,
      contactId: contact.id,
      accountId: contact.accountId,
    },
    at,
  );
  return expiresAt;
};

export const mailTemporaryPassword = (tx: Queryable, contact: Contact, password: string, at: Date): Promise<void> =>
  sendMail(
    tx,
    {
      to: contact.email,
      subject: 'Your temporary portal password',
      body: `Hello ${displayName(contact)},\n\nYour temporary password is ${password}. You will be asked to change it when you next sign in.\n`,
      contactId: contact.id,
      accountId: contact.accountId,
    },
    at,
  );

/**
 * The credentials follow the address: links mailed to the old one stop working, and the old
 * address hears of the change (without the new one, which its reader may not be meant to know).
 */
export const addressChanged = async (tx: Queryable, before: Contact, at: Date): Promise<void> => {
  const cancelled = await cancelResetLinks(tx, before.id, at);
  if (before.login.state === 'none' && cancelled === 0) return;
  await sendMail(
    tx,
    {
      to: before.email,
      subject: 'Your portal e-mail address was changed',
      body: `Hello ${displayName(before)},\n\nThe e-mail address of your portal login was changed from this address to another one. Password reset links sent here no longer work. If you did not expect this, tell your administrator.\n`,
      contactId: before.id,
      accountId: before.accountId,
    },
    at,
  );
};
