import { MemoryContactsClient, type MemoryClientOptions } from '@portico/client-memory';
import { exportWriters } from '@portico/export';

/**
 * The stories' memory client with the export writers passed in, as a host that wants the in-page
 * export does (`@portico/export` is an optional peer of the adapter).
 */
export const demoClient = (options: MemoryClientOptions = {}): MemoryContactsClient => new MemoryContactsClient({ exportWriters: exportWriters(), ...options });
