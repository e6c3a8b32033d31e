import type { Command } from 'commander';
import {
  evaluateScope,
  hasScopingErrors,
  scopeVerdict,
  validateScopingFilter,
  type ScopeEvaluation,
  type ScopingDiagnostic,
  type ScopingFilter,
} from '../../core/scoping';
import { InputError } from '../../app/input-error';
import { printErrorLines, printJson, printLines, readJsonFile, readSourceObjectFile } from '../io';

interface ScopeOptions {
  readonly filter: string;
  readonly user: string;
  readonly json?: boolean;
}

/**
 * `entra-zendesk scope --filter filter.json --user user.json [--json]` — is this user in scope, and why: the verdict
 * and every clause's explanation. Exit 0 whether in or out of scope (both are answers); 2 for bad input, including
 * a filter with configuration errors (listed with their JSON paths).
 */
export function register(program: Command): void {
  program
    .command('scope')
    .description('Evaluate a scoping filter against a user and explain every clause.')
    .requiredOption('--filter <file>', 'scoping filter JSON in Graph\'s shape: {"groups": [{"name", "clauses": [...]}]}')
    .requiredOption('--user <file>', 'user JSON: an object of source attributes')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  entra-zendesk scope --filter sales-only.json --user jane.json')
    .action((options: ScopeOptions) => runScope(options));
}

function runScope(options: ScopeOptions): void {
  const filterJson = readJsonFile(options.filter, '--filter file');
  const diagnostics = validateScopingFilter(filterJson, '$');
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (hasScopingErrors(diagnostics)) {
    throw new InputError(
      [`--filter file "${options.filter}" is not a valid scoping filter:`, ...errors.map(formatDiagnostic)].join('\n'),
    );
  }
  const source = readSourceObjectFile(options.user);
  const evaluation = evaluateScope(filterJson as ScopingFilter | null, source);

  if (options.json) {
    printJson(toJson(evaluation, warnings));
    return;
  }
  printErrorLines(warnings.map(formatDiagnostic));
  printLines(formatEvaluation(evaluation));
}

function formatDiagnostic(diagnostic: ScopingDiagnostic): string {
  return `  ${diagnostic.severity} at ${diagnostic.path}: ${diagnostic.message}`;
}

/** Human text: the verdict, then each filter group and its clauses, marked ✓ / ✗. */
function formatEvaluation(evaluation: ScopeEvaluation): string[] {
  const lines = [`${evaluation.inScope ? 'IN SCOPE' : 'OUT OF SCOPE'}: ${scopeVerdict(evaluation)}`];
  for (const group of evaluation.groups) {
    lines.push(`  ${mark(group.passed)} scoping filter ${JSON.stringify(group.name)}${group.clauses.length === 0 ? ' (no clauses)' : ''}`);
    for (const clause of group.clauses) lines.push(`      ${mark(clause.passed)} ${clause.explanation}`);
  }
  return lines;
}

function mark(passed: boolean): string {
  return passed ? '✓' : '✗';
}

function toJson(evaluation: ScopeEvaluation, warnings: ReadonlyArray<ScopingDiagnostic>): unknown {
  return {
    inScope: evaluation.inScope,
    verdict: scopeVerdict(evaluation),
    groups: evaluation.groups.map((group) => ({
      name: group.name,
      passed: group.passed,
      clauses: group.clauses.map((clause) => ({
        operatorName: clause.clause.operatorName,
        sourceOperandName: clause.clause.sourceOperandName,
        values: clause.clause.targetOperand.values,
        passed: clause.passed,
        explanation: clause.explanation,
      })),
    })),
    warnings: warnings.map(({ code, path, message }) => ({ code, path, message })),
  };
}
