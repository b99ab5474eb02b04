import { css } from 'lit';

export const passwordChangeStyles = css`
  :host([forced]) form {
    border-inline-start: 0.25rem solid transparent;
  }
`;
