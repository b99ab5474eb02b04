/**
 * Idempotent creates: a retry with the same `Idempotency-Key` (per viewer) answers with the first
 * result instead of creating a second record; the same key with another body is a 409.
 */
import type { Contact } from '@portico/core';
import { etag, type Ctx } from './context.js';
import { sha256 } from './crypto.js';
import type { Queryable } from './db.js';
import { conflict, HttpProblem } from './problems.js';

export interface IdempotentRequest {
  key: string | undefined;
  viewerContactId: string;
  requestHash: string;
}

/** The request's key (400 when empty or over 200 characters) and the hash of its body. */
export const idempotentRequest = (c: Ctx, viewerContactId: string, body: unknown): IdempotentRequest => {
  const key = c.req.header('Idempotency-Key');
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw new HttpProblem(400, 'validation', 'The Idempotency-Key header must be 1 to 200 characters.');
  }
  return { key, viewerContactId, requestHash: sha256(JSON.stringify(body)) };
};

/** The first result again when this key was used before (409 if for a different body), else undefined. */
export const replayCreate = async (q: Queryable, c: Ctx, { key, viewerContactId, requestHash }: IdempotentRequest): Promise<Response | undefined> => {
  if (!key) return undefined;
  const { rows } = await q.query<{ request_hash: string; contact_id: string; response: Contact }>(
    'select request_hash, contact_id, response from idempotency_keys where key = $1 and viewer_contact_id = $2',
    [key, viewerContactId],
  );
  const earlier = rows[0];
  if (!earlier) return undefined;
  if (earlier.request_hash !== requestHash) throw conflict('This idempotency key was already used for a different contact.');
  c.header('Location', `/api/contacts/${earlier.contact_id}`);
  c.header('ETag', etag(earlier.response));
  c.header('Idempotency-Replayed', 'true');
  return c.json(earlier.response, 201);
};

/** Keeps the result under the key, in the transaction that created it. */
export const rememberCreate = async (tx: Queryable, { key, viewerContactId, requestHash }: IdempotentRequest, contact: Contact, at: string): Promise<void> => {
  if (!key) return;
  await tx.query(
    'insert into idempotency_keys (key, viewer_contact_id, request_hash, contact_id, response, created_at) values ($1, $2, $3, $4, $5::jsonb, $6)',
    [key, viewerContactId, requestHash, contact.id, JSON.stringify(contact), at],
  );
};
