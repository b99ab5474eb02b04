import { createSeedData, type DemoRole } from '@portico/core';
import { createScimClient, type ScimContactsClient } from '@portico/client-scim';
import { runContactsClientContract } from '@portico/adapter-kit';
import { STRICT_PROFILE, startScimServer, tokenFor } from '../servers/scim-server.js';
import { strictScimOptions } from './scim-config.js';

/**
 * The SCIM adapter against the strict profile of the test server: `eq`/`and` filters on userName,
 * emails.value and id only, maxResults 100, no sortBy, ETag, /.search, /Me or enterprise extension.
 * What the adapter cannot do there is false in its capabilities, and the suite skips it by name.
 */
runContactsClientContract('ScimContactsClient + scimmy, strict profile', async () => {
  const server = await startScimServer({ profile: STRICT_PROFILE });
  const seed = createSeedData();
  const clients = new Map<DemoRole, ScimContactsClient>();
  for (const viewer of seed.demoViewers) {
    clients.set(viewer.role, await createScimClient({ ...strictScimOptions(server.url, tokenFor(viewer.userId), viewer.userId), fetch: globalThis.fetch, retry: 0 }));
  }
  return {
    clientAs: (role) => clients.get(role)!,
    reset: async () => server.reset(),
    close: () => server.close(),
  };
});
