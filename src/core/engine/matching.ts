/**
 * Matching (reference §1.5): a cached link (Entra id ↔ Zendesk id) is used first; otherwise the matching attributes
 * are tried in precedence order and the first attribute with a hit decides — 1 target → update, > 1 →
 * `DuplicateTargetEntries`, 0 on every attribute → create. A matching value shared by several source objects →
 * `DuplicateSourceEntries`; no value for any matching attribute → `ImportSkipped`. Lookups go through in-memory
 * indexes (one Map per matching attribute) so a cycle is linear in the number of objects.
 */
import { type EvaluationContext, ExpressionEvaluationError } from '../expressions';
import { type EngineObjectError, objectError } from './errors';
import { type CompiledMapping, evaluateMapping } from './mappings';

/**
 * Matching values compare case-insensitively (Decision: Zendesk's user search and its `external_id` uniqueness are
 * case-insensitive, zendesk-api.md §4.1/§4.3, and e-mail addresses are; group names follow the same rule).
 */
export function matchKey(value: string): string {
  return value.toLowerCase();
}

/** Reads a target attribute from a Zendesk object: `user_fields.<key>` reaches into `user_fields`. */
export function readTargetAttribute(object: Readonly<Record<string, unknown>>, attribute: string): unknown {
  if (attribute.startsWith('user_fields.')) {
    const fields = object['user_fields'];
    return fields !== null && typeof fields === 'object' ? (fields as Record<string, unknown>)[attribute.slice('user_fields.'.length)] : undefined;
  }
  return object[attribute];
}

const NONE: ReadonlyArray<never> = Object.freeze([]);

/**
 * Zendesk objects by matching attribute value, for the attributes a mapping matches on. An attribute's index is built
 * on its first lookup (matching stops at the first attribute with a hit, so the later ones are often never needed),
 * which is why `objects` is a collection that can be iterated again (an array or a Map), not an iterator. A value
 * held by one object (the rule: matching values are unique) maps to the object itself; only a shared value gets a
 * list — an index over 100,000 users then holds no 100,000 one-element arrays.
 */
export class TargetIndex<T extends { readonly id: number }> {
  private readonly attributes: ReadonlySet<string>;
  private readonly byAttribute = new Map<string, Map<string, T | T[]>>();

  constructor(
    private readonly objects: { values(): Iterable<T> },
    attributes: Iterable<string>,
  ) {
    this.attributes = new Set(attributes);
  }

  private indexOf(attribute: string): Map<string, T | T[]> | undefined {
    let map = this.byAttribute.get(attribute);
    if (map !== undefined || !this.attributes.has(attribute)) return map;
    map = new Map<string, T | T[]>();
    for (const object of this.objects.values()) {
      const raw = readTargetAttribute(object as unknown as Record<string, unknown>, attribute);
      if (raw === null || raw === undefined || raw === '') continue;
      const key = matchKey(typeof raw === 'string' ? raw : String(raw));
      const held = map.get(key);
      if (held === undefined) map.set(key, object);
      else if (Array.isArray(held)) held.push(object);
      else map.set(key, [held, object]);
    }
    this.byAttribute.set(attribute, map);
    return map;
  }

  find(attribute: string, value: string): ReadonlyArray<T> {
    return this.findKey(attribute, matchKey(value));
  }

  /** `find` with a key already passed through matchKey. */
  findKey(attribute: string, key: string): ReadonlyArray<T> {
    const held = this.indexOf(attribute)?.get(key);
    return held === undefined ? NONE : Array.isArray(held) ? held : [held];
  }
}

/** One matching attribute tried, as provision-on-demand's Match step lists them. */
export interface MatchAttempt {
  readonly sourceExpression: string;
  readonly targetAttribute: string;
  /** null = the source had no value for it. */
  readonly value: string | null;
  readonly matchedIds: ReadonlyArray<number>;
}

export type MatchOutcome =
  | { readonly kind: 'linked'; readonly targetId: number; readonly attempts: ReadonlyArray<MatchAttempt> }
  | { readonly kind: 'matched'; readonly targetId: number; readonly attribute: string; readonly attempts: ReadonlyArray<MatchAttempt> }
  | { readonly kind: 'notFound'; readonly attempts: ReadonlyArray<MatchAttempt> }
  | { readonly kind: 'error'; readonly error: EngineObjectError; readonly attempts: ReadonlyArray<MatchAttempt> };

export type MatchingValues = { readonly ok: true; readonly values: ReadonlyArray<string | null> } | { readonly ok: false; readonly error: EngineObjectError };

/**
 * The value of each matching mapping for one source object (null when it doesn't flow or is ""). A list gives its
 * first value (Decision: matching is single-valued, like the rest of the value model's scalar reads).
 */
export function evaluateMatchingValues(matching: ReadonlyArray<CompiledMapping>, context: EvaluationContext): MatchingValues {
  const values: Array<string | null> = [];
  for (const mapping of matching) {
    let result;
    try {
      result = evaluateMapping(mapping, context);
    } catch (error) {
      if (error instanceof ExpressionEvaluationError) {
        return { ok: false, error: objectError('ExpressionEvaluationFailed', `Matching attribute ${mapping.target}: ${error.message}`) };
      }
      throw error;
    }
    if (!result.flow) {
      values.push(null);
      continue;
    }
    const value = result.value;
    const scalar = typeof value === 'string' ? value : value.length === 0 ? null : typeof value[0] === 'string' ? value[0] : null;
    values.push(scalar === '' ? null : scalar);
  }
  return { ok: true, values };
}

/** How many in-scope, unlinked source objects carry each matching value, per matching attribute position. */
export class SourceValueCounts {
  private readonly counts: Array<Map<string, number>>;
  constructor(size: number) {
    this.counts = Array.from({ length: size }, () => new Map<string, number>());
  }
  add(values: ReadonlyArray<string | null>): void {
    values.forEach((value, i) => {
      if (value === null) return;
      const key = matchKey(value);
      this.counts[i]!.set(key, (this.counts[i]!.get(key) ?? 0) + 1);
    });
  }
  count(position: number, value: string): number {
    return this.countKey(position, matchKey(value));
  }

  countKey(position: number, key: string): number {
    return this.counts[position]?.get(key) ?? 0;
  }
}

export interface MatchInput<T extends { readonly id: number }> {
  readonly objectType: 'User' | 'Group';
  readonly matching: ReadonlyArray<CompiledMapping>;
  readonly values: ReadonlyArray<string | null>;
  readonly index: TargetIndex<T>;
  /** The cached link's target id, if any. */
  readonly linkedTargetId: number | undefined;
  /** Whether the linked target still exists: false = it is gone (full import), undefined = unknown (trial). */
  readonly linkedTargetExists: boolean | undefined;
  readonly sourceCounts: SourceValueCounts;
  /** The source id a Zendesk id is already linked to, if any. */
  readonly linkOwner: (targetId: number) => string | undefined;
  readonly sourceId: string;
}

/** The outcome for an object whose cached link's target exists: matching attributes are not tried. */
export function linkedOutcome(targetId: number): MatchOutcome {
  return { kind: 'linked', targetId, attempts: NONE };
}

export function matchObject<T extends { readonly id: number }>(input: MatchInput<T>): MatchOutcome {
  const { objectType, matching, values } = input;
  if (input.linkedTargetId !== undefined) {
    if (input.linkedTargetExists === false) {
      return {
        kind: 'error',
        attempts: NONE,
        error: objectError('InvalidAnchor', `The Zendesk ${objectType.toLowerCase()} ${input.linkedTargetId} this ${objectType.toLowerCase()} was linked to no longer exists in Zendesk`),
      };
    }
    return linkedOutcome(input.linkedTargetId);
  }
  const attempts: MatchAttempt[] = [];
  let anyValue = false;
  for (let i = 0; i < matching.length; i++) {
    const mapping = matching[i]!;
    const value = values[i] ?? null;
    const sourceExpression = mapping.mapping.source ?? '';
    if (value === null) {
      attempts.push({ sourceExpression, targetAttribute: mapping.target, value: null, matchedIds: [] });
      continue;
    }
    anyValue = true;
    const key = matchKey(value);
    const found = input.index.findKey(mapping.target, key);
    attempts.push({ sourceExpression, targetAttribute: mapping.target, value, matchedIds: found.map((t) => t.id) });
    const sources = input.sourceCounts.countKey(i, key);
    if (sources > 1) {
      return {
        kind: 'error',
        attempts,
        error: objectError(
          'DuplicateSourceEntries',
          `${sources} ${objectType.toLowerCase()}s in scope have the matching value "${value}" for ${mapping.target}`,
        ),
      };
    }
    if (found.length > 1) {
      return {
        kind: 'error',
        attempts,
        error: objectError(
          'DuplicateTargetEntries',
          `${found.length} Zendesk ${objectType.toLowerCase()}s match ${mapping.target} = "${value}" (ids ${found.map((t) => t.id).join(', ')})`,
        ),
      };
    }
    if (found.length === 1) {
      const targetId = found[0]!.id;
      const owner = input.linkOwner(targetId);
      if (owner !== undefined && owner !== input.sourceId) {
        return {
          kind: 'error',
          attempts,
          error: objectError(
            'DuplicateSourceEntries',
            `The Zendesk ${objectType.toLowerCase()} ${targetId} matching ${mapping.target} = "${value}" is already linked to the Entra ${objectType.toLowerCase()} ${owner}`,
          ),
        };
      }
      return { kind: 'matched', targetId, attribute: mapping.target, attempts };
    }
  }
  if (!anyValue) {
    const names = matching.map((m) => m.mapping.source ?? m.target).join(', ');
    return { kind: 'error', attempts, error: objectError('ImportSkipped', `The ${objectType.toLowerCase()} has no value for any matching attribute (${names})`) };
  }
  return { kind: 'notFound', attempts };
}
