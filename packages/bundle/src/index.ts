// The CMS bundle (@portico/elements/dist/portico.js): one <script type="module"> registers every
// element and gives each Portico element that has a `base-url` attribute a REST client for it:
//   <contact-manager base-url="/api"></contact-manager>
// An API on another origin gets the session cookie (`credentials: 'include'`); `sign-in-url` names
// where a person signs in, for the message a 401 shows.
// It lives outside @portico/elements because elements may not import an adapter (the layer rule).
// First: zod must be jitless before core builds its schemas (strict CSP, see jitless.ts).
import './jitless.js';
import { RestContactsClient } from '@portico/client-rest';
import type { ContactsClient } from '@portico/core';
import { ELEMENTS, defineElements } from '@portico/elements';

export { RestContactsClient, defineElements };

const clients = new Map<string, ContactsClient>();

const otherOrigin = (url: string): boolean => {
  try {
    return new URL(url, location.href).origin !== location.origin;
  } catch {
    return false;
  }
};

/** One client per base URL (and sign-in URL), so elements on one API share its cache and change store. */
export const clientFor = (baseUrl: string, signInUrl?: string): ContactsClient => {
  const key = signInUrl ? `${baseUrl} ${signInUrl}` : baseUrl;
  let client = clients.get(key);
  if (!client) {
    client = new RestContactsClient({ baseUrl, ...(otherOrigin(baseUrl) ? { credentials: 'include' } : {}), ...(signInUrl ? { signInUrl } : {}) });
    clients.set(key, client);
  }
  return client;
};

const tags = new Set(Object.keys(ELEMENTS));
const selector = [...tags].map((tag) => `${tag}[base-url]`).join(', ');

const wire = (element: Element): void => {
  const baseUrl = element.getAttribute('base-url')?.trim();
  const host = element as Element & { client?: ContactsClient };
  if (!baseUrl) return;
  // A client the page set itself wins; a changed base-url gets the matching client.
  if (host.client && ![...clients.values()].includes(host.client)) return;
  host.client = clientFor(baseUrl, element.getAttribute('sign-in-url')?.trim() || undefined);
};

/** Wires every Portico element with `base-url` in `root` (the document by default). */
export const connect = (root: ParentNode = document): void => {
  if (root instanceof Element && root.matches(selector)) wire(root);
  root.querySelectorAll(selector).forEach(wire);
};

defineElements();
connect();
// Elements a CMS adds or changes later (client-side navigation, editors' previews).
new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === 'attributes' && record.target instanceof Element && tags.has(record.target.localName)) wire(record.target);
    record.addedNodes.forEach((node) => {
      if (node instanceof Element) connect(node);
    });
  }
}).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['base-url', 'sign-in-url'] });
