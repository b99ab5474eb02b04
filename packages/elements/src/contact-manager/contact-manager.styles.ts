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
    outline: var(--portico-focus-width, 2px) solid var(--portico-color-focus, #1a56db);
  }
  .back {
    align-self: flex-start;
  }
  .message.ok {
    color: var(--portico-color-success, #116b2f);
  }
  dialog {
    inline-size: var(--contact-manager-dialog-width, 40rem);
  }
  role-picker {
    display: block;
  }
  fieldset {
    margin: 0;
    border: 1px solid var(--portico-color-border, #d0d5dd);
    border-radius: var(--portico-radius, 0.375rem);
  }
`;
