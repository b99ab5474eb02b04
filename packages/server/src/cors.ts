/**
 * Pages on other origins (docs/embedding.md): the CORS allow-list and the cookie mode a cross-site
 * page needs. Mounted by `createApp` before every other middleware, so refusals (401, 413, …) carry
 * the CORS headers too and the page can read why it was refused.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface CrossOriginOptions {
  /**
   * Origins whose pages may call the API with the user's cookies, exactly as the browser sends them
   * (`https://portal.example`, no path). Default none: only pages on the API's own origin.
   */
  allowedOrigins?: readonly string[];
  /**
   * `SameSite=None; Secure` session cookies, for a page on another site than the API (another
   * registrable domain). Off by default: `SameSite=Lax`, which a page on the same site (another
   * subdomain or port) or behind the portal's reverse proxy needs.
   */
  crossSiteCookies?: boolean;
}

/** An origin as a browser sends it in the `Origin` header; throws at start on anything else. */
export const normalizeOrigin = (origin: string): string => {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`Not an origin: ${JSON.stringify(origin)} (write it as https://portal.example).`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new Error(`Not an origin: ${JSON.stringify(origin)} (scheme, host and port only, e.g. https://portal.example).`);
  }
  return url.origin;
};

/** `PORTICO_CORS_ORIGINS`-style lists: origins separated by commas or spaces. */
export const parseOrigins = (list: string | undefined): string[] => (list ?? '').split(/[\s,]+/).filter(Boolean).map(normalizeOrigin);

/**
 * CORS with credentials for the allowed origins; nothing for others (the browser then blocks the
 * answer). The CSRF header is exposed: a page on another site cannot read the API's CSRF cookie,
 * so the server also sends the token in that header (the REST client picks it up).
 */
export const crossOrigin = (origins: readonly string[], csrfHeader: string): MiddlewareHandler | undefined => {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins.map(normalizeOrigin));
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization', 'If-Match', 'Idempotency-Key', csrfHeader],
    exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Total-Count', 'Link', 'Content-Disposition', 'Idempotency-Replayed', csrfHeader],
    maxAge: 600,
  });
};
