import { Task } from '@lit/task';
import type { Account, ContactsClient } from '@portico/core';
import type { ReactiveControllerHost } from 'lit';

/** Loads the accounts the viewer reaches whenever the element's client changes (none without the capability). */
export const accountsTask = (host: ReactiveControllerHost & { readonly activeClient: ContactsClient | undefined }) =>
  new Task(host, {
    task: async ([client], { signal }) => {
      if (!client || !client.capabilities.accounts) return [] as Account[];
      return client.listAccounts({ signal });
    },
    args: () => [host.activeClient] as const,
  });

/** Accounts in tree order with their depth, for selects that show the hierarchy. */
export const accountTree = (accounts: readonly Account[]): { account: Account; depth: number }[] => {
  const ids = new Set(accounts.map((account) => account.id));
  const children = new Map<string | null, Account[]>();
  for (const account of accounts) {
    // An account whose parent the viewer cannot see is a root of the viewer's tree.
    const parent = account.parentId && ids.has(account.parentId) ? account.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), account]);
  }
  const result: { account: Account; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const account of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(account.id)) continue;
      seen.add(account.id);
      result.push({ account, depth });
      visit(account.id, depth + 1);
    }
  };
  visit(null, 0);
  return result;
};

/** Option labels indented with no-break spaces: `<option>` cannot be padded reliably. */
export const accountOptions = (accounts: readonly Account[]): { account: Account; label: string }[] =>
  accountTree(accounts).map(({ account, depth }) => ({ account, label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${account.name}` }));
