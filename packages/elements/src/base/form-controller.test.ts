import { expect, fixture, html } from '@open-wc/testing';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactDraft, ContactPatch, LIMITS, type Contact } from '@portico/core';
import { PorticoElement } from './portico-element.js';
import { FormController } from './form-controller.js';
import { en } from '../i18n/en.js';

type Field = keyof ContactPatch & string;

/** The smallest host: the controller over core's contact schemas, and an input per error to focus. */
class FormControllerHost extends PorticoElement {
  readonly form = new FormController<Field, Contact>(this, { create: ContactDraft, update: ContactPatch, defaults: { notifications: true } });

  protected override render() {
    return html`${this.form.invalidFields.map((field) => html`<input id=${field} />`)}`;
  }
}
customElements.define('form-controller-host', FormControllerHost);

const host = () => fixture<FormControllerHost>(html`<form-controller-host></form-controller-host>`);

describe('FormController', () => {
  it('derives the fields, their kinds, required fields and maximum lengths from the schemas', async () => {
    const { form } = await host();
    expect(form.fields).to.deep.equal([
      'honorific',
      'firstName',
      'lastName',
      'jobTitle',
      'email',
      'businessPhone',
      'mobilePhone',
      'language',
      'timeZone',
      'accountId',
      'notifications',
      'userId',
    ]);
    expect(form.fields.filter((field) => form.required(field))).to.deep.equal(['firstName', 'lastName', 'email', 'accountId']);
    expect(form.fields.filter((field) => form.isBoolean(field))).to.deep.equal(['notifications']);
    expect(form.maxLength('firstName')).to.equal(LIMITS.name);
    expect(form.maxLength('jobTitle')).to.equal(LIMITS.jobTitle);
    expect(form.maxLength('email')).to.equal(LIMITS.email);
    expect(form.maxLength('mobilePhone')).to.equal(LIMITS.phone);
    expect(form.maxLength('userId')).to.equal(LIMITS.userId);
    expect(form.maxLength('notifications')).to.equal(undefined);
    expect(form.values.notifications).to.equal(true);
    expect(form.dirty).to.equal(false);
  });

  it('shows the schema\'s errors by field, focuses the first, and clears each as soon as it is valid', async () => {
    const el = await host();
    const { form } = el;
    form.setInitial('accountId', 'acme');
    form.set('email', 'nobody');
    expect(form.errors, 'no error before a submit').to.deep.equal({});
    expect(form.validate()).to.equal(undefined);
    expect(form.invalidFields).to.deep.equal(['firstName', 'lastName', 'email']);
    expect(form.errors.firstName).to.deep.equal([en.validation.required(en.fields.firstName)]);
    expect(form.errors.email).to.deep.equal([en.validation.email]);
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('firstName');

    form.set('firstName', 'Ann');
    expect(form.invalidFields).to.deep.equal(['lastName', 'email']);
    form.set('email', '  ');
    expect(form.errors.email, 'an invalid value keeps an updated message').to.deep.equal([en.validation.required(en.fields.email)]);
    form.set('email', 'ann@acme.example');
    form.set('lastName', 'Lee');
    expect(form.invalidFields).to.deep.equal([]);
    const valid = form.validate();
    expect(valid?.data).to.include({ firstName: 'Ann', lastName: 'Lee', email: 'ann@acme.example', accountId: 'acme', notifications: true, honorific: null });
    expect(valid?.data).to.not.have.property('userId');
  });

  it('sends only what changed in an update and tracks dirty against the loaded record', async () => {
    const { form } = await host();
    const victor = await new MemoryContactsClient().getContact('c-victor');
    form.load(victor);
    expect(form.text('firstName')).to.equal(victor.firstName);
    expect(form.dirty).to.equal(false);
    form.set('jobTitle', `  ${victor.jobTitle ?? ''} II `);
    expect(form.dirty).to.equal(true);
    expect(form.validate()?.data).to.deep.equal({ jobTitle: `${victor.jobTitle ?? ''} II` });
    form.discard();
    expect(form.dirty).to.equal(false);
    expect(form.validate()?.data).to.deep.equal({});
  });

  it('puts a server\'s field errors on the fields and the others in the message, and keeps the key until a save', async () => {
    const { form } = await host();
    const key = form.idempotencyKey;
    expect(form.showServerErrors([{ field: 'roles', message: 'Unknown role.' }])).to.equal(false);
    expect(
      form.showServerErrors([
        { field: 'email', message: 'This email address is used by another contact.', code: 'taken' },
        { field: 'roles', message: 'Unknown role.' },
      ]),
    ).to.equal(true);
    expect(form.errors.email).to.deep.equal(['This email address is used by another contact.']);
    expect(form.message).to.equal('Unknown role.');
    form.set('email', 'another@acme.example');
    expect(form.errors.email, 'a changed, valid value clears the server\'s error').to.equal(undefined);
    expect(form.idempotencyKey).to.equal(key);
    const victor = await new MemoryContactsClient().getContact('c-victor');
    form.saved(victor);
    expect(form.idempotencyKey).to.not.equal(key);
    expect(form.base).to.equal(victor);
  });
});
