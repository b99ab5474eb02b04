// The worked example of docs/adapters.md: docs/adapters.md quotes this file verbatim and
// test/adapters/docs.test.ts fails when the two drift apart.
import { mapFields, type MappedRestClientOptions, type Params } from '@portico/client-mapped';
import type { ListQuery, SortField } from '@portico/core';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SORT: Record<SortField, string> = {
  name: 'last_name,first_name',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email_address',
  jobTitle: 'job_title',
  honorific: 'salutation',
  account: 'account_id',
  status: 'active',
  updatedAt: 'updated_at',
  createdAt: 'created_at',
};

const STATUS: Record<string, Params> = {
  active: { active: 'Y', locked: 'N' },
  disabled: { active: 'N' },
  locked: { locked: 'Y' },
  none: { active: '' },
};

/** Search, status filter and sort as json-server 0.17 parameters. */
const listParams = (query: ListQuery): Params => {
  const direction = query.sort.direction;
  const sort = SORT[query.sort.field];
  const params: Params = { _sort: sort, _order: sort.split(',').map(() => direction).join(',') };
  const words = query.search?.trim().split(/\s+/).filter(Boolean) ?? [];
  // `q` matches one text anywhere; two or more words must be the first and last name, in either order.
  if (words.length === 1) params['q'] = words[0]!;
  if (words.length > 1) {
    const anyWord = `^(${words.map(escapeRegExp).join('|')})$`;
    params['first_name_like'] = anyWord;
    params['last_name_like'] = anyWord;
  }
  if (query.filters.status) Object.assign(params, STATUS[query.filters.status]);
  return params;
};

const yesNo = { Y: true, N: false };

/** How a contact record of this API maps to and from a Portico contact. */
export const contactMapping = mapFields({
  id: { path: 'id', readOnly: true },
  accountId: 'account_id',
  honorific: 'salutation',
  firstName: 'first_name',
  lastName: 'last_name',
  jobTitle: 'job_title',
  email: 'email_address',
  businessPhone: 'phones.work',
  mobilePhone: 'phones.mobile',
  language: 'locale',
  timeZone: 'tz',
  notifications: { path: 'newsletter', values: yesNo },
  userId: 'user_name',
  roles: 'roles',
  'login.state': {
    read: (record) => (record['active'] === '' ? 'none' : record['locked'] === 'Y' ? 'locked' : record['active'] === 'Y' ? 'enabled' : 'disabled'),
    write: (state) => ({ active: state === 'none' ? '' : state === 'disabled' ? 'N' : 'Y', locked: state === 'locked' ? 'Y' : 'N' }),
  },
  'login.lockReason': 'lock_reason',
  'login.lockedAt': 'locked_at',
  'login.failedSignIns': { path: 'failed_logins', default: 0 },
  'login.passwordChangeRequired': { path: 'must_change_password', values: yesNo },
  'login.lastSignInAt': 'last_login',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  version: 'rev',
});

/** The adapter options for the json-server backend at `baseUrl`, signed in with `token`. */
export const jsonServerOptions = (baseUrl: string, token: string): MappedRestClientOptions => ({
  baseUrl,
  auth: { bearer: token },
  paging: { style: 'page', page: '_page', size: '_limit', total: { header: 'X-Total-Count' } },
  mapping: contactMapping,
  routes: {
    list: { path: '/contacts', params: listParams },
    get: { path: '/contacts/:id' },
    create: { method: 'POST', path: '/contacts' },
    update: { method: 'PATCH', path: '/contacts/:id' },
    delete: { method: 'DELETE', path: '/contacts/:id' },
    // Logins are switched by writing the contact's `active` field; there is no lock or reset endpoint.
    enableLogin: 'update',
    disableLogin: 'update',
    setRoles: 'update',
    roles: { path: '/roles', map: (role) => ({ id: role['id'], name: role['label'], description: role['summary'], kind: role['type'] }) },
    accounts: { path: '/accounts', map: (account) => ({ id: account['id'], name: account['name'], parentId: account['parent_id'] }) },
    me: {
      path: '/me',
      map: (me) => ({
        contactId: me['contact_id'],
        accountId: me['account_id'],
        tenantId: me['tenant_id'],
        displayName: me['display_name'],
        userId: me['user_name'],
        roles: me['roles'],
        partnerAccountIds: me['partner_account_ids'],
        scope: me['account_ids'],
      }),
    },
    findByUserId: (userId) => ({ user_name_like: `^${escapeRegExp(userId)}$` }),
  },
});
