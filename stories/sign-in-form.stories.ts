import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

const signIn = (client = new MemoryContactsClient(), view: 'sign-in' | 'forgot-password' = 'sign-in') => {
  const form = document.createElement('sign-in-form');
  Object.assign(form, { client, view });
  return form;
};

export default {
  title: 'Elements/Sign-in form',
  component: 'sign-in-form',
  args: { view: 'sign-in' },
  render: (args: { view: 'sign-in' | 'forgot-password' }) => signIn(new MemoryContactsClient(), args.view),
};

/** Sign in as `victor.chen` with `portico-demo-password`; a wrong password shows the one answer for every refusal. */
export const SignIn = {};

/** "Forgot password?": the same answer whether or not a login matches. */
export const ForgotPassword = { args: { view: 'forgot-password' } };

/** A client without "forgot password": the link is not offered. */
export const WithoutForgotPassword = { render: () => signIn(new MemoryContactsClient({ capabilities: { requestPasswordReset: false } })) };

/** A client that does not sign in (SCIM, a mapped API). */
export const Unsupported = { render: () => signIn(new MemoryContactsClient({ capabilities: { signIn: false } })) };

/** Slow answers: the busy state. */
export const Slow = { render: () => signIn(new MemoryContactsClient({ latency: 1500 })) };
