import { css, html, nothing, type TemplateResult } from 'lit';
import type { SearchCapability } from '@portico/core';
import type { PorticoStrings } from '../i18n/en.js';

export interface SearchHint {
  placeholder: string;
  /** The id of the hint, for the input's `aria-describedby`; undefined without one. */
  describedBy: string | undefined;
  hint: TemplateResult | typeof nothing;
}

/**
 * What the search field promises. An adapter that matches only a whole user ID or e-mail address
 * (`capabilities.search === 'exact'`, a SCIM server that filters with `eq` alone) gets a hint
 * under the field and a placeholder that says so, since typing part of a name would find no one.
 */
export const searchHint = (t: PorticoStrings, search: SearchCapability): SearchHint =>
  search === 'exact'
    ? {
        placeholder: t.searchExactPlaceholder,
        describedBy: 'search-hint',
        hint: html`<p class="search-hint" id="search-hint" part="search-hint">${t.searchExactHint}</p>`,
      }
    : { placeholder: t.searchPlaceholder, describedBy: undefined, hint: nothing };

export const searchHintStyles = css`
  .search-hint {
    margin: 0;
    max-inline-size: 20rem;
    font-size: 0.875em;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
`;
