import { ROLE_CATALOGUE } from '@portico/core';
import type { ScimClientOptions } from '@portico/client-scim';

/** The SCIM adapter as the tests and the demo configure it for scimmy. */
export const scimOptions = (baseUrl: string, token: string): ScimClientOptions => ({
  baseUrl,
  token,
  accountAttribute: 'organization',
  noLogin: { attribute: 'userType', value: 'contact', loginValue: 'user' },
  roles: ROLE_CATALOGUE,
  // scimmy compares filter values case-sensitively (the probes find that it rejects \" by themselves).
  caseSensitiveFilters: true,
});

/**
 * The SCIM adapter for the strict profile of the test server (`STRICT_PROFILE`): no `/Me`, so the
 * host names the signed-in user; no enterprise extension, so accounts are Group memberships.
 */
export const strictScimOptions = (baseUrl: string, token: string, userName: string): ScimClientOptions => ({
  baseUrl,
  token,
  noLogin: { attribute: 'userType', value: 'contact', loginValue: 'user' },
  roles: ROLE_CATALOGUE,
  viewer: { userName },
});
