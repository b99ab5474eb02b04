import { TOKEN_PROBLEM_TYPES, type Viewer } from '@portico/core';
import { startTestServer, type TestServer } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, expectedViewer, isProblem, seed, userIdOf, type ApiResponse } from './helpers.js';
import { OTHER_AUDIENCE, PORTICO_AUDIENCE, startOpenIdProvider, type TestOpenIdProvider, type TestUser } from './oidc-provider.js';

/**
 * The portal's identity through OpenID Connect: a real provider (oidc-provider on 127.0.0.1) signs
 * the portal's users in and issues JWT access tokens; the reference server verifies them against
 * the provider's published keys and maps their claims to a contact and a company.
 */

const alice = userIdOf('admin');
const greta = userIdOf('other_tenant_admin');
const aliceEmail = seed.contacts.find((contact) => contact.id === expectedViewer('admin').contactId)!.email;

/** The portal's users at its provider, by login (the token's `sub`); a test may change a claim for a while. */
const users: Record<string, TestUser> = {
  [alice]: { claims: { email: aliceEmail, email_verified: true, org: 'acme-corp' } },
  [greta]: { claims: { org: 'globex-inc' } },
  'nobody.here': { claims: { org: 'acme-corp' } },
};

let provider: TestOpenIdProvider;
let server: TestServer;
/** The server's clock runs `skew` milliseconds ahead of the real one, to outlive a token. */
let skew = 0;

before(async () => {
  provider = await startOpenIdProvider(users);
  server = await startTestServer({
    now: () => new Date(Date.now() + skew),
    auth: {
      oidc: {
        issuer: provider.issuer,
        audience: PORTICO_AUDIENCE,
        clockToleranceSeconds: 5,
        // No wait before fetching the keys again for an unknown key id, so a rotation shows at once.
        keys: { cooldownMs: 0 },
        company: { claim: 'org', accounts: { 'acme-corp': 'acme', 'globex-inc': 'globex' } },
      },
    },
  });
});

after(async () => {
  await server?.close();
  await provider?.close();
});

const me = (token: string) => api(server, '/api/me', { headers: { authorization: `Bearer ${token}` } });

/** The viewer, its scope in a stable order (the server lists accounts by name). */
const sorted = (viewer: Viewer) => ({ ...viewer, scope: [...viewer.scope].sort() });

const assertTokenProblem = (response: ApiResponse, status: number, type: string) => {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.ok(isProblem(response));
  assert.equal(response.body.type, type);
};

test('a valid access token of the portal signs its user in as the matching contact', async () => {
  const response = await me(await provider.accessToken(alice));
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.deepEqual(sorted(response.body), sorted(expectedViewer('admin')));
});

test('a bearer request writes without a CSRF token and without cookies', async () => {
  const token = await provider.accessToken(alice);
  const target = seed.contacts.find((contact) => contact.accountId === 'acme' && contact.roles.length === 0)!;
  const response = await api(server, `/api/contacts/${target.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}` }, body: { jobTitle: 'Renamed by bearer' } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.jobTitle, 'Renamed by bearer');
});

test('an expired token is refused with the token-expired problem and a WWW-Authenticate challenge', async (t) => {
  const token = await provider.accessToken(alice);
  t.after(() => (skew = 0));
  // The provider's tokens live 300 s; the server tolerates 5 s of clock difference.
  skew = 306_000;
  const response = await me(token);
  assertTokenProblem(response, 401, TOKEN_PROBLEM_TYPES.expired);
  assert.equal(response.body.code, 'unauthenticated');
  assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
});

test('a token for another API (wrong audience) is refused as invalid', async () => {
  const response = await me(await provider.accessToken(alice, { audience: OTHER_AUDIENCE }));
  assertTokenProblem(response, 401, TOKEN_PROBLEM_TYPES.invalid);
  assert.match(response.body.detail, /"aud"/);
});

test('a token signed by someone else than the issuer is refused as invalid', async () => {
  const token = await provider.accessToken(alice);
  const [header, payload] = token.split('.');
  const forged = `${header}.${payload}.${Buffer.alloc(64, 1).toString('base64url')}`;
  assertTokenProblem(await me(forged), 401, TOKEN_PROBLEM_TYPES.invalid);
  assertTokenProblem(await me('not-a-token'), 401, TOKEN_PROBLEM_TYPES.invalid);
});

describe('key rotation', () => {
  test('tokens signed with a new key are taken once the issuer publishes it; a retired key is refused', async () => {
    const before = await provider.accessToken(alice);
    assert.equal((await me(before)).status, 200);
    const fetches = provider.jwksRequests;
    // The keys are cached: another request does not fetch them again.
    assert.equal((await me(before)).status, 200);
    assert.equal(provider.jwksRequests, fetches);

    await provider.rotateKeys({ keepOldKey: true });
    const after = await provider.accessToken(alice);
    assert.equal((await me(after)).status, 200, 'a token signed with the new key');
    assert.ok(provider.jwksRequests > fetches, 'the unknown key id made the server fetch the keys again');
    assert.equal((await me(before)).status, 200, 'the old key is still published');

    await provider.rotateKeys({ keepOldKey: false });
    const latest = await provider.accessToken(alice);
    assert.equal((await me(latest)).status, 200);
    // `before`'s key is gone from the published set now (it was two rotations ago, and not kept).
    assertTokenProblem(await me(before), 401, TOKEN_PROBLEM_TYPES.invalid);
  });
});

test('a valid token whose subject is no contact with a login is refused (403 unknown-subject)', async () => {
  const response = await me(await provider.accessToken('nobody.here'));
  assertTokenProblem(response, 403, TOKEN_PROBLEM_TYPES.unknownSubject);
  assert.equal(response.body.code, 'forbidden');
});

test("a token of another company is refused (403 other-company); that company's own user's token works", async (t) => {
  // The portal's provider says Alice's user is Globex's now; Portico's Alice is Acme's.
  users[alice]!.claims['org'] = 'globex-inc';
  t.after(() => (users[alice]!.claims['org'] = 'acme-corp'));
  assertTokenProblem(await me(await provider.accessToken(alice)), 403, TOKEN_PROBLEM_TYPES.otherCompany);

  const gretaResponse = await me(await provider.accessToken(greta));
  assert.equal(gretaResponse.status, 200);
  assert.deepEqual(sorted(gretaResponse.body), sorted(expectedViewer('other_tenant_admin')));
});

test('a token naming a company this server does not know is refused (403 other-company)', async (t) => {
  users[alice]!.claims['org'] = 'initrode';
  t.after(() => (users[alice]!.claims['org'] = 'acme-corp'));
  assertTokenProblem(await me(await provider.accessToken(alice)), 403, TOKEN_PROBLEM_TYPES.otherCompany);
});

describe('claims mapped by configuration', () => {
  let byEmail: TestServer;
  before(async () => {
    byEmail = await startTestServer({
      auth: {
        oidc: {
          issuer: provider.issuer,
          audience: PORTICO_AUDIENCE,
          contact: { match: 'email' },
          company: { claim: 'org', accounts: { 'acme-corp': 'acme', 'globex-inc': 'globex' } },
          roles: { claim: 'portal_roles', map: { 'portal-admins': 'admin', 'portal-contacts': 'edit_contacts' } },
        },
      },
    });
  });
  after(async () => {
    await byEmail?.close();
  });

  test("a contact found by the token's verified e-mail address, its roles narrowed to those the token maps", async () => {
    const token = await provider.accessToken(alice);
    const response = await api(byEmail, '/api/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.contactId, expectedViewer('admin').contactId);
    // Alice's token carries no portal_roles: her administrator role is not granted by it.
    assert.deepEqual(response.body.roles, []);
    assert.deepEqual(response.body.scope, ['acme']);
  });

  test('a token without a verified e-mail address names no contact (403 unknown-subject)', async (t) => {
    users[alice]!.claims['email_verified'] = false;
    t.after(() => (users[alice]!.claims['email_verified'] = true));
    const token = await provider.accessToken(alice);
    assertTokenProblem(await api(byEmail, '/api/me', { headers: { authorization: `Bearer ${token}` } }), 403, TOKEN_PROBLEM_TYPES.unknownSubject);
  });

  test('roles the token maps narrow the contact\'s own roles', async (t) => {
    users[alice]!.claims['portal_roles'] = ['portal-admins', 'portal-contacts'];
    t.after(() => delete users[alice]!.claims['portal_roles']);
    const response = await api(byEmail, '/api/me', { headers: { authorization: `Bearer ${await provider.accessToken(alice)}` } });
    // Alice holds admin only: the token's edit_contacts adds nothing.
    assert.deepEqual(sorted(response.body), sorted(expectedViewer('admin')));
  });
});
