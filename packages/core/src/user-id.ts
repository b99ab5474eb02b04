import type { UserIdSuggestion } from './schema.js';

/**
 * User ID suggestion of seed 000: `firstname.lastname`, lower case, accents folded to plain
 * letters. Returns null when nothing usable remains (names in non-Latin scripts), so a person types one.
 */
export const suggestUserId = (firstName: string, lastName: string): string | null => {
  const part = (name: string) =>
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/ß/g, 'ss')
      .replace(/[æ]/gi, 'ae')
      .replace(/[øœ]/gi, 'o')
      .replace(/ł/gi, 'l')
      .replace(/đ/gi, 'd')
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .replace(/[^a-z0-9-]/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
  const first = part(firstName);
  const last = part(lastName);
  if (!first || !last) return null;
  return `${first}.${last}`.slice(0, 64);
};

/**
 * The user IDs a suggestion may take, best first: `base`, then `base2`, `base3` … up to `count`
 * in all, each cut to the length limit. A suggestion skips the held ones silently, so it never
 * says that someone, perhaps in another company, holds `base`.
 */
export const userIdCandidates = (base: string, count = 20): string[] =>
  Array.from({ length: count }, (_, index) => {
    const suffix = index === 0 ? '' : String(index + 1);
    return `${base.slice(0, 64 - suffix.length)}${suffix}`;
  });

/** Two people have "the same name" when their folded first and last names match. */
export const sameName = (a: { firstName: string; lastName: string }, b: { firstName: string; lastName: string }): boolean =>
  a.firstName.trim().toLocaleLowerCase() === b.firstName.trim().toLocaleLowerCase() &&
  a.lastName.trim().toLocaleLowerCase() === b.lastName.trim().toLocaleLowerCase();

/**
 * The suggestion of seed 000 for a new login, decided from what the store knows: none when
 * someone in the viewer's company has the same name ({@link sameName}), none for a name with no
 * Latin letters, else the first of {@link userIdCandidates} nobody holds, whoever holds the others
 * (the answer is the same for a holder in the viewer's company and one in another).
 */
export const chooseUserId = (
  firstName: string,
  lastName: string,
  { hasNamesake, isHeld }: { hasNamesake: boolean; isHeld: (candidate: string) => boolean },
): UserIdSuggestion => {
  if (hasNamesake) return { userId: null, reason: 'duplicate_name' };
  const suggestion = suggestUserId(firstName, lastName);
  if (!suggestion) return { userId: null, reason: 'no_latin_letters' };
  const free = userIdCandidates(suggestion).find((candidate) => !isHeld(candidate));
  return free ? { userId: free, reason: 'suggested' } : { userId: null, reason: 'taken' };
};
