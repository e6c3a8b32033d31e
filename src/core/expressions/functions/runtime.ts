/**
 * What a function implementation sees: lazy access to its arguments, the context, and the flow flags it may raise.
 * Arguments are evaluated only when asked for, so IIF, Switch and Coalesce evaluate just the branch they take.
 */
import type { ExpressionNode, FunctionNode } from '../ast';
import { ExpressionEvaluationError } from '../errors';
import type { EvaluationContext } from '../evaluation';
import type { ComplexValue, Value } from '../values';

export interface Evaluator {
  readonly context: EvaluationContext;
  /** Evaluates any node (used for IIF conditions and Switch keys). */
  evaluate(node: ExpressionNode): Value;
  /** Argument `index` of `call`, evaluated; null when the slot is omitted or beyond the last argument. */
  value(call: FunctionNode, index: number): Value;
  /** Argument `index` as a single string (a list gives its first value, reference §3.3); null when absent. */
  string(call: FunctionNode, index: number): string | null;
  /** A source attribute's value (null when absent). */
  attribute(name: string): Value;
  /** The injected clock, in milliseconds since the epoch. */
  now(): number;
  /** The injected random source, in [0, 1). */
  random(): number;
  /** IgnoreFlowIfNullOrEmpty saw null or "": the target attribute must not flow. */
  markIgnoreFlow(): void;
  /** Redact() was applied somewhere in the expression. */
  markRedacted(): void;
  /** An IIF yielded null because its condition referenced a null or "" attribute (reference §3.4). */
  markIifConditionNull(): void;
}

/**
 * A function's behaviour. Its signature (parameters, arity) lives in the catalogue (`../catalogue.ts`); the evaluator
 * checks arity against it before calling, so an implementation may rely on the argument count being in range.
 */
export type FunctionImplementation = (call: FunctionNode, ev: Evaluator) => Value;

/** Throws the evaluation error for `call`, prefixed with the function's name: `Left: NumChars must be …`. */
export function fail(call: FunctionNode, message: string): never {
  throw new ExpressionEvaluationError(`${call.name}: ${message}`, call.name, call.span);
}

/** Fails when an argument the function cannot do without was left empty (`Left(, 3)`). */
export function requireArgument(call: FunctionNode, index: number, parameter: string): void {
  if (call.args[index] == null) fail(call, `the ${parameter} argument is required (argument ${index + 1} is empty)`);
}

/** The string a complex value stands for when a string is expected: a role's display name, else its value or id. */
export function complexToString(value: ComplexValue): string {
  for (const key of ['displayName', 'value', 'id']) {
    const v = value[key];
    if (typeof v === 'string') return v;
  }
  return '';
}

/** A value as one string: a list gives its first value, an empty list is null (reference §3.3). */
export function scalarOf(value: Value): string | null {
  if (value === null || typeof value === 'string') return value;
  if (value.length === 0) return null;
  const first = value[0]!;
  return typeof first === 'string' ? first : complexToString(first);
}

/** Null, "", or a list with no values. */
export function isNullOrEmpty(value: Value): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value === '';
  return value.length === 0;
}

export function booleanText(value: boolean): 'True' | 'False' {
  return value ? 'True' : 'False';
}

const INTEGER = /^\s*[+-]?\d+\s*$/;
const VB_HEX = /^\s*&[Hh]([0-9A-Fa-f]+)\s*$/;

/**
 * An integer argument. Accepts decimal text (`3`, `-10`, `"3"`) and VB hex (`&HFF`) — the parser already turns hex
 * literals into decimal, but attribute values may still carry the VB form.
 */
export function integerArgument(call: FunctionNode, ev: Evaluator, index: number, parameter: string): number {
  requireArgument(call, index, parameter);
  const text = ev.string(call, index);
  if (text === null) fail(call, `${parameter} is null; a whole number is required`);
  const value = parseInteger(text);
  if (value === null) fail(call, `${parameter} must be a whole number, got "${text}"`);
  // .NET takes these as Int32; anything larger is an overflow there.
  if (value < -2_147_483_648 || value > 2_147_483_647) fail(call, `${parameter} ${text.trim()} is out of range (−2147483648 to 2147483647)`);
  return value;
}

export function parseInteger(text: string): number | null {
  if (INTEGER.test(text)) return Number(text);
  const hex = VB_HEX.exec(text);
  return hex === null ? null : parseInt(hex[1]!, 16);
}

/** Like parseInteger, but exact beyond 2^53 (FILETIME values, BitAnd on 64-bit flags). */
export function parseBigInteger(text: string): bigint | null {
  if (INTEGER.test(text)) return BigInt(text.trim());
  const hex = VB_HEX.exec(text);
  return hex === null ? null : BigInt('0x' + hex[1]!);
}

/** .NET/VB Boolean text → boolean, case-insensitive ("true", "TRUE"); null for anything else. */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : null;
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A decimal number, or null when the text is not one (used by CBool and IIF's ordering operators). */
export function parseNumber(text: string): number | null {
  return NUMBER.test(text) ? Number(text) : null;
}
