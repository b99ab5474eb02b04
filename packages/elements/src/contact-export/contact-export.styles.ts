import { css } from 'lit';

export const contactExportStyles = css`
  :host {
    display: inline-block;
  }
  :host([hidden]) {
    display: none;
  }
  .wrapper {
    --_gap: var(--contact-export-gap, var(--portico-space-s, 0.5rem));
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_gap);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: var(--_gap);
  }
  progress {
    inline-size: var(--contact-export-progress-width, 8rem);
  }
  .message {
    flex-basis: 100%;
    margin: 0;
  }
`;
