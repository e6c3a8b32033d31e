/**
 * The scoping operators (reference §2.2), with their exact Graph `operatorName` spellings. This catalogue is the one
 * place that knows an operator's arity and kind; validation, evaluation and the editor read it.
 */

export type ScopingOperatorName =
  | 'EQUALS'
  | 'NOT EQUALS'
  | 'IS TRUE'
  | 'IS FALSE'
  | 'IS NULL'
  | 'IS NOT NULL'
  | 'REGEX MATCH'
  | 'NOT REGEX MATCH'
  | 'Greater_Than'
  | 'Greater_Than_OR_EQUALS'
  | 'Includes'
  | 'ENDS_WITH'
  | '&'
  | '!&';

export interface ScopingOperatorInfo {
  readonly name: ScopingOperatorName;
  /** Unary operators take no operand value; binary ones exactly one. */
  readonly arity: 'Unary' | 'Binary';
  /** How the operand is read: a plain string, a .NET regex, an integer, or none. */
  readonly operand: 'none' | 'string' | 'regex' | 'integer';
  readonly description: string;
  /** Microsoft documents the operator's existence but not what it does; we implement §2.3's reading and say so. */
  readonly semanticsUndocumented: boolean;
}

const catalogue: ReadonlyArray<ScopingOperatorInfo> = [
  { name: 'EQUALS', arity: 'Binary', operand: 'string', description: 'equals the value (case-sensitive)', semanticsUndocumented: false },
  { name: 'NOT EQUALS', arity: 'Binary', operand: 'string', description: 'differs from the value (case-sensitive)', semanticsUndocumented: false },
  { name: 'IS TRUE', arity: 'Unary', operand: 'none', description: 'holds Boolean true', semanticsUndocumented: false },
  { name: 'IS FALSE', arity: 'Unary', operand: 'none', description: 'holds Boolean false', semanticsUndocumented: false },
  { name: 'IS NULL', arity: 'Unary', operand: 'none', description: 'is null or empty', semanticsUndocumented: false },
  { name: 'IS NOT NULL', arity: 'Unary', operand: 'none', description: 'is neither null nor empty', semanticsUndocumented: false },
  { name: 'REGEX MATCH', arity: 'Binary', operand: 'regex', description: 'matches the .NET regex anywhere (case-sensitive)', semanticsUndocumented: false },
  { name: 'NOT REGEX MATCH', arity: 'Binary', operand: 'regex', description: 'does not match the .NET regex', semanticsUndocumented: false },
  { name: 'Greater_Than', arity: 'Binary', operand: 'integer', description: 'is an integer greater than the value', semanticsUndocumented: false },
  { name: 'Greater_Than_OR_EQUALS', arity: 'Binary', operand: 'integer', description: 'is an integer greater than or equal to the value', semanticsUndocumented: false },
  { name: 'Includes', arity: 'Binary', operand: 'string', description: 'contains the value (case-sensitive)', semanticsUndocumented: false },
  { name: 'ENDS_WITH', arity: 'Binary', operand: 'string', description: 'ends with the value (case-sensitive)', semanticsUndocumented: false },
  { name: '&', arity: 'Binary', operand: 'string', description: 'occurs within the value (case-sensitive)', semanticsUndocumented: true },
  { name: '!&', arity: 'Binary', operand: 'string', description: 'does not occur within the value (case-sensitive)', semanticsUndocumented: true },
];

const byName = new Map<string, ScopingOperatorInfo>(catalogue.map((info) => [info.name, info]));

/** Every supported operator, in the portal's order. */
export const SCOPING_OPERATORS: ReadonlyArray<ScopingOperatorInfo> = catalogue;

/** The operator with exactly this `operatorName` (names are case-sensitive, as Graph spells them), if supported. */
export function scopingOperator(name: string): ScopingOperatorInfo | undefined {
  return byName.get(name);
}

/**
 * Operators seen in the wild but documented nowhere (reference §2.2): rejected, with a hint. Keys are lower-cased
 * without spaces/underscores so `Less_Than`, `LESS THAN` and `less_than` all hit.
 */
export const UNDOCUMENTED_OPERATORS: ReadonlyMap<string, { readonly name: string; readonly hint: string }> = new Map([
  ['lessthan', { name: 'Less_Than', hint: 'use REGEX MATCH with an anchored pattern instead (e.g. "^[0-9]{1,6}$" for values below 1000000)' }],
  ['lessthanorequals', { name: 'Less_Than_OR_EQUALS', hint: 'use REGEX MATCH with an anchored pattern instead (e.g. "^[0-9]{1,6}$" for values up to 999999)' }],
  ['notincludes', { name: 'Not includes', hint: 'use NOT REGEX MATCH with the escaped text' }],
  ['ismemberof', { name: 'IsMemberOf', hint: 'scope by group through assignment (Users and groups) instead' }],
]);

/** Folds an operator name for "did you mean" matching. */
export function foldOperatorName(name: string): string {
  return name.toLowerCase().replace(/[\s_]+/g, '');
}

/**
 * Greater_Than* operands (§2.3): .NET `int.Parse`-like — optional sign, digits, surrounding whitespace; anything else
 * (decimals, "1e3", "") is not an integer. BigInt so long numeric ids compare exactly.
 */
export function parseScopingInteger(text: string): bigint | undefined {
  return /^\s*[+-]?\d+\s*$/.test(text) ? BigInt(text.trim()) : undefined;
}
