/**
 * The OpenAPI document as the routes declare it (document.ts), for `npm run openapi` and the
 * docs: built from a demo app (so the demo routes are in it) that never touches its database.
 */
import { createApp } from './app.js';
import type { Database } from './db.js';
import { documentOf } from './document.js';

const NO_DATABASE = new Proxy({} as Database, {
  get: () => {
    throw new Error('The OpenAPI document is built without a database.');
  },
});

export const buildOpenApiDocument = (): Record<string, unknown> => documentOf(createApp({ db: NO_DATABASE, demo: true }));

/** Keys sorted at every level, so the committed file diffs cleanly. */
export const stableStringify = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`;

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};
