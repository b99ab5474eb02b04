// `npm start -- --backend scim`: the demo portal on the SCIM adapter, against the scimmy server
// that scripts/demo-server.ts starts and proxies under /scim.
import { defineElements } from '@portico/elements';
import { createScimClient } from '@portico/client-scim';
import { ROLE_CATALOGUE, createSeedData } from '@portico/core';
import { exportWriters } from '@portico/export';
import type { ContactsProvider } from '@portico/elements';
import { scimOptions } from '../test/adapters/scim-config.js';
import { viewerItems } from './viewer-picker.js';

defineElements();

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const provider = $<ContactsProvider>('#provider');

const signIn = async (userId: string, label: string) => {
  // The demo SCIM server's bearer tokens are `scim-<user ID>` (test/servers/scim-server.ts).
  provider.client = await createScimClient({ ...scimOptions(`${location.origin}/scim/v2`, `scim-${userId}`), exportWriters: exportWriters() });
  await provider.refreshViewer();
  $('#sign-in').hidden = true;
  $('#app').hidden = false;
  const who = document.createElement('span');
  who.textContent = label;
  const signOut = document.createElement('button');
  signOut.type = 'button';
  signOut.textContent = 'Sign out';
  signOut.addEventListener('click', () => location.reload());
  $('#session').replaceChildren(who, signOut);
};

/** Set by scripts/demo-server.ts for `--scim-url`: a SCIM server of your own, its token added by the proxy. */
declare const __PORTICO_SCIM_REMOTE__: { viewer: string | null } | null;

const remote = typeof __PORTICO_SCIM_REMOTE__ === 'undefined' ? null : __PORTICO_SCIM_REMOTE__;
if (remote) {
  // Whoever the token is: /Me, or the userName from --scim-viewer on servers without it.
  provider.client = await createScimClient({
    baseUrl: `${location.origin}/scim/v2`,
    roles: ROLE_CATALOGUE,
    ...(remote.viewer ? { viewer: { userName: remote.viewer } } : {}),
    exportWriters: exportWriters(),
  });
  await provider.refreshViewer();
  $('#app').hidden = false;
  $('#session').textContent = remote.viewer ?? 'Signed in by token';
} else {
  $('#viewers').replaceChildren(
    ...viewerItems(createSeedData().demoViewers, (viewer) => void signIn(viewer.userId, `${viewer.userId} (${viewer.label})`)),
  );
  $('#sign-in').hidden = false;
}
