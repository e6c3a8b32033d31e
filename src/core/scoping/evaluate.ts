/**
 * Evaluates a scoping filter against one source object, the way the provisioning service does (reference §2.3), and
 * explains every clause so an admin can see why a user is in or out of scope.
 */
import { lookupSourceAttribute, sourceValue, type SourceAttributeValue, type SourceObject } from '../expressions';
import { RegexTranslationError, compileDotNetRegex, type CompiledRegex } from '../expressions/dotnet/regex';
import { parseScopingInteger, scopingOperator, type ScopingOperatorInfo } from './operators';
import type { ClauseEvaluation, FilterClause, GroupEvaluation, ScopeEvaluation, ScopingFilter } from './types';

/**
 * Groups are OR-ed, clauses AND-ed; no filter or no groups = in scope. Every group and clause is evaluated (no
 * short-circuit) so the explanation is complete. Never throws for a filter in Graph's shape: an invalid regex or an
 * unknown operator makes its clause false with the reason in the explanation (validateScopingFilter reports them as
 * configuration errors first).
 */
export function evaluateScope(filter: ScopingFilter | null | undefined, source: SourceObject): ScopeEvaluation {
  const groups: GroupEvaluation[] = (filter?.groups ?? []).map((group) => {
    const clauses = group.clauses.map((clause) => evaluateClause(clause, source));
    return { name: group.name, passed: clauses.every((clause) => clause.passed), clauses };
  });
  return { inScope: groups.length === 0 || groups.some((group) => group.passed), groups };
}

/**
 * The verdict in the service's words: `Passed scope filter` (provisioning logs: "Passed scope filter: True") or
 * `User did not pass scoping filter "Sales only"` / `… did not pass any scoping filter ("A", "B")`.
 */
export function scopeVerdict(evaluation: ScopeEvaluation, objectType = 'User'): string {
  if (evaluation.groups.length === 0) return 'Passed scope filter (no scoping filter configured)';
  if (evaluation.inScope) {
    const passed = evaluation.groups.filter((group) => group.passed).map((group) => JSON.stringify(group.name));
    return `Passed scope filter ${passed.join(', ')}`;
  }
  const names = evaluation.groups.map((group) => JSON.stringify(group.name));
  return names.length === 1
    ? `${objectType} did not pass scoping filter ${names[0]}`
    : `${objectType} did not pass any scoping filter (${names.join(', ')})`;
}

/** What the clause sees: nothing (null or empty), one string, or several values (unsupported in scoping). */
type ObservedValue =
  | { readonly kind: 'empty' }
  | { readonly kind: 'single'; readonly text: string }
  | { readonly kind: 'multi' };

export function evaluateClause(clause: FilterClause, source: SourceObject): ClauseEvaluation {
  // Attribute names match exactly, else case-insensitively (the expression language's rule, reference §3.2), so a user
  // file written with `Department` still answers `department`.
  const raw = lookupSourceAttribute(source, clause.sourceOperandName);
  const operator = scopingOperator(clause.operatorName);
  const outcome = operator ? applyOperator(operator, clause, observe(raw)) : { passed: false, note: 'unsupported operator' };
  const notes = [outcome.note, operator?.semanticsUndocumented ? 'semantics not documented' : undefined].filter(Boolean);
  const operand = operator?.arity === 'Unary' ? '' : ` ${quote(clause.targetOperand.values[0] ?? '')}`;
  const explanation =
    `${clause.sourceOperandName} ${clause.operatorName}${operand}: value ${formatRaw(raw)} → ${outcome.passed}` +
    (notes.length > 0 ? ` (${notes.join('; ')})` : '');
  return { clause, passed: outcome.passed, explanation };
}

/** Reads the attribute through the expression language's value model (numbers → "42", Booleans → "True"). */
function observe(raw: SourceAttributeValue | undefined): ObservedValue {
  const value = sourceValue(raw);
  if (value === null || value === '') return { kind: 'empty' };
  if (typeof value === 'string') return { kind: 'single', text: value };
  // An empty list is as empty as null. Decision: a non-empty multi-valued attribute is "present" for IS NULL /
  // IS NOT NULL but fails every other operator, because §2.1 says scoping doesn't support multi-valued attributes
  // (validation reports them too).
  return value.length === 0 ? { kind: 'empty' } : { kind: 'multi' };
}

interface Outcome {
  readonly passed: boolean;
  readonly note?: string;
}

const NULL_FAILS = 'null or empty values fail every comparison';
const MULTI_FAILS = 'multi-valued attributes are not supported in scoping filters';

function applyOperator(operator: ScopingOperatorInfo, clause: FilterClause, value: ObservedValue): Outcome {
  switch (operator.name) {
    case 'IS NULL':
      return { passed: value.kind === 'empty' };
    case 'IS NOT NULL':
      return { passed: value.kind !== 'empty' };
    case 'IS TRUE':
    case 'IS FALSE':
      return booleanTest(operator.name === 'IS TRUE', value);
    default:
      break;
  }
  // Comparison operators (§2.3 null rule): null/empty → false, including the negated ones.
  if (value.kind === 'empty') return { passed: false, note: NULL_FAILS };
  if (value.kind === 'multi') return { passed: false, note: MULTI_FAILS };
  const operand = clause.targetOperand.values[0];
  if (operand === undefined || clause.targetOperand.values.length !== 1) {
    return { passed: false, note: `expects exactly one value, the filter has ${clause.targetOperand.values.length}` };
  }
  const text = value.text;
  switch (operator.name) {
    case 'EQUALS':
      return withCaseNote(text === operand, text.toLowerCase() === operand.toLowerCase());
    case 'NOT EQUALS':
      return withCaseNote(text !== operand, text.toLowerCase() !== operand.toLowerCase());
    case 'Includes':
      return withCaseNote(text.includes(operand), text.toLowerCase().includes(operand.toLowerCase()));
    case 'ENDS_WITH':
      return withCaseNote(text.endsWith(operand), text.toLowerCase().endsWith(operand.toLowerCase()));
    case '&':
      return withCaseNote(operand.includes(text), operand.toLowerCase().includes(text.toLowerCase()));
    case '!&':
      return withCaseNote(!operand.includes(text), !operand.toLowerCase().includes(text.toLowerCase()));
    case 'REGEX MATCH':
    case 'NOT REGEX MATCH':
      return regexTest(operator.name === 'REGEX MATCH', text, operand);
    case 'Greater_Than':
    case 'Greater_Than_OR_EQUALS':
      return integerTest(operator.name === 'Greater_Than_OR_EQUALS', text, operand);
    default:
      return { passed: false, note: 'unsupported operator' };
  }
}

/** Adds "(case-sensitive)" when ignoring case would have flipped the result: that is the surprise worth pointing at. */
function withCaseNote(passed: boolean, passedIgnoringCase: boolean): Outcome {
  return passed === passedIgnoringCase ? { passed } : { passed, note: 'case-sensitive' };
}

/** Booleans: true/false or their string forms, case-insensitive and trimmed as .NET `bool.Parse` (§2.3). */
function booleanTest(wantTrue: boolean, value: ObservedValue): Outcome {
  if (value.kind === 'empty') return { passed: false };
  if (value.kind === 'multi') return { passed: false, note: MULTI_FAILS };
  const folded = value.text.trim().toLowerCase();
  if (folded !== 'true' && folded !== 'false') return { passed: false, note: 'not a Boolean' };
  return { passed: (folded === 'true') === wantTrue };
}

/**
 * REGEX MATCH is .NET `Regex.IsMatch`: unanchored, case-sensitive. Patterns go through the expression language's .NET
 * regex translator (one translator for Replace and scoping), which caches compiled patterns.
 */
function regexTest(wantMatch: boolean, text: string, pattern: string): Outcome {
  let regex: RegExp;
  try {
    regex = isMatchRegex(compileDotNetRegex(pattern));
  } catch (error) {
    if (error instanceof RegexTranslationError) return { passed: false, note: `invalid .NET regex: ${error.message}` };
    throw error;
  }
  const match = regex.exec(text);
  if (match) {
    const note = `matched ${quote(match[0])} at position ${match.index}`;
    return { passed: wantMatch, note };
  }
  if (!regex.flags.includes('i') && ignoringCase(regex).test(text)) {
    return { passed: !wantMatch, note: 'no match; case-sensitive' };
  }
  return { passed: !wantMatch, note: 'no match' };
}

const isMatchRegexes = new WeakMap<CompiledRegex, RegExp>();

/** The compiled regex without the `g` flag, so `exec` carries no `lastIndex` state between users. */
function isMatchRegex(compiled: CompiledRegex): RegExp {
  let regex = isMatchRegexes.get(compiled);
  if (!regex) {
    regex = new RegExp(compiled.global.source, compiled.global.flags.replace('g', ''));
    isMatchRegexes.set(compiled, regex);
  }
  return regex;
}

const caseInsensitiveVariants = new WeakMap<RegExp, RegExp>();

/** The same regex with IgnoreCase, compiled once per regex; only used to explain a miss. */
function ignoringCase(regex: RegExp): RegExp {
  let variant = caseInsensitiveVariants.get(regex);
  if (!variant) {
    variant = new RegExp(regex.source, `${regex.flags}i`);
    caseInsensitiveVariants.set(regex, variant);
  }
  return variant;
}

function integerTest(orEqual: boolean, text: string, operand: string): Outcome {
  const left = parseScopingInteger(text);
  const right = parseScopingInteger(operand);
  if (left === undefined) return { passed: false, note: 'value is not an integer' };
  if (right === undefined) return { passed: false, note: `filter value ${JSON.stringify(operand)} is not an integer` };
  return { passed: orEqual ? left >= right : left > right };
}

function formatRaw(raw: SourceAttributeValue | undefined): string {
  if (raw === undefined || raw === null) return 'null';
  return typeof raw === 'string' ? quote(raw) : JSON.stringify(raw);
}

/**
 * Quotes for reading, not for parsing: only `"` is escaped, so a regex reads as written (`".*\@contoso.com"`), not
 * JSON-doubled (`".*\\@contoso.com"`).
 */
function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}
