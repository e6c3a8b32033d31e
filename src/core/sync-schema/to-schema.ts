/**
 * Our configuration → the job's `synchronizationSchema`, secrets and job settings (the Push path). With the job's
 * current schema as `baseSchema`, everything our configuration does not model is kept from it untouched: directories,
 * other rules and object mappings, metadata, target object names, experimental filter groups, attribute mappings we
 * cannot express, and per-attribute `flowBehavior` / `exportMissingReferences` / add-only `flowType`s.
 */
import { DEFAULT_ROLE_TRANSLATIONS, type AttributeMapping, type EntraZendeskConfig, type ObjectMapping } from '../config';
import { ExpressionParseError, parseExpression, toAttributeMappingSource, type AttributeMappingSource } from '../expressions';
import type { FilterGroup } from '../scoping';
import { actionsToFlowTypes, findObjectMapping, SOURCE_OBJECT_NAMES, unexpressibleAttributeMapping, type MappingKind } from './model';
import {
  credentialKeyNames,
  DEFAULT_ZENDESK_CREDENTIAL_KEYS,
  jobSettingsFor,
  settingsSecrets,
  type ZendeskCredentialKeys,
} from './secrets';
import type {
  SchemaAttributeMapping,
  SchemaFilter,
  SchemaObjectMapping,
  SynchronizationJobSetting,
  SynchronizationRule,
  SynchronizationSchema,
  SynchronizationSecret,
  TranslationReport,
} from './types';

/**
 * Names the schema needs that our configuration doesn't hold. Decision (Inferred, reference §4.3/§4.6 leave them open):
 * one rule holding both object mappings, source directory `Azure Active Directory` (§8.9's logs name it so), target
 * directory and object names `Zendesk`, `User`, `Group`. A live job's own names win whenever its schema is the base.
 */
export interface SchemaLayout {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly sourceDirectoryName: string;
  readonly targetDirectoryName: string;
  readonly userTargetObjectName: string;
  readonly groupTargetObjectName: string;
}

export const DEFAULT_SCHEMA_LAYOUT: SchemaLayout = Object.freeze({
  ruleId: 'zendesk.outbound',
  ruleName: 'USER_OUTBOUND_USER',
  sourceDirectoryName: 'Azure Active Directory',
  targetDirectoryName: 'Zendesk',
  userTargetObjectName: 'User',
  groupTargetObjectName: 'Group',
});

export interface ConfigToSchemaOptions {
  readonly credentialKeys?: ZendeskCredentialKeys;
  readonly layout?: Partial<SchemaLayout>;
  /** The job's current `synchronizationJobSettings`; settings we don't model are kept. */
  readonly baseJobSettings?: ReadonlyArray<SynchronizationJobSetting>;
}

export interface ConfigToSchemaResult {
  /** The full schema to PUT. */
  readonly schema: SynchronizationSchema;
  /** The non-credential secrets (SyncAll, SkipOutOfScopeDeletions, SyncNotificationSettings). */
  readonly secrets: ReadonlyArray<SynchronizationSecret>;
  /** The secret keys still to fill with `credentialSecrets` before the PUT (it replaces the whole set). */
  readonly credentialKeys: ReadonlyArray<string>;
  readonly jobSettings: ReadonlyArray<SynchronizationJobSetting>;
  readonly unsupported: ReadonlyArray<TranslationReport>;
}

/** Add-only flow types our configuration has no value for; a push keeps them while the config says `Always`. */
const KEPT_FLOW_TYPES = new Set(['MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly']);

export function configToSchema(config: EntraZendeskConfig, baseSchema?: SynchronizationSchema, options: ConfigToSchemaOptions = {}): ConfigToSchemaResult {
  const layout: SchemaLayout = { ...DEFAULT_SCHEMA_LAYOUT, ...options.layout };
  const unsupported: TranslationReport[] = [];
  const located = { userMapping: findObjectMapping(baseSchema, 'userMapping'), groupMapping: findObjectMapping(baseSchema, 'groupMapping') };
  const baseMapping = (kind: MappingKind): SchemaObjectMapping | undefined => {
    const at = located[kind];
    return at && baseSchema?.synchronizationRules[at.rule]?.objectMappings[at.mapping];
  };
  const built = {
    userMapping: objectMappingToSchema(config.userMapping, 'userMapping', baseMapping('userMapping'), layout, unsupported),
    groupMapping: objectMappingToSchema(config.groupMapping, 'groupMapping', baseMapping('groupMapping'), layout, unsupported),
  };

  let rules: SynchronizationRule[] = (baseSchema?.synchronizationRules ?? []).map((rule) => ({ ...rule, objectMappings: [...(rule.objectMappings ?? [])] }));
  if (rules.length === 0) {
    rules = [{
      id: layout.ruleId,
      name: layout.ruleName,
      sourceDirectoryName: layout.sourceDirectoryName,
      targetDirectoryName: layout.targetDirectoryName,
      objectMappings: [],
      metadata: [],
    }];
  }
  // Group first: a user mapping the job lacks goes to the front of a rule, which would shift the group's position.
  for (const kind of ['groupMapping', 'userMapping'] as const) {
    const at = located[kind];
    if (at) {
      (rules[at.rule]!.objectMappings as SchemaObjectMapping[])[at.mapping] = built[kind];
      continue;
    }
    // A mapping the job lacks joins the rule that holds the other one (one rule per connector, §8.7).
    const other = located[kind === 'userMapping' ? 'groupMapping' : 'userMapping'];
    const list = rules[other?.rule ?? 0]!.objectMappings as SchemaObjectMapping[];
    if (kind === 'userMapping') list.unshift(built[kind]);
    else list.push(built[kind]);
  }

  reportConfigOnly(config, unsupported);
  const schema: SynchronizationSchema = {
    ...(baseSchema ?? {}),
    synchronizationRules: rules,
    directories: baseSchema?.directories ?? [],
  };
  return {
    schema,
    secrets: settingsSecrets(config),
    credentialKeys: credentialKeyNames(options.credentialKeys ?? DEFAULT_ZENDESK_CREDENTIAL_KEYS),
    jobSettings: jobSettingsFor(config, options.baseJobSettings),
    unsupported,
  };
}

function objectMappingToSchema(
  mapping: ObjectMapping,
  kind: MappingKind,
  base: SchemaObjectMapping | undefined,
  layout: SchemaLayout,
  unsupported: TranslationReport[],
): SchemaObjectMapping {
  const configPath = `/${kind}`;
  const attributeMappings = mapping.attributeMappings.map((m, i) => {
    const baseAttribute = (base?.attributeMappings ?? []).find((b) => b.targetAttributeName === m.target);
    return attributeMappingToSchema(m, baseAttribute, `${configPath}/attributeMappings/${i}`, unsupported);
  });
  // What import could not bring into the configuration is kept, unless the configuration now maps that target itself.
  const configured = new Set(mapping.attributeMappings.map((m) => m.target));
  for (const b of base?.attributeMappings ?? []) {
    if (configured.has(b.targetAttributeName)) continue;
    const why = unexpressibleAttributeMapping(b, kind);
    if (why === undefined) continue;
    attributeMappings.push(b);
    unsupported.push({
      path: `${configPath}/attributeMappings`, feature: `attribute mapping → ${b.targetAttributeName}`, outcome: 'keptInSchema',
      message: `${configPath}/attributeMappings: the job's mapping to "${b.targetAttributeName}" is kept as it is (${why})`,
    });
  }
  return {
    ...(base ?? {}),
    name: mapping.name,
    enabled: mapping.enabled,
    flowTypes: actionsToFlowTypes(mapping.targetObjectActions),
    sourceObjectName: base?.sourceObjectName ?? SOURCE_OBJECT_NAMES[kind],
    targetObjectName: base?.targetObjectName ?? (kind === 'userMapping' ? layout.userTargetObjectName : layout.groupTargetObjectName),
    attributeMappings,
    scope: scopeToSchema(mapping.scopingFilters, base?.scope ?? null),
    metadata: base?.metadata ?? [],
  };
}

function copyGroups(groups: ReadonlyArray<FilterGroup>): FilterGroup[] {
  return groups.map((g) => ({
    name: g.name,
    clauses: g.clauses.map((c) => ({ operatorName: c.operatorName, sourceOperandName: c.sourceOperandName, targetOperand: { values: [...c.targetOperand.values] } })),
  }));
}

/**
 * Decision: no scoping filter is `scope: null` (how gallery defaults come, §2.1) — unless the job's scope is an object,
 * whose experimental `inputFilterGroups` / `categoryFilterGroups` are then kept and only `groups` replaced.
 */
function scopeToSchema(groups: ReadonlyArray<FilterGroup>, base: SchemaFilter | null): SchemaFilter | null {
  if (base !== null && typeof base === 'object') return { ...base, groups: copyGroups(groups) };
  if (groups.length === 0) return null;
  return { categoryFilterGroups: [], inputFilterGroups: [], groups: copyGroups(groups) };
}

function sourceToSchema(mapping: AttributeMapping, path: string): AttributeMappingSource | null {
  const zero = { start: 0, end: 0 };
  switch (mapping.type) {
    case 'None':
      // §3.1: a mapping carried by its default value alone has `source: null`. Decision: that is our `None` type (the
      // portal's "None": the target is only filled, on create, with the default). `Constant` keeps a Constant source
      // node, because it flows on every update — `source: null` + defaultValue would only apply on create.
      return null;
    case 'Direct':
      return toAttributeMappingSource({ type: 'Attribute', name: mapping.source ?? '', span: zero });
    case 'Constant':
      return toAttributeMappingSource({ type: 'Constant', value: mapping.source ?? '', form: 'string', raw: '', span: zero });
    case 'Expression':
      try {
        return toAttributeMappingSource(parseExpression(mapping.source ?? ''));
      } catch (error) {
        if (!(error instanceof ExpressionParseError)) throw error;
        // loadConfig rejects such a configuration; this guards callers that built one by hand.
        throw new Error(`${path}/source: the expression does not parse (${error.message}); correct it before pushing`, { cause: error });
      }
  }
}

function attributeMappingToSchema(
  mapping: AttributeMapping,
  base: SchemaAttributeMapping | undefined,
  path: string,
  unsupported: TranslationReport[],
): SchemaAttributeMapping {
  let flowType: string = mapping.apply === 'OnCreateOnly' ? 'ObjectAddOnly' : 'Always';
  if (flowType === 'Always' && base !== undefined && KEPT_FLOW_TYPES.has(base.flowType)) {
    flowType = base.flowType;
    unsupported.push({
      path: `${path}/apply`, feature: `flowType ${base.flowType}`, outcome: 'keptInSchema',
      message: `${path}/apply: the job's flowType ${base.flowType} for "${mapping.target}" is kept (the configuration's "Always" cannot say it); set "OnCreateOnly" to replace it`,
    });
  }
  const flowBehavior = base?.flowBehavior ?? 'FlowWhenChanged';
  if (flowBehavior !== 'FlowWhenChanged') {
    unsupported.push({
      path, feature: `flowBehavior ${flowBehavior}`, outcome: 'keptInSchema',
      message: `${path}: the job's flowBehavior ${flowBehavior} for "${mapping.target}" is kept (the configuration has no setting for it)`,
    });
  }
  if (base?.exportMissingReferences === true) {
    unsupported.push({
      path, feature: 'exportMissingReferences', outcome: 'keptInSchema',
      message: `${path}: the job's exportMissingReferences: true for "${mapping.target}" is kept (the configuration has no setting for it)`,
    });
  }
  return {
    source: sourceToSchema(mapping, path),
    targetAttributeName: mapping.target,
    defaultValue: mapping.defaultValue ?? null,
    matchingPriority: mapping.matchingPrecedence ?? 0,
    flowType,
    flowBehavior,
    exportMissingReferences: base?.exportMissingReferences ?? false,
  };
}

/** Settings of our configuration the job's schema, secrets and settings have no place for. */
function reportConfigOnly(config: EntraZendeskConfig, unsupported: TranslationReport[]): void {
  if (config.deprovisioning.action === 'delete') {
    unsupported.push({
      path: '/deprovisioning/action', feature: 'deprovisioning.action delete', outcome: 'notPushed',
      message: '/deprovisioning/action: "delete" only affects this tool\'s engine; the Entra service disables users that leave scope and deletes only users deleted in Entra (with the Delete action)',
    });
  }
  if (!config.excludeDefaultAccess) {
    unsupported.push({
      path: '/excludeDefaultAccess', feature: 'excludeDefaultAccess false', outcome: 'notPushed',
      message: '/excludeDefaultAccess: false only affects this tool\'s engine; the Entra service applies its own Default Access rule',
    });
  }
  const sameRoles = JSON.stringify(config.roles) === JSON.stringify(DEFAULT_ROLE_TRANSLATIONS);
  if (!sameRoles) {
    unsupported.push({
      path: '/roles', feature: 'role translations', outcome: 'notPushed',
      message: '/roles: role translations are not part of the job\'s schema; the service reads the roles imported into the enterprise app (Zendesk roles appear after an initial cycle)',
    });
  }
}
