/**
 * Input and output helpers shared by the CLI commands: reading JSON files with errors that say which file, where and
 * what is wrong, turning a user file into a source object, and printing results.
 */
import * as fs from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../app/input-error';
import { lineColumnAt } from '../core/config';
import type { AppRoleAssignmentValue, SourceAttributeValue, SourceObject } from '../core/expressions';

/**
 * Reads and parses a strict JSON file. `label` names the input in messages, e.g. `--user file`.
 * Errors: missing file, a directory, unreadable, empty, or invalid JSON (with line and column).
 */
export function readJsonFile(path: string, label: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file'
        : code === 'EISDIR' ? 'is a directory, expected a JSON file'
          : code === 'EACCES' ? 'permission denied'
            : (error as Error).message;
    throw new InputError(`${label} "${path}": ${reason}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new InputError(`${label} "${path}": the file is empty, expected JSON`);
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0];
    const { line, column } = lineColumnAt(text, first.offset);
    throw new InputError(
      `${label} "${path}": invalid JSON at line ${line}, column ${column}: ${describeParseError(first)}`,
    );
  }
  return value;
}

/**
 * Reads a user file — a JSON object of source attributes, multi-valued attributes as JSON arrays
 * (`"proxyAddresses": ["SMTP:a@x", "smtp:b@x"]`, `"appRoleAssignments": ["Agent"]`) — as a source object.
 */
export function readSourceObjectFile(path: string, label = '--user file'): SourceObject {
  return toSourceObject(readJsonFile(path, label), `${label} "${path}"`);
}

/**
 * Checks a parsed JSON value is a source object: an object whose values are strings, numbers, Booleans, null, lists of
 * strings, or (for appRoleAssignments) lists of `{id, displayName, value?}`.
 */
export function toSourceObject(json: unknown, label: string): SourceObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(`${label}: expected a JSON object of attributes like {"department": "Sales"}, found ${describeJsonKind(json)}`);
  }
  const source: Record<string, SourceAttributeValue> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    source[name] = toAttributeValue(value, `${label}: attribute "${name}"`);
  }
  return source;
}

function toAttributeValue(value: unknown, where: string): SourceAttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(`${where}: numbers must be finite`);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return value as string[];
    if (value.every(isAppRoleAssignment)) return value as AppRoleAssignmentValue[];
    const bad = value.findIndex((item) => typeof item !== 'string');
    throw new InputError(
      `${where}: a multi-valued attribute is a list of strings (or, for appRoleAssignments, of {"id", "displayName"} objects); item ${bad} is ${describeJsonKind(value[bad])}`,
    );
  }
  throw new InputError(`${where}: expected a string, number, Boolean, null or a list of strings, found ${describeJsonKind(value)}`);
}

function isAppRoleAssignment(item: unknown): item is AppRoleAssignmentValue {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const record = item as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.displayName === 'string'
    && (record.value === undefined || record.value === null || typeof record.value === 'string');
}

/** Prints a value as one line of JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Prints lines of text on stdout. */
export function printLines(lines: ReadonlyArray<string>): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/** Prints lines of text on stderr (warnings, diagnostics). */
export function printErrorLines(lines: ReadonlyArray<string>): void {
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
}

/** commander collector for repeatable options: `--attr a=1 --attr b=2` → ['a=1', 'b=2']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `CommaExpected` → `comma expected`; `InvalidSymbol` → `invalid symbol`. */
function describeParseError(error: ParseError): string {
  return printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function describeJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
