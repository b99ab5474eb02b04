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

/** A LIKE pattern that matches `needle` anywhere, with LIKE's own wildcards taken literally. */
export const containsPattern = (needle: string): string => `%${needle.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
