import { createSeedData, type DemoRole } from '@portico/core';
import { RestContactsClient } from '@portico/client-rest';
import { startTestServer } from '@portico/server/testing';
import { runContactsClientContract } from './contract-suite.js';

/** The REST adapter against the real reference server on 127.0.0.1 (no mocked fetch). */
runContactsClientContract('RestContactsClient + reference server', async () => {
  const server = await startTestServer();
  const base = server.url.replace(/\/+$/, '');
  const baseUrl = base.endsWith('/api') ? base : `${base}/api`;
  const userIds = new Map(createSeedData().demoViewers.map((viewer) => [viewer.role, viewer.userId]));
  // One session per demo viewer, signed in on first use; a reset may end sessions, so it forgets them.
  let sessions = new Map<DemoRole, ReturnType<typeof server.signIn>>();
  const sessionOf = (role: DemoRole) => {
    let session = sessions.get(role);
    if (!session) {
      session = server.signIn(userIds.get(role)!);
      sessions.set(role, session);
    }
    return session;
  };
  return {
    clientAs: (role) =>
      new RestContactsClient({
        baseUrl,
        fetch: globalThis.fetch,
        retry: 0,
        headers: async () => (await sessionOf(role)).headers,
      }),
    reset: async () => {
      await server.reset();
      sessions = new Map();
    },
    outbox: async () => server.outbox(),
    close: () => server.close(),
  };
});
