import { css } from 'lit';

export const contactFormStyles = css`
  :host {
    display: block;
    --_gap: var(--contact-form-gap, var(--portico-space-m, 0.75rem));
    max-inline-size: var(--contact-form-max-width, 48rem);
  }
  h2 {
    margin-block: 0 var(--_gap);
    font-size: var(--contact-form-title-size, 1.25rem);
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: var(--_gap);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  label {
    font-weight: 600;
  }
  .required {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
    margin-inline-start: 0.125rem;
  }
  input:not([type='checkbox']),
  select {
    inline-size: 100%;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
    border-width: 2px;
  }
  .hint {
    font-size: 0.875em;
    color: var(--portico-color-text-muted, light-dark(#4b5563, #aab2bd));
    margin: 0;
  }
  .field-error {
    font-size: 0.875em;
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
    margin: 0;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .switch input {
    appearance: none;
    inline-size: 2.75rem;
    block-size: 1.5rem;
    margin: 0;
    border-radius: 0.75rem;
    background: var(--portico-color-border-strong, light-dark(#6b7280, #8b95a3));
    position: relative;
    cursor: pointer;
    flex: none;
  }
  .switch input::before {
    content: '';
    position: absolute;
    inset-block-start: 0.1875rem;
    inset-inline-start: 0.1875rem;
    inline-size: 1.125rem;
    block-size: 1.125rem;
    border-radius: 50%;
    background: #ffffff;
    transition: inset-inline-start 120ms;
  }
  .switch input:checked {
    background: var(--portico-color-accent, light-dark(#2457c5, #8ab4f8));
  }
  .switch input:checked::before {
    inset-inline-start: 1.4375rem;
  }
  /* Forced colours drop backgrounds: the switch keeps its track and thumb in system colours. */
  @media (forced-colors: active) {
    .switch input,
    .switch input::before {
      forced-color-adjust: none;
    }
    .switch input {
      background: Canvas;
      border: 1px solid ButtonText;
    }
    .switch input::before {
      background: ButtonText;
    }
    .switch input:checked {
      background: Highlight;
      border-color: Highlight;
    }
    .switch input:checked::before {
      background: HighlightText;
    }
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: calc(var(--_gap) * 1.5);
  }
  /* A host's extra fields (the manager's role picker) keep the fields' spacing from the grid above. */
  ::slotted([slot='extra-fields']) {
    display: block;
    margin-block-start: var(--_gap);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: var(--_gap);
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--portico-color-warning, light-dark(#b45309, #fbbf24));
    border-radius: var(--portico-radius, 0.375rem);
  }
  .confirm p {
    margin: 0;
    margin-inline-end: auto;
  }
  .message.warning {
    border-color: var(--portico-color-warning, light-dark(#b45309, #fbbf24));
    /* A long name or e-mail address wraps rather than widening a narrow form. */
    overflow-wrap: anywhere;
  }
  .message.warning p {
    margin-block: 0 0.5rem;
  }
  .message.warning .actions {
    align-items: center;
    gap: var(--_gap);
    margin-block-start: 0;
  }
  .message.error {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
  }
  .message.error ul {
    margin: 0.25rem 0 0;
    padding-inline-start: 1.25rem;
  }
`;
