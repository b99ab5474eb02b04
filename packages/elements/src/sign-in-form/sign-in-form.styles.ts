import { css } from 'lit';

export const signInFormStyles = css`
  input {
    inline-size: 100%;
    box-sizing: border-box;
  }
`;
