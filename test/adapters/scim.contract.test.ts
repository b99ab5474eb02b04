import { createSeedData, type DemoRole } from '@portico/core';
import { createScimClient, type ScimContactsClient } from '@portico/client-scim';
import { runContactsClientContract } from '@portico/adapter-kit';
import { startScimServer, tokenFor } from '../servers/scim-server.js';
import { scimOptions } from './scim-config.js';

/** The SCIM adapter against a real SCIM 2.0 server (scimmy + scimmy-routers) on 127.0.0.1. */
runContactsClientContract('ScimContactsClient + scimmy', async () => {
  const server = await startScimServer();
  const seed = createSeedData();
  const clients = new Map<DemoRole, ScimContactsClient>();
  for (const viewer of seed.demoViewers) {
    clients.set(viewer.role, await createScimClient({ ...scimOptions(server.url, tokenFor(viewer.userId)), fetch: globalThis.fetch, retry: 0 }));
  }
  return {
    clientAs: (role) => clients.get(role)!,
    reset: async () => server.reset(),
    close: () => server.close(),
  };
});
