import type { Role } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';
import { enShared } from '../i18n/en-shared.js';

/** A title (core's `HONORIFICS`: `Mrs`) in the element's language (`Frau`); an unknown one as it is. */
export const honorificLabel = (honorific: string, t: PorticoStrings): string => t.honorifics[honorific] ?? honorific;

/**
 * The title choices as `[value, label]`. Where two titles read the same in a language (German
 * `Ms` and `Mrs` are both "Frau"), the label carries the stored title too, so each stays its own choice.
 */
export const honorificChoices = (honorifics: readonly string[], t: PorticoStrings): [string, string][] => {
  const labels = honorifics.map((honorific) => honorificLabel(honorific, t));
  return honorifics.map((honorific, index) => {
    const label = labels[index]!;
    return [honorific, labels.indexOf(label) === labels.lastIndexOf(label) ? label : `${label} (${honorific})`];
  });
};

/** A contact's name with its title, in the language's order; the name alone without one. */
export const titledName = (honorific: string | null | undefined, name: string, t: PorticoStrings): string =>
  honorific ? t.withHonorific(honorificLabel(honorific, t), name) : name;

/**
 * A role with its name and description in the element's language (`roleTexts`) when it is one
 * the strings know: a role of the reference catalogue still carrying its English name, or any
 * role a host named through the `i18n` property. A role of the host's own keeps the server's text.
 */
export const localRole = (role: Role, t: PorticoStrings): Role => {
  const own = t.roleTexts[role.id];
  const catalogue = enShared.roleTexts[role.id];
  if (!own || (catalogue && role.name !== catalogue.name)) return role;
  return { ...role, name: own.name, description: own.description };
};

/** Items as a list in the language's punctuation (`A، وB` in Arabic, `A, B` in English). */
export const listText = (items: readonly string[], locale: string): string => {
  try {
    return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(items);
  } catch {
    return items.join(', ');
  }
};
