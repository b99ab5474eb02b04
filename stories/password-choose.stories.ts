import { MemoryContactsClient } from '@portico/client-memory';
import '@portico/elements/define';

const choose = (client: MemoryContactsClient, token: string | Promise<string>) => {
  const element = document.createElement('password-choose');
  Object.assign(element, { client });
  void Promise.resolve(token).then((value) => Object.assign(element, { token: value }));
  return element;
};

/** A link mailed to Victor, as `/reset-password?token=…` carries it. */
const mailedToken = async (client: MemoryContactsClient) => {
  await client.resetPassword('c-victor', { mode: 'link' });
  return decodeURIComponent(/token=(\S+)/.exec(client.outbox.at(-1)!.body)![1]!);
};

export default {
  title: 'Elements/Password choose',
  component: 'password-choose',
  args: { 'sign-in-href': '' },
  render: () => {
    const client = new MemoryContactsClient();
    return choose(client, mailedToken(client));
  },
};

/** A fresh link: the rules tick as they are met; success says to sign in. */
export const FreshLink = {};

/** An unknown, used or expired link (one answer): what to do next. */
export const InvalidLink = { render: () => choose(new MemoryContactsClient(), 'no-such-token') };

/** Opened without the link's token. */
export const NoToken = { render: () => choose(new MemoryContactsClient(), '') };
