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
  },
});
if (values.backend !== 'rest' && values.backend !== 'scim') throw new Error(`--backend must be rest or scim, not ${values.backend}`);

const demo = await startDemo({
  port: Number(values.port),
  apiPort: Number(values['api-port']),
  dataDir: values['data-dir'],
  reset: values.reset,
  backend: values.backend,
});
console.log(`\nPortico demo portal:  ${demo.url}`);
const database = process.env.DATABASE_URL ? `PostgreSQL at ${new URL(process.env.DATABASE_URL).host}` : `data in ${values['data-dir']}/`;
console.log(`Reference server:     ${demo.apiUrl}/api (${database}; --reset seeds it again)`);
if (values.backend === 'scim') console.log('SCIM backend:         a seeded scimmy server under /scim/v2 (in memory)');
console.log('Sign in as any demo user from the page. Press Ctrl+C to stop.\n');

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
