// More than one server (issue 18, item 5): three `portico-server` processes on one PostgreSQL behind
// a round-robin proxy on 127.0.0.1, as behind a load balancer. A load mix (creates with idempotency
// keys and their retries through another process, edits, sign-in failures toward a lockout and
// against the rate limits) runs while one process is killed with SIGKILL; then the database is
// reconciled with what the clients were told: no write lost or made twice, one lockout, and the
// rate limits counted once across the processes. Run by run.ts (PORTICO_TEST_POSTGRES_URL).
import { DEMO_PASSWORD } from '@portico/core';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { userIdOf } from '../helpers.js';
import { asAdmin } from './database.js';

const adminUrl = process.env.PORTICO_TEST_POSTGRES_URL;
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const database = `multi_process_${process.pid}`;

/** The defaults of rate-limit.ts and the lockout that portico-server runs with. */
const SIGN_IN_PER_ADDRESS = 30;
const SIGN_IN_PER_USER = 10;
const LOCKOUT_THRESHOLD = 5;
/** MULTI_PROCESS_CREATES raises the load for a measurement (docs/deployment.md); the test's default keeps it short. */
const CREATES = Number(process.env.MULTI_PROCESS_CREATES ?? 45);
const EDITS_PER_CONTACT = 2;
const WORKERS = 6;

interface Backend {
  child: ChildProcess;
  url: URL;
  alive: boolean;
  served: number;
  /** Output kept for a failure's message. */
  lines: string[];
}

const startBackend = (databaseUrl: string): Promise<Backend> => {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cli], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', PORTICO_HOST: '127.0.0.1', PORTICO_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Read to the end, so a full pipe never stalls the server.
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      if (parsed.msg === 'listening' && parsed.url) resolve({ child, url: new URL(parsed.url), alive: true, served: 0, lines });
    });
    child.once('exit', (code, signal) => reject(new Error(`portico-server exited (${code ?? signal}) before listening:\n${lines.join('\n')}`)));
  });
};

/**
 * A load balancer in miniature: each request goes to the next live process in turn; a process that
 * refuses the connection is taken out; a request cut off by a process's death answers 502, as a
 * load balancer's would, and the client decides whether to send it again.
 */
const startProxy = (backends: Backend[], onForward: (backend: Backend, method: string, sent: Promise<void>) => void): Promise<Server> => {
  const agent = new Agent({ keepAlive: true });
  let turn = 0;
  const server = createServer((incoming, answer) => {
    const live = backends.filter((backend) => backend.alive);
    const backend = live[turn++ % live.length];
    if (!backend) {
      answer.writeHead(503).end();
      return;
    }
    backend.served += 1;
    const outgoing = request(
      { agent, host: backend.url.hostname, port: backend.url.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
        response.once('error', () => answer.destroy());
      },
    );
    outgoing.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') backend.alive = false;
      if (answer.headersSent) answer.destroy();
      else answer.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ proxy: error.code ?? error.message }));
    });
    onForward(backend, incoming.method ?? 'GET', new Promise((resolve) => outgoing.once('finish', resolve)));
    incoming.pipe(outgoing);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
};

let backends: Backend[] = [];
let proxy: Server | undefined;
let base = '';
let onForward: (backend: Backend, method: string, sent: Promise<void>) => void = () => undefined;

before(async () => {
  if (!adminUrl) return;
  await asAdmin(`create database ${database} owner portico`);
  const url = new URL(adminUrl);
  url.username = 'portico';
  url.pathname = `/${database}`;
  // All three at once on an empty database: one migrates and seeds, the others wait for it.
  const started = await Promise.allSettled([0, 1, 2].map(() => startBackend(url.toString())));
  // Those that did start are stopped in `after` even when another did not.
  backends = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  proxy = await startProxy(backends, (...args) => onForward(...args));
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, { timeout: 90_000 });

after(async () => {
  await Promise.all(
    backends.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  if (proxy) {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy!.close(resolve));
  }
  if (adminUrl) await asAdmin(`drop database if exists ${database}`).catch(() => undefined);
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** Milliseconds each answer took, for the figures the test prints. */
const durations: number[] = [];

const call = async (path: string, { method = 'GET', body, headers = {} }: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
  const sent = performance.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  durations.push(performance.now() - sent);
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

/** Sends again while the proxy answers 502 (the process died under the request); any other answer is final. */
const persist = async (send: () => Promise<Answer>, cutOff: () => void): Promise<Answer> => {
  for (let attempt = 1; attempt <= 6; attempt++) {
    const answer = await send();
    if (answer.status !== 502) return answer;
    cutOff();
  }
  throw new Error('Six attempts cut off in a row');
};

test('three portico-server processes on one PostgreSQL behave as one through a SIGKILL', { skip: !adminUrl && 'PostgreSQL only: run through packages/server/test/postgres/run.ts', timeout: 120_000 }, async () => {
  for (const backend of backends) assert.equal((await fetch(new URL('/readyz', backend.url))).status, 200);

  // One session, signed in through one process, used through all three (sessions and CSRF tokens are rows).
  const signIn = (userId: string, password: string) => call('/api/session', { method: 'POST', body: { userId, password } });
  const admin = await signIn(userIdOf('admin'), DEMO_PASSWORD);
  assert.equal(admin.status, 200);
  const cookie = admin.headers.getSetCookie().map((header) => header.split(';')[0]!).join('; ');
  const session = { cookie, 'x-csrf-token': admin.headers.get('x-csrf-token')! };

  // SIGKILL one process just after it has been sent a create: the write under way dies with it.
  const victim = backends[1]!;
  let createsAnswered = 0;
  let killedAt = -1;
  onForward = (backend, method, sent) => {
    if (backend !== victim || method !== 'POST' || killedAt >= 0 || createsAnswered < CREATES / 3) return;
    killedAt = createsAnswered;
    void sent.then(() => victim.child.kill('SIGKILL'));
  };
  const servedBeforeKill = () => backends.map((backend) => backend.served);
  let servedAtKill: number[] = [];
  victim.child.once('exit', () => (servedAtKill = servedBeforeKill()));

  // The writes: create (idempotency key), the same create again (its retry, through another process), edits.
  let cutOffs = 0;
  const created = new Map<number, { id: string; jobTitle: string }>();
  const replays: Answer[] = [];
  const writer = async (index: number) => {
    const key = `multi-process-${index}`;
    const draft = { firstName: 'Multi', lastName: `Process${index}`, email: `multi.process.${index}@acme.example`, accountId: 'acme' };
    const create = () => call('/api/contacts', { method: 'POST', body: draft, headers: { ...session, 'idempotency-key': key } });
    const first = await persist(create, () => cutOffs++);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    createsAnswered += 1;
    replays.push(await persist(create, () => cutOffs++));
    let contact = first.body as { id: string; version: number; jobTitle: string | null };
    for (let edit = 1; edit <= EDITS_PER_CONTACT; edit++) {
      const jobTitle = `Edit ${index}.${edit}`;
      // Cut off, an edit may or may not have committed: read it back, and send it again only if it did not.
      for (;;) {
        const answer = await call(`/api/contacts/${contact.id}`, { method: 'PATCH', body: { jobTitle }, headers: { ...session, 'if-match': `"${contact.version}"` } });
        if (answer.status === 200) {
          contact = answer.body;
          break;
        }
        assert.ok([502, 412].includes(answer.status), `edit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (answer.status === 502) cutOffs++;
        const now = await persist(() => call(`/api/contacts/${contact.id}`, { headers: session }), () => cutOffs++);
        contact = now.body;
        if (contact.jobTitle === jobTitle) break;
      }
    }
    created.set(index, { id: contact.id, jobTitle: `Edit ${index}.${EDITS_PER_CONTACT}` });
  };

  // The sign-ins, one after another, beside the writes: an unknown user ID past its limit, a login
  // toward its lockout, then fresh user IDs until the address's limit answers. Cut-off attempts may
  // or may not have been counted: the checks allow for exactly those.
  const signIns = { uncertain: 0, counted: 1 /* the administrator's */, ghost: [] as number[], probe: [] as number[] };
  const signInMix = async () => {
    for (let attempt = 0; attempt < SIGN_IN_PER_USER + 3; attempt++) {
      const { status } = await signIn('ghost.of.multi.process', 'wrong password');
      signIns.ghost.push(status);
      if (status === 502) signIns.uncertain++;
      else signIns.counted++;
    }
    const target = userIdOf('contact');
    for (let attempt = 0; attempt < LOCKOUT_THRESHOLD; attempt++) {
      const answer = await persist(() => signIn(target, 'wrong password'), () => signIns.uncertain++);
      assert.equal(answer.status, 401);
      signIns.counted++;
    }
    const right = await persist(() => signIn(target, DEMO_PASSWORD), () => signIns.uncertain++);
    assert.equal(right.status, 401, 'the login is locked, so even the right password is refused');
    signIns.counted++;
    for (let probe = 0; probe < 3 * SIGN_IN_PER_ADDRESS; probe++) {
      const { status } = await signIn(`probe.${probe}`, 'wrong password');
      signIns.probe.push(status);
      if (status === 429) break;
      if (status === 502) signIns.uncertain++;
      else signIns.counted++;
    }
  };

  const started = Date.now();
  let next = 0;
  await Promise.all([
    signInMix(),
    ...Array.from({ length: WORKERS }, async () => {
      while (next < CREATES) await writer(next++);
    }),
  ]);
  const seconds = (Date.now() - started) / 1000;

  // The kill happened mid-run, and every process took its share before it; the two others after.
  assert.ok(killedAt >= 0, 'a process was killed');
  assert.equal(victim.child.signalCode, 'SIGKILL');
  assert.ok(servedAtKill.every((served) => served > 0), `served before the kill: ${servedAtKill}`);
  const servedAfter = backends.map((backend, index) => backend.served - servedAtKill[index]!);
  assert.ok(servedAfter[0]! > 0 && servedAfter[2]! > 0, `served after the kill: ${servedAfter}`);

  // No write lost or made twice: one contact per idempotency key, each with its last edit.
  assert.equal(created.size, CREATES);
  for (const replay of replays) {
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotency-replayed'), 'true');
  }
  assert.deepEqual(new Set(replays.map((replay) => replay.body.id)), new Set([...created.values()].map(({ id }) => id)));
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  const { default: pg } = await import('pg');
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string; email: string; job_title: string; version: number; updates: number; creates: number }>(
      `select c.id, c.email, c.job_title, c.version,
         (select count(*)::int from audit_log a where a.target_id = c.id and a.action = 'contact.update') as updates,
         (select count(*)::int from audit_log a where a.target_id = c.id and a.action = 'contact.create') as creates
       from contacts c where c.email like 'multi.process.%' order by c.id`,
    );
    assert.equal(rows.length, CREATES, 'one contact per create, none twice');
    for (const [index, expected] of created) {
      const row = rows.find((candidate) => candidate.id === expected.id);
      assert.ok(row, `contact ${index} is kept`);
      assert.deepEqual(
        { email: row.email, jobTitle: row.job_title, version: row.version, updates: row.updates, creates: row.creates },
        { email: `multi.process.${index}@acme.example`, jobTitle: expected.jobTitle, version: 1 + EDITS_PER_CONTACT, updates: EDITS_PER_CONTACT, creates: 1 },
      );
    }
    const keys = await db.query<{ count: number }>("select count(*)::int as count from idempotency_keys where key like 'multi-process-%'");
    assert.equal(keys.rows[0]!.count, CREATES);

    // One lockout, whichever process counted which failure.
    const locked = await db.query<{ login_state: string; locks: number }>(
      `select c.login_state, (select count(*)::int from audit_log a where a.target_id = c.id and a.action = 'login.lock') as locks
       from contacts c join users u on u.contact_id = c.id where lower(u.user_id) = lower($1)`,
      [userIdOf('contact')],
    );
    assert.deepEqual(locked.rows, [{ login_state: 'locked', locks: 1 }]);
  } finally {
    await db.end();
  }

  // The rate limits, counted once across the processes (per process, each would allow its own 10 and 30).
  const ghost401 = signIns.ghost.filter((status) => status === 401).length;
  const ghostCutOff = signIns.ghost.filter((status) => status === 502).length;
  assert.ok(ghost401 <= SIGN_IN_PER_USER && ghost401 + ghostCutOff >= SIGN_IN_PER_USER, `per user ID: ${signIns.ghost}`);
  assert.ok(signIns.ghost.includes(429) && signIns.ghost.slice(signIns.ghost.indexOf(429)).every((status) => status !== 401), `per user ID: ${signIns.ghost}`);
  assert.equal(signIns.probe.at(-1), 429, `per address: ${signIns.probe}`);
  assert.ok(
    signIns.counted <= SIGN_IN_PER_ADDRESS && signIns.counted + signIns.uncertain >= SIGN_IN_PER_ADDRESS,
    `per address: ${signIns.counted} counted and ${signIns.uncertain} cut off, against a limit of ${SIGN_IN_PER_ADDRESS}`,
  );
  for (const backend of [backends[0]!, backends[2]!]) assert.equal((await fetch(new URL('/readyz', backend.url))).status, 200);
  const sorted = [...durations].sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(0);
  console.log(
    `multi-process: ${CREATES} creates, ${CREATES} replays, ${CREATES * EDITS_PER_CONTACT} edits, ${signIns.ghost.length + LOCKOUT_THRESHOLD + 1 + signIns.probe.length} sign-ins; ` +
      `${durations.length} requests in ${seconds.toFixed(1)} s (${(durations.length / seconds).toFixed(0)}/s, p50 ${percentile(50)} ms, p95 ${percentile(95)} ms) from ${WORKERS + 1} clients; ` +
      `${cutOffs + signIns.uncertain} cut off by the kill; served by each process ${backends.map((backend) => backend.served).join(', ')}`,
  );
});
