import { matrix } from './auth-paths.js';

// The permission matrix again, every viewer signed in by an embed token the portal's back end minted.
matrix.path = 'embed';
await import('./permissions.test.js');
