import { css } from 'lit';

/** Styles every element shares: box model, type, focus ring, buttons, hidden text. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--portico-font-family, system-ui, sans-serif);
    font-size: var(--portico-font-size, 1rem);
    line-height: 1.4;
    color: var(--portico-color-text, #1b1f24);
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: var(--portico-focus-width, 2px) solid var(--portico-color-focus, #1a56db);
    outline-offset: 2px;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    min-block-size: 2rem;
    min-inline-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--portico-color-border-strong, #6b7280);
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, #ffffff);
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--portico-color-surface-hover, #f1f3f6);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.primary {
    background: var(--portico-color-accent, #2457c5);
    border-color: var(--portico-color-accent, #2457c5);
    color: var(--portico-color-on-accent, #ffffff);
  }
  button.primary:hover:not(:disabled) {
    background: var(--portico-color-accent-hover, #1c4399);
  }
  button.danger {
    background: var(--portico-color-danger, #b42318);
    border-color: var(--portico-color-danger, #b42318);
    color: var(--portico-color-on-accent, #ffffff);
  }
  input,
  select {
    min-block-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--portico-color-border-strong, #6b7280);
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, #ffffff);
  }
  [role='alert'].error,
  .error-text {
    color: var(--portico-color-danger, #b42318);
  }
  .message {
    margin-block: 0.5rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    border-radius: var(--portico-radius, 0.375rem);
    border: 1px solid currentColor;
  }
  .message:empty {
    display: none;
  }
`;
