/**
 * The expression parser (reference §3.2): text → ExpressionNode with source spans. One entry point,
 * `parseExpression`; every problem is an ExpressionParseError that says what was expected, where (line/column) and
 * what was found. Also: `formatParseErrorWithCaret` for terminals and `collectLintWarnings` for the editor.
 */
import type {
  ComparisonOperator,
  ConstantNode,
  ExpressionNode,
  FunctionNode,
  Span,
} from './ast';
import { findFunction, FUNCTION_CATALOGUE, parameterAt, type FunctionSignature } from './catalogue';
import { ExpressionParseError } from './errors';
import { describeFound, INVALID_CHARACTER_HINTS, Lexer, parseError, positionAt, type Token } from './lexer';

/** Reference §1.13: the service rejects longer expressions. Counted in UTF-16 code units, as .NET's String.Length. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * How deeply function calls may nest. Not documented; chosen so that parsing, printing and evaluating (all
 * recursive) can never exhaust the stack, while staying far beyond any real mapping.
 */
export const MAX_NESTING_DEPTH = 100;

const VALUE_EXPECTED = 'a value ([attribute], "string", number or function call)';

/** The VB compare-mode identifiers InStr accepts bare (reference §3.2), by lower-case spelling. */
const ENUM_IDENTIFIERS: ReadonlyMap<string, string> = new Map([
  ['vbbinarycompare', 'vbBinaryCompare'],
  ['vbtextcompare', 'vbTextCompare'],
]);

/** Keywords of newer Microsoft guides that only inbound provisioning supports (reference §3.2). */
const INBOUND_ONLY_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['ignoreattributeflow', 'IgnoreAttributeFlow'],
  ['ignoreobjectflow', 'IgnoreObjectFlow'],
]);

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ordinal = (index: number): string => ORDINALS[index] ?? `${index + 1}th`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function parameterList(fn: FunctionSignature): string {
  return fn.parameters.map((p) => (p.allowMultipleOccurrences ? `${p.name}…` : p.name)).join(', ');
}

/**
 * Parses an expression. Function names match case-insensitively and come back in canonical casing (`writtenName`
 * keeps what was typed); arity is checked against the catalogue.
 *
 * @throws ExpressionParseError — and nothing else — for any invalid text.
 */
export function parseExpression(text: string): ExpressionNode {
  if (typeof text !== 'string') {
    throw new ExpressionParseError('An expression must be text', 0, 1, 1, 'text', typeof text);
  }
  if (text.length > MAX_EXPRESSION_LENGTH) {
    const size = text.length.toLocaleString('en-US');
    throw parseError(text, MAX_EXPRESSION_LENGTH, text.length - MAX_EXPRESSION_LENGTH, 'at most 10,000 characters',
      `${size} characters`, (at) =>
        `Expression is ${size} characters long; the maximum is 10,000 (the excess starts ${at})`,
    );
  }
  return new Parser(text).parseWhole();
}

class Parser {
  private readonly lexer: Lexer;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  parseWhole(): ExpressionNode {
    const first = this.lexer.peek();
    if (first.kind === 'end') {
      throw this.expected(VALUE_EXPECTED, first, (at) => `Expected an expression ${at}, found an empty expression`);
    }
    const node = this.parseValue(0, false);
    const after = this.lexer.peek();
    if (after.kind !== 'end') {
      if (after.kind === 'operator') throw this.misplacedComparison(after, 'end of expression');
      throw this.expected('end of expression', after);
    }
    return node;
  }

  private expected(expected: string, token: Token, message?: (at: string) => string): ExpressionParseError {
    const found = describeFound(token);
    const hint = token.kind === 'invalid' ? INVALID_CHARACTER_HINTS[token.text] : undefined;
    const withHint =
      message ?? (hint === undefined ? undefined : (at: string) => `Expected ${expected} ${at}, found ${found}: ${hint}`);
    return parseError(this.text, token.start, token.end - token.start, expected, found, withHint);
  }

  private misplacedComparison(token: Token, expected: string): ExpressionParseError {
    return this.expected(expected, token, (at) =>
      `Expected ${expected} ${at}, found "${token.text}": comparisons are only allowed in the condition of IIF ` +
      'or the argument of CBool',
    );
  }

  /** A value, or — where `allowComparison` — a value optionally compared with another (`[a] = "b"`). */
  private parseValue(depth: number, allowComparison: boolean): ExpressionNode {
    const left = this.parseOperand(depth);
    if (!allowComparison) return left;
    const op = this.lexer.peek();
    if (op.kind !== 'operator') return left;
    this.lexer.next();
    const right = this.parseOperand(depth);
    const after = this.lexer.peek();
    if (after.kind === 'operator') {
      throw this.expected('"," or ")"', after, (at) =>
        `Expected "," or ")" ${at}, found "${after.text}": a condition holds a single comparison ` +
        '(nest IIF calls to combine conditions)',
      );
    }
    if (after.kind === 'identifier' && /^(and|or)$/i.test(after.text)) throw this.andOr(after);
    return {
      type: 'Comparison',
      operator: op.text as ComparisonOperator,
      left,
      right,
      span: { start: left.span.start, end: right.span.end },
    };
  }

  private andOr(token: Token): ExpressionParseError {
    return this.expected('"," or ")"', token, (at) =>
      `"${token.text}" ${at} is not supported: there is no AND/OR; nest IIF along the true branch for AND ` +
      '(IIF(a, IIF(b, x, y), y)) and along the false branch for OR (IIF(a, x, IIF(b, x, y)))',
    );
  }

  private parseOperand(depth: number): ExpressionNode {
    const token = this.lexer.next();
    const span: Span = { start: token.start, end: token.end };
    switch (token.kind) {
      case 'attribute':
        return { type: 'Attribute', name: token.value, span };
      case 'string':
        return constant(token.value, 'string', token.text, span);
      case 'number':
        return constant(token.text, 'number', token.text, span);
      case 'hex':
        return constant(token.value, 'hex', token.text, span);
      case 'identifier':
        return this.parseIdentifier(token, depth);
      default:
        throw this.expected(VALUE_EXPECTED, token);
    }
  }

  private parseIdentifier(token: Token, depth: number): ExpressionNode {
    const lower = token.text.toLowerCase();
    const span: Span = { start: token.start, end: token.end };
    const enumValue = ENUM_IDENTIFIERS.get(lower);
    if (enumValue !== undefined) return constant(enumValue, 'enum', token.text, span);
    const inboundOnly = INBOUND_ONLY_KEYWORDS.get(lower);
    if (inboundOnly !== undefined) {
      throw this.expected(VALUE_EXPECTED, token, (at) =>
        `${inboundOnly} ${at} is not supported for outbound provisioning (it exists only for inbound HR and ` +
        'API-driven provisioning); to leave the attribute out when a value is empty use IgnoreFlowIfNullOrEmpty()',
      );
    }
    if (lower === 'and' || lower === 'or') throw this.andOr(token);
    const fn = findFunction(token.text);
    const paren = this.lexer.peek();
    if (paren.kind !== '(') {
      if (fn !== undefined) {
        throw this.expected('"("', paren, (at) =>
          `Expected "(" after the function name ${fn.name} ${at}, found ${describeFound(paren)} (write ${fn.signature})`,
        );
      }
      throw this.expected(VALUE_EXPECTED, token, (at) =>
        `Expected ${VALUE_EXPECTED} ${at}, found the bare word "${token.text}": write text in double quotes ` +
        `("${token.text}") and attributes in brackets ([${token.text}])`,
      );
    }
    if (fn === undefined) {
      const suggestion = closestFunctionName(token.text);
      throw this.expected('a function name', token, (at) =>
        `Unknown function "${token.text}" ${at}` +
        (suggestion === undefined ? ' (see the function reference for the supported names)' : `: did you mean ${suggestion}?`),
      );
    }
    if (fn.topLevelOnly === true && depth > 0) {
      throw this.expected('a value', token, (at) =>
        `${fn.name} ${at} must be the whole expression (top level only); it cannot be an argument of another function`,
      );
    }
    if (depth >= MAX_NESTING_DEPTH) {
      throw this.expected('a value', token, (at) =>
        `Function calls nest more than ${MAX_NESTING_DEPTH} levels deep ${at}; simplify the expression`,
      );
    }
    this.lexer.next(); // "("
    return this.parseCall(fn, token, depth);
  }

  private parseCall(fn: FunctionSignature, nameToken: Token, depth: number): FunctionNode {
    const args: Array<ExpressionNode | null> = [];
    let close = this.lexer.peek();
    if (close.kind === ')') {
      this.lexer.next();
    } else {
      for (;;) {
        const index = args.length;
        const param = parameterAt(fn, index);
        const slot = this.lexer.peek();
        if (param === undefined) {
          // Only a function without parameters gets here (Now, Guid): otherwise the comma check below stops first.
          throw this.expected('")"', slot, (at) =>
            `${fn.name} takes no arguments; expected ")" ${at}, found ${describeFound(slot)}`,
          );
        }
        if (slot.kind === ',' || slot.kind === ')') {
          if (param.required || param.allowMultipleOccurrences) {
            throw this.expected(VALUE_EXPECTED, slot, (at) =>
              `The ${ordinal(index)} argument of ${fn.name} (${param.name}) cannot be empty; expected a value ${at}, ` +
              `found ${describeFound(slot)}`,
            );
          }
          args.push(null);
        } else {
          args.push(this.parseValue(depth + 1, param.acceptsComparison === true));
        }
        const separator = this.lexer.peek();
        if (separator.kind === ',') {
          this.lexer.next();
          if (fn.maxArgs !== null && args.length === fn.maxArgs) {
            throw this.expected('")"', separator, (at) =>
              `${fn.name} takes at most ${plural(fn.maxArgs ?? 0, 'argument')} (${parameterList(fn)}); ` +
              `expected ")" ${at}, found ","`,
            );
          }
          continue;
        }
        if (separator.kind === ')') break;
        if (separator.kind === 'operator') throw this.misplacedComparison(separator, '"," or ")"');
        if (separator.kind === 'identifier' && /^(and|or)$/i.test(separator.text)) throw this.andOr(separator);
        throw this.expected('"," or ")"', separator);
      }
      close = this.lexer.next();
    }
    if (args.length < fn.minArgs) {
      throw this.expected('","', close, (at) =>
        `${fn.name} needs ${fn.maxArgs === fn.minArgs ? '' : 'at least '}${plural(fn.minArgs, 'argument')} but has ` +
        `${args.length} (usage: ${fn.signature}); expected "," ${at}, found ")"`,
      );
    }
    if (fn.pairedRepeats === true) {
      const repeated = args.length - (fn.parameters.length - 1);
      if (repeated % 2 !== 0) {
        throw this.expected('","', close, (at) =>
          `${fn.name} needs its keys and values in pairs, but the last key has no value; expected "," ${at}, found ")"`,
        );
      }
    }
    return {
      type: 'Function',
      name: fn.name,
      writtenName: nameToken.text,
      args,
      span: { start: nameToken.start, end: close.end },
    };
  }
}

function constant(value: string, form: ConstantNode['form'], raw: string, span: Span): ConstantNode {
  return { type: 'Constant', value, form, raw, span };
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The catalogue name closest to a misspelt one, if any is close enough to be a plausible typo. */
function closestFunctionName(written: string): string | undefined {
  const lower = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const fn of FUNCTION_CATALOGUE) {
    const name = fn.name.toLowerCase();
    const distance = name.startsWith(lower) || lower.startsWith(name) ? Math.abs(name.length - lower.length) : editDistance(lower, name);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = fn.name;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 3)) ? best : undefined;
}

/**
 * The source line of the error and a caret line under the offending text, for terminals:
 * ```
 * IIF([a] = "b" [c], "x", "y")
 *               ^^^
 * ```
 * Long lines are cut to a window around the error (marked with `…`); tabs are kept so the caret lines up. Takes a parse
 * error or any other span of the text (an evaluation error's failing call).
 */
export function formatParseErrorWithCaret(text: string, error: Pick<ExpressionParseError, 'offset' | 'length'>): string {
  const offset = Math.max(0, Math.min(error.offset, text.length));
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let lineEnd = text.length;
  for (let i = lineStart; i < text.length; i++) {
    if (text[i] === '\n' || text[i] === '\r') {
      lineEnd = i;
      break;
    }
  }
  const WINDOW = 100;
  let from = lineStart;
  let to = lineEnd;
  let prefix = '';
  let suffix = '';
  if (to - from > WINDOW) {
    from = Math.max(lineStart, offset - WINDOW / 2);
    to = Math.min(lineEnd, from + WINDOW);
    if (from > lineStart) prefix = '…';
    if (to < lineEnd) suffix = '…';
  }
  const line = text.slice(from, to);
  const lead = text.slice(from, offset).replace(/[^\t]/g, ' ');
  const caretLength = Math.max(1, Math.min(error.length, to - offset));
  return `${prefix}${line}${suffix}\n${' '.repeat(prefix.length)}${lead}${'^'.repeat(caretLength)}`;
}

export type ExpressionLintCode =
  | 'nonCanonicalFunctionName'
  | 'unescapedBackslash'
  | 'iifConditionAttribute'
  | 'switchOnPresenceTest';

/** A warning about text that parses but is probably not what the author meant. */
export interface ExpressionLintWarning {
  readonly code: ExpressionLintCode;
  readonly message: string;
  readonly span: Span;
  /** 1-based position of `span.start`. */
  readonly line: number;
  readonly column: number;
}

const PRESENCE_TESTS = new Set(['IsPresent', 'IsNull', 'IsNullOrEmpty', 'IsNothing']);

/**
 * Warnings for a parsed expression (reference §3.2, §3.4, §3.8): non-canonical function casing, a backslash that
 * escapes nothing, an IIF whose condition reads an attribute (null/empty → the mapping is skipped), and a Switch on
 * IsPresent/IsNull/IsNullOrEmpty. `text` is the text the node was parsed from (for positions). In text order.
 */
export function collectLintWarnings(node: ExpressionNode, text: string): ExpressionLintWarning[] {
  const warnings: ExpressionLintWarning[] = [];
  const warn = (code: ExpressionLintCode, span: Span, message: string): void => {
    const { line, column } = positionAt(text, span.start);
    warnings.push({ code, message, span, line, column });
  };
  const visit = (n: ExpressionNode): void => {
    switch (n.type) {
      case 'Attribute':
        return;
      case 'Constant':
        if (n.form === 'string') lintBackslashes(n, warn);
        return;
      case 'Comparison':
        visit(n.left);
        visit(n.right);
        return;
      case 'Function':
        lintFunction(n, warn);
        for (const arg of n.args) if (arg !== null) visit(arg);
        return;
    }
  };
  visit(node);
  return warnings.sort((a, b) => a.span.start - b.span.start);
}

type Warn = (code: ExpressionLintCode, span: Span, message: string) => void;

function lintBackslashes(n: ConstantNode, warn: Warn): void {
  // raw includes the quotes; walk it the way the lexer did.
  for (let i = 1; i < n.raw.length - 1; i++) {
    if (n.raw[i] !== '\\') continue;
    const next = n.raw[i + 1]!;
    if (next === '\\' || next === '"') {
      i++;
      continue;
    }
    const start = n.span.start + i;
    warn('unescapedBackslash', { start, end: start + 1 },
      `Unescaped backslash before "${next}": it is kept as the two characters \\${next}. Write \\\\${next} to ` +
      'say so explicitly (regular expressions need doubled backslashes, e.g. "\\\\d")');
  }
}

function lintFunction(n: FunctionNode, warn: Warn): void {
  if (n.writtenName !== n.name) {
    warn('nonCanonicalFunctionName', { start: n.span.start, end: n.span.start + n.writtenName.length },
      `"${n.writtenName}" is written in non-canonical casing; the function is "${n.name}"`);
  }
  const first = n.args[0];
  if (first == null) return;
  if (n.name === 'IIF') {
    const attributes = attributesIn(first);
    if (attributes.length > 0) {
      const a = attributes[0]!;
      warn('iifConditionAttribute', first.span,
        `If ${attributes.map((x) => `[${x}]`).join(' or ')} is null or empty, the IIF evaluates to null and the ` +
        `attribute is not provisioned (neither branch is taken). To give empty values a value use Switch: ` +
        `Switch([${a}], [${a}], "", "<value when empty>")`);
    }
  }
  if (n.name === 'Switch' && first.type === 'Function' && PRESENCE_TESTS.has(first.name)) {
    warn('switchOnPresenceTest', first.span,
      `Switch on ${first.name}() matches the text "True"/"False" against the keys, which Microsoft advises ` +
      'against; to handle an empty attribute use Switch([attribute], [attribute], "", "<value when empty>")');
  }
}

function attributesIn(node: ExpressionNode): string[] {
  switch (node.type) {
    case 'Attribute':
      return [node.name];
    case 'Constant':
      return [];
    case 'Comparison':
      return [...attributesIn(node.left), ...attributesIn(node.right)];
    case 'Function':
      return node.args.flatMap((a) => (a === null ? [] : attributesIn(a)));
  }
}
