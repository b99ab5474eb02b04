// The request edge: what the server refuses before a handler reads a body or queries with it.
import { DEMO_PASSWORD } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { createApp, startServer } from '../src/index.js';
import { MAX_BODY_BYTES } from '../src/edge.js';
import { api, isProblem, userIdOf } from './helpers.js';

const PUBLIC_URL = 'https://contacts.portal.example/portal';

let server: TestServer;
let admin: TestSession;
before(async () => {
  server = await startTestServer({ publicUrl: `${PUBLIC_URL}/` });
});
after(async () => {
  await server?.close();
});
beforeEach(async () => {
  await server.reset();
  admin = await server.signIn(userIdOf('admin'));
});

interface RawAnswer {
  status: number;
  body: any;
  /** Body bytes the client had written when the answer came. */
  sent: number;
}

/**
 * Sends a request with node:http (free Host headers, raw bytes, chunked bodies) and stops writing
 * the body as soon as the answer arrives, so `sent` shows how much the server waited for.
 */
const raw = (path: string, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer; repeat?: number; to?: TestServer } = {}) =>
  new Promise<RawAnswer>((resolve, reject) => {
    const { method = 'POST', headers = {}, body, repeat = 1, to = server } = options;
    const outgoing = request(`${to.url}${path}`, { method, headers });
    let sent = 0;
    let answered = false;
    outgoing.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, sent });
        outgoing.destroy();
      });
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    let left = body ? repeat : 0;
    const pump = () => {
      while (!answered && left > 0) {
        left -= 1;
        sent += body!.length;
        if (!outgoing.write(body)) {
          outgoing.once('drain', pump);
          return;
        }
      }
      if (!answered) outgoing.end();
    };
    pump();
  });

const MEBIBYTE = Buffer.alloc(1 << 20, 'a');
const BIG = 32;

const fieldsOf = (body: { errors: { field: string }[] }) => body.errors.map((error) => error.field);

test('a 32 MB body is a 413 problem, answered before the body is read', async () => {
  const declared = await raw('/api/session', { headers: { 'content-type': 'application/json', 'content-length': BIG * MEBIBYTE.length }, body: MEBIBYTE, repeat: BIG });
  assert.equal(declared.status, 413);
  assert.equal(declared.body.status, 413);
  assert.ok(declared.sent < BIG * MEBIBYTE.length, `the answer came after ${declared.sent} bytes`);

  // Chunked, with no Content-Length: read up to the limit, then refused.
  const chunked = await raw('/api/session', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: MEBIBYTE, repeat: BIG });
  assert.equal(chunked.status, 413);
  assert.ok(chunked.sent < BIG * MEBIBYTE.length, `the answer came after ${chunked.sent} bytes`);

  // A signed-in route too, and the limit is the documented one.
  const contact = await api(server, '/api/contacts', { method: 'POST', session: admin, body: JSON.stringify({ firstName: 'x'.repeat(MAX_BODY_BYTES) }) });
  assert.equal(contact.status, 413);
  assert.ok(isProblem(contact));
  assert.equal((await api(server, '/api/me', { session: admin })).status, 200, 'the server keeps answering');
});

test('sign-in takes only application/json: text/plain and form bodies are 415 (login CSRF)', async () => {
  const credentials = JSON.stringify({ userId: userIdOf('admin'), password: DEMO_PASSWORD });
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) {
    const response = await api(server, '/api/session', { method: 'POST', body: credentials, headers: { 'content-type': type } });
    assert.equal(response.status, 415, type);
    assert.ok(isProblem(response));
    assert.deepEqual(fieldsOf(response.body), ['(body)']);
  }
  const form = await api(server, '/api/session', {
    method: 'POST',
    body: `userId=${userIdOf('admin')}&password=${DEMO_PASSWORD}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.status, 415);
  const json = await api(server, '/api/session', { method: 'POST', body: credentials, headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(json.status, 200, 'JSON with a UTF-8 charset still signs in');
});

test('a NUL in a JSON body, the path or the query is a 400 naming where', async () => {
  const signIn = await api(server, '/api/session', { method: 'POST', body: { userId: 'a\u0000', password: 'x' } });
  assert.equal(signIn.status, 400);
  assert.deepEqual(fieldsOf(signIn.body), ['userId']);

  const roles = await api(server, '/api/contacts/c-erin/roles', { method: 'PUT', session: admin, body: { roles: ['admin\u0000'] } });
  assert.equal(roles.status, 400);
  assert.deepEqual(fieldsOf(roles.body), ['roles.0']);

  const path = await api(server, '/api/contacts/%00', { session: admin });
  assert.equal(path.status, 400);
  assert.ok(isProblem(path));
  assert.deepEqual(fieldsOf(path.body), ['(path)']);

  const query = await api(server, '/api/user-ids/suggestion?firstName=a%00&lastName=b', { session: admin });
  assert.equal(query.status, 400);
  assert.deepEqual(fieldsOf(query.body), ['firstName']);
});

test('a body that is not UTF-8 is a 400, not a guess', async () => {
  const body = Buffer.concat([Buffer.from(`{"userId":"${userIdOf('admin')}`), Buffer.from([0xff, 0xfe]), Buffer.from(`","password":"${DEMO_PASSWORD}"}`)]);
  const response = await raw('/api/session', { headers: { 'content-type': 'application/json', 'content-length': body.length }, body });
  assert.equal(response.status, 400);
  assert.deepEqual(fieldsOf(response.body), ['(body)']);
  assert.equal(response.body.errors[0].code, 'invalid_utf8');
});

test('user-supplied keys never reach a prototype: export lang, sort, query and body keys', async () => {
  for (const lang of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const response = await fetch(`${server.url}/api/contacts/export?format=csv&lang=${lang}`, { headers: admin.headers });
    assert.equal(response.status, 200, lang);
    const [header] = (await response.text()).split('\r\n');
    assert.match(header ?? '', /First name/, `${lang}: English headers`);
  }
  for (const sort of ['__proto__', 'constructor']) {
    assert.equal((await api(server, `/api/contacts?sort=${sort}`, { session: admin })).status, 400, sort);
  }
  assert.equal((await api(server, '/api/contacts?__proto__=x&constructor=y', { session: admin })).status, 200);
  const body = await api(server, '/api/contacts', { method: 'POST', session: admin, body: '{"__proto__":{"accountId":"globex"},"firstName":"A","lastName":"B","email":"a@acme.example","accountId":"acme"}' });
  assert.equal(body.status, 400);
});

test('a mailed link starts with the configured public URL, whatever the Host header says', async () => {
  const response = await raw('/api/contacts/c-erin/password-reset', {
    headers: { ...admin.headers, host: 'evil.example', 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ mode: 'link' })),
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  const mail = (await server.outbox()).at(-1);
  assert.ok(mail);
  assert.match(mail.body, new RegExp(`${PUBLIC_URL.replaceAll('.', '\\.')}/reset-password\\?token=[\\w-]+`));
  assert.doesNotMatch(mail.body, /evil\.example/);
});

test('without a configured public URL a loopback server mails its own URL', async () => {
  const plain = await startTestServer();
  try {
    const session = await plain.signIn(userIdOf('admin'));
    const response = await raw('/api/contacts/c-erin/password-reset', {
      to: plain,
      headers: { ...session.headers, host: 'evil.example', 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ mode: 'link' })),
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const mail = (await plain.outbox()).at(-1);
    assert.ok(mail?.body.includes(`${plain.url}/reset-password?token=`), mail?.body);
  } finally {
    await plain.close();
  }
});

test('a public URL that is no http(s) origin, or none on a non-loopback address, fails at start', async () => {
  for (const publicUrl of ['portal.example', 'javascript:alert(1)', 'https://portal.example/?next=x', 'https://user:pw@portal.example']) {
    assert.throws(() => createApp({ db: server.db, publicUrl }), /publicUrl/, publicUrl);
  }
  await assert.rejects(startServer({ db: server.db, host: '0.0.0.0', port: 0 }), /public URL/);
});

test('the outbox needs a session and shows only mails to the viewer\u2019s own company, in demo mode too', async () => {
  assert.equal((await api(server, '/api/outbox')).status, 401);

  const other = await server.signIn(userIdOf('other_tenant_admin'));
  const otherContacts = await api(server, '/api/contacts?pageSize=200', { session: other });
  const target = otherContacts.body.items.find((contact: { login: { state: string }; id: string }) => contact.login.state === 'enabled' && contact.id !== 'c-greta');
  assert.ok(target, 'a Globex contact with a login');
  assert.equal((await api(server, `/api/contacts/${target.id}/password-reset`, { method: 'POST', session: other, body: { mode: 'link' } })).status, 200);
  assert.equal((await api(server, '/api/contacts/c-erin/password-reset', { method: 'POST', session: admin, body: { mode: 'link' } })).status, 200);

  const all = await server.outbox();
  assert.ok(all.some((mail) => mail.to === target.email), 'the Globex mail was sent');
  const acme = await api(server, '/api/outbox', { session: admin });
  assert.equal(acme.status, 200);
  assert.ok(acme.body.items.length > 0);
  assert.ok(acme.body.items.every((mail: { to: string }) => mail.to !== target.email && !mail.to.endsWith('@globex.example')), JSON.stringify(acme.body.items));
  const globex = await api(server, '/api/outbox', { session: other });
  assert.ok(globex.body.items.some((mail: { to: string }) => mail.to === target.email));
  assert.ok(globex.body.items.every((mail: { to: string }) => !mail.to.endsWith('@acme.example')));
});
