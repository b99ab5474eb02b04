import { css } from 'lit';

export const passwordResetStyles = css`
  :host {
    display: block;
    --_gap: var(--password-reset-gap, 0.75rem);
  }
  form {
    display: grid;
    gap: var(--_gap);
  }
  .user {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .label {
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  fieldset {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--portico-color-border, light-dark(#d1d5db, #3b424c));
    border-radius: var(--portico-radius, 0.375rem);
    display: grid;
    gap: 0.375rem;
  }
  legend {
    font-weight: 600;
    padding-inline: 0.25rem;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .option input {
    min-block-size: auto;
    margin: 0;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    max-inline-size: 24rem;
  }
  .row {
    display: flex;
    gap: var(--_gap);
  }
  .result:not(:empty) {
    margin-block-start: var(--_gap);
    color: var(--portico-color-success, light-dark(#166534, #81c995));
  }
  .why {
    margin: 0;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
`;
