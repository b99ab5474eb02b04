import { MemoryContactsClient } from '@portico/client-memory';
import { runContactsClientContract } from './contract-suite.js';

runContactsClientContract('MemoryContactsClient', async () => {
  const store = new MemoryContactsClient();
  return {
    clientAs: (role) => store.withViewer(role),
    reset: async () => store.reset(),
    outbox: async () => store.outbox,
    close: async () => {},
  };
});
