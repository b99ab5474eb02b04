import { css } from 'lit';

export const contactViewStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    --_gap: var(--contact-view-gap, var(--portico-space-m, 0.75rem));
  }
  h2 {
    margin-block: 0 var(--_gap);
    font-size: var(--contact-view-title-size, 1.25rem);
  }
  dl {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.375rem var(--_gap);
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  dt,
  dd {
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  /* Narrow hosts (320 CSS px, 400 % zoom): each value under its label. */
  @container (max-width: 24rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
      row-gap: 0;
    }
    dd {
      margin-block-end: 0.5rem;
    }
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: calc(var(--_gap) * 1.5);
  }
  a {
    color: var(--portico-color-link, light-dark(#1d4ed8, #8ab4f8));
  }
  .muted {
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
`;
