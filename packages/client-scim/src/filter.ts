/**
 * SCIM filters (RFC 7644 §3.4.2.2) built as a tree and written out in one place, so a value
 * can only ever be a quoted string literal: search text never becomes filter syntax.
 */

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw';

export type ScimFilter =
  | { op: CompareOp; attr: string; value: string | boolean }
  | { and: ScimFilter[] }
  | { or: ScimFilter[] };

/** How values with `"` or `\` are written. `strip` is for servers that reject escaped quotes. */
export type QuoteHandling = 'escape' | 'strip';

const ATTRIBUTE = /^(?:urn:[A-Za-z0-9:._-]+:)?[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)?$/;

/** Removes what `strip` servers cannot take; the adapter applies it to search text before building. */
export const stripQuotes = (text: string): string => text.replace(/["\\]/g, '');

const literal = (value: string | boolean, quotes: QuoteHandling): string => {
  if (typeof value === 'boolean') return String(value);
  // RFC 7644 filter strings are JSON strings: JSON.stringify escapes `"`, `\` and control characters.
  return JSON.stringify(quotes === 'strip' ? stripQuotes(value) : value);
};

export const writeFilter = (filter: ScimFilter, quotes: QuoteHandling = 'escape', nested = false): string => {
  if ('and' in filter || 'or' in filter) {
    const [joiner, parts] = 'and' in filter ? (['and', filter.and] as const) : (['or', filter.or] as const);
    const written = parts.map((part) => writeFilter(part, quotes, true));
    if (written.length === 1) return written[0]!;
    const joined = written.join(` ${joiner} `);
    return nested ? `(${joined})` : joined;
  }
  if (!ATTRIBUTE.test(filter.attr)) throw new TypeError(`Not a SCIM attribute path: ${filter.attr}`);
  return `${filter.attr} ${filter.op} ${literal(filter.value, quotes)}`;
};

/** All parts must hold; an `and` inside an `and` is flattened, so no parentheses nest (some parsers refuse them). */
export const and = (...parts: (ScimFilter | undefined)[]): ScimFilter | undefined => {
  const present = parts.filter((part): part is ScimFilter => part !== undefined).flatMap((part) => ('and' in part ? part.and : [part]));
  return present.length === 0 ? undefined : present.length === 1 ? present[0] : { and: present };
};

export const or = (parts: ScimFilter[]): ScimFilter => {
  const flat = parts.flatMap((part) => ('or' in part ? part.or : [part]));
  return flat.length === 1 ? flat[0]! : { or: flat };
};

/** The spellings a case-sensitive server needs to find a word typed in any case. */
export const caseVariants = (word: string): string[] => {
  const lower = word.toLowerCase();
  return [...new Set([word, lower, lower.charAt(0).toUpperCase() + lower.slice(1), word.toUpperCase()])];
};
