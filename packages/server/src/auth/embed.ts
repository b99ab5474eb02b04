import type { Viewer } from '@portico/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../context.js';
import { declare, json, jsonBody, problem, type Operation } from '../routes/doc.js';
import { z } from 'zod';
import type { Queryable } from '../db.js';
import { hashToken, newId, randomToken } from '../crypto.js';
import { readJson } from '../edge.js';
import { notFound, validationProblem, forbidden } from '../problems.js';
import { viewerOf } from '../store.js';
import { writeAudit } from '../audit.js';
import { otherCompany, tokenExpired, tokenInvalid, unknownSubject } from './problems.js';

/** What an API key starts with, so a leaked one is recognised (and a bearer slot can tell it apart). */
export const API_KEY_PREFIX = 'portico_ak_';
/** What an embed token starts with. */
export const EMBED_TOKEN_PREFIX = 'portico_et_';

export const EMBED_TOKEN_TTL = { defaultSeconds: 15 * 60, minSeconds: 60, maxSeconds: 60 * 60 } as const;

/** `POST /api/embed-tokens`: the contact, by one of its ids, and how long the token lives. */
export const EmbedTokenRequest = z
  .strictObject({
    contactId: z.string().min(1).max(100).optional(),
    userId: z.string().min(1).max(200).optional(),
    ttlSeconds: z.number().int().min(EMBED_TOKEN_TTL.minSeconds).max(EMBED_TOKEN_TTL.maxSeconds).optional(),
  })
  .refine((body) => (body.contactId === undefined) !== (body.userId === undefined), { error: 'Name the contact by contactId or by userId (one of them).', path: ['contactId'] });

export const EmbedToken = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  contactId: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  expiresIn: z.number().int(),
});
export type EmbedToken = z.infer<typeof EmbedToken>;

/**
 * Creates an API key for one company (a root account): the key is returned once, only its hash is
 * kept. `portico-api-key create --company <id> --name <label>` calls this.
 */
export const createApiKey = async (db: Queryable, { companyId, name }: { companyId: string; name: string }, at = new Date()): Promise<{ id: string; key: string }> => {
  const { rows } = await db.query<{ parent_id: string | null }>('select parent_id from accounts where id = $1', [companyId]);
  if (!rows[0]) throw new Error(`There is no account ${companyId}.`);
  if (rows[0].parent_id !== null) throw new Error(`${companyId} is not a company (a root account): an API key belongs to a whole company.`);
  const id = newId('key');
  const key = `${API_KEY_PREFIX}${randomToken()}`;
  await db.query('insert into api_keys (id, key_hash, account_id, name, created_at) values ($1, $2, $3, $4, $5)', [id, hashToken(key), companyId, name, at.toISOString()]);
  return { id, key };
};

/** Revokes an API key; the embed tokens it minted stop working with it. */
export const revokeApiKey = async (db: Queryable, id: string, at = new Date()): Promise<boolean> => {
  const { rows } = await db.query('update api_keys set revoked_at = $2 where id = $1 and revoked_at is null returning id', [id, at.toISOString()]);
  return rows.length > 0;
};

/** The bearer token of a request, or undefined without an `Authorization: Bearer` header. */
export const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
};

interface EmbedOptions {
  now: () => Date;
}

/** The viewer an embed token stands for: its contact's, as long as the token, its key and the contact's login hold. */
export const viewerForEmbedToken = async (db: Queryable, token: string, { now }: EmbedOptions): Promise<Viewer> => {
  const { rows } = await db.query<{ contact_id: string; expires_at: Date | string; account_id: string }>(
    `select t.contact_id, t.expires_at, k.account_id from embed_tokens t join api_keys k on k.id = t.api_key_id
     where t.token_hash = $1 and k.revoked_at is null`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) throw tokenInvalid('The embed token is unknown or its API key was revoked.');
  if (new Date(row.expires_at).getTime() <= now().getTime()) throw tokenExpired();
  const viewer = await viewerOf(db, row.contact_id);
  if (!viewer) throw unknownSubject("The embed token's contact has no active login any more.");
  if (viewer.tenantId !== row.account_id) throw otherCompany("The embed token's contact is no longer in the API key's company.");
  return viewer;
};

/**
 * `POST /api/embed-tokens` with `Authorization: Bearer <API key>`: a short-lived token for one
 * contact of the key's company, for the portal's back end to hand to its page (docs/embedding.md).
 */
const mintEmbedToken: Operation = {
  method: 'post',
  path: '/embed-tokens',
  summary: 'Mint an embed token for one contact (the portal\'s back end, with its API key)',
  operationId: 'mintEmbedToken',
  tags: ['session'],
  security: [{ apiKey: [] }] as unknown as [],
  request: { body: jsonBody('EmbedTokenRequest') },
  responses: {
    '201': json('A token that acts as the contact, with its permissions, until `expiresAt`.', 'EmbedToken'),
    '400': problem('Invalid body: name the contact by `contactId` or `userId`; `ttlSeconds` 60 to 3600.'),
    '401': problem('No API key, or an unknown or revoked one (`token-invalid`).'),
    '403': problem('The contact has no active login.'),
    '404': problem('No such contact in the API key\'s company (another company\'s contact reads the same).'),
  },
};

/** The module of `POST /api/embed-tokens`, mounted under `/api` like the route modules. */
export const embedTokenRoutes = (db: Queryable, { now }: EmbedOptions): OpenAPIHono<Env> => {
  const app = new OpenAPIHono<Env>();
  declare(app, mintEmbedToken, async (c) => {
    const key = bearerToken(c.req.header('authorization'));
    if (!key?.startsWith(API_KEY_PREFIX)) throw tokenInvalid(`Send an API key as "Authorization: Bearer ${API_KEY_PREFIX}…".`);
    const { rows: keys } = await db.query<{ id: string; account_id: string }>('select id, account_id from api_keys where key_hash = $1 and revoked_at is null', [hashToken(key)]);
    const apiKey = keys[0];
    if (!apiKey) throw tokenInvalid('The API key is unknown or revoked.');
    const parsed = EmbedTokenRequest.safeParse(await readJson(c));
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data;
    const { rows: contacts } = await db.query<{ id: string }>(
      body.contactId !== undefined
        ? 'select id from contacts where id = $1 and tenant_id = $2'
        : 'select c.id from users u join contacts c on c.id = u.contact_id where lower(u.user_id) = lower($1) and c.tenant_id = $2',
      [body.contactId ?? body.userId, apiKey.account_id],
    );
    // Another company's contact reads as missing: a key learns nothing outside its company.
    const contactId = contacts[0]?.id;
    if (!contactId) throw notFound();
    if (!(await viewerOf(db, contactId))) throw forbidden('This contact has no active login, so no token can act for it.');
    const at = now();
    const ttl = body.ttlSeconds ?? EMBED_TOKEN_TTL.defaultSeconds;
    const expiresAt = new Date(at.getTime() + ttl * 1000);
    const token = `${EMBED_TOKEN_PREFIX}${randomToken()}`;
    // Tokens a day past their expiry are gone for good; younger ones still answer "expired".
    await db.query('delete from embed_tokens where expires_at < $1', [new Date(at.getTime() - 24 * 60 * 60 * 1000).toISOString()]);
    await db.query('insert into embed_tokens (token_hash, api_key_id, contact_id, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
      hashToken(token),
      apiKey.id,
      contactId,
      at.toISOString(),
      expiresAt.toISOString(),
    ]);
    await writeAudit(db, { actorContactId: null, action: 'embed_token.mint', targetType: 'session', targetId: contactId, accountId: apiKey.account_id, after: { apiKeyId: apiKey.id, ttlSeconds: ttl } }, at);
    c.header('cache-control', 'no-store');
    return c.json({ token, tokenType: 'Bearer', contactId, expiresAt: expiresAt.toISOString(), expiresIn: ttl } satisfies EmbedToken, 201);
  });
  return app;
};
