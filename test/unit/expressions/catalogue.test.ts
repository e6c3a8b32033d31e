import assert from 'node:assert/strict';
import {
  findFunction,
  FUNCTION_CATALOGUE,
  parameterAt,
  toGraphFunctionCatalogue,
  type FunctionSignature,
} from '../../../src/core/expressions/catalogue';

/** Every function row of reference §3.5, in its order. */
const REFERENCE_FUNCTIONS = [
  'Append', 'AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex', 'BitAnd', 'CBool', 'CDate', 'Coalesce',
  'ConvertToBase64', 'ConvertToUTF8Hex', 'Count', 'CStr', 'DateAdd', 'DateDiff', 'DateFromNum', 'FormatDateTime', 'Guid',
  'IgnoreFlowIfNullOrEmpty', 'IIF', 'InStr', 'IsNull', 'IsNullOrEmpty', 'IsPresent', 'IsString', 'Item', 'Join', 'Left',
  'Mid', 'NormalizeDiacritics', 'Not', 'Now', 'NumFromDate', 'PCase', 'RandomString', 'Redact', 'RemoveDuplicates',
  'Replace', 'SelectUniqueValue', 'SingleAppRoleAssignment', 'Split', 'StripSpaces', 'Switch', 'ToLower', 'ToUpper', 'Word',
];
const LEGACY_FUNCTIONS = ['DefaultDomain', 'AppRoleAssignments', 'IsNothing', 'Prepend'];

function fn(name: string): FunctionSignature {
  const found = findFunction(name);
  assert.ok(found, `${name} is in the catalogue`);
  return found;
}

const keys = (name: string): string[] => fn(name).parameters.map((p) => p.name);

describe('function catalogue', () => {
  it('has every function of reference §3.5 and the legacy names, nothing else, each once', () => {
    const names = FUNCTION_CATALOGUE.map((f) => f.name);
    assert.deepEqual([...names].sort(), [...REFERENCE_FUNCTIONS, ...LEGACY_FUNCTIONS].sort());
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  });

  it('marks exactly the legacy names as legacy', () => {
    assert.deepEqual(FUNCTION_CATALOGUE.filter((f) => f.legacy === true).map((f) => f.name).sort(), [...LEGACY_FUNCTIONS].sort());
  });

  it('looks names up case-insensitively and returns canonical casing', () => {
    assert.equal(fn('switch').name, 'Switch');
    assert.equal(fn('iif').name, 'IIF');
    assert.equal(fn('CONVERTTOUTF8HEX').name, 'ConvertToUTF8Hex');
    assert.equal(findFunction('Swich'), undefined);
    assert.equal(findFunction(''), undefined);
  });

  it('uses the Graph parameter keys the reference gives (§8.8)', () => {
    assert.deepEqual(keys('Replace'), [
      'source', 'Find', 'RegularExpression', 'RegularExpressionGroupName', 'Replacement', 'ReplacementPropertyName', 'Template',
    ]);
    assert.deepEqual(keys('Mid'), ['source', 'start', 'length']);
    assert.deepEqual(keys('Append'), ['source', 'suffix']);
    assert.deepEqual(keys('FormatDateTime'), ['source', 'dateTimeStyles', 'inputFormat', 'outputFormat']);
    assert.deepEqual(keys('Switch'), ['source', 'defaultValue', 'switchValue']);
    assert.deepEqual(keys('Left'), ['String', 'NumChars']);
    assert.deepEqual(keys('RandomString'), [
      'Length', 'MinimumNumbers', 'MinimumSpecialCharacters', 'MinimumCapital', 'MinimumLowerCase', 'CharactersToAvoid',
    ]);
  });

  it('derives arity from required parameters, with optional slots before required ones', () => {
    const arity = (name: string): [number, number | null] => [fn(name).minArgs, fn(name).maxArgs];
    assert.deepEqual(arity('Replace'), [1, 7]);
    assert.deepEqual(arity('FormatDateTime'), [4, 4]);
    assert.deepEqual(arity('InStr'), [2, 4]);
    assert.deepEqual(arity('Mid'), [3, 3]);
    assert.deepEqual(arity('Now'), [0, 0]);
    assert.deepEqual(arity('Guid'), [0, 0]);
    assert.deepEqual(arity('Split'), [1, 2]);
    assert.deepEqual(arity('RandomString'), [5, 6]);
    assert.deepEqual(arity('Coalesce'), [1, null]);
    assert.deepEqual(arity('Join'), [2, null]);
    assert.deepEqual(arity('Switch'), [4, null]);
    assert.deepEqual(arity('SelectUniqueValue'), [2, null]);
    assert.equal(fn('FormatDateTime').parameters[1]?.required, false);
    assert.equal(fn('Switch').parameters[1]?.required, false);
    assert.equal(fn('Switch').pairedRepeats, true);
    assert.equal(fn('SelectUniqueValue').topLevelOnly, true);
  });

  it('allows comparisons only in IIF condition and CBool argument', () => {
    const accepting = FUNCTION_CATALOGUE.flatMap((f) =>
      f.parameters.filter((p) => p.acceptsComparison === true).map((p) => `${f.name}.${p.name}`));
    assert.deepEqual(accepting, ['CBool.Expression', 'IIF.condition']);
  });

  it('only ever lets the last parameter repeat', () => {
    for (const f of FUNCTION_CATALOGUE) {
      f.parameters.forEach((p, i) => {
        if (p.allowMultipleOccurrences) assert.equal(i, f.parameters.length - 1, `${f.name}.${p.name}`);
      });
    }
  });

  it('binds argument positions to parameters, repeating the last', () => {
    assert.equal(parameterAt(fn('Switch'), 0)?.name, 'source');
    assert.equal(parameterAt(fn('Switch'), 7)?.name, 'switchValue');
    assert.equal(parameterAt(fn('Append'), 2), undefined);
    assert.equal(parameterAt(fn('Now'), 0), undefined);
  });

  it('gives every entry a one-line description and a signature that starts with its name', () => {
    for (const f of FUNCTION_CATALOGUE) {
      assert.ok(f.description.length > 10 && !f.description.includes('\n'), f.name);
      assert.ok(f.signature.startsWith(`${f.name}(`) && f.signature.endsWith(')'), f.signature);
    }
  });

  describe('toGraphFunctionCatalogue', () => {
    it("has Graph's schema/functions shape, with Append exactly as the reference shows it", () => {
      const catalogue = toGraphFunctionCatalogue();
      const append = catalogue.value.find((f) => f.name === 'Append');
      assert.equal(
        JSON.stringify(append),
        '{"name":"Append","parameters":[{"allowMultipleOccurrences":false,"name":"source","required":true,"type":"String"},' +
          '{"allowMultipleOccurrences":false,"name":"suffix","required":true,"type":"String"}]}',
      );
    });

    it('lists every function with only Graph fields, round-tripping through JSON', () => {
      const catalogue = toGraphFunctionCatalogue();
      assert.equal(catalogue.value.length, FUNCTION_CATALOGUE.length);
      assert.deepEqual(JSON.parse(JSON.stringify(catalogue)), catalogue);
      for (const f of catalogue.value) {
        assert.deepEqual(Object.keys(f), ['name', 'parameters']);
        for (const p of f.parameters) {
          assert.deepEqual(Object.keys(p), ['allowMultipleOccurrences', 'name', 'required', 'type']);
          assert.ok(['String', 'Integer', 'Boolean', 'DateTime'].includes(p.type));
        }
      }
      const sw = catalogue.value.find((f) => f.name === 'Switch');
      assert.deepEqual(sw?.parameters.map((p) => [p.name, p.required, p.allowMultipleOccurrences]), [
        ['source', true, false],
        ['defaultValue', false, false],
        ['switchValue', true, true],
      ]);
    });
  });
});
