import { css } from 'lit';

export const rolePickerStyles = css`
  :host {
    display: block;
    --_gap: var(--role-picker-gap, var(--portico-space-m, 0.75rem));
    --_border: var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  .split {
    display: flex;
    flex-wrap: wrap;
    gap: calc(2 * var(--_gap));
    align-items: start;
  }
  /* The dual list needs room for two readable columns: below about 44rem (32 + 12) the
     permission sets go under it rather than squeeze it (200 % zoom, WCAG text spacing). */
  .split > .roles {
    flex: 3 1 32rem;
  }
  .split > .permission-sets {
    flex: 1 1 12rem;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-block-end: 0.5rem;
  }
  .filter {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-block-end: var(--_gap);
    max-inline-size: 20rem;
  }
  .dual {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto minmax(0, 1fr);
    gap: var(--_gap);
    align-items: stretch;
  }
  .column {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .column > span {
    font-weight: 600;
  }
  [role='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0.25rem;
    min-block-size: var(--role-picker-list-height, 12rem);
    max-block-size: var(--role-picker-list-max-height, 20rem);
    overflow-y: auto;
    border: 1px solid var(--portico-color-border-strong, light-dark(#6b7280, #8b95a3));
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, light-dark(#ffffff, #1b1f24));
  }
  [role='option'] {
    display: flex;
    flex-direction: column;
    min-block-size: 2rem;
    padding: 0.25rem 0.5rem;
    border-radius: calc(var(--portico-radius, 0.375rem) - 2px);
    cursor: pointer;
    user-select: none;
  }
  [role='option'] small {
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  [role='option'][aria-selected='true'] {
    background: var(--role-picker-selected-background, var(--portico-color-selected, light-dark(#dbe6fb, #1e3a66)));
  }
  [role='option'][aria-disabled='true'] {
    cursor: not-allowed;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  [role='option'].active {
    outline: 2px solid var(--portico-color-focus, light-dark(#1a56db, #8ab4f8));
    outline-offset: -2px;
  }
  .buttons {
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 0.5rem;
  }
  .checkboxes {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .checkboxes label {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 0.5rem;
    align-items: start;
    cursor: pointer;
  }
  .checkboxes input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0.125rem 0 0;
  }
  .checkboxes small {
    grid-column: 2;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  .error-text {
    margin-block: 0.5rem 0;
  }
  /* Forced colours: marked options in the system's selection colours, small text included. */
  @media (forced-colors: active) {
    [role='option'][aria-selected='true'] {
      background: Highlight;
      color: HighlightText;
    }
    [role='option'][aria-selected='true'] small {
      color: HighlightText;
    }
    [role='option'][aria-disabled='true'] {
      color: GrayText;
    }
  }
  @media (max-width: 36rem) {
    .dual {
      grid-template-columns: 1fr;
    }
    .buttons {
      flex-direction: row;
      flex-wrap: wrap;
    }
  }
`;
