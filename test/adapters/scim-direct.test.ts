import { runScimDirectTests } from './scim-direct.js';
import { scimOptions } from './scim-config.js';

runScimDirectTests('scimmy (default profile)', undefined, (url, token) => scimOptions(url, token));
