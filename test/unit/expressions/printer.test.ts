import assert from 'node:assert/strict';
import type { ExpressionNode } from '../../../src/core/expressions/ast';
import { parseExpression } from '../../../src/core/expressions/parser';
import { printExpression, quoteString } from '../../../src/core/expressions/printer';

/**
 * The tree without what printing legitimately changes: spans, the written function name (printing canonicalizes
 * casing) and the raw text of string constants (printing re-escapes; the value is what counts).
 */
function structure(node: ExpressionNode | null): unknown {
  if (node === null) return null;
  switch (node.type) {
    case 'Attribute':
      return { type: node.type, name: node.name };
    case 'Constant':
      return node.form === 'string'
        ? { type: node.type, value: node.value, form: node.form }
        : { type: node.type, value: node.value, form: node.form, raw: node.raw };
    case 'Comparison':
      return { type: node.type, operator: node.operator, left: structure(node.left), right: structure(node.right) };
    case 'Function':
      return { type: node.type, name: node.name, args: node.args.map(structure) };
  }
}

/** Reference §3.7 worked examples (and §8.8's sample): text as documented → canonical text. */
const WORKED_EXAMPLES: ReadonlyArray<readonly [id: string, text: string, canonical: string]> = [
  ['E01', 'Append([userPrincipalName], ".test")', 'Append([userPrincipalName], ".test")'],
  ['E04', 'CDate([StatusHireDate])', 'CDate([StatusHireDate])'],
  ['E07', 'Coalesce([mail],[userPrincipalName])', 'Coalesce([mail], [userPrincipalName])'],
  ['E08', 'ConvertToBase64("Hello world!")', 'ConvertToBase64("Hello world!")'],
  ['E11', 'DateAdd("d", 7, CDate([StatusHireDate]))', 'DateAdd("d", 7, CDate([StatusHireDate]))'],
  ['E16', 'DateDiff("d", Now(), CDate([StatusHireDate]))', 'DateDiff("d", Now(), CDate([StatusHireDate]))'],
  ['E16 literal', 'DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))', 'DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))'],
  ['E22', 'DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))', 'DateDiff("h", CDate("2021-08-24"), CDate("2021-08-25"))'],
  ['E27', 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', 'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")'],
  ['E31', 'IIF([country]="USA",[country],[department])', 'IIF([country] = "USA", [country], [department])'],
  ['E32', 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', 'IIF([country] = "USA", IIF([state] = "CA", "True", "False"), "False")'],
  ['E35', 'InStr("The quick brown fox","quick")', 'InStr("The quick brown fox", "quick")'],
  ['E41', 'Left("John Doe", 3)', 'Left("John Doe", 3)'],
  ['E46', 'PCase([firstName])', 'PCase([firstName])'],
  ['E55', 'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )', 'Replace([BusinessTitle], "Product Developer", , , "Software Engineer", , )'],
  ['E56', 'Replace([UserID],"<username>", , , , , "<username>@contoso.com")', 'Replace([UserID], "<username>", , , , , "<username>@contoso.com")'],
  ['E57', 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )', 'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )'],
  ['E60', 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )', 'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )'],
  ['E67', 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")'],
  ['E68', 'Switch([statusFlag], "Default Value", "true", "1", "", "0")', 'Switch([statusFlag], "Default Value", "true", "1", "", "0")'],
  ['E72', 'Word("The quick brown fox",3," ")', 'Word("The quick brown fox", 3, " ")'],
  ['E74', 'Replace([mail], "@contoso.com", , ,"", ,)', 'Replace([mail], "@contoso.com", , , "", , )'],
  ['E76', 'Join(", ", "", [surname], [givenName])', 'Join(", ", "", [surname], [givenName])'],
  ['E81', 'Not([IsSoftDeleted])', 'Not([IsSoftDeleted])'],
  ['E83', '"Company name: \\"Contoso\\""', '"Company name: \\"Contoso\\""'],
  ['Salesforce default', 'SingleAppRoleAssignment([appRoleAssignments])', 'SingleAppRoleAssignment([appRoleAssignments])'],
];

describe('printExpression', () => {
  describe('worked examples (reference §3.7) print canonically and round-trip', () => {
    for (const [id, text, canonical] of WORKED_EXAMPLES) {
      it(`${id}: ${text}`, () => {
        const parsed = parseExpression(text);
        const printed = printExpression(parsed);
        assert.equal(printed, canonical);
        assert.deepEqual(structure(parseExpression(printed)), structure(parsed));
        assert.equal(printExpression(parseExpression(printed)), printed);
      });
    }
  });

  it('prints a single space after each comma and keeps empty slots, as §8.8 shows', () => {
    assert.equal(printExpression(parseExpression('Replace([mail],"@contoso.com",,,"",,)')), 'Replace([mail], "@contoso.com", , , "", , )');
    assert.equal(printExpression(parseExpression('Switch([x], , "a", "1")')), 'Switch([x], , "a", "1")');
    assert.equal(printExpression(parseExpression('InStr("a","b",,vbTextCompare)')), 'InStr("a", "b", , vbTextCompare)');
  });

  it('re-serializes function names in canonical casing', () => {
    assert.equal(printExpression(parseExpression('switch(toLower([a]), "d", "k", "v")')), 'Switch(ToLower([a]), "d", "k", "v")');
  });

  it('re-escapes strings: backslash and quote', () => {
    assert.equal(printExpression(parseExpression('"a\\\\b \\"q\\""')), '"a\\\\b \\"q\\""');
    // A lone `\d` is kept as two characters and printed in the explicit escaped form.
    assert.equal(printExpression(parseExpression('"\\d"')), '"\\\\d"');
    assert.equal(quoteString('C:\\temp\\"x"'), '"C:\\\\temp\\\\\\"x\\""');
  });

  it('prints numbers bare and hex and enum literals as written', () => {
    assert.equal(printExpression(parseExpression('DateAdd("d",-7,Now())')), 'DateAdd("d", -7, Now())');
    assert.equal(printExpression(parseExpression('BitAnd(&hff,&H10)')), 'BitAnd(&hff, &H10)');
    assert.equal(printExpression(parseExpression('InStr([a], "x", 1, VBTEXTCOMPARE)')), 'InStr([a], "x", 1, VBTEXTCOMPARE)');
    assert.equal(printExpression(parseExpression('Mid([x], "1", "1")')), 'Mid([x], "1", "1")');
  });

  it('prints comparisons with one space around the operator', () => {
    for (const op of ['=', '<>', '>', '>=', '<', '<=']) {
      assert.equal(printExpression(parseExpression(`CBool([a]${op}-1)`)), `CBool([a] ${op} -1)`);
    }
  });

  it('prints from a hand-built tree without spans mattering', () => {
    const node: ExpressionNode = {
      type: 'Function',
      name: 'Append',
      writtenName: 'APPEND',
      span: { start: 0, end: 0 },
      args: [
        { type: 'Attribute', name: 'givenName', span: { start: 0, end: 0 } },
        { type: 'Constant', value: 'say "hi"', form: 'string', raw: '', span: { start: 0, end: 0 } },
      ],
    };
    assert.equal(printExpression(node), 'Append([givenName], "say \\"hi\\"")');
  });

  it('round-trips multi-line, oddly spaced input to one canonical line', () => {
    const text = 'IIF(\n  [a] <>  "x" ,\n\tJoin( ",", [b] , [c] ),\n  Coalesce( [d] , "" )\n)';
    const printed = printExpression(parseExpression(text));
    assert.equal(printed, 'IIF([a] <> "x", Join(",", [b], [c]), Coalesce([d], ""))');
    assert.deepEqual(structure(parseExpression(printed)), structure(parseExpression(text)));
  });
});
