import { createApiKey } from '@portico/server';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import { PORTICO_AUDIENCE, startOpenIdProvider } from './oidc-provider.js';

/** The ways a contact becomes a viewer: a password session, an embed token, the portal's OpenID Connect token. */
export type AuthPath = 'password' | 'embed' | 'oidc';

/**
 * Which path the permission matrix (permissions.test.ts) signs in by. permissions-embed.test.ts and
 * permissions-oidc.test.ts set it before they import the matrix, which then runs unchanged.
 */
export const matrix: { path: AuthPath } = { path: 'password' };

const bearerSession = (token: string): TestSession => ({ cookie: '', csrfToken: '', headers: { authorization: `Bearer ${token}` } });

/** A test server whose `signIn(userId)` signs the contact in by `path`; it fails as a password sign-in does for a contact without an active login. */
export const startServerFor = async (path: AuthPath): Promise<TestServer> => {
  if (path === 'password') return startTestServer();
  if (path === 'embed') {
    const server = await startTestServer();
    return {
      ...server,
      // What a portal's back end does for its signed-in user: mint a token with its company's key.
      signIn: async (userId) => {
        const { rows } = await server.db.query<{ tenant_id: string }>('select c.tenant_id from users u join contacts c on c.id = u.contact_id where lower(u.user_id) = lower($1)', [userId]);
        const company = rows[0]?.tenant_id;
        if (!company) throw new Error(`No contact has the user ID ${userId}.`);
        const { key } = await createApiKey(server.db, { companyId: company, name: 'matrix' });
        const response = await fetch(`${server.url}/api/embed-tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ userId }),
        });
        if (response.status !== 201) throw new Error(`Minting a token for ${userId} failed with ${response.status}: ${await response.text()}`);
        return bearerSession(((await response.json()) as { token: string }).token);
      },
    };
  }
  // Every login is a user at the portal's provider; its `sub` is the Portico user ID.
  const provider = await startOpenIdProvider(() => ({ claims: {} }));
  const server = await startTestServer({ auth: { oidc: { issuer: provider.issuer, audience: PORTICO_AUDIENCE } } });
  return {
    ...server,
    signIn: async (userId) => {
      const session = bearerSession(await provider.accessToken(userId));
      const me = await fetch(`${server.url}/api/me`, { headers: session.headers });
      if (me.status !== 200) throw new Error(`${userId}'s token was refused with ${me.status}: ${await me.text()}`);
      return session;
    },
    close: async () => {
      await server.close();
      await provider.close();
    },
  };
};
