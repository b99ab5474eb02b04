import { css } from 'lit';

/** Styles every element shares: box model, type, focus ring, buttons, hidden text. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--portico-font-family, system-ui, sans-serif);
    font-size: var(--portico-font-size, 1rem);
    line-height: 1.4;
    color: var(--portico-color-text, light-dark(#1b1f24, #e6e8eb));
  }
  /*
   * Colours are light-dark() pairs. Without --portico-color-scheme the declaration is invalid
   * and color-scheme is inherited: the element follows the page, which follows the user's
   * preference when it declares "color-scheme: light dark" (ADR 0008). In dark, the element
   * paints its own surface so it stays readable on a light page.
   */
  :host {
    color-scheme: var(--portico-color-scheme);
    background-color: var(--portico-color-background, light-dark(transparent, #1b1f24));
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([density='compact']) {
    --portico-control-size: 1.75rem;
    --portico-control-padding-block: 0.125rem;
    --portico-space-m: 0.5rem;
    --portico-space-s: 0.25rem;
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
  /* Arrows whose meaning is a direction point the other way in right-to-left text. */
  [dir='rtl'] .mirror-rtl {
    display: inline-block;
    transform: scaleX(-1);
  }
  :focus-visible {
    outline: var(--portico-focus-width, 2px) solid var(--portico-color-focus, light-dark(#1a56db, #8ab4f8));
    outline-offset: 2px;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    min-block-size: var(--portico-control-size, 2rem);
    min-inline-size: 2rem;
    padding-block: var(--portico-control-padding-block, 0.25rem);
    padding-inline: 0.75rem;
    border: 1px solid var(--portico-color-border-strong, light-dark(#6b7280, #8b95a3));
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, light-dark(#ffffff, #1b1f24));
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: var(--portico-color-surface-hover, light-dark(#f1f3f6, #2a2f36));
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.primary {
    background: var(--portico-color-accent, light-dark(#2457c5, #8ab4f8));
    border-color: var(--portico-color-accent, light-dark(#2457c5, #8ab4f8));
    color: var(--portico-color-on-accent, light-dark(#ffffff, #0b1b3a));
  }
  button.primary:hover:not(:disabled) {
    background: var(--portico-color-accent-hover, light-dark(#1c4399, #aecbfa));
  }
  button.danger {
    background: var(--portico-color-danger, light-dark(#b42318, #f28b82));
    border-color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
    color: var(--portico-color-on-accent, light-dark(#ffffff, #0b1b3a));
  }
  input,
  select {
    min-block-size: var(--portico-control-size, 2rem);
    padding-block: var(--portico-control-padding-block, 0.25rem);
    padding-inline: 0.5rem;
    border: 1px solid var(--portico-color-border-strong, light-dark(#6b7280, #8b95a3));
    border-radius: var(--portico-radius, 0.375rem);
    background: var(--portico-color-surface, light-dark(#ffffff, #1b1f24));
  }
  /* Checked boxes, switches and radios in the theme's accent, not the browser's blue. */
  input[type='checkbox'],
  input[type='radio'] {
    accent-color: var(--portico-color-accent, light-dark(#2457c5, #8ab4f8));
  }
  a:any-link {
    color: var(--portico-color-link, light-dark(#1d4ed8, #8ab4f8));
  }
  /* Phone numbers and addresses read left to right in any language. */
  a[href^='tel:'],
  a[href^='mailto:'] {
    direction: ltr;
    unicode-bidi: isolate;
  }
  /* A phone number is read as one piece: never broken over lines. */
  a[href^='tel:'] {
    white-space: nowrap;
  }
  [role='alert'].error,
  .error-text {
    color: var(--portico-color-danger, light-dark(#b42318, #f28b82));
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
  /* Windows High Contrast and other forced colours: keep borders, the focus ring and selection visible. */
  @media (forced-colors: active) {
    button,
    input,
    select {
      border-color: ButtonText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
    button:disabled {
      color: GrayText;
      border-color: GrayText;
    }
    [aria-selected='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    [aria-selected='true'] * {
      color: inherit;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition-duration: 0.01ms !important;
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** A labelled control in a toolbar (the list's search and filters, the export's format): label above, bold and small. */
export const toolbarFieldStyles = css`
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .field label {
    font-size: 0.875em;
    font-weight: 600;
  }
`;
