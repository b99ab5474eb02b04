import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import jsonServer from 'json-server';
import { canChangeRoles, can, computeScope, createSeedData, tenantOf, type Action, type Contact, type Viewer } from '@portico/core';

/**
 * A portal backend that is not Portico: json-server 0.17 serving contacts in its own shape
 * (snake_case, `active: "Y" | "N" | ""`, nested `phones`), plus the thin session layer every
 * real portal has in front of its data (bearer token → viewer, account scope, permissions).
 * json-server has no authentication, so that layer lives here, on the server side: the
 * adapter never filters or authorises anything itself.
 */

export interface HostContact {
  id: string;
  account_id: string;
  salutation: string | null;
  first_name: string;
  last_name: string;
  job_title: string | null;
  email_address: string;
  phones: { work: string | null; mobile: string | null };
  locale: string | null;
  tz: string | null;
  newsletter: 'Y' | 'N';
  user_name: string | null;
  roles: string[];
  /** Login: "Y" enabled, "N" disabled, "" no login. */
  active: 'Y' | 'N' | '';
  locked: 'Y' | 'N';
  lock_reason: string | null;
  locked_at: string | null;
  failed_logins: number;
  must_change_password: 'Y' | 'N';
  last_login: string | null;
  created_at: string;
  updated_at: string;
  rev: number;
}

const yn = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');

/** The seed in the host's shape. */
export const toHostContact = (contact: Contact): HostContact => ({
  id: contact.id,
  account_id: contact.accountId,
  salutation: contact.honorific,
  first_name: contact.firstName,
  last_name: contact.lastName,
  job_title: contact.jobTitle,
  email_address: contact.email,
  phones: { work: contact.businessPhone, mobile: contact.mobilePhone },
  locale: contact.language,
  tz: contact.timeZone,
  newsletter: yn(contact.notifications),
  user_name: contact.userId,
  roles: contact.roles,
  active: contact.login.state === 'none' ? '' : yn(contact.login.state !== 'disabled'),
  locked: yn(contact.login.state === 'locked'),
  lock_reason: contact.login.lockReason,
  locked_at: contact.login.lockedAt,
  failed_logins: contact.login.failedSignIns,
  must_change_password: yn(contact.login.passwordChangeRequired),
  last_login: contact.login.lastSignInAt,
  created_at: contact.createdAt,
  updated_at: contact.updatedAt,
  rev: contact.version,
});

export const seedDatabase = () => {
  const seed = createSeedData();
  return {
    contacts: seed.contacts.map(toHostContact),
    accounts: seed.accounts.map((account) => ({ id: account.id, name: account.name, parent_id: account.parentId })),
    roles: seed.roles.map((role) => ({ id: role.id, label: role.name, summary: role.description, type: role.kind })),
  };
};

/** The bearer token of a demo viewer in this test backend. */
export const tokenFor = (userId: string) => `token-${userId}`;

export interface JsonServerHandle {
  url: string;
  reset(): void;
  close(): Promise<void>;
}

type Db = ReturnType<typeof seedDatabase>;

export const startJsonServer = async (): Promise<JsonServerHandle> => {
  const seed = createSeedData();
  const partners = new Map(seed.demoViewers.map((viewer) => [viewer.contactId, viewer.partnerAccountIds]));
  const router = jsonServer.router(seedDatabase());
  const db = () => router.db.getState() as Db;
  const app = jsonServer.create();

  const viewerOf = (authorization: string | undefined): Viewer | undefined => {
    const token = authorization?.replace(/^Bearer /, '');
    const contact = db().contacts.find((record) => record.user_name && tokenFor(record.user_name) === token && record.active === 'Y' && record.locked === 'N');
    if (!contact) return undefined;
    const base = { roles: contact.roles, accountId: contact.account_id, partnerAccountIds: partners.get(contact.id) ?? [] };
    return {
      ...base,
      contactId: contact.id,
      tenantId: tenantOf(seed.accounts, contact.account_id),
      displayName: `${contact.first_name} ${contact.last_name}`,
      userId: contact.user_name!,
      scope: computeScope(base, seed.accounts),
    };
  };

  const fail = (res: import('express-serve-static-core').Response, status: number, message: string, errors?: { field: string; message: string }[]) =>
    res.status(status).json({ message, ...(errors ? { errors } : {}) });

  app.use(jsonServer.bodyParser);
  app.use((req, res, next) => {
    const viewer = viewerOf(req.headers.authorization);
    if (!viewer) return fail(res, 401, 'Sign in first.');
    const [, resource, id] = req.path.split('/');
    if (resource === 'me' && req.method === 'GET') {
      return res.json({
        contact_id: viewer.contactId,
        account_id: viewer.accountId,
        tenant_id: viewer.tenantId,
        display_name: viewer.displayName,
        user_name: viewer.userId,
        roles: viewer.roles,
        partner_account_ids: viewer.partnerAccountIds,
        account_ids: viewer.scope,
      });
    }
    if (resource === 'accounts' && req.method === 'GET' && !id) return res.json(db().accounts.filter((account) => viewer.scope.includes(account.id)));
    if (resource === 'roles' && req.method === 'GET') return next();
    if (resource !== 'contacts') return fail(res, 404, 'Not found.');

    if (!id) {
      if (req.method === 'GET') {
        req.query['account_id'] = viewer.scope;
        return next();
      }
      if (req.method !== 'POST') return fail(res, 405, 'Method not allowed.');
      const accountId = String(req.body?.account_id ?? '');
      if (!viewer.scope.includes(accountId)) return fail(res, 422, 'Choose one of your accounts.', [{ field: 'account_id', message: 'Choose one of your accounts.' }]);
      if (!can(viewer, 'contact.create', { id: '', accountId, roles: [] })) return fail(res, 403, 'You may not add contacts.');
      return next();
    }

    const record = db().contacts.find((contact) => contact.id === id);
    if (!record || !viewer.scope.includes(record.account_id)) return fail(res, 404, 'No such contact.');
    const target = { id: record.id, accountId: record.account_id, roles: record.roles };
    if (req.method === 'GET') return next();
    if (req.method === 'DELETE') return can(viewer, 'contact.delete', target) ? next() : fail(res, 403, 'You may not delete this contact.');
    if (req.method !== 'PATCH' && req.method !== 'PUT') return fail(res, 405, 'Method not allowed.');

    const body = req.body as Partial<HostContact>;
    const changed = (Object.keys(body) as (keyof HostContact)[]).filter((key) => JSON.stringify(body[key]) !== JSON.stringify(record[key]));
    const actions = new Set<Action>();
    for (const key of changed) {
      if (key === 'user_name') actions.add('contact.edit_user_id');
      else if (key === 'account_id') actions.add('contact.change_account');
      else if (key === 'roles') actions.add('roles.assign');
      else if (key === 'active') {
        if (record.active === '') return fail(res, 409, 'This contact has no login.');
        actions.add(body.active === 'Y' ? 'login.enable' : 'login.disable');
      } else if (key !== 'locked' && key !== 'rev' && key !== 'updated_at') actions.add('contact.update');
    }
    for (const action of actions) if (!can(viewer, action, target)) return fail(res, 403, 'You may not make this change.');
    if (body.roles) {
      const known = new Set(db().roles.map((role) => role.id));
      const unknown = body.roles.filter((role) => !known.has(role));
      if (unknown.length) return fail(res, 422, `Unknown roles: ${unknown.join(', ')}.`, [{ field: 'roles', message: 'Unknown role.' }]);
      if (!canChangeRoles(viewer, target, body.roles)) return fail(res, 403, 'You may not grant or remove these roles.');
    }
    if (body.account_id && !viewer.scope.includes(body.account_id)) return fail(res, 422, 'Choose one of your accounts.', [{ field: 'account_id', message: 'Choose one of your accounts.' }]);
    req.body = { ...body, rev: record.rev + 1, updated_at: new Date().toISOString() };
    return next();
  });
  app.use(router);

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    reset: () => router.db.setState(seedDatabase()),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
