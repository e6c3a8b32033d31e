/**
 * The `$filter` subset Microsoft Graph accepts on directory objects (graph-api.md §3.3, §7): comparison operators
 * `eq ne ge le gt lt`, `in (…)`, `and`/`or`/`not`, functions `startsWith`/`endsWith` (names case-insensitive),
 * lambdas `any(x: …)`/`all(x: …)` on collections, string/number/boolean/null/GUID literals, and paths like
 * `onPremisesExtensionAttributes/extensionAttribute1`.
 *
 * Parsing is separate from policy: {@link parseFilter} builds an AST, {@link filterClauses} lists every
 * (property, operator) pair so each collection can check its own support table (default vs advanced query), and
 * {@link evaluateFilter} runs it on a plain object with directory semantics (string comparisons ignore case).
 */

export type FilterLiteral = string | number | boolean | null;

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly path: string; readonly value: FilterLiteral }
  | { readonly kind: 'in'; readonly path: string; readonly values: readonly FilterLiteral[] }
  | { readonly kind: 'call'; readonly fn: 'startsWith' | 'endsWith'; readonly path: string; readonly value: string }
  | { readonly kind: 'lambda'; readonly quantifier: 'any' | 'all'; readonly path: string; readonly variable: string; readonly body: FilterNode };

export type CompareOp = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';

/** The operator classes of the reference's support table (§3.3). */
export type FilterOperatorClass = 'eq' | 'ne' | 'range' | 'in' | 'startsWith' | 'endsWith' | 'eqNull' | 'not';

export interface FilterClause {
  /** Property path, e.g. `mail` or `onPremisesExtensionAttributes/extensionAttribute1`; lambda clauses name the collection. */
  readonly property: string;
  readonly operator: FilterOperatorClass;
  /** Operator as the user wrote it, for error messages (`endsWith`, `ne`, `not`, …). */
  readonly spelled: string;
}

/** A `$filter` the parser cannot read; the emulator answers 400 `BadRequest` with this message. */
export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { readonly type: 'ident'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly text: string; readonly at: number }
  | { readonly type: 'number'; readonly text: string; readonly at: number }
  | { readonly type: 'punct'; readonly text: '(' | ')' | ',' | ':'; readonly at: number };

const GUID_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z-])/i;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?(?![0-9a-z-])/i;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === "'") {
      // OData string literal: '' escapes a quote.
      const start = i;
      let text = '';
      i += 1;
      for (;;) {
        if (i >= input.length) throw new FilterSyntaxError(`Unterminated string literal starting at position ${start} in $filter.`);
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += input[i];
        i += 1;
      }
      tokens.push({ type: 'string', text, at: start });
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === ':') {
      tokens.push({ type: 'punct', text: ch, at: i });
      i += 1;
    } else if (GUID_PREFIX.test(input.slice(i)) || DATE_PREFIX.test(input.slice(i))) {
      // Unquoted GUID or DateTimeOffset literal: kept as text.
      const match = (GUID_PREFIX.exec(input.slice(i)) ?? DATE_PREFIX.exec(input.slice(i)))!;
      tokens.push({ type: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (/[0-9-]/.test(ch)) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(input.slice(i));
      if (!match) throw new FilterSyntaxError(`Syntax error: '${ch}' at position ${i} in $filter does not start a number.`);
      tokens.push({ type: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (/[A-Za-z_$@]/.test(ch)) {
      const match = /^[A-Za-z_$@][A-Za-z0-9_./$@]*/.exec(input.slice(i))!;
      tokens.push({ type: 'ident', text: match[0], at: i });
      i += match[0].length;
    } else {
      throw new FilterSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i} in $filter.`);
    }
  }
  return tokens;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'ge', 'le', 'gt', 'lt']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new FilterSyntaxError('The $filter expression is empty.');
    const node = this.parseOr();
    const rest = this.peek();
    if (rest) throw new FilterSyntaxError(`Syntax error at position ${rest.at} in '${this.source}': unexpected '${rest.text}'.`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FilterSyntaxError(`Syntax error in '${this.source}': expected ${what} but the expression ended.`);
    this.index += 1;
    return token;
  }

  private expectPunct(text: '(' | ')' | ',' | ':'): void {
    const token = this.next(`'${text}'`);
    if (token.type !== 'punct' || token.text !== text) {
      throw new FilterSyntaxError(`Syntax error at position ${token.at} in '${this.source}': expected '${text}' but found '${token.text}'.`);
    }
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'ident' && token.text.toLowerCase() === word;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword('not')) {
      this.index += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const token = this.next('a filter clause');
    if (token.type === 'punct' && token.text === '(') {
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (token.type !== 'ident') {
      throw new FilterSyntaxError(`Syntax error at position ${token.at} in '${this.source}': expected a property or function but found '${token.text}'.`);
    }
    const lower = token.text.toLowerCase();
    if ((lower === 'startswith' || lower === 'endswith') && this.peek()?.text === '(') {
      this.expectPunct('(');
      const path = this.parsePath();
      this.expectPunct(',');
      const value = this.parseLiteral();
      this.expectPunct(')');
      if (typeof value !== 'string') throw new FilterSyntaxError(`${token.text}() needs a string literal as its second argument in '${this.source}'.`);
      return { kind: 'call', fn: lower === 'startswith' ? 'startsWith' : 'endsWith', path, value };
    }
    const lambda = /^(.*)\/(any|all)$/i.exec(token.text);
    if (lambda && this.peek()?.text === '(') {
      this.expectPunct('(');
      const variable = this.next('a lambda variable');
      if (variable.type !== 'ident') throw new FilterSyntaxError(`Syntax error at position ${variable.at}: expected a lambda variable name.`);
      this.expectPunct(':');
      const body = this.parseOr();
      this.expectPunct(')');
      return { kind: 'lambda', quantifier: lambda[2]!.toLowerCase() as 'any' | 'all', path: lambda[1]!, variable: variable.text, body };
    }
    const path = token.text;
    const opToken = this.next('an operator after the property');
    const op = opToken.text.toLowerCase();
    if (opToken.type === 'ident' && op === 'in') {
      this.expectPunct('(');
      const values: FilterLiteral[] = [this.parseLiteral()];
      while (this.peek()?.text === ',') {
        this.index += 1;
        values.push(this.parseLiteral());
      }
      this.expectPunct(')');
      return { kind: 'in', path, values };
    }
    if (opToken.type !== 'ident' || !COMPARE_OPS.has(op)) {
      throw new FilterSyntaxError(`Syntax error at position ${opToken.at} in '${this.source}': '${opToken.text}' is not a supported operator (eq, ne, ge, le, gt, lt, in).`);
    }
    return { kind: 'compare', op: op as CompareOp, path, value: this.parseLiteral() };
  }

  private parsePath(): string {
    const token = this.next('a property name');
    if (token.type !== 'ident') throw new FilterSyntaxError(`Syntax error at position ${token.at}: expected a property name.`);
    return token.text;
  }

  private parseLiteral(): FilterLiteral {
    const token = this.next('a value');
    if (token.type === 'string') return token.text;
    if (token.type === 'number') {
      if (GUID.test(token.text) || DATE_PREFIX.test(token.text)) return token.text;
      const value = Number(token.text);
      if (!Number.isFinite(value)) throw new FilterSyntaxError(`'${token.text}' at position ${token.at} is not a valid literal.`);
      return value;
    }
    if (token.type === 'ident') {
      const lower = token.text.toLowerCase();
      if (lower === 'null') return null;
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (GUID.test(token.text)) return token.text;
      // Date-time literals are unquoted in OData (2021-01-01T00:00:00Z start with a digit, handled above).
    }
    throw new FilterSyntaxError(`Syntax error at position ${token.at} in '${this.source}': expected a literal (quoted string, number, true, false or null) but found '${token.text}'.`);
  }
}

export function parseFilter(source: string): FilterNode {
  return new Parser(tokenize(source), source).parse();
}

/** Every (property, operator) pair the filter uses, for support-table checks. */
export function filterClauses(node: FilterNode): FilterClause[] {
  const clauses: FilterClause[] = [];
  const walk = (n: FilterNode, lambdaOf?: { variable: string; path: string }): void => {
    const property = (path: string): string => (lambdaOf && path === lambdaOf.variable ? lambdaOf.path : path);
    switch (n.kind) {
      case 'and':
      case 'or':
        walk(n.left, lambdaOf);
        walk(n.right, lambdaOf);
        return;
      case 'not':
        clauses.push({ property: firstPath(n.operand, lambdaOf), operator: 'not', spelled: 'not' });
        walk(n.operand, lambdaOf);
        return;
      case 'compare': {
        let operator: FilterOperatorClass = n.op === 'eq' ? 'eq' : n.op === 'ne' ? 'ne' : 'range';
        if (n.value === null && (n.op === 'eq' || n.op === 'ne')) operator = n.op === 'eq' ? 'eqNull' : 'ne';
        clauses.push({ property: property(n.path), operator, spelled: n.op });
        return;
      }
      case 'in':
        clauses.push({ property: property(n.path), operator: 'in', spelled: 'in' });
        return;
      case 'call':
        clauses.push({ property: property(n.path), operator: n.fn, spelled: n.fn });
        return;
      case 'lambda':
        walk(n.body, { variable: n.variable, path: n.path });
        return;
    }
  };
  walk(node);
  return clauses;
}

function firstPath(node: FilterNode, lambdaOf?: { variable: string; path: string }): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return firstPath(node.left, lambdaOf);
    case 'not':
      return firstPath(node.operand, lambdaOf);
    case 'lambda':
      return node.path;
    default:
      return lambdaOf && node.path === lambdaOf.variable ? lambdaOf.path : node.path;
  }
}

/** Reads `a/b` paths from an object. */
function readPath(target: unknown, path: string): unknown {
  let current: unknown = target;
  for (const part of path.split('/')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function normalize(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function compare(op: CompareOp, actual: unknown, expected: FilterLiteral): boolean {
  if (expected === null) {
    const isNull = actual === null || actual === undefined;
    return op === 'eq' ? isNull : op === 'ne' ? !isNull : false;
  }
  if (actual === null || actual === undefined) return op === 'ne';
  const a = normalize(actual) as string | number | boolean;
  const b = normalize(expected) as string | number | boolean;
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'ge':
      return a >= b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'lt':
      return a < b;
  }
}

/** Evaluates the filter on one object. Collections compared with `eq` outside a lambda match when any element matches. */
export function evaluateFilter(node: FilterNode, target: Record<string, unknown>, scope: Record<string, unknown> = {}): boolean {
  const value = (path: string): unknown => (path in scope ? scope[path] : readPath(target, path));
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, target, scope) && evaluateFilter(node.right, target, scope);
    case 'or':
      return evaluateFilter(node.left, target, scope) || evaluateFilter(node.right, target, scope);
    case 'not':
      return !evaluateFilter(node.operand, target, scope);
    case 'compare': {
      const actual = value(node.path);
      if (Array.isArray(actual)) return actual.some((item) => compare(node.op, item, node.value));
      return compare(node.op, actual, node.value);
    }
    case 'in': {
      const actual = value(node.path);
      const items = Array.isArray(actual) ? actual : [actual];
      return items.some((item) => node.values.some((candidate) => compare('eq', item, candidate)));
    }
    case 'call': {
      const actual = value(node.path);
      const items = Array.isArray(actual) ? actual : [actual];
      const needle = node.value.toLowerCase();
      return items.some(
        (item) => typeof item === 'string' && (node.fn === 'startsWith' ? item.toLowerCase().startsWith(needle) : item.toLowerCase().endsWith(needle)),
      );
    }
    case 'lambda': {
      const collection = value(node.path);
      const items = Array.isArray(collection) ? collection : [];
      const test = (item: unknown): boolean => evaluateFilter(node.body, target, { ...scope, [node.variable]: item });
      return node.quantifier === 'any' ? items.some(test) : items.every(test);
    }
  }
}
