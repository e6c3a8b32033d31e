import assert from 'node:assert/strict';
import { assertFails, evaluate, result } from './evaluate-helper';

describe('expressions: logic and flow functions', () => {
  describe('IIF', () => {
    it('takes the branch its comparison selects', () => {
      assert.equal(evaluate('IIF([c]="USA", "us", "other")', { c: 'USA' }), 'us');
      assert.equal(evaluate('IIF([c]="USA", "us", "other")', { c: 'usa' }), 'other');
      assert.equal(evaluate('IIF([c]<>"USA", "other", "us")', { c: 'USA' }), 'us');
    });
    it('orders numerically when both sides are numbers, ordinally otherwise', () => {
      assert.equal(evaluate('IIF([n]>9, "big", "small")', { n: 10 }), 'big');
      assert.equal(evaluate('IIF([n]>="10", "big", "small")', { n: '10' }), 'big');
      assert.equal(evaluate('IIF([n]<9, "lt", "ge")', { n: '10' }), 'ge');
      assert.equal(evaluate('IIF([n]<=-1, "neg", "pos")', { n: '-1.5' }), 'neg');
      assert.equal(evaluate('IIF([s]>"b", "after", "before")', { s: 'a10' }), 'before');
      assert.equal(evaluate('IIF([s]<"a", "upper", "lower")', { s: 'Z' }), 'upper');
    });
    it('accepts a Boolean-valued condition', () => {
      assert.equal(evaluate('IIF(IsPresent([a]), "yes", "no")', { a: 'x', b: '' }), 'yes');
      assert.equal(evaluate('IIF(Not([flag]), "off", "on")', { flag: 'True' }), 'on');
      assert.equal(evaluate('IIF("1", "yes", "no")'), 'yes');
      assert.equal(evaluate('IIF("maybe", "yes", "no")'), 'no');
    });
    it('is null — neither branch — when an attribute in the condition is null or "" (reference §3.4)', () => {
      for (const source of [{}, { country: '' }, { country: null }, { country: [] as string[] }]) {
        const r = result('IIF([country]="", "Other", [country])', source);
        assert.deepEqual(r, { flow: false, reason: 'iifConditionNull', redacted: false });
      }
      assert.deepEqual(result('IIF(IsPresent([country]), [country], "Other")', {}), { flow: false, reason: 'iifConditionNull', redacted: false });
      assert.deepEqual(result('IIF(IsNullOrEmpty([country]), "Other", [country])', { country: '' }), { flow: false, reason: 'iifConditionNull', redacted: false });
      // Attributes only in the branches do not count.
      assert.equal(evaluate('IIF([a]="x", [missing], "f")', { a: 'y' }), 'f');
    });
    it('evaluates only the branch it takes', () => {
      assert.equal(evaluate('IIF([a]="x", "ok", SingleAppRoleAssignment([roles]))', { a: 'x', roles: ['r1', 'r2'] }), 'ok');
      assertFails('IIF([a]="x", "ok", SingleAppRoleAssignment([roles]))', 'SingleAppRoleAssignment', /2$/, { a: 'y', roles: ['r1', 'r2'] });
    });
    it('nests for AND and OR', () => {
      const or = 'IIF([a]="1", "yes", IIF([b]="1", "yes", "no"))';
      assert.equal(evaluate(or, { a: '0', b: '1' }), 'yes');
      assert.equal(evaluate(or, { a: '0', b: '0' }), 'no');
    });
  });

  describe('Switch', () => {
    it('returns the value of the first matching key, ordinally', () => {
      assert.equal(evaluate('Switch([c], "?", "US", "United States", "DE", "Germany")', { c: 'DE' }), 'Germany');
      assert.equal(evaluate('Switch([c], "?", "US", "United States", "DE", "Germany")', { c: 'de' }), '?');
      assert.equal(evaluate('Switch([c], "?", "A", "first", "A", "second")', { c: 'A' }), 'first');
    });
    it('matches a null source against the key "" and has a null default when the slot is empty', () => {
      assert.equal(evaluate('Switch([c], [c], "", "none")', {}), 'none');
      assert.equal(evaluate('Switch([c], [c], "", "none")', { c: 'x' }), 'x');
      assert.deepEqual(result('Switch([c], , "a", "b")', { c: 'z' }), { flow: false, reason: 'null', redacted: false });
      assert.equal(evaluate('Switch([c], "", "a", "b")', { c: 'z' }), '');
    });
    it('evaluates IsPresent and friends literally as "True"/"False" keys (reference §3.8)', () => {
      assert.equal(evaluate('Switch(IsPresent([c]), "?", "True", "has", "False", "none")', { c: 'x' }), 'has');
      assert.equal(evaluate('Switch(IsPresent([c]), "?", "True", "has", "False", "none")', {}), 'none');
    });
    it('evaluates only the chosen value', () => {
      assert.equal(evaluate('Switch("a", "d", "a", "ok", "b", SingleAppRoleAssignment([r]))', { r: ['1', '2'] }), 'ok');
    });
  });

  describe('Coalesce', () => {
    it('returns the first non-null value; "" counts as a value', () => {
      assert.equal(evaluate('Coalesce([mail], [upn])', { upn: 'u@x' }), 'u@x');
      assert.equal(evaluate('Coalesce([mail], [upn])', { mail: '', upn: 'u@x' }), '');
      assert.equal(evaluate('Coalesce([a], [b], "default")', {}), 'default');
      assert.equal(evaluate('Coalesce([a], [b], "")', {}), '');
    });
    it('is null when everything is null, and keeps lists whole', () => {
      assert.deepEqual(result('Coalesce([a], [b])', {}), { flow: false, reason: 'null', redacted: false });
      assert.deepEqual(evaluate('Coalesce([a], [list])', { a: [], list: ['x', 'y'] }), ['x', 'y']);
    });
    it('stops evaluating at the first value', () => {
      assert.equal(evaluate('Coalesce([a], SingleAppRoleAssignment([r]))', { a: 'x', r: ['1', '2'] }), 'x');
    });
  });

  describe('Not / CBool', () => {
    it('Not: "True" in any case → False, anything else → True', () => {
      assert.equal(evaluate('Not("True")'), 'False');
      assert.equal(evaluate('Not("true")'), 'False');
      assert.equal(evaluate('Not("TRUE")'), 'False');
      assert.equal(evaluate('Not("False")'), 'True');
      assert.equal(evaluate('Not("yes")'), 'True');
      assert.equal(evaluate('Not([missing])'), 'True');
      assert.equal(evaluate('Not([b])', { b: true }), 'False');
    });
    it('CBool: comparisons, Booleans, numbers; other strings and null → False', () => {
      assert.equal(evaluate('CBool([a] = [b])', { a: 'x', b: 'x' }), 'True');
      assert.equal(evaluate('CBool([a] = [b])', { a: 'x', b: 'X' }), 'False');
      assert.equal(evaluate('CBool("true")'), 'True');
      assert.equal(evaluate('CBool("FALSE")'), 'False');
      assert.equal(evaluate('CBool(5)'), 'True');
      assert.equal(evaluate('CBool("-0.5")'), 'True');
      assert.equal(evaluate('CBool(0)'), 'False');
      assert.equal(evaluate('CBool("abc")'), 'False');
      assert.equal(evaluate('CBool([missing])'), 'False');
    });
  });

  describe('IsNull / IsNothing / IsNullOrEmpty / IsPresent / IsString', () => {
    const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string, string, string, string]> = [
      // label, source, IsNull, IsNullOrEmpty, IsPresent, IsString
      ['absent', {}, 'True', 'True', 'False', 'False'],
      ['null', { a: null }, 'True', 'True', 'False', 'False'],
      ['""', { a: '' }, 'False', 'True', 'False', 'True'],
      ['value', { a: 'x' }, 'False', 'False', 'True', 'True'],
      ['empty list', { a: [] }, 'True', 'True', 'False', 'False'],
      ['list', { a: ['x'] }, 'False', 'False', 'True', 'True'],
      ['number', { a: 0 }, 'False', 'False', 'True', 'True'],
    ];
    for (const [label, source, isNull, isNullOrEmpty, isPresent, isString] of cases) {
      it(`for ${label}`, () => {
        assert.equal(evaluate('IsNull([a])', source as never), isNull);
        assert.equal(evaluate('IsNothing([a])', source as never), isNull);
        assert.equal(evaluate('IsNullOrEmpty([a])', source as never), isNullOrEmpty);
        assert.equal(evaluate('IsPresent([a])', source as never), isPresent);
        assert.equal(evaluate('IsString([a])', source as never), isString);
      });
    }
  });

  describe('IgnoreFlowIfNullOrEmpty', () => {
    it('drops the attribute for null and ""', () => {
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty([d])', {}), { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted: false });
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty([d])', { d: '' }), { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted: false });
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty([d])', { d: [] }), { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted: false });
    });
    it('passes a value through', () => {
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty([d])', { d: 'Sales' }), { flow: true, value: 'Sales', redacted: false });
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty([d])', { d: ['a'] }), { flow: true, value: ['a'], redacted: false });
    });
    it('drops the attribute even when nested, once it fires', () => {
      assert.deepEqual(result('Append(IgnoreFlowIfNullOrEmpty([d]), "x")', {}), { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted: false });
      assert.deepEqual(result('IIF([a]="1", IgnoreFlowIfNullOrEmpty([d]), "x")', { a: '2' }), { flow: true, value: 'x', redacted: false });
    });
  });

  describe('Redact', () => {
    it('lets the value flow but marks it redacted', () => {
      assert.deepEqual(result('Redact([p])', { p: 'secret' }), { flow: true, value: 'secret', redacted: true });
      assert.deepEqual(result('Append(Redact([p]), "!")', { p: 'secret' }), { flow: true, value: 'secret!', redacted: true });
      assert.deepEqual(result('Redact([p])', {}), { flow: false, reason: 'null', redacted: true });
    });
  });

  describe('SelectUniqueValue', () => {
    const expression = 'SelectUniqueValue(Join("", [g], [s]), Join("", Left([g], 1), [s]), Join(".", [g], [s]))';
    const source = { g: 'john', s: 'doe' };
    it('returns the first candidate the target does not have', () => {
      assert.equal(evaluate(expression, source), 'johndoe');
      assert.equal(evaluate(expression, source, { isUnique: (v) => v !== 'johndoe' }), 'jdoe');
      const seen: string[] = [];
      assert.equal(evaluate(expression, source, { isUnique: (v) => (seen.push(v), v === 'john.doe') }), 'john.doe');
      assert.deepEqual(seen, ['johndoe', 'jdoe', 'john.doe']);
    });
    it('skips empty candidates and fails when all are taken', () => {
      assert.equal(evaluate('SelectUniqueValue([x], "b")', {}), 'b');
      assertFails(expression, 'SelectUniqueValue', /every generated value is already taken in the target \(3 of 3 rules produced a value\)/, source, { isUnique: () => false });
    });
  });
});
