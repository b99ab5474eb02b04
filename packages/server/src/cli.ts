#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { configFromEnv } from './config.js';
import { createLogger, errorFields } from './log.js';
import { startServer } from './server.js';

/**
 * `portico-server`, configured by environment variables (docs/deployment.md); these flags, for
 * development, win over them: `--port 8787 --host 127.0.0.1 --data-dir .portico-data --memory
 * --reset --demo --public-url https://portal.example`.
 * Logs JSON lines to standard output; SIGTERM or SIGINT shuts down gracefully (stops accepting,
 * finishes the requests under way, closes the database) and exits 0.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    memory: { type: 'boolean' },
    reset: { type: 'boolean', default: false },
    demo: { type: 'boolean' },
    'public-url': { type: 'string' },
  },
  strict: true,
});

let config;
try {
  config = configFromEnv({
    ...process.env,
    ...(values.port !== undefined ? { PORT: values.port } : {}),
    ...(values.host !== undefined ? { PORTICO_HOST: values.host } : {}),
    ...(values['data-dir'] !== undefined ? { PORTICO_DATA_DIR: values['data-dir'] } : {}),
    ...(values.memory ? { PORTICO_MEMORY: 'true' } : {}),
    ...(values.demo ? { PORTICO_DEMO: 'true' } : {}),
    ...(values['public-url'] !== undefined ? { PORTICO_PUBLIC_URL: values['public-url'] } : {}),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

const logger = createLogger({ level: config.logLevel });
let server;
try {
  server = await startServer({ ...config, reset: values.reset, logger });
} catch (error) {
  logger.fatal(errorFields(error), 'could not start');
  process.exit(1);
}
logger.info({ url: server.url, demo: config.demo ?? false, smtp: config.smtp !== undefined, allowedOrigins: config.allowedOrigins }, 'listening');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  server.close().then(
    () => {
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    },
    (error: unknown) => {
      logger.error(errorFields(error), 'shutdown failed');
      logger.flush();
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
