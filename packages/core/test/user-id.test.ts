import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserId, suggestUserId } from '@portico/core';

describe('suggestUserId', () => {
  it('makes firstname.lastname in lower case with accents folded (seed 000)', () => {
    assert.equal(suggestUserId('Abel', 'Tuter'), 'abel.tuter');
    assert.equal(suggestUserId('José', 'García López'), 'jose.garcia-lopez');
    assert.equal(suggestUserId('Jürgen', 'Groß'), 'jurgen.gross');
    assert.equal(suggestUserId('Søren', "O'Brien"), 'soren.obrien');
  });

  it('returns null when no Latin letters remain, so a person types one', () => {
    assert.equal(suggestUserId('さくら', '山田'), null);
    assert.equal(suggestUserId('', 'Smith'), null);
  });

  it('always suggests a valid user ID', () => {
    for (const [first, last] of [['Ada', 'Lovelace'], ['Mary-Jane', 'Watson'], ['A', 'B'], ['x'.repeat(80), 'y'.repeat(80)]] as const) {
      const suggestion = suggestUserId(first, last);
      assert.ok(suggestion && UserId.safeParse(suggestion).success, String(suggestion));
    }
  });
});
