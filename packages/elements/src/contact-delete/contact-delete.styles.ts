import { css } from 'lit';

export const contactDeleteStyles = css`
  :host {
    display: contents;
  }
  dialog {
    inline-size: var(--contact-delete-width, 28rem);
  }
  .question {
    margin-block: 0;
  }
`;
