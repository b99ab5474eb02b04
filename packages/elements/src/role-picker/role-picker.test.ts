import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryContactsClient } from '@portico/client-memory';
import { ROLE_CATALOGUE } from '@portico/core';
import type { RolePicker } from './role-picker.js';
import { $, $$, text, until, screenshot } from '../test-helpers.js';
import '../define-all.js';

/** The contact roles: the dual list's, beside the permission sets' checkboxes. */
const CONTACT_ROLES = ROLE_CATALOGUE.filter((role) => role.kind === 'role');
const options = (el: RolePicker, list: 'available' | 'selected') =>
  $$(el, `#${list}-list [role="option"]`).map((option) => text(option.querySelector('span')));
/** A real form for the picker; fixture() would wait for an animation frame on a plain <form>. */
const forms: HTMLFormElement[] = [];
const inForm = () => {
  const form = document.createElement('form');
  document.body.append(form);
  forms.push(form);
  return form;
};
afterEach(() => forms.splice(0).forEach((form) => form.remove()));
const ready = (el: RolePicker) => until(() => el.shadowRoot!.querySelector('fieldset') !== null, 'roles not loaded');

describe('<role-picker>', () => {
  it('lists available and selected roles from the client', async () => {
    const client = new MemoryContactsClient();
    const el = await fixture<RolePicker>(html`<role-picker .client=${client} .value=${['customer_admin']}></role-picker>`);
    await ready(el);
    await until(() => options(el, 'available').length > 0, 'no roles');
    expect(options(el, 'selected')).to.deep.equal(['Customer administrator']);
    expect(options(el, 'available')).to.include('Partner administrator');
    expect($(el, '#available-list').getAttribute('aria-multiselectable')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('moves roles with the keyboard and fires change', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const el = await fixture<RolePicker>(html`<role-picker .client=${client}></role-picker>`);
    await ready(el);
    await until(() => $$(el, '#available-list [aria-disabled="false"]').length > 0, 'viewer not loaded');
    const first = options(el, 'available')[0]!;
    $(el, '#available-list').focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect($$(el, '#available-list [aria-selected="true"]')).to.have.length(2);
    const change = oneEvent(el, 'change');
    await sendKeys({ press: 'Enter' });
    await change;
    expect(el.value).to.have.length(2);
    expect(options(el, 'selected')).to.include(first);
    expect(options(el, 'available')).not.to.include(first);
  });

  it('moves a role on double-click and with the buttons', async () => {
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    await ready(el);
    $$(el, '#available-list [role="option"]').find((option) => text(option).startsWith('Partner administrator'))!.dispatchEvent(
      new MouseEvent('dblclick', { bubbles: true }),
    );
    await el.updateComplete;
    expect(el.value).to.deep.equal(['partner_admin']);
    $<HTMLButtonElement>(el, '[data-move="add-all"]').click();
    await el.updateComplete;
    expect(el.value).to.have.length(CONTACT_ROLES.length);
    expect(options(el, 'available')).to.have.length(0);
    $$(el, '#selected-list [role="option"]')[0]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-move="remove"]').click();
    await el.updateComplete;
    expect(el.value).to.have.length(CONTACT_ROLES.length - 1);
    $<HTMLButtonElement>(el, '[data-move="remove-all"]').click();
    await el.updateComplete;
    expect(el.value).to.deep.equal([]);
  });

  it('filters the available roles', async () => {
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    await ready(el);
    $<HTMLInputElement>(el, '#filter').focus();
    await sendKeys({ type: 'partner' });
    await el.updateComplete;
    expect(options(el, 'available')).to.deep.equal(['Partner administrator']);
  });

  it('does not let a customer administrator assign or remove admin', async () => {
    const client = new MemoryContactsClient({ viewer: 'customer_admin' });
    const el = await fixture<RolePicker>(html`<role-picker .client=${client} .value=${['admin']}></role-picker>`);
    await ready(el);
    await until(() => $$(el, '#available-list [aria-disabled="false"]').length > 0, 'viewer not loaded');
    const admin = $$(el, '#selected-list [role="option"]').find((option) => text(option).startsWith('Administrator'))!;
    expect(admin.getAttribute('aria-disabled')).to.equal('true');
    admin.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await el.updateComplete;
    expect(el.value).to.deep.equal(['admin']);
  });

  it('takes part in a form: FormData, required validity and reset', async () => {
    const form = inForm();
    const el = await fixture<RolePicker>(html`<role-picker name="roles" required .roles=${ROLE_CATALOGUE} value="customer_admin"></role-picker>`, {
      parentNode: form,
    });
    await ready(el);
    expect(new FormData(form).getAll('roles')).to.deep.equal(['customer_admin']);
    expect(form.checkValidity()).to.equal(true);
    $<HTMLButtonElement>(el, '[data-move="remove-all"]').click();
    await el.updateComplete;
    expect(new FormData(form).getAll('roles')).to.deep.equal([]);
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-move="add-all"]').click();
    await el.updateComplete;
    expect(new FormData(form).getAll('roles')).to.have.length(CONTACT_ROLES.length);
    form.reset();
    await el.updateComplete;
    expect(el.value).to.deep.equal(['customer_admin']);
    expect(new FormData(form).getAll('roles')).to.deep.equal(['customer_admin']);
  });

  it('does not fire change on programmatic changes', async () => {
    const el = await fixture<RolePicker>(html`<role-picker .roles=${ROLE_CATALOGUE}></role-picker>`);
    let changes = 0;
    el.addEventListener('change', () => changes++);
    el.value = ['reports'];
    await el.updateComplete;
    expect(changes).to.equal(0);
  });

  it('shows permission sets as checkboxes', async () => {
    const client = new MemoryContactsClient();
    const form = inForm();
    const el = await fixture<RolePicker>(
      html`<role-picker .client=${client} name="permissions" mode="checkboxes" kind="permission_set"></role-picker>`,
      { parentNode: form },
    );
    await ready(el);
    await until(() => $$<HTMLInputElement>(el, 'input[type="checkbox"]:not(:disabled)').length > 0, 'no checkboxes');
    expect(text($(el, 'legend'))).to.equal('Permissions');
    const boxes = $$<HTMLInputElement>(el, 'input[type="checkbox"]');
    expect(boxes.map((box) => box.value)).to.deep.equal(['admin_access', 'billing', 'reports', 'create_work_order', 'edit_contacts']);
    await expect(el).to.be.accessible();
    const change = oneEvent(el, 'change');
    boxes[1]!.click();
    await change;
    expect(new FormData(form).getAll('permissions')).to.deep.equal(['billing']);
  });

  it('shows the permission sets as checkboxes beside the dual list of contact roles, each heading once', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const form = inForm();
    const el = await fixture<RolePicker>(html`<role-picker .client=${client} name="roles" label="Contact role" .value=${['customer_admin', 'billing']}></role-picker>`, {
      parentNode: form,
    });
    await ready(el);
    await until(() => $$(el, '#available-list [aria-disabled="false"]').length > 0, 'viewer not loaded');
    expect($$(el, 'legend').map(text)).to.deep.equal(['Contact role', 'Permissions']);
    expect(options(el, 'selected')).to.deep.equal(['Customer administrator']);
    expect([...options(el, 'available'), ...options(el, 'selected')]).to.have.members(CONTACT_ROLES.map((role) => role.name));
    const boxes = $$<HTMLInputElement>(el, '[part="permission-sets"] input[type="checkbox"]');
    expect(boxes.map((box) => box.value)).to.deep.equal(['admin_access', 'billing', 'reports', 'create_work_order', 'edit_contacts']);
    expect(boxes.map((box) => box.checked)).to.deep.equal([false, true, false, false, false]);
    await expect(el).to.be.accessible();
    await screenshot('role-picker-permission-sets');
    // Both groups make one value: the roles moved, the sets ticked.
    const change = oneEvent(el, 'change');
    boxes[2]!.click();
    await change;
    $$(el, '#available-list [role="option"]').find((option) => text(option).startsWith('Partner administrator'))!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await el.updateComplete;
    expect(new FormData(form).getAll('roles')).to.have.members(['customer_admin', 'partner_admin', 'billing', 'reports']);
    // The dual list alone when asked for one kind.
    el.kind = 'role';
    await el.updateComplete;
    expect($$(el, 'legend').map(text)).to.deep.equal(['Contact role']);
    expect($$(el, 'input[type="checkbox"]')).to.have.length(0);
  });

  it('locks the viewer\'s own Administrator role, not another administrator\'s', async () => {
    const client = new MemoryContactsClient({ viewer: 'admin' });
    const own = await fixture<RolePicker>(html`<role-picker .client=${client} contact-id="c-alice" .value=${['admin']}></role-picker>`);
    await ready(own);
    await until(() => $$(own, '#available-list [aria-disabled="false"]').length > 0, 'viewer not loaded');
    expect($(own, '#selected-admin').getAttribute('aria-disabled')).to.equal('true');
    expect($<HTMLButtonElement>(own, '[data-move="remove-all"]').disabled).to.equal(true);
    const other = await fixture<RolePicker>(html`<role-picker .client=${client} contact-id="c-victor" .value=${['admin']}></role-picker>`);
    await ready(other);
    await until(() => $$(other, '#available-list [aria-disabled="false"]').length > 0, 'viewer not loaded');
    expect($(other, '#selected-admin').getAttribute('aria-disabled')).to.equal('false');
    await expect(own).to.be.accessible();
  });
});

describe('<contact-manager> roles', () => {
  it('offers a new contact\'s Contact role as a dual list and its Permissions as checkboxes, each heading once', async () => {
    const { MemoryContactsClient: Client } = await import('@portico/client-memory');
    const el = await fixture<HTMLElement & { route: unknown; updateComplete: Promise<boolean> }>(html`<contact-manager .client=${new Client({ viewer: 'admin' })}></contact-manager>`);
    await until(() => el.shadowRoot!.querySelector('#new-contact') !== null, 'no New contact');
    el.shadowRoot!.querySelector<HTMLButtonElement>('#new-contact')!.click();
    await until(() => el.shadowRoot!.querySelector<RolePicker>('#new-roles')?.shadowRoot?.querySelector('[part="permission-sets"]') != null, 'no permission sets');
    const picker = el.shadowRoot!.querySelector<RolePicker>('#new-roles')!;
    // What a user reads as headings around the pickers: the manager's and the picker's.
    const headings = [...el.shadowRoot!.querySelectorAll('legend'), ...picker.shadowRoot!.querySelectorAll('legend')].map(text);
    expect(headings.filter((heading) => heading === 'Contact role')).to.have.length(1);
    expect(headings.filter((heading) => heading === 'Permissions')).to.have.length(1);
    await screenshot('manager-new-contact-roles');
    expect(options(picker, 'available')).to.not.include('Billing');
    expect($$<HTMLInputElement>(picker, '[part="permission-sets"] input[type="checkbox"]').map((box) => box.value)).to.include('billing');
    // Apart from the fields above as the fields are from each other.
    const grid = el.shadowRoot!.querySelector('contact-form')!.shadowRoot!.querySelector('.grid')!;
    const gap = parseFloat(getComputedStyle(grid).rowGap);
    const below = el.shadowRoot!.querySelector('.new-roles')!.getBoundingClientRect().top - grid.getBoundingClientRect().bottom;
    expect(below, 'space between the Account field and the roles').to.be.at.least(gap);
  });
});
