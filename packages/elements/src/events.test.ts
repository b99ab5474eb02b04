import { expect } from '@open-wc/testing';
import type { Contact } from '@portico/core';
import { ContactActionEvent, ContactSaveEvent, ContactSavedEvent, LoginChangedEvent } from './events.js';

describe('events', () => {
  it('are typed in HTMLElementEventMap, bubble out of shadow roots, and only intents are cancelable', () => {
    const target = document.createElement('div');
    // Type test: these listeners only compile when the map knows the events and their detail.
    target.addEventListener('contact-saved', (event) => {
      const contact: Contact = event.detail.contact;
      const created: boolean = event.detail.created;
      void contact;
      void created;
    });
    target.addEventListener('login-changed', (event) => {
      const state: Contact['login']['state'] = event.detail.previousState;
      void state;
    });
    const contact = { id: 'c-1' } as Contact;
    const save = new ContactSaveEvent({ mode: 'create', contactId: null, values: {} as never });
    expect([save.bubbles, save.composed, save.cancelable]).to.deep.equal([true, true, true]);
    const saved = new ContactSavedEvent({ contact, created: true });
    expect([saved.bubbles, saved.composed, saved.cancelable]).to.deep.equal([true, true, false]);
    expect(new ContactActionEvent({ action: 'contact.update', contact }).cancelable).to.equal(true);
    expect(new LoginChangedEvent({ contact, action: 'login.enable', previousState: 'disabled' }).type).to.equal('login-changed');
  });
});
