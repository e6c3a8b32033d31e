/**
 * Import (reference §1.1 step 1, §1.4): read the enterprise app, its app roles and assignments, the users in scope
 * candidates with exactly the attributes the mappings and scoping filters use, the assigned groups and their direct
 * members; and from Zendesk the users, custom roles, groups and memberships. The result is the in-memory model the
 * scope, matching and plan steps work on. No decisions are taken here beyond "which objects to read".
 */
import type { EntraZendeskConfig } from '../config';
import { EngineConfigurationError } from './errors';
import { type CompiledObjectMapping, compileObjectMapping } from './mappings';
import {
  DEFAULT_ACCESS_ROLE_ID,
  MSIAM_ACCESS_ROLE_NAME,
  type EffectiveAssignment,
  type EntraModel,
  type ImportedModel,
  type SourceGroupRecord,
  type SourcePresence,
  type SourceUserRecord,
  type ZendeskModel,
} from './model';
import type {
  EngineState,
  EntraPort,
  GraphAppRole,
  GraphAppRoleAssignment,
  GraphDirectoryObject,
  GraphGroup,
  GraphUser,
  PortCallOptions,
  ZendeskGroup,
  ZendeskGroupMembership,
  ZendeskPort,
  ZendeskUser,
} from './ports';
import { type SourceReader, compileReaders, graphSelect } from './source-attributes';

/** The configuration with its mappings compiled; build once per run. */
export interface CompiledConfig {
  readonly config: EntraZendeskConfig;
  readonly user: CompiledObjectMapping;
  readonly group: CompiledObjectMapping;
  /** The group mapping maps `members`: memberships are provisioned. */
  readonly provisionMemberships: boolean;
  /** Graph `$select` for users: the attributes mappings and scoping filters read, plus `id` and `accountEnabled`. */
  readonly userSelect: ReadonlyArray<string>;
  readonly groupSelect: ReadonlyArray<string>;
  /** Graph → source attribute readers, compiled once. */
  readonly userReaders: ReadonlyArray<SourceReader>;
  readonly groupReaders: ReadonlyArray<SourceReader>;
}

/**
 * `$select` = exactly the attributes the mappings and scoping filters read (reference §1.1), plus `id` and
 * `accountEnabled`, which scope itself needs (`accountEnabled = false` → IsSoftDeleted). Decision: nothing else — the
 * log's display name falls back to the id when neither `userPrincipalName` nor `displayName` is mapped.
 */
export function compileConfig(config: EntraZendeskConfig): CompiledConfig {
  const user = compileObjectMapping(config.userMapping, '/userMapping');
  const group = compileObjectMapping(config.groupMapping, '/groupMapping');
  if (user.enabled && user.matching.length === 0) {
    throw new EngineConfigurationError('/userMapping/attributeMappings', 'no attribute mapping has a matching precedence, so users cannot be matched');
  }
  if (group.enabled && group.matching.length === 0) {
    throw new EngineConfigurationError('/groupMapping/attributeMappings', 'no attribute mapping has a matching precedence, so groups cannot be matched');
  }
  const provisionMemberships = group.enabled && group.mappings.some((m) => m.target === 'members');
  return {
    config,
    user,
    group,
    provisionMemberships,
    userSelect: graphSelect(user.sourceAttributes, 'User', ['id', 'accountEnabled']),
    groupSelect: graphSelect(group.sourceAttributes, 'Group', ['id']),
    userReaders: compileReaders(user.sourceAttributes, 'User'),
    groupReaders: compileReaders(group.sourceAttributes, 'Group'),
  };
}

export interface EnginePorts {
  readonly entra: EntraPort;
  readonly zendesk: ZendeskPort;
}

const USER_TYPE = '#microsoft.graph.user';
export const DIRECT: EffectiveAssignment['via'] = Object.freeze({ kind: 'direct' });
const GROUP_TYPE = '#microsoft.graph.group';
const NO_ASSIGNMENTS: ReadonlyArray<EffectiveAssignment> = Object.freeze([]);

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order of results. */
async function mapLimited<T, R>(items: ReadonlyArray<T>, limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function isDefaultAccess(appRoleId: string, role: GraphAppRole | undefined): boolean {
  if (appRoleId === DEFAULT_ACCESS_ROLE_ID) return true;
  return role !== undefined && (role.displayName === MSIAM_ACCESS_ROLE_NAME || role.value === MSIAM_ACCESS_ROLE_NAME);
}

export function effectiveAssignment(assignment: GraphAppRoleAssignment, roles: ReadonlyMap<string, GraphAppRole>, via: EffectiveAssignment['via']): EffectiveAssignment {
  const role = roles.get(assignment.appRoleId);
  const defaultAccess = isDefaultAccess(assignment.appRoleId, role);
  return {
    assignmentId: assignment.id,
    appRoleId: assignment.appRoleId,
    // An assignment to a role missing from appRoles keeps its id as name: role translation then reports it.
    roleName: assignment.appRoleId === DEFAULT_ACCESS_ROLE_ID ? 'Default Access' : (role?.displayName ?? assignment.appRoleId),
    roleValue: role?.value ?? null,
    defaultAccess,
    via,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Reads Entra ID for one full cycle. */
export async function importEntra(
  entra: EntraPort,
  compiled: CompiledConfig,
  state: EngineState,
  options: PortCallOptions = {},
): Promise<EntraModel> {
  const { config } = compiled;
  const syncAll = config.scope === 'allUsersAndGroups';
  const warnings: string[] = [];
  const servicePrincipal = await entra.getServicePrincipal(options);
  const appRoles = new Map(servicePrincipal.appRoles.map((role) => [role.id, role]));
  const assignments = (await entra.listAppRoleAssignedTo(servicePrincipal.id, options)).filter((a) => a.deletedDateTime == null);

  // Users: effective assignments = direct (first, in Graph's order) + via direct membership of an assigned group.
  const userAssignments = new Map<string, EffectiveAssignment[]>();
  const groupAssignments = new Map<string, GraphAppRoleAssignment[]>();
  for (const assignment of assignments) {
    if (assignment.principalType === 'User') push(userAssignments, assignment.principalId, effectiveAssignment(assignment, appRoles, DIRECT));
    else if (assignment.principalType === 'Group') push(groupAssignments, assignment.principalId, assignment);
  }

  // Groups: assigned ones (they bring their direct members into scope), linked ones, or all of them with Sync all.
  const groupGraph = new Map<string, GraphGroup>();
  if (syncAll && compiled.group.enabled) {
    for (const group of await entra.listGroups(compiled.groupSelect, options)) groupGraph.set(group.id, group);
  }
  const wantedGroupIds = new Set<string>([...groupAssignments.keys(), ...(compiled.group.enabled ? Object.keys(state.groupLinks) : [])]);
  const missingGroupIds = [...wantedGroupIds].filter((id) => !groupGraph.has(id));
  if (missingGroupIds.length > 0) {
    for (const group of await entra.getGroups(missingGroupIds, compiled.groupSelect, options)) groupGraph.set(group.id, group);
  }
  // Members are needed for assigned groups (scope) and, when memberships are provisioned, for every evaluated group.
  const memberGroupIds = [...new Set([...groupAssignments.keys(), ...(compiled.provisionMemberships ? groupGraph.keys() : [])])]
    .filter((id) => groupGraph.has(id))
    .sort();
  const membersByGroup = new Map<string, ReadonlyArray<GraphDirectoryObject>>();
  const memberLists = await mapLimited(memberGroupIds, 4, (id) => entra.listGroupMembers(id, options));
  memberGroupIds.forEach((id, i) => membersByGroup.set(id, memberLists[i]!));

  for (const [groupId, list] of groupAssignments) {
    const members = membersByGroup.get(groupId) ?? [];
    for (const member of members) {
      if (member['@odata.type'] === USER_TYPE) {
        for (const a of list) push(userAssignments, member.id, effectiveAssignment(a, appRoles, { kind: 'group', groupId }));
      } else if (member['@odata.type'] === GROUP_TYPE) {
        const name = groupGraph.get(groupId)?.displayName ?? groupId;
        warnings.push(`Group "${name}" contains the nested group ${member.id}: members of nested groups are not in scope (nested groups are not supported).`);
      }
    }
  }

  const userGraph = new Map<string, GraphUser>();
  if (syncAll) {
    for (const user of await entra.listUsers(compiled.userSelect, options)) userGraph.set(user.id, user);
  }
  // The port doesn't need the ids in order; the model is sorted once below. (No spreads of 100,000 ids here.)
  const wanted = new Set<string>(userAssignments.keys());
  for (const id of Object.keys(state.userLinks)) wanted.add(id);
  const wantedUserIds: string[] = [];
  for (const id of wanted) if (!userGraph.has(id)) wantedUserIds.push(id);
  if (wantedUserIds.length > 0) {
    for (const user of await entra.getUsers(wantedUserIds, compiled.userSelect, options)) userGraph.set(user.id, user);
  }
  // Linked users Graph no longer returns: soft-deleted (restorable) or hard-deleted.
  const goneUserIds = Object.keys(state.userLinks).filter((id) => !userGraph.has(id)).sort();
  const softDeleted = new Set<string>();
  if (goneUserIds.length > 0) for (const d of await entra.getDeletedUsers(goneUserIds, options)) softDeleted.add(d.id);

  const users = new Map<string, SourceUserRecord>();
  // Every user to evaluate: the assigned and the linked ones (the gone among them) and every user Graph returned.
  for (const id of userGraph.keys()) wanted.add(id);
  const allUserIds = [...wanted].sort();
  wanted.clear();
  for (const id of allUserIds) {
    const graph = userGraph.get(id) ?? null;
    const presence: SourcePresence = graph !== null ? 'present' : softDeleted.has(id) ? 'softDeleted' : 'hardDeleted';
    users.set(id, { id, graph, presence, assignments: userAssignments.get(id) ?? NO_ASSIGNMENTS });
  }

  const groups = new Map<string, SourceGroupRecord>();
  const allGroupIds = [...new Set([...groupGraph.keys(), ...wantedGroupIds])].sort();
  for (const id of allGroupIds) {
    const graph = groupGraph.get(id) ?? null;
    const members = membersByGroup.get(id) ?? [];
    groups.set(id, {
      id,
      graph,
      // Decision: a group Graph no longer returns counts as hard-deleted (groups have no delete-vs-disable distinction in Zendesk).
      presence: graph !== null ? 'present' : 'hardDeleted',
      assignments: (groupAssignments.get(id) ?? []).map((a) => effectiveAssignment(a, appRoles, DIRECT)),
      memberUserIds: members.filter((m) => m['@odata.type'] === USER_TYPE).map((m) => m.id),
      nestedGroupIds: members.filter((m) => m['@odata.type'] === GROUP_TYPE).map((m) => m.id),
    });
  }

  return { servicePrincipal, appRoles, syncAll, users, groups, select: { users: compiled.userSelect, groups: compiled.groupSelect }, warnings };
}

/** Reads every Zendesk user (and groups, memberships when group provisioning is on) for one full cycle. */
export async function importZendesk(zendesk: ZendeskPort, compiled: CompiledConfig, options: PortCallOptions = {}): Promise<ZendeskModel> {
  const [userList, customRoles] = await Promise.all([zendesk.listUsers(options), zendesk.listCustomRoles(options)]);
  const groupList = compiled.group.enabled ? await zendesk.listGroups(options) : [];
  const membershipList = compiled.provisionMemberships ? await zendesk.listGroupMemberships(options) : [];
  return buildZendeskModel(userList, customRoles, groupList, membershipList, true);
}

/** The Zendesk model from lists already read (a full import, or a trial's lookups with `complete = false`). */
export function buildZendeskModel(
  userList: ReadonlyArray<ZendeskUser>,
  customRoles: ZendeskModel['customRoles'],
  groupList: ReadonlyArray<ZendeskGroup>,
  membershipList: ReadonlyArray<ZendeskGroupMembership>,
  complete: boolean,
): ZendeskModel {
  const users = new Map<number, ZendeskUser>();
  // Deleted users (active: false) can't be matched or updated; Zendesk doesn't list them either (zendesk-api.md §14).
  for (const user of userList) if (user.active !== false) users.set(user.id, user);
  const groups = new Map(groupList.filter((g) => g.deleted !== true).map((g) => [g.id, g]));
  const membershipsByGroup = new Map<number, ZendeskGroupMembership[]>();
  for (const m of membershipList) push(membershipsByGroup, m.group_id, m);
  return { users, groups, membershipsByGroup, customRoles, complete };
}

/** Import of both sides for a full cycle. */
export async function importModel(ports: EnginePorts, compiled: CompiledConfig, state: EngineState, options: PortCallOptions = {}): Promise<ImportedModel> {
  const [entra, zendesk] = await Promise.all([importEntra(ports.entra, compiled, state, options), importZendesk(ports.zendesk, compiled, options)]);
  return { entra, zendesk };
}
