import assert from 'node:assert/strict';
import { assertFails, evaluate, result } from './evaluate-helper';

const roles = [
  { id: 'r1', displayName: 'Agent', value: 'agent' },
  { id: 'r2', displayName: 'Admin', value: 'admin' },
];

describe('expressions: multi-valued functions', () => {
  describe('Join', () => {
    it('joins sources, skipping null and "" (E76)', () => {
      assert.equal(evaluate('Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' }), 'Doe, John');
      assert.equal(evaluate('Join(" ", [a], [missing], [b])', { a: 'x', b: 'y' }), 'x y');
      assert.equal(evaluate('Join("", "a", "b")'), 'ab');
    });
    it('contributes every value of a list, skipping empty ones', () => {
      assert.equal(evaluate('Join(";", [proxy], "last")', { proxy: ['a', '', 'b'] }), 'a;b;last');
      assert.equal(evaluate('Join(",", [roles])', { roles }), 'Agent,Admin');
    });
    it('gives "" when nothing is left and treats a null separator as ""', () => {
      assert.equal(evaluate('Join(",", [a], [b])'), '');
      assert.equal(evaluate('Join([sep], "a", "b")'), 'ab');
    });
  });

  describe('Split', () => {
    it('splits on the whole delimiter without trimming, keeping empty items', () => {
      assert.deepEqual(evaluate('Split("a, b,,c", ",")'), ['a', ' b', '', 'c']);
      assert.deepEqual(evaluate('Split("a::b", "::")'), ['a', 'b']);
      assert.deepEqual(evaluate('Split("abc", ",")'), ['abc']);
      assert.deepEqual(evaluate('Split("", ",")'), ['']);
    });
    it('defaults the delimiter to "," and does not split on ""', () => {
      assert.deepEqual(evaluate('Split("a,b")'), ['a', 'b']);
      assert.deepEqual(evaluate('Split("a,b", "")'), ['a,b']);
    });
    it('gives null for null', () => {
      assert.deepEqual(result('Split([missing], ",")'), { flow: false, reason: 'null', redacted: false });
    });
    it('feeds list functions', () => {
      assert.equal(evaluate('Item(Split("a;b;c", ";"), 2)'), 'b');
      assert.equal(evaluate('Count(Split("a;b;c", ";"))'), '3');
      assert.equal(evaluate('Join("|", Split("a;b", ";"))'), 'a|b');
    });
  });

  describe('Item', () => {
    it('is 1-based', () => {
      assert.equal(evaluate('Item([p], 1)', { p: ['x', 'y'] }), 'x');
      assert.equal(evaluate('Item([p], 2)', { p: ['x', 'y'] }), 'y');
      assert.equal(evaluate('Item([roles], 2)', { roles }), 'Admin');
    });
    it('gives null for 0, out of range and null; a single value is a one-item list', () => {
      assert.equal(evaluate('Item([p], 0)', { p: ['x'] }), null);
      assert.equal(evaluate('Item([p], 3)', { p: ['x'] }), null);
      assert.equal(evaluate('Item([p], -1)', { p: ['x'] }), null);
      assert.equal(evaluate('Item([p], 1)', {}), null);
      assert.equal(evaluate('Item([p], 1)', { p: 'only' }), 'only');
    });
    it('rejects a non-numeric index', () => {
      assertFails('Item([p], "first")', 'Item', /index must be a whole number, got "first"/, { p: ['x'] });
    });
  });

  describe('Count', () => {
    it('counts values', () => {
      assert.equal(evaluate('Count([p])', { p: ['a', 'b', 'c'] }), '3');
      assert.equal(evaluate('Count([p])', { p: [] }), '0');
      assert.equal(evaluate('Count([p])', {}), '0');
      assert.equal(evaluate('Count([p])', { p: 'one' }), '1');
      assert.equal(evaluate('Count([p])', { p: '' }), '0');
      assert.equal(evaluate('Count([roles])', { roles }), '2');
    });
  });

  describe('RemoveDuplicates', () => {
    it('keeps first occurrences in order, comparing ordinally', () => {
      assert.deepEqual(evaluate('RemoveDuplicates([p])', { p: ['b', 'a', 'b', 'A', 'a'] }), ['b', 'a', 'A']);
      assert.deepEqual(evaluate('RemoveDuplicates([roles])', { roles: [...roles, roles[0]!] }), [
        { id: 'r1', displayName: 'Agent', value: 'agent' },
        { id: 'r2', displayName: 'Admin', value: 'admin' },
      ]);
    });
    it('passes scalars, empty lists and null through', () => {
      assert.equal(evaluate('RemoveDuplicates([p])', { p: 'x' }), 'x');
      assert.deepEqual(evaluate('RemoveDuplicates([p])', { p: [] }), []);
      assert.equal(evaluate('RemoveDuplicates([p])', {}), null);
    });
  });
});
