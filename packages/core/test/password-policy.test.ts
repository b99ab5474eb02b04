import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, LIMITS, passwordRules } from '@portico/core';

const login = { userId: 'abel.tuter', email: 'Abel.Tuter@example.com' };
const codes = async (password: string) => (await checkPassword(password, login)).map((problem) => problem.code);

describe('checkPassword', () => {
  it('accepts a long passphrase and a random password', async () => {
    assert.deepEqual(await codes('correct horse battery staple'), []);
    assert.deepEqual(await codes('mK9#vLq2$wPz'), []);
  });

  it('refuses a password of only spaces, however long', async () => {
    assert.ok((await codes(' '.repeat(12))).includes('blank'));
    assert.ok((await codes('\t'.repeat(20))).includes('blank'));
  });

  it('refuses the user ID, the e-mail address and its local part, in any case and padded', async () => {
    for (const password of ['ABEL.TUTER  ', 'abel.tuter@example.com', '  Abel.Tuter']) {
      assert.ok((await codes(password)).includes('matches_identity'), password);
    }
  });

  it('refuses a short password and counts an emoji as one character', async () => {
    assert.ok((await codes('Xq7#pL2!')).includes('too_small'));
    // Twelve UTF-16 units but six characters.
    assert.ok((await codes('🦊🐙🦀🐝🦉🐢')).includes('too_small'));
  });

  it('refuses a common password that meets the length', async () => {
    assert.deepEqual(await codes('password1234'), ['too_weak']);
    assert.deepEqual(await codes('qwertyuiopas'), ['too_weak']);
  });

  it('names the field in every message', async () => {
    const problems = await checkPassword(' '.repeat(LIMITS.password + 1), login);
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ['blank', 'too_weak', 'too_big'],
    );
    for (const problem of problems) {
      assert.equal(problem.field, 'password');
      assert.match(problem.message, /^Password /);
    }
  });
});

describe('passwordRules', () => {
  it('lists every rule, the strength one unknown until the check is loaded', () => {
    assert.deepEqual(
      passwordRules('abc', login).map(({ rule, met }) => [rule, met]),
      [
        ['length', false],
        ['notBlank', true],
        ['notIdentity', true],
        ['strength', null],
        ['maxLength', true],
      ],
    );
  });
});
