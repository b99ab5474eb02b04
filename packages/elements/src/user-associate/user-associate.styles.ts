import { css } from 'lit';

export const userAssociateStyles = css`
  :host {
    display: block;
    --_gap: var(--user-associate-gap, var(--portico-space-m, 0.75rem));
  }
  .intro {
    margin-block: 0 var(--_gap);
  }
  .search {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  ul {
    list-style: none;
    margin-block: var(--_gap) 0;
    padding: 0;
    max-block-size: var(--user-associate-max-height, 18rem);
    overflow-y: auto;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
    padding-block: 0.375rem;
    border-block-end: 1px solid var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
  }
  .user {
    display: flex;
    flex-direction: column;
    flex: 1 1 12rem;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  li button {
    flex: none;
  }
  .muted {
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  /* The account's name differs from the contact's: read before linking. */
  .warning {
    color: var(--portico-color-warning, light-dark(#b45309, #fbbf24));
  }
  .warning::before {
    content: '⚠ ' / '';
  }
`;
