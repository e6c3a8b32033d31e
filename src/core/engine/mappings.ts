/**
 * Attribute mappings compiled once per run: every source parsed to an expression tree (Direct = `[attr]`, Constant = a
 * string constant, Expression = parsed text, None = no source), the matching mappings sorted by precedence, and the set
 * of source attributes the mappings and scoping filters read — which is exactly what the import `$select`s.
 */
import type { AttributeMapping, ObjectMapping, TargetObjectAction } from '../config';
import {
  type EvaluationContext,
  type EvaluationResult,
  type ExpressionNode,
  ExpressionParseError,
  evaluateExpression,
  lookupSourceAttribute,
  parseExpression,
  quoteString,
  sourceValue,
} from '../expressions';
import type { ScopingFilter } from '../scoping';
import { EngineConfigurationError } from './errors';

export interface CompiledMapping {
  /** Position in the configuration's `attributeMappings`. */
  readonly index: number;
  /** JSON Pointer of the mapping in the configuration file, for messages. */
  readonly path: string;
  readonly mapping: AttributeMapping;
  readonly target: string;
  /** null for type None (the target is left unmodified; reference §1.10). */
  readonly node: ExpressionNode | null;
  /** Source attributes the expression reads, as written. */
  readonly sourceAttributes: ReadonlyArray<string>;
  /** null = not a matching attribute. */
  readonly matchingPrecedence: number | null;
  /** "Apply this mapping: Only during object creation". */
  readonly createOnly: boolean;
}

export interface CompiledObjectMapping {
  readonly name: string;
  readonly enabled: boolean;
  readonly actions: Readonly<Record<TargetObjectAction, boolean>>;
  readonly scopingFilter: ScopingFilter;
  readonly mappings: ReadonlyArray<CompiledMapping>;
  /** Matching mappings, lowest precedence first (reference §1.5). */
  readonly matching: ReadonlyArray<CompiledMapping>;
  /** Every source attribute the mappings and the scoping filter read. */
  readonly sourceAttributes: ReadonlySet<string>;
}

function attributeNames(node: ExpressionNode, into: Set<string>): void {
  switch (node.type) {
    case 'Attribute':
      into.add(node.name);
      return;
    case 'Constant':
      return;
    case 'Comparison':
      attributeNames(node.left, into);
      attributeNames(node.right, into);
      return;
    case 'Function':
      for (const arg of node.args) if (arg !== null) attributeNames(arg, into);
      return;
  }
}

function compileSource(mapping: AttributeMapping, path: string): ExpressionNode | null {
  const span = { start: 0, end: 0 };
  switch (mapping.type) {
    case 'None':
      return null;
    case 'Direct':
      if (mapping.source === undefined || mapping.source === '') {
        throw new EngineConfigurationError(`${path}/source`, 'a Direct mapping needs a source attribute name');
      }
      return { type: 'Attribute', name: mapping.source, span };
    case 'Constant': {
      const value = mapping.source ?? '';
      return { type: 'Constant', value, form: 'string', raw: quoteString(value), span };
    }
    case 'Expression':
      try {
        return parseExpression(mapping.source ?? '');
      } catch (error) {
        if (error instanceof ExpressionParseError) {
          throw new EngineConfigurationError(`${path}/source`, `invalid expression at column ${error.column}: ${error.message}`);
        }
        throw error;
      }
  }
}

export function compileObjectMapping(objectMapping: ObjectMapping, pathPrefix: string): CompiledObjectMapping {
  const mappings = objectMapping.attributeMappings.map((mapping, index): CompiledMapping => {
    const path = `${pathPrefix}/attributeMappings/${index}`;
    const node = compileSource(mapping, path);
    const names = new Set<string>();
    if (node !== null) attributeNames(node, names);
    return {
      index,
      path,
      mapping,
      target: mapping.target,
      node,
      sourceAttributes: [...names],
      matchingPrecedence: mapping.matchingPrecedence !== undefined && mapping.matchingPrecedence > 0 ? mapping.matchingPrecedence : null,
      createOnly: mapping.apply === 'OnCreateOnly',
    };
  });
  // Equal precedences keep configuration order (stable sort): deterministic.
  const matching = mappings.filter((m) => m.matchingPrecedence !== null).sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!);
  const sourceAttributes = new Set<string>();
  for (const m of mappings) for (const name of m.sourceAttributes) sourceAttributes.add(name);
  for (const group of objectMapping.scopingFilters) for (const clause of group.clauses) sourceAttributes.add(clause.sourceOperandName);
  const actions = new Set(objectMapping.targetObjectActions);
  return {
    name: objectMapping.name,
    enabled: objectMapping.enabled,
    actions: { Create: actions.has('Create'), Update: actions.has('Update'), Delete: actions.has('Delete') },
    scopingFilter: { groups: objectMapping.scopingFilters },
    mappings,
    matching,
    sourceAttributes,
  };
}

const NO_FLOW: EvaluationResult = Object.freeze({ flow: false, reason: 'null', redacted: false });
/** One result per Constant mapping, shared by every object (a constant's value is the same for all of them). */
const constantResults = new WeakMap<ExpressionNode, EvaluationResult>();

/**
 * Evaluates one mapping's source; None never flows. Throws ExpressionEvaluationError like the evaluator.
 *
 * Direct and Constant mappings — most of a configuration, evaluated for every object of a cycle — take a short path
 * with exactly the evaluator's result (the value model's conversion of the attribute, null not flowing; a constant
 * always flows) but without its per-call evaluation state: a plan for 100,000 users makes 700,000 of these calls.
 */
export function evaluateMapping(mapping: CompiledMapping, context: EvaluationContext): EvaluationResult {
  const node = mapping.node;
  if (node === null) return NO_FLOW;
  if (node.type === 'Attribute') {
    const value = sourceValue(lookupSourceAttribute(context.source, node.name));
    return value === null ? NO_FLOW : { flow: true, value, redacted: false };
  }
  if (node.type === 'Constant') {
    let result = constantResults.get(node);
    if (result === undefined) {
      result = Object.freeze(evaluateExpression(node, context));
      constantResults.set(node, result);
    }
    return result;
  }
  return evaluateExpression(node, context);
}
