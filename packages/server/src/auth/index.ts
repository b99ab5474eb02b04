import type { Viewer } from '@portico/core';
import type { Queryable } from '../db.js';
import { createOidcVerifier, type OidcOptions } from './bearer.js';
import { API_KEY_PREFIX, EMBED_TOKEN_PREFIX, viewerForEmbedToken } from './embed.js';
import { tokenInvalid } from './problems.js';

export { bearerToken, createApiKey, revokeApiKey, embedTokenRoutes, API_KEY_PREFIX, EMBED_TOKEN_PREFIX, EMBED_TOKEN_TTL, EmbedToken, EmbedTokenRequest } from './embed.js';
export type { OidcOptions } from './bearer.js';

/** How requests with `Authorization: Bearer` are signed in, besides the password sessions' cookies. */
export interface AuthOptions {
  /** The portal's OpenID Connect provider; without it only embed tokens are accepted as bearer tokens. */
  oidc?: OidcOptions;
}

/** Resolves a bearer token to its viewer: an embed token (by its prefix) or the portal's JWT. */
export const createAuthenticator = (db: Queryable, options: AuthOptions, now: () => Date) => {
  const oidc = options.oidc ? createOidcVerifier(options.oidc, now) : undefined;
  return {
    viewerForBearer: async (token: string): Promise<Viewer> => {
      if (token.startsWith(EMBED_TOKEN_PREFIX)) return viewerForEmbedToken(db, token, { now });
      if (token.startsWith(API_KEY_PREFIX)) throw tokenInvalid('An API key only mints embed tokens (POST /api/embed-tokens): send the embed token it minted here.');
      if (!oidc) throw tokenInvalid('This server takes no OpenID Connect tokens (it has no oidc option): send an embed token, or sign in.');
      return oidc.viewerFor(db, token);
    },
  };
};
