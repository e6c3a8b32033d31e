/**
 * Conversion between our expression tree and Graph's `attributeMappingSource` (reference §3.1, §8.7, §8.8): the shape
 * of a mapping's `source` in the synchronization schema and of `parsedExpression` in parseExpression's response.
 */
import type { ComparisonOperator, ExpressionNode } from './ast';
import { findFunction, parameterAt, type FunctionSignature } from './catalogue';
import { ExpressionParseError } from './errors';
import { parseExpression } from './parser';
import { printExpression } from './printer';

/** Graph's `attributeMappingSource`. */
export interface AttributeMappingSource {
  /** Canonical text of this node (`printExpression`). */
  readonly expression: string;
  /** Attribute name, constant value, or function name. */
  readonly name: string;
  readonly type: 'Attribute' | 'Constant' | 'Function';
  /** `[]` unless a function; skipped optional arguments are left out. */
  readonly parameters: ReadonlyArray<AttributeMappingParameter>;
}

export interface AttributeMappingParameter {
  /** The function's declared parameter name (catalogue), e.g. `Find` for Replace's second argument. */
  readonly key: string;
  readonly value: AttributeMappingSource;
}

/**
 * IIF's condition `[country] = "USA"` has no documented Graph shape. We write it as a Function node named by the
 * operator, with parameters `left` and `right`:
 * `{"expression":"[country] = \"USA\"","name":"=","type":"Function","parameters":[{"key":"left",…},{"key":"right",…}]}`.
 * An operator can never be a function name, so this is unambiguous and the round trip is lossless.
 */
export const COMPARISON_LEFT_KEY = 'left';
export const COMPARISON_RIGHT_KEY = 'right';
const COMPARISON_OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>(['=', '<>', '>', '>=', '<', '<=']);

function leaf(expression: string, name: string, type: 'Attribute' | 'Constant'): AttributeMappingSource {
  return { expression, name, parameters: [], type };
}

/**
 * Our tree → Graph's shape. Numeric literals become Constants whose `name` is the digits and whose `expression` is the
 * quoted digits, as the service does (reference §3.1). Hex literals keep their text as `expression` with the decimal
 * value as `name` (`{"expression":"&HFF","name":"255"}`) and enum literals are `{"expression":"vbTextCompare",
 * "name":"vbTextCompare"}` — undocumented; chosen so that `fromAttributeMappingSource` can restore them.
 */
export function toAttributeMappingSource(node: ExpressionNode): AttributeMappingSource {
  switch (node.type) {
    case 'Attribute':
      return leaf(printExpression(node), node.name, 'Attribute');
    case 'Constant':
      switch (node.form) {
        case 'string':
        case 'number':
          return leaf(printExpression({ ...node, form: 'string' }), node.value, 'Constant');
        case 'hex':
        case 'enum':
          return leaf(node.raw, node.value, 'Constant');
      }
      break;
    case 'Comparison':
      return {
        expression: printExpression(node),
        name: node.operator,
        parameters: [
          { key: COMPARISON_LEFT_KEY, value: toAttributeMappingSource(node.left) },
          { key: COMPARISON_RIGHT_KEY, value: toAttributeMappingSource(node.right) },
        ],
        type: 'Function',
      };
    case 'Function': {
      const fn = findFunction(node.name);
      const parameters: AttributeMappingParameter[] = [];
      node.args.forEach((arg, index) => {
        if (arg === null) return;
        // A parsed tree always fits its catalogue entry; a hand-built one past the end keeps a positional key.
        const key = (fn && parameterAt(fn, index)?.name) ?? `arg${index + 1}`;
        parameters.push({ key, value: toAttributeMappingSource(arg) });
      });
      return { expression: printExpression(node), name: node.name, parameters, type: 'Function' };
    }
  }
}

/** An invalid `attributeMappingSource`: reported like a parse error, with the JSON path of the offending part. */
function invalid(path: string, expected: string, found: string, why: string): ExpressionParseError {
  return new ExpressionParseError(`Invalid attributeMappingSource at ${path}: ${why}`, 0, 1, 1, expected, found);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/**
 * Graph's shape → our tree. When `expression` is present and describes the same tree, it is parsed as is (so bare
 * numbers and spans are kept); otherwise the tree is built from `type`/`name`/`parameters` — placing each parameter by
 * its key, repeated keys in order — and then printed and re-parsed, so the result has spans into
 * `printExpression(result)` and has passed every parser check.
 *
 * @throws ExpressionParseError naming the JSON path (`source.parameters[1].key`) of anything invalid.
 */
export function fromAttributeMappingSource(source: AttributeMappingSource): ExpressionNode {
  if (source !== null && typeof source === 'object' && typeof source.expression === 'string') {
    try {
      const parsed = parseExpression(source.expression);
      if (sameSource(toAttributeMappingSource(parsed), source)) return parsed;
    } catch (error) {
      if (!(error instanceof ExpressionParseError)) throw error;
      // Fall through: the structure decides, and reports its own errors with paths.
    }
  }
  const built = buildNode(source, 'source');
  const text = printExpression(built);
  try {
    return parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionParseError)) throw error;
    throw new ExpressionParseError(
      `Invalid attributeMappingSource: its canonical text ${text.length > 200 ? `${text.slice(0, 200)}…` : text} ` +
        `does not parse: ${error.message}`,
      error.offset, error.line, error.column, error.expected, error.found, error.length,
    );
  }
}

function sameSource(a: AttributeMappingSource, b: AttributeMappingSource): boolean {
  if (a.expression !== b.expression || a.name !== b.name || a.type !== b.type) return false;
  if (!Array.isArray(b.parameters) || a.parameters.length !== b.parameters.length) return false;
  return a.parameters.every((p, i) => {
    const other = b.parameters[i];
    return other != null && p.key === other.key && other.value != null && sameSource(p.value, other.value);
  });
}

const ZERO_SPAN = { start: 0, end: 0 } as const;
const HEX_LITERAL = /^&[Hh][0-9A-Fa-f]+$/;
const ENUM_LITERALS: ReadonlyMap<string, string> = new Map([
  ['vbbinarycompare', 'vbBinaryCompare'],
  ['vbtextcompare', 'vbTextCompare'],
]);

function buildNode(source: unknown, path: string): ExpressionNode {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw invalid(path, 'an object {expression, name, type, parameters}', describe(source),
      `expected an object {expression, name, type, parameters}, found ${describe(source)}`);
  }
  const s = source as Partial<Record<keyof AttributeMappingSource, unknown>>;
  if (typeof s.name !== 'string') {
    throw invalid(`${path}.name`, 'a string', describe(s.name), `"name" must be a string, found ${describe(s.name)}`);
  }
  const name = s.name;
  const parameters = s.parameters ?? [];
  if (!Array.isArray(parameters)) {
    throw invalid(`${path}.parameters`, 'an array', describe(parameters),
      `"parameters" must be an array, found ${describe(parameters)}`);
  }
  switch (s.type) {
    case 'Attribute':
    case 'Constant':
      if (parameters.length > 0) {
        throw invalid(`${path}.parameters`, '[]', describe(parameters), `an ${s.type} has no parameters`);
      }
      if (s.type === 'Attribute') return { type: 'Attribute', name, span: ZERO_SPAN };
      return buildConstant(name, s.expression);
    case 'Function':
      if (COMPARISON_OPERATORS.has(name)) return buildComparison(name as ComparisonOperator, parameters, path);
      return buildFunction(name, parameters, path);
    default:
      throw invalid(`${path}.type`, '"Attribute", "Constant" or "Function"', describe(s.type),
        `"type" must be "Attribute", "Constant" or "Function", found ${describe(s.type)}`);
  }
}

function buildConstant(name: string, expression: unknown): ExpressionNode {
  // Hex and enum literals are recognised by their unquoted expression (see toAttributeMappingSource); everything
  // else — including Graph's quoted numeric literals — is a string constant, which evaluates the same.
  if (typeof expression === 'string') {
    if (HEX_LITERAL.test(expression) && BigInt(`0x${expression.slice(2)}`).toString() === name) {
      return { type: 'Constant', value: name, form: 'hex', raw: expression, span: ZERO_SPAN };
    }
    const enumValue = ENUM_LITERALS.get(expression.toLowerCase());
    if (enumValue !== undefined && enumValue === ENUM_LITERALS.get(name.toLowerCase())) {
      return { type: 'Constant', value: enumValue, form: 'enum', raw: expression, span: ZERO_SPAN };
    }
  }
  return { type: 'Constant', value: name, form: 'string', raw: '', span: ZERO_SPAN };
}

function parameterEntry(entry: unknown, path: string): { key: string; value: unknown } {
  if (entry === null || typeof entry !== 'object' || typeof (entry as { key?: unknown }).key !== 'string') {
    throw invalid(path, 'an object {key, value}', describe(entry),
      `expected a parameter {key, value} with a string key, found ${describe(entry)}`);
  }
  return entry as { key: string; value: unknown };
}

function buildComparison(operator: ComparisonOperator, parameters: unknown[], path: string): ExpressionNode {
  let left: ExpressionNode | undefined;
  let right: ExpressionNode | undefined;
  parameters.forEach((raw, i) => {
    const entryPath = `${path}.parameters[${i}]`;
    const entry = parameterEntry(raw, entryPath);
    if (entry.key === COMPARISON_LEFT_KEY && left === undefined) left = buildNode(entry.value, `${entryPath}.value`);
    else if (entry.key === COMPARISON_RIGHT_KEY && right === undefined) right = buildNode(entry.value, `${entryPath}.value`);
    else {
      throw invalid(`${entryPath}.key`, '"left" or "right"', describe(entry.key),
        `a comparison "${operator}" takes the keys "left" and "right" once each, found ${describe(entry.key)}`);
    }
  });
  if (left === undefined || right === undefined) {
    throw invalid(`${path}.parameters`, '"left" and "right"', describe(parameters),
      `a comparison "${operator}" needs both a "left" and a "right" parameter`);
  }
  return { type: 'Comparison', operator, left, right, span: ZERO_SPAN };
}

function buildFunction(name: string, parameters: unknown[], path: string): ExpressionNode {
  const fn: FunctionSignature | undefined = findFunction(name);
  if (fn === undefined) {
    throw invalid(`${path}.name`, 'a function name', describe(name), `unknown function ${describe(name)}`);
  }
  const fixed = fn.parameters.filter((p) => !p.allowMultipleOccurrences);
  const repeating = fn.parameters.find((p) => p.allowMultipleOccurrences);
  const args: Array<ExpressionNode | null> = fixed.map(() => null);
  const repeated: ExpressionNode[] = [];
  parameters.forEach((raw, i) => {
    const entryPath = `${path}.parameters[${i}]`;
    const entry = parameterEntry(raw, entryPath);
    const value = buildNode(entry.value, `${entryPath}.value`);
    if (repeating !== undefined && entry.key === repeating.name) {
      repeated.push(value);
      return;
    }
    const position = fixed.findIndex((p) => p.name === entry.key);
    if (position < 0) {
      throw invalid(`${entryPath}.key`, fn.parameters.map((p) => `"${p.name}"`).join(', '), describe(entry.key),
        `${describe(entry.key)} is not a parameter of ${fn.name} (its parameters: ${fn.parameters.map((p) => p.name).join(', ')})`);
    }
    if (args[position] !== null) {
      throw invalid(`${entryPath}.key`, 'each parameter once', describe(entry.key),
        `parameter ${describe(entry.key)} of ${fn.name} appears more than once`);
    }
    args[position] = value;
  });
  // Trailing empty optional slots carry no information in Graph's shape: drop them, unless repeats follow.
  if (repeated.length === 0) while (args.length > 0 && args[args.length - 1] === null) args.pop();
  return { type: 'Function', name: fn.name, writtenName: fn.name, args: [...args, ...repeated], span: ZERO_SPAN };
}
