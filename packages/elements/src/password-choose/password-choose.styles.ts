import { css } from 'lit';

export const passwordChooseStyles = css`
  .invalid {
    display: grid;
    gap: var(--_gap);
  }
`;
