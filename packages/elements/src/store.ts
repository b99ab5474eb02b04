import type { Contact, ContactsClient, Viewer } from '@portico/core';

export interface ContactChange {
  /** The contact as it is now, or null when it was deleted. */
  contact: Contact | null;
  id: string;
  /** The element that made the change, so it can skip its own notification. */
  source?: EventTarget | undefined;
}

/** Internal notification: does not bubble and never leaves the store. */
export class ContactChangedEvent extends Event {
  static readonly eventName = 'contact-changed';
  constructor(readonly change: ContactChange) {
    super(ContactChangedEvent.eventName);
  }
}

/**
 * Internal notification: the viewer of a client was loaded again (`refreshViewer`), and is now this
 * one, or nobody (`undefined`: signed out, or `me()` failed).
 */
export class ViewerChangedEvent extends Event {
  static readonly eventName = 'viewer-changed';
  constructor(readonly viewer: Viewer | undefined) {
    super(ViewerChangedEvent.eventName);
  }
}

/**
 * A tiny shared store: elements notify it after a change, and every other element showing
 * contacts of the same client refreshes. One store per client, so elements placed without a
 * provider still stay in step.
 */
export class ContactStore extends EventTarget {
  notify(change: ContactChange): void {
    this.dispatchEvent(new ContactChangedEvent(change));
  }
}

const stores = new WeakMap<ContactsClient, ContactStore>();
const viewers = new WeakMap<ContactsClient, Promise<Viewer>>();

export const storeFor = (client: ContactsClient): ContactStore => {
  let store = stores.get(client);
  if (!store) {
    store = new ContactStore();
    stores.set(client, store);
  }
  return store;
};

/**
 * `client.me()` once per client; a failure is not cached, so the next element tries again.
 * `refresh` asks again and tells every element of the client who it is now (see `refreshViewer`).
 */
export const viewerFor = (client: ContactsClient, refresh = false): Promise<Viewer> => {
  let viewer = refresh ? undefined : viewers.get(client);
  if (!viewer) {
    viewer = client.me();
    viewers.set(client, viewer);
    viewer.catch(() => viewers.delete(client));
    if (refresh) {
      const store = storeFor(client);
      viewer.then(
        (now) => store.dispatchEvent(new ViewerChangedEvent(now)),
        () => store.dispatchEvent(new ViewerChangedEvent(undefined)),
      );
    }
  }
  return viewer;
};

/**
 * Tells every element of `client` that the person behind it changed: call it after the host signed
 * somebody in or out without reloading the page. The elements load the viewer again and start
 * afresh (lists, totals, accounts, roles and permissions of the previous viewer are dropped). Resolves
 * with the new viewer, or `undefined` when nobody is signed in (`me()` failed).
 */
export const refreshViewer = (client: ContactsClient): Promise<Viewer | undefined> =>
  viewerFor(client, true).then(
    (viewer) => viewer,
    () => undefined,
  );
