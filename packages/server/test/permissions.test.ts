import { can, canMoveContact, inScope, tenantOf, type Action, type Contact, type DemoRole, type LoginState, type Viewer } from '@portico/core';
import type { TestServer, TestSession } from '@portico/server/testing';
import { insertContacts } from '@portico/server';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { matrix, startServerFor } from './auth-paths.js';
import { api, expectedViewer, isProblem, makeContact, seed, userIdOf } from './helpers.js';

/**
 * The permission matrix: every action × every demo role (and anonymous) × the target's role
 * (none, a permission set, customer, partner or company administrator) × a contact in the
 * viewer's own account, in a child account and in another company. The expected status comes
 * from the core rules (`can`, `inScope`, `canMoveContact`), the answer from the real server.
 * It runs on password sessions here, and again on embed tokens and on the portal's OpenID Connect
 * tokens (permissions-embed.test.ts, permissions-oidc.test.ts): each path reaches exactly the same.
 */

type Placement = 'own account' | 'child account' | 'other company';
const PLACEMENTS: Placement[] = ['own account', 'child account', 'other company'];

const accountFor = (viewer: Viewer | undefined, placement: Placement): string => {
  const home = viewer?.accountId ?? 'acme';
  if (placement === 'own account') return home;
  if (placement === 'child account') return seed.accounts.find((account) => account.parentId === home)!.id;
  return home === 'globex' ? 'acme' : 'globex';
};

/** The roles a target holds, from none to the strongest: who may act on it depends on them. */
const TARGET_ROLES: (readonly string[])[] = [[], ['edit_contacts'], ['customer_admin'], ['partner_admin'], ['admin']];

/** Another account the target can move to: within the viewer's reach when the target is. */
const moveTarget = (accountId: string): string => {
  const account = seed.accounts.find((a) => a.id === accountId)!;
  return account.parentId ?? seed.accounts.find((a) => a.parentId === accountId)!.id;
};

/** An account of another company: the partner administrator's Initech for Acme's contacts. */
const otherCompany = (accountId: string): string => (accountId.startsWith('acme') ? 'initech' : 'acme');

interface Case {
  action: Action;
  /** Tells two cases of the same action apart in messages. */
  label?: string;
  /** Extra actions the request needs besides `action` (a user ID edit is also an update). */
  alsoNeeds?: Action[];
  state: LoginState;
  target?: Partial<Contact>;
  request: (target: Contact, n: number) => { method: string; path: string; body?: unknown };
  success: number;
  /** The status once every permission holds, when the request itself can still be refused. */
  outcome?: (viewer: Viewer, target: Contact, body: unknown) => number;
}

/** A move is a 400 naming `accountId` when core's `canMoveContact` refuses the destination. */
const moveOutcome = (viewer: Viewer, target: Contact, body: unknown): number =>
  canMoveContact(viewer, target, (body as { accountId: string }).accountId, seed.accounts) ? 200 : 400;

const CASES: Case[] = [
  { action: 'contact.view', state: 'enabled', request: (t) => ({ method: 'GET', path: `/api/contacts/${t.id}` }), success: 200 },
  { action: 'contact.update', state: 'enabled', request: (t) => ({ method: 'PATCH', path: `/api/contacts/${t.id}`, body: { jobTitle: 'Changed' } }), success: 200 },
  { action: 'contact.delete', state: 'enabled', request: (t) => ({ method: 'DELETE', path: `/api/contacts/${t.id}` }), success: 204 },
  {
    action: 'contact.edit_user_id',
    alsoNeeds: ['contact.update'],
    state: 'none',
    request: (t, n) => ({ method: 'PATCH', path: `/api/contacts/${t.id}`, body: { userId: `renamed.${n}` } }),
    success: 200,
  },
  {
    action: 'contact.change_account',
    alsoNeeds: ['contact.update'],
    state: 'enabled',
    request: (t) => ({ method: 'PATCH', path: `/api/contacts/${t.id}`, body: { accountId: moveTarget(t.accountId) } }),
    success: 200,
    outcome: moveOutcome,
  },
  {
    action: 'contact.change_account',
    label: 'move to another company',
    alsoNeeds: ['contact.update'],
    state: 'enabled',
    request: (t) => ({ method: 'PATCH', path: `/api/contacts/${t.id}`, body: { accountId: otherCompany(t.accountId) } }),
    success: 200,
    outcome: moveOutcome,
  },
  { action: 'login.create', state: 'none', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/login` }), success: 200 },
  { action: 'login.enable', state: 'disabled', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/login/enable` }), success: 200 },
  { action: 'login.disable', state: 'enabled', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/login/disable` }), success: 200 },
  { action: 'login.lock', state: 'enabled', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/login/lock` }), success: 200 },
  { action: 'login.unlock', state: 'locked', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/login/unlock` }), success: 200 },
  { action: 'roles.assign', state: 'enabled', request: (t) => ({ method: 'PUT', path: `/api/contacts/${t.id}/roles`, body: { roles: ['billing'] } }), success: 200 },
  { action: 'password.reset_link', state: 'enabled', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/password-reset`, body: { mode: 'link' } }), success: 200 },
  { action: 'password.reset_temporary', state: 'enabled', request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/password-reset`, body: { mode: 'temporary' } }), success: 200 },
  {
    action: 'password.set',
    state: 'enabled',
    request: (t) => ({ method: 'POST', path: `/api/contacts/${t.id}/password-reset`, body: { mode: 'set', password: 'a-new-password-123' } }),
    success: 200,
  },
  {
    action: 'user.associate',
    state: 'none',
    target: { userId: null },
    request: (t, n) => ({ method: 'PUT', path: `/api/contacts/${t.id}/user`, body: { userAccountId: `u-matrix-${n}` } }),
    success: 200,
  },
];

const ROLES: (DemoRole | 'anonymous')[] = ['admin', 'customer_admin', 'partner_admin', 'contact_editor', 'contact', 'other_tenant_admin', 'anonymous'];

const expectedStatus = (viewer: Viewer | undefined, testCase: Case, target: Contact, body: unknown): number => {
  if (!viewer) return 401;
  if (!inScope(viewer, target)) return 404;
  const needed = [testCase.action, ...(testCase.alsoNeeds ?? [])];
  if (!needed.every((action) => can(viewer, action, target))) return 403;
  return testCase.outcome?.(viewer, target, body) ?? testCase.success;
};

let server: TestServer;
let n = 0;

before(async () => {
  server = await startServerFor(matrix.path);
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.reset();
});

for (const role of ROLES) {
  describe(`as ${role}`, () => {
    const viewer = role === 'anonymous' ? undefined : expectedViewer(role);
    const signIn = async (): Promise<TestSession | undefined> => (role === 'anonymous' ? undefined : server.signIn(userIdOf(role)));

    test('GET /api/me matches the core scope rules', async () => {
      const response = await api(server, '/api/me', { session: await signIn() });
      if (!viewer) {
        assert.equal(response.status, 401);
        return;
      }
      assert.equal(response.status, 200);
      assert.deepEqual({ ...response.body, scope: [...response.body.scope].sort() }, { ...viewer, scope: [...viewer.scope].sort() });
    });

    test('every contact action on every target role in own, child and other-company accounts', async () => {
      const session = await signIn();
      // Every target first, in one insert, then the requests: the matrix stays fast with its fourth axis.
      const runs = CASES.flatMap((testCase) =>
        TARGET_ROLES.flatMap((roles) =>
          PLACEMENTS.map((placement) => {
            n += 1;
            return { testCase, roles, placement, n, target: makeContact(accountFor(viewer, placement), testCase.state, { ...testCase.target, roles: [...roles] }) };
          }),
        ),
      );
      await insertContacts(server.db, runs.map((run) => run.target));
      const free = runs.filter((run) => run.testCase.action === 'user.associate');
      await server.db.query(
        // A free account of the target's company: only that company's administrator may associate it.
        `insert into users (id, user_id, display_name, email, contact_id, tenant_id, created_at)
         select 'u-matrix-' || k, 'free.user.' || k, 'Free User', 'free@example.com', null, t, now() from unnest($1::int[], $2::text[]) as f(k, t)`,
        [free.map((run) => run.n), free.map((run) => tenantOf(seed.accounts, run.target.accountId))],
      );
      for (const { testCase, roles, placement, n: k, target } of runs) {
        const { method, path, body } = testCase.request(target, k);
        const response = await api(server, path, { method, session, body });
        const expected = expectedStatus(viewer, testCase, target, body);
        const label = `${role} ${testCase.label ?? testCase.action} on [${roles.join(', ')}] in ${placement}`;
        assert.equal(response.status, expected, `${label}: ${JSON.stringify(response.body)}`);
        if (expected >= 400) assert.ok(isProblem(response), `${label}: problem document`);
        if (expected === 400) assert.equal(response.body.errors[0].field, 'accountId', label);
      }
    });

    test('list and create per account', async () => {
      const session = await signIn();
      for (const placement of PLACEMENTS) {
        const accountId = accountFor(viewer, placement);
        const list = await api(server, `/api/contacts?accountId=${accountId}`, { session });
        const listExpected = !viewer ? 401 : !inScope(viewer, { accountId }) ? 404 : can(viewer, 'contact.list') ? 200 : 403;
        assert.equal(list.status, listExpected, `${role} list ${placement}`);
        if (list.status === 200) assert.ok(list.body.items.every((contact: Contact) => viewer!.scope.includes(contact.accountId)));

        const created = await api(server, '/api/contacts', {
          method: 'POST',
          session,
          body: { firstName: 'New', lastName: `Person ${placement}`, email: 'new.person@example.com', accountId },
        });
        // A create names its account in the body: outside the scope that is a field error.
        const createExpected = !viewer ? 401 : !can(viewer, 'contact.create') ? 403 : !inScope(viewer, { accountId }) ? 400 : 201;
        assert.equal(created.status, createExpected, `${role} create in ${placement}: ${JSON.stringify(created.body)}`);
        if (createExpected === 400) assert.equal(created.body.errors[0].field, 'accountId');
      }
    });

    if (viewer) {
      test('nobody deletes, disables or locks themselves', async () => {
        const session = await signIn();
        for (const [method, path] of [
          ['DELETE', `/api/contacts/${viewer.contactId}`],
          ['POST', `/api/contacts/${viewer.contactId}/login/disable`],
          ['POST', `/api/contacts/${viewer.contactId}/login/lock`],
        ] as const) {
          const response = await api(server, path, { method, session });
          assert.equal(response.status, 403, `${method} ${path}`);
        }
        assert.equal((await api(server, '/api/me', { session })).status, 200);
      });
    }
  });
}

test('an out-of-scope contact and a missing one get the identical answer', async () => {
  const session = await server.signIn(userIdOf('customer_admin'));
  const outside = await api(server, '/api/contacts/c-greta', { session });
  const missing = await api(server, '/api/contacts/c-does-not-exist', { session });
  assert.equal(outside.status, 404);
  assert.deepEqual(outside.body, missing.body);
});

describe('authority follows the target', () => {
  test('a customer or partner administrator cannot take an administrator over through its e-mail and a reset link', async () => {
    for (const role of ['customer_admin', 'partner_admin'] as const) {
      const session = await server.signIn(userIdOf(role));
      const email = await api(server, '/api/contacts/c-alice', { method: 'PATCH', session, body: { email: 'attacker@evil.example' } });
      assert.equal(email.status, 403, `${role}: ${JSON.stringify(email.body)}`);
      assert.ok(isProblem(email));
      const reset = await api(server, '/api/contacts/c-alice/password-reset', { method: 'POST', session, body: { mode: 'link' } });
      assert.equal(reset.status, 403, role);
      const alice = await api(server, '/api/contacts/c-alice', { session });
      assert.equal(alice.status, 200, `${role} still sees the administrator`);
      assert.equal(alice.body.email, seed.contacts.find((c) => c.id === 'c-alice')!.email);
    }
    assert.deepEqual((await server.outbox()).filter((mail) => mail.to === 'attacker@evil.example'), []);
  });

  test('weaker roles cannot delete, lock, disable or rename stronger ones', async () => {
    const editor = await server.signIn(userIdOf('contact_editor'));
    for (const id of ['c-alice', 'c-carlos', 'c-priya']) {
      assert.equal((await api(server, `/api/contacts/${id}`, { method: 'DELETE', session: editor })).status, 403, `editor deletes ${id}`);
      assert.equal((await api(server, `/api/contacts/${id}`, { method: 'PATCH', session: editor, body: { email: 'x@evil.example' } })).status, 403, `editor edits ${id}`);
    }
    const customerAdmin = await server.signIn(userIdOf('customer_admin'));
    for (const [method, path, body] of [
      ['POST', '/api/contacts/c-alice/login/lock', undefined],
      ['POST', '/api/contacts/c-alice/login/disable', undefined],
      ['PATCH', '/api/contacts/c-alice', { userId: 'alice.hijacked' }],
      ['PUT', '/api/contacts/c-alice/roles', { roles: ['admin', 'billing'] }],
      ['DELETE', '/api/contacts/c-alice', undefined],
      ['DELETE', '/api/contacts/c-priya', undefined],
    ] as const) {
      const response = await api(server, path, { method, session: customerAdmin, body });
      assert.equal(response.status, 403, `customer admin ${method} ${path}: ${JSON.stringify(response.body)}`);
    }
    const alice = await api(server, '/api/contacts/c-alice', { session: customerAdmin });
    assert.equal(alice.body.login.state, 'enabled');
    assert.equal(alice.body.userId, userIdOf('admin'));
    // Equal strength still works: the editor edits another editor, the customer administrator a contact.
    assert.equal((await api(server, '/api/contacts/c-victor', { method: 'PATCH', session: editor, body: { jobTitle: 'Edited' } })).status, 200);
  });

  test('nobody carries a contact into another company, not even a partner administrator who reaches both', async () => {
    const partner = await server.signIn(userIdOf('partner_admin'));
    const across = await api(server, '/api/contacts/c-victor', { method: 'PATCH', session: partner, body: { accountId: 'initech' } });
    assert.equal(across.status, 400, JSON.stringify(across.body));
    assert.deepEqual(across.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]), [['accountId', 'other_company']]);
    const admin = await api(server, '/api/contacts/c-alice', { method: 'PATCH', session: partner, body: { accountId: 'initech' } });
    assert.equal(admin.status, 403);
    const initechContact = seed.contacts.find((c) => c.accountId === 'initech' && c.roles.length === 0)!;
    const back = await api(server, `/api/contacts/${initechContact.id}`, { method: 'PATCH', session: partner, body: { accountId: 'acme' } });
    assert.equal(back.status, 400);
    assert.equal((await api(server, '/api/contacts/c-victor', { session: partner })).body.accountId, 'acme');
    // Inside the company a move still works.
    const inside = await api(server, '/api/contacts/c-victor', { method: 'PATCH', session: partner, body: { accountId: 'acme-de' } });
    assert.equal(inside.status, 200);
  });

  test('nobody removes their own administrator role', async () => {
    const admin = await server.signIn(userIdOf('admin'));
    // Even with a second administrator in the company.
    await insertContacts(server.db, [makeContact('acme', 'enabled', { roles: ['admin'] })]);
    const removed = await api(server, '/api/contacts/c-alice/roles', { method: 'PUT', session: admin, body: { roles: ['billing'] } });
    assert.equal(removed.status, 403);
    assert.match(removed.body.detail ?? removed.body.title, /your own Administrator role/);
    const kept = await api(server, '/api/contacts/c-alice/roles', { method: 'PUT', session: admin, body: { roles: ['admin', 'billing'] } });
    assert.equal(kept.status, 200);
  });

  test('a company always keeps an administrator with an active login (409)', async () => {
    // An Acme administrator who also partners for Initech reaches Initech's only administrator.
    const boss = makeContact('acme', 'enabled', { roles: ['admin', 'partner_admin'] });
    const last = makeContact('initech', 'enabled', { roles: ['admin'] });
    const disabledOne = makeContact('initech', 'disabled', { roles: ['admin'] });
    await insertContacts(server.db, [boss, last, disabledOne]);
    await server.db.query('insert into partner_links (contact_id, account_id) values ($1, $2)', [boss.id, 'initech']);
    const session = await server.signIn(boss.userId!);
    for (const [method, path, body] of [
      ['POST', `/api/contacts/${last.id}/login/disable`, undefined],
      ['POST', `/api/contacts/${last.id}/login/lock`, undefined],
      ['PUT', `/api/contacts/${last.id}/roles`, { roles: ['customer_admin'] }],
      ['DELETE', `/api/contacts/${last.id}`, undefined],
    ] as const) {
      const response = await api(server, path, { method, session, body });
      assert.equal(response.status, 409, `${method} ${path}: ${JSON.stringify(response.body)}`);
      assert.ok(isProblem(response));
      assert.match(response.body.detail ?? response.body.title, /last administrator/);
    }
    assert.equal((await api(server, `/api/contacts/${last.id}`, { session })).body.login.state, 'enabled');
    // Once another Initech administrator's login is enabled again, the first may go.
    assert.equal((await api(server, `/api/contacts/${disabledOne.id}/login/enable`, { method: 'POST', session })).status, 200);
    assert.equal((await api(server, `/api/contacts/${last.id}/login/lock`, { method: 'POST', session })).status, 200);
    assert.equal((await api(server, `/api/contacts/${disabledOne.id}/login/disable`, { method: 'POST', session })).status, 409);
  });
});
