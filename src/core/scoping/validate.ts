/**
 * Configuration checks for a scoping filter, as read from JSON (a user's file, a Graph schema, the editor): structure,
 * operators, operand counts and types, regexes, and attributes scoping can't use. Each problem carries a JSON path.
 */
import { RegexTranslationError, compileDotNetRegex } from '../expressions/dotnet/regex';
import {
  SCOPING_OPERATORS,
  UNDOCUMENTED_OPERATORS,
  foldOperatorName,
  parseScopingInteger,
  scopingOperator,
  type ScopingOperatorInfo,
} from './operators';
import type { ScopingDiagnostic, ScopingDiagnosticCode } from './types';

/**
 * Attributes reference §2.1 / §1.13 name as unusable in scoping filters, and well-known Entra attributes of the kinds it
 * excludes (multi-valued, date-typed, references). Decision: all are **errors** — the service cannot evaluate them, so
 * a filter using one never does what the admin meant. Names compare case-insensitively.
 */
const UNSUPPORTED_ATTRIBUTES: ReadonlyMap<string, string> = new Map([
  ['approleassignments', 'appRoleAssignments can\'t be used in scoping filters; scope by assignment (Users and groups) instead'],
  ['usertype', 'userType can\'t be used in scoping filters (documented limitation)'],
  ['manager', 'manager is a reference attribute and can\'t be used in scoping filters'],
  ['members', 'a group\'s members attribute can\'t be used in scoping filters'],
  ['memberof', 'group membership can\'t be tested in scoping filters; scope by group assignment instead'],
  ...['createdDateTime', 'employeeHireDate', 'employeeLeaveDateTime', 'lastPasswordChangeDateTime', 'onPremisesLastSyncDateTime',
    'refreshTokensValidFromDateTime', 'signInSessionsValidFromDateTime', 'deletedDateTime'].map(
    (name): [string, string] => [name.toLowerCase(), `${name} is date-typed; date attributes can't be used in scoping filters`],
  ),
]);

const MULTI_VALUED_ATTRIBUTES: ReadonlySet<string> = new Set(
  ['proxyAddresses', 'otherMails', 'businessPhones', 'imAddresses', 'identities', 'assignedLicenses', 'assignedPlans',
    'provisionedPlans', 'schools', 'skills', 'interests', 'responsibilities', 'pastProjects'].map((name) => name.toLowerCase()),
);

/**
 * Returns every problem found (empty = valid). `path` is the JSON path of `filter` itself, e.g. `$` for a filter file
 * or `$.objectMappings[0].scope` inside a schema. `null`/`undefined` is a valid "no scoping filter".
 */
export function validateScopingFilter(filter: unknown, path = '$'): ScopingDiagnostic[] {
  const diagnostics: ScopingDiagnostic[] = [];
  const report: Report = (severity, code, at, message) => {
    diagnostics.push({ severity, code, path: at, message });
  };

  if (filter === null || filter === undefined) return diagnostics;
  if (!isRecord(filter)) {
    report('error', 'invalid-structure', path, `a scoping filter must be an object like {"groups": [...]}, found ${describeJson(filter)}`);
    return diagnostics;
  }
  if (!('groups' in filter)) {
    report('error', 'invalid-structure', `${path}.groups`, 'missing "groups": list the scoping filters (use [] for none)');
  } else {
    validateGroups(filter.groups, `${path}.groups`, report);
  }
  for (const key of ['inputFilterGroups', 'categoryFilterGroups'] as const) {
    const value = filter[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) {
      report('error', 'invalid-structure', `${path}.${key}`, `"${key}" must be a list, found ${describeJson(value)}`);
    } else if (value.length > 0) {
      report('warning', 'experimental-filter-groups', `${path}.${key}`,
        `"${key}" is experimental in Graph and not evaluated by this tool; only "groups" decides scope here`);
    }
  }
  return diagnostics;
}

/** True when the diagnostics contain at least one error (warnings don't block). */
export function hasScopingErrors(diagnostics: ReadonlyArray<ScopingDiagnostic>): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

type Report = (severity: ScopingDiagnostic['severity'], code: ScopingDiagnosticCode, at: string, message: string) => void;

function validateGroups(groups: unknown, path: string, report: Report): void {
  if (!Array.isArray(groups)) {
    report('error', 'invalid-structure', path, `"groups" must be a list of {"name", "clauses"}, found ${describeJson(groups)}`);
    return;
  }
  groups.forEach((group: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(group)) {
      report('error', 'invalid-structure', at, `a filter group must be an object {"name", "clauses"}, found ${describeJson(group)}`);
      return;
    }
    if (typeof group.name !== 'string' || group.name.trim() === '') {
      report('error', 'invalid-structure', `${at}.name`, 'the scoping filter needs a title: set "name" to a non-empty string');
    }
    if (!Array.isArray(group.clauses)) {
      report('error', 'invalid-structure', `${at}.clauses`, `"clauses" must be a list of clauses, found ${describeJson(group.clauses)}`);
      return;
    }
    if (group.clauses.length === 0) {
      report('warning', 'empty-group', `${at}.clauses`, 'this scoping filter has no clauses, so it puts every object in scope');
    }
    group.clauses.forEach((clause: unknown, clauseIndex) => validateClause(clause, `${at}.clauses[${clauseIndex}]`, report));
  });
}

function validateClause(clause: unknown, at: string, report: Report): void {
  if (!isRecord(clause)) {
    report('error', 'invalid-structure', at,
      `a clause must be an object {"operatorName", "sourceOperandName", "targetOperand": {"values": [...]}}, found ${describeJson(clause)}`);
    return;
  }
  const { operatorName, sourceOperandName, targetOperand } = clause;
  if (typeof sourceOperandName !== 'string' || sourceOperandName.trim() === '') {
    report('error', 'invalid-structure', `${at}.sourceOperandName`, 'set "sourceOperandName" to the source attribute to test, e.g. "department"');
  } else {
    validateAttribute(sourceOperandName, `${at}.sourceOperandName`, report);
  }

  let values: string[] | undefined;
  if (!isRecord(targetOperand)) {
    report('error', 'invalid-structure', `${at}.targetOperand`, `"targetOperand" must be {"values": [...]} (use [] for unary operators), found ${describeJson(targetOperand)}`);
  } else if (!Array.isArray(targetOperand.values)) {
    report('error', 'invalid-structure', `${at}.targetOperand.values`, `"values" must be a list of strings, found ${describeJson(targetOperand.values)}`);
  } else {
    const list: unknown[] = targetOperand.values;
    const badIndex = list.findIndex((value) => typeof value !== 'string');
    if (badIndex >= 0) {
      report('error', 'invalid-structure', `${at}.targetOperand.values[${badIndex}]`,
        `values are strings in Graph's filter shape, found ${describeJson(list[badIndex])}; quote it`);
    } else {
      values = list as string[];
    }
  }

  if (typeof operatorName !== 'string') {
    report('error', 'invalid-structure', `${at}.operatorName`, `"operatorName" must be a string such as "EQUALS", found ${describeJson(operatorName)}`);
    return;
  }
  const operator = scopingOperator(operatorName);
  if (!operator) {
    reportUnknownOperator(operatorName, `${at}.operatorName`, report);
    return;
  }
  if (operator.semanticsUndocumented) {
    report('warning', 'undocumented-semantics', `${at}.operatorName`,
      `Microsoft doesn't document what "${operator.name}" does; this tool reads it as "the attribute ${operator.description}"`);
  }
  if (values) validateOperands(operator, values, `${at}.targetOperand.values`, report);
}

function validateAttribute(name: string, at: string, report: Report): void {
  const folded = name.toLowerCase();
  const unsupported = UNSUPPORTED_ATTRIBUTES.get(folded);
  if (unsupported) {
    report('error', 'unsupported-attribute', at, unsupported);
  } else if (MULTI_VALUED_ATTRIBUTES.has(folded)) {
    report('error', 'multi-valued-attribute', at, `${name} is multi-valued; scoping filters don't support multi-valued attributes`);
  }
}

function reportUnknownOperator(name: string, at: string, report: Report): void {
  const folded = foldOperatorName(name);
  const undocumented = UNDOCUMENTED_OPERATORS.get(folded);
  if (undocumented) {
    report('error', 'undocumented-operator', at,
      `"${name}" is not a documented scoping operator, so the service may reject or ignore it; ${undocumented.hint}`);
    return;
  }
  const sameLetters = SCOPING_OPERATORS.find((operator) => foldOperatorName(operator.name) === folded);
  const known = SCOPING_OPERATORS.map((operator) => `"${operator.name}"`).join(', ');
  report('error', 'unknown-operator', at,
    sameLetters
      ? `unknown operator "${name}": operator names are exact; did you mean "${sameLetters.name}"?`
      : `unknown operator "${name}"; use one of ${known}`);
}

function validateOperands(operator: ScopingOperatorInfo, values: ReadonlyArray<string>, at: string, report: Report): void {
  if (operator.arity === 'Unary') {
    if (values.length > 0) {
      report('error', 'wrong-value-count', at, `"${operator.name}" takes no value; found ${values.length}, set "values" to []`);
    }
    return;
  }
  if (values.length !== 1) {
    report('error', 'wrong-value-count', at, `"${operator.name}" takes exactly one value; found ${values.length}`);
    return;
  }
  const value = values[0];
  const valueAt = `${at}[0]`;
  if (value === '') {
    report('warning', 'never-matches', valueAt,
      'empty value: null or empty attributes fail every comparison, so this clause can\'t test for emptiness; use IS NULL or IS NOT NULL');
    return;
  }
  switch (operator.operand) {
    case 'regex':
      try {
        compileDotNetRegex(value);
      } catch (error) {
        if (!(error instanceof RegexTranslationError)) throw error;
        report('error', 'invalid-regex', valueAt, `invalid .NET regex ${JSON.stringify(value)}: ${error.message}`);
        return;
      }
      if (looksLikeUnanchoredNumericRange(value)) {
        report('warning', 'unanchored-numeric-regex', valueAt,
          `${JSON.stringify(value)} matches anywhere in the value (like .NET Regex.IsMatch), so longer numbers match too; write "^…$" to match whole values`);
      }
      return;
    case 'integer':
      if (parseScopingInteger(value) === undefined) {
        report('error', 'non-integer-operand', valueAt,
          `"${operator.name}" compares integers, but ${JSON.stringify(value)} is not an integer (use digits only, e.g. "10")`);
      }
      return;
    default:
      return;
  }
}

/** `([1-9][0-9])`, `\d{7}`, `(1[0-9]{6})`: digit-only patterns meant as ranges, with no `^`/`$`/`\A`/`\z`. */
function looksLikeUnanchoredNumericRange(pattern: string): boolean {
  if (!/^[\d()[\]\-{},|?+*\\d]+$/.test(pattern)) return false;
  // Any anchor (`^`, `$`, `\A`, `\z`) falls outside the characters allowed above; require a digit class.
  return /\[|\\d/.test(pattern);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
