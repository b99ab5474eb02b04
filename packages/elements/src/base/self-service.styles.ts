import { css } from 'lit';

/** The layout `<sign-in-form>`, `<password-change>` and `<password-choose>` share. */
export const selfServiceStyles = css`
  :host {
    display: block;
    --_gap: var(--portico-self-service-gap, 0.75rem);
  }
  form,
  .panel {
    display: grid;
    gap: var(--_gap);
    max-inline-size: var(--portico-self-service-width, 26rem);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  p {
    margin: 0;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
  }
  .notice {
    padding: 0.5rem 0.75rem;
    border-inline-start: 0.25rem solid var(--portico-color-warning, light-dark(#b45309, #f0b35a));
    background: var(--portico-color-warning-surface, light-dark(#fffbeb, #2b2410));
  }
  .done {
    color: var(--portico-color-success, light-dark(#166534, #81c995));
  }
  .link {
    background: none;
    border: none;
    padding: 0;
    min-block-size: auto;
    color: var(--portico-color-link, light-dark(#1d4ed8, #8ab4f8));
    text-decoration: underline;
    cursor: pointer;
    font: inherit;
  }
`;
