import { html, nothing } from 'lit';
import type { Page } from '@portico/core';
import { formatNumber } from '../base/locale.js';
import type { PorticoStrings } from '../i18n/en.js';

const PAGE_SIZES = [10, 25, 50, 100];

export interface PagerOptions {
  t: PorticoStrings;
  locale: string;
  /** The page on screen (the last one loaded). */
  shown: Page<unknown>;
  /** The page asked for, from 1, and its size (the next page may still be loading). */
  page: number;
  pageSize: number;
  goTo: (page: number) => void;
  setPageSize: (size: number) => void;
}

/**
 * The pager under a list: the range shown ("26–50 of 212", or "of more than 1,000" for a total that
 * is a lower bound), the page size, Previous and Next.
 */
export const renderPager = ({ t, locale, shown, page, pageSize, goTo, setPageSize }: PagerOptions) => {
  // The range describes the rows on screen, so it follows the page loaded, not the one requested.
  const shownPage = shown.page ?? page;
  const from = (shownPage - 1) * shown.pageSize + 1;
  // A lower bound (`totalExact: false`) says nothing about the last page: next stays offered while
  // the page is full, and a page past the end shows `pastLastPage`.
  const exact = shown.totalExact !== false;
  const to = exact ? Math.min(from + shown.items.length - 1, shown.total) : from + shown.items.length - 1;
  const hasNext = exact ? page < Math.ceil(shown.total / pageSize) : shown.items.length >= shown.pageSize;
  const total = formatNumber(shown.total, locale);
  return html`<div class="pager" part="pager">
    <span class="range" aria-live="off">
      ${shown.items.length === 0
        ? nothing
        : exact
          ? t.pageRange(formatNumber(Math.min(from, shown.total), locale), formatNumber(to, locale), total)
          : t.pageRangeMore(formatNumber(from, locale), formatNumber(to, locale), total)}
    </span>
    <div class="field">
      <label for="page-size">${t.pageSizeLabel}</label>
      <select id="page-size" @change=${(e: Event) => setPageSize(Number((e.target as HTMLSelectElement).value))}>
        ${[...new Set([...PAGE_SIZES, pageSize])]
          .sort((a, b) => a - b)
          .map((size) => html`<option value=${size} ?selected=${size === pageSize}>${size}</option>`)}
      </select>
    </div>
    <button type="button" data-page="previous" ?disabled=${page <= 1} @click=${() => goTo(page - 1)}>${t.previousPage}</button>
    <button type="button" data-page="next" ?disabled=${!hasNext} @click=${() => goTo(page + 1)}>${t.nextPage}</button>
  </div>`;
};
