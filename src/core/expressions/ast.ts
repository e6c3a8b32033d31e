/**
 * The expression tree produced by the parser. It is richer than Graph's `attributeMappingSource` (it keeps source
 * spans, omitted optional arguments and IIF comparisons); `toAttributeMappingSource` converts it to Graph's shape.
 */

/** A half-open range of UTF-16 offsets into the expression text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** `[attributeName]` */
export interface AttributeNode {
  readonly type: 'Attribute';
  readonly name: string;
  readonly span: Span;
}

/**
 * A constant. Every literal is a string in the value model: `"text"`, bare numbers (`3`, `-10`), VB hex literals
 * (`&HFF`, whose `value` is the decimal `"255"`) and the enum identifiers `vbTextCompare` / `vbBinaryCompare`.
 * `raw` is the text as written, so the printer can reproduce hex and enum literals.
 */
export interface ConstantNode {
  readonly type: 'Constant';
  readonly value: string;
  readonly form: 'string' | 'number' | 'hex' | 'enum';
  readonly raw: string;
  readonly span: Span;
}

/** `Name(arg1, , arg3)` — `args` keeps positions; an omitted optional argument is `null`. */
export interface FunctionNode {
  readonly type: 'Function';
  /** Canonical casing from the function catalogue (`Switch`), whatever the user typed. */
  readonly name: string;
  /** The name as typed, for the non-canonical-casing lint. */
  readonly writtenName: string;
  readonly args: ReadonlyArray<ExpressionNode | null>;
  readonly span: Span;
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

/** `left op right` — only allowed as the condition of IIF (and the argument of CBool). */
export interface ComparisonNode {
  readonly type: 'Comparison';
  readonly operator: ComparisonOperator;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
  readonly span: Span;
}

export type ExpressionNode = AttributeNode | ConstantNode | FunctionNode | ComparisonNode;
