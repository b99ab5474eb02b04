export { MAX_BODY_BYTES } from './edge.js';
export { createApp, SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER, RESET_LINK_VALIDITY_MS, type AppOptions } from './app.js';
export { createDatabase, createPgliteDatabase, createPostgresDatabase, type Database, type DatabaseOptions, type Queryable, type QueryResult } from './db.js';
export { migrate, truncateAll } from './migrations.js';
export { seedDatabase, insertContacts } from './seed.js';
export { startServer, type StartServerOptions, type RunningServer } from './server.js';
export { buildOpenApiDocument, stableStringify } from './openapi.js';
export { hashPassword, verifyPassword } from './crypto.js';
export { createApiKey, revokeApiKey, API_KEY_PREFIX, EMBED_TOKEN_PREFIX, EMBED_TOKEN_TTL, type AuthOptions, type OidcOptions } from './auth/index.js';
