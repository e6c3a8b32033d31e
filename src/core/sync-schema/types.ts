/**
 * Microsoft Graph synchronization shapes, exactly as reference entra-provisioning.md §8 gives them (§8.7 schema, §8.5
 * secrets, §8.2 job settings, §3.1 mappings, §2.1 filters), as far as translating our configuration needs them.
 * Directories and object definitions are carried through untouched, so their types stay open (`[key: string]: unknown`).
 */
import type { AttributeMappingSource } from '../expressions';
import type { FilterGroup } from '../scoping';

export type { AttributeMappingSource, AttributeMappingParameter } from '../expressions';
export type { FilterGroup, FilterClause, FilterOperand } from '../scoping';

/** `{key, value}` — metadata entries of rules, object mappings and definitions. */
export interface KeyValuePair {
  readonly key: string;
  readonly value: string;
}

/** `synchronizationSecretKeyStringValuePair` (§8.5). */
export interface SynchronizationSecret {
  readonly key: string;
  readonly value: string;
}

/** An entry of `synchronizationJob.synchronizationJobSettings` (§8.2): `{name, value}`. */
export interface SynchronizationJobSetting {
  readonly name: string;
  readonly value: string;
}

/** `flowType` (§3.1); only `Always` and `ObjectAddOnly` exist in our configuration. */
export type AttributeFlowType = 'Always' | 'ObjectAddOnly' | 'MultiValueAddOnly' | 'ValueAddOnly' | 'AttributeAddOnly';

/** `flowBehavior` (§3.1); only the default `FlowWhenChanged` exists in our configuration. */
export type AttributeFlowBehavior = 'FlowWhenChanged' | 'FlowAlways';

/** Graph `attributeMapping` (§3.1, §8.7). */
export interface SchemaAttributeMapping {
  /** `null` for a mapping carried by `defaultValue` alone (our `None` type). */
  readonly source: AttributeMappingSource | null;
  readonly targetAttributeName: string;
  readonly defaultValue: string | null;
  /** `0` = not matching; `> 0` = matching, lowest tried first. */
  readonly matchingPriority: number;
  readonly flowType: AttributeFlowType | string;
  readonly flowBehavior: AttributeFlowBehavior | string;
  readonly exportMissingReferences: boolean;
}

/** Graph `filter` (§2.1): `groups` decide scope; the other two are experimental. */
export interface SchemaFilter {
  readonly categoryFilterGroups: ReadonlyArray<FilterGroup>;
  readonly inputFilterGroups: ReadonlyArray<FilterGroup>;
  readonly groups: ReadonlyArray<FilterGroup>;
}

/** Graph `objectMapping` (§3.1, §8.7). */
export interface SchemaObjectMapping {
  readonly name: string;
  readonly enabled: boolean;
  /** Flags, comma-separated: `"Add, Update, Delete"`; members `None | Add | Update | Delete`. */
  readonly flowTypes: string;
  readonly sourceObjectName: string;
  readonly targetObjectName: string;
  readonly attributeMappings: ReadonlyArray<SchemaAttributeMapping>;
  readonly scope: SchemaFilter | null;
  readonly metadata: ReadonlyArray<KeyValuePair>;
}

/** Graph `synchronizationRule` (§8.7). `containerFilter` / `groupFilter` are Cloud Sync only. */
export interface SynchronizationRule {
  /** The `ruleId` provisionOnDemand takes. */
  readonly id: string;
  readonly name: string;
  readonly editable?: boolean;
  readonly priority?: number;
  readonly sourceDirectoryName: string;
  readonly targetDirectoryName: string;
  readonly objectMappings: ReadonlyArray<SchemaObjectMapping>;
  readonly metadata: ReadonlyArray<KeyValuePair>;
  readonly containerFilter?: { readonly includedContainers: ReadonlyArray<string> } | null;
  readonly groupFilter?: { readonly includedGroups: ReadonlyArray<string> } | null;
}

/** Graph `directoryDefinition` (§8.7): kept from the job's schema as is, never modelled by our configuration. */
export interface DirectoryDefinition {
  readonly id: string;
  readonly name: string;
  readonly objects?: ReadonlyArray<{ readonly name: string; readonly [key: string]: unknown }>;
  readonly [key: string]: unknown;
}

/** Graph `synchronizationSchema` (§8.7). PUT replaces the whole schema, so pushes always start from the job's own. */
export interface SynchronizationSchema {
  readonly id?: string;
  readonly version?: string;
  readonly synchronizationRules: ReadonlyArray<SynchronizationRule>;
  readonly directories: ReadonlyArray<DirectoryDefinition>;
}

/**
 * Something one side has that the other cannot express, and what the translation did with it. Never silent: every
 * lossy step produces one of these.
 */
export interface TranslationReport {
  /** JSON Pointer into the schema (import) or the configuration (push), e.g. `/synchronizationRules/0/objectMappings/1`. */
  readonly path: string;
  /** What it is, e.g. `flowType MultiValueAddOnly`. */
  readonly feature: string;
  /**
   * - `dropped`: not in the result at all;
   * - `approximated`: translated to the closest thing the other side has (the message says what);
   * - `keptInSchema`: not in our configuration, but a push with the job's schema as base keeps it untouched;
   * - `notPushed`: a configuration setting the job's schema has no place for (it only affects this tool's engine).
   */
  readonly outcome: 'dropped' | 'approximated' | 'keptInSchema' | 'notPushed';
  /** A sentence naming the path: what was found and what happened to it. */
  readonly message: string;
}
