/**
 * What a push would change in the job's schema, as a readable list ("Push Configuration shows the schema diff first").
 * Items are matched by identity, not position: rules by `id`, object mappings by source → target object, attribute
 * mappings by target attribute, scoping filters by name, clauses by their text, directories by `id` — so reordering
 * shows nothing and a changed value shows as one "changed" line.
 */
import type {
  FilterClause,
  FilterGroup,
  SchemaAttributeMapping,
  SchemaFilter,
  SchemaObjectMapping,
  SynchronizationRule,
  SynchronizationSchema,
} from './types';

export interface SchemaChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** JSON Pointer of the item in `next` (in `current` for a removal). */
  readonly path: string;
  /** Where, for people: `user mapping "Synchronize Microsoft Entra users to Zendesk" › attribute → email`. */
  readonly where: string;
  /** What changed: `matchingPriority 1 → 2`, `[telephoneNumber] → phone`. */
  readonly description: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** JSON with object keys sorted: Graph does not promise key order, so `{type, name}` and `{name, type}` are the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);
const show = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));
const arr = <T>(value: ReadonlyArray<T> | null | undefined): ReadonlyArray<T> => (Array.isArray(value) ? value : []);

/**
 * Pairs items of two lists by key (the n-th item with a key pairs with the n-th item with the same key in the other).
 * Returns [currentIndex | undefined, nextIndex | undefined] pairs: removals, then matches and additions in `next` order.
 */
function pair<T>(current: ReadonlyArray<T>, next: ReadonlyArray<T>, key: (item: T) => string): Array<[number | undefined, number | undefined]> {
  const occurrence = (items: ReadonlyArray<T>): string[] => {
    const counts = new Map<string, number>();
    return items.map((item) => {
      const k = key(item);
      const n = counts.get(k) ?? 0;
      counts.set(k, n + 1);
      return `${k}\u0000${n}`;
    });
  };
  const currentKeys = occurrence(current);
  const nextKeys = occurrence(next);
  const pairs: Array<[number | undefined, number | undefined]> = [];
  currentKeys.forEach((k, i) => {
    if (!nextKeys.includes(k)) pairs.push([i, undefined]);
  });
  nextKeys.forEach((k, j) => {
    const i = currentKeys.indexOf(k);
    pairs.push([i >= 0 ? i : undefined, j]);
  });
  return pairs;
}

export function diffSchemas(current: SynchronizationSchema, next: SynchronizationSchema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const rulesNow = arr(current.synchronizationRules);
  const rulesNext = arr(next.synchronizationRules);
  for (const [i, j] of pair(rulesNow, rulesNext, (r) => String(r.id))) {
    const before = i !== undefined ? rulesNow[i] : undefined;
    const after = j !== undefined ? rulesNext[j] : undefined;
    const path = `/synchronizationRules/${j ?? i}`;
    const where = `rule ${JSON.stringify((after ?? before)!.name ?? (after ?? before)!.id)}`;
    if (before === undefined) changes.push({ kind: 'added', path, where, description: `rule added with ${arr(after!.objectMappings).length} object mapping(s)`, after });
    else if (after === undefined) changes.push({ kind: 'removed', path, where, description: 'rule removed', before });
    else diffRule(before, after, path, where, changes);
  }
  const dirsNow = arr(current.directories);
  const dirsNext = arr(next.directories);
  for (const [i, j] of pair(dirsNow, dirsNext, (d) => String(d.id ?? d.name))) {
    const before = i !== undefined ? dirsNow[i] : undefined;
    const after = j !== undefined ? dirsNext[j] : undefined;
    const path = `/directories/${j ?? i}`;
    const where = `directory ${JSON.stringify((after ?? before)!.name)}`;
    if (before === undefined) changes.push({ kind: 'added', path, where, description: 'directory definition added', after });
    else if (after === undefined) changes.push({ kind: 'removed', path, where, description: 'directory definition removed', before });
    else if (!same(before, after)) changes.push({ kind: 'changed', path, where, description: 'directory definition changed (objects or attributes)', before, after });
  }
  return changes;
}

function diffRule(before: SynchronizationRule, after: SynchronizationRule, path: string, where: string, changes: SchemaChange[]): void {
  for (const field of ['name', 'editable', 'priority', 'sourceDirectoryName', 'targetDirectoryName', 'metadata', 'containerFilter', 'groupFilter'] as const) {
    if (!same(before[field], after[field])) {
      changes.push({ kind: 'changed', path: `${path}/${field}`, where, description: `${field} ${show(before[field])} → ${show(after[field])}`, before: before[field], after: after[field] });
    }
  }
  const now = arr(before.objectMappings);
  const next = arr(after.objectMappings);
  for (const [i, j] of pair(now, next, (m) => `${m.sourceObjectName}\u0000${m.targetObjectName}`)) {
    const b = i !== undefined ? now[i] : undefined;
    const a = j !== undefined ? next[j] : undefined;
    const at = `${path}/objectMappings/${j ?? i}`;
    const mapping = (a ?? b)!;
    const label = `${where} › ${String(mapping.sourceObjectName).toLowerCase()} mapping ${JSON.stringify(mapping.name)}`;
    if (b === undefined) changes.push({ kind: 'added', path: at, where: label, description: `object mapping added (${mapping.sourceObjectName} → ${mapping.targetObjectName}, ${arr(mapping.attributeMappings).length} attribute mappings)`, after: a });
    else if (a === undefined) changes.push({ kind: 'removed', path: at, where: label, description: 'object mapping removed', before: b });
    else diffObjectMapping(b, a, at, label, changes);
  }
}

function diffObjectMapping(before: SchemaObjectMapping, after: SchemaObjectMapping, path: string, where: string, changes: SchemaChange[]): void {
  for (const field of ['name', 'enabled', 'flowTypes', 'metadata'] as const) {
    if (!same(before[field], after[field])) {
      const description = field === 'flowTypes' ? `target object actions ${JSON.stringify(before.flowTypes)} → ${JSON.stringify(after.flowTypes)}` : `${field} ${show(before[field])} → ${show(after[field])}`;
      changes.push({ kind: 'changed', path: `${path}/${field}`, where, description, before: before[field], after: after[field] });
    }
  }
  diffScope(before.scope ?? null, after.scope ?? null, `${path}/scope`, where, changes);
  const now = arr(before.attributeMappings);
  const next = arr(after.attributeMappings);
  for (const [i, j] of pair(now, next, (m) => m.targetAttributeName)) {
    const b = i !== undefined ? now[i] : undefined;
    const a = j !== undefined ? next[j] : undefined;
    const at = `${path}/attributeMappings/${j ?? i}`;
    const label = `${where} › attribute → ${(a ?? b)!.targetAttributeName}`;
    if (b === undefined) changes.push({ kind: 'added', path: at, where: label, description: `mapping added: ${describeAttributeMapping(a!)}`, after: a });
    else if (a === undefined) changes.push({ kind: 'removed', path: at, where: label, description: `mapping removed: ${describeAttributeMapping(b)}`, before: b });
    else diffAttributeMapping(b, a, at, label, changes);
  }
}

const sourceText = (m: SchemaAttributeMapping): string => (m.source === null || m.source === undefined ? '(no source)' : m.source.expression);

/** `[userPrincipalName] → email (matching 1, default "x", ObjectAddOnly)`. */
export function describeAttributeMapping(m: SchemaAttributeMapping): string {
  const extras = [
    ...(m.matchingPriority > 0 ? [`matching ${m.matchingPriority}`] : []),
    ...(m.defaultValue !== null && m.defaultValue !== undefined ? [`default ${JSON.stringify(m.defaultValue)}`] : []),
    ...(m.flowType !== 'Always' ? [String(m.flowType)] : []),
    ...(m.flowBehavior !== 'FlowWhenChanged' && m.flowBehavior !== undefined ? [String(m.flowBehavior)] : []),
  ];
  return `${sourceText(m)} → ${m.targetAttributeName}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function diffAttributeMapping(before: SchemaAttributeMapping, after: SchemaAttributeMapping, path: string, where: string, changes: SchemaChange[]): void {
  if (!same(before.source, after.source)) {
    changes.push({ kind: 'changed', path: `${path}/source`, where, description: `source ${sourceText(before)} → ${sourceText(after)}`, before: before.source, after: after.source });
  }
  for (const field of ['defaultValue', 'matchingPriority', 'flowType', 'flowBehavior', 'exportMissingReferences'] as const) {
    if (!same(before[field], after[field])) {
      changes.push({ kind: 'changed', path: `${path}/${field}`, where, description: `${field} ${show(before[field])} → ${show(after[field])}`, before: before[field], after: after[field] });
    }
  }
}

/** `department EQUALS "Sales"`, `jobTitle IS NOT NULL`. */
export function describeClause(clause: FilterClause): string {
  const values = arr(clause.targetOperand?.values);
  return `${clause.sourceOperandName} ${clause.operatorName}${values.length > 0 ? ` ${values.map((v) => JSON.stringify(v)).join(', ')}` : ''}`;
}

function diffScope(before: SchemaFilter | null, after: SchemaFilter | null, path: string, where: string, changes: SchemaChange[]): void {
  for (const field of ['inputFilterGroups', 'categoryFilterGroups'] as const) {
    if (!same(arr(before?.[field]), arr(after?.[field]))) {
      changes.push({ kind: 'changed', path: `${path}/${field}`, where, description: `experimental ${field} changed`, before: before?.[field], after: after?.[field] });
    }
  }
  const now = arr(before?.groups);
  const next = arr(after?.groups);
  for (const [i, j] of pair(now, next, (g) => g.name)) {
    const b = i !== undefined ? now[i] : undefined;
    const a = j !== undefined ? next[j] : undefined;
    const at = `${path}/groups/${j ?? i}`;
    const label = `${where} › scoping filter ${JSON.stringify((a ?? b)!.name)}`;
    if (b === undefined) changes.push({ kind: 'added', path: at, where: label, description: `scoping filter added: ${describeGroup(a!)}`, after: a });
    else if (a === undefined) changes.push({ kind: 'removed', path: at, where: label, description: `scoping filter removed: ${describeGroup(b)}`, before: b });
    else {
      const clausesNow = arr(b.clauses);
      const clausesNext = arr(a.clauses);
      for (const [ci, cj] of pair(clausesNow, clausesNext, describeClause)) {
        if (ci === undefined) changes.push({ kind: 'added', path: `${at}/clauses/${cj}`, where: label, description: `clause added: ${describeClause(clausesNext[cj!]!)}`, after: clausesNext[cj!] });
        else if (cj === undefined) changes.push({ kind: 'removed', path: `${at}/clauses/${ci}`, where: label, description: `clause removed: ${describeClause(clausesNow[ci]!)}`, before: clausesNow[ci] });
      }
    }
  }
}

function describeGroup(group: FilterGroup): string {
  const clauses = arr(group.clauses);
  return clauses.length === 0 ? '(no clauses)' : clauses.map(describeClause).join(' AND ');
}

/** One line per change: `+ user mapping "…" › attribute → phone: mapping added: [telephoneNumber] → phone`. */
export function formatSchemaDiff(changes: ReadonlyArray<SchemaChange>): string {
  if (changes.length === 0) return 'No changes: the job\'s schema already matches the configuration.';
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  return changes.map((c) => `${sign[c.kind]} ${c.where}: ${c.description}`).join('\n');
}
