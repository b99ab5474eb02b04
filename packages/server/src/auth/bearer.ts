import { computeScope, type Viewer } from '@portico/core';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Queryable } from '../db.js';
import { listAccounts, viewerOf } from '../store.js';
import { issuerUnreachable, otherCompany, tokenExpired, tokenInvalid, unknownSubject } from './problems.js';

/**
 * How the server accepts the portal's OpenID Connect / OAuth 2 access tokens (`Authorization: Bearer`).
 * The token is checked against the issuer's published keys; its claims name the contact (and may
 * name the company and narrow the roles). The viewer is then that contact's, exactly as a password
 * session of the contact would have it (docs/embedding.md, "Identity").
 */
export interface OidcOptions {
  /** The `iss` the tokens carry, e.g. `https://login.portal.example/`. */
  issuer: string;
  /** The `aud` the tokens must carry (one of them): the identifier the portal's provider gives this API. */
  audience: string | string[];
  /** Where the keys are; default: `jwks_uri` from the issuer's `/.well-known/openid-configuration`. */
  jwksUri?: string;
  /** Signature algorithms accepted; default `RS256`, `PS256`, `ES256`, `EdDSA` (never `none` or HMAC). */
  algorithms?: string[];
  /** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`; default 30. */
  clockToleranceSeconds?: number;
  /** Key cache: how long fetched keys are used (default 10 minutes) and how soon an unknown `kid` may fetch again (default 30 s). */
  keys?: { cacheMaxAgeMs?: number; cooldownMs?: number; timeoutMs?: number };
  /**
   * Which contact a token is: the claim (default `sub`, or `email` when matching by e-mail) compared
   * with the contact's `userId` (default), its `contactId`, or its `email`. Matching by e-mail takes
   * only tokens whose `email_verified` is true unless `requireVerifiedEmail` is false.
   */
  contact?: { match?: 'userId' | 'contactId' | 'email'; claim?: string; requireVerifiedEmail?: boolean };
  /**
   * The company a token is for: the claim holding it and, optionally, a map from its values to
   * Portico company (root account) ids; without a map the value is the id. A token whose company is
   * not the matched contact's is refused (403). Without this option the contact's own company counts.
   */
  company?: { claim: string; accounts?: Record<string, string> };
  /**
   * Roles from the token: the claim (a list or a space-separated string) and a map from its values
   * to Portico role ids. They narrow the contact's own roles (the intersection) and never add one:
   * roles are assigned in Portico, where the rules on who may hold which role are enforced.
   */
  roles?: { claim: string; map: Record<string, string> };
}

const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

const claimText = (payload: JWTPayload, claim: string): string | undefined => {
  const value = payload[claim];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const claimList = (payload: JWTPayload, claim: string): string[] => {
  const value = payload[claim];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
};

/** Finds the keys' address once (discovery), then verifies tokens against the cached, rotating key set. */
export const createOidcVerifier = (options: OidcOptions, now: () => Date) => {
  const { contact: { match = 'userId', claim: contactClaim = match === 'email' ? 'email' : 'sub', requireVerifiedEmail = true } = {} } = options;
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const discover = async (): Promise<URL> => {
    if (options.jwksUri) return new URL(options.jwksUri);
    const where = `${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(where, { signal: AbortSignal.timeout(options.keys?.timeoutMs ?? 5000) });
    if (!response.ok) throw new Error(`${where} answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error(`${where} names no jwks_uri`);
    return new URL(jwksUri);
  };

  const keys = () => {
    keySet ??= discover().then((url) =>
      createRemoteJWKSet(url, {
        cacheMaxAge: options.keys?.cacheMaxAgeMs ?? 10 * 60_000,
        cooldownDuration: options.keys?.cooldownMs ?? 30_000,
        timeoutDuration: options.keys?.timeoutMs ?? 5000,
      }),
    );
    // A failed discovery is tried again at the next request rather than remembered.
    keySet.catch(() => (keySet = undefined));
    return keySet;
  };

  /** The token's claims once its signature, issuer, audience, algorithm and times hold; else the 401 that says which. */
  const verify = async (token: string): Promise<JWTPayload> => {
    let jwks;
    try {
      jwks = await keys();
    } catch (error) {
      throw issuerUnreachable(`The identity provider's keys could not be found (${error instanceof Error ? error.message : String(error)}).`);
    }
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms ?? DEFAULT_ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds ?? 30,
        currentDate: now(),
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw tokenExpired();
      if (error instanceof errors.JWTClaimValidationFailed) throw tokenInvalid(`The token's "${error.claim}" claim is not accepted here (${error.reason}).`);
      if (error instanceof errors.JWKSNoMatchingKey) throw tokenInvalid("The token is signed with a key the identity provider does not publish (any more).");
      if (error instanceof errors.JWSSignatureVerificationFailed) throw tokenInvalid('The token\'s signature does not verify.');
      if (error instanceof errors.JOSEAlgNotAllowed) throw tokenInvalid('The token is signed with an algorithm this server does not accept.');
      if (error instanceof errors.JWKSTimeout || (error instanceof Error && !(error instanceof errors.JOSEError))) {
        throw issuerUnreachable(`The identity provider's keys could not be fetched (${error.message}).`);
      }
      throw tokenInvalid('The bearer token is not a valid signed token.');
    }
  };

  const findContactId = async (db: Queryable, payload: JWTPayload): Promise<string[]> => {
    const value = claimText(payload, contactClaim);
    if (!value) throw unknownSubject(`The token has no "${contactClaim}" claim to find the contact by.`);
    if (match === 'contactId') return [value];
    if (match === 'userId') {
      const { rows } = await db.query<{ contact_id: string }>('select contact_id from users where lower(user_id) = lower($1) and contact_id is not null', [value]);
      return rows.map((row) => row.contact_id);
    }
    if (requireVerifiedEmail && payload['email_verified'] !== true) throw unknownSubject('The token\'s e-mail address is not verified (email_verified), so it names no contact.');
    const { rows } = await db.query<{ id: string }>('select id from contacts where lower(email) = lower($1) order by id', [value]);
    return rows.map((row) => row.id);
  };

  /** The viewer a verified token is, or the 403 that says why it is none. */
  const viewerFor = async (db: Queryable, token: string): Promise<Viewer> => {
    const payload = await verify(token);
    let company: string | undefined;
    if (options.company) {
      const value = claimText(payload, options.company.claim);
      company = value === undefined ? undefined : options.company.accounts ? options.company.accounts[value] : value;
      if (!company) throw otherCompany(`The token's "${options.company.claim}" claim names no company this server knows.`);
    }
    const viewers = (await Promise.all((await findContactId(db, payload)).map((id) => viewerOf(db, id)))).filter((viewer): viewer is Viewer => viewer !== undefined);
    // An e-mail address may be a contact's in more than one company: the token's company decides.
    const candidates = company ? viewers.filter((viewer) => viewer.tenantId === company) : viewers;
    if (candidates.length === 0 && viewers.length > 0) throw otherCompany("The token's company is not the company of the contact it names.");
    if (candidates.length !== 1) {
      throw unknownSubject(candidates.length === 0 ? 'No contact with an active login matches the token.' : 'More than one contact matches the token: tell them apart by the company claim.');
    }
    const viewer = candidates[0]!;
    if (!options.roles) return viewer;
    const { claim, map } = options.roles;
    const granted = new Set(claimList(payload, claim).map((value) => map[value]).filter(Boolean));
    const roles = viewer.roles.filter((role) => granted.has(role));
    if (roles.length === viewer.roles.length) return viewer;
    return { ...viewer, roles, scope: computeScope({ ...viewer, roles }, await listAccounts(db)) };
  };

  return { verify, viewerFor };
};
