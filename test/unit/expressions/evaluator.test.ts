import assert from 'node:assert/strict';
import {
  type ExpressionNode,
  ExpressionEvaluationError,
  FUNCTION_CATALOGUE,
  type FunctionNode,
  type SourceObject,
  evaluateExpression,
  evaluateValue,
  sourceValue,
} from '../../../src/core/expressions';
import { FUNCTION_IMPLEMENTATIONS } from '../../../src/core/expressions/functions';
import { FIXED_NOW, evaluate, result, seeded } from './functions/evaluate-helper';

const span = { start: 0, end: 0 };
const attr = (name: string): ExpressionNode => ({ type: 'Attribute', name, span });
const str = (value: string): ExpressionNode => ({ type: 'Constant', value, form: 'string', raw: JSON.stringify(value), span });
const fn = (name: string, ...args: ReadonlyArray<ExpressionNode | null>): FunctionNode => ({ type: 'Function', name, writtenName: name, args, span });

function evalNode(node: ExpressionNode, source: SourceObject = {}): unknown {
  return evaluateValue(node, { source, now: () => FIXED_NOW, random: seeded(1) });
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('expressions: evaluator', () => {
  it('implements every function of the catalogue, and nothing else', () => {
    const catalogue = FUNCTION_CATALOGUE.map((f) => f.name).sort();
    assert.deepEqual([...FUNCTION_IMPLEMENTATIONS.keys()].sort(), catalogue);
  });

  describe('source values (reference §3.3)', () => {
    it('converts numbers to decimal strings and Booleans to "True"/"False"', () => {
      assert.equal(evaluate('[n]', { n: 42 }), '42');
      assert.equal(evaluate('[n]', { n: -1.5 }), '-1.5');
      assert.equal(evaluate('[b]', { b: true }), 'True');
      assert.equal(evaluate('[b]', { b: false }), 'False');
      assert.deepEqual(sourceValue([1, true] as never), ['1', 'True']);
    });
    it('keeps null, "" and absent distinct', () => {
      assert.deepEqual(result('[a]', { a: '' }), { flow: true, value: '', redacted: false });
      assert.deepEqual(result('[a]', { a: null }), { flow: false, reason: 'null', redacted: false });
      assert.deepEqual(result('[a]', {}), { flow: false, reason: 'null', redacted: false });
      assert.deepEqual(result('[a]', { a: undefined }), { flow: false, reason: 'null', redacted: false });
    });
    it('returns lists whole and gives string functions their first value', () => {
      assert.deepEqual(result('[p]', { p: ['a', 'b'] }), { flow: true, value: ['a', 'b'], redacted: false });
      assert.equal(evaluate('ToUpper([p])', { p: ['a', 'b'] }), 'A');
      assert.equal(evaluate('ToUpper([p])', { p: [] }), null);
    });
    it('reads app role assignments as names or as objects', () => {
      const roles = [{ id: 'r1', displayName: 'Agent', value: 'agent' }];
      assert.deepEqual(evaluate('[appRoleAssignments]', { appRoleAssignments: roles }), [{ id: 'r1', displayName: 'Agent', value: 'agent' }]);
      assert.equal(evaluate('Append([appRoleAssignments], "!")', { appRoleAssignments: roles }), 'Agent!');
      assert.equal(evaluate('Append([appRoleAssignments], "!")', { appRoleAssignments: ['User'] }), 'User!');
    });
    it('finds attributes by exact name first, then case-insensitively', () => {
      assert.equal(evaluate('[Mail]', { mail: 'lower' }), 'lower');
      assert.equal(evaluate('[mail]', { mail: 'exact', Mail: 'other' }), 'exact');
      assert.equal(evaluate('[mail]', { mail: null, MAIL: 'other' }), null);
    });
    it('returns constants as written', () => {
      assert.equal(evaluate('"text"'), 'text');
      assert.equal(evaluate('Left("abcdef", &H3)'), 'abc');
    });
  });

  describe('results', () => {
    it('never reports a flowing null and passes Redact through', () => {
      assert.deepEqual(result('Redact("x")'), { flow: true, value: 'x', redacted: true });
      assert.deepEqual(result('IgnoreFlowIfNullOrEmpty(Redact([p]))'), { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted: true });
    });
    it('evaluateValue gives null when the attribute does not flow', () => {
      assert.equal(evaluate('IgnoreFlowIfNullOrEmpty([d])'), null);
      assert.equal(evaluate('IIF([c]="x", "a", "b")'), null);
      assert.equal(evaluate('Coalesce(IIF([c]="x", "a", "b"), "fallback")'), 'fallback');
    });
    it('evaluates a bare comparison as a Boolean', () => {
      assert.equal(evalNode({ type: 'Comparison', operator: '=', left: str('a'), right: str('a'), span }), 'True');
    });
  });

  describe('errors', () => {
    it('reports an unknown function', () => {
      const error = catchError(() => evalNode(fn('Frobnicate', str('x'))));
      assert.ok(error instanceof ExpressionEvaluationError);
      assert.equal(error.message, 'Unknown function "Frobnicate"');
      assert.equal(error.functionName, 'Frobnicate');
    });
    it('checks arity against the catalogue for trees that did not come from the parser', () => {
      const few = catchError(() => evalNode(fn('Left', str('x'))));
      assert.ok(few instanceof ExpressionEvaluationError);
      assert.equal(few.message, 'Left: expected 2 arguments, got 1 (usage: Left(String, NumChars))');
      const many = catchError(() => evalNode(fn('Now', str('x'))));
      assert.ok(many instanceof ExpressionEvaluationError);
      assert.match(many.message, /^Now: expected 0 arguments, got 1/);
    });
    it('evaluates the legacy names: Prepend and IsNothing work, DefaultDomain is unsupported', () => {
      assert.equal(evaluate('Prepend("pre-", [a])', { a: 'x' }), 'pre-x');
      assert.equal(evaluate('IsNothing([a])', {}), 'True');
      const error = catchError(() => evaluate('DefaultDomain()'));
      assert.ok(error instanceof ExpressionEvaluationError);
      assert.equal(error.functionName, 'DefaultDomain');
      assert.match(error.message, /^DefaultDomain: this legacy function is unsupported/);
    });
    it('rejects a node of unknown type', () => {
      const error = catchError(() => evalNode({ type: 'Bogus', span } as unknown as ExpressionNode));
      assert.ok(error instanceof ExpressionEvaluationError);
      assert.equal(error.message, 'Expression: unknown node type "Bogus"');
    });
    it('matches function names case-insensitively', () => {
      assert.equal(evalNode(fn('toupper', str('x'))), 'X');
    });
    it('reports a required argument left empty', () => {
      const error = catchError(() => evalNode(fn('Mid', str('abc'), null, str('1'))));
      assert.ok(error instanceof ExpressionEvaluationError);
      assert.equal(error.message, 'Mid: the start argument is required (argument 2 is empty)');
      const odd = catchError(() => evalNode(fn('Switch', str('a'), str('d'), str('k1'), str('v1'), str('k2'))));
      assert.ok(odd instanceof ExpressionEvaluationError);
      assert.match(odd.message, /^Switch: keys and values must come in pairs/);
    });
    it('wraps anything else thrown inside a function into an evaluation error naming it, without its text', () => {
      const error = catchError(() =>
        evaluateValue(fn('SelectUniqueValue', str('a'), str('b')), {
          source: {},
          isUnique: () => {
            throw new Error('password=hunter2');
          },
        }),
      );
      assert.ok(error instanceof ExpressionEvaluationError);
      assert.equal(error.message, 'SelectUniqueValue: internal error');
      assert.doesNotMatch(error.message, /hunter2/);
    });
    it('turns stack exhaustion from absurd nesting into an evaluation error', () => {
      let node: ExpressionNode = str('x');
      for (let i = 0; i < 200_000; i++) node = fn('Not', node);
      const error = catchError(() => evalNode(node));
      assert.ok(error === undefined || error instanceof ExpressionEvaluationError, String(error));
    });
    it('only ever throws ExpressionEvaluationError, whatever the arguments', () => {
      const pool: ReadonlyArray<ExpressionNode | null> = [
        null, str(''), str('abc'), str('0'), str('-1'), str('3'), str('300'), str('99999999999999999999'), str('&HFF'), str('1.5'),
        str('2020-01-01'), str('True'), str('vbTextCompare'), str('yyyy'), str('(?<g>a)'), str('('), str('g'), str('%'),
        attr('list'), attr('roles'), attr('missing'), attr('empty'),
      ];
      const source: SourceObject = { list: ['a', 'b', ''], roles: [{ id: '1', displayName: 'R' }], empty: '' };
      const random = seeded(99);
      let evaluations = 0;
      for (const signature of FUNCTION_CATALOGUE) {
        const max = signature.maxArgs ?? signature.minArgs + 4;
        for (let count = signature.minArgs; count <= max; count++) {
          for (let trial = 0; trial < 40; trial++) {
            const args = Array.from({ length: count }, () => pool[Math.floor(random() * pool.length)]!);
            const node = fn(signature.name, ...args);
            evaluations++;
            try {
              const r = evaluateExpression(node, { source, now: () => FIXED_NOW, random });
              if (r.flow) assert.ok(r.value !== null && (typeof r.value === 'string' || Array.isArray(r.value)));
            } catch (error) {
              assert.ok(error instanceof ExpressionEvaluationError, `${signature.name}(${args.map((a) => (a === null ? '' : a.type === 'Constant' ? a.value : `[${(a as { name: string }).name}]`)).join(', ')}) threw ${String(error)}`);
              assert.ok(error.message.length > 0);
            }
          }
        }
      }
      assert.ok(evaluations > 1000);
    });
  });
});
