/**
 * The job's `synchronizationSchema` (+ secrets and job settings when the caller has them) → our configuration: the
 * Import path for admins who configured the portal. Everything both can express is translated; everything else is
 * reported with its path and what happened to it. The input is external JSON, so every field is checked, not trusted.
 */
import { parse, type ParseError } from 'jsonc-parser';
import {
  ConfigError,
  createConfigText,
  loadConfig,
  updateConfigText,
  type AttributeMapping,
  type ConfigIdentity,
  type ConfigWarning,
  type ProvisioningScope,
  type TargetObjectAction,
} from '../config';
import { quoteIfShort } from '../config/json-pointer';
import { ExpressionParseError, fromAttributeMappingSource } from '../expressions';
import { validateScopingFilter, type FilterGroup } from '../scoping';
import {
  canonicalAttributeMapping,
  flowTypesToActions,
  SOURCE_OBJECT_NAMES,
  sourceFromNode,
  unexpressibleAttributeMapping,
  type AttributeMappingDocument,
  type MappingKind,
} from './model';
import {
  credentialKeyNames,
  DEFAULT_ZENDESK_CREDENTIAL_KEYS,
  DELETE_THRESHOLD_JOB_SETTING,
  parseSecretBoolean,
  SKIP_OUT_OF_SCOPE_DELETIONS_KEY,
  SYNC_ALL_KEY,
  SYNC_NOTIFICATION_SETTINGS_KEY,
  type ZendeskCredentialKeys,
} from './secrets';
import type {
  SchemaAttributeMapping,
  SchemaObjectMapping,
  SynchronizationJobSetting,
  SynchronizationSchema,
  SynchronizationSecret,
  TranslationReport,
} from './types';

/** An object mapping as written in the configuration file. */
export interface ObjectMappingDocument {
  name: string;
  enabled: boolean;
  targetObjectActions: TargetObjectAction[];
  scopingFilters: FilterGroup[];
  attributeMappings: AttributeMappingDocument[];
}

/**
 * The configuration sections an import determines, in the file's shape. A section (or key) is present only when the
 * inputs say it: without secrets (GET …/secrets is blocked on v1.0, §8.5) there is no `scope`, no
 * `skipOutOfScopeDeletions` and no `notifications`, so the defaults or the existing file's values stay.
 */
export interface ImportedConfigDocument {
  scope?: ProvisioningScope;
  userMapping?: ObjectMappingDocument;
  groupMapping?: Partial<ObjectMappingDocument> & { enabled: boolean };
  deprovisioning?: { skipOutOfScopeDeletions: boolean };
  accidentalDeletion?: { enabled?: boolean; threshold?: number };
  notifications?: { email?: string; notifyOnFailure: boolean };
}

export interface SchemaToConfigOptions {
  readonly credentialKeys?: ZendeskCredentialKeys;
}

export interface SchemaToConfigResult {
  readonly document: ImportedConfigDocument;
  readonly unsupported: ReadonlyArray<TranslationReport>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

class Reports {
  readonly items: TranslationReport[] = [];
  add(path: string, feature: string, outcome: TranslationReport['outcome'], what: string): void {
    this.items.push({ path, feature, outcome, message: `${path}: ${what}` });
  }
}

export function schemaToConfig(
  schema: SynchronizationSchema,
  secrets?: ReadonlyArray<SynchronizationSecret>,
  jobSettings?: ReadonlyArray<SynchronizationJobSetting>,
  options: SchemaToConfigOptions = {},
): SchemaToConfigResult {
  const reports = new Reports();
  const document: ImportedConfigDocument = {};
  const seen = new Set<MappingKind>();
  if (!isRecord(schema) || !Array.isArray(schema.synchronizationRules)) {
    reports.add('/synchronizationRules', 'synchronizationRules', 'dropped', 'the schema has no synchronizationRules list, so there is nothing to import');
  }
  list(isRecord(schema) ? schema.synchronizationRules : undefined).forEach((rule: unknown, r) => {
    const rulePath = `/synchronizationRules/${r}`;
    if (!isRecord(rule)) {
      reports.add(rulePath, 'synchronization rule', 'dropped', `expected a rule object, found ${describe(rule)}`);
      return;
    }
    const ruleName = typeof rule.name === 'string' ? rule.name : String(rule.id);
    for (const key of ['containerFilter', 'groupFilter'] as const) {
      if (rule[key] !== undefined && rule[key] !== null) {
        reports.add(`${rulePath}/${key}`, key, 'keptInSchema', `the rule's ${key} (Entra Cloud Sync only) has no place in the configuration; a push keeps it`);
      }
    }
    let imported = 0;
    list(rule.objectMappings).forEach((mapping: unknown, m) => {
      const path = `${rulePath}/objectMappings/${m}`;
      const kind = mappingKind(mapping);
      if (kind === undefined || seen.has(kind)) {
        const what = isRecord(mapping)
          ? `the object mapping ${quoteName(mapping.name)} (${String(mapping.sourceObjectName)} → ${String(mapping.targetObjectName)}) is not imported: the configuration holds one user and one group mapping`
          : `expected an object mapping, found ${describe(mapping)}`;
        reports.add(path, 'object mapping', 'keptInSchema', `${what}; a push keeps it`);
        return;
      }
      seen.add(kind);
      imported++;
      document[kind] = importObjectMapping(mapping as unknown as SchemaObjectMapping, kind, path, reports);
    });
    if (imported === 0) {
      reports.add(rulePath, 'synchronization rule', 'keptInSchema', `the rule ${quoteName(ruleName)} has no user or group mapping to import; a push keeps it`);
    }
  });
  if (!seen.has('userMapping')) {
    reports.add('/synchronizationRules', 'user object mapping', 'dropped', 'the schema has no object mapping with sourceObjectName "User"; the configuration keeps its user mapping');
  }
  if (!seen.has('groupMapping')) {
    // The job doesn't provision groups: say so in the configuration rather than leave the enabled default.
    document.groupMapping = { enabled: false };
    reports.add('/synchronizationRules', 'group object mapping', 'approximated', 'the schema has no object mapping with sourceObjectName "Group"; imported as groupMapping.enabled false');
  }
  if (secrets !== undefined) importSecrets(secrets, document, options.credentialKeys ?? DEFAULT_ZENDESK_CREDENTIAL_KEYS, reports);
  if (jobSettings !== undefined) importJobSettings(jobSettings, document, reports);
  return { document, unsupported: reports.items };
}

function mappingKind(mapping: unknown): MappingKind | undefined {
  if (!isRecord(mapping) || typeof mapping.sourceObjectName !== 'string') return undefined;
  const name = mapping.sourceObjectName.toLowerCase();
  return (['userMapping', 'groupMapping'] as const).find((kind) => SOURCE_OBJECT_NAMES[kind].toLowerCase() === name);
}

/** Names (of mappings, rules, filters, keys) are never secret: quoted in full up to 80 characters. */
function quoteName(value: unknown): string {
  if (typeof value !== 'string') return describe(value);
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** Values are described by kind unless short and not token-shaped (config/json-pointer.ts: a secret is never echoed). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${quoteIfShort(value)}`;
}

function importObjectMapping(mapping: SchemaObjectMapping, kind: MappingKind, path: string, reports: Reports): ObjectMappingDocument {
  const raw = mapping as unknown as Record<string, unknown>;
  const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : SOURCE_OBJECT_NAMES[kind];
  if (name !== raw.name) reports.add(`${path}/name`, 'object mapping name', 'approximated', `the object mapping has no name; imported as "${name}"`);
  let enabled = true;
  if (typeof raw.enabled === 'boolean') enabled = raw.enabled;
  else reports.add(`${path}/enabled`, 'enabled', 'approximated', `"enabled" is ${describe(raw.enabled)}, not true/false; imported as true`);

  let actions: TargetObjectAction[] = ['Create', 'Update', 'Delete'];
  if (typeof raw.flowTypes === 'string') {
    const parsed = flowTypesToActions(raw.flowTypes);
    actions = parsed.actions;
    for (const member of parsed.unknown) {
      reports.add(`${path}/flowTypes`, `flowTypes ${member}`, 'dropped', `the flow type ${quoteIfShort(member)} is not one of Add, Update, Delete; it is left out`);
    }
  } else {
    reports.add(`${path}/flowTypes`, 'flowTypes', 'approximated', `"flowTypes" is ${describe(raw.flowTypes)}; imported as Create, Update, Delete (the service's default)`);
  }

  const document: ObjectMappingDocument = {
    name,
    enabled,
    targetObjectActions: actions,
    scopingFilters: importScope(raw.scope, `${path}/scope`, reports),
    attributeMappings: importAttributeMappings(list(raw.attributeMappings), kind, `${path}/attributeMappings`, reports),
  };
  if (list(raw.metadata).length > 0) {
    reports.add(`${path}/metadata`, 'object mapping metadata', 'keptInSchema', `the service's metadata (${list(raw.metadata).length} entries) is not configuration; a push keeps it`);
  }
  return document;
}

/**
 * Scoping filter groups, checked with the scoping validator. Decision: a group the configuration would reject (an
 * operator or regex this tool can't evaluate) is dropped whole and reported — dropping one of its clauses would widen
 * scope silently, and keeping it would make the imported file fail to load.
 */
function importScope(scope: unknown, path: string, reports: Reports): FilterGroup[] {
  if (scope === null || scope === undefined) return [];
  if (!isRecord(scope)) {
    reports.add(path, 'scope', 'dropped', `expected a filter object or null, found ${describe(scope)}; imported without scoping filters`);
    return [];
  }
  for (const key of ['inputFilterGroups', 'categoryFilterGroups'] as const) {
    if (list(scope[key]).length > 0) {
      reports.add(`${path}/${key}`, key, 'keptInSchema', `experimental ${key} have no place in the configuration (only "groups" decide scope); a push keeps them`);
    }
  }
  const groups: FilterGroup[] = [];
  list(scope.groups).forEach((group: unknown, g) => {
    const groupPath = `${path}/groups/${g}`;
    const errors = validateScopingFilter({ groups: [group] }).filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const name = isRecord(group) ? quoteName(group.name) : describe(group);
      reports.add(groupPath, 'scoping filter', 'dropped',
        `the scoping filter ${name} is not imported: ${errors.map((e) => e.message).join('; ')} — fix it and add it to scopingFilters, or a push removes it from the job`);
      return;
    }
    const { name, clauses } = group as FilterGroup;
    groups.push({
      name,
      clauses: clauses.map((c) => ({ operatorName: c.operatorName, sourceOperandName: c.sourceOperandName, targetOperand: { values: [...c.targetOperand.values] } })),
    });
  });
  return groups;
}

function importAttributeMappings(mappings: unknown[], kind: MappingKind, path: string, reports: Reports): AttributeMappingDocument[] {
  const result: AttributeMappingDocument[] = [];
  const targets = new Set<string>();
  const priorities = new Set<number>();
  const collided: Array<{ mapping: AttributeMappingDocument; at: string }> = [];
  mappings.forEach((raw: unknown, i) => {
    const at = `${path}/${i}`;
    if (!isRecord(raw)) {
      reports.add(at, 'attribute mapping', 'dropped', `expected an attribute mapping object, found ${describe(raw)}`);
      return;
    }
    const mapping = raw as unknown as SchemaAttributeMapping;
    const why = unexpressibleAttributeMapping(mapping, kind);
    if (why !== undefined) {
      reports.add(at, `attribute mapping → ${String(mapping.targetAttributeName)}`, 'keptInSchema', `not imported: ${why}; a push keeps it`);
      return;
    }
    const target = mapping.targetAttributeName;
    if (targets.has(target.toLowerCase())) {
      reports.add(at, `attribute mapping → ${target}`, 'dropped', `a second mapping to "${target}" is not imported: the configuration holds one mapping per target`);
      return;
    }
    targets.add(target.toLowerCase());
    const document = importAttributeMapping(mapping, at, reports);
    if (document.matchingPrecedence !== undefined) {
      if (priorities.has(document.matchingPrecedence)) collided.push({ mapping: document, at });
      else priorities.add(document.matchingPrecedence);
    }
    result.push(document);
  });
  // Two matching attributes with one priority: the later one is tried after every other (order kept, numbers unique).
  for (const { mapping, at } of collided) {
    const next = Math.max(...priorities) + 1;
    reports.add(`${at}/matchingPriority`, 'matchingPriority', 'approximated',
      `matchingPriority ${mapping.matchingPrecedence} is used twice; "${mapping.target}" is imported with matchingPrecedence ${next}`);
    mapping.matchingPrecedence = next;
    priorities.add(next);
  }
  return result;
}

function importAttributeMapping(mapping: SchemaAttributeMapping, at: string, reports: Reports): AttributeMappingDocument {
  const target = mapping.targetAttributeName;
  let typed: Pick<AttributeMappingDocument, 'type' | 'source'>;
  if (mapping.source === null || mapping.source === undefined) {
    typed = { type: 'None' };
  } else {
    try {
      typed = sourceFromNode(fromAttributeMappingSource(mapping.source));
    } catch (error) {
      // unexpressibleAttributeMapping already parsed this source; anything thrown here is a bug, not bad input.
      if (error instanceof ExpressionParseError) throw new Error(`${at}/source: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const document: AttributeMappingDocument = { ...typed, target, apply: 'Always' };
  if (typeof mapping.defaultValue === 'string') document.defaultValue = mapping.defaultValue;
  else if (mapping.defaultValue !== null && mapping.defaultValue !== undefined) {
    reports.add(`${at}/defaultValue`, 'defaultValue', 'dropped', `the default value is ${describe(mapping.defaultValue)}, not a string; it is left out`);
  }
  const priority: unknown = mapping.matchingPriority;
  if (typeof priority === 'number' && Number.isInteger(priority) && priority > 0) document.matchingPrecedence = priority;
  else if (priority !== undefined && priority !== null && priority !== 0) {
    reports.add(`${at}/matchingPriority`, 'matchingPriority', 'dropped', `matchingPriority ${describe(priority)} is not a positive whole number; "${target}" is imported as a non-matching mapping`);
  }
  const flowType: unknown = mapping.flowType ?? 'Always';
  if (flowType === 'ObjectAddOnly') document.apply = 'OnCreateOnly';
  else if (flowType !== 'Always') {
    reports.add(`${at}/flowType`, `flowType ${String(flowType)}`, 'approximated',
      `flowType ${quoteIfShort(flowType)} has no equivalent in the configuration; "${target}" is imported with apply "Always", and a push keeps the job's ${quoteIfShort(flowType)} unless apply is changed`);
  }
  const flowBehavior: unknown = mapping.flowBehavior ?? 'FlowWhenChanged';
  if (flowBehavior !== 'FlowWhenChanged') {
    reports.add(`${at}/flowBehavior`, `flowBehavior ${String(flowBehavior)}`, 'keptInSchema',
      `flowBehavior ${quoteIfShort(flowBehavior)} has no equivalent in the configuration (it behaves as FlowWhenChanged here); a push keeps it`);
  }
  if (mapping.exportMissingReferences === true) {
    reports.add(`${at}/exportMissingReferences`, 'exportMissingReferences', 'keptInSchema', 'exportMissingReferences: true has no equivalent in the configuration; a push keeps it');
  }
  // Key order of the defaults: type, source, target, defaultValue, matchingPrecedence, apply.
  return canonicalOrder(document);
}

function canonicalOrder(m: AttributeMappingDocument): AttributeMappingDocument {
  return {
    type: m.type,
    ...(m.source !== undefined ? { source: m.source } : {}),
    target: m.target,
    ...(m.defaultValue !== undefined ? { defaultValue: m.defaultValue } : {}),
    ...(m.matchingPrecedence !== undefined ? { matchingPrecedence: m.matchingPrecedence } : {}),
    apply: m.apply,
  };
}

// ------------------------------------------------------------------------------------------------ secrets, settings

const SINGLE_EMAIL = /^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$/;

function importSecrets(secrets: ReadonlyArray<SynchronizationSecret>, document: ImportedConfigDocument, keys: ZendeskCredentialKeys, reports: Reports): void {
  const credentialKeys = new Set(credentialKeyNames(keys).map((k) => k.toLowerCase()));
  list(secrets).forEach((secret: unknown, i) => {
    const at = `/secrets/${i}`;
    if (!isRecord(secret) || typeof secret.key !== 'string' || typeof secret.value !== 'string') {
      reports.add(at, 'secret', 'dropped', 'expected {"key": "…", "value": "…"} with string key and value');
      return;
    }
    const key = secret.key.toLowerCase();
    // Values are read only for the known, non-confidential settings, and never echoed except as true/false/numbers.
    if (key === SYNC_ALL_KEY.toLowerCase()) {
      const all = parseSecretBoolean(secret.value);
      if (all === undefined) reports.add(at, SYNC_ALL_KEY, 'dropped', `${SYNC_ALL_KEY} is neither true nor false; scope is left as it is`);
      else document.scope = all ? 'allUsersAndGroups' : 'assignedOnly';
    } else if (key === SKIP_OUT_OF_SCOPE_DELETIONS_KEY.toLowerCase()) {
      const skip = parseSecretBoolean(secret.value);
      if (skip === undefined) reports.add(at, SKIP_OUT_OF_SCOPE_DELETIONS_KEY, 'dropped', `${SKIP_OUT_OF_SCOPE_DELETIONS_KEY} is neither True nor False; it is left as it is`);
      else document.deprovisioning = { skipOutOfScopeDeletions: skip };
    } else if (key === SYNC_NOTIFICATION_SETTINGS_KEY.toLowerCase()) {
      importNotificationSettings(secret.value, at, document, reports);
    } else if (credentialKeys.has(key)) {
      reports.add(at, `secret ${secret.key}`, 'dropped', `the credential ${secret.key} is not imported: credentials live in VS Code SecretStorage or the environment, never in the configuration file`);
    } else {
      reports.add(at, `secret ${secret.key}`, 'dropped', `the secret ${quoteName(secret.key)} has no place in the configuration; its value is not read`);
    }
  });
}

function importNotificationSettings(text: string, at: string, document: ImportedConfigDocument, reports: Reports): void {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reports.add(at, SYNC_NOTIFICATION_SETTINGS_KEY, 'dropped', `${SYNC_NOTIFICATION_SETTINGS_KEY} is not JSON; notifications and the deletion threshold switch are left as they are`);
    return;
  }
  if (!isRecord(value)) {
    reports.add(at, SYNC_NOTIFICATION_SETTINGS_KEY, 'dropped', `${SYNC_NOTIFICATION_SETTINGS_KEY} is not a JSON object; it is not imported`);
    return;
  }
  const known = new Set(['Enabled', 'Recipients', 'DeleteThresholdEnabled', 'DeleteThresholdValue']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) reports.add(at, `${SYNC_NOTIFICATION_SETTINGS_KEY}.${key}`, 'dropped', `${SYNC_NOTIFICATION_SETTINGS_KEY} field ${quoteName(key)} has no place in the configuration`);
  }
  let email: string | undefined;
  if (typeof value.Recipients === 'string' && value.Recipients.trim() !== '') {
    const all = value.Recipients.split(/[;,]/).map((r) => r.trim()).filter((r) => r !== '');
    email = all.find((r) => SINGLE_EMAIL.test(r));
    if (all.length > 1 || email === undefined) {
      reports.add(at, `${SYNC_NOTIFICATION_SETTINGS_KEY}.Recipients`, 'approximated',
        email === undefined
          ? 'the notification recipients are not an e-mail address; notifications are imported without one'
          : `the configuration holds one notification e-mail; ${all.length - 1} other recipient(s) are left out`);
    }
  }
  const enabled = value.Enabled === true;
  if (enabled && email === undefined) {
    reports.add(at, `${SYNC_NOTIFICATION_SETTINGS_KEY}.Enabled`, 'approximated', 'failure e-mails are on but there is no recipient; imported as notifyOnFailure false');
  }
  document.notifications = { ...(email !== undefined ? { email } : {}), notifyOnFailure: enabled && email !== undefined };
  if (typeof value.DeleteThresholdEnabled === 'boolean') {
    document.accidentalDeletion = { ...document.accidentalDeletion, enabled: value.DeleteThresholdEnabled };
  }
  const threshold = value.DeleteThresholdValue;
  if (typeof threshold === 'number' && Number.isInteger(threshold) && threshold >= 1) {
    // The job setting, when given, is what the service quarantines by (§1.8); it is read after this and wins.
    document.accidentalDeletion = { ...document.accidentalDeletion, threshold };
  } else if (threshold !== undefined) {
    reports.add(at, `${SYNC_NOTIFICATION_SETTINGS_KEY}.DeleteThresholdValue`, 'dropped', `DeleteThresholdValue ${describe(threshold)} is not a whole number ≥ 1`);
  }
}

function importJobSettings(settings: ReadonlyArray<SynchronizationJobSetting>, document: ImportedConfigDocument, reports: Reports): void {
  list(settings).forEach((setting: unknown, i) => {
    const at = `/synchronizationJobSettings/${i}`;
    if (!isRecord(setting) || typeof setting.name !== 'string') {
      reports.add(at, 'job setting', 'dropped', 'expected {"name": "…", "value": "…"}');
      return;
    }
    if (setting.name !== DELETE_THRESHOLD_JOB_SETTING) {
      reports.add(at, `job setting ${setting.name}`, 'keptInSchema', `the job setting ${quoteName(setting.name)} has no place in the configuration; a push that passes the job's settings keeps it`);
      return;
    }
    const text = typeof setting.value === 'string' ? setting.value.trim() : '';
    const threshold = /^\d{1,9}$/.test(text) ? Number(text) : 0;
    if (threshold < 1) {
      reports.add(at, DELETE_THRESHOLD_JOB_SETTING, 'dropped', `${DELETE_THRESHOLD_JOB_SETTING} ${describe(setting.value)} is not a whole number ≥ 1; the threshold is left as it is`);
      return;
    }
    const fromSecret = document.accidentalDeletion?.threshold;
    if (fromSecret !== undefined && fromSecret !== threshold) {
      reports.add(at, DELETE_THRESHOLD_JOB_SETTING, 'approximated', `the job setting (${threshold}) and SyncNotificationSettings' DeleteThresholdValue (${fromSecret}) differ; the job setting is imported`);
    }
    document.accidentalDeletion = { ...document.accidentalDeletion, threshold };
  });
}

// ------------------------------------------------------------------------------------------------------ config text

export interface ImportedConfigTextOptions {
  /** The file to update; without it a new file is created (and `identity` must name the deployment). */
  readonly existingText?: string;
  /**
   * What identifies the deployment in a new file. `subdomain` and `adminEmail` may come from the credential secrets
   * (Domain, UserName) when those are given; `tenantId` must be given.
   */
  readonly identity?: Partial<ConfigIdentity>;
  readonly secrets?: ReadonlyArray<SynchronizationSecret>;
  readonly jobSettings?: ReadonlyArray<SynchronizationJobSetting>;
  readonly credentialKeys?: ZendeskCredentialKeys;
  readonly schemaUri?: string;
}

export interface ImportedConfigText {
  /** The configuration file text; it passed `loadConfig`. */
  readonly text: string;
  readonly unsupported: ReadonlyArray<TranslationReport>;
  /** loadConfig's warnings for the new text. */
  readonly warnings: ReadonlyArray<ConfigWarning>;
}

/**
 * A configuration file holding what the job's schema says: a new file (createConfigText) or the existing one updated
 * in place (updateConfigText keeps its comments, order and unknown keys). In an existing file, a mapping the import
 * would only re-spell (`[mail]` vs Direct `mail`, expression spacing, an omitted `apply`) is left as written.
 * @throws ConfigError when the identity is incomplete or the result does not load (its problems name the paths).
 */
export function importedConfigText(schema: SynchronizationSchema, options: ImportedConfigTextOptions = {}): ImportedConfigText {
  const keys = options.credentialKeys ?? DEFAULT_ZENDESK_CREDENTIAL_KEYS;
  const { document: imported, unsupported } = schemaToConfig(schema, options.secrets, options.jobSettings, { credentialKeys: keys });
  let baseText = options.existingText;
  if (baseText === undefined) {
    const identity = identityFor(options.identity ?? {}, options.secrets ?? [], keys);
    baseText = createConfigText({ ...identity, ...(options.schemaUri !== undefined ? { schemaUri: options.schemaUri } : {}) });
  }
  const errors: ParseError[] = [];
  const existing: unknown = parse(baseText, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0 || !isRecord(existing)) {
    // loadConfig gives the located syntax problems.
    loadConfig(baseText, 'the configuration being updated');
    throw new ConfigError('the configuration being updated', [{ path: '', message: 'the configuration must be a JSON object', fix: 'wrap the settings in { … }' }]);
  }
  const text = updateConfigText(baseText, mergeImported(existing, imported));
  const loaded = loadConfig(text, 'the imported configuration');
  return { text, unsupported, warnings: loaded.warnings };
}

function identityFor(given: Partial<ConfigIdentity>, secrets: ReadonlyArray<SynchronizationSecret>, keys: ZendeskCredentialKeys): ConfigIdentity {
  const secret = (key: string): string | undefined => secrets.find((s) => s.key.toLowerCase() === key.toLowerCase())?.value;
  const subdomain = given.subdomain ?? secret(keys.subdomain);
  const adminEmail = given.adminEmail ?? secret(keys.adminEmail);
  const missing = [
    ...(given.tenantId === undefined ? [{ path: '/entra/tenantId', message: 'the tenant is not known', fix: 'pass identity.tenantId (the directory id or a verified domain)' }] : []),
    ...(subdomain === undefined ? [{ path: '/zendesk/subdomain', message: 'the Zendesk subdomain is not known', fix: `pass identity.subdomain, or the ${keys.subdomain} secret` }] : []),
    ...(adminEmail === undefined ? [{ path: '/zendesk/adminEmail', message: 'the Zendesk admin e-mail is not known', fix: `pass identity.adminEmail, or the ${keys.adminEmail} secret` }] : []),
  ];
  if (missing.length > 0) throw new ConfigError('new configuration', missing.map((p) => ({ ...p, message: `${p.path}: ${p.message}` })));
  return { ...given, tenantId: given.tenantId!, subdomain: subdomain!, adminEmail: adminEmail! };
}

/** The existing document with the imported sections merged in; mappings that only differ in spelling stay as written. */
function mergeImported(existing: Record<string, unknown>, imported: ImportedConfigDocument): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...existing };
  if (imported.scope !== undefined) merged.scope = imported.scope;
  for (const kind of ['userMapping', 'groupMapping'] as const) {
    const section = imported[kind];
    if (section === undefined) continue;
    const before = isRecord(existing[kind]) ? existing[kind] : {};
    const next: Record<string, unknown> = { ...before, ...section };
    if (section.attributeMappings !== undefined) next.attributeMappings = keepSpelling(list(before.attributeMappings), section.attributeMappings);
    if (section.targetObjectActions !== undefined && Array.isArray(before.targetObjectActions)
      && sameSet(before.targetObjectActions, section.targetObjectActions)) next.targetObjectActions = before.targetObjectActions;
    merged[kind] = next;
  }
  for (const key of ['deprovisioning', 'accidentalDeletion', 'notifications'] as const) {
    const section = imported[key];
    if (section === undefined) continue;
    const before = isRecord(existing[key]) ? existing[key] : {};
    merged[key] = key === 'notifications' ? { ...withoutKey(before, 'email'), ...section } : { ...before, ...section };
  }
  return merged;
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _removed, ...rest } = value;
  return rest;
}

function sameSet(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function keepSpelling(before: unknown[], imported: AttributeMappingDocument[]): unknown[] {
  return imported.map((mapping) => {
    const match = before.find((b) => isRecord(b) && b.target === mapping.target);
    if (!isRecord(match)) return mapping;
    try {
      const canonical = canonicalAttributeMapping({ apply: 'Always', ...match } as unknown as AttributeMapping);
      return JSON.stringify(canonical) === JSON.stringify(mapping) ? match : mapping;
    } catch {
      return mapping;
    }
  });
}
