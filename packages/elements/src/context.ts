import { createContext } from '@lit/context';
import type { ContactsClient, Viewer } from '@portico/core';
import type { ContactStore } from './store.js';

/**
 * Context keys are `Symbol.for` strings, so a host bundle with its own copy of
 * `@lit/context` can still provide a client to these elements.
 */
export const clientContext = createContext<ContactsClient | undefined>(Symbol.for('portico-client'));
export const viewerContext = createContext<Viewer | undefined>(Symbol.for('portico-viewer'));
export const storeContext = createContext<ContactStore | undefined>(Symbol.for('portico-store'));

/**
 * Where a composite shows the outcome of its children's writes (`<contact-manager>`'s status
 * message). A child's command reports its outcome there instead of in its own live region, so
 * the outcome is shown and read once.
 */
export const outcomeContext = createContext<((message: string) => void) | undefined>(Symbol.for('portico-outcome'));
