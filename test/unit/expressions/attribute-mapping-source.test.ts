import assert from 'node:assert/strict';
import {
  fromAttributeMappingSource,
  toAttributeMappingSource,
  type AttributeMappingSource,
} from '../../../src/core/expressions/attribute-mapping-source';
import { ExpressionParseError } from '../../../src/core/expressions/errors';
import { parseExpression } from '../../../src/core/expressions/parser';
import { printExpression } from '../../../src/core/expressions/printer';

/** Reference §8.8, response `parsedExpression`, verbatim. */
const SAMPLE_PARSED_EXPRESSION = JSON.parse(`
{ "expression": "Replace([mail], \\"@contoso.com\\", , , \\"\\", , )", "name": "Replace", "type": "Function",
    "parameters": [ {"key":"source","value":{"expression":"[mail]","name":"mail","parameters":[],"type":"Attribute"}},
                    {"key":"Find","value":{"expression":"\\"@contoso.com\\"","name":"@contoso.com","parameters":[],"type":"Constant"}},
                    {"key":"Replacement","value":{"expression":"\\"\\"","name":"","parameters":[],"type":"Constant"}} ] }
`) as AttributeMappingSource;

const leaf = (expression: string, name: string, type: 'Attribute' | 'Constant'): AttributeMappingSource => ({
  expression,
  name,
  parameters: [],
  type,
});

const ROUND_TRIP_EXPRESSIONS = [
  'Append([userPrincipalName], ".test")',
  'Coalesce([mail], [userPrincipalName], "none")',
  'DateAdd("d", 7, CDate([StatusHireDate]))',
  'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  'IIF([country] = "USA", IIF([state] <> "CA", "True", "False"), "False")',
  'CBool(Count([proxyAddresses]) >= 2)',
  'InStr("The quick brown fox", "QUICK", , vbTextCompare)',
  'BitAnd(&HFF, &H10)',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
  'Replace([UserID], "<username>", , , , , "<username>@contoso.com")',
  'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
  'Switch([x], , "a", "1")',
  'Join(", ", "", [surname], [givenName])',
  'SelectUniqueValue(Join("", [a], [b]), Join("", [a], "1"))',
  'Now()',
  '"Company name: \\"Contoso\\""',
  '[mail]',
];

function assertParseError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ExpressionParseError, String(error));
    assert.match(error.message, message);
    return true;
  });
}

describe('attributeMappingSource', () => {
  describe('toAttributeMappingSource', () => {
    it('produces the §8.8 sample parse tree exactly (skipped optional arguments omitted)', () => {
      const source = toAttributeMappingSource(parseExpression('Replace([mail], "@contoso.com", , ,"", ,)'));
      assert.deepEqual(source, SAMPLE_PARSED_EXPRESSION);
    });

    it('turns numeric literals into Constants named by the digits with the quoted digits as expression (§3.1)', () => {
      const source = toAttributeMappingSource(parseExpression('Left("John Doe", 3)'));
      assert.equal(source.expression, 'Left("John Doe", 3)');
      assert.deepEqual(source.parameters, [
        { key: 'String', value: leaf('"John Doe"', 'John Doe', 'Constant') },
        { key: 'NumChars', value: leaf('"3"', '3', 'Constant') },
      ]);
      assert.deepEqual(toAttributeMappingSource(parseExpression('DateAdd("d", -7, Now())')).parameters[1]?.value,
        leaf('"-7"', '-7', 'Constant'));
    });

    it('keeps hex and enum literals recognisable: expression as written, name the value', () => {
      const bit = toAttributeMappingSource(parseExpression('BitAnd(&HFF, 1)'));
      assert.deepEqual(bit.parameters[0]?.value, leaf('&HFF', '255', 'Constant'));
      const inStr = toAttributeMappingSource(parseExpression('InStr("a", "b", , vbTextCompare)'));
      assert.deepEqual(inStr.parameters.map((p) => p.key), ['value1', 'value2', 'compareType']);
      assert.deepEqual(inStr.parameters[2]?.value, leaf('vbTextCompare', 'vbTextCompare', 'Constant'));
    });

    it('writes a comparison as a Function named by its operator with left/right keys', () => {
      const source = toAttributeMappingSource(parseExpression('IIF([country]="USA",[country],[department])'));
      assert.equal(source.expression, 'IIF([country] = "USA", [country], [department])');
      assert.deepEqual(source.parameters.map((p) => p.key), ['condition', 'valueIfTrue', 'valueIfFalse']);
      assert.deepEqual(source.parameters[0]?.value, {
        expression: '[country] = "USA"',
        name: '=',
        parameters: [
          { key: 'left', value: leaf('[country]', 'country', 'Attribute') },
          { key: 'right', value: leaf('"USA"', 'USA', 'Constant') },
        ],
        type: 'Function',
      });
    });

    it('repeats the key of a repeating parameter and omits an empty Switch default', () => {
      const source = toAttributeMappingSource(parseExpression('Switch([x], , "a", "1", "b", "2")'));
      assert.deepEqual(source.parameters.map((p) => p.key), ['source', 'switchValue', 'switchValue', 'switchValue', 'switchValue']);
      const join = toAttributeMappingSource(parseExpression('Join(",", [a], [b])'));
      assert.deepEqual(join.parameters.map((p) => p.key), ['separator', 'source', 'source']);
    });

    it('keeps bare attribute and constant expressions as leaves', () => {
      assert.deepEqual(toAttributeMappingSource(parseExpression('[mail]')), leaf('[mail]', 'mail', 'Attribute'));
      assert.deepEqual(toAttributeMappingSource(parseExpression('"a\\"b"')), leaf('"a\\"b"', 'a"b', 'Constant'));
    });
  });

  describe('fromAttributeMappingSource', () => {
    it('reads the §8.8 sample back to the parsed tree', () => {
      const text = 'Replace([mail], "@contoso.com", , , "", , )';
      assert.deepEqual(fromAttributeMappingSource(SAMPLE_PARSED_EXPRESSION), parseExpression(text));
    });

    for (const text of ROUND_TRIP_EXPRESSIONS) {
      it(`round-trips ${text} losslessly both ways`, () => {
        const node = parseExpression(text);
        const source = toAttributeMappingSource(node);
        const back = fromAttributeMappingSource(source);
        assert.deepEqual(back, node);
        assert.deepEqual(toAttributeMappingSource(back), source);
        // Through JSON, as it travels to and from Graph.
        assert.deepEqual(fromAttributeMappingSource(JSON.parse(JSON.stringify(source)) as AttributeMappingSource), node);
      });
    }

    it('builds from structure alone when expression is missing, placing parameters by key', () => {
      const source = {
        name: 'Replace',
        type: 'Function',
        parameters: [
          { key: 'Replacement', value: { name: '', type: 'Constant', parameters: [] } },
          { key: 'source', value: { name: 'mail', type: 'Attribute', parameters: [] } },
          { key: 'Find', value: { name: '@contoso.com', type: 'Constant', parameters: [] } },
        ],
      } as unknown as AttributeMappingSource;
      const node = fromAttributeMappingSource(source);
      // Trailing empty slots carry no information in Graph's shape and are dropped.
      assert.equal(printExpression(node), 'Replace([mail], "@contoso.com", , , "")');
      assert.deepEqual(node.span, { start: 0, end: printExpression(node).length });
    });

    it('prefers the structure when expression disagrees with it', () => {
      const stale: AttributeMappingSource = { ...toAttributeMappingSource(parseExpression('Append([a], "x")')), expression: 'Append([b], "y")' };
      assert.equal(printExpression(fromAttributeMappingSource(stale)), 'Append([a], "x")');
    });

    it('reads Graph numeric constants as string constants (Graph does not distinguish "3" from 3)', () => {
      const source: AttributeMappingSource = {
        expression: 'stale',
        name: 'Left',
        type: 'Function',
        parameters: [
          { key: 'String', value: leaf('[displayName]', 'displayName', 'Attribute') },
          { key: 'NumChars', value: leaf('"3"', '3', 'Constant') },
        ],
      };
      assert.equal(printExpression(fromAttributeMappingSource(source)), 'Left([displayName], "3")');
    });

    it('restores comparisons, Switch pairs and hex/enum literals from structure (function texts removed)', () => {
      const withoutFunctionText = (s: AttributeMappingSource): AttributeMappingSource =>
        s.type === 'Function'
          ? ({ name: s.name, type: s.type, parameters: s.parameters.map((p) => ({ key: p.key, value: withoutFunctionText(p.value) })) } as unknown as AttributeMappingSource)
          : s;
      for (const text of ['IIF([a] >= "5", "y", "n")', 'Switch([x], "d", "a", "1", "b", "2")', 'BitAnd(&HFF, &h1)', 'InStr("a", "b", , vbBinaryCompare)']) {
        const stripped = withoutFunctionText(toAttributeMappingSource(parseExpression(text)));
        assert.equal(stripped.expression, undefined);
        assert.equal(printExpression(fromAttributeMappingSource(stripped)), text);
      }
    });

    const fn = (name: string, parameters: unknown[]): AttributeMappingSource =>
      ({ expression: '', name, type: 'Function', parameters }) as unknown as AttributeMappingSource;
    const attr = (name: string): AttributeMappingSource => leaf(`[${name}]`, name, 'Attribute');

    it('rejects an unknown function, naming the path', () => {
      assertParseError(() => fromAttributeMappingSource(fn('Frob', [])), /at source\.name: unknown function "Frob"/);
    });

    it('rejects an unknown parameter key, listing the valid ones', () => {
      assertParseError(() => fromAttributeMappingSource(fn('Mid', [{ key: 'Start', value: attr('a') }])),
        /at source\.parameters\[0\]\.key: "Start" is not a parameter of Mid \(its parameters: source, start, length\)/);
    });

    it('rejects a duplicated key and a bad type, with nested paths', () => {
      assertParseError(() => fromAttributeMappingSource(fn('Append', [{ key: 'source', value: attr('a') }, { key: 'source', value: attr('b') }])),
        /source\.parameters\[1\]\.key: parameter "source" of Append appears more than once/);
      assertParseError(() => fromAttributeMappingSource(fn('Append', [{ key: 'source', value: { name: 'x', type: 'Thing' } }])),
        /source\.parameters\[0\]\.value\.type: "type" must be "Attribute", "Constant" or "Function", found "Thing"/);
      assertParseError(() => fromAttributeMappingSource(null as unknown as AttributeMappingSource), /at source: expected an object/);
      assertParseError(() => fromAttributeMappingSource(fn('Append', ['x'])), /source\.parameters\[0\]: expected a parameter \{key, value\}/);
    });

    it('rejects a comparison without both sides', () => {
      assertParseError(() => fromAttributeMappingSource(fn('IIF', [{ key: 'condition', value: fn('=', [{ key: 'left', value: attr('a') }]) }])),
        /comparison "=" needs both a "left" and a "right"/);
    });

    it('rejects a tree whose canonical text does not parse (missing required argument)', () => {
      assertParseError(() => fromAttributeMappingSource(fn('Mid', [{ key: 'source', value: attr('a') }, { key: 'length', value: attr('b') }])),
        /canonical text Mid\(\[a\], , \[b\]\) does not parse: The second argument of Mid \(start\) cannot be empty/);
    });
  });
});
