import { createSeedData } from '@portico/core';
import { createMappedRestClient } from '@portico/client-mapped';
import { runContactsClientContract } from '@portico/adapter-kit';
import { startJsonServer, tokenFor } from '../servers/json-server.js';
import { jsonServerOptions } from './json-server-mapping.js';

/**
 * The mapped REST adapter against json-server 0.17 serving contacts in the host's own shape.
 * Each demo viewer signs in with its own bearer token; scope and permissions are enforced by
 * the backend's session layer (test/servers/json-server.ts), never by the adapter.
 */
runContactsClientContract('MappedRestClient + json-server 0.17', async () => {
  const server = await startJsonServer();
  const userIds = new Map(createSeedData().demoViewers.map((viewer) => [viewer.role, viewer.userId]));
  return {
    clientAs: (role) => createMappedRestClient({ ...jsonServerOptions(server.url, tokenFor(userIds.get(role)!)), fetch: globalThis.fetch, retry: 0 }),
    reset: async () => server.reset(),
    close: () => server.close(),
  };
});
