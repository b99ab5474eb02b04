import type { ManagerRoute } from '../events.js';

/** `#/contacts`, `#/contacts/new`, `#/contacts/<id>`, `#/contacts/<id>/edit`; null for any other hash. */
export const routeFromHash = (hash: string): ManagerRoute | null => {
  const match = /^#\/contacts(?:\/([^/]+)(\/edit)?)?\/?$/.exec(hash);
  if (!match) return null;
  const [, id, edit] = match;
  if (!id) return { view: 'list' };
  const contactId = decodeURIComponent(id);
  if (edit) return { view: 'edit', contactId };
  return contactId === 'new' ? { view: 'new' } : { view: 'contact', contactId };
};

export const hashFromRoute = (route: ManagerRoute): string => {
  switch (route.view) {
    case 'list':
      return '#/contacts';
    case 'new':
      return '#/contacts/new';
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.contactId)}`;
    case 'edit':
      return `#/contacts/${encodeURIComponent(route.contactId)}/edit`;
  }
};

export const contactIdOf = (route: ManagerRoute): string | undefined => ('contactId' in route ? route.contactId : undefined);

/** Runs `callback` when the browser is idle (within two seconds), or soon where there is no `requestIdleCallback`. */
export const whenIdle = (callback: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 200);
};
