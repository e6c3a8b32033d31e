import assert from 'node:assert/strict';
import { PASSWORD_CLASSES } from '../../../../src/core/expressions/functions/random';
import { assertFails, evaluate, seeded } from './evaluate-helper';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function countIn(text: string, chars: string): number {
  return [...text].filter((c) => chars.includes(c)).length;
}

describe('expressions: random functions', () => {
  describe('Guid', () => {
    it('is a lower-case version-4 GUID without braces', () => {
      assert.match(evaluate('Guid()') as string, GUID);
      assert.equal(evaluate('Guid()', {}, { random: () => 0 }), '00000000-0000-4000-8000-000000000000');
      assert.equal(evaluate('Guid()', {}, { random: () => 0.9999999999 }), 'ffffffff-ffff-4fff-bfff-ffffffffffff');
    });
    it('is reproducible with an injected random source and differs between seeds', () => {
      const a = evaluate('Guid()', {}, { random: seeded(7) });
      assert.equal(evaluate('Guid()', {}, { random: seeded(7) }), a);
      assert.notEqual(evaluate('Guid()', {}, { random: seeded(8) }), a);
      assert.match(a as string, GUID);
    });
    it('tolerates a random source that returns 1', () => {
      assert.match(evaluate('Guid()', {}, { random: () => 1 }) as string, GUID);
    });
  });

  describe('RandomString', () => {
    it('meets the length and every minimum', () => {
      for (let seed = 1; seed <= 50; seed++) {
        const text = evaluate('RandomString(12, 2, 3, 2, 1)', {}, { random: seeded(seed) }) as string;
        assert.equal(text.length, 12);
        assert.ok(countIn(text, PASSWORD_CLASSES.numbers) >= 2, text);
        assert.ok(countIn(text, PASSWORD_CLASSES.special) >= 3, text);
        assert.ok(countIn(text, PASSWORD_CLASSES.capital) >= 2, text);
        assert.ok(countIn(text, PASSWORD_CLASSES.lowerCase) >= 1, text);
        const all = Object.values(PASSWORD_CLASSES).join('');
        assert.ok([...text].every((c) => all.includes(c)), text);
      }
    });
    it('never uses CharactersToAvoid', () => {
      for (let seed = 1; seed <= 30; seed++) {
        const text = evaluate('RandomString(40, 5, 5, 5, 5, "0Oo1lI|\\"")', {}, { random: seeded(seed) }) as string;
        assert.equal(text.length, 40);
        assert.equal(countIn(text, '0Oo1lI|"'), 0, text);
      }
    });
    it('allows the maximum length of 256 and exact fits', () => {
      assert.equal((evaluate('RandomString(256, 0, 0, 0, 0)', {}, { random: seeded(3) }) as string).length, 256);
      const exact = evaluate('RandomString(4, 1, 1, 1, 1)', {}, { random: seeded(3) }) as string;
      assert.equal(countIn(exact, PASSWORD_CLASSES.numbers), 1);
      assert.equal(countIn(exact, PASSWORD_CLASSES.special), 1);
      assert.equal(countIn(exact, PASSWORD_CLASSES.capital), 1);
      assert.equal(countIn(exact, PASSWORD_CLASSES.lowerCase), 1);
    });
    it('is reproducible with an injected random source', () => {
      const a = evaluate('RandomString(16, 2, 2, 2, 2)', {}, { random: seeded(42) });
      assert.equal(evaluate('RandomString(16, 2, 2, 2, 2)', {}, { random: seeded(42) }), a);
      assert.notEqual(evaluate('RandomString(16, 2, 2, 2, 2)', {}, { random: seeded(43) }), a);
    });
    it('validates its arguments', () => {
      assertFails('RandomString(257, 0, 0, 0, 0)', 'RandomString', /Length must be between 1 and 256, got 257/);
      assertFails('RandomString(0, 0, 0, 0, 0)', 'RandomString', /Length must be between 1 and 256, got 0/);
      assertFails('RandomString(5, 2, 2, 2, 0)', 'RandomString', /Length 5 is shorter than the sum of the minimums \(6\)/);
      assertFails('RandomString(5, -1, 0, 0, 0)', 'RandomString', /MinimumNumbers must not be negative/);
      assertFails('RandomString(5, 1, 0, 0, 0, "0123456789")', 'RandomString', /MinimumNumbers is 1 but CharactersToAvoid excludes every character of that class/);
      assertFails('RandomString("ten", 0, 0, 0, 0)', 'RandomString', /Length must be a whole number, got "ten"/);
    });
  });
});
