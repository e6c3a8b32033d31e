/**
 * The expression evaluator: walks the tree from the parser against one source object.
 *
 * Arguments are evaluated lazily (IIF, Switch, Coalesce and SelectUniqueValue evaluate only what they use). Null
 * (absent), "" and lists stay distinct throughout (reference §3.3); flow signals — IgnoreFlowIfNullOrEmpty, Redact,
 * the IIF null rule — are collected on the evaluation and reported in the EvaluationResult. The only error that can
 * escape is ExpressionEvaluationError: anything else thrown inside a function is wrapped into one naming it.
 */
import type { ExpressionNode, FunctionNode } from './ast';
import { ExpressionEvaluationError } from './errors';
import type { EvaluationContext, EvaluationResult } from './evaluation';
import { findFunction } from './catalogue';
import { FUNCTION_IMPLEMENTATIONS } from './functions';
import { compare } from './functions/logic';
import { type Evaluator, booleanText, scalarOf } from './functions/runtime';
import type { ComplexValue, SourceAttributeValue, SourceObject, Value } from './values';

const realClock = (): number => Date.now();

/** Default random source: the platform CSPRNG, since RandomString may generate passwords. */
const secureRandom = (): number => {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return buffer[0]! / 4_294_967_296;
};

function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
}

function toComplex(entry: object): ComplexValue {
  const out: Record<string, string | boolean | null> = {};
  for (const [key, v] of Object.entries(entry)) {
    out[key] = typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'number' ? numberText(v) : v == null ? null : JSON.stringify(v);
  }
  return out;
}

/**
 * A source attribute in the value model: numbers become decimal strings, Booleans "True"/"False", lists stay lists
 * (role objects become complex values; a list mixing names and objects becomes all complex values).
 */
export function sourceValue(raw: SourceAttributeValue | undefined): Value {
  if (raw == null) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return numberText(raw);
  if (typeof raw === 'boolean') return booleanText(raw);
  if (!Array.isArray(raw)) return [toComplex(raw as object)];
  const items = raw as ReadonlyArray<unknown>;
  if (items.every((item) => typeof item === 'string')) return items as ReadonlyArray<string>;
  if (items.some((item) => item !== null && typeof item === 'object')) {
    return items.map((item) =>
      item !== null && typeof item === 'object' ? toComplex(item) : { id: null, value: String(item), displayName: String(item) },
    );
  }
  return items.map((item) => (typeof item === 'number' ? numberText(item) : typeof item === 'boolean' ? booleanText(item) : String(item ?? '')));
}

const lowerCaseKeys = new WeakMap<SourceObject, ReadonlyMap<string, string>>();

/**
 * Attribute lookup: exact name first, then a case-insensitive match (reference §3.2 — the editor warns about the
 * casing; evaluation still finds the value). Scoping filters look attributes up by the same rule. Only the object's own
 * properties count, so an attribute named `toString` is not found on Object.prototype.
 */
export function lookupSourceAttribute(source: SourceObject, name: string): SourceAttributeValue | undefined {
  if (Object.prototype.hasOwnProperty.call(source, name)) return source[name];
  let keys = lowerCaseKeys.get(source);
  if (keys === undefined) {
    keys = new Map(Object.keys(source).map((key) => [key.toLowerCase(), key]));
    lowerCaseKeys.set(source, keys);
  }
  const key = keys.get(name.toLowerCase());
  return key === undefined ? undefined : source[key];
}

class Evaluation implements Evaluator {
  ignoreFlow = false;
  redacted = false;
  iifConditionNull = false;
  private readonly clock: () => number;
  private readonly randomSource: () => number;

  constructor(readonly context: EvaluationContext) {
    const now = context.now;
    this.clock = now === undefined ? realClock : () => now().getTime();
    this.randomSource = context.random ?? secureRandom;
  }

  evaluate(node: ExpressionNode): Value {
    switch (node.type) {
      case 'Constant':
        return node.value;
      case 'Attribute':
        return this.attribute(node.name);
      case 'Function':
        return this.call(node);
      case 'Comparison':
        // Outside IIF (e.g. inside CBool) a comparison is a Boolean value.
        return booleanText(compare(node, this));
      default: {
        // Unreachable for parser output; a hand-built tree may still carry anything.
        const unknown: { type?: unknown } = node;
        throw new ExpressionEvaluationError(`Expression: unknown node type "${String(unknown.type)}"`, '');
      }
    }
  }

  private call(node: FunctionNode): Value {
    const signature = findFunction(node.name);
    const implementation = signature === undefined ? undefined : FUNCTION_IMPLEMENTATIONS.get(signature.name);
    if (signature === undefined || implementation === undefined) {
      throw new ExpressionEvaluationError(`Unknown function "${node.name}"`, node.name, node.span);
    }
    // The parser checks arity too; trees built by hand or converted from Graph's shape may not have been through it.
    const count = node.args.length;
    if (count < signature.minArgs || (signature.maxArgs !== null && count > signature.maxArgs)) {
      const expected =
        signature.maxArgs === null ? `at least ${signature.minArgs}` : signature.minArgs === signature.maxArgs ? `${signature.minArgs}` : `${signature.minArgs} to ${signature.maxArgs}`;
      throw new ExpressionEvaluationError(
        `${signature.name}: expected ${expected} argument${expected === '1' ? '' : 's'}, got ${count} (usage: ${signature.signature})`,
        signature.name,
        node.span,
      );
    }
    try {
      return implementation(node, this);
    } catch (error) {
      if (error instanceof ExpressionEvaluationError) throw error;
      // A bug or a resource limit (e.g. stack depth): still a typed error that names the function.
      const reason = error instanceof RangeError ? 'the expression is nested too deeply or too large to evaluate' : 'internal error';
      throw new ExpressionEvaluationError(`${signature.name}: ${reason}`, signature.name, node.span);
    }
  }

  value(call: FunctionNode, index: number): Value {
    const arg = call.args[index];
    return arg == null ? null : this.evaluate(arg);
  }

  string(call: FunctionNode, index: number): string | null {
    const arg = call.args[index];
    if (arg == null) return null;
    if (arg.type === 'Constant') return arg.value;
    return scalarOf(this.evaluate(arg));
  }

  attribute(name: string): Value {
    return sourceValue(lookupSourceAttribute(this.context.source, name));
  }

  now(): number {
    return this.clock();
  }

  random(): number {
    return this.randomSource();
  }

  markIgnoreFlow(): void {
    this.ignoreFlow = true;
  }

  markRedacted(): void {
    this.redacted = true;
  }

  markIifConditionNull(): void {
    this.iifConditionNull = true;
  }
}

function run(node: ExpressionNode, ctx: EvaluationContext): { value: Value; evaluation: Evaluation } {
  const evaluation = new Evaluation(ctx);
  try {
    return { value: evaluation.evaluate(node), evaluation };
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) throw error;
    const name = node.type === 'Function' ? node.name : '';
    throw new ExpressionEvaluationError(`${name === '' ? 'Expression' : name}: the expression could not be evaluated`, name, node.span);
  }
}

/**
 * Evaluates an expression to its value alone: null when it does not flow (null result, IgnoreFlowIfNullOrEmpty, or the
 * IIF null rule). Throws ExpressionEvaluationError.
 */
export function evaluateValue(node: ExpressionNode, ctx: EvaluationContext): Value {
  const { value, evaluation } = run(node, ctx);
  return evaluation.ignoreFlow ? null : value;
}

/**
 * Evaluates an attribute mapping's expression for one source object: the value to send, or why nothing flows.
 * Throws ExpressionEvaluationError (the service would escrow the object with that message).
 */
export function evaluateExpression(node: ExpressionNode, ctx: EvaluationContext): EvaluationResult {
  const { value, evaluation } = run(node, ctx);
  const redacted = evaluation.redacted;
  // Decision: IgnoreFlowIfNullOrEmpty firing anywhere drops the attribute, whatever the outer functions made of it.
  if (evaluation.ignoreFlow) return { flow: false, reason: 'ignoreFlowIfNullOrEmpty', redacted };
  if (value === null) return { flow: false, reason: evaluation.iifConditionNull ? 'iifConditionNull' : 'null', redacted };
  return { flow: true, value, redacted };
}
