import { html } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { ROLE_CATALOGUE } from '@portico/core';
import '@portico/elements/define';

export default {
  title: 'Elements/Role picker',
  component: 'role-picker',
  args: { value: ['billing'], name: '', label: '', mode: 'dual', kind: '', required: false, disabled: false, 'contact-id': '' },
  render: () => html`<role-picker .client=${new MemoryContactsClient()} .value=${['billing']}></role-picker>`,
};

export const DualList = {};

export const AsAdministrator = {
  args: { value: [], kind: 'role' },
  render: () => html`<role-picker .client=${new MemoryContactsClient({ viewer: 'admin' })} kind="role"></role-picker>`,
};

export const PermissionCheckboxes = {
  args: { value: ['reports'], mode: 'checkboxes', kind: 'permission_set' },
  render: () =>
    html`<role-picker mode="checkboxes" kind="permission_set" .client=${new MemoryContactsClient()} .value=${['reports']}></role-picker>`,
};

export const InAForm = {
  args: { value: [], name: 'roles', required: true },
  render: () => html`<form
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      const data = new FormData(event.target as HTMLFormElement);
      (event.target as HTMLFormElement).querySelector('output')!.value = JSON.stringify(data.getAll('roles'));
    }}
  >
    <role-picker name="roles" required .roles=${ROLE_CATALOGUE}></role-picker>
    <button>Submit</button> <button type="reset">Reset</button>
    <output></output>
  </form>`,
};
