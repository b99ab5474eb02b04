import { parseArgs } from 'node:util';
import { startServer } from './server.js';

/**
 * `portico-server --port 8787 --host 127.0.0.1 --data-dir .portico-data --memory --reset --demo --public-url https://portal.example`
 * `--public-url` (default `PORTICO_PUBLIC_URL`) is where users open the portal, the start of mailed
 * links; required unless the server listens on a loopback address, where it defaults to the server's own URL.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.portico-data' },
    memory: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    'public-url': { type: 'string', default: process.env.PORTICO_PUBLIC_URL },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Not a port: ${values.port}`);
  process.exit(2);
}

const server = await startServer({
  port,
  host: values.host,
  dataDir: values['data-dir'],
  memory: values.memory,
  reset: values.reset,
  demo: values.demo,
  ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
});
console.log(`Portico reference server on ${server.url}`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
