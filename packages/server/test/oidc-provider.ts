import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** The API identifier the test provider issues access tokens for, and one for another API. */
export const PORTICO_AUDIENCE = 'https://portico.test/api';
export const OTHER_AUDIENCE = 'https://other.test/api';

export interface TestUser {
  /** Claims of the access token besides `sub`: `email`, `email_verified`, the company claim, roles. */
  claims: Record<string, unknown>;
}

export interface TestOpenIdProvider {
  issuer: string;
  /** Signs `login` in through the provider's login page and returns its access token for `audience`. */
  accessToken(login: string, options?: { audience?: string }): Promise<string>;
  /**
   * A new signing key: tokens are signed with it from now on, and the old key is published beside it
   * (`keepOldKey`, the usual overlap) or no longer (a key retired after a leak).
   */
  rotateKeys(options: { keepOldKey: boolean }): Promise<void>;
  /** Requests for the key set so far. */
  readonly jwksRequests: number;
  close(): Promise<void>;
}

const signingKey = async (): Promise<JWK> => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(6).toString('base64url'), alg: 'ES256', use: 'sig' };
};

const CLIENT = { client_id: 'portal', client_secret: 'portal-secret', redirect_uri: 'https://portal.test/callback' };

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1: the portal's identity provider in
 * the tests. It signs users in through its own login page (any login name, no password: its
 * development interactions) and issues JWT access tokens for the resource the portal asks for.
 */
/** `users` by login (their `sub`), or a function that answers for any login (undefined: no such user). */
export const startOpenIdProvider = async (
  users: Record<string, TestUser> | ((login: string) => TestUser | undefined),
  { accessTokenTtlSeconds = 300 } = {},
): Promise<TestOpenIdProvider> => {
  const userOf = (login: string): TestUser | undefined => (typeof users === 'function' ? users(login) : users[login]);
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  let jwksRequests = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/jwks')) jwksRequests++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const providerWith = (keys: JWK[]) => {
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT.client_id, client_secret: CLIENT.client_secret, redirect_uris: [CLIENT.redirect_uri], grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'ES256' }],
      jwks: { keys },
      findAccount: (_ctx, sub) => {
        const user = userOf(sub);
        return user ? { accountId: sub, claims: () => ({ sub, ...user.claims }) } : undefined;
      },
      // The portal's users have agreed to the portal's own client once: no consent page.
      loadExistingGrant: async (ctx) => {
        const accountId = ctx.oidc.session?.accountId;
        if (!accountId) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId });
        grant.addOIDCScope('openid email');
        grant.addResourceScope(PORTICO_AUDIENCE, 'contacts');
        grant.addResourceScope(OTHER_AUDIENCE, 'contacts');
        await grant.save();
        return grant;
      },
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => PORTICO_AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (resource !== PORTICO_AUDIENCE && resource !== OTHER_AUDIENCE) throw new Error(`unknown resource ${resource}`);
            return { scope: 'contacts', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtlSeconds, jwt: { sign: { alg: 'ES256' } } };
          },
        },
      },
      // The portal's claims travel in the access token, where an API reads them.
      extraTokenClaims: (_ctx, token) => ('accountId' in token && typeof token.accountId === 'string' ? userOf(token.accountId)?.claims : undefined),
      ttl: { AccessToken: accessTokenTtlSeconds, AuthorizationCode: 60, Grant: 600, IdToken: 300, Interaction: 600, Session: 600 },
    });
    return provider.callback();
  };

  let keys = [await signingKey()];
  handler = providerWith(keys);

  const accessToken = async (login: string, { audience = PORTICO_AUDIENCE } = {}): Promise<string> => {
    const cookies = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, issuer), {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        const index = pair.indexOf('=');
        cookies.set(pair.slice(0, index), pair.slice(index + 1));
      }
      const text = await response.text();
      return Object.assign(response, { text: () => Promise.resolve(text) });
    };
    const state = randomBytes(8).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URLSearchParams({
      client_id: CLIENT.client_id,
      response_type: 'code',
      redirect_uri: CLIENT.redirect_uri,
      scope: 'openid email',
      resource: audience,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    // The authorization request, the login page and its form, back to the authorization, then the portal's callback.
    let response = await send(`/auth?${authorize}`);
    let code: string | null = null;
    for (let step = 0; step < 8 && !code; step++) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`The provider answered ${response.status} without a redirect: ${(await response.text()).slice(0, 2000)}`);
      const target = new URL(location, issuer);
      if (target.href.startsWith(CLIENT.redirect_uri)) {
        if (target.searchParams.get('error')) throw new Error(`The provider refused: ${target.searchParams.get('error_description')}`);
        code = target.searchParams.get('code');
        break;
      }
      response = target.pathname.startsWith('/interaction/')
        ? await send(target.pathname, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ prompt: 'login', login }).toString() })
        : await send(target.href);
    }
    if (!code) throw new Error('The provider gave no authorization code.');
    const tokenResponse = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CLIENT.redirect_uri,
        client_id: CLIENT.client_id,
        client_secret: CLIENT.client_secret,
        code_verifier: verifier,
        resource: audience,
      }).toString(),
    });
    const body = (await tokenResponse.json()) as { access_token?: string; error_description?: string };
    if (!body.access_token) throw new Error(`No access token: ${body.error_description ?? tokenResponse.status}`);
    return body.access_token;
  };

  return {
    issuer,
    accessToken,
    rotateKeys: async ({ keepOldKey }) => {
      keys = [await signingKey(), ...(keepOldKey ? keys : [])];
      handler = providerWith(keys);
    },
    get jwksRequests() {
      return jwksRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
