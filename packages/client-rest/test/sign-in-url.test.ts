// A 401 says where to sign in when the host names its sign-in page (`signInUrl`, the bundle's
// `sign-in-url`), against the reference server.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ContactsError } from '@portico/core';
import { RestContactsClient } from '@portico/client-rest';
import { startTestServer, type TestServer } from '@portico/server/testing';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.close();
});

const refusal = async (client: RestContactsClient): Promise<ContactsError> => {
  try {
    await client.me();
  } catch (error) {
    assert.ok(error instanceof ContactsError);
    return error;
  }
  assert.fail('me() did not fail');
};

it('a 401 points to the sign-in page the host names', async () => {
  const error = await refusal(new RestContactsClient({ baseUrl: `${server.url}/api`, signInUrl: 'https://portal.example/sign-in' }));
  assert.equal(error.code, 'unauthenticated');
  assert.equal(error.message, 'Sign in to continue. Sign in at https://portal.example/sign-in.');
});

it('without a sign-in page, a 401 says what the server says', async () => {
  const error = await refusal(new RestContactsClient({ baseUrl: `${server.url}/api` }));
  assert.equal(error.code, 'unauthenticated');
  assert.equal(error.message, 'Sign in to continue.');
});
