// The demo portal: what a host portal writes to embed Portico against the reference server.
import { defineElements } from '@portico/elements';
import { RestContactsClient } from '@portico/client-rest';
import { ContactsError, can, displayName, type Contact, type DemoViewer, type OutboxMessage } from '@portico/core';
import type { ContactsProvider, ContactForm, ContactList, ContactView, PasswordReset, RolePicker } from '@portico/elements';

defineElements();

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const client = new RestContactsClient({ baseUrl: '/api' });
const provider = $<ContactsProvider>('#provider');
const list = $<ContactList>('#list');
const form = $<ContactForm>('#form');
const formDialog = $<HTMLDialogElement>('#form-dialog');
const view = $<ContactView>('#view');
const viewDialog = $<HTMLDialogElement>('#view-dialog');
const rolePicker = $<RolePicker>('#roles');
const reset = $<PasswordReset>('#reset');
const resetDialog = $<HTMLDialogElement>('#reset-dialog');
const rolesDialog = $<HTMLDialogElement>('#roles-dialog');
let opener: HTMLElement | null = null;
let rolesFor: Contact | undefined;

for (const button of document.querySelectorAll<HTMLButtonElement>('dialog [data-close]')) {
  button.addEventListener('click', () => button.closest('dialog')!.close());
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
/** The actions the list leaves to its host; enable, disable, lock and unlock it performs itself. */
const onAction = async (event: HTMLElementEventMap['contact-action']) => {
  const { action, contact } = event.detail;
  const handled = ['contact.view', 'contact.update', 'contact.delete', 'login.create', 'password.reset_link', 'password.reset_temporary', 'password.set', 'roles.assign', 'user.associate'];
  if (!handled.includes(action)) return;
  event.preventDefault();
  try {
    switch (action) {
      case 'contact.view':
        view.contact = contact;
        viewDialog.showModal();
        break;
      case 'contact.update':
        viewDialog.close();
        openForm(contact, null);
        break;
      case 'contact.delete':
        if (confirm(`Delete ${displayName(contact)}? This cannot be undone.`)) {
          await client.deleteContact(contact.id);
          viewDialog.close();
          list.refresh();
        }
        break;
      case 'login.create':
        await client.createLogin(contact.id);
        list.refresh();
        await refreshOutbox();
        break;
      case 'password.reset_link':
      case 'password.reset_temporary':
      case 'password.set':
        // <password-reset> shows the user name and asks to confirm it first (the "verify identity" step).
        viewDialog.close();
        reset.contact = contact;
        resetDialog.showModal();
        break;
      case 'roles.assign':
        rolesFor = contact;
        $('#roles-title').textContent = `Assign roles to ${displayName(contact)}`;
        $('#roles-error').textContent = '';
        rolePicker.value = [...contact.roles];
        rolesDialog.showModal();
        break;
      case 'user.associate': {
        const search = prompt(`Associate an existing user account with ${displayName(contact)}. Search user accounts:`);
        if (!search) break;
        const { items } = await client.searchUsers(search);
        const free = items.filter((user) => !user.contactId);
        if (free.length === 0) {
          alert(items.length ? `${items.map((u) => u.userId).join(', ')} already belong to other contacts.` : 'No user account matches.');
          break;
        }
        const user = free[0]!;
        if (confirm(`Associate ${user.userId} (${user.displayName}) with ${displayName(contact)}?`)) {
          await client.associateUser(contact.id, user.id);
          list.refresh();
        }
        break;
      }
    }
  } catch (error) {
    alert(error instanceof ContactsError ? error.message : String(error));
  }
};
list.addEventListener('contact-action', onAction);
reset.addEventListener('password-reset-done', () => void refreshOutbox());
view.addEventListener('contact-action', onAction);
$('#roles-form').addEventListener('submit', async (event) => {
  if (!rolesFor) return;
  event.preventDefault();
  try {
    await client.setRoles(rolesFor.id, rolePicker.value);
    rolesDialog.close();
    list.refresh();
  } catch (error) {
    $('#roles-error').textContent = error instanceof ContactsError ? error.message : String(error);
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
