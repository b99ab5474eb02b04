import { css } from 'lit';

export const loginToggleStyles = css`
  :host {
    display: block;
    --_gap: var(--login-toggle-gap, 0.5rem);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
  }
  .state {
    font-weight: 600;
    margin-inline-end: var(--_gap);
  }
  .state[data-state='locked'] {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
  .reason {
    font-weight: normal;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    margin-block-start: var(--_gap);
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--portico-color-warning, light-dark(#b45309, #fbbf24));
    border-radius: var(--portico-radius, 0.375rem);
  }
  .confirm p {
    margin: 0;
    flex-basis: 100%;
  }
  .why {
    margin: 0;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
  }
  .message.error {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
`;
