// The demo portal: what a host portal writes to embed Portico against the reference server.
import { defineElements } from '@portico/elements';
import { RestContactsClient } from '@portico/client-rest';
import type { DemoViewer, OutboxMessage } from '@portico/core';
import type { ContactManager, ContactsProvider } from '@portico/elements';
import { exampleThemes, styleElement } from '../stories/display-modes.js';
import { viewerItems } from './viewer-picker.js';

defineElements();
// The two example themes are the ones Storybook shows (one copy, in stories/display-modes.ts);
// portal.css adds only what belongs to the demo page itself (its background and header).
document.head.append(styleElement(Object.values(exampleThemes).join('\n')));

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const client = new RestContactsClient({ baseUrl: '/api' });
const provider = $<ContactsProvider>('#provider');
const manager = $<ContactManager>('#manager');

// The display settings in the header, each remembered, and each also taken from the URL
// (`?theme=harbor&scheme=dark&density=compact&locale=ar`, for links and screenshots).
// Theme: a class on <body> that the example themes' rules (custom properties, ::part()) select.
// Colours: the page's color-scheme, which the elements follow. Density: the elements' attribute.
// Language: `lang` (and `dir`) of the page, which the elements read.
const displaySettings: Record<string, (value: string) => void> = {
  theme: (theme) => {
    for (const name of Object.keys(exampleThemes)) document.body.classList.toggle(`theme-${name}`, name === theme);
  },
  scheme: (scheme) => {
    if (scheme) document.documentElement.dataset['scheme'] = scheme;
    else delete document.documentElement.dataset['scheme'];
  },
  density: (density) => {
    manager.density = density === 'compact' ? 'compact' : undefined;
  },
  locale: (locale) => {
    document.documentElement.lang = locale || 'en';
    document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
  },
};
const params = new URLSearchParams(location.search);
for (const [name, apply] of Object.entries(displaySettings)) {
  const select = $<HTMLSelectElement>(`#${name}`);
  const key = `portico-demo-${name}`;
  select.addEventListener('change', () => {
    apply(select.value);
    localStorage.setItem(key, select.value);
  });
  const wanted = params.get(name) ?? localStorage.getItem(key);
  if (wanted !== null && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
  apply(select.value);
}

const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const csrf = document.cookie.match(/(?:^|; )portico_csrf=([^;]*)/)?.[1];
  const response = await fetch(`/api${path}`, {
    ...init,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
  });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} /api${path}: ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
};

const showSignIn = async () => {
  $('#app').hidden = true;
  $('#outbox-section').hidden = true;
  $('#session').replaceChildren();
  const { items } = await api<{ items: DemoViewer[] }>('/demo/viewers');
  const buttons = viewerItems(items, async (viewer) => {
    await api('/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId: viewer.userId }) });
    await showApp();
  });
  $('#viewers').replaceChildren(...buttons);
  $('#sign-in').hidden = false;
};

const showApp = async () => {
  $('#sign-in').hidden = true;
  $('#app').hidden = false;
  provider.client = client;
  await provider.refreshViewer();
  const viewer = provider.viewer;
  const who = document.createElement('span');
  who.textContent = viewer ? `${viewer.displayName} (${viewer.roles.join(', ') || 'no roles'})` : '';
  const signOut = document.createElement('button');
  signOut.type = 'button';
  signOut.textContent = 'Sign out';
  signOut.addEventListener('click', async () => {
    await api('/session', { method: 'DELETE' });
    await showSignIn();
  });
  $('#session').replaceChildren(who, signOut);
  await refreshOutbox();
};

const refreshOutbox = async () => {
  try {
    const { items } = await api<{ items: OutboxMessage[] }>('/outbox');
    $('#outbox-section').hidden = items.length === 0;
    $('#outbox').replaceChildren(
      // Every mail, newest first (the server lists them oldest first).
      ...[...items].reverse().map((message) => {
        const item = document.createElement('li');
        item.textContent = `To ${message.to}: ${message.subject}\n${message.body}`;
        return item;
      }),
    );
  } catch {
    $('#outbox-section').hidden = true;
  }
};

// The manager's events bubble out of it: the host only keeps its outbox panel up to date.
manager.addEventListener('password-reset-done', () => void refreshOutbox());
manager.addEventListener('login-changed', () => void refreshOutbox());

// `?as=<userId>` signs in as that demo viewer at once (links and screenshots of a signed-in page).
const signInAs = params.get('as');
try {
  if (signInAs) await api('/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId: signInAs }) });
  await client.me();
  await showApp();
} catch {
  await showSignIn();
}
