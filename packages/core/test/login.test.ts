import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseUserId, LOGIN_STATES, LOGIN_TRANSITIONS, loginActionAllowedInState, loginChanges, loginStateConflict, type LoginState } from '@portico/core';

describe('the login transition table', () => {
  it('allows each transition from exactly its states', () => {
    const allowed = Object.fromEntries(
      Object.entries(LOGIN_TRANSITIONS).map(([name, { action }]) => [name, LOGIN_STATES.filter((state) => loginActionAllowedInState(action, state))]),
    );
    assert.deepEqual(allowed, {
      create: ['none'],
      enable: ['disabled'],
      disable: ['enabled', 'locked'],
      lock: ['enabled'],
      unlock: ['locked'],
    });
  });

  it('leaves the login in the state each transition names, ending sessions where a login stops working', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    assert.deepEqual(loginChanges('lock', at), { state: 'locked', lockReason: 'admin', lockedAt: '2026-01-02T03:04:05.000Z' });
    assert.deepEqual(loginChanges('unlock', at), { state: 'enabled', lockReason: null, lockedAt: null, failedSignIns: 0 });
    assert.equal(loginChanges('create', at).passwordChangeRequired, true);
    assert.equal(loginChanges('disable', at).state, 'disabled');
    assert.deepEqual(
      Object.entries(LOGIN_TRANSITIONS).filter(([, transition]) => transition.endsSessions).map(([name]) => name),
      ['disable', 'lock'],
    );
  });

  it('passwords need a login; a refused transition says why', () => {
    for (const state of LOGIN_STATES) assert.equal(loginActionAllowedInState('password.set', state), state !== 'none');
    assert.equal(loginStateConflict('login.lock', 'none'), 'This contact has no login yet.');
    assert.equal(loginStateConflict('login.lock', 'disabled' satisfies LoginState), 'Not possible while the login is disabled.');
    assert.equal(loginStateConflict('login.lock', 'enabled'), undefined);
  });
});

describe('chooseUserId', () => {
  const nobody = () => false;
  it('suggests firstname.lastname, then the next free number', () => {
    assert.deepEqual(chooseUserId('Dana', 'Scully', { hasNamesake: false, isHeld: nobody }), { userId: 'dana.scully', reason: 'suggested' });
    assert.deepEqual(chooseUserId('Dana', 'Scully', { hasNamesake: false, isHeld: (id) => id === 'dana.scully' }), { userId: 'dana.scully2', reason: 'suggested' });
  });

  it('suggests none for a namesake in the company, a name without Latin letters, or when every candidate is held', () => {
    assert.deepEqual(chooseUserId('Dana', 'Scully', { hasNamesake: true, isHeld: nobody }), { userId: null, reason: 'duplicate_name' });
    assert.deepEqual(chooseUserId('さくら', '山田', { hasNamesake: false, isHeld: nobody }), { userId: null, reason: 'no_latin_letters' });
    assert.deepEqual(chooseUserId('Dana', 'Scully', { hasNamesake: false, isHeld: () => true }), { userId: null, reason: 'taken' });
  });
});
