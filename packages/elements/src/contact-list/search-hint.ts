import { html, nothing, type TemplateResult } from 'lit';
import type { SearchCapability } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';

export interface SearchHint {
  /** None where the hint says what to type. */
  placeholder: string | undefined;
  /** The id of the hint, for the input's `aria-describedby`; undefined without one. */
  describedBy: string | undefined;
  hint: TemplateResult | typeof nothing;
}

/**
 * What the search field promises. An adapter that matches only a whole user ID or e-mail address
 * (`capabilities.search === 'exact'`, a SCIM server that filters with `eq` alone) gets a hint
 * under the field (and no "Name or email" placeholder), since typing part of a name would find no one.
 */
export const searchHint = (t: PorticoStrings, search: SearchCapability): SearchHint =>
  search === 'exact'
    ? {
        placeholder: undefined,
        describedBy: 'search-hint',
        hint: html`<span class="search-hint" id="search-hint" part="search-hint">${t.searchExactHint}</span>`,
      }
    : { placeholder: t.searchPlaceholder, describedBy: undefined, hint: nothing };
