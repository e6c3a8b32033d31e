import assert from 'node:assert/strict';
import type { ConstantNode, ExpressionNode, FunctionNode } from '../../../src/core/expressions/ast';
import { ExpressionParseError } from '../../../src/core/expressions/errors';
import {
  collectLintWarnings,
  formatParseErrorWithCaret,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  parseExpression,
} from '../../../src/core/expressions/parser';

function parseError(text: string): ExpressionParseError {
  try {
    parseExpression(text);
  } catch (error) {
    assert.ok(error instanceof ExpressionParseError, `expected ExpressionParseError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(text)} not to parse`);
}

function asFunction(node: ExpressionNode): FunctionNode {
  assert.equal(node.type, 'Function');
  return node as FunctionNode;
}

function asConstant(node: ExpressionNode | null | undefined): ConstantNode {
  assert.ok(node);
  assert.equal(node.type, 'Constant');
  return node as ConstantNode;
}

describe('parseExpression', () => {
  describe('values', () => {
    it('parses a bare attribute with its span', () => {
      assert.deepEqual(parseExpression('[mail]'), { type: 'Attribute', name: 'mail', span: { start: 0, end: 6 } });
    });

    it('keeps attribute names as written, including extension names and inner spaces', () => {
      assert.deepEqual(parseExpression('[extension_9a1b_costCenter]'), {
        type: 'Attribute',
        name: 'extension_9a1b_costCenter',
        span: { start: 0, end: 27 },
      });
      assert.equal((parseExpression('[Employee Id]') as { name: string }).name, 'Employee Id');
    });

    it('parses a bare string constant', () => {
      assert.deepEqual(parseExpression('"United States"'), {
        type: 'Constant',
        value: 'United States',
        form: 'string',
        raw: '"United States"',
        span: { start: 0, end: 15 },
      });
    });

    it('unescapes \\\\ and \\" (E83) and keeps any other backslash pair as two characters', () => {
      assert.equal(asConstant(parseExpression('"Company name: \\"Contoso\\""')).value, 'Company name: "Contoso"');
      assert.equal(asConstant(parseExpression('"a\\\\b"')).value, 'a\\b');
      assert.equal(asConstant(parseExpression('"\\\\+(?<isdCode>\\\\d* )"')).value, '\\+(?<isdCode>\\d* )');
      assert.equal(asConstant(parseExpression('"\\d\\n"')).value, '\\d\\n');
      assert.equal(asConstant(parseExpression('"ends with \\\\"')).value, 'ends with \\');
    });

    it('accepts strings spanning lines and the empty string', () => {
      assert.equal(asConstant(parseExpression('"a\nb"')).value, 'a\nb');
      assert.equal(asConstant(parseExpression('""')).value, '');
    });

    it('parses bare integers, including negative ones, as number-form constant strings', () => {
      const call = asFunction(parseExpression('Left("John Doe", 3)'));
      assert.deepEqual(call.args[1], { type: 'Constant', value: '3', form: 'number', raw: '3', span: { start: 17, end: 18 } });
      const neg = asFunction(parseExpression('DateAdd("d", -10, Now())'));
      assert.deepEqual(asConstant(neg.args[1]), { type: 'Constant', value: '-10', form: 'number', raw: '-10', span: { start: 13, end: 16 } });
    });

    it('accepts quoted numbers as ordinary string constants', () => {
      const call = asFunction(parseExpression('Mid([x], "1", "1")'));
      assert.equal(asConstant(call.args[1]).value, '1');
      assert.equal(asConstant(call.args[1]).form, 'string');
    });

    it('parses &H hex literals to their decimal value, keeping the raw text', () => {
      const call = asFunction(parseExpression('BitAnd(&HFF, &h10)'));
      assert.deepEqual(asConstant(call.args[0]), { type: 'Constant', value: '255', form: 'hex', raw: '&HFF', span: { start: 7, end: 11 } });
      assert.equal(asConstant(call.args[1]).value, '16');
      assert.equal(asConstant(call.args[1]).raw, '&h10');
      const big = asFunction(parseExpression('BitAnd(&HFFFFFFFFFFFFFFFF, 1)'));
      assert.equal(asConstant(big.args[0]).value, '18446744073709551615');
    });

    it('parses vbTextCompare / vbBinaryCompare as enum constants, any casing', () => {
      const call = asFunction(parseExpression('InStr("The quick", "QUICK", 1, vbTextCompare)'));
      assert.deepEqual(asConstant(call.args[3]), {
        type: 'Constant',
        value: 'vbTextCompare',
        form: 'enum',
        raw: 'vbTextCompare',
        span: { start: 31, end: 44 },
      });
      const lower = asFunction(parseExpression('InStr("a", "b", , VBBINARYCOMPARE)'));
      assert.equal(asConstant(lower.args[3]).value, 'vbBinaryCompare');
      assert.equal(asConstant(lower.args[3]).raw, 'VBBINARYCOMPARE');
    });
  });

  describe('function calls', () => {
    it('parses nested calls with spans covering name to closing parenthesis', () => {
      const node = asFunction(parseExpression('Append(ToLower([givenName]), ".x")'));
      assert.equal(node.name, 'Append');
      assert.deepEqual(node.span, { start: 0, end: 34 });
      const inner = asFunction(node.args[0]!);
      assert.equal(inner.name, 'ToLower');
      assert.deepEqual(inner.span, { start: 7, end: 27 });
    });

    it('matches function names case-insensitively, returning canonical casing and the written name', () => {
      const node = asFunction(parseExpression('switch([a], "d", "k", "v")'));
      assert.equal(node.name, 'Switch');
      assert.equal(node.writtenName, 'switch');
      assert.equal(asFunction(parseExpression('iif([a]="x", "1", "0")')).name, 'IIF');
      assert.equal(asFunction(parseExpression('singleapproleassignment([appRoleAssignments])')).name, 'SingleAppRoleAssignment');
    });

    it('keeps empty optional arguments as null, including trailing ones (E74)', () => {
      const node = asFunction(parseExpression('Replace([mail], "@contoso.com", , ,"", ,)'));
      assert.equal(node.args.length, 7);
      assert.deepEqual(node.args.map((a) => (a === null ? null : a.type)), ['Attribute', 'Constant', null, null, 'Constant', null, null]);
    });

    it('allows an empty optional slot before required ones (FormatDateTime, E27) and an empty Switch default', () => {
      const fdt = asFunction(parseExpression('FormatDateTime([x], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")'));
      assert.equal(fdt.args[1], null);
      assert.equal(asConstant(fdt.args[3]).value, 'yyyy-MM-dd');
      const sw = asFunction(parseExpression('Switch([x], , "a", "1")'));
      assert.equal(sw.args[1], null);
      assert.equal(sw.args.length, 4);
    });

    it('ignores whitespace between tokens, including line breaks and tabs', () => {
      const text = '  Replace (\n\t[mail] ,\r\n "@contoso.com" , , ,  "" , ,  )  ';
      const spaced = asFunction(parseExpression(text));
      assert.equal(spaced.name, 'Replace');
      assert.equal(spaced.args.length, 7);
      assert.deepEqual(spaced.span, { start: 2, end: text.lastIndexOf(')') + 1 });
    });

    it('parses zero-argument functions', () => {
      assert.deepEqual(parseExpression('Now()'), { type: 'Function', name: 'Now', writtenName: 'Now', args: [], span: { start: 0, end: 5 } });
      assert.equal(asFunction(parseExpression('Guid( )')).args.length, 0);
    });

    it('accepts repeating parameters (Coalesce, Join, Switch pairs)', () => {
      assert.equal(asFunction(parseExpression('Coalesce([a], [b], [c], "none")')).args.length, 4);
      assert.equal(asFunction(parseExpression('Join(", ", "", [surname], [givenName])')).args.length, 4);
      assert.equal(asFunction(parseExpression('Switch([s], "d", "1", "a", "2", "b", "3", "c")')).args.length, 8);
    });

    it('parses the legacy names', () => {
      assert.equal(asFunction(parseExpression('DefaultDomain()')).name, 'DefaultDomain');
      assert.equal(asFunction(parseExpression('AppRoleAssignments([appRoleAssignments])')).name, 'AppRoleAssignments');
      assert.equal(asFunction(parseExpression('IsNothing([mail])')).name, 'IsNothing');
      assert.equal(asFunction(parseExpression('Prepend("x-", [mail])')).name, 'Prepend');
    });

    it('accepts SelectUniqueValue at the top level with two or more rules', () => {
      const node = asFunction(parseExpression('SelectUniqueValue(Join("", [a], [b]), Join("", [a], "1"))'));
      assert.equal(node.name, 'SelectUniqueValue');
    });
  });

  describe('comparisons', () => {
    for (const op of ['=', '<>', '>', '>=', '<', '<='] as const) {
      it(`parses "${op}" in IIF's condition`, () => {
        const node = asFunction(parseExpression(`IIF([a]${op}"5", "y", "n")`));
        assert.deepEqual(node.args[0], {
          type: 'Comparison',
          operator: op,
          left: { type: 'Attribute', name: 'a', span: { start: 4, end: 7 } },
          right: { type: 'Constant', value: '5', form: 'string', raw: '"5"', span: { start: 7 + op.length, end: 10 + op.length } },
          span: { start: 4, end: 10 + op.length },
        });
      });
    }

    it("parses a comparison in CBool's argument, with function operands and negative numbers", () => {
      const node = asFunction(parseExpression('CBool(Count([proxyAddresses]) >= -1)'));
      const cmp = node.args[0]!;
      assert.equal(cmp.type, 'Comparison');
      if (cmp.type !== 'Comparison') return;
      assert.equal(cmp.operator, '>=');
      assert.equal(cmp.left.type, 'Function');
      assert.equal(asConstant(cmp.right).value, '-1');
    });

    it('parses E31/E32 (nested IIF as AND)', () => {
      const node = asFunction(parseExpression('IIF([country]="USA",IIF([state]="CA","True","False"),"False")'));
      assert.equal(node.args[0]?.type, 'Comparison');
      assert.equal(asFunction(node.args[1]!).args[0]?.type, 'Comparison');
    });

    it('allows an IIF condition without comparison', () => {
      assert.equal(asFunction(parseExpression('IIF(IsPresent([a]), [a], "x")')).args[0]?.type, 'Function');
    });
  });

  describe('errors', () => {
    interface ErrorCase {
      text: string;
      line: number;
      column: number;
      expected: string;
      found: string;
      length?: number;
      message?: RegExp;
    }
    const VALUE = 'a value ([attribute], "string", number or function call)';
    const cases: ErrorCase[] = [
      { text: 'Append([a], "x"]', line: 1, column: 16, expected: '"," or ")"', found: '"]"', message: /^Expected "," or "\)" at line 1, column 16, found "\]"/ },
      { text: 'Append([a] "x")', line: 1, column: 12, expected: '"," or ")"', found: 'the string "x"', length: 3 },
      { text: 'Append([a], "x"', line: 1, column: 16, expected: '"," or ")"', found: 'end of expression' },
      { text: 'Append([a], )', line: 1, column: 13, expected: VALUE, found: '")"', message: /second argument of Append \(suffix\) cannot be empty/ },
      { text: 'Append(, "x")', line: 1, column: 8, expected: VALUE, found: '","', message: /first argument of Append \(source\)/ },
      { text: 'Append([a], "x", "y")', line: 1, column: 16, expected: '")"', found: '","', message: /Append takes at most 2 arguments \(source, suffix\)/ },
      { text: 'Mid([a], 1)', line: 1, column: 11, expected: '","', found: '")"', message: /Mid needs 3 arguments but has 2 \(usage: Mid\(source, start, length\)\)/ },
      { text: 'Now(1)', line: 1, column: 5, expected: '")"', found: '"1"', message: /Now takes no arguments/ },
      { text: 'Switch([a], "d", "k")', line: 1, column: 21, expected: '","', found: '")"', message: /at least 4 arguments/ },
      { text: 'Switch([a], "d", "k1", "v1", "k2")', line: 1, column: 34, expected: '","', found: '")"', message: /keys and values in pairs/ },
      { text: 'SelectUniqueValue([a])', line: 1, column: 22, expected: '","', found: '")"', message: /at least 2 arguments/ },
      { text: 'Append(SelectUniqueValue([a], [b]), "x")', line: 1, column: 8, expected: 'a value', found: '"SelectUniqueValue"', length: 17, message: /top level only/ },
      { text: 'Swich([a], "d", "k", "v")', line: 1, column: 1, expected: 'a function name', found: '"Swich"', length: 5, message: /Unknown function "Swich" at line 1, column 1: did you mean Switch\?/ },
      { text: 'Frobnicate([a])', line: 1, column: 1, expected: 'a function name', found: '"Frobnicate"', length: 10, message: /Unknown function "Frobnicate".*function reference/ },
      { text: 'ToLowr([a])', line: 1, column: 1, expected: 'a function name', found: '"ToLowr"', length: 6, message: /did you mean ToLower\?/ },
      { text: 'Append([a] = "b", "c")', line: 1, column: 12, expected: '"," or ")"', found: '"="', message: /only allowed in the condition of IIF or the argument of CBool/ },
      { text: '[a] = "b"', line: 1, column: 5, expected: 'end of expression', found: '"="', message: /only allowed in the condition of IIF/ },
      { text: 'IIF([a] = "b" = "c", "x", "y")', line: 1, column: 15, expected: '"," or ")"', found: '"="', message: /single comparison/ },
      { text: 'IIF([a] = "b" AND [c] = "d", "x", "y")', line: 1, column: 15, expected: '"," or ")"', found: '"AND"', length: 3, message: /no AND\/OR; nest IIF/ },
      { text: 'IIF(IsPresent([a]) Or IsPresent([b]), "x", "y")', line: 1, column: 20, expected: '"," or ")"', found: '"Or"', length: 2, message: /no AND\/OR/ },
      { text: 'IIF([a] = , "x", "y")', line: 1, column: 11, expected: VALUE, found: '","' },
      { text: 'IgnoreAttributeFlow', line: 1, column: 1, expected: VALUE, found: '"IgnoreAttributeFlow"', length: 19, message: /IgnoreAttributeFlow at line 1, column 1 is not supported for outbound provisioning/ },
      { text: 'IIF([a] = "x", IgnoreObjectFlow, [a])', line: 1, column: 16, expected: VALUE, found: '"IgnoreObjectFlow"', length: 16, message: /not supported for outbound provisioning/ },
      { text: '"abc', line: 1, column: 1, expected: 'a closing "', found: 'end of expression', message: /Unterminated string starting at line 1, column 1/ },
      { text: 'Append([a], "x\\")', line: 1, column: 13, expected: 'a closing "', found: 'end of expression', message: /Unterminated string/ },
      { text: 'Append([mail, "x")', line: 1, column: 15, expected: '"]"', found: '"""', message: /Unclosed attribute reference "\[mail,/ },
      { text: '[mail', line: 1, column: 6, expected: '"]"', found: 'end of expression' },
      { text: '[]', line: 1, column: 1, expected: 'an attribute name', found: '"[]"', length: 2 },
      { text: '[ mail]', line: 1, column: 1, expected: 'an attribute name without surrounding spaces', found: '"[ mail]"', length: 7, message: /leading or trailing spaces; write \[mail\]/ },
      { text: '', line: 1, column: 1, expected: VALUE, found: 'end of expression', message: /empty expression/ },
      { text: '   \n  ', line: 2, column: 3, expected: VALUE, found: 'end of expression' },
      { text: '[a] [b]', line: 1, column: 5, expected: 'end of expression', found: '"[b]"', length: 3 },
      { text: 'True', line: 1, column: 1, expected: VALUE, found: '"True"', length: 4, message: /bare word "True": write text in double quotes \("True"\)/ },
      { text: 'Now', line: 1, column: 4, expected: '"("', found: 'end of expression', message: /after the function name Now.*Now\(\)/ },
      { text: 'Left("John", 1.5)', line: 1, column: 14, expected: 'a whole number', found: '"1.5"', length: 3, message: /write it as a string: "1.5"/ },
      { text: 'BitAnd(&HZZ, 1)', line: 1, column: 10, expected: 'hexadecimal digits (0-9, A-F)', found: '"Z"' },
      { text: 'Append("a" & "b", "c")', line: 1, column: 12, expected: '"," or ")"', found: '"&"', message: /concatenate strings use Append or Join/ },
      { text: 'Append("a" + "b", "c")', line: 1, column: 12, expected: '"," or ")"', found: '"+"' },
      { text: "Append('a', \"b\")", line: 1, column: 8, expected: VALUE, found: '"\'"', message: /double quotes/ },
      { text: 'DateAdd("d", - 7, Now())', line: 1, column: 14, expected: VALUE, found: '"-"', message: /minus sign right before its digits/ },
      { text: '(["a"])', line: 1, column: 1, expected: VALUE, found: '"("' },
      { text: 'Append([a], "😀") x', line: 1, column: 19, expected: 'end of expression', found: '"x"' },
      { text: 'Append([a], "x") 😀', line: 1, column: 18, expected: 'end of expression', found: '"😀"', length: 2 },
      { text: 'Join(", ", [a], , [b])', line: 1, column: 17, expected: VALUE, found: '","', message: /third argument of Join \(source\) cannot be empty/ },
      { text: 'FormatDateTime([x], "in", "out")', line: 1, column: 32, expected: '","', found: '")"', message: /FormatDateTime needs 4 arguments but has 3/ },
    ];

    for (const c of cases) {
      it(`rejects ${JSON.stringify(c.text)} at ${c.line}:${c.column}`, () => {
        const error = parseError(c.text);
        assert.equal(error.line, c.line, error.message);
        assert.equal(error.column, c.column, error.message);
        assert.equal(error.expected, c.expected, error.message);
        assert.equal(error.found, c.found, error.message);
        assert.equal(error.length, c.length ?? 1, error.message);
        assert.ok(error.message.includes(`at line ${c.line}, column ${c.column}`), error.message);
        if (c.message) assert.match(error.message, c.message);
      });
    }

    it('reports the 0-based offset consistently with line and column', () => {
      const text = 'Append(\n  [a],\n  "x" "y")';
      const error = parseError(text);
      assert.equal(error.offset, text.indexOf('"y"'));
      assert.equal(error.line, 3);
      assert.equal(error.column, 7);
      assert.equal(error.message, 'Expected "," or ")" at line 3, column 7, found the string "y"');
    });

    it('counts lines across \\r\\n, \\n and \\r line breaks', () => {
      assert.deepEqual(pos(parseError('Append(\r\n[a],\r\n\r\n "x" ]')), [4, 6]);
      assert.deepEqual(pos(parseError('Append(\r[a],\r"x" ]')), [3, 5]);
      assert.deepEqual(pos(parseError('IIF(\n  [a] = "1",\n  "x",\n  Frob([b])\n)')), [4, 3]);
      assert.deepEqual(pos(parseError('Switch(\n  [a],\n  "d",\n  "k"\n)')), [5, 1]);
    });

    it('accepts exactly 10,000 characters and rejects 10,001 with the length in the message', () => {
      const body = 'x'.repeat(MAX_EXPRESSION_LENGTH - 2);
      assert.equal(asConstant(parseExpression(`"${body}"`)).value.length, MAX_EXPRESSION_LENGTH - 2);
      const error = parseError(`"${body}x"`);
      assert.equal(error.offset, MAX_EXPRESSION_LENGTH);
      assert.equal(error.length, 1);
      assert.match(error.message, /10,001 characters long; the maximum is 10,000/);
    });

    it(`rejects nesting deeper than ${MAX_NESTING_DEPTH} calls, accepts exactly that depth`, () => {
      const nest = (n: number): string => `${'Not('.repeat(n)}[a]${')'.repeat(n)}`;
      assert.equal(parseExpression(nest(MAX_NESTING_DEPTH)).type, 'Function');
      const error = parseError(nest(MAX_NESTING_DEPTH + 1));
      assert.equal(error.column, 4 * MAX_NESTING_DEPTH + 1);
      assert.match(error.message, /nest more than 100 levels/);
    });

    it('throws an ExpressionParseError, not a TypeError, for non-text input', () => {
      assert.throws(() => parseExpression(undefined as unknown as string), ExpressionParseError);
      assert.throws(() => parseExpression(42 as unknown as string), ExpressionParseError);
    });

    function pos(e: ExpressionParseError): [number, number] {
      return [e.line, e.column];
    }
  });

  describe('formatParseErrorWithCaret', () => {
    it('underlines the offending text on its own line', () => {
      const text = 'IIF([a] = "b" AND [c] = "d", "x", "y")';
      assert.equal(formatParseErrorWithCaret(text, parseError(text)), `${text}\n              ^^^`);
    });

    it('shows only the line of the error in a multi-line expression, keeping tabs aligned', () => {
      const text = 'Append(\n\t[a],\n\t"x" "y")';
      assert.equal(formatParseErrorWithCaret(text, parseError(text)), '\t"x" "y")\n\t    ^^^');
    });

    it('points just past the end for an error at the end of the expression', () => {
      const text = 'Append([a], "x"';
      assert.equal(formatParseErrorWithCaret(text, parseError(text)), `${text}\n${' '.repeat(15)}^`);
    });

    it('cuts very long lines to a window around the error', () => {
      const text = `Append("${'a'.repeat(300)}" ] , "${'b'.repeat(300)}")`;
      const out = formatParseErrorWithCaret(text, parseError(text));
      const [line, caret] = out.split('\n') as [string, string];
      assert.ok(line.startsWith('…') && line.endsWith('…'), line);
      assert.ok(line.length <= 102);
      assert.equal(line[caret.indexOf('^')], ']');
    });
  });

  describe('collectLintWarnings', () => {
    const codes = (text: string): string[] => collectLintWarnings(parseExpression(text), text).map((w) => w.code);

    it('is silent on a clean expression', () => {
      assert.deepEqual(codes('Replace([mail], "@contoso.com", , , "", , )'), []);
      assert.deepEqual(codes('Replace([t], , "\\\\+(?<isdCode>\\\\d* )", , "${x}", , )'), []);
    });

    it('warns about non-canonical function casing, spanning the written name', () => {
      const text = 'append(toLower([a]), "x")';
      const warnings = collectLintWarnings(parseExpression(text), text);
      assert.deepEqual(warnings.map((w) => [w.code, w.span, w.line, w.column]), [
        ['nonCanonicalFunctionName', { start: 0, end: 6 }, 1, 1],
        ['nonCanonicalFunctionName', { start: 7, end: 14 }, 1, 8],
      ]);
      assert.match(warnings[0]!.message, /"append".*"Append"/);
    });

    it('warns about a backslash that escapes nothing, at the backslash', () => {
      const text = 'Replace([t], , "\\d+", , "", , )';
      const warnings = collectLintWarnings(parseExpression(text), text);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.code, 'unescapedBackslash');
      assert.deepEqual(warnings[0]!.span, { start: 16, end: 17 });
      assert.match(warnings[0]!.message, /\\\\d/);
    });

    it('warns when an IIF condition reads an attribute, suggesting the Switch workaround', () => {
      const text = 'IIF([country]="USA", [country], [department])';
      const warnings = collectLintWarnings(parseExpression(text), text);
      assert.deepEqual(warnings.map((w) => w.code), ['iifConditionAttribute']);
      assert.deepEqual(warnings[0]!.span, { start: 4, end: 19 });
      assert.match(warnings[0]!.message, /Switch\(\[country\], \[country\], "", /);
      assert.deepEqual(codes('IIF(IsPresent([a]), "1", "0")'), ['iifConditionAttribute']);
      assert.deepEqual(codes('IIF("a" = "a", [x], [y])'), []);
    });

    it('warns about Switch on IsPresent / IsNull / IsNullOrEmpty', () => {
      for (const fn of ['IsPresent', 'IsNull', 'IsNullOrEmpty']) {
        assert.deepEqual(codes(`Switch(${fn}([a]), "d", "True", "x")`), ['switchOnPresenceTest']);
      }
      assert.deepEqual(codes('Switch(ToLower([a]), "d", "true", "x")'), []);
    });

    it('reports multi-line positions and sorts warnings by position', () => {
      const text = 'Append(\n  iif([a] = "x", "\\d", "y"),\n  "z")';
      const warnings = collectLintWarnings(parseExpression(text), text);
      assert.deepEqual(warnings.map((w) => [w.code, w.line, w.column]), [
        ['nonCanonicalFunctionName', 2, 3],
        ['iifConditionAttribute', 2, 7],
        ['unescapedBackslash', 2, 19],
      ]);
    });
  });
});

describe('ExpressionParseError.reason', () => {
  it('is the message without its position, for views that show the position themselves', () => {
    assert.throws(() => parseExpression('Join(" ", [givenName] [surname])'), (error: unknown) => {
      assert.ok(error instanceof ExpressionParseError);
      assert.match(error.message, / at line 1, column 23/);
      assert.equal(error.reason, error.message.replace(' at line 1, column 23', ''));
      assert.doesNotMatch(error.reason, /line \d+, column \d+/);
      return true;
    });
  });
});
