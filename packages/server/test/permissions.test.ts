import { can, inScope, tenantOf, type Action, type Contact, type DemoRole, type LoginState, type Viewer } from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import { insertContacts } from '@portico/server';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { api, expectedViewer, isProblem, makeContact, seed, userIdOf } from './helpers.js';

/**
 * The permission matrix: every action × every demo role (and anonymous) × a contact in the
 * viewer's own account, in a child account and in another company. The expected status comes
 * from the core rules (`can`, `inScope`), the answer from the real server.
 */

type Placement = 'own account' | 'child account' | 'other company';
const PLACEMENTS: Placement[] = ['own account', 'child account', 'other company'];

const accountFor = (viewer: Viewer | undefined, placement: Placement): string => {
  const home = viewer?.accountId ?? 'acme';
  if (placement === 'own account') return home;
  if (placement === 'child account') return seed.accounts.find((account) => account.parentId === home)!.id;
  return home === 'globex' ? 'acme' : 'globex';
};

/** Another account the target can move to: within the viewer's reach when the target is. */
const moveTarget = (accountId: string): string => {
  const account = seed.accounts.find((a) => a.id === accountId)!;
  return account.parentId ?? seed.accounts.find((a) => a.parentId === accountId)!.id;
};

interface Case {
  action: Action;
  /** Extra actions the request needs besides `action` (a user ID edit is also an update). */
  alsoNeeds?: Action[];
  state: LoginState;
  target?: Partial<Contact>;
  request: (target: Contact, n: number) => { method: string; path: string; body?: unknown };
  success: number;
}

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

const expectedStatus = (viewer: Viewer | undefined, testCase: Case, target: Contact): number => {
  if (!viewer) return 401;
  if (!inScope(viewer, target)) return 404;
  const needed = [testCase.action, ...(testCase.alsoNeeds ?? [])];
  if (!needed.every((action) => can(viewer, action, target))) return 403;
  return testCase.success;
};

let server: TestServer;
let n = 0;

before(async () => {
  server = await startTestServer();
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

    test('every contact action on own, child and other-company contacts', async () => {
      const session = await signIn();
      for (const testCase of CASES) {
        for (const placement of PLACEMENTS) {
          n += 1;
          const target = makeContact(accountFor(viewer, placement), testCase.state, testCase.target);
          await insertContacts(server.db, [target]);
          if (testCase.action === 'user.associate') {
            // A free account of the target's company: only that company's administrator may associate it.
            await server.db.query(
              "insert into users (id, user_id, display_name, email, contact_id, tenant_id, created_at) values ($1, $2, 'Free User', 'free@example.com', null, $3, now())",
              [`u-matrix-${n}`, `free.user.${n}`, tenantOf(seed.accounts, target.accountId)],
            );
          }
          const { method, path, body } = testCase.request(target, n);
          const response = await api(server, path, { method, session, body });
          const expected = expectedStatus(viewer, testCase, target);
          assert.equal(response.status, expected, `${role} ${testCase.action} on ${placement}: ${JSON.stringify(response.body)}`);
          if (expected >= 400) assert.ok(isProblem(response), `${testCase.action}: problem document`);
        }
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
