/**
 * Source attributes: the provisioning schema's sync-engine names (`objectId`, `telephoneNumber`, `mobile`,
 * `extensionAttribute1`, `IsSoftDeleted`, `appRoleAssignments` …) ↔ Microsoft Graph properties (reference §8.7), and the
 * conversion of a Graph user or group into the source object the expressions and scoping filters read.
 */
import type { AppRoleAssignmentValue, SourceAttributeValue } from '../expressions';
import type { GraphGroup, GraphUser } from './ports';

/** Attributes the engine computes itself rather than reading from Graph. */
export const VIRTUAL_USER_ATTRIBUTES: ReadonlySet<string> = new Set(['IsSoftDeleted', 'appRoleAssignments']);
export const VIRTUAL_GROUP_ATTRIBUTES: ReadonlySet<string> = new Set(['members', 'IsSoftDeleted', 'appRoleAssignments']);

export interface GraphSource {
  /** The Graph property to `$select`. */
  readonly property: string;
  /** How to read the attribute from the Graph object. */
  readonly read: (object: Readonly<Record<string, unknown>>) => unknown;
}

const direct = (property: string): GraphSource => ({ property, read: (object) => object[property] });

/** `telephoneNumber` is the first of Graph's `businessPhones` (reference §8.7). */
const firstOf = (property: string): GraphSource => ({
  property,
  read: (object) => {
    const value = object[property];
    return Array.isArray(value) ? (value[0] ?? null) : value;
  },
});

const extensionAttribute = (n: number): GraphSource => ({
  property: 'onPremisesExtensionAttributes',
  read: (object) => {
    const bag = object['onPremisesExtensionAttributes'];
    return bag !== null && typeof bag === 'object' ? (bag as Record<string, unknown>)[`extensionAttribute${n}`] : undefined;
  },
});

/** Sync-engine names whose Graph property differs; every other name is its own Graph property (case-insensitively). */
const RENAMED_USER_ATTRIBUTES: ReadonlyMap<string, GraphSource> = new Map<string, GraphSource>([
  ['objectid', direct('id')],
  ['telephonenumber', firstOf('businessPhones')],
  ['mobile', direct('mobilePhone')],
  ['physicaldeliveryofficename', direct('officeLocation')],
  ['facsimiletelephonenumber', direct('faxNumber')],
  ...Array.from({ length: 15 }, (_, i) => [`extensionattribute${i + 1}`, extensionAttribute(i + 1)] as const),
]);

const RENAMED_GROUP_ATTRIBUTES: ReadonlyMap<string, GraphSource> = new Map<string, GraphSource>([['objectid', direct('id')]]);

function graphSourceFor(attribute: string, renamed: ReadonlyMap<string, GraphSource>): GraphSource {
  return renamed.get(attribute.toLowerCase()) ?? direct(attribute);
}

/**
 * The Graph `$select` for a set of source attribute names: virtual attributes dropped, sync-engine names translated,
 * duplicates removed, sorted (deterministic requests). `always` lists what the engine itself needs (e.g. `id`).
 */
export function graphSelect(attributes: Iterable<string>, kind: 'User' | 'Group', always: ReadonlyArray<string>): string[] {
  const virtual = kind === 'User' ? VIRTUAL_USER_ATTRIBUTES : VIRTUAL_GROUP_ATTRIBUTES;
  const renamed = kind === 'User' ? RENAMED_USER_ATTRIBUTES : RENAMED_GROUP_ATTRIBUTES;
  const virtualLower = new Set([...virtual].map((name) => name.toLowerCase()));
  const select = new Set(always);
  for (const attribute of attributes) {
    if (virtualLower.has(attribute.toLowerCase())) continue;
    select.add(graphSourceFor(attribute, renamed).property);
  }
  return [...select].sort();
}

/** JSON from Graph → the value model's input: strings, numbers, Booleans and string lists pass; objects are dropped. */
function toSourceValue(raw: unknown): SourceAttributeValue | undefined {
  if (raw === undefined || raw === null) return raw;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw as string[];
  return undefined;
}

/** How to read one source attribute from a Graph object; compiled once per run. */
export interface SourceReader {
  /** The sync-engine name (as the mappings write it). */
  readonly attribute: string;
  readonly source: GraphSource;
}

export function compileReaders(attributes: Iterable<string>, kind: 'User' | 'Group'): ReadonlyArray<SourceReader> {
  const virtual = kind === 'User' ? VIRTUAL_USER_ATTRIBUTES : VIRTUAL_GROUP_ATTRIBUTES;
  const renamed = kind === 'User' ? RENAMED_USER_ATTRIBUTES : RENAMED_GROUP_ATTRIBUTES;
  const readers: SourceReader[] = [];
  for (const attribute of new Set(attributes)) {
    if (virtual.has(attribute)) continue;
    readers.push({ attribute, source: graphSourceFor(attribute, renamed) });
  }
  return readers;
}

/**
 * Reads a property; when Graph's object lacks that exact key, falls back to a case-insensitive key match (attribute
 * names fall back to case-insensitive matching, reference §3.2).
 */
function readProperty(object: Readonly<Record<string, unknown>>, source: GraphSource): unknown {
  if (source.property in object) return source.read(object);
  const lower = source.property.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : source.read({ [source.property]: object[key] });
}

type MutableSource = Record<string, SourceAttributeValue | undefined>;

function readAll(object: Readonly<Record<string, unknown>>, readers: ReadonlyArray<SourceReader>): MutableSource {
  const out: MutableSource = {};
  for (const reader of readers) {
    const value = toSourceValue(readProperty(object, reader.source));
    if (value !== undefined) out[reader.attribute] = value;
  }
  return out;
}

/**
 * A Graph user as the provisioning schema sees it: each attribute under its sync-engine name, plus the virtual
 * `appRoleAssignments` (and `IsSoftDeleted`, false until scope decides). Attributes absent in Graph are absent (null).
 */
export function toSourceUser(user: GraphUser, readers: ReadonlyArray<SourceReader>, appRoleAssignments: ReadonlyArray<AppRoleAssignmentValue>): MutableSource {
  const out = readAll(user, readers);
  if (out['accountEnabled'] === undefined && typeof user.accountEnabled === 'boolean') out['accountEnabled'] = user.accountEnabled;
  out['IsSoftDeleted'] = false;
  out['appRoleAssignments'] = appRoleAssignments;
  return out;
}

export function toSourceGroup(group: GraphGroup, readers: ReadonlyArray<SourceReader>, appRoleAssignments: ReadonlyArray<AppRoleAssignmentValue>): MutableSource {
  const out = readAll(group, readers);
  out['IsSoftDeleted'] = false;
  out['appRoleAssignments'] = appRoleAssignments;
  return out;
}
