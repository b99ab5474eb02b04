// `npm start`: the reference server with seeded data in .portico-data/ and the demo portal.
import { parseArgs } from 'node:util';
import { startDemo } from './demo-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '5173' },
    'api-port': { type: 'string', default: process.env.API_PORT ?? '8787' },
    'data-dir': { type: 'string', default: '.portico-data' },
    reset: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'rest' },
    // A SCIM server of your own for --backend scim (else a seeded scimmy server runs in memory).
    'scim-url': { type: 'string' },
    'scim-token': { type: 'string', default: process.env.SCIM_TOKEN },
    // The signed-in user's userName, for a SCIM server without /Me.
    'scim-viewer': { type: 'string' },
  },
});
if (values.backend !== 'rest' && values.backend !== 'scim') throw new Error(`--backend must be rest or scim, not ${values.backend}`);
if (values['scim-url'] && values.backend !== 'scim') throw new Error('--scim-url needs --backend scim');
if (values['scim-url'] && !values['scim-token']) throw new Error('--scim-url needs --scim-token (or SCIM_TOKEN in the environment)');
const scimServer = values['scim-url'] ? { url: values['scim-url'], token: values['scim-token']!, ...(values['scim-viewer'] ? { viewer: values['scim-viewer'] } : {}) } : undefined;

const demo = await startDemo({
  port: Number(values.port),
  apiPort: Number(values['api-port']),
  dataDir: values['data-dir'],
  reset: values.reset,
  backend: values.backend,
  ...(scimServer ? { scimServer } : {}),
});
console.log(`\nPortico demo portal:  ${demo.url}`);
const database = process.env.DATABASE_URL ? `PostgreSQL at ${new URL(process.env.DATABASE_URL).host}` : `data in ${values['data-dir']}/`;
console.log(`Reference server:     ${demo.apiUrl}/api (${database}; --reset seeds it again)`);
if (values.backend === 'scim') {
  console.log(scimServer ? `SCIM backend:         ${scimServer.url}, proxied under /scim/v2` : 'SCIM backend:         a seeded scimmy server under /scim/v2 (in memory)');
}
console.log('Sign in as any demo user from the page. Press Ctrl+C to stop.\n');

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
