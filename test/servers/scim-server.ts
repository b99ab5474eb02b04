import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { filter as predicate, parse as parseFilter } from 'scim2-parse-filter';
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

/**
 * How far the server departs from scimmy's defaults, one switch per behaviour that stricter SCIM
 * servers in the wild show (all allowed by RFC 7644). `STRICT_PROFILE` turns every one on.
 */
export interface ScimProfile {
  /** Filters only with `eq`, joined only by `and`, only on these attributes; anything else answers 400 invalidFilter. */
  filterAttributes?: string[];
  /** `filter.maxResults`: a larger `count` is clamped, so pages come back short (default 200). */
  maxResults?: number;
  /** `sortBy` (default true; without it, `sortBy` is ignored). */
  sort?: boolean;
  /** `meta.version` and ETags (default true). */
  etag?: boolean;
  /** `POST /Users/.search` (default true; without it, 404). */
  searchEndpoint?: boolean;
  /** `GET /Me` (default true; without it, 501). */
  me?: boolean;
  /** The enterprise extension (default true). Without it, a user's account shows only as Group membership. */
  enterprise?: boolean;
  /** PATCH `replace` of a complex attribute keeps the sub-attributes it leaves out (RFC 7644 §3.5.2.3). */
  replaceMerges?: boolean;
  /** Refuses a filter with parentheses inside parentheses. */
  noNestedParentheses?: boolean;
  /** Refuses `\"` inside a filter value. */
  noEscapedQuotes?: boolean;
  /** A deleted user's e-mail cannot be used again (409 uniqueness). */
  deletedEmailsReserved?: boolean;
}

export const STRICT_PROFILE: Required<ScimProfile> = {
  filterAttributes: ['userName', 'emails.value', 'id'],
  maxResults: 100,
  sort: false,
  etag: false,
  searchEndpoint: false,
  me: false,
  enterprise: false,
  replaceMerges: true,
  noNestedParentheses: true,
  noEscapedQuotes: true,
  deletedEmailsReserved: true,
};

type Clause = { attr: string; value: string };

/**
 * The filter grammar of an `eq`/`and`-only server: `attr eq "value"` joined by `and`, no
 * parentheses, no escapes. Anything else is refused as such a server would.
 */
const parseStrictFilter = (text: string, attributes: string[]): Clause[] => {
  const clauses: Clause[] = [];
  const clause = /^\s*([A-Za-z][\w.]*)\s+(\w+)\s+("([^"\\]*)"|true|false|null|-?\d+)\s*/;
  let rest = text;
  for (;;) {
    const match = clause.exec(rest);
    if (!match) throw scimError(400, 'invalidFilter', `Filter not supported: ${text}`);
    const [whole, attr, op, , quoted] = match;
    if (op!.toLowerCase() !== 'eq') throw scimError(400, 'invalidFilter', `Operator '${op}' is not supported.`);
    if (!attributes.some((allowed) => allowed.toLowerCase() === attr!.toLowerCase())) throw scimError(400, 'invalidFilter', `Attribute '${attr}' cannot be filtered.`);
    clauses.push({ attr: attr!, value: quoted ?? match[3]! });
    rest = rest.slice(whole!.length);
    if (rest === '') return clauses;
    const joiner = /^and\s+/i.exec(rest);
    if (!joiner) throw scimError(400, 'invalidFilter', `Filter not supported: ${text}`);
    rest = rest.slice(joiner[0].length);
  }
};

/** Whether a user matches every clause; `userName` and `emails.value` compare without case (RFC 7643: caseExact false). */
const matchesClauses = (user: ScimUser, clauses: Clause[]) =>
  clauses.every(({ attr, value }) => {
    const name = attr.toLowerCase();
    if (name === 'id') return user.id === value;
    if (name === 'username') return user.userName.toLowerCase() === value.toLowerCase();
    if (name === 'emails.value') return user.emails.some((email) => email.value.toLowerCase() === value.toLowerCase());
    return false;
  });

const matches = (expression: string) => predicate(parseFilter(expression)) as (user: ScimUser) => boolean;

const depth = (text: string) => {
  let level = 0;
  let deepest = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') deepest = Math.max(deepest, ++level);
    else if (!quoted && char === ')') level -= 1;
  }
  return deepest;
};

/** A PATCH `replace` of a complex value as replaces of each sub-attribute it names, so the rest stay. */
const mergingReplaces = (operations: { op: string; path?: string; value?: unknown }[]) =>
  operations.flatMap((operation) => {
    const plainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (operation.op.toLowerCase() !== 'replace' || !plainObject(operation.value)) return [operation];
    const split = (prefix: string, value: Record<string, unknown>): typeof operations =>
      Object.entries(value).flatMap(([key, inner]) =>
        plainObject(inner) && !key.startsWith('urn:') ? split(`${prefix}${key}.`, inner) : [{ op: 'replace', path: `${prefix}${key}`, value: inner }],
      );
    return split(operation.path ? `${operation.path}.` : '', operation.value);
  });

export interface ScimServerHandle {
  url: string;
  reset(): void;
  close(): Promise<void>;
}

interface Context {
  viewer: Viewer;
  /** The filter as an `eq`/`and`-only server parsed it. */
  clauses?: Clause[];
}

const scimError = (status: number, scimType: string | null, message: string) => new SCIMMY.Types.Error(status, scimType as string, message);

export interface ScimServerOptions {
  host?: string;
  port?: number;
  /** Behaviours of stricter servers (default none: scimmy as it comes). scimmy's state is per process: one profile per process. */
  profile?: ScimProfile;
}

export const startScimServer = async ({ host = '127.0.0.1', port = 0, profile = {} }: ScimServerOptions = {}): Promise<ScimServerHandle> => {
  const enterprise = profile.enterprise !== false;
  const etag = profile.etag !== false;
  const maxResults = profile.maxResults ?? 200;
  const seed = createSeedData();
  const accountName = new Map(seed.accounts.map((account) => [account.id, account.name]));
  const deletedEmails = new Set<string>();
  const partners = new Map(seed.demoViewers.map((viewer) => [viewer.contactId, viewer.partnerAccountIds]));
  const roleIds = new Set(seed.roles.map((role) => role.id));
  let users = new Map<string, ScimUser>();
  const reset = () => {
    users = new Map(seed.contacts.map((contact) => [contact.id, toScimUser(contact, partners.get(contact.id))]));
    deletedEmails.clear();
  };
  /** A stored user as this profile shows it: without the extension its account is a Group membership. */
  const shown = (user: ScimUser): ScimUser => {
    const { [ENTERPRISE]: extension, meta, ...rest } = user;
    const organization = extension.organization;
    return {
      ...rest,
      ...(enterprise ? { [ENTERPRISE]: extension } : { groups: [{ value: organization, display: accountName.get(organization) ?? organization }] }),
      meta: etag ? meta : { created: meta.created, lastModified: meta.lastModified },
    } as ScimUser;
  };
  const reservedEmail = (input: { emails?: { value: string }[] }, before?: ScimUser) =>
    profile.deletedEmailsReserved &&
    (input.emails ?? []).some((email) => deletedEmails.has(email.value.toLowerCase()) && !before?.emails.some((own) => own.value.toLowerCase() === email.value.toLowerCase()));
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

  SCIMMY.Config.set({ patch: true, filter: maxResults, sort: profile.sort !== false, etag: false, bulk: false, changePassword: false });
  if (enterprise) SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .egress((resource, ctx: Context) => {
      const { viewer } = ctx;
      if (resource.id) return [shown(visible(viewer, resource.id))];
      const inScope = [...users.values()].filter((user) => viewer.scope.includes(user[ENTERPRISE].organization));
      if (ctx.clauses) return inScope.filter((user) => matchesClauses(user, ctx.clauses!)).map(shown);
      // scim2-parse-filter evaluates what scimmy parsed: scimmy's own matcher distributes `(a or b) and c and d` wrongly.
      return (resource.filter ? inScope.filter(matches(resource.filter.expression)) : inScope).map(shown);
    })
    .ingress((resource, instance, ctx: Context) => {
      const { viewer } = ctx;
      const input = JSON.parse(JSON.stringify(instance)) as Omit<ScimUser, 'id' | 'meta'>;
      // Without the extension the account is not the client's to write: a new user joins the viewer's own account.
      if (!enterprise) input[ENTERPRISE] = { organization: resource.id ? (users.get(resource.id)?.[ENTERPRISE].organization ?? '') : viewer.accountId };
      delete (input as { groups?: unknown }).groups;
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
        if (reservedEmail(input)) throw scimError(409, 'uniqueness', `Attribute 'emails' holds the address of a deleted user, which cannot be used again.`);
        const id = `c-scim-${crypto.randomUUID().slice(0, 8)}`;
        const created = { ...input, id, meta: { created: now, lastModified: now, version: 'W/"1"' } } as ScimUser;
        users.set(id, created);
        return shown(created);
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
      if (reservedEmail(input, before)) throw scimError(409, 'uniqueness', `Attribute 'emails' holds the address of a deleted user, which cannot be used again.`);
      const version = Number(/\d+/.exec(before.meta.version ?? '')?.[0] ?? 1) + 1;
      const updated = { ...input, id: before.id, meta: { created: before.meta.created, lastModified: now, version: `W/"${version}"` } } as ScimUser;
      users.set(before.id, updated);
      return shown(updated);
    })
    .degress((resource, ctx: Context) => {
      const user = visible(ctx.viewer, resource.id);
      if (!can(ctx.viewer, 'contact.delete', target(user))) throw scimError(403, null, 'You may not delete this contact.');
      users.delete(user.id);
      for (const email of user.emails) deletedEmails.add(email.value.toLowerCase());
    });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress((resource, ctx: Context) => {
      const groups = seed.accounts
        .filter((account) => ctx.viewer.scope.includes(account.id))
        .map((account) => ({
          id: account.id,
          displayName: account.name,
          // Without the extension, membership is where a user's account shows.
          ...(enterprise ? {} : { members: [...users.values()].filter((user) => user[ENTERPRISE].organization === account.id).map((user) => ({ value: user.id, display: user.displayName })) }),
          meta: { created: '2025-01-06T09:00:00.000Z', lastModified: '2025-01-06T09:00:00.000Z' },
        }));
      if (resource.id) {
        const group = groups.find((candidate) => candidate.id === resource.id);
        if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
        return [group];
      }
      return resource.filter ? resource.filter.match(groups) : groups;
    })
    .ingress((resource, instance, ctx: Context) => {
      // Without the extension, adding a user to a group moves them into that account (a user is in one).
      if (enterprise || !resource.id || !ctx.viewer.scope.includes(resource.id)) throw scimError(403, null, 'Accounts are read-only here.');
      const members = ((instance as { members?: { value: string }[] }).members ?? []).map((member) => member.value);
      for (const id of members) {
        const user = visible(ctx.viewer, id);
        if (user[ENTERPRISE].organization === resource.id) continue;
        if (!can(ctx.viewer, 'contact.change_account', target(user))) throw scimError(403, null, 'You may not move this contact.');
        // Membership is the Group's attribute: the user's own meta stays as it was.
        users.set(id, { ...user, [ENTERPRISE]: { organization: resource.id } });
      }
      const left = [...users.values()].filter((user) => user[ENTERPRISE].organization === resource.id && !members.includes(user.id));
      if (left.length) throw scimError(400, 'mutability', 'A user leaves an account only by joining another.');
      return { id: resource.id, displayName: accountName.get(resource.id) ?? resource.id, members: members.map((value) => ({ value })) };
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
  const refuse = (response: express.Response, error: InstanceType<typeof SCIMMY.Types.Error>) =>
    response.status(Number(error.status)).type('application/scim+json').send(JSON.stringify(new SCIMMY.Messages.ErrorResponse(error)));
  if (profile.me === false) app.all('/scim/v2/Me', (_request, response) => refuse(response, scimError(501, null, '/Me is not supported.')));
  if (profile.searchEndpoint === false) app.post(/\/\.search$/, (_request, response) => refuse(response, scimError(404, null, 'Not found.')));
  const clausesOf = new WeakMap<express.Request, Clause[]>();
  app.use('/scim/v2/Users', (request, response, next) => {
    if (request.method === 'PATCH' && profile.replaceMerges && Array.isArray(request.body?.Operations)) request.body.Operations = mergingReplaces(request.body.Operations);
    if (request.method !== 'GET') return next();
    const url = new URL(request.url, 'http://scim.invalid');
    const filter = url.searchParams.get('filter');
    try {
      if (filter !== null && profile.noEscapedQuotes && filter.includes('\\"')) throw scimError(400, 'invalidFilter', 'Escaped quotes are not supported in filter values.');
      if (filter !== null && profile.noNestedParentheses && depth(filter) > 1) throw scimError(400, 'invalidFilter', 'Nested parentheses are not supported.');
      if (filter !== null && profile.filterAttributes) clausesOf.set(request, parseStrictFilter(filter, profile.filterAttributes));
    } catch (error) {
      return refuse(response, error as InstanceType<typeof SCIMMY.Types.Error>);
    }
    const count = Number(url.searchParams.get('count'));
    if (url.searchParams.has('count') && count > maxResults) url.searchParams.set('count', String(maxResults));
    if (profile.sort === false) url.searchParams.delete('sortBy');
    request.url = `${url.pathname}${url.search}`;
    next();
  });
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
      context: (request): Context => ({ viewer: viewerOf(request.header('authorization'))!, clauses: clausesOf.get(request) }),
    }),
  );
  // scimmy-routers declares sort support when it is constructed: a profile without sort says so after it.
  SCIMMY.Config.set({ sort: profile.sort !== false });

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
