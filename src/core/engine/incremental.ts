/**
 * Incremental cycles (reference §1.2): only what changed in Entra ID since the watermark is evaluated — users and
 * groups from Graph delta rounds, members added to or removed from groups (`members@delta`), and principals whose
 * app-role assignments changed (the assignment listing is compared with the one saved in the watermark, since delta
 * doesn't track assignments). An unchanged tenant reads nothing from Zendesk and writes nothing.
 *
 * The cycle is: `captureWatermark` (before a full cycle, so changes made during it are replayed next time), then per
 * incremental cycle `importIncremental` → `buildPlan` → `applyPlan` → save `importIncremental(...).watermark`.
 *
 * Escrows (reference §1.9): the service retries an escrowed object on a later cycle once its back-off is over (+6 h,
 * +12 h, +24 h, then daily, for 28 days), whether or not the object changed. So an incremental cycle also evaluates
 * every object whose escrow is due (`nextAttempt <= now`): apply then retries it, and clears the escrow on success.
 * Escrows not yet due are not read here (apply holds them back anyway when the delta mentions them).
 */
import { type CompiledConfig, DIRECT, type EnginePorts, buildZendeskModel, effectiveAssignment } from './import';
import { evaluateMatchingValues } from './matching';
import type { EffectiveAssignment, EntraModel, ImportedModel, SourceGroupRecord, SourcePresence, SourceUserRecord } from './model';
import type {
  EngineState,
  EntraPort,
  GraphAppRoleAssignment,
  GraphGroup,
  GraphGroupDelta,
  GraphUser,
  GraphUserDelta,
  Escrow,
  PortCallOptions,
  Watermark,
  ZendeskUser,
} from './ports';
import { scopeUser } from './scope';

const USER_TYPE = '#microsoft.graph.user';

/** Assignment id → principal id: what the next cycle compares against (assignments are immutable in Graph). */
function assignmentSnapshot(assignments: ReadonlyArray<GraphAppRoleAssignment>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of assignments) if (a.deletedDateTime == null) out[a.id] = a.principalId;
  return out;
}

function groupDeltaSelect(compiled: CompiledConfig): string[] {
  return [...new Set([...compiled.groupSelect, 'members'])].sort();
}

/**
 * Starts the delta rounds now (initial rounds, whose objects are discarded) and snapshots the assignments. Run it
 * before the full cycle's import: anything changed while the full cycle runs is then seen by the next incremental one.
 */
export async function captureWatermark(entra: EntraPort, compiled: CompiledConfig, now: Date, options: PortCallOptions = {}): Promise<Watermark> {
  const servicePrincipal = await entra.getServicePrincipal(options);
  const [assignments, users, groups] = await Promise.all([
    entra.listAppRoleAssignedTo(servicePrincipal.id, options),
    entra.usersDelta({ select: compiled.userSelect, deltaLink: null }, options),
    entra.groupsDelta({ select: groupDeltaSelect(compiled), deltaLink: null }, options),
  ]);
  return { usersDeltaLink: users.deltaLink, groupsDeltaLink: groups.deltaLink, savedAt: now.toISOString(), assignments: assignmentSnapshot(assignments) };
}

export interface IncrementalImport {
  readonly model: ImportedModel;
  /** Save after the cycle's apply succeeded (with the apply's state). */
  readonly watermark: Watermark;
  /** Entra ids evaluated this cycle. */
  readonly changedUsers: ReadonlyArray<string>;
  readonly changedGroups: ReadonlyArray<string>;
  /** Escrows whose back-off was over at `now`: their objects are evaluated (retried) this cycle. */
  readonly dueEscrows: ReadonlyArray<Escrow>;
}

/** Escrows due for a retry at `now` (their `nextAttempt` has passed). */
export function dueEscrows(state: EngineState, now: Date): Escrow[] {
  return state.escrows.filter((e) => new Date(e.nextAttempt).getTime() <= now.getTime());
}

/** `Membership:<group id>/<user id>` escrows name both objects (apply's escrow key). */
function membershipParts(escrow: Escrow): { groupId: string; userId: string } | null {
  const slash = escrow.sourceId.indexOf('/');
  return slash <= 0 ? null : { groupId: escrow.sourceId.slice(0, slash), userId: escrow.sourceId.slice(slash + 1) };
}

export class WatermarkMissingError extends Error {
  override readonly name = 'WatermarkMissingError';
  constructor() {
    super('No watermark saved yet: run a full cycle first (it records where incremental cycles start)');
  }
}

export async function importIncremental(
  ports: EnginePorts,
  compiled: CompiledConfig,
  state: EngineState,
  now: Date,
  options: PortCallOptions = {},
): Promise<IncrementalImport> {
  const watermark = state.watermark;
  if (watermark === null) throw new WatermarkMissingError();
  const { entra } = ports;
  const servicePrincipal = await entra.getServicePrincipal(options);
  const appRoles = new Map(servicePrincipal.appRoles.map((r) => [r.id, r]));
  const [assignmentList, userRound, groupRound] = await Promise.all([
    entra.listAppRoleAssignedTo(servicePrincipal.id, options),
    entra.usersDelta({ select: compiled.userSelect, deltaLink: watermark.usersDeltaLink }, options),
    entra.groupsDelta({ select: groupDeltaSelect(compiled), deltaLink: watermark.groupsDeltaLink }, options),
  ]);
  const assignments = assignmentList.filter((a) => a.deletedDateTime == null);
  const snapshot = assignmentSnapshot(assignments);
  // Indexed by principal: changes can touch thousands of users, so no scans of the whole listing per object.
  const groupAssignments = new Map<string, GraphAppRoleAssignment[]>();
  const userAssignments = new Map<string, GraphAppRoleAssignment[]>();
  for (const a of assignments) {
    const index = a.principalType === 'Group' ? groupAssignments : a.principalType === 'User' ? userAssignments : null;
    if (index === null) continue;
    const list = index.get(a.principalId);
    if (list === undefined) index.set(a.principalId, [a]);
    else list.push(a);
  }

  // What changed: delta objects, membership changes, assignment changes (added or removed, by principal).
  const userChanges = new Map<string, GraphUserDelta>();
  for (const u of userRound.value) userChanges.set(u.id, { ...userChanges.get(u.id), ...u });
  const groupChanges = new Map<string, GraphGroupDelta>();
  const candidates = new Set<string>(userChanges.keys());
  for (const g of groupRound.value) {
    groupChanges.set(g.id, g);
    for (const m of g['members@delta'] ?? []) if (m['@odata.type'] === USER_TYPE) candidates.add(m.id);
  }
  const previous = watermark.assignments;
  const changedPrincipals = new Set<string>();
  if (previous === undefined) {
    // An older watermark without a snapshot: every assigned principal is re-evaluated once.
    for (const a of assignments) changedPrincipals.add(a.principalId);
  } else {
    for (const [id, principal] of Object.entries(snapshot)) if (previous[id] === undefined) changedPrincipals.add(principal);
    for (const [id, principal] of Object.entries(previous)) if (snapshot[id] === undefined) changedPrincipals.add(principal);
  }
  const groupIds = new Set([...groupChanges.keys()].filter((id) => groupAssignments.has(id) || state.groupLinks[id] !== undefined));
  for (const principal of changedPrincipals) {
    if (groupAssignments.has(principal) || state.groupLinks[principal] !== undefined) groupIds.add(principal);
    else candidates.add(principal);
  }
  // Escrows due for a retry, changed or not. A membership needs its group (members, Zendesk memberships) and its user
  // (the plan only adds members it evaluates this cycle).
  const retried = dueEscrows(state, now);
  for (const escrow of retried) {
    if (escrow.objectType === 'User') candidates.add(escrow.sourceId);
    else if (escrow.objectType === 'Group') groupIds.add(escrow.sourceId);
    else {
      const parts = membershipParts(escrow);
      if (parts === null) continue;
      groupIds.add(parts.groupId);
      candidates.add(parts.userId);
    }
  }
  // A group newly assigned or unassigned changes the scope of all its direct members; a changed group needs its full
  // member list for memberships.
  const sortedGroupIds = [...groupIds].sort();
  const memberLists = await Promise.all(sortedGroupIds.map((id) => entra.listGroupMembers(id, options)));
  const membersByGroup = new Map(sortedGroupIds.map((id, i) => [id, memberLists[i]!]));
  for (const id of sortedGroupIds) {
    if (changedPrincipals.has(id)) for (const m of membersByGroup.get(id)!) if (m['@odata.type'] === USER_TYPE) candidates.add(m.id);
  }

  // Users: delta objects as read; others (assignment or membership changes only) by id. Removed ones by reason.
  const candidateIds = [...candidates].sort();
  const missing = new Set(candidateIds.filter((id) => { const c = userChanges.get(id); return c === undefined || (c['@removed'] === undefined && c.accountEnabled === undefined); }));
  const fetched = new Map<string, GraphUser>();
  if (missing.size > 0) for (const u of await entra.getUsers([...missing], compiled.userSelect, options)) fetched.set(u.id, u);
  const memberOf = await Promise.all(
    candidateIds.map((id) => (userChanges.get(id)?.['@removed'] !== undefined || (!fetched.has(id) && !userChanges.has(id)) ? Promise.resolve([]) : entra.listUserMemberOf(id, options))),
  );
  const users = new Map<string, SourceUserRecord>();
  candidateIds.forEach((id, i) => {
    const change = userChanges.get(id);
    const removed = change?.['@removed'];
    const graph: GraphUser | null = removed !== undefined ? null : (fetched.get(id) ?? (change !== undefined && !missing.has(id) ? change : null));
    // Not in delta and not returned by id: gone (hard-deleted, or never existed as a user).
    const presence: SourcePresence = graph !== null ? 'present' : removed?.reason === 'changed' ? 'softDeleted' : 'hardDeleted';
    if (graph === null && state.userLinks[id] === undefined) return; // never managed: nothing to do
    const groupsOfUser = new Set(memberOf[i]!.map((g) => g.id));
    const effective: EffectiveAssignment[] = [];
    for (const a of userAssignments.get(id) ?? []) effective.push(effectiveAssignment(a, appRoles, DIRECT));
    for (const groupId of groupsOfUser) {
      for (const a of groupAssignments.get(groupId) ?? []) effective.push(effectiveAssignment(a, appRoles, { kind: 'group', groupId }));
    }
    users.set(id, { id, graph, presence, assignments: effective });
  });

  const groups = new Map<string, SourceGroupRecord>();
  if (compiled.group.enabled) {
    const needGraph = sortedGroupIds.filter((id) => { const g = groupChanges.get(id); return g === undefined || (g['@removed'] === undefined && g.displayName === undefined); });
    const groupGraph = new Map<string, GraphGroup>();
    if (needGraph.length > 0) for (const g of await entra.getGroups(needGraph, compiled.groupSelect, options)) groupGraph.set(g.id, g);
    for (const id of sortedGroupIds) {
      const change = groupChanges.get(id);
      const graph = change?.['@removed'] !== undefined ? null : (groupGraph.get(id) ?? change ?? null);
      const members = membersByGroup.get(id) ?? [];
      groups.set(id, {
        id,
        graph,
        presence: graph === null ? 'hardDeleted' : 'present',
        assignments: (groupAssignments.get(id) ?? []).map((a) => effectiveAssignment(a, appRoles, DIRECT)),
        memberUserIds: members.filter((m) => m['@odata.type'] === USER_TYPE).map((m) => m.id),
        nestedGroupIds: members.filter((m) => m['@odata.type'] !== USER_TYPE).map((m) => m.id),
      });
    }
  }

  const entraModel: EntraModel = {
    servicePrincipal,
    appRoles,
    syncAll: compiled.config.scope === 'allUsersAndGroups',
    users,
    groups,
    select: { users: compiled.userSelect, groups: compiled.groupSelect },
    warnings: [],
  };
  const zendesk = await lookUpZendesk(ports, compiled, state, entraModel, now, options);
  return {
    model: { entra: entraModel, zendesk },
    watermark: { usersDeltaLink: userRound.deltaLink, groupsDeltaLink: groupRound.deltaLink, savedAt: now.toISOString(), assignments: snapshot },
    changedUsers: [...users.keys()],
    changedGroups: [...groups.keys()],
    dueEscrows: retried,
  };
}

/**
 * Zendesk reads for the changed objects only: linked users by id, unlinked in-scope users by one search per matching
 * attribute until a hit; groups and memberships (one listing each) only when a group changed.
 */
async function lookUpZendesk(ports: EnginePorts, compiled: CompiledConfig, state: EngineState, entra: EntraModel, now: Date, options: PortCallOptions) {
  const found = new Map<number, ZendeskUser>();
  const linkedIds = [...entra.users.keys()].map((id) => state.userLinks[id]?.targetId).filter((id): id is number => id !== undefined);
  if (linkedIds.length > 0) for (const u of await ports.zendesk.showUsers(linkedIds, options)) found.set(u.id, u);
  let needCustomRoles = compiled.config.roles.some((r) => r.customRoleId !== undefined);
  for (const record of entra.users.values()) {
    const scoped = scopeUser(record, compiled, entra.syncAll, (id) => id);
    if (scoped.verdict.roles.some((r) => r.value?.startsWith('custom_role:') === true)) needCustomRoles = true;
    if (state.userLinks[record.id] !== undefined || !scoped.verdict.inScope) continue;
    const values = evaluateMatchingValues(compiled.user.matching, { source: scoped.source, now: () => now });
    if (!values.ok) continue;
    for (let i = 0; i < compiled.user.matching.length; i++) {
      const value = values.values[i];
      if (value === null || value === undefined) continue;
      const hits = await ports.zendesk.searchUsers({ attribute: compiled.user.matching[i]!.target, value }, options);
      for (const u of hits) found.set(u.id, u);
      if (hits.length > 0) break;
    }
  }
  const anyGroup = entra.groups.size > 0;
  const [customRoles, groups, memberships] = await Promise.all([
    needCustomRoles ? ports.zendesk.listCustomRoles(options) : Promise.resolve(null),
    anyGroup ? ports.zendesk.listGroups(options) : Promise.resolve([]),
    anyGroup && compiled.provisionMemberships ? ports.zendesk.listGroupMemberships(options) : Promise.resolve([]),
  ]);
  return buildZendeskModel([...found.values()], customRoles, groups, memberships, false);
}
