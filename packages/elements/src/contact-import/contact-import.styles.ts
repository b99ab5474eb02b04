import { css } from 'lit';

export const contactImportStyles = css`
  :host {
    display: block;
    container-type: inline-size;
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
  /* The file input's own text is as wide as it likes; on a narrow host it shortens instead. */
  input[type='file'] {
    max-inline-size: 100%;
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
    min-inline-size: 0;
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
  select,
  fieldset > * {
    max-inline-size: 100%;
  }
  /* Narrow hosts (320 CSS px, 400 % zoom): each file column is a block of name, field and sample. */
  @container (max-width: 30rem) {
    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead {
      display: none;
    }
    tbody tr {
      padding-block: 0.375rem;
      border-block-end: 1px solid var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
    }
    th,
    td {
      border: none;
      padding: 0.125rem 0;
    }
    .sample {
      max-inline-size: 100%;
    }
  }
`;
