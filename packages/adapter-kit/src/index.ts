/**
 * The adapter kit: the contract every `ContactsClient` must keep, as a `node:test` suite a host
 * runs against its own backend. Node-only (it uses `node:test` and `node:assert`), which is why
 * it is not part of `@portico/core` (ADR 0004).
 */
export { runContactsClientContract, type ContractHarness } from './contract-suite.js';
