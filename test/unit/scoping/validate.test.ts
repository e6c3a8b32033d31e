import assert from 'node:assert/strict';
import { hasScopingErrors, validateScopingFilter, type ScopingDiagnostic } from '../../../src/core/scoping';

function clause(sourceOperandName: string, operatorName: string, ...values: unknown[]): unknown {
  return { operatorName, sourceOperandName, targetOperand: { values } };
}

function filterWith(...clauses: unknown[]): unknown {
  return { groups: [{ name: 'Test', clauses }] };
}

/** `[severity code path]` triples, the part of a diagnostic that tests pin exactly. */
function summary(diagnostics: ReadonlyArray<ScopingDiagnostic>): string[] {
  return diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`);
}

describe('scoping: validateScopingFilter', () => {
  it('accepts the reference example, with categoryFilterGroups/inputFilterGroups present but empty', () => {
    const filter = {
      categoryFilterGroups: [],
      inputFilterGroups: [],
      groups: [
        {
          name: 'Sales only',
          clauses: [clause('department', 'EQUALS', 'Sales'), clause('jobTitle', 'IS NOT NULL')],
        },
      ],
    };
    assert.deepEqual(validateScopingFilter(filter), []);
  });

  it('accepts every documented operator with the right operand', () => {
    const filter = filterWith(
      clause('a', 'EQUALS', 'x'),
      clause('a', 'NOT EQUALS', 'x'),
      clause('a', 'IS TRUE'),
      clause('a', 'IS FALSE'),
      clause('a', 'IS NULL'),
      clause('a', 'IS NOT NULL'),
      clause('a', 'REGEX MATCH', '^x$'),
      clause('a', 'NOT REGEX MATCH', '^x$'),
      clause('a', 'Greater_Than', '10'),
      clause('a', 'Greater_Than_OR_EQUALS', '-3'),
      clause('a', 'Includes', 'x'),
      clause('a', 'ENDS_WITH', 'x'),
    );
    assert.deepEqual(validateScopingFilter(filter), []);
  });

  it('null means "no scoping filter" and is valid', () => {
    assert.deepEqual(validateScopingFilter(null), []);
  });

  it('prefixes paths with the given path', () => {
    const diagnostics = validateScopingFilter(filterWith(clause('a', 'LIKE', 'x')), '$.objectMappings[0].scope');
    assert.deepEqual(summary(diagnostics), ['error unknown-operator $.objectMappings[0].scope.groups[0].clauses[0].operatorName']);
  });

  describe('operators', () => {
    it('rejects the undocumented Less_Than, Less_Than_OR_EQUALS and Not includes', () => {
      const diagnostics = validateScopingFilter(
        filterWith(clause('a', 'Less_Than', '1'), clause('a', 'Less_Than_OR_EQUALS', '1'), clause('a', 'Not includes', 'x')),
      );
      assert.deepEqual(summary(diagnostics), [
        'error undocumented-operator $.groups[0].clauses[0].operatorName',
        'error undocumented-operator $.groups[0].clauses[1].operatorName',
        'error undocumented-operator $.groups[0].clauses[2].operatorName',
      ]);
      assert.match(diagnostics[0].message, /"Less_Than" is not a documented scoping operator/);
      assert.ok(hasScopingErrors(diagnostics));
    });

    it('rejects a wrongly-cased operator with a suggestion', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('a', 'equals', 'x')));
      assert.equal(diagnostic.code, 'unknown-operator');
      assert.match(diagnostic.message, /did you mean "EQUALS"\?/);
    });

    it('rejects an unknown operator listing the valid ones', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('a', 'STARTS_WITH', 'x')));
      assert.match(diagnostic.message, /unknown operator "STARTS_WITH"; use one of "EQUALS", "NOT EQUALS"/);
    });

    it('warns that & and !& have undocumented semantics', () => {
      const diagnostics = validateScopingFilter(filterWith(clause('a', '&', 'x,y'), clause('a', '!&', 'x,y')));
      assert.deepEqual(summary(diagnostics), [
        'warning undocumented-semantics $.groups[0].clauses[0].operatorName',
        'warning undocumented-semantics $.groups[0].clauses[1].operatorName',
      ]);
      assert.equal(hasScopingErrors(diagnostics), false);
    });
  });

  describe('operand counts and types', () => {
    it('unary operators take no value', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('a', 'IS NULL', 'x')));
      assert.equal(diagnostic.path, '$.groups[0].clauses[0].targetOperand.values');
      assert.equal(diagnostic.code, 'wrong-value-count');
      assert.match(diagnostic.message, /"IS NULL" takes no value; found 1/);
    });

    it('binary operators take exactly one value', () => {
      const diagnostics = validateScopingFilter(filterWith(clause('a', 'EQUALS'), clause('a', 'EQUALS', 'x', 'y')));
      assert.deepEqual(summary(diagnostics), [
        'error wrong-value-count $.groups[0].clauses[0].targetOperand.values',
        'error wrong-value-count $.groups[0].clauses[1].targetOperand.values',
      ]);
      assert.match(diagnostics[1].message, /takes exactly one value; found 2/);
    });

    it('rejects an invalid .NET regex at the value\'s path', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('upn', 'REGEX MATCH', '([a-z]+')));
      assert.equal(diagnostic.path, '$.groups[0].clauses[0].targetOperand.values[0]');
      assert.equal(diagnostic.code, 'invalid-regex');
      assert.match(diagnostic.message, /^invalid \.NET regex "\(\[a-z\]\+": /);
    });

    it('rejects .NET constructs JavaScript cannot run, rather than silently changing them', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('a', 'NOT REGEX MATCH', '(?>a+)b')));
      assert.equal(diagnostic.code, 'invalid-regex');
      assert.match(diagnostic.message, /atomic groups/);
    });

    it('rejects non-integer operands for Greater_Than*', () => {
      const diagnostics = validateScopingFilter(
        filterWith(clause('a', 'Greater_Than', '2.5'), clause('a', 'Greater_Than_OR_EQUALS', 'ten')),
      );
      assert.deepEqual(summary(diagnostics), [
        'error non-integer-operand $.groups[0].clauses[0].targetOperand.values[0]',
        'error non-integer-operand $.groups[0].clauses[1].targetOperand.values[0]',
      ]);
      assert.match(diagnostics[0].message, /"2\.5" is not an integer/);
    });

    it('warns about an unanchored numeric-range regex but not an anchored one', () => {
      assert.deepEqual(summary(validateScopingFilter(filterWith(clause('id', 'REGEX MATCH', '(1[0-9][0-9][0-9][0-9][0-9][0-9])')))), [
        'warning unanchored-numeric-regex $.groups[0].clauses[0].targetOperand.values[0]',
      ]);
      assert.deepEqual(validateScopingFilter(filterWith(clause('id', 'REGEX MATCH', '^(1[0-9]{6})$'))), []);
      assert.deepEqual(validateScopingFilter(filterWith(clause('upn', 'REGEX MATCH', '.*\\@contoso.com'))), []);
    });

    it('warns that an empty comparison value never tests emptiness', () => {
      assert.deepEqual(summary(validateScopingFilter(filterWith(clause('a', 'EQUALS', '')))), [
        'warning never-matches $.groups[0].clauses[0].targetOperand.values[0]',
      ]);
    });
  });

  describe('attributes', () => {
    it('rejects attributes the documentation excludes', () => {
      const diagnostics = validateScopingFilter(
        filterWith(
          clause('appRoleAssignments', 'EQUALS', 'Agent'),
          clause('userType', 'EQUALS', 'Guest'),
          clause('manager', 'IS NULL'),
          clause('employeeHireDate', 'IS NOT NULL'),
        ),
      );
      assert.deepEqual(summary(diagnostics), [
        'error unsupported-attribute $.groups[0].clauses[0].sourceOperandName',
        'error unsupported-attribute $.groups[0].clauses[1].sourceOperandName',
        'error unsupported-attribute $.groups[0].clauses[2].sourceOperandName',
        'error unsupported-attribute $.groups[0].clauses[3].sourceOperandName',
      ]);
      assert.match(diagnostics[3].message, /date-typed/);
    });

    it('rejects known multi-valued attributes, whatever their casing', () => {
      const [diagnostic] = validateScopingFilter(filterWith(clause('ProxyAddresses', 'Includes', 'smtp:')));
      assert.equal(diagnostic.code, 'multi-valued-attribute');
      assert.match(diagnostic.message, /ProxyAddresses is multi-valued/);
    });
  });

  describe('structure', () => {
    it('rejects a non-object filter', () => {
      assert.deepEqual(summary(validateScopingFilter([])), ['error invalid-structure $']);
      assert.match(validateScopingFilter('EQUALS')[0].message, /must be an object like \{"groups": \[...\]\}, found string "EQUALS"/);
    });

    it('requires groups to be a list', () => {
      assert.deepEqual(summary(validateScopingFilter({})), ['error invalid-structure $.groups']);
      assert.deepEqual(summary(validateScopingFilter({ groups: {} })), ['error invalid-structure $.groups']);
    });

    it('requires a group name and a clause list', () => {
      assert.deepEqual(summary(validateScopingFilter({ groups: [{ clauses: [] }] })), [
        'error invalid-structure $.groups[0].name',
        'warning empty-group $.groups[0].clauses',
      ]);
      assert.deepEqual(summary(validateScopingFilter({ groups: [{ name: 'x' }] })), ['error invalid-structure $.groups[0].clauses']);
    });

    it('checks each clause\'s fields', () => {
      const diagnostics = validateScopingFilter({
        groups: [
          {
            name: 'x',
            clauses: [
              'EQUALS',
              { operatorName: 'EQUALS', targetOperand: { values: ['a'] } },
              { operatorName: 'EQUALS', sourceOperandName: 'a' },
              { operatorName: 'EQUALS', sourceOperandName: 'a', targetOperand: { values: [3] } },
              { operatorName: 7, sourceOperandName: 'a', targetOperand: { values: [] } },
            ],
          },
        ],
      });
      assert.deepEqual(summary(diagnostics), [
        'error invalid-structure $.groups[0].clauses[0]',
        'error invalid-structure $.groups[0].clauses[1].sourceOperandName',
        'error invalid-structure $.groups[0].clauses[2].targetOperand',
        'error invalid-structure $.groups[0].clauses[3].targetOperand.values[0]',
        'error invalid-structure $.groups[0].clauses[4].operatorName',
      ]);
      assert.match(diagnostics[3].message, /found number 3; quote it/);
    });

    it('warns that non-empty experimental filter groups are not evaluated', () => {
      const diagnostics = validateScopingFilter({ groups: [], inputFilterGroups: [{ name: 'x', clauses: [] }] });
      assert.deepEqual(summary(diagnostics), ['warning experimental-filter-groups $.inputFilterGroups']);
    });
  });
});
