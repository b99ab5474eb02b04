/**
 * `portico-server`'s configuration from environment variables (docs/deployment.md has the table).
 * Command-line flags, where there is one, win over the variable.
 */
import type { StartServerOptions } from './server.js';
import { parseOrigins } from './cors.js';

export interface ServerConfig extends StartServerOptions {
  logLevel: string;
}

const flag = (value: string | undefined, name: string): boolean => {
  if (value === undefined || value === '') return false;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, not ${JSON.stringify(value)}.`);
};

const integer = (value: string | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) throw new Error(`${name} must be a whole number from 0 to ${max}, not ${JSON.stringify(value)}.`);
  return parsed;
};

/** Reads the variables; throws with the variable's name on a value it cannot use. */
export const configFromEnv = (env: Record<string, string | undefined> = process.env): ServerConfig => {
  const smtpUrl = env['PORTICO_SMTP_URL'];
  const from = env['PORTICO_MAIL_FROM'];
  if (smtpUrl && !from) throw new Error('PORTICO_SMTP_URL needs PORTICO_MAIL_FROM, the sender of the mails (e.g. "Portal <no-reply@portal.example>").');
  const config: ServerConfig = {
    port: integer(env['PORT'] ?? env['PORTICO_PORT'], 'PORT', 8787, 65535),
    host: env['PORTICO_HOST'] || '127.0.0.1',
    dataDir: env['PORTICO_DATA_DIR'] || '.portico-data',
    memory: flag(env['PORTICO_MEMORY'], 'PORTICO_MEMORY'),
    demo: flag(env['PORTICO_DEMO'], 'PORTICO_DEMO'),
    allowedOrigins: parseOrigins(env['PORTICO_CORS_ORIGINS']),
    crossSiteCookies: flag(env['PORTICO_CROSS_SITE_COOKIES'], 'PORTICO_CROSS_SITE_COOKIES'),
    shutdownTimeoutMs: integer(env['PORTICO_SHUTDOWN_TIMEOUT_MS'], 'PORTICO_SHUTDOWN_TIMEOUT_MS', 10_000),
    logLevel: env['PORTICO_LOG_LEVEL'] || 'info',
  };
  if (env['DATABASE_URL']) config.databaseUrl = env['DATABASE_URL'];
  if (env['PORTICO_PUBLIC_URL']) config.publicUrl = env['PORTICO_PUBLIC_URL'];
  if (smtpUrl && from) config.smtp = { url: smtpUrl, from };
  return config;
};
