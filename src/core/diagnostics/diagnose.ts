/**
 * The connector-limitation lint (reference entra-provisioning.md §4.4, §4.1, §1.10, §1.11): checks the configuration
 * alone, and — given an imported model of both sides — the tenant's roles, assignments, users and groups, for what
 * makes Zendesk provisioning fail, skip users or surprise the admin. Pure: the caller imports the model.
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { type EntraZendeskConfig, fromPointer, lineColumnAt, ZENDESK_API_TOKEN_RETIREMENT } from '../config';
import {
  compileConfig,
  type CompiledConfig,
  type CompiledMapping,
  EngineConfigurationError,
  evaluateMapping,
  evaluateMatchingValues,
  type ImportedModel,
  matchKey,
  readTargetAttribute,
  RoleTranslator,
  type ScopedObject,
  scopeGroup,
  scopeUser,
  type SourceUserRecord,
  type ZendeskRoleTarget,
  type ZendeskUser,
} from '../engine';
import { ExpressionEvaluationError, type ExpressionNode } from '../expressions';
import type { DiagnoseOptions, Finding, FindingObject, FindingSeverity } from './types';

/** Zendesk stops creating API tokens on this day (zendesk-api.md §2.2); they all stop working on the retirement day. */
export const ZENDESK_API_TOKEN_CREATION_END = '2026-10-27';
export { ZENDESK_API_TOKEN_RETIREMENT };

const SEVERITY_ORDER: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };
const ROLE_FUNCTIONS = ['SingleAppRoleAssignment', 'AppRoleAssignmentsComplex', 'AssertiveAppRoleAssignmentsComplex'];

/**
 * Lints the configuration (and the tenant, when `model` is given). `configText` is the file's text: findings about
 * the configuration then carry the line and column of their path. Findings come errors first, then warnings, then
 * information, each group in check order.
 */
export function diagnose(config: EntraZendeskConfig, configText?: string, model?: ImportedModel, options: DiagnoseOptions = {}): Finding[] {
  const ctx = new Context(options);
  let compiled: CompiledConfig | null = null;
  try {
    compiled = compileConfig(config);
  } catch (error) {
    if (!(error instanceof EngineConfigurationError)) throw error;
    ctx.add({
      code: 'config-not-compilable',
      severity: 'error',
      title: 'The configuration cannot be used by the provisioning engine',
      detail: error.message,
      fix: 'Correct the setting named by the path; `entra-zendesk plan` works once it compiles.',
      path: error.path,
    });
  }
  checkCredentials(config, ctx);
  if (compiled !== null) {
    checkMappings(compiled, ctx, model);
    if (model !== undefined) checkModel(compiled, model, ctx);
  }
  const tree = configText === undefined ? undefined : parseTree(configText);
  const findings = configText === undefined || tree === undefined ? ctx.findings : ctx.findings.map((f) => locate(f, configText, tree));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

class Context {
  readonly findings: Finding[] = [];
  readonly now: Date;
  readonly maxNamed: number;
  constructor(options: DiagnoseOptions) {
    this.now = options.now ?? new Date();
    this.maxNamed = options.maxNamedObjects ?? 5;
  }
  add(finding: Finding): void {
    this.findings.push(finding);
  }
  /** `"A", "B" and 3 more` */
  names(objects: ReadonlyArray<FindingObject>): string {
    const named = objects.slice(0, this.maxNamed).map((o) => `"${o.name}"`);
    const rest = objects.length - named.length;
    return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}` : named.join('');
  }
}

// ------------------------------------------------------------------------------------------------ configuration only

function checkCredentials(config: EntraZendeskConfig, ctx: Context): void {
  const today = ctx.now.toISOString().slice(0, 10);
  const retired = today >= ZENDESK_API_TOKEN_RETIREMENT;
  const creationOver = today >= ZENDESK_API_TOKEN_CREATION_END;
  const dates = `${creationOver ? 'new API tokens cannot be created since' : 'no API token can be created from'} ${ZENDESK_API_TOKEN_CREATION_END}, and every token ${retired ? 'stopped' : 'stops'} working on ${ZENDESK_API_TOKEN_RETIREMENT}`;
  if (config.zendesk.auth.mode === 'apiToken') {
    ctx.add({
      code: 'api-token-retirement',
      severity: retired ? 'error' : 'warning',
      title: retired ? 'Zendesk API tokens no longer work' : 'Zendesk API tokens are being retired',
      detail: `This configuration signs in to Zendesk with an API token: ${dates}. Provisioning with an expired token stops without log entries.`,
      fix: 'Set zendesk.auth.mode to "oauth" and create an OAuth client (client_credentials grant) in Admin Center → Apps and integrations → APIs; put its secret in ZENDESK_OAUTH_CLIENT_SECRET.',
      path: '/zendesk/auth/mode',
    });
  } else {
    // The Microsoft-hosted gallery connector's credential is the API token ("Secret Token", reference §4.2), whatever
    // this tool uses; whether Microsoft moves it to OAuth is not documented.
    ctx.add({
      code: 'gallery-connector-api-token',
      severity: 'info',
      title: "Entra's Zendesk gallery connector authenticates with an API token",
      detail: `The provisioning job in Entra (Admin Credentials → Secret Token) uses a Zendesk API token: ${dates}.`,
      fix: 'Plan for the retirement date: check Microsoft\'s Zendesk tutorial for an OAuth option, or run provisioning with this tool\'s OAuth sign-in.',
    });
  }
}

function walk(node: ExpressionNode | null, visit: (node: ExpressionNode) => void): void {
  if (node === null) return;
  visit(node);
  if (node.type === 'Function') node.args.forEach((arg) => walk(arg, visit));
  else if (node.type === 'Comparison') {
    walk(node.left, visit);
    walk(node.right, visit);
  }
}

function usesFunction(node: ExpressionNode | null, names: ReadonlyArray<string>): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === 'Function' && names.includes(n.name)) found = true;
  });
  return found;
}

function roleMapping(compiled: CompiledConfig): CompiledMapping | undefined {
  return compiled.user.mappings.find((m) => m.target === 'role');
}

function checkMappings(compiled: CompiledConfig, ctx: Context, model: ImportedModel | undefined): void {
  const { config } = compiled;
  for (const objectMapping of [compiled.user, compiled.group]) {
    if (!objectMapping.enabled) continue;
    for (const mapping of objectMapping.mappings) {
      // Reference §1.10: a Switch is evaluated as null when another attribute changed but its source didn't.
      if (!mapping.createOnly && usesFunction(mapping.node, ['Switch'])) {
        ctx.add({
          code: 'switch-mapping-on-update',
          severity: 'warning',
          title: `The Switch mapping to "${mapping.target}" can blank it on updates`,
          detail: `When another mapped attribute changes but the Switch's source attribute did not, the service evaluates the Switch as null and sets "${mapping.target}" to null in Zendesk${config.emulateSwitchNullQuirk ? ' (emulateSwitchNullQuirk reproduces this here)' : ''}.`,
          fix: 'Rewrite it with nested IIF(), or set "apply" to "OnCreateOnly" if the value only matters on creation.',
          path: `${mapping.path}/source`,
        });
      }
      if (mapping.node?.type === 'Attribute' && mapping.node.name.toLowerCase() === 'approleassignments') {
        ctx.add({
          code: 'app-role-assignments-mapped-directly',
          severity: 'error',
          title: `appRoleAssignments is mapped directly to "${mapping.target}"`,
          detail: 'App role assignments are not a value the service can provision directly (reference §1.11).',
          fix: 'Use SingleAppRoleAssignment([appRoleAssignments]) (one role) or AppRoleAssignmentsComplex([appRoleAssignments]).',
          path: `${mapping.path}/source`,
        });
      }
      if (config.scope === 'allUsersAndGroups' && usesFunction(mapping.node, ROLE_FUNCTIONS)) {
        ctx.add({
          code: 'complex-roles-with-sync-all',
          severity: 'warning',
          title: `The role functions in the mapping to "${mapping.target}" do not work with "Sync all users and groups"`,
          detail: 'SingleAppRoleAssignment, AppRoleAssignmentsComplex and AssertiveAppRoleAssignmentsComplex need assignments; with Sync all users get no role from them.',
          fix: 'Set "scope" to "assignedOnly" and assign users to Zendesk roles, or map the role from a directory attribute.',
          path: `${mapping.path}/source`,
        });
      }
    }
  }
  const role = roleMapping(compiled);
  if (compiled.user.enabled && role === undefined) {
    ctx.add({
      code: 'role-mapping-missing',
      severity: 'warning',
      title: 'No mapping sets the Zendesk role',
      detail: 'Every provisioned user is created as an end-user: agents and custom roles assigned in Entra are ignored.',
      fix: 'Add the mapping SingleAppRoleAssignment([appRoleAssignments]) → role with default value "end-user".',
      path: '/userMapping/attributeMappings',
    });
  } else if (compiled.user.enabled && role !== undefined && !role.createOnly) {
    ctx.add({
      code: 'role-mapping-overwrites-zendesk',
      severity: 'info',
      title: 'Entra is the master of Zendesk roles',
      detail: 'The role mapping applies on every update: a role or custom role changed by hand in Zendesk is set back to the Entra assignment on the next change of the user.',
      fix: 'If Zendesk admins manage roles, set this mapping\'s "apply" to "OnCreateOnly".',
      path: `${role.path}/apply`,
    });
  }
  if (config.scope === 'allUsersAndGroups' && compiled.group.enabled) {
    const groups = model?.entra.syncAll === true ? `every group of the tenant (${model.entra.groups.size})` : 'every group of the tenant';
    ctx.add({
      code: 'sync-all-pushes-groups',
      severity: 'warning',
      title: 'Every Entra group will be created in Zendesk',
      detail: `With "Sync all users and groups" and group provisioning on, ${groups} is pushed to Zendesk, and they are not removed automatically when you change this later. Zendesk groups hold agents only.`,
      fix: 'Set "scope" to "assignedOnly" and assign the groups you need, or disable groupMapping.',
      path: '/scope',
    });
  }
  for (const [i, translation] of config.roles.entries()) {
    if (translation.customRoleName !== undefined && collidesWithBuiltIn(translation.customRoleName)) {
      ctx.add(collisionFinding(translation.customRoleName, String(translation.customRoleId ?? ''), `/roles/${i}/customRoleName`));
    }
  }
}

// ------------------------------------------------------------------------------------------------ roles

/**
 * "Similar to agent or end-user" is not defined (reference §4.1 limitation 3). Decision: equal after lower-casing and
 * dropping everything but letters and digits, with a plural "s" ignored: "Agent", "AGENTS", "End User", "end_user".
 */
export function collidesWithBuiltIn(name: string): boolean {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/s$/, '');
  return key === 'agent' || key === 'enduser';
}

function collisionFinding(name: string, id: string, path?: string): Finding {
  return {
    code: 'role-name-collides-with-built-in',
    severity: 'error',
    title: `Custom role "${name}" is named like a built-in Zendesk role`,
    detail: `Entra's import of Zendesk roles fails for every role when a custom role's name is similar to "agent" or "end-user"; mapping role "${name}" is also ambiguous.`,
    fix: `Rename the custom role in Zendesk (Admin Center → People → Team → Roles), e.g. "${name} (custom)", then let a provisioning cycle re-import the roles.`,
    ...(path !== undefined ? { path } : {}),
    objects: [{ kind: 'zendeskCustomRole', id, name }],
  };
}

function checkRoles(model: ImportedModel, ctx: Context): void {
  const reported = new Set<string>();
  for (const role of model.zendesk.customRoles ?? []) {
    if (collidesWithBuiltIn(role.name)) {
      reported.add(String(role.id));
      ctx.add(collisionFinding(role.name, String(role.id)));
    }
  }
  const appRoles = [...model.entra.appRoles.values()];
  for (const role of appRoles) {
    const id = /^custom_role:(\d+)$/.exec(role.value ?? '')?.[1];
    if (id !== undefined && !reported.has(id) && role.displayName !== null && collidesWithBuiltIn(role.displayName)) {
      reported.add(id);
      ctx.add(collisionFinding(role.displayName, id));
    }
  }
  const byName = new Map<string, FindingObject[]>();
  for (const role of appRoles) {
    if (!role.isEnabled || role.displayName === null) continue;
    const key = role.displayName.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), { kind: 'appRole', id: role.id, name: role.displayName }]);
  }
  for (const objects of byName.values()) {
    if (objects.length < 2) continue;
    ctx.add({
      code: 'duplicate-role-names',
      severity: 'error',
      title: `${objects.length} app roles are named "${objects[0]!.name}"`,
      detail: 'Roles imported from Zendesk must be unique: duplicate role names quarantine the provisioning job, and a mapping by name cannot tell them apart.',
      fix: 'Rename one of the roles in Zendesk, or remove the duplicate from the app manifest (App registrations → Manifest → appRoles).',
      objects,
    });
  }
  const zendeskRoles = appRoles.filter((r) => r.value !== null && (/^(end-user|agent|admin)$/i.test(r.value) || r.value.startsWith('custom_role:')));
  if (zendeskRoles.length === 0) {
    ctx.add({
      code: 'roles-not-imported',
      severity: 'warning',
      title: 'The enterprise app has no Zendesk roles yet',
      detail: 'Zendesk roles become app roles only after a completed initial provisioning cycle; until then users can only be assigned Default Access, which is not provisioned.',
      fix: 'Run an initial cycle with one test user, then assign users to the imported Zendesk roles.',
    });
  }
  if (model.zendesk.customRoles === null) {
    const custom = appRoles.filter((r) => r.value?.startsWith('custom_role:') === true);
    if (custom.length > 0) {
      ctx.add({
        code: 'custom-roles-unavailable',
        severity: 'warning',
        title: 'Zendesk custom roles are not available on this account',
        detail: `The app has ${custom.length} custom role(s) (${ctx.names(custom.map((r) => ({ kind: 'appRole', id: r.id, name: r.displayName ?? r.id })))}) but GET /api/v2/custom_roles fails: custom roles need Zendesk Enterprise, so users assigned them cannot be provisioned.`,
        fix: 'Assign built-in roles (End-user, Agent, Administrator) instead, or upgrade the Zendesk plan.',
        objects: custom.map((r) => ({ kind: 'appRole', id: r.id, name: r.displayName ?? r.id })),
      });
    }
  }
}

// ------------------------------------------------------------------------------------------------ users and groups

function userName(record: SourceUserRecord): string {
  const g = record.graph;
  return (typeof g?.userPrincipalName === 'string' && g.userPrincipalName) || (typeof g?.displayName === 'string' && g.displayName) || record.id;
}

function userObject(record: SourceUserRecord): FindingObject {
  return { kind: 'entraUser', id: record.id, name: userName(record) };
}

/** The role a user would get: the role mapping's value (its default when null), translated; null when unknown. */
function expectedRole(scoped: ScopedObject, role: CompiledMapping | undefined, translator: RoleTranslator, now: Date): ZendeskRoleTarget | null {
  let name: string | undefined = 'end-user'; // Zendesk creates end-users when no role is sent.
  if (role !== undefined) {
    try {
      const result = evaluateMapping(role, { source: scoped.source, now: () => now });
      name = result.flow ? (typeof result.value === 'string' ? result.value : undefined) : (role.mapping.defaultValue ?? 'end-user');
    } catch (error) {
      if (error instanceof ExpressionEvaluationError) return null; // reported as multiple-app-roles
      throw error;
    }
  }
  if (name === undefined) return null;
  const resolution = translator.resolve(name);
  return resolution.ok ? resolution.target : null;
}

function describeRole(target: ZendeskRoleTarget): string {
  return target.kind === 'builtIn' ? target.role : `agent + custom role "${target.name}"`;
}

function describeZendeskRole(user: ZendeskUser, model: ImportedModel): string {
  if (user.custom_role_id === null || user.custom_role_id === undefined) return user.role;
  const name = model.zendesk.customRoles?.find((r) => r.id === user.custom_role_id)?.name ?? String(user.custom_role_id);
  return `${user.role} + custom role "${name}"`;
}

function sameRole(target: ZendeskRoleTarget, user: ZendeskUser): boolean {
  if (target.kind === 'custom') return user.custom_role_id === target.customRoleId;
  // Built-in agent: Zendesk keeps custom_role_id for agents on some plans; compare the role only.
  return user.role === target.role && (target.role !== 'agent' || user.custom_role_id === null || user.custom_role_id === undefined);
}

function checkModel(compiled: CompiledConfig, model: ImportedModel, ctx: Context): void {
  checkRoles(model, ctx);
  const { entra } = model;
  const groupName = (id: string): string => entra.groups.get(id)?.graph?.displayName ?? id;
  const role = roleMapping(compiled);
  const translator = new RoleTranslator(compiled.config.roles, entra.appRoles.values(), model.zendesk.customRoles);
  const singleRole = role !== undefined && usesFunction(role.node, ['SingleAppRoleAssignment']);
  const complexRoles = role !== undefined && usesFunction(role.node, ROLE_FUNCTIONS.slice(1));

  const defaultAccessOnly: FindingObject[] = [];
  const multiRole: FindingObject[] = [];
  const multiRoleDetail: string[] = [];
  const missingMatch: FindingObject[] = [];
  const byValue = compiled.user.matching.map(() => new Map<string, SourceUserRecord[]>());
  const inScope = new Map<string, ScopedObject>();
  const disabledNeverProvisioned: FindingObject[] = [];
  const zendeskIndex = indexZendeskUsers(compiled, model);

  for (const record of entra.users.values()) {
    if (record.presence !== 'present') continue;
    if (!entra.syncAll && record.assignments.length > 0 && record.assignments.every((a) => a.defaultAccess) && compiled.config.excludeDefaultAccess) {
      defaultAccessOnly.push(userObject(record));
    }
    const roles = new Map(record.assignments.filter((a) => !a.defaultAccess).map((a) => [a.appRoleId, a]));
    if (roles.size > 1 && !complexRoles) {
      multiRole.push(userObject(record));
      multiRoleDetail.push(`"${userName(record)}": ${[...roles.values()].map((a) => `${a.roleName}${a.via.kind === 'group' ? ` (via group "${groupName(a.via.groupId)}")` : ''}`).join(', ')}`);
    }
    const scoped = scopeUser(record, compiled, entra.syncAll, groupName);
    if (record.graph?.accountEnabled === false && scoped.verdict.effectivelyEntitled) {
      const values = evaluateMatchingValues(compiled.user.matching, { source: scoped.source, now: () => ctx.now });
      const known = values.ok && values.values.some((v, i) => v !== null && zendeskIndex[i]!.has(matchKey(v)));
      if (!known) disabledNeverProvisioned.push(userObject(record));
    }
    if (!scoped.verdict.inScope) continue;
    inScope.set(record.id, scoped);
    const values = evaluateMatchingValues(compiled.user.matching, { source: scoped.source, now: () => ctx.now });
    if (!values.ok) continue;
    if (values.values.every((v) => v === null)) missingMatch.push(userObject(record));
    values.values.forEach((value, i) => {
      if (value === null) return;
      const key = matchKey(value);
      byValue[i]!.set(key, [...(byValue[i]!.get(key) ?? []), record]);
    });
  }

  if (defaultAccessOnly.length > 0) {
    ctx.add({
      code: 'default-access-assignment',
      severity: 'warning',
      title: `${defaultAccessOnly.length} user(s) are assigned with Default Access only and are skipped`,
      detail: `${ctx.names(defaultAccessOnly)}: Default Access is not a Zendesk role, so the service skips these users (NotEffectivelyEntitled).`,
      fix: 'Assign them (or their group) a Zendesk role (End-user, Agent, …) in Enterprise applications → Users and groups; unassign and reassign if the skip persists.',
      path: '/excludeDefaultAccess',
      objects: defaultAccessOnly,
    });
  }
  if (multiRole.length > 0) {
    ctx.add({
      code: 'multiple-app-roles',
      severity: singleRole ? 'error' : 'warning',
      title: `${multiRole.length} user(s) hold more than one Zendesk role`,
      detail: `${multiRoleDetail.slice(0, ctx.maxNamed).join('; ')}${multiRole.length > ctx.maxNamed ? `; and ${multiRole.length - ctx.maxNamed} more` : ''}. ${singleRole ? "SingleAppRoleAssignment fails for them: 'No more than one app role assignment was expected' — they are not provisioned." : 'Which role the user gets is not guaranteed.'}`,
      fix: 'Give each user one Zendesk role: remove the extra direct assignment or the group that adds another role.',
      ...(role !== undefined ? { path: `${role.path}/source` } : {}),
      objects: multiRole,
    });
  }
  compiled.user.matching.forEach((mapping, i) => {
    for (const [value, records] of byValue[i]!) {
      if (records.length < 2) continue;
      const objects = records.map(userObject);
      ctx.add({
        code: 'duplicate-matching-value',
        severity: 'error',
        title: `${records.length} in-scope users share the ${mapping.target} "${value}"`,
        detail: `${ctx.names(objects)} produce the same matching value for Zendesk "${mapping.target}" (compared case-insensitively): the service cannot tell which Entra user owns the Zendesk user (DuplicateSourceEntries), and Zendesk rejects the second create (DuplicateValue).`,
        fix: `Give each user a unique ${mapping.target} in Entra, or take the extra account out of scope (unassign it or add a scoping filter).`,
        path: mapping.path,
        objects,
      });
    }
  });
  if (missingMatch.length > 0) {
    ctx.add({
      code: 'missing-matching-value',
      severity: 'warning',
      title: `${missingMatch.length} in-scope user(s) have no matching value`,
      detail: `${ctx.names(missingMatch)}: every matching attribute (${compiled.user.matching.map((m) => m.target).join(', ')}) is empty, so they cannot be matched or created in Zendesk.`,
      fix: `Fill in the source attribute(s) in Entra: ${compiled.user.matching.map((m) => m.mapping.source ?? m.target).join(', ')}.`,
      path: '/userMapping/attributeMappings',
      objects: missingMatch,
    });
  }

  checkNestedGroups(model, ctx);
  if (compiled.provisionMemberships) checkGroupMembers(compiled, model, inScope, role, translator, ctx);
  if (role !== undefined && !role.createOnly) checkRoleDrift(model, inScope, byValue, role, translator, zendeskIndex, ctx);
  if (disabledNeverProvisioned.length > 0) {
    ctx.add({
      code: 'disabled-before-provisioning',
      severity: 'info',
      title: `${disabledNeverProvisioned.length} assigned user(s) are disabled in Entra and have no Zendesk account`,
      detail: `${ctx.names(disabledNeverProvisioned)}: a user disabled before the first provisioning is skipped, not created suspended; the account is created when it is enabled.`,
      fix: 'Enable the accounts in Entra if they should have Zendesk access now; otherwise nothing to do.',
      objects: disabledNeverProvisioned,
    });
  }
}

type ZendeskIndex = ReadonlyArray<ReadonlyMap<string, ReadonlyArray<ZendeskUser>>>;

/** Zendesk users by matching key, one map per matching attribute position. */
function indexZendeskUsers(compiled: CompiledConfig, model: ImportedModel): ZendeskIndex {
  return compiled.user.matching.map((mapping) => {
    const index = new Map<string, ZendeskUser[]>();
    for (const user of model.zendesk.users.values()) {
      const value = readTargetAttribute(user, mapping.target);
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const key = matchKey(String(value));
      index.set(key, [...(index.get(key) ?? []), user]);
    }
    return index;
  });
}

function checkNestedGroups(model: ImportedModel, ctx: Context): void {
  for (const group of model.entra.groups.values()) {
    if (group.nestedGroupIds.length === 0 || group.assignments.length === 0) continue;
    // Nested groups are not imported unless assigned themselves: then only their id is known.
    const nested = group.nestedGroupIds.map((id): FindingObject => ({ kind: 'entraGroup', id, name: model.entra.groups.get(id)?.graph?.displayName ?? `group ${id}` }));
    const name = group.graph?.displayName ?? group.id;
    ctx.add({
      code: 'nested-group',
      severity: 'warning',
      title: `Assigned group "${name}" contains nested groups whose members are not provisioned`,
      detail: `Only direct members of an assigned group are in scope; the members of ${ctx.names(nested)} are left out.`,
      fix: 'Assign the nested groups to the app themselves, or add their members to the assigned group directly.',
      objects: [{ kind: 'entraGroup', id: group.id, name }, ...nested],
    });
  }
}

function checkGroupMembers(
  compiled: CompiledConfig,
  model: ImportedModel,
  inScope: ReadonlyMap<string, ScopedObject>,
  role: CompiledMapping | undefined,
  translator: RoleTranslator,
  ctx: Context,
): void {
  for (const group of model.entra.groups.values()) {
    if (group.presence !== 'present' || !scopeGroup(group, compiled, model.entra.syncAll).verdict.inScope) continue;
    const endUsers: FindingObject[] = [];
    for (const memberId of group.memberUserIds) {
      const scoped = inScope.get(memberId);
      if (scoped === undefined) continue;
      const target = expectedRole(scoped, role, translator, ctx.now);
      if (target?.kind === 'builtIn' && target.role === 'end-user') endUsers.push(userObject(model.entra.users.get(memberId)!));
    }
    if (endUsers.length === 0) continue;
    const name = group.graph?.displayName ?? group.id;
    ctx.add({
      code: 'group-member-is-end-user',
      severity: 'warning',
      title: `Group "${name}" has ${endUsers.length} member(s) who would be Zendesk end-users`,
      detail: `Zendesk groups hold agents only: the memberships of ${ctx.names(endUsers)} cannot be created and fail on every cycle.`,
      fix: 'Give these members an agent role (Agent, Administrator or a custom role), or remove them from the group.',
      objects: [{ kind: 'entraGroup', id: group.id, name }, ...endUsers],
    });
  }
}

/** Reference §4.4 P1: Zendesk users whose role a sync would change to the Entra assignment. */
function checkRoleDrift(
  model: ImportedModel,
  inScope: ReadonlyMap<string, ScopedObject>,
  byValue: ReadonlyArray<ReadonlyMap<string, ReadonlyArray<SourceUserRecord>>>,
  role: CompiledMapping,
  translator: RoleTranslator,
  zendeskIndex: ZendeskIndex,
  ctx: Context,
): void {
  const objects: FindingObject[] = [];
  const changes: string[] = [];
  const seen = new Set<string>();
  byValue.forEach((values, i) => {
    for (const [key, records] of values) {
      const candidates = zendeskIndex[i]!.get(key) ?? [];
      if (records.length !== 1 || candidates.length !== 1) continue; // ambiguous matches are reported elsewhere
      const record = records[0]!;
      if (seen.has(record.id)) continue; // matched at a higher precedence already
      seen.add(record.id);
      const target = expectedRole(inScope.get(record.id)!, role, translator, ctx.now);
      const zendeskUser = candidates[0]!;
      if (target === null || sameRole(target, zendeskUser)) continue;
      objects.push(userObject(record), { kind: 'zendeskUser', id: String(zendeskUser.id), name: zendeskUser.name });
      changes.push(`"${userName(record)}": ${describeZendeskRole(zendeskUser, model)} → ${describeRole(target)}`);
    }
  });
  if (changes.length === 0) return;
  ctx.add({
    code: 'zendesk-role-differs',
    severity: 'warning',
    title: `A sync would change the Zendesk role of ${changes.length} user(s)`,
    detail: `${changes.slice(0, ctx.maxNamed).join('; ')}${changes.length > ctx.maxNamed ? `; and ${changes.length - ctx.maxNamed} more` : ''}. The role mapping applies on every update, so roles set by hand in Zendesk are overwritten (agents can lose their permissions).`,
    fix: 'Assign these users the Zendesk role they should keep in Entra before syncing, or set the role mapping\'s "apply" to "OnCreateOnly" if Zendesk is the master of roles.',
    path: `${role.path}/apply`,
    objects,
  });
}

// ------------------------------------------------------------------------------------------------ locating paths

function locate(finding: Finding, text: string, root: Node): Finding {
  if (finding.path === undefined) return finding;
  const segments = fromPointer(finding.path);
  let node: Node | undefined;
  for (let n = segments.length; n > 0 && node === undefined; n--) node = findNodeAtLocation(root, segments.slice(0, n));
  // Nothing of the path is written (a default): pointing at the file's first brace would say nothing.
  if (node === undefined) return finding;
  // A property's value is located by its key, where an editor underlines it.
  const at = node.parent?.type === 'property' ? node.parent.children![0]! : node;
  return { ...finding, ...lineColumnAt(text, at.offset) };
}
