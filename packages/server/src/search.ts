/**
 * The text a contact search matches: "first last", the e-mail and "last first", lower case,
 * joined by a control character that no search can contain (the query refuses them), so a
 * match never spans two fields. The trigram index of migration 2 is built on exactly this
 * expression; queries must use it verbatim for the index to apply.
 */
export const SEARCH_TEXT = "lower(first_name || ' ' || last_name) || chr(1) || lower(email) || chr(1) || lower(last_name || ' ' || first_name)";

/**
 * The stored generated column holding `SEARCH_TEXT` (migration 3), with the trigram index on it
 * (since migration 4 behind the contact's tenant, `(tenant_id, search_text)`): a search rechecks
 * each candidate row against the stored text instead of recomputing it.
 */
export const SEARCH_COLUMN = 'search_text';

/**
 * The one- and two-character substrings of `search_text`, none spanning a field separator or
 * holding a space, as the GIN index of migration 5 (behind `tenant_id`) is built on exactly this
 * expression: a search of one or two characters has no trigram, so it asks this index instead.
 */
export const SEARCH_GRAMS = 'contact_search_grams(c.search_text)';

/**
 * The term to look up in `SEARCH_GRAMS` when the search is one or two characters (code
 * points, as PostgreSQL counts them) once lower-cased as `containsPattern` does: `SEARCH_GRAMS @>
 * array[term]` then holds exactly when `search_text like containsPattern(needle)` does. A trimmed
 * needle of that length has no space at either end, so grams holding a space are never asked for.
 */
export const shortTermOf = (needle: string): string | undefined => {
  const lowered = needle.toLowerCase();
  const length = [...lowered].length;
  return length >= 1 && length <= 2 ? lowered : undefined;
};

/** A LIKE pattern that matches `needle` anywhere, with LIKE's own wildcards taken literally. */
export const containsPattern = (needle: string): string => `%${needle.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
