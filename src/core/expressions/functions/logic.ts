/**
 * Conditions, choices and flow control: IIF, Switch, Coalesce, Not, CBool, the Is* tests, IgnoreFlowIfNullOrEmpty,
 * Redact, SelectUniqueValue.
 */
import type { ComparisonNode, ExpressionNode, FunctionNode } from '../ast';
import type { Value } from '../values';
import {
  type Evaluator,
  type FunctionImplementation,
  booleanText,
  fail,
  isNullOrEmpty,
  parseBoolean,
  parseNumber,
  requireArgument,
  scalarOf,
} from './runtime';

/**
 * IIF's comparison operators. `=`/`<>` compare ordinally (case-sensitive). The ordering operators compare numerically
 * when both sides are numbers and ordinally otherwise (reference §3.5, Implement). A null side compares as "".
 */
export function compare(node: ComparisonNode, ev: Evaluator): boolean {
  const left = scalarOf(ev.evaluate(node.left)) ?? '';
  const right = scalarOf(ev.evaluate(node.right)) ?? '';
  if (node.operator === '=') return left === right;
  if (node.operator === '<>') return left !== right;
  const l = parseNumber(left);
  const r = parseNumber(right);
  const order = l !== null && r !== null ? Math.sign(l - r) : left < right ? -1 : left > right ? 1 : 0;
  switch (node.operator) {
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

/**
 * CBool's conversion: "True"/"False" in any case; a number is true when non-zero; anything else (and null) is false
 * (reference §3.5, Implement).
 */
export function toBoolean(value: Value): boolean {
  const text = scalarOf(value);
  if (text === null) return false;
  const b = parseBoolean(text);
  if (b !== null) return b;
  const n = parseNumber(text);
  return n !== null && n !== 0;
}

const conditionAttributes = new WeakMap<ExpressionNode, ReadonlyArray<string>>();

/** Every attribute referenced anywhere in a condition (cached per node: the same AST is evaluated for every user). */
function attributesIn(node: ExpressionNode): ReadonlyArray<string> {
  const cached = conditionAttributes.get(node);
  if (cached !== undefined) return cached;
  const names: string[] = [];
  const visit = (n: ExpressionNode | null): void => {
    if (n === null) return;
    if (n.type === 'Attribute') {
      if (!names.includes(n.name)) names.push(n.name);
    } else if (n.type === 'Function') {
      n.args.forEach(visit);
    } else if (n.type === 'Comparison') {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(node);
  conditionAttributes.set(node, names);
  return names;
}

function iif(call: FunctionNode, ev: Evaluator): Value {
  const condition = call.args[0];
  if (condition == null) return fail(call, 'the condition argument is required (argument 1 is empty)');
  // Reference §3.4: an attribute in the condition that is null or "" makes the whole IIF null — neither branch.
  for (const name of attributesIn(condition)) {
    if (isNullOrEmpty(ev.attribute(name))) {
      ev.markIifConditionNull();
      return null;
    }
  }
  const truth = condition.type === 'Comparison' ? compare(condition, ev) : toBoolean(ev.evaluate(condition));
  return ev.value(call, truth ? 1 : 2);
}

/**
 * Switch(source, defaultValue, key1, value1, …): the value of the first key equal (ordinal) to source; a null source
 * matches the key "" (reference §3.5). Keys are evaluated one at a time; only the chosen value is evaluated.
 */
function switchFunction(call: FunctionNode, ev: Evaluator): Value {
  if ((call.args.length - 2) % 2 !== 0) fail(call, `keys and values must come in pairs, but the last key (argument ${call.args.length}) has no value`);
  const source = ev.string(call, 0) ?? '';
  for (let i = 2; i < call.args.length; i += 2) {
    if ((ev.string(call, i) ?? '') === source) return ev.value(call, i + 1);
  }
  return ev.value(call, 1);
}

/**
 * Coalesce(source1, …, sourceN[, defaultValue]): the first value that is not null ("" counts as a value). A trailing
 * constant default is simply the last candidate, so one loop covers both readings of the signature.
 */
function coalesce(call: FunctionNode, ev: Evaluator): Value {
  for (let i = 0; i < call.args.length; i++) {
    const value = ev.value(call, i);
    if (value !== null && (typeof value === 'string' || value.length > 0)) return value;
  }
  return null;
}

/**
 * SelectUniqueValue(rule1, rule2, …): the first generated value the target does not already have (context.isUnique).
 * Rules evaluating to null or "" are skipped. All taken → evaluation error (the service escrows the entry).
 */
function selectUniqueValue(call: FunctionNode, ev: Evaluator): Value {
  const isUnique = ev.context.isUnique ?? ((): boolean => true);
  let generated = 0;
  for (let i = 0; i < call.args.length; i++) {
    const candidate = ev.string(call, i);
    if (candidate === null || candidate === '') continue;
    generated++;
    if (isUnique(candidate)) return candidate;
  }
  return fail(call, `every generated value is already taken in the target (${generated} of ${call.args.length} rules produced a value); add a rule that yields a unique value`);
}

export const LOGIC_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  IIF: iif,
  Switch: switchFunction,
  Coalesce: coalesce,
  // "True" (any case) → False; anything else, null included → True (reference §3.5).
  Not: (call, ev) => booleanText(parseBoolean(ev.string(call, 0) ?? '') !== true),
  CBool: (call, ev) => {
    requireArgument(call, 0, 'expression');
    return booleanText(toBoolean(ev.value(call, 0)));
  },
  IsNull: (call, ev) => booleanText(isNull(ev.value(call, 0))),
  // Legacy name from the beta function catalogue (reference §3.5): same as IsNull.
  IsNothing: (call, ev) => booleanText(isNull(ev.value(call, 0))),
  IsNullOrEmpty: (call, ev) => booleanText(isNullOrEmpty(ev.value(call, 0))),
  IsPresent: (call, ev) => booleanText(!isNullOrEmpty(ev.value(call, 0))),
  // Implement: every non-null value can be evaluated to a string (lists give their first value).
  IsString: (call, ev) => booleanText(ev.string(call, 0) !== null),
  IgnoreFlowIfNullOrEmpty: (call, ev) => {
    const value = ev.value(call, 0);
    if (!isNullOrEmpty(value)) return value;
    // Decision: wherever it sits in the expression, once it fires the target attribute is dropped from the flow.
    ev.markIgnoreFlow();
    return null;
  },
  Redact: (call, ev) => {
    ev.markRedacted();
    return ev.value(call, 0);
  },
  SelectUniqueValue: selectUniqueValue,
};

/** Null = absent; an empty list is absent too. */
function isNull(value: Value): boolean {
  return value === null || (typeof value !== 'string' && value.length === 0);
}
