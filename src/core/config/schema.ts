/**
 * The JSON Schema of the configuration file. Single source of truth: `schemas/entra-zendesk.schema.json` (VS Code's
 * `contributes.jsonValidation` points at the same file); this module imports it, compiles it with ajv and turns ajv's
 * errors into ConfigProblems whose path is a JSON Pointer and whose message says what is wrong and how to fix it.
 * The schema lets unknown keys through (`additionalProperties` is not restricted): unknown keys are kept, and only
 * warned about when they look like typos of known ones (`findUnknownKeys`).
 */
import Ajv, { type ErrorObject } from 'ajv';
import schemaJson from '../../../schemas/entra-zendesk.schema.json';
import { describeKind, isRecord, quoteIfShort, toPointer, type JsonPathSegment } from './json-pointer';
import { closestMatch } from './suggest';
import type { ConfigProblem, ConfigWarning } from './types';

/** A JSON Schema node, as far as this module reads it. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string;
  readonly description?: string;
  readonly patternErrorMessage?: string;
  readonly errorMessage?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly enum?: ReadonlyArray<unknown>;
  readonly required?: ReadonlyArray<string>;
  readonly default?: unknown;
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/** The configuration schema (draft-07). */
export const CONFIG_SCHEMA: SchemaNode = schemaJson as SchemaNode;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
// VS Code's JSON language service reads these two non-standard keywords; ajv only needs to accept them.
ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
const validateAgainstSchema = ajv.compile(schemaJson);

/** The schema node describing the value at a JSON Pointer, if the schema describes it. */
export function schemaAt(pointer: string): SchemaNode | undefined {
  let node = resolveSchema(CONFIG_SCHEMA);
  for (const segment of pointer.split('/').slice(1)) {
    if (node === undefined) return undefined;
    node = resolveSchema(/^\d+$/.test(segment) && node.items !== undefined ? node.items : node.properties?.[segment]);
  }
  return node;
}

/** Follows a local `$ref` (`#/definitions/x`). */
export function resolveSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.$ref === undefined) return node;
  const name = node.$ref.replace('#/definitions/', '');
  return CONFIG_SCHEMA.definitions?.[name];
}

/** Validates a parsed document against the schema; every problem, each with a JSON Pointer path. */
export function schemaProblems(document: unknown): ConfigProblem[] {
  if (validateAgainstSchema(document)) return [];
  const errors = validateAgainstSchema.errors ?? [];
  // anyOf/if wrappers: report the wrapper's own message (anyOf) or the branch error (if/then), never both.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (anyOfPaths.some((p) => error.keyword !== 'anyOf' && error.schemaPath.startsWith(`${p}/`))) continue;
    problems.push(toProblem(error));
  }
  return problems;
}

function toProblem(error: ErrorObject): ConfigProblem {
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const at = error.instancePath;
  const data: unknown = error.data;
  const name = lastSegment(at);
  switch (error.keyword) {
    case 'required': {
      const property = (error.params as { missingProperty: string }).missingProperty;
      const described = (parent.properties?.[property] ?? schemaAt(`${at}/${property}`))?.description;
      return {
        path: `${at}/${property}`,
        message: `${at}/${property} is missing: ${at || 'the file'} requires "${property}"`,
        fix: `add "${property}"${described ? ` — ${described.replace(/\.$/, '')}` : ''}`,
      };
    }
    case 'type': {
      const expected = (error.params as { type: string }).type;
      return {
        path: at,
        message: `${at} must be ${article(expected)}, found ${describeKind(data)}`,
        fix: `write ${/^\d+$/.test(name) ? `item ${name}` : name} as ${article(expected)}${describe(parent)}`,
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof data === 'string' ? closestMatch(data, allowed) : undefined;
      return {
        path: at,
        message: `${at} is ${quoteIfShort(data)}, which is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        fix: guess !== undefined ? `did you mean "${guess}"?` : `use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    case 'pattern':
      return {
        path: at,
        message: `${at} is not valid`,
        fix: parent.patternErrorMessage ?? `match the pattern ${(error.params as { pattern: string }).pattern}`,
      };
    case 'minimum': {
      const limit = (error.params as { limit: number }).limit;
      return {
        path: at,
        message: `${at} is ${quoteIfShort(data)}, but must be ${limit} or more`,
        fix: name === 'matchingPrecedence'
          ? 'use 1 for the first matching attribute, 2 for the next…; leave matchingPrecedence out for a non-matching mapping'
          : `use a whole number of at least ${limit}`,
      };
    }
    case 'minLength':
      return { path: at, message: `${at} must not be empty`, fix: `write a value for ${name}${describe(parent)}` };
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      return {
        path: `${at}/${Math.max(i, j)}`,
        message: `${at}/${Math.max(i, j)} repeats ${quoteIfShort(Array.isArray(data) ? data[i] : undefined)} (already item ${Math.min(i, j)})`,
        fix: 'remove the duplicate',
      };
    }
    case 'anyOf':
      return {
        path: at,
        message: `${at || 'the file'} does not match any of the allowed forms`,
        fix: parent.errorMessage ?? 'see the schema description',
      };
    default:
      return { path: at, message: `${at} ${error.message ?? 'is not valid'}`, fix: parent.description ?? 'see the schema description' };
  }
}

/** ` — <description>` (without its final period), or nothing. */
function describe(node: SchemaNode): string {
  return node.description ? ` — ${node.description.replace(/\.$/, '')}` : '';
}

function lastSegment(pointer: string): string {
  const parts = pointer.split('/');
  return parts[parts.length - 1] || 'the value';
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'an object', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false' };
  return names[type] ?? type;
}

/** Keys the schema declares for `node` (after `$ref`), or undefined when `node` doesn't describe an object. */
function knownKeys(node: SchemaNode | undefined): ReadonlyArray<string> | undefined {
  const resolved = resolveSchema(node);
  return resolved?.properties ? Object.keys(resolved.properties) : undefined;
}

/**
 * Microsoft Graph's names for keys this file names differently (reference §3.1, §8.7): admins who know the Graph
 * schema write them, and they are too far from the file's names for typo detection to catch.
 */
const GRAPH_KEY_ALIASES: Readonly<Record<string, string>> = {
  matchingPriority: 'matchingPrecedence',
  targetAttributeName: 'target',
  flowType: 'apply',
  flowTypes: 'targetObjectActions',
  scope: 'scopingFilters',
  groups: 'scopingFilters',
  defaultValueIfNull: 'defaultValue',
  mappingType: 'type',
};

/** One key the schema doesn't declare, where it is, and the known key it is probably a typo of. */
export interface UnknownKey {
  readonly path: ReadonlyArray<JsonPathSegment>;
  readonly key: string;
  readonly suggestion?: string;
}

/** Every key in `document` that the schema doesn't declare at its place (those are kept, not rejected). */
export function findUnknownKeys(document: unknown): UnknownKey[] {
  const found: UnknownKey[] = [];
  const walk = (value: unknown, node: SchemaNode | undefined, path: JsonPathSegment[]): void => {
    const schema = resolveSchema(node);
    if (schema === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, schema.items, [...path, index]));
      return;
    }
    if (!isRecord(value)) return;
    const known = knownKeys(schema);
    if (known === undefined) return;
    for (const [key, child] of Object.entries(value)) {
      if (known.includes(key)) {
        walk(child, schema.properties?.[key], [...path, key]);
      } else {
        const alias = GRAPH_KEY_ALIASES[key];
        const suggestion = alias !== undefined && known.includes(alias) ? alias : closestMatch(key, known);
        found.push({ path: [...path, key], key, ...(suggestion !== undefined ? { suggestion } : {}) });
      }
    }
  };
  walk(document, CONFIG_SCHEMA, []);
  return found;
}

/** Warnings for unknown keys that look like typos of known keys; other unknown keys are deliberate and kept silently. */
export function typoWarnings(unknownKeys: ReadonlyArray<UnknownKey>): ConfigWarning[] {
  return unknownKeys
    .filter((u) => u.suggestion !== undefined)
    .map((u) => ({
      path: toPointer(u.path),
      message: `${toPointer(u.path)}: unknown key "${u.key}" is kept but ignored — did you mean "${u.suggestion}"?`,
      fix: `rename "${u.key}" to "${u.suggestion}"`,
    }));
}
