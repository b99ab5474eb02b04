// The demo portal: what a host portal writes to embed Portico against the reference server.
import { defineElements } from '@portico/elements';
import { RestContactsClient } from '@portico/client-rest';
import { ContactsError, can, displayName, type Contact, type DemoViewer, type OutboxMessage } from '@portico/core';
import type { ContactsProvider, ContactForm, ContactList } from '@portico/elements';

defineElements();

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const client = new RestContactsClient({ baseUrl: '/api' });
const provider = $<ContactsProvider>('#provider');
const list = $<ContactList>('#list');
const form = $<ContactForm>('#form');
const formDialog = $<HTMLDialogElement>('#form-dialog');
let opener: HTMLElement | null = null;

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
  const buttons = items.map((viewer) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const name = document.createElement('strong');
    name.textContent = viewer.userId;
    const role = document.createElement('small');
    role.textContent = viewer.label;
    button.append(name, role);
    button.addEventListener('click', async () => {
      await api('/demo/sign-in', { method: 'POST', body: JSON.stringify({ userId: viewer.userId }) });
      await showApp();
    });
    item.append(button);
    return item;
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
  // The host hides its own button too; the server refuses the create anyway.
  $('#new-contact').hidden = !viewer || !can(viewer, 'contact.create');
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
      ...items.slice(0, 5).map((message) => {
        const item = document.createElement('li');
        item.textContent = `To ${message.to}: ${message.subject}\n${message.body}`;
        return item;
      }),
    );
  } catch {
    $('#outbox-section').hidden = true;
  }
};

const openForm = (contact: Contact | undefined, from: HTMLElement | null) => {
  opener = from;
  $('#form-title').textContent = contact ? `Edit ${displayName(contact)}` : 'New contact';
  form.contact = contact;
  formDialog.showModal();
};

const closeForm = () => {
  formDialog.close();
  opener?.focus();
};

$('#new-contact').addEventListener('click', (event) => openForm(undefined, event.currentTarget as HTMLElement));
list.addEventListener('contact-open', (event) => openForm(event.detail.contact, null));
list.addEventListener('contact-action', async (event) => {
  const { action, contact } = event.detail;
  try {
    switch (action) {
      case 'contact.view':
      case 'contact.update':
        event.preventDefault();
        openForm(contact, null);
        break;
      case 'contact.delete':
        event.preventDefault();
        if (confirm(`Delete ${displayName(contact)}? This cannot be undone.`)) {
          await client.deleteContact(contact.id);
          list.refresh();
        }
        break;
      case 'login.create':
        event.preventDefault();
        await client.createLogin(contact.id);
        list.refresh();
        break;
      case 'password.reset_link':
        event.preventDefault();
        if (confirm(`Send ${contact.userId ?? displayName(contact)} a password reset link valid for 12 hours?`)) {
          await client.resetPassword(contact.id, { mode: 'link' });
          await refreshOutbox();
        }
        break;
      default:
        break;
    }
  } catch (error) {
    alert(error instanceof ContactsError ? error.message : String(error));
  }
});
form.addEventListener('contact-saved', () => {
  closeForm();
  list.refresh();
});
form.addEventListener('contact-cancel', closeForm);
formDialog.addEventListener('cancel', (event) => {
  // Escape must not throw away what was typed: ask first, as the form's own Cancel does.
  if (form.dirty && !confirm('Discard your changes to this contact?')) event.preventDefault();
});

try {
  await client.me();
  await showApp();
} catch {
  await showSignIn();
}
