// Shared by the element tests only (not exported from the package).
import { waitUntil } from '@open-wc/testing';
import { ContactsError } from '@portico/core';

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in <${el.localName}>`);
  return found;
};
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Makes the next call of `method` fail once with a server error. */
export const failOnce = <T extends object>(client: T, method: keyof T, message = 'The server is down.') => {
  const original = (client[method] as (...args: unknown[]) => unknown).bind(client);
  let failed = false;
  (client as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
    if (failed) return original(...args);
    failed = true;
    return Promise.reject(new ContactsError(message, { code: 'server', status: 500 }));
  };
};

export const until = (predicate: () => boolean, message: string) => waitUntil(predicate, message, { timeout: 4000 });
