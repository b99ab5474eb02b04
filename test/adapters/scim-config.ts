import { ROLE_CATALOGUE } from '@portico/core';
import type { ScimClientOptions } from '@portico/client-scim';

/** The SCIM adapter as the tests and the demo configure it for scimmy. */
export const scimOptions = (baseUrl: string, token: string): ScimClientOptions => ({
  baseUrl,
  token,
  accountAttribute: 'organization',
  noLogin: { attribute: 'userType', value: 'contact', loginValue: 'user' },
  roles: ROLE_CATALOGUE,
  // scimmy compares filter values case-sensitively and rejects \" inside a filter value.
  caseSensitiveFilters: true,
  quotes: 'strip',
});
