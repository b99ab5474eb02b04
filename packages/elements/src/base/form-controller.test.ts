import { expect } from '@open-wc/testing';
import { html, render, type ReactiveController } from 'lit';
import { MemoryContactsClient } from '@portico/client-memory';
import { ContactDraft, ContactPatch, LIMITS, type Contact } from '@portico/core';
import { FormController, type FormHost } from './form-controller.js';
import { en } from '../i18n/en.js';

type Field = keyof ContactPatch & string;

/**
 * The smallest host the controller needs (`FormHost`), not an element: the controller over core's
 * contact schemas, updated as an element would be, rendering an input per invalid field to focus.
 */
class TestHost implements FormHost {
  readonly t = en;
  readonly locale = 'en';
  updateComplete: Promise<boolean> = Promise.resolve(true);
  private readonly controllers: ReactiveController[] = [];
  readonly form: FormController<Field, Contact>;

  constructor(readonly renderRoot: HTMLElement) {
    this.form = new FormController<Field, Contact>(this, { create: ContactDraft, update: ContactPatch, defaults: { notifications: true } });
  }

  addController(controller: ReactiveController) {
    this.controllers.push(controller);
  }

  removeController(controller: ReactiveController) {
    this.controllers.splice(this.controllers.indexOf(controller), 1);
  }

  requestUpdate() {
    this.updateComplete = Promise.resolve().then(() => {
      render(html`${this.form.invalidFields.map((field) => html`<input id=${field} />`)}`, this.renderRoot);
      for (const controller of this.controllers) controller.hostUpdated?.();
      return true;
    });
  }
}

/**
 * A root in the page made by hand: `fixture()` waits for an animation frame on elements that are not
 * Lit elements, and a page the runner keeps in the background gets none, so the test would hang there.
 */
const roots: HTMLElement[] = [];
const host = () => {
  const root = document.body.appendChild(document.createElement('div'));
  roots.push(root);
  return new TestHost(root);
};
afterEach(() => {
  for (const root of roots.splice(0)) root.remove();
});

describe('FormController', () => {
  it('derives the fields, their kinds, required fields and maximum lengths from the schemas', async () => {
    const { form } = host();
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
    const el = host();
    const { form } = el;
    form.setInitial('accountId', 'acme');
    form.set('email', 'nobody');
    expect(form.errors, 'no error before a submit').to.deep.equal({});
    expect(form.validate()).to.equal(undefined);
    expect(form.invalidFields).to.deep.equal(['firstName', 'lastName', 'email']);
    expect(form.errors.firstName).to.deep.equal([en.validation.required(en.fields.firstName)]);
    expect(form.errors.email).to.deep.equal([en.validation.email]);
    await el.updateComplete;
    expect(document.activeElement?.id).to.equal('firstName');

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
    const { form } = host();
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
    const { form } = host();
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
