import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ContactsError, createSeedData } from '@portico/core';
import { RestContactsClient, type RestClientOptions } from '@portico/client-rest';

/**
 * The transport: headers, retries, and how every kind of failure becomes a ContactsError.
 * A small HTTP server on 127.0.0.1 plays the backend; the behaviour of the contract itself is
 * tested against the reference server in test/contract.
 */

interface Seen {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Seen, response: ServerResponse) => void;

const contact = createSeedData({ count: 10 }).contacts[0]!;
const viewer = {
  contactId: contact.id,
  accountId: 'acme',
  tenantId: 'acme',
  displayName: 'Alice Martin',
  userId: 'alice.martin',
  roles: ['admin'],
  partnerAccountIds: [],
  scope: ['acme'],
};

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
// Node 20 has no Promise.withResolvers.
const deferred = (): Deferred => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

const json = (response: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(body));
};

const rejectsWith = async (promise: Promise<unknown>, code: string): Promise<ContactsError> => {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => ((caught = error), true));
  assert.ok(caught instanceof ContactsError, `expected a ContactsError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
};

/** A port on 127.0.0.1 that was just free and is closed again: nothing answers there. */
const closedPort = async (): Promise<number> => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  return port;
};

describe('RestContactsClient transport', () => {
  const server = createServer();
  let handler: Handler;
  let seen: Seen[] = [];
  let baseUrl: string;
  /** Resolves when the next request has arrived, for tests that act while one is pending. */
  let arrived: Deferred;

  before(async () => {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const entry = { method: request.method!, url: new URL(request.url!, 'http://127.0.0.1'), headers: request.headers, body };
        seen.push(entry);
        arrived.resolve();
        handler(entry, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    arrived = deferred();
    handler = (_request, response) => json(response, 200, viewer);
  });

  const client = (options: Partial<RestClientOptions> = {}) =>
    new RestContactsClient({ baseUrl, fetch: globalThis.fetch, getCsrfToken: () => 'csrf-123', ...options });

  it('parses a valid answer and sends the auth headers', async () => {
    const result = await client({ headers: async () => ({ authorization: 'Bearer t' }) }).me();
    assert.deepEqual(result, viewer);
    assert.equal(seen[0]?.url.pathname, '/api/me');
    assert.equal(seen[0]?.headers.authorization, 'Bearer t');
    assert.equal(seen[0]?.headers['x-csrf-token'], undefined, 'no CSRF header on GET');
  });

  it('reports an answer that breaks the contract as invalid_response, naming the path', async () => {
    handler = (_request, response) => json(response, 200, { ...viewer, scope: 'acme' });
    const error = await rejectsWith(client().me(), 'invalid_response');
    assert.match(error.message, /scope/);
    assert.match(error.message, /GET \/me/);
  });

  it('reports a body that is not JSON as invalid_response', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login page</html>');
    };
    await rejectsWith(client().me(), 'invalid_response');
  });

  it('turns a problem document into a ContactsError with field errors and the conflicting id', async () => {
    handler = (_request, response) =>
      json(
        response,
        409,
        {
          type: 'https://portico.dev/problems/conflict',
          title: 'Conflict',
          status: 409,
          detail: 'This user ID is already taken.',
          code: 'conflict',
          errors: [{ field: 'userId', message: 'Taken.', code: 'taken' }],
          conflictingId: 'c-alice',
        },
        'application/problem+json',
      );
    const error = await rejectsWith(client().updateContact('c-1', { userId: 'alice.martin' }), 'conflict');
    assert.equal(error.status, 409);
    assert.deepEqual(error.messagesFor('userId'), ['Taken.']);
    assert.equal(error.conflictingId, 'c-alice');
    assert.equal(error.message, 'This user ID is already taken.');
  });

  it('maps a failure without a problem document by its status', async () => {
    handler = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('Bad gateway');
    };
    const error = await rejectsWith(client({ retry: 0 }).me(), 'server');
    assert.equal(error.status, 502);
    handler = (_request, response) => {
      response.writeHead(401);
      response.end();
    };
    await rejectsWith(client().me(), 'unauthenticated');
  });

  it('reports an unreachable server as network', async () => {
    const port = await closedPort();
    const error = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${port}/api`, retry: 0 }).me(), 'network');
    assert.equal(error.retryable, true);
  });

  it('gives up after the timeout', async () => {
    handler = () => {}; // never answers
    await rejectsWith(client({ timeout: 50, retry: 0 }).me(), 'timeout');
  });

  it('passes the AbortSignal through and rejects with aborted', async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const pending = client().listContacts({}, { signal: controller.signal });
    await arrived.promise;
    controller.abort();
    await rejectsWith(pending, 'aborted');
    await rejectsWith(client().me({ signal: AbortSignal.abort() }), 'aborted');
  });

  it('sends the CSRF token on unsafe methods only, from the hook, a cookie or not at all', async () => {
    handler = (_request, response) => json(response, 200, contact);
    await client().lockLogin('c-1');
    assert.equal(seen.at(-1)?.method, 'POST');
    assert.equal(seen.at(-1)?.url.pathname, '/api/contacts/c-1/login/lock');
    assert.equal(seen.at(-1)?.headers['x-csrf-token'], 'csrf-123');

    await client({ csrf: { headerName: 'X-XSRF' } }).setRoles('c-1', ['billing']);
    assert.equal(seen.at(-1)?.headers['x-xsrf'], 'csrf-123');
    assert.equal(seen.at(-1)?.method, 'PUT');
    assert.deepEqual(JSON.parse(seen.at(-1)!.body), { roles: ['billing'] });

    await client({ csrf: false }).unlockLogin('c-1');
    assert.equal(seen.at(-1)?.headers['x-csrf-token'], undefined);

    const document = { cookie: 'other=1; portico_csrf=from%20cookie' };
    Object.assign(globalThis, { document });
    try {
      await new RestContactsClient({ baseUrl, fetch: globalThis.fetch }).setLoginEnabled('c-1', false);
      assert.equal(seen.at(-1)?.headers['x-csrf-token'], 'from cookie');
      assert.equal(seen.at(-1)?.url.pathname, '/api/contacts/c-1/login/disable');
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });

  it('retries a create with one idempotency key, and a GET, but not other POSTs', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls += 1;
      if (calls === 1) json(response, 503, { title: 'Unavailable', status: 503 }, 'application/problem+json');
      else json(response, 201, contact);
    };
    const created = await client().createContact({ firstName: 'A', lastName: 'B', email: 'a@b.example', accountId: 'acme' });
    assert.equal(created.id, contact.id);
    assert.equal(seen.length, 2);
    const key = seen[0]?.headers['idempotency-key'];
    assert.ok(typeof key === 'string' && key.length > 10);
    assert.equal(seen[1]?.headers['idempotency-key'], key);

    seen = [];
    await client().createContact({ firstName: 'A', lastName: 'B', email: 'a@b.example', accountId: 'acme' }, { idempotencyKey: 'given-key' });
    assert.equal(seen[0]?.headers['idempotency-key'], 'given-key');

    seen = [];
    calls = 0;
    await rejectsWith(client().lockLogin('c-1'), 'server');
    assert.equal(seen.length, 1, 'a lock is not retried');

    seen = [];
    calls = 0;
    handler = (_request, response) => {
      calls += 1;
      if (calls === 1) json(response, 503, { title: 'Unavailable', status: 503 }, 'application/problem+json');
      else json(response, 200, viewer);
    };
    await client().me();
    assert.equal(seen.length, 2, 'a GET is retried');
  });

  it('sends If-Match with the version and the list query as parameters', async () => {
    handler = (_request, response) => json(response, 200, contact);
    await client().updateContact('c 1', { jobTitle: 'X' }, { ifVersion: 7 });
    assert.equal(seen[0]?.method, 'PATCH');
    assert.equal(seen[0]?.url.pathname, '/api/contacts/c%201');
    assert.equal(seen[0]?.headers['if-match'], '"7"');

    handler = (_request, response) => json(response, 200, { items: [contact], total: 1, page: 2, pageSize: 10 });
    const page = await client().listContacts({
      page: 2,
      pageSize: 10,
      search: ' smith ',
      filters: { status: 'locked', accountId: 'acme-eu', includeChildAccounts: false },
      sort: { field: 'email', direction: 'desc' },
    });
    assert.equal(page.total, 1);
    assert.deepEqual(Object.fromEntries(seen[1]!.url.searchParams), {
      q: 'smith',
      status: 'locked',
      accountId: 'acme-eu',
      includeChildAccounts: 'false',
      sort: 'email',
      order: 'desc',
      page: '2',
      pageSize: '10',
    });
  });

  it('rejects an invalid list query before sending it', async () => {
    await rejectsWith(client().listContacts({ pageSize: 5000 }), 'validation');
    assert.equal(seen.length, 0);
  });

  it('unwraps item lists and accepts an empty delete answer', async () => {
    handler = (request, response) => {
      if (request.method === 'DELETE') {
        response.writeHead(204);
        response.end();
      } else json(response, 200, { items: [{ id: 'billing', name: 'Billing', description: '', kind: 'permission_set' }] });
    };
    assert.deepEqual((await client().listRoles()).map((role) => role.id), ['billing']);
    assert.equal(await client().deleteContact('c-1'), undefined);
    handler = (_request, response) => json(response, 200, { items: [{ id: 'acme' }] });
    const error = await rejectsWith(client().listAccounts(), 'invalid_response');
    assert.match(error.message, /items\.0\.name/);
  });

  // What a person sees in the list (issues 18 and 20): the full URL that failed and what to check.
  it('a wrong base path names the URL and says to check base-url', async () => {
    // What a portal's web server answers for a path it does not know: an HTML page, no problem+json.
    handler = (_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not found</h1>');
    };
    const origin = baseUrl.replace(/\/api$/, '');
    const error = await rejectsWith(client({ baseUrl: `${origin}/wrong` }).listContacts({}), 'not_found');
    assert.equal(error.message, `GET ${origin}/wrong/contacts answered 404 Not Found: there is no Portico API at ${origin}/wrong/. Check base-url.`);
    assert.equal(error.status, 404);
  });

  it('a closed port is a network error naming the URL and base-url', async () => {
    const port = await closedPort();
    const error = await rejectsWith(client({ baseUrl: `http://127.0.0.1:${port}/api`, retry: 0 }).me(), 'network');
    assert.equal(
      error.message,
      `GET http://127.0.0.1:${port}/api/me failed: the server could not be reached. Check that it is running and check base-url.`,
    );
  });

  it('a 401 without a problem document says to sign in', async () => {
    handler = (_request, response) => {
      response.writeHead(401);
      response.end();
    };
    const error = await rejectsWith(client().me(), 'unauthenticated');
    assert.match(error.message, new RegExp(`^GET ${baseUrl}/me answered 401 Unauthorized: sign in`));
  });

  it('a timeout and an answer that is not JSON name the URL', async () => {
    handler = () => {}; // never answers
    const timeout = await rejectsWith(client({ timeout: 50, retry: 0 }).me(), 'timeout');
    assert.match(timeout.message, new RegExp(`^GET ${baseUrl}/me took too long`));
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login page</html>');
    };
    const page = await rejectsWith(client().me(), 'invalid_response');
    assert.equal(page.message, `The answer to GET /me (${baseUrl}/me) is a web page, not JSON: check base-url, or sign in if that page asks you to.`);
    assert.equal(page.configuration, true, 'shown as it is in every language');
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('oops');
    };
    const invalid = await rejectsWith(client().me(), 'invalid_response');
    assert.equal(invalid.message, `The answer to GET /me (${baseUrl}/me) is not JSON.`);
    assert.equal(invalid.configuration, false);
  });
});
