/**
 * The request edge: what every request must be before a handler reads its body or queries with it,
 * and how a handler reads a JSON body. Mounted first by `createApp`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { contentTooLarge, HttpProblem, unsupportedMediaType } from './problems.js';

/**
 * The largest request body any route takes. The biggest is a contact draft with every field at
 * its length limit, under 4 KiB; no route takes files or batches (imports create contacts one by one).
 */
export const MAX_BODY_BYTES = 64 * 1024;

const invalid = (field: string, message: string, code: string, detail = 'The request has invalid fields.') =>
  new HttpProblem(400, 'validation', detail, { errors: [{ field, message, code }] });

const NUL_MESSAGE = 'Must not contain a NUL character.';

/** The dotted path of the first string or key holding a NUL, e.g. `roles.0`; `(body)` for the top level. */
const nulPath = (value: unknown, path: string[] = []): string | undefined => {
  if (typeof value === 'string') return value.includes('\0') ? path.join('.') || '(body)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\0')) return [...path, key].join('.');
    const found = nulPath(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
};

/** Where a NUL hides in the request line: `(path)`, or the name of the query parameter. */
const nulInUrl = (url: URL): string | undefined => {
  if (/%00/i.test(url.pathname) || url.pathname.includes('\0')) return '(path)';
  for (const [name, value] of url.searchParams) {
    if (name.includes('\0')) return '(query)';
    if (value.includes('\0')) return name;
  }
  return undefined;
};

/** The media type of a body the server reads: JSON, in UTF-8 when a charset is named. */
const isJsonContentType = (header: string | undefined): boolean => {
  const [type = '', ...parameters] = (header ?? '').toLowerCase().split(';').map((part) => part.trim());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || parameter === 'charset=utf-8' || parameter === 'charset="utf-8"');
};

/**
 * Refuses, before any handler runs and before the body is read: a NUL in the path or query (400),
 * a body that is not JSON (415), a body over {@link MAX_BODY_BYTES} (413, by its Content-Length, or
 * for a chunked body once that much has arrived; nothing more is read).
 */
export const requestEdge = (): MiddlewareHandler[] => [
  async (c, next) => {
    const nul = nulInUrl(new URL(c.req.url));
    // PostgreSQL text cannot hold NUL: refused here, named, instead of failing in the database.
    if (nul) throw invalid(nul, NUL_MESSAGE, 'nul_character', 'The request URL contains a NUL character.');
    // Only JSON is read, so only JSON is accepted. This also turns away what a cross-site HTML form
    // can send without a preflight (text/plain, form encodings), such as a login CSRF.
    const hasBody = c.req.header('transfer-encoding') !== undefined || Number(c.req.header('content-length') ?? '0') > 0;
    if (hasBody && !isJsonContentType(c.req.header('content-type'))) throw unsupportedMediaType();
    await next();
  },
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw contentTooLarge(MAX_BODY_BYTES);
    },
  }),
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request's JSON body; 400 naming `(body)` or the field when it is empty, not UTF-8, not JSON, or holds a NUL. */
export const readJson = async (c: Context, { optional = false } = {}): Promise<unknown> => {
  let text: string;
  try {
    text = utf8.decode(await c.req.arrayBuffer());
  } catch {
    throw invalid('(body)', 'The body is not valid UTF-8.', 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') {
    if (optional) return {};
    throw new HttpProblem(400, 'validation', 'The request needs a JSON body.', { errors: [{ field: '(body)', message: 'A JSON body is required.', code: 'invalid_json' }] });
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'validation', 'The request body is not valid JSON.', { errors: [{ field: '(body)', message: 'Malformed JSON.', code: 'invalid_json' }] });
  }
  const nul = nulPath(value);
  if (nul) throw invalid(nul, NUL_MESSAGE, 'nul_character');
  return value;
};

/**
 * The base of mailed links from a configured public URL, without a trailing slash. Throws (at
 * start, for a configured string) unless it is an http(s) origin with an optional path.
 */
export const publicBase = (url: string): string => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`publicUrl is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`publicUrl must be an http or https URL: ${url}`);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) throw new Error(`publicUrl must be an origin with an optional path, nothing else: ${url}`);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
};
