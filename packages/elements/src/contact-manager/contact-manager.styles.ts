import { css } from 'lit';

export const contactManagerStyles = css`
  :host {
    display: block;
  }
  .manager {
    --_gap: var(--contact-manager-gap, var(--portico-space-m, 0.75rem));
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .header-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
  }
  h2 {
    margin: 0;
    font-size: var(--contact-manager-title-size, 1.375rem);
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--portico-focus-width, 2px) solid var(--portico-color-focus, light-dark(#1a56db, #8ab4f8));
  }
  #locked-out[aria-pressed='true'] {
    border-color: var(--portico-color-accent, light-dark(#1a56db, #8ab4f8));
    box-shadow: inset 0 -3px 0 var(--portico-color-accent, light-dark(#1a56db, #8ab4f8));
    font-weight: 600;
  }
  .back {
    align-self: flex-start;
  }
  .message.ok {
    color: var(--portico-color-success, light-dark(#116b2f, #81c995));
  }
  dialog {
    inline-size: var(--contact-manager-dialog-width, 40rem);
  }
  #new-roles,
  #roles-picker {
    display: block;
  }
  fieldset {
    margin: 0;
    border: 1px solid var(--portico-color-border, light-dark(#d0d5dd, #3b424c));
    border-radius: var(--portico-radius, 0.375rem);
  }
`;
