import assert from 'node:assert/strict';
import type { SourceObject } from '../../../src/core/expressions';
import { evaluateClause, evaluateScope, scopeVerdict, type FilterClause, type ScopingFilter } from '../../../src/core/scoping';

function clause(sourceOperandName: string, operatorName: string, ...values: string[]): FilterClause {
  return { operatorName, sourceOperandName, targetOperand: { values } };
}

/** Evaluates one clause against `{attr: value}` (value undefined = attribute absent). */
function passes(operatorName: string, value: SourceObject[string], ...operand: string[]): boolean {
  const source: SourceObject = value === undefined ? {} : { attr: value };
  return evaluateClause(clause('attr', operatorName, ...operand), source).passed;
}

function explain(operatorName: string, value: SourceObject[string], ...operand: string[]): string {
  const source: SourceObject = value === undefined ? {} : { attr: value };
  return evaluateClause(clause('attr', operatorName, ...operand), source).explanation;
}

describe('scoping: operators', () => {
  describe('EQUALS', () => {
    it('is true for the exact value', () => assert.equal(passes('EQUALS', 'Sales', 'Sales'), true));
    it('is case-sensitive', () => assert.equal(passes('EQUALS', 'sales', 'Sales'), false));
    it('is false for another value', () => assert.equal(passes('EQUALS', 'Marketing', 'Sales'), false));
    it('is false for null, absent and empty', () => {
      assert.equal(passes('EQUALS', null, 'Sales'), false);
      assert.equal(passes('EQUALS', undefined, 'Sales'), false);
      assert.equal(passes('EQUALS', '', 'Sales'), false);
    });
    it('compares numbers and Booleans by their string form', () => {
      assert.equal(passes('EQUALS', 42, '42'), true);
      assert.equal(passes('EQUALS', true, 'True'), true);
      assert.equal(passes('EQUALS', true, 'true'), false);
    });
    it('does not trim', () => assert.equal(passes('EQUALS', 'Sales ', 'Sales'), false));
  });

  describe('NOT EQUALS', () => {
    it('is true for another value', () => assert.equal(passes('NOT EQUALS', 'Marketing', 'Sales'), true));
    it('is false for the exact value', () => assert.equal(passes('NOT EQUALS', 'Sales', 'Sales'), false));
    it('is case-sensitive: "sales" differs from "Sales"', () => assert.equal(passes('NOT EQUALS', 'sales', 'Sales'), true));
    it('is false for null and empty (null rule applies to negated comparisons too)', () => {
      assert.equal(passes('NOT EQUALS', null, 'Sales'), false);
      assert.equal(passes('NOT EQUALS', '', 'Sales'), false);
      assert.equal(passes('NOT EQUALS', undefined, 'Sales'), false);
    });
  });

  describe('IS TRUE / IS FALSE', () => {
    it('accept Booleans', () => {
      assert.equal(passes('IS TRUE', true), true);
      assert.equal(passes('IS TRUE', false), false);
      assert.equal(passes('IS FALSE', false), true);
      assert.equal(passes('IS FALSE', true), false);
    });
    it('accept "True"/"False" strings case-insensitively, trimmed like bool.Parse', () => {
      assert.equal(passes('IS TRUE', 'TRUE'), true);
      assert.equal(passes('IS TRUE', ' true '), true);
      assert.equal(passes('IS FALSE', 'false'), true);
      assert.equal(passes('IS FALSE', 'False'), true);
    });
    it('are false for null, empty and non-Boolean strings', () => {
      for (const op of ['IS TRUE', 'IS FALSE']) {
        assert.equal(passes(op, null), false);
        assert.equal(passes(op, undefined), false);
        assert.equal(passes(op, ''), false);
        assert.equal(passes(op, 'yes'), false);
        assert.equal(passes(op, 1), false);
      }
      assert.match(explain('IS TRUE', 'yes'), /\(not a Boolean\)$/);
    });
  });

  describe('IS NULL / IS NOT NULL', () => {
    it('IS NULL is true for null, absent, "" and an empty list', () => {
      assert.equal(passes('IS NULL', null), true);
      assert.equal(passes('IS NULL', undefined), true);
      assert.equal(passes('IS NULL', ''), true);
      assert.equal(passes('IS NULL', []), true);
    });
    it('IS NULL is false for a value (even whitespace, false or 0)', () => {
      assert.equal(passes('IS NULL', 'x'), false);
      assert.equal(passes('IS NULL', ' '), false);
      assert.equal(passes('IS NULL', false), false);
      assert.equal(passes('IS NULL', 0), false);
    });
    it('IS NOT NULL is the exact negation', () => {
      for (const value of [null, undefined, '', 'x', ' ', false, 0, [], ['a']] as const) {
        assert.equal(passes('IS NOT NULL', value), !passes('IS NULL', value), `value ${JSON.stringify(value)}`);
      }
    });
  });

  describe('REGEX MATCH / NOT REGEX MATCH', () => {
    it('is unanchored: a match anywhere counts (Regex.IsMatch)', () => {
      assert.equal(passes('REGEX MATCH', '912345678', '(1[0-9][0-9][0-9][0-9][0-9][0-9])'), true);
      assert.equal(passes('REGEX MATCH', 'abc-Sales-xyz', 'Sales'), true);
    });
    it('anchored patterns match only whole values', () => {
      assert.equal(passes('REGEX MATCH', '912345678', '^(1[0-9]{6})$'), false);
      assert.equal(passes('REGEX MATCH', '1234567', '^(1[0-9]{6})$'), true);
    });
    it('the documented 10–99 example', () => {
      assert.equal(passes('REGEX MATCH', '42', '([1-9][0-9])'), true);
      assert.equal(passes('REGEX MATCH', '7', '([1-9][0-9])'), false);
    });
    it('the documented UPN domain example with .NET\'s \\@ escape', () => {
      assert.equal(passes('REGEX MATCH', 'jane@contoso.com', '.*\\@contoso.com'), true);
      assert.equal(passes('REGEX MATCH', 'jane@fabrikam.com', '.*\\@contoso.com'), false);
    });
    it('reads .NET syntax: quote-named groups, Unicode \\d, $ before a final newline', () => {
      assert.equal(passes('REGEX MATCH', 'abab', "(?'pair'ab)\\k'pair'"), true);
      assert.equal(passes('REGEX MATCH', '١٢٣', '^\\d+$'), true);
      assert.equal(passes('REGEX MATCH', 'Sales\n', '^Sales$'), true);
      assert.equal(passes('REGEX MATCH', 'Sales\n', '^Sales\\z'), false);
    });
    it('is case-sensitive, and says so when case made the difference', () => {
      assert.equal(passes('REGEX MATCH', 'SALES', 'sales'), false);
      assert.match(explain('REGEX MATCH', 'SALES', 'sales'), /→ false \(no match; case-sensitive\)$/);
      assert.equal(passes('REGEX MATCH', 'SALES', '(?i)sales'), true);
    });
    it('NOT REGEX MATCH negates for values but is false for null/empty', () => {
      assert.equal(passes('NOT REGEX MATCH', 'Marketing', '^Sales'), true);
      assert.equal(passes('NOT REGEX MATCH', 'Sales EMEA', '^Sales'), false);
      assert.equal(passes('NOT REGEX MATCH', null, '^Sales'), false);
      assert.equal(passes('NOT REGEX MATCH', '', '^Sales'), false);
    });
    it('REGEX MATCH is false for null/empty even when the pattern matches ""', () => {
      assert.equal(passes('REGEX MATCH', null, '.*'), false);
      assert.equal(passes('REGEX MATCH', '', '.*'), false);
    });
    it('an invalid regex makes the clause false with the reason (never throws)', () => {
      assert.equal(passes('REGEX MATCH', 'x', '(unclosed'), false);
      assert.match(explain('REGEX MATCH', 'x', '(unclosed'), /→ false \(invalid \.NET regex: .*not a valid regular expression/);
    });
    it('regexes are compiled once and reused across evaluations', () => {
      const filter: ScopingFilter = { groups: [{ name: 'g', clauses: [clause('attr', 'REGEX MATCH', '^a+$')] }] };
      for (let i = 0; i < 1000; i += 1) assert.equal(evaluateScope(filter, { attr: 'aaa' }).inScope, true);
    });
  });

  describe('Greater_Than / Greater_Than_OR_EQUALS', () => {
    it('compare integers numerically, not as strings', () => {
      assert.equal(passes('Greater_Than', '10', '9'), true);
      assert.equal(passes('Greater_Than', 10, '9'), true);
      assert.equal(passes('Greater_Than', '9', '10'), false);
      assert.equal(passes('Greater_Than', '10', '10'), false);
      assert.equal(passes('Greater_Than_OR_EQUALS', '10', '10'), true);
      assert.equal(passes('Greater_Than_OR_EQUALS', '9', '10'), false);
    });
    it('handle signs, surrounding spaces and numbers beyond 2^53 exactly', () => {
      assert.equal(passes('Greater_Than', '-1', '-2'), true);
      assert.equal(passes('Greater_Than', ' 5 ', '+4'), true);
      assert.equal(passes('Greater_Than', '9007199254740993', '9007199254740992'), true);
    });
    it('are false when either side is not an integer', () => {
      assert.equal(passes('Greater_Than', '10.5', '2'), false);
      assert.equal(passes('Greater_Than', 'ten', '2'), false);
      assert.equal(passes('Greater_Than', '10', '2.0'), false);
      assert.match(explain('Greater_Than', '10', 'two'), /filter value "two" is not an integer/);
      assert.match(explain('Greater_Than', 'x', '2'), /value is not an integer/);
    });
    it('are false for null/empty', () => {
      assert.equal(passes('Greater_Than', null, '0'), false);
      assert.equal(passes('Greater_Than_OR_EQUALS', '', '0'), false);
    });
  });

  describe('Includes / ENDS_WITH', () => {
    it('Includes is a case-sensitive substring test', () => {
      assert.equal(passes('Includes', 'Inside Sales', 'Sales'), true);
      assert.equal(passes('Includes', 'Inside sales', 'Sales'), false);
      assert.equal(passes('Includes', 'Marketing', 'Sales'), false);
      assert.equal(passes('Includes', null, 'Sales'), false);
      assert.equal(passes('Includes', '', 'Sales'), false);
    });
    it('ENDS_WITH is a case-sensitive suffix test', () => {
      assert.equal(passes('ENDS_WITH', 'jane@contoso.com', '@contoso.com'), true);
      assert.equal(passes('ENDS_WITH', 'jane@CONTOSO.com', '@contoso.com'), false);
      assert.equal(passes('ENDS_WITH', 'jane@contoso.com.evil', '@contoso.com'), false);
      assert.equal(passes('ENDS_WITH', null, '@contoso.com'), false);
      assert.equal(passes('ENDS_WITH', '', '@contoso.com'), false);
    });
  });

  describe('& / !&', () => {
    it('& is true when the attribute occurs in the clause value', () => {
      assert.equal(passes('&', 'Sales', 'Sales,Marketing'), true);
      assert.equal(passes('&', 'Support', 'Sales,Marketing'), false);
      assert.equal(passes('&', 'sales', 'Sales,Marketing'), false);
    });
    it('!& is its negation, but false for null/empty', () => {
      assert.equal(passes('!&', 'Support', 'Sales,Marketing'), true);
      assert.equal(passes('!&', 'Sales', 'Sales,Marketing'), false);
      assert.equal(passes('!&', null, 'Sales,Marketing'), false);
      assert.equal(passes('!&', '', 'Sales,Marketing'), false);
    });
    it('explanations flag the undocumented semantics', () => {
      assert.equal(explain('&', 'Sales', 'Sales,Marketing'), 'attr & "Sales,Marketing": value "Sales" → true (semantics not documented)');
    });
  });

  describe('multi-valued attributes and unknown operators', () => {
    it('a non-empty list is present but fails every comparison', () => {
      assert.equal(passes('IS NOT NULL', ['a', 'b']), true);
      assert.equal(passes('EQUALS', ['a'], 'a'), false);
      assert.match(explain('EQUALS', ['a'], 'a'), /multi-valued attributes are not supported/);
    });
    it('an unknown operator fails its clause (validation reports it)', () => {
      assert.equal(passes('Less_Than', '1', '2'), false);
      assert.match(explain('Less_Than', '1', '2'), /unsupported operator/);
    });
    it('attribute names fall back to a case-insensitive match', () => {
      assert.equal(evaluateClause(clause('department', 'EQUALS', 'Sales'), { Department: 'Sales' }).passed, true);
      assert.equal(evaluateClause(clause('department', 'EQUALS', 'Sales'), { department: 'Sales', Department: 'X' }).passed, true);
    });
  });
});

describe('scoping: groups and clauses', () => {
  const salesOnly: ScopingFilter = {
    groups: [
      {
        name: 'Sales only',
        clauses: [clause('department', 'EQUALS', 'Sales'), clause('jobTitle', 'IS NOT NULL')],
      },
    ],
  };

  it('no filter or no groups puts every object in scope', () => {
    assert.equal(evaluateScope(null, {}).inScope, true);
    assert.equal(evaluateScope(undefined, {}).inScope, true);
    assert.equal(evaluateScope({ groups: [] }, {}).inScope, true);
    assert.equal(scopeVerdict(evaluateScope({ groups: [] }, {})), 'Passed scope filter (no scoping filter configured)');
  });

  it('clauses of a group are AND-ed', () => {
    assert.equal(evaluateScope(salesOnly, { department: 'Sales', jobTitle: 'Rep' }).inScope, true);
    assert.equal(evaluateScope(salesOnly, { department: 'Sales' }).inScope, false);
    assert.equal(evaluateScope(salesOnly, { department: 'Support', jobTitle: 'Rep' }).inScope, false);
  });

  it('groups are OR-ed', () => {
    const filter: ScopingFilter = {
      groups: [
        { name: 'Sales', clauses: [clause('department', 'EQUALS', 'Sales')] },
        { name: 'Support', clauses: [clause('department', 'EQUALS', 'Support')] },
      ],
    };
    const support = evaluateScope(filter, { department: 'Support' });
    assert.equal(support.inScope, true);
    assert.deepEqual(support.groups.map((group) => group.passed), [false, true]);
    assert.equal(scopeVerdict(support), 'Passed scope filter "Support"');
    const hr = evaluateScope(filter, { department: 'HR' });
    assert.equal(hr.inScope, false);
    assert.equal(scopeVerdict(hr), 'User did not pass any scoping filter ("Sales", "Support")');
  });

  it('a group with no clauses passes (AND of nothing)', () => {
    assert.equal(evaluateScope({ groups: [{ name: 'all', clauses: [] }] }, {}).inScope, true);
  });

  it('evaluates and explains every clause, even after one fails', () => {
    const result = evaluateScope(salesOnly, { department: 'sales', jobTitle: null });
    assert.equal(result.inScope, false);
    assert.deepEqual(
      result.groups[0].clauses.map((c) => c.explanation),
      ['department EQUALS "Sales": value "sales" → false (case-sensitive)', 'jobTitle IS NOT NULL: value null → false'],
    );
    assert.equal(result.groups[0].clauses[0].clause, salesOnly.groups[0].clauses[0]);
    assert.equal(scopeVerdict(result), 'User did not pass scoping filter "Sales only"');
    assert.equal(scopeVerdict(result, 'Group'), 'Group did not pass scoping filter "Sales only"');
  });

  it('explanations show value kinds and the null rule', () => {
    assert.equal(explain('EQUALS', 'Sales', 'Sales'), 'attr EQUALS "Sales": value "Sales" → true');
    assert.equal(explain('EQUALS', null, 'Sales'), 'attr EQUALS "Sales": value null → false (null or empty values fail every comparison)');
    assert.equal(explain('EQUALS', '', 'Sales'), 'attr EQUALS "Sales": value "" → false (null or empty values fail every comparison)');
    assert.equal(explain('IS NULL', ''), 'attr IS NULL: value "" → true');
    assert.equal(explain('Greater_Than', 7, '5'), 'attr Greater_Than "5": value 7 → true');
    assert.equal(explain('IS TRUE', true), 'attr IS TRUE: value true → true');
    assert.equal(
      explain('REGEX MATCH', 'jane@contoso.com', '\\@contoso\\.com$'),
      'attr REGEX MATCH "\\@contoso\\.com$": value "jane@contoso.com" → true (matched "@contoso.com" at position 4)',
    );
    assert.equal(explain('NOT EQUALS', 'sales', 'Sales'), 'attr NOT EQUALS "Sales": value "sales" → true (case-sensitive)');
  });
});
