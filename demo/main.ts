// The demo portal: what a host portal writes to embed Portico against the reference server.
import { defineElements } from '@portico/elements';
import { RestContactsClient } from '@portico/client-rest';
import type { DemoViewer, OutboxMessage, Viewer } from '@portico/core';
import type { ContactManager, ContactsProvider, PasswordChange, PasswordChoose, SignInForm, SignInView } from '@portico/elements';
import { whenLocaleLoaded } from '@portico/elements/i18n/strings.js';
import { listText } from '@portico/elements/base/labels.js';
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

/** Shows one of the page's sections (sign-in, the mailed link's page, the forced change, the app). */
const show = (id: 'sign-in' | 'reset-password' | 'password-change' | 'app') => {
  for (const section of ['sign-in', 'reset-password', 'password-change', 'app']) $(`#${section}`).hidden = section !== id;
  if (id !== 'app') $('#outbox-section').hidden = true;
};

// The self-service elements stand outside the provider (they come before there is a viewer): each gets the client.
const signInForm = $<SignInForm>('#sign-in-form');
const passwordChoose = $<PasswordChoose>('#password-choose');
const forcedChange = $<PasswordChange>('#forced-change');
signInForm.client = client;
passwordChoose.client = client;
forcedChange.client = client;

/** Who is signed in, shown in the header: the name and the roles by their names in the page's language. */
let viewer: Viewer | undefined;
const renderSession = async () => {
  if (!viewer) {
    $('#session').replaceChildren();
    return;
  }
  const shown = viewer;
  const t = await whenLocaleLoaded(document.documentElement.lang || 'en');
  if (viewer !== shown) return;
  const roles = shown.roles.map((id) => t.roleTexts[id]?.name ?? id);
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = `${shown.displayName} (${roles.length ? listText(roles, document.documentElement.lang || 'en') : 'no roles'})`;
  const signOut = document.createElement('button');
  signOut.type = 'button';
  signOut.textContent = 'Sign out';
  signOut.addEventListener('click', async () => {
    await api('/session', { method: 'DELETE' });
    await showSignIn();
  });
  $('#session').replaceChildren(who, signOut);
};
$('#locale').addEventListener('change', () => void renderSession());

const showSignIn = async (view: SignInView = 'sign-in') => {
  viewer = undefined;
  await renderSession();
  if (location.pathname !== '/') history.pushState(null, '', '/');
  signInForm.view = view;
  const { items } = await api<{ items: DemoViewer[] }>('/demo/viewers');
  const buttons = viewerItems(items, async (picked) => {
    await api('/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId: picked.userId }) });
    await afterSignIn(await client.me());
  });
  $('#viewers').replaceChildren(...buttons);
  show('sign-in');
};

/** After any sign-in: a password that must change comes first, with no way around it; then the app. */
const afterSignIn = async (signedIn: Viewer) => {
  viewer = signedIn;
  await renderSession();
  if (signedIn.passwordChangeRequired) {
    show('password-change');
    return;
  }
  await showApp();
};

const showApp = async () => {
  show('app');
  provider.client = client;
  await provider.refreshViewer();
  viewer = provider.viewer ?? viewer;
  await renderSession();
  await refreshOutbox();
};

signInForm.addEventListener('login-signed-in', (event) => void afterSignIn(event.detail.viewer));
forcedChange.addEventListener('login-password-changed', (event) => void afterSignIn(event.detail.viewer));
forcedChange.addEventListener('login-signed-out', () => void showSignIn());
passwordChoose.addEventListener('login-navigate', (event) => void showSignIn(event.detail.to === 'forgot-password' ? 'forgot-password' : 'sign-in'));

/** The page a mailed link opens: `/reset-password?token=…`, whoever is signed in. */
const showResetPassword = () => {
  passwordChoose.token = params.get('token') ?? '';
  show('reset-password');
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
if (location.pathname === '/reset-password') {
  showResetPassword();
} else {
  try {
    if (signInAs) await api('/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId: signInAs }) });
    // A reload keeps the session, and a password that must change is still the first thing shown.
    await afterSignIn(await client.me());
  } catch {
    await showSignIn();
  }
}
addEventListener('popstate', () => {
  if (location.pathname === '/reset-password') showResetPassword();
});
