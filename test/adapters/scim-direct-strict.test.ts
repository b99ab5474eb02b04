import { STRICT_PROFILE } from '../servers/scim-server.js';
import { runScimDirectTests } from './scim-direct.js';
import { strictScimOptions } from './scim-config.js';

runScimDirectTests('the strict profile', STRICT_PROFILE, strictScimOptions);
