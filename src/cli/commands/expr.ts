import type { Command } from 'commander';
import {
  ExpressionEvaluationError,
  ExpressionParseError,
  evaluateExpression,
  formatParseErrorWithCaret,
  parseExpression,
  type EvaluationResult,
  type ExpressionNode,
  type SourceAttributeValue,
  type SourceObject,
} from '../../core/expressions';
import { InputError } from '../../app/input-error';
import { collect, printJson, readSourceObjectFile } from '../io';

interface ExprOptions {
  readonly user?: string;
  readonly attr?: string[];
  readonly now?: string;
}

/**
 * `entra-zendesk expr '<expression>' [--user file.json] [--attr name=value ...] [--now ISO-8601]` — evaluates one
 * attribute-mapping expression, like the portal's "Test expression", and prints `{"value": …, "flow": true|false}`
 * (plus `"reason"` when the value does not flow). Exit 0 on a result; 2 on a parse or evaluation error or bad input.
 */
export function register(program: Command): void {
  program
    .command('expr')
    .description('Evaluate an Entra attribute-mapping expression against a user and print the result as JSON.')
    .argument('<expression>', 'the expression, e.g. \'Join(" ", [givenName], [surname])\' (quote it for your shell)')
    .option('--user <file>', 'user JSON: an object of source attributes; multi-valued attributes are JSON arrays')
    .option('--attr <name=value>', 'set a source attribute to a string (repeatable; applied after --user)', collect)
    .option('--now <ISO-8601>', 'pin Now() to this instant, e.g. 2024-05-01T09:30:00Z (no offset = UTC)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  entra-zendesk expr \'Append([userPrincipalName], ".test")\' --attr userPrincipalName=jane@contoso.com',
        '  entra-zendesk expr \'SingleAppRoleAssignment([appRoleAssignments])\' --user jane.json',
        '  entra-zendesk expr \'DateAdd("d", 7, Now())\' --now 2024-05-01T00:00:00Z',
      ].join('\n'),
    )
    .action((expression: string, options: ExprOptions) => runExpr(expression, options));
}

function runExpr(text: string, options: ExprOptions): void {
  const source = buildSource(options);
  const now = options.now === undefined ? undefined : parseNow(options.now);

  let node: ExpressionNode;
  try {
    node = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionParseError) {
      throw new InputError(`${error.message}\n${formatParseErrorWithCaret(text, error)}`);
    }
    throw error;
  }

  let result: EvaluationResult;
  try {
    result = evaluateExpression(node, { source, now: now === undefined ? undefined : () => new Date(now) });
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) throw new InputError(formatEvaluationError(text, error));
    throw error;
  }
  printJson(toJson(result));
}

/** The JSON line: `{"value", "flow"}`, `"reason"` when it doesn't flow, `"redacted"` when Redact() applies. */
function toJson(result: EvaluationResult): Record<string, unknown> {
  const json: Record<string, unknown> = result.flow
    ? { value: result.value, flow: true }
    : { value: null, flow: false, reason: result.reason };
  // The value is shown (this is the admin's own preview); the flag says the service would log "[Redact]" instead.
  if (result.redacted) json.redacted = true;
  return json;
}

function buildSource(options: ExprOptions): SourceObject {
  const source: Record<string, SourceAttributeValue | undefined> = options.user ? { ...readSourceObjectFile(options.user) } : {};
  for (const assignment of options.attr ?? []) {
    const equals = assignment.indexOf('=');
    const name = equals < 0 ? '' : assignment.slice(0, equals).trim();
    if (name === '') {
      throw new InputError(
        `--attr ${JSON.stringify(assignment)}: expected name=value, e.g. --attr department=Sales (an empty value is --attr department=)`,
      );
    }
    source[name] = assignment.slice(equals + 1);
  }
  return source;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `--now` as epoch milliseconds. A date-time without an offset is UTC (reference §3.3), not the machine's zone. */
function parseNow(value: string): number {
  const match = ISO_8601.exec(value.trim());
  const hasTime = match !== null && /[T ]/i.test(value.trim());
  const normalized = match && hasTime && match[1] === undefined ? `${value.trim()}Z` : value.trim();
  const millis = match && isCalendarDate(value.trim()) ? Date.parse(normalized.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new InputError(`--now ${JSON.stringify(value)}: expected an ISO-8601 date or date-time such as 2024-05-01 or 2024-05-01T09:30:00Z`);
  }
  return millis;
}

/** `Date.parse` rolls 2021-02-30 over to March 2nd; an admin who typed it made a mistake, so refuse it. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which maps years 0–99 to 1900–1999
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The service's message, with the failing call underlined when the evaluator knows where it is. */
function formatEvaluationError(text: string, error: ExpressionEvaluationError): string {
  if (!error.span || text.includes('\n')) return error.message;
  const span = { offset: error.span.start, length: Math.max(1, error.span.end - error.span.start) };
  return `${error.message}\n${formatParseErrorWithCaret(text, span)}`;
}
