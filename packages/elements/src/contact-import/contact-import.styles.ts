import { css } from 'lit';

export const contactImportStyles = css`
  :host {
    display: block;
  }
  .wrapper {
    --_gap: var(--contact-import-gap, var(--portico-space-m, 0.75rem));
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    padding: var(--contact-import-cell-padding, 0.25rem 0.5rem);
    text-align: start;
    border-block-end: 1px solid var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
  }
  .sample {
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
    max-inline-size: 16rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  p {
    margin: 0;
  }
`;
