import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTIONS,
  assignableRoles,
  can,
  canChangeRoles,
  canMoveContact,
  changeableRoles,
  computeScope,
  contactActions,
  coversRoles,
  createSeedData,
  losesAdministrator,
  type Contact,
  type DemoRole,
  type Viewer,
} from '@portico/core';

const data = createSeedData();

const viewerFor = (role: DemoRole): Viewer => {
  const demo = data.demoViewers.find((v) => v.role === role)!;
  const contact = data.contacts.find((c) => c.id === demo.contactId)!;
  const base = { roles: contact.roles, accountId: contact.accountId, partnerAccountIds: demo.partnerAccountIds };
  return {
    ...base,
    contactId: contact.id,
    tenantId: 'acme',
    displayName: `${contact.firstName} ${contact.lastName}`,
    userId: contact.userId!,
    scope: computeScope(base, data.accounts),
  };
};

const demoIds = new Set(data.demoViewers.map((viewer) => viewer.contactId));
const contactIn = (accountId: string): Contact => {
  const found = data.contacts.find((c) => c.accountId === accountId && c.login.state === 'enabled' && !demoIds.has(c.id));
  assert.ok(found, `seed has an enabled contact in ${accountId}`);
  return found;
};

describe('scope', () => {
  it('a customer administrator reaches their account and its child organisations only', () => {
    assert.deepEqual(viewerFor('customer_admin').scope.sort(), ['acme', 'acme-de', 'acme-eu', 'acme-us']);
  });
  it('a partner administrator also reaches the accounts they partner for', () => {
    assert.deepEqual(viewerFor('partner_admin').scope.sort(), ['acme', 'acme-de', 'acme-eu', 'acme-us', 'initech']);
  });
  it('a contact without admin roles reaches only their own account', () => {
    assert.deepEqual(viewerFor('contact').scope, ['acme']);
  });
  it('another company stays out of reach', () => {
    assert.deepEqual(viewerFor('other_tenant_admin').scope.sort(), ['globex', 'globex-retail']);
  });
});

describe('can', () => {
  const child = contactIn('acme-de');
  const foreign = contactIn('globex');

  it('lets a customer administrator manage contacts of child accounts, not of another company', () => {
    const viewer = viewerFor('customer_admin');
    for (const action of ['contact.update', 'contact.delete', 'login.disable', 'login.lock', 'roles.assign', 'password.reset_link'] as const) {
      assert.equal(can(viewer, action, child), true, action);
      assert.equal(can(viewer, action, foreign), false, action);
    }
  });

  it('keeps temporary passwords, set passwords and user association for admins (seed 000, 001, 003)', () => {
    for (const action of ['password.reset_temporary', 'password.set', 'user.associate'] as const) {
      assert.equal(can(viewerFor('admin'), action, child), true, action);
      assert.equal(can(viewerFor('customer_admin'), action, child), false, action);
      assert.equal(can(viewerFor('partner_admin'), action, child), false, action);
    }
  });

  it('never lets anyone delete, disable or lock their own contact', () => {
    for (const role of ['admin', 'customer_admin', 'partner_admin', 'contact_editor'] as const) {
      const viewer = viewerFor(role);
      const self = { id: viewer.contactId, accountId: viewer.accountId, roles: viewer.roles };
      for (const action of ['contact.delete', 'login.disable', 'login.lock'] as const) assert.equal(can(viewer, action, self), false, `${role} ${action}`);
      assert.equal(can(viewer, 'contact.update', self), true, role);
    }
  });

  it('gives a contact without admin roles read access only', () => {
    const viewer = viewerFor('contact');
    const allowed = ACTIONS.filter((action) => can(viewer, action, contactIn('acme')));
    assert.deepEqual(allowed, ['contact.list', 'contact.view']);
  });

  it('gives the Edit contacts permission set edit rights but no logins or roles (seed 004)', () => {
    const viewer = viewerFor('contact_editor');
    const allowed = ACTIONS.filter((action) => can(viewer, action, contactIn('acme-eu')));
    assert.deepEqual(allowed, ['contact.list', 'contact.view', 'contact.create', 'contact.update', 'contact.delete']);
  });
});

describe('contactActions', () => {
  const admin = viewerFor('admin');
  const withState = (state: Contact['login']['state'], userId: string | null = 'x.y'): Contact => ({
    ...contactIn('acme-eu'),
    userId,
    login: { ...contactIn('acme-eu').login, state, lockReason: state === 'locked' ? 'admin' : null },
  });

  it('offers Enable for a disabled login and Disable for an enabled one (seed 000)', () => {
    assert.ok(contactActions(admin, withState('disabled')).includes('login.enable'));
    assert.ok(!contactActions(admin, withState('disabled')).includes('login.disable'));
    assert.ok(contactActions(admin, withState('enabled')).includes('login.disable'));
    assert.ok(!contactActions(admin, withState('enabled')).includes('login.enable'));
  });

  it('offers Unlock only for locked logins and Lock only for enabled ones (seed 002)', () => {
    assert.ok(contactActions(admin, withState('locked')).includes('login.unlock'));
    assert.ok(!contactActions(admin, withState('locked')).includes('login.lock'));
    assert.ok(contactActions(admin, withState('enabled')).includes('login.lock'));
  });

  it('does not offer Create login while the user ID is blank (seed 000)', () => {
    assert.ok(contactActions(admin, withState('none', 'x.y')).includes('login.create'));
    assert.ok(!contactActions(admin, withState('none', null)).includes('login.create'));
  });
});

describe('role assignment', () => {
  it('nobody grants a role stronger than their own', () => {
    const all = data.roles.map((r) => r.id);
    assert.ok(!assignableRoles(viewerFor('customer_admin'), all).includes('admin'));
    assert.ok(!assignableRoles(viewerFor('customer_admin'), all).includes('partner_admin'));
    assert.ok(assignableRoles(viewerFor('partner_admin'), all).includes('partner_admin'));
    assert.deepEqual(assignableRoles(viewerFor('admin'), all), all);
    const someone = { id: 'c-someone', roles: ['admin'] };
    assert.equal(canChangeRoles(viewerFor('customer_admin'), someone, []), false);
    assert.equal(canChangeRoles(viewerFor('customer_admin'), someone, ['admin', 'billing']), true);
  });

  it('nobody removes their own admin role, and the picker does not offer it', () => {
    const admin = viewerFor('admin');
    const self = { id: admin.contactId, roles: admin.roles };
    assert.equal(canChangeRoles(admin, self, []), false);
    assert.equal(canChangeRoles(admin, self, ['admin', 'billing']), true);
    assert.equal(canChangeRoles(admin, { id: 'c-other-admin', roles: ['admin'] }, []), true);
    assert.ok(!changeableRoles(admin, self, ['admin', 'billing']).includes('admin'));
    assert.deepEqual(changeableRoles(admin, { id: 'c-other' }, ['admin', 'billing']), ['admin', 'billing']);
  });

  it('a contact editor could assign permission sets up to Edit contacts, no administrator roles', () => {
    const all = data.roles.map((r) => r.id);
    assert.deepEqual(assignableRoles(viewerFor('contact_editor'), all).sort(), ['billing', 'create_work_order', 'edit_contacts', 'reports']);
  });
});

describe('the target\'s strength', () => {
  const ROLES = ['admin', 'partner_admin', 'customer_admin', 'admin_access', 'edit_contacts', 'billing'] as const;
  const acting = ACTIONS.filter((action) => !['contact.list', 'contact.view', 'contact.create', 'contact.export'].includes(action));
  const target = (roles: string[]) => ({ ...contactIn('acme-eu'), roles });

  it('nobody acts on a contact holding a role they could not assign; everyone in scope may still view it', () => {
    const stronger: Record<string, readonly string[]> = {
      admin: [],
      partner_admin: ['admin'],
      customer_admin: ['admin', 'partner_admin'],
      contact_editor: ['admin', 'partner_admin', 'customer_admin', 'admin_access'],
    };
    for (const [role, forbidden] of Object.entries(stronger)) {
      const viewer = viewerFor(role as DemoRole);
      for (const targetRole of ROLES) {
        const contact = target([targetRole]);
        assert.equal(can(viewer, 'contact.view', contact), true, `${role} views ${targetRole}`);
        const expected = !forbidden.includes(targetRole);
        assert.equal(coversRoles(viewer, [targetRole]), expected, `${role} over ${targetRole}`);
        for (const action of acting) {
          if (!can(viewer, action, target([]))) continue;
          assert.equal(can(viewer, action, contact), expected, `${role} ${action} on ${targetRole}`);
        }
      }
    }
  });

  it('a customer administrator is offered nothing but viewing on an administrator (the takeover path)', () => {
    const viewer = viewerFor('customer_admin');
    const admin = { ...target(['admin']), login: { ...contactIn('acme-eu').login, state: 'enabled' as const } };
    assert.deepEqual(contactActions(viewer, admin), ['contact.view']);
    assert.ok(contactActions(viewer, { ...admin, roles: ['billing'] }).includes('contact.update'));
  });

  it('one stronger role among several is enough to stop the action', () => {
    assert.equal(can(viewerFor('customer_admin'), 'contact.update', target(['billing', 'admin'])), false);
    assert.equal(can(viewerFor('contact_editor'), 'contact.delete', target(['reports', 'customer_admin'])), false);
    assert.equal(can(viewerFor('contact_editor'), 'contact.delete', target(['reports', 'edit_contacts'])), true);
  });
});

describe('moves between accounts', () => {
  it('stay inside the contact\'s company, even for a partner administrator who reaches another', () => {
    const partner = viewerFor('partner_admin');
    const acmeContact = contactIn('acme-eu');
    assert.equal(canMoveContact(partner, acmeContact, 'acme-us', data.accounts), true);
    assert.equal(canMoveContact(partner, acmeContact, 'initech', data.accounts), false);
    assert.equal(canMoveContact(partner, contactIn('initech'), 'acme', data.accounts), false);
    assert.equal(canMoveContact(viewerFor('admin'), acmeContact, 'globex', data.accounts), false);
    assert.equal(canMoveContact(viewerFor('admin'), acmeContact, 'acme-de', data.accounts), true);
  });

  it('need authority over the contact and an account in scope', () => {
    assert.equal(canMoveContact(viewerFor('customer_admin'), { ...contactIn('acme-eu'), roles: ['admin'] }, 'acme-us', data.accounts), false);
    assert.equal(canMoveContact(viewerFor('contact_editor'), contactIn('acme-eu'), 'acme-us', data.accounts), false);
    assert.equal(canMoveContact(viewerFor('customer_admin'), contactIn('acme-eu'), 'no-such-account', data.accounts), false);
  });
});

describe('a company keeps an administrator', () => {
  const login = (state: Contact['login']['state']) => ({ ...contactIn('acme').login, state });
  const admin = { roles: ['admin'], login: login('enabled') };

  it('counts only the admin role with an enabled login', () => {
    assert.equal(losesAdministrator(admin, null), true);
    assert.equal(losesAdministrator(admin, { roles: ['admin'], login: login('disabled') }), true);
    assert.equal(losesAdministrator(admin, { roles: ['admin'], login: login('locked') }), true);
    assert.equal(losesAdministrator(admin, { roles: ['customer_admin'], login: login('enabled') }), true);
    assert.equal(losesAdministrator(admin, { roles: ['admin', 'billing'], login: login('enabled') }), false);
    assert.equal(losesAdministrator({ roles: ['admin'], login: login('locked') }, null), false);
    assert.equal(losesAdministrator({ roles: ['customer_admin'], login: login('enabled') }, null), false);
  });
});
