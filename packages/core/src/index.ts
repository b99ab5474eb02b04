export * from './schema.js';
export * from './errors.js';
export * from './client.js';
export * from './permissions.js';
export * from './user-id.js';
export * from './validation.js';
export * from './status.js';
export * from './seed.js';
