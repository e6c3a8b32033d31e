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
  IdOrderedMap,
  MSIAM_ACCESS_ROLE_NAME,
  type EffectiveAssignment,
  type EntraModel,
  type ImportedModel,
  type SourceGroupRecord,
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
    appRoleId: assignment.appRoleId,
    // An assignment to a role missing from appRoles keeps its id as name: role translation then reports it.
    roleName: assignment.appRoleId === DEFAULT_ACCESS_ROLE_ID ? 'Default Access' : (role?.displayName ?? assignment.appRoleId),
    roleValue: role?.value ?? null,
    defaultAccess,
    via,
  };
}

/** A user record while the import fills it in; it is handed out as a `SourceUserRecord` and not changed after. */
type UserRecordDraft = { -readonly [K in keyof SourceUserRecord]: SourceUserRecord[K] };

function attachGraph(record: UserRecordDraft, user: GraphUser): void {
  record.graph = user;
  record.presence = 'present';
}

/**
 * Appends to a record's assignments. Lists are shared and frozen (one per role and path) until a user holds more than
 * one path: then the user gets a list of its own.
 */
function addAssignments(record: UserRecordDraft, assignments: ReadonlyArray<EffectiveAssignment>): void {
  if (record.assignments === NO_ASSIGNMENTS) record.assignments = assignments;
  else if (Object.isFrozen(record.assignments)) record.assignments = [...record.assignments, ...assignments];
  else (record.assignments as EffectiveAssignment[]).push(...assignments);
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

  // Users: one record per user id, built in place as the reads come in (Decision, for 100,000-user tenants: one map
  // of records, no intermediate sets or maps of ids, one sort at the end). Effective assignments = direct (first, in
  // Graph's order) + via direct membership of an assigned group.
  const userRecords = new Map<string, UserRecordDraft>();
  const userRecord = (id: string): UserRecordDraft => {
    let record = userRecords.get(id);
    if (record === undefined) {
      record = { id, graph: null, presence: 'hardDeleted', assignments: NO_ASSIGNMENTS };
      userRecords.set(id, record);
    }
    return record;
  };
  const groupAssignments = new Map<string, GraphAppRoleAssignment[]>();
  // Direct assignments: one shared frozen list per app role (see EffectiveAssignment).
  const directByRole = new Map<string, ReadonlyArray<EffectiveAssignment>>();
  for (const assignment of assignments) {
    if (assignment.principalType === 'User') {
      let direct = directByRole.get(assignment.appRoleId);
      if (direct === undefined) directByRole.set(assignment.appRoleId, (direct = Object.freeze([Object.freeze(effectiveAssignment(assignment, appRoles, DIRECT))])));
      addAssignments(userRecord(assignment.principalId), direct);
    } else if (assignment.principalType === 'Group') push(groupAssignments, assignment.principalId, assignment);
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
    const via: EffectiveAssignment['via'] = Object.freeze({ kind: 'group', groupId });
    // One shared frozen list for all the group's members.
    const throughGroup = Object.freeze(list.map((a) => Object.freeze(effectiveAssignment(a, appRoles, via))));
    for (const member of members) {
      if (member['@odata.type'] === USER_TYPE) {
        addAssignments(userRecord(member.id), throughGroup);
      } else if (member['@odata.type'] === GROUP_TYPE) {
        const name = groupGraph.get(groupId)?.displayName ?? groupId;
        warnings.push(`Group "${name}" contains the nested group ${member.id}: members of nested groups are not in scope (nested groups are not supported).`);
      }
    }
  }

  // Every user to evaluate: the assigned ones (above), with Sync all every user Graph lists, and the linked ones.
  if (syncAll) {
    for (const user of await entra.listUsers(compiled.userSelect, options)) attachGraph(userRecord(user.id), user);
  }
  // The users to read, in one pass over the records. Linked users are nearly always assigned too: when every link
  // already has a record (counted by looking each record up among the links), the links' 100,000 look-ups in the map
  // of records are skipped. The port doesn't need the ids in order; the model is sorted once, at the end.
  const unread: UserRecordDraft[] = [];
  let linkedWithRecord = 0;
  for (const record of userRecords.values()) {
    if (state.userLinks[record.id] !== undefined) linkedWithRecord++;
    if (record.graph === null) unread.push(record);
  }
  const linkedUserIds = Object.keys(state.userLinks);
  if (linkedWithRecord !== linkedUserIds.length) for (const id of linkedUserIds) if (!userRecords.has(id)) unread.push(userRecord(id));
  if (unread.length > 0) {
    const found = await entra.getUsers(unread.map((record) => record.id), compiled.userSelect, options);
    // Ports often answer in the order asked, leaving out the ids that don't exist: follow that order with a cursor and
    // look a user up by id only where the order differs (any order is right, the usual one is cheap).
    let next = 0;
    for (const user of found) {
      if (next < unread.length && unread[next]!.id === user.id) attachGraph(unread[next++]!, user);
      else if (next + 1 < unread.length && unread[next + 1]!.id === user.id) {
        attachGraph(unread[next + 1]!, user);
        next += 2;
      } else attachGraph(userRecord(user.id), user);
    }
  }
  // Linked users Graph no longer returns: soft-deleted (restorable) or hard-deleted (the records' default). A user
  // Graph doesn't return that is assigned but not linked counts as hard-deleted: no restorable link to act on.
  // (Every record without a Graph object is among `unread`: the others were listed.)
  const goneUserIds: string[] = [];
  for (const record of unread) if (record.graph === null && state.userLinks[record.id] !== undefined) goneUserIds.push(record.id);
  goneUserIds.sort();
  if (goneUserIds.length > 0) {
    for (const d of await entra.getDeletedUsers(goneUserIds, options)) {
      const record = userRecords.get(d.id);
      if (record !== undefined && record.graph === null) record.presence = 'softDeleted';
    }
  }
  const users = new IdOrderedMap<SourceUserRecord>(userRecords);

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
