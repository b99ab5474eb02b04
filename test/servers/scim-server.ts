import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { can, canChangeRoles, computeScope, createSeedData, type Action, type Contact, type Viewer } from '@portico/core';

/**
 * A real SCIM 2.0 server (scimmy + scimmy-routers on express) seeded from `createSeedData()`.
 * As with any SCIM service provider, authentication and authorisation are the server's: the
 * bearer token names a user, and the handlers below keep each viewer to their accounts and
 * permissions (core's `computeScope`, `can`). Accounts are Groups, and a user's account is the
 * enterprise extension's `organization`. A contact without a login is a user of
 * `userType: "contact"` whose `userName` is their e-mail (SCIM requires one).
 *
 * scimmy keeps its configuration in module state, so one process runs one such server.
 */

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimUser {
  id: string;
  userName: string;
  userType: 'user' | 'contact';
  name: { givenName: string; familyName: string; honorificPrefix?: string };
  displayName: string;
  title?: string;
  emails: { value: string; type: string; primary?: boolean }[];
  phoneNumbers?: { value: string; type: string }[];
  preferredLanguage?: string;
  timezone?: string;
  active: boolean;
  roles?: { value: string }[];
  entitlements?: { value: string; type: string }[];
  [ENTERPRISE]: { organization: string };
  meta: { created: string; lastModified: string; version?: string };
}

/** A seed contact as a SCIM user. */
export const toScimUser = (contact: Contact, partners: string[] = []): ScimUser => ({
  id: contact.id,
  userName: contact.userId ?? contact.email,
  userType: contact.login.state === 'none' ? 'contact' : 'user',
  name: { givenName: contact.firstName, familyName: contact.lastName, ...(contact.honorific ? { honorificPrefix: contact.honorific } : {}) },
  displayName: `${contact.firstName} ${contact.lastName}`,
  ...(contact.jobTitle ? { title: contact.jobTitle } : {}),
  emails: [{ value: contact.email, type: 'work', primary: true }],
  phoneNumbers: [
    ...(contact.businessPhone ? [{ value: contact.businessPhone, type: 'work' }] : []),
    ...(contact.mobilePhone ? [{ value: contact.mobilePhone, type: 'mobile' }] : []),
  ],
  ...(contact.language ? { preferredLanguage: contact.language } : {}),
  ...(contact.timeZone ? { timezone: contact.timeZone } : {}),
  // A locked login cannot sign in; SCIM has no lock, so it reads as disabled.
  active: contact.login.state === 'enabled',
  roles: contact.roles.map((value) => ({ value })),
  entitlements: partners.map((value) => ({ value, type: 'partner' })),
  [ENTERPRISE]: { organization: contact.accountId },
  meta: { created: contact.createdAt, lastModified: contact.updatedAt, version: `W/"${contact.version}"` },
});

export const tokenFor = (userName: string) => `scim-${userName}`;

export interface ScimServerHandle {
  url: string;
  reset(): void;
  close(): Promise<void>;
}

interface Context {
  viewer: Viewer;
}

const scimError = (status: number, scimType: string | null, message: string) => new SCIMMY.Types.Error(status, scimType as string, message);

export const startScimServer = async ({ host = '127.0.0.1', port = 0 } = {}): Promise<ScimServerHandle> => {
  const seed = createSeedData();
  const partners = new Map(seed.demoViewers.map((viewer) => [viewer.contactId, viewer.partnerAccountIds]));
  const roleIds = new Set(seed.roles.map((role) => role.id));
  let users = new Map<string, ScimUser>();
  const reset = () => {
    users = new Map(seed.contacts.map((contact) => [contact.id, toScimUser(contact, partners.get(contact.id))]));
  };
  reset();

  const viewerOf = (authorization: string | undefined): Viewer | undefined => {
    const token = authorization?.replace(/^Bearer /, '');
    const user = [...users.values()].find((candidate) => candidate.userType === 'user' && candidate.active && tokenFor(candidate.userName) === token);
    if (!user) return undefined;
    const base = { roles: (user.roles ?? []).map((role) => role.value), accountId: user[ENTERPRISE].organization, partnerAccountIds: partners.get(user.id) ?? [] };
    return { ...base, contactId: user.id, tenantId: base.accountId, displayName: user.displayName, userId: user.userName, scope: computeScope(base, seed.accounts) };
  };
  const target = (user: ScimUser) => ({ id: user.id, accountId: user[ENTERPRISE].organization, roles: (user.roles ?? []).map((role) => role.value) });
  const visible = (viewer: Viewer, id: string | undefined) => {
    const user = id ? users.get(id) : undefined;
    if (!user || !viewer.scope.includes(user[ENTERPRISE].organization)) throw scimError(404, null, `Resource ${id} not found`);
    return user;
  };
  const userNameTaken = (userName: string, except?: string) =>
    [...users.values()].some((user) => user.id !== except && user.userName.toLowerCase() === userName.toLowerCase());

  SCIMMY.Config.set({ patch: true, filter: 200, sort: true, etag: false, bulk: false, changePassword: false });
  SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .egress((resource, ctx: Context) => {
      const { viewer } = ctx;
      if (resource.id) return [visible(viewer, resource.id)];
      const inScope = [...users.values()].filter((user) => viewer.scope.includes(user[ENTERPRISE].organization));
      return resource.filter ? resource.filter.match(inScope) : inScope;
    })
    .ingress((resource, instance, ctx: Context) => {
      const { viewer } = ctx;
      const input = JSON.parse(JSON.stringify(instance)) as Omit<ScimUser, 'id' | 'meta'>;
      const organization = input[ENTERPRISE]?.organization;
      if (!organization || !viewer.scope.includes(organization)) {
        throw scimError(400, 'invalidValue', `Attribute '${ENTERPRISE}:organization' must name one of your accounts.`);
      }
      const now = new Date().toISOString();
      const roles = (input.roles ?? []).map((role) => role.value);
      const unknown = roles.filter((role) => !roleIds.has(role));
      if (unknown.length) throw scimError(400, 'invalidValue', `Attribute 'roles' holds unknown values: ${unknown.join(', ')}.`);
      if (!resource.id) {
        if (!can(viewer, 'contact.create', { id: '', accountId: organization, roles: [] })) throw scimError(403, null, 'You may not add contacts.');
        if (userNameTaken(input.userName)) throw scimError(409, 'uniqueness', `Attribute 'userName' must be unique.`);
        const id = `c-scim-${crypto.randomUUID().slice(0, 8)}`;
        const created = { ...input, id, meta: { created: now, lastModified: now, version: 'W/"1"' } } as ScimUser;
        users.set(id, created);
        return created;
      }
      const before = visible(viewer, resource.id);
      const actions = new Set<Action>();
      if (input.userName !== before.userName) actions.add('contact.edit_user_id');
      if (input.userType !== before.userType) actions.add('login.create');
      else if (input.active !== before.active) actions.add(input.active ? 'login.enable' : 'login.disable');
      if (organization !== before[ENTERPRISE].organization) actions.add('contact.change_account');
      const beforeRoles = (before.roles ?? []).map((role) => role.value);
      if (JSON.stringify([...roles].sort()) !== JSON.stringify([...beforeRoles].sort())) actions.add('roles.assign');
      const plain = (user: object) => {
        const { userName: _u, userType: _t, active: _a, roles: _r, meta: _m, id: _i, groups: _g, ...rest } = user as ScimUser & { groups?: unknown };
        return JSON.stringify(rest, Object.keys(rest).sort());
      };
      if (plain(input) !== plain(before)) actions.add('contact.update');
      for (const action of actions) if (!can(viewer, action, target(before))) throw scimError(403, null, 'You may not make this change.');
      if (actions.has('roles.assign') && !canChangeRoles(viewer, target(before), roles)) throw scimError(403, null, 'You may not grant or remove these roles.');
      if (userNameTaken(input.userName, before.id)) throw scimError(409, 'uniqueness', `Attribute 'userName' must be unique.`);
      const version = Number(/\d+/.exec(before.meta.version ?? '')?.[0] ?? 1) + 1;
      const updated = { ...input, id: before.id, meta: { created: before.meta.created, lastModified: now, version: `W/"${version}"` } } as ScimUser;
      users.set(before.id, updated);
      return updated;
    })
    .degress((resource, ctx: Context) => {
      const user = visible(ctx.viewer, resource.id);
      if (!can(ctx.viewer, 'contact.delete', target(user))) throw scimError(403, null, 'You may not delete this contact.');
      users.delete(user.id);
    });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress((resource, ctx: Context) => {
      const groups = seed.accounts
        .filter((account) => ctx.viewer.scope.includes(account.id))
        .map((account) => ({ id: account.id, displayName: account.name, meta: { created: '2025-01-06T09:00:00.000Z', lastModified: '2025-01-06T09:00:00.000Z' } }));
      if (resource.id) {
        const group = groups.find((candidate) => candidate.id === resource.id);
        if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
        return [group];
      }
      return resource.filter ? resource.filter.match(groups) : groups;
    })
    .ingress(() => {
      throw scimError(403, null, 'Accounts are read-only here.');
    })
    .degress(() => {
      throw scimError(403, null, 'Accounts are read-only here.');
    });

  const app = express();
  // Express 5 leaves every query value a string; SCIM's startIndex and count must be numbers.
  app.set('query parser', (text: string) => {
    const query: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
    for (const key of ['startIndex', 'count']) if (typeof query[key] === 'string' && /^\d+$/.test(query[key])) query[key] = Number(query[key]);
    return query;
  });
  app.use(express.json({ type: ['application/json', 'application/scim+json'] }));
  app.use(
    '/scim/v2',
    new SCIMMYRouters({
      type: 'bearer',
      docUri: 'https://portico.dev/docs/adapters',
      handler: (request) => {
        const viewer = viewerOf(request.header('authorization'));
        if (!viewer) throw new Error('Sign in first.');
        return viewer.contactId;
      },
      context: (request): Context => ({ viewer: viewerOf(request.header('authorization'))! }),
    }),
  );

  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(port, host, () => resolve(listening));
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/scim/v2`,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
