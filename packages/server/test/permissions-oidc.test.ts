import { matrix } from './auth-paths.js';

// The permission matrix again, every viewer signed in by the portal's OpenID Connect access token.
matrix.path = 'oidc';
await import('./permissions.test.js');
