import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

const change = (client: MemoryContactsClient, forced: boolean) => {
  const element = document.createElement('password-change');
  Object.assign(element, { client, forced });
  return element;
};

export default {
  title: 'Elements/Password change',
  component: 'password-change',
  args: { forced: false },
  render: (args: { forced: boolean }) => change(new MemoryContactsClient({ viewer: 'contact' }), args.forced),
};

/** Victor changes his password: the current one is `portico-demo-password`. */
export const Voluntary = {};

/** Right after a sign-in with an administrator-set password (`admin chosen pass 77`): no Cancel, only Sign out. */
export const Forced = {
  args: { forced: true },
  render: (args: { forced: boolean }) => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const element = change(client, args.forced);
    void client
      .resetPassword('c-victor', { mode: 'set', password: 'admin chosen pass 77' })
      .then(() => client.signIn('victor.chen', 'admin chosen pass 77'))
      .then((viewer) => Object.assign(element, { viewer }));
    return element;
  },
};

/** A client that cannot change passwords. */
export const Unsupported = { render: () => change(new MemoryContactsClient({ capabilities: { changePassword: false } }), false) };
