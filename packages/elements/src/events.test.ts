import { expect } from '@open-wc/testing';
import type { Contact } from '@portico/core';
import {
  ContactActionEvent,
  ContactDeleteEvent,
  ContactRouteEvent,
  ContactSaveEvent,
  ContactSavedEvent,
  LoginChangedEvent,
  RolesSaveEvent,
  RolesSavedEvent,
  UserAssociateEvent,
  UserAssociatedEvent,
} from './events.js';

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

  it('types the delete, association and route events, intents cancelable', () => {
    const target = document.createElement('div');
    target.addEventListener('contact-route', (event) => {
      const view: 'list' | 'new' | 'contact' | 'edit' = event.detail.route.view;
      void view;
    });
    target.addEventListener('user-associated', (event) => {
      const id: string = event.detail.userAccountId;
      void id;
    });
    const contact = { id: 'c-1' } as Contact;
    const intents = [new ContactDeleteEvent({ contact }), new UserAssociateEvent({ contactId: 'c-1', userAccountId: 'u-1' })];
    for (const event of intents) expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, true]);
    const done = [new UserAssociatedEvent({ contact, userAccountId: 'u-1' }), new ContactRouteEvent({ route: { view: 'list' } })];
    for (const event of done) expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, false]);
    expect(intents.map((event) => event.type)).to.deep.equal(['contact-delete', 'user-associate']);
  });

  it('types the roles events: roles-save cancelable, roles-saved not', () => {
    const target = document.createElement('div');
    target.addEventListener('roles-save', (event) => {
      const ids: string[] = event.detail.roleIds;
      void ids;
    });
    const save = new RolesSaveEvent({ contactId: 'c-1', roleIds: ['reports'] });
    const saved = new RolesSavedEvent({ contact: { id: 'c-1' } as Contact });
    expect([save.type, save.bubbles, save.composed, save.cancelable]).to.deep.equal(['roles-save', true, true, true]);
    expect([saved.type, saved.bubbles, saved.composed, saved.cancelable]).to.deep.equal(['roles-saved', true, true, false]);
  });
});
