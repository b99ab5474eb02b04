import {
  computeScope,
  createSeedData,
  displayName,
  tenantOf,
  type Contact,
  type DemoRole,
  type LoginState,
  type SeedData,
  type Viewer,
} from '@portico/core';
import { startTestServer, type TestServer, type TestSession } from '@portico/server/testing';
import { after, before, beforeEach } from 'node:test';
import { seedDatabase, truncateAll } from '../src/index.js';

export const seed = createSeedData();

/** The viewer a demo persona should be, computed from the seed and the core rules (not asked from the server). */
export const expectedViewer = (role: DemoRole): Viewer => {
  const demo = seed.demoViewers.find((viewer) => viewer.role === role)!;
  const contact = seed.contacts.find((c) => c.id === demo.contactId)!;
  return {
    contactId: contact.id,
    accountId: contact.accountId,
    tenantId: tenantOf(seed.accounts, contact.accountId),
    displayName: displayName(contact),
    userId: demo.userId,
    roles: contact.roles,
    partnerAccountIds: demo.partnerAccountIds,
    scope: computeScope({ roles: contact.roles, accountId: contact.accountId, partnerAccountIds: demo.partnerAccountIds }, seed.accounts),
  };
};

export const userIdOf = (role: DemoRole): string => seed.demoViewers.find((viewer) => viewer.role === role)!.userId;

export interface ApiResponse {
  status: number;
  headers: Headers;
  // Parsed JSON; tests narrow it with assertions.
  body: any;
}

export const api = async (
  server: Pick<TestServer, 'url'>,
  path: string,
  options: { method?: string; session?: TestSession | undefined; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> => {
  const { method = 'GET', session, body, headers = {} } = options;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(session?.headers ?? {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

let sequence = 0;

/** A fresh contact for one test case, so cases do not change each other's targets. */
export const makeContact = (accountId: string, state: LoginState, overrides: Partial<Contact> = {}): Contact => {
  sequence += 1;
  const at = new Date(Date.UTC(2025, 5, 1)).toISOString();
  return {
    id: `t-${sequence}`,
    accountId,
    honorific: null,
    firstName: 'Target',
    lastName: `Number${sequence}`,
    jobTitle: null,
    email: `target${sequence}@example.com`,
    businessPhone: null,
    mobilePhone: null,
    language: null,
    timeZone: null,
    notifications: true,
    userId: `target.${sequence}`,
    roles: [],
    login: {
      state,
      lockReason: state === 'locked' ? 'admin' : null,
      lockedAt: state === 'locked' ? at : null,
      failedSignIns: 0,
      passwordChangeRequired: false,
      lastSignInAt: null,
    },
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
};


/** Asserts the RFC 9457 shape every error has. */
export const isProblem = (response: ApiResponse): boolean =>
  (response.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
  typeof response.body?.type === 'string' &&
  typeof response.body?.title === 'string' &&
  response.body?.status === response.status;

/**
 * One reference server for the test file (started before its tests, closed after them), reset
 * before each test, with `signInAs`'s session signed in afresh; `ready` hands both to the file.
 */
export const serverForEachTest = (signInAs: DemoRole, ready: (server: TestServer, session: TestSession) => void): void => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await server.reset();
    ready(server, await server.signIn(userIdOf(signInAs)));
  });
};

/** A test server holding `data` instead of the default seed, analysed as a seeded database is, so the planner sees the real distribution. */
export const startSeededTestServer = async (data: SeedData): Promise<TestServer> => {
  const server = await startTestServer();
  await truncateAll(server.db);
  await seedDatabase(server.db, data);
  return server;
};
