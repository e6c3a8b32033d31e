/**
 * The sandbox tenant's directory: users, groups, service principals and app-role assignments, plus the change log
 * that feeds `/users/delta` and `/groups/delta`. Admin actions (the control API and tests call them) change the
 * directory and append to the log; the HTTP layer only reads.
 *
 * Delta semantics modelled (graph-api.md §6): a changed user/group is reported with its changed property names;
 * soft delete → `@removed: {reason: "changed"}`; hard delete → `{reason: "deleted"}`; membership changes are
 * `members@delta` entries on the group (removal carries `@removed: {reason: "deleted"}`).
 *
 * Choice (documented, Unverified on the real service): app-role assignment changes do NOT appear in users/groups delta —
 * `appRoleAssignments` is not a property delta tracks — so a consumer re-reads `/servicePrincipals/{id}/appRoleAssignedTo`
 * every cycle (one paged list). Soft-deleted users keep their memberships and assignments (hidden while deleted) so a
 * restore brings them back; a hard delete removes both and reports the membership removals in groups delta.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_ACCESS_ROLE_ID, SeedError, validateSeed, type GraphSeed } from './seed';

export type Json = Record<string, unknown>;

export interface UserRecord {
  readonly id: string;
  /** Every property the user has (Graph names, extension attributes included). `id` lives here too. */
  data: Json;
  /** Set while soft-deleted (in the recycle bin). */
  deletedDateTime: string | null;
}

export interface GroupRecord {
  readonly id: string;
  data: Json;
  /** Direct member ids in insertion order (users, groups, service principals). */
  members: string[];
}

export interface ServicePrincipalRecord {
  readonly id: string;
  data: Json;
}

export interface AppRoleAssignmentRecord {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceId: string;
  createdDateTime: string;
}

export type ObjectKind = 'user' | 'group' | 'servicePrincipal';

/** One entry of the change log; `seq` grows by one per entry. */
export type ChangeEntry =
  | { readonly seq: number; readonly kind: 'user' | 'group'; readonly id: string; readonly type: 'created' | 'updated'; readonly properties: readonly string[] }
  | { readonly seq: number; readonly kind: 'user' | 'group'; readonly id: string; readonly type: 'softDeleted' | 'hardDeleted' | 'restored' }
  | { readonly seq: number; readonly kind: 'group'; readonly id: string; readonly type: 'memberAdded' | 'memberRemoved'; readonly memberId: string; readonly memberKind: ObjectKind };

/** Graph's 7-fractional-digit UTC timestamps (`2021-02-02T04:22:45.9480000Z`). */
export function graphTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** An admin action that cannot be applied (unknown id, duplicate assignment…); the control API answers 400/404. */
export class DirectoryError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

type ChangeInput =
  | { kind: 'user' | 'group'; id: string; type: 'created' | 'updated'; properties: readonly string[] }
  | { kind: 'user' | 'group'; id: string; type: 'softDeleted' | 'hardDeleted' | 'restored' }
  | { kind: 'group'; id: string; type: 'memberAdded' | 'memberRemoved'; memberId: string; memberKind: ObjectKind };

export class Directory {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly servicePrincipals = new Map<string, ServicePrincipalRecord>();
  readonly assignments = new Map<string, AppRoleAssignmentRecord>();
  /** Ordered change log; `changes[i].seq === firstSeq + i`. */
  private changes: ChangeEntry[] = [];
  private firstSeq = 1;
  private nextSeq = 1;
  /** Bumped by `invalidateDeltaTokens`: tokens from an older epoch get 410 Gone (a forced full resync). */
  deltaEpoch = 1;
  private assignmentCounter = 0;
  /** Users' UPN → id, lower-cased, for `/users/{upn}`. */
  private readonly upnIndex = new Map<string, string>();

  constructor(seed: GraphSeed = {}) {
    this.load(seed);
  }

  /** Replaces everything with the seed (validated); the change log restarts and older delta tokens become stale. */
  load(input: unknown): void {
    const seed = validateSeed(input);
    this.users.clear();
    this.groups.clear();
    this.servicePrincipals.clear();
    this.assignments.clear();
    this.upnIndex.clear();
    this.changes = [];
    this.firstSeq = this.nextSeq;
    this.deltaEpoch += 1;
    const created = graphTimestamp(Date.UTC(2024, 0, 15, 9, 30, 0));
    for (const sp of seed.servicePrincipals ?? []) {
      const id = sp.id.toLowerCase();
      this.servicePrincipals.set(id, { id, data: normalizeServicePrincipal({ ...sp, id }) });
    }
    for (const user of seed.users ?? []) {
      const id = user.id.toLowerCase();
      const data: Json = { accountEnabled: true, createdDateTime: created, userType: 'Member', ...user, id };
      this.users.set(id, { id, data, deletedDateTime: null });
      this.upnIndex.set(String(user.userPrincipalName).toLowerCase(), id);
    }
    for (const group of seed.groups ?? []) {
      const id = group.id.toLowerCase();
      const { members, ...rest } = group;
      const data: Json = { securityEnabled: true, mailEnabled: false, groupTypes: [], createdDateTime: created, ...rest, id };
      this.groups.set(id, { id, data, members: (members ?? []).map((m) => m.toLowerCase()) });
    }
    for (const assignment of seed.appRoleAssignments ?? []) {
      this.addAssignment(assignment.principalId, assignment.appRoleId, assignment.resourceId, assignment.createdDateTime ?? created, assignment.id);
    }
  }

  /** Adds (or replaces, by appId) a service principal — used for the sandbox's own app registration. */
  ensureServicePrincipal(sp: Json & { id: string; appId: string; displayName: string }): ServicePrincipalRecord {
    const existing = [...this.servicePrincipals.values()].find((r) => String(r.data.appId).toLowerCase() === sp.appId.toLowerCase());
    if (existing) return existing;
    const id = sp.id.toLowerCase();
    const record = { id, data: normalizeServicePrincipal({ ...sp, id }) };
    this.servicePrincipals.set(id, record);
    return record;
  }

  // ---- lookups -------------------------------------------------------------------------------------------------

  kindOf(id: string): ObjectKind | undefined {
    const key = id.toLowerCase();
    if (this.users.has(key)) return 'user';
    if (this.groups.has(key)) return 'group';
    if (this.servicePrincipals.has(key)) return 'servicePrincipal';
    return undefined;
  }

  /** A live (not soft-deleted) user by id or UPN. */
  findUser(idOrUpn: string): UserRecord | undefined {
    const key = idOrUpn.toLowerCase();
    const user = this.users.get(key) ?? this.users.get(this.upnIndex.get(key) ?? '');
    return user && user.deletedDateTime === null ? user : undefined;
  }

  /** A soft-deleted user (in `/directory/deletedItems`, restorable for 30 days) by id. */
  findDeletedUser(id: string): UserRecord | undefined {
    const user = this.users.get(id.toLowerCase());
    return user && user.deletedDateTime !== null ? user : undefined;
  }

  liveUsers(): UserRecord[] {
    return [...this.users.values()].filter((u) => u.deletedDateTime === null);
  }

  isLive(id: string): boolean {
    const key = id.toLowerCase();
    const user = this.users.get(key);
    if (user) return user.deletedDateTime === null;
    return this.groups.has(key) || this.servicePrincipals.has(key);
  }

  findServicePrincipal(id: string): ServicePrincipalRecord | undefined {
    return this.servicePrincipals.get(id.toLowerCase());
  }

  findServicePrincipalByAppId(appId: string): ServicePrincipalRecord | undefined {
    return [...this.servicePrincipals.values()].find((sp) => String(sp.data.appId).toLowerCase() === appId.toLowerCase());
  }

  displayNameOf(id: string): string | null {
    const key = id.toLowerCase();
    const record = this.users.get(key) ?? this.groups.get(key) ?? this.servicePrincipals.get(key);
    const name = record?.data.displayName;
    return typeof name === 'string' ? name : null;
  }

  /** Live direct members of a group. */
  directMembers(groupId: string): string[] {
    const group = this.groups.get(groupId.toLowerCase());
    return group ? group.members.filter((id) => this.isLive(id)) : [];
  }

  /** Live members of a group and of its nested groups (nested groups included), each once, cycles tolerated. */
  transitiveMembers(groupId: string): string[] {
    const seen = new Set<string>();
    const order: string[] = [];
    const visit = (id: string): void => {
      for (const member of this.directMembers(id)) {
        if (seen.has(member)) continue;
        seen.add(member);
        order.push(member);
        if (this.groups.has(member)) visit(member);
      }
    };
    visit(groupId);
    return order.filter((id) => id !== groupId.toLowerCase());
  }

  /** Assignments to a resource SP whose principal is live, in creation order. */
  assignmentsTo(resourceId: string): AppRoleAssignmentRecord[] {
    const key = resourceId.toLowerCase();
    return [...this.assignments.values()].filter((a) => a.resourceId === key && this.isLive(a.principalId));
  }

  // ---- change log ----------------------------------------------------------------------------------------------

  get currentSeq(): number {
    return this.nextSeq - 1;
  }

  /** Changes with `seq > after` (up to `until` inclusive) of one kind. */
  changesSince(after: number, kind: 'user' | 'group', until = this.currentSeq): ChangeEntry[] {
    const start = Math.max(0, after + 1 - this.firstSeq);
    const end = Math.max(0, until + 1 - this.firstSeq);
    return this.changes.slice(start, end).filter((c) => c.kind === kind);
  }

  /** True when `seq` predates the retained log (a token from before a seed reload). */
  isBeforeLog(seq: number): boolean {
    return seq + 1 < this.firstSeq;
  }

  private record(change: ChangeInput): void {
    this.changes.push({ ...change, seq: this.nextSeq } as ChangeEntry);
    this.nextSeq += 1;
  }

  /** Makes every issued delta token stale: the next delta request answers 410 Gone (full resync). */
  invalidateDeltaTokens(): void {
    this.deltaEpoch += 1;
  }

  // ---- admin actions -------------------------------------------------------------------------------------------

  createUser(properties: Json): UserRecord {
    const upn = properties.userPrincipalName;
    if (typeof upn !== 'string' || upn === '') throw new DirectoryError('createUser: "userPrincipalName" is required.');
    if (this.upnIndex.has(upn.toLowerCase())) throw new DirectoryError(`createUser: userPrincipalName "${upn}" is already used.`, 409);
    const id = typeof properties.id === 'string' ? properties.id.toLowerCase() : randomUUID();
    if (this.kindOf(id)) throw new DirectoryError(`createUser: id "${id}" is already used.`, 409);
    const data: Json = { accountEnabled: true, createdDateTime: graphTimestamp(), userType: 'Member', ...properties, id };
    const user = { id, data, deletedDateTime: null };
    this.users.set(id, user);
    this.upnIndex.set(upn.toLowerCase(), id);
    this.record({ kind: 'user', id, type: 'created', properties: Object.keys(data) });
    return user;
  }

  /** Sets user properties (null clears); `id` cannot change. */
  updateUser(id: string, changes: Json): UserRecord {
    const user = this.requireLiveUser(id, 'updateUser');
    if ('id' in changes) throw new DirectoryError('updateUser: "id" is read-only.');
    const changed: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      if (JSON.stringify(user.data[key]) === JSON.stringify(value)) continue;
      if (key === 'userPrincipalName') {
        if (typeof value !== 'string' || value === '') throw new DirectoryError('updateUser: "userPrincipalName" must be a non-empty string.');
        this.upnIndex.delete(String(user.data.userPrincipalName).toLowerCase());
        this.upnIndex.set(value.toLowerCase(), user.id);
      }
      user.data[key] = value;
      changed.push(key);
    }
    if (changed.length > 0) this.record({ kind: 'user', id: user.id, type: 'updated', properties: changed });
    return user;
  }

  disableUser(id: string): UserRecord {
    return this.updateUser(id, { accountEnabled: false });
  }

  enableUser(id: string): UserRecord {
    return this.updateUser(id, { accountEnabled: true });
  }

  /** Moves the user to the recycle bin (restorable). Delta reports `@removed: {reason: "changed"}`. */
  softDeleteUser(id: string): void {
    const user = this.requireLiveUser(id, 'softDeleteUser');
    user.deletedDateTime = graphTimestamp();
    this.record({ kind: 'user', id: user.id, type: 'softDeleted' });
  }

  restoreUser(id: string): UserRecord {
    const user = this.users.get(id.toLowerCase());
    if (!user) throw new DirectoryError(`restoreUser: no user with id "${id}".`, 404);
    if (user.deletedDateTime === null) throw new DirectoryError(`restoreUser: user "${id}" is not deleted.`);
    user.deletedDateTime = null;
    this.record({ kind: 'user', id: user.id, type: 'restored' });
    return user;
  }

  /** Permanently deletes a user (live or soft-deleted): memberships and assignments go too. */
  hardDeleteUser(id: string): void {
    const key = id.toLowerCase();
    const user = this.users.get(key);
    if (!user) throw new DirectoryError(`hardDeleteUser: no user with id "${id}".`, 404);
    for (const group of this.groups.values()) {
      if (group.members.includes(key)) {
        group.members = group.members.filter((m) => m !== key);
        this.record({ kind: 'group', id: group.id, type: 'memberRemoved', memberId: key, memberKind: 'user' });
      }
    }
    for (const [assignmentId, assignment] of this.assignments) if (assignment.principalId === key) this.assignments.delete(assignmentId);
    this.users.delete(key);
    this.upnIndex.delete(String(user.data.userPrincipalName).toLowerCase());
    this.record({ kind: 'user', id: key, type: 'hardDeleted' });
  }

  createGroup(properties: Json): GroupRecord {
    if (typeof properties.displayName !== 'string' || properties.displayName === '') throw new DirectoryError('createGroup: "displayName" is required.');
    const id = typeof properties.id === 'string' ? properties.id.toLowerCase() : randomUUID();
    if (this.kindOf(id)) throw new DirectoryError(`createGroup: id "${id}" is already used.`, 409);
    const data: Json = { securityEnabled: true, mailEnabled: false, groupTypes: [], createdDateTime: graphTimestamp(), ...properties, id };
    delete data.members;
    const group = { id, data, members: [] };
    this.groups.set(id, group);
    this.record({ kind: 'group', id, type: 'created', properties: Object.keys(data) });
    return group;
  }

  updateGroup(id: string, changes: Json): GroupRecord {
    const group = this.requireGroup(id, 'updateGroup');
    const changed: string[] = [];
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'id' || key === 'members') throw new DirectoryError(`updateGroup: "${key}" cannot be set this way.`);
      if (JSON.stringify(group.data[key]) === JSON.stringify(value)) continue;
      group.data[key] = value;
      changed.push(key);
    }
    if (changed.length > 0) this.record({ kind: 'group', id: group.id, type: 'updated', properties: changed });
    return group;
  }

  deleteGroup(id: string): void {
    const group = this.requireGroup(id, 'deleteGroup');
    for (const other of this.groups.values()) {
      if (other.members.includes(group.id)) {
        other.members = other.members.filter((m) => m !== group.id);
        this.record({ kind: 'group', id: other.id, type: 'memberRemoved', memberId: group.id, memberKind: 'group' });
      }
    }
    for (const [assignmentId, assignment] of this.assignments) if (assignment.principalId === group.id) this.assignments.delete(assignmentId);
    this.groups.delete(group.id);
    this.record({ kind: 'group', id: group.id, type: 'hardDeleted' });
  }

  addMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId, 'addMember');
    const key = memberId.toLowerCase();
    const kind = this.kindOf(key);
    if (!kind) throw new DirectoryError(`addMember: no user, group or service principal with id "${memberId}".`, 404);
    if (key === group.id) throw new DirectoryError('addMember: a group cannot be a member of itself.');
    if (group.members.includes(key)) {
      throw new DirectoryError(`addMember: "${memberId}" is already a member of group "${groupId}" (Graph: "One or more added object references already exist").`);
    }
    group.members.push(key);
    this.record({ kind: 'group', id: group.id, type: 'memberAdded', memberId: key, memberKind: kind });
  }

  removeMember(groupId: string, memberId: string): void {
    const group = this.requireGroup(groupId, 'removeMember');
    const key = memberId.toLowerCase();
    if (!group.members.includes(key)) throw new DirectoryError(`removeMember: "${memberId}" is not a direct member of group "${groupId}".`, 404);
    group.members = group.members.filter((m) => m !== key);
    this.record({ kind: 'group', id: group.id, type: 'memberRemoved', memberId: key, memberKind: this.kindOf(key) ?? 'user' });
  }

  /** Assigns a principal (user, group or SP) to a resource SP with a role (Default Access when omitted). */
  assign(principalId: string, resourceId: string, appRoleId: string = DEFAULT_ACCESS_ROLE_ID): AppRoleAssignmentRecord {
    const resource = this.findServicePrincipal(resourceId);
    if (!resource) throw new DirectoryError(`assign: no service principal with id "${resourceId}".`, 404);
    const roleKey = appRoleId.toLowerCase();
    const roles = (resource.data.appRoles as Json[]).map((r) => String(r.id).toLowerCase());
    if (roleKey !== DEFAULT_ACCESS_ROLE_ID && !roles.includes(roleKey)) {
      throw new DirectoryError(
        `assign: appRoleId "${appRoleId}" is not one of the roles of "${String(resource.data.displayName)}"; use one of ${roles.join(', ')} or ${DEFAULT_ACCESS_ROLE_ID} (Default Access).`,
      );
    }
    if (!this.kindOf(principalId) || !this.isLive(principalId)) throw new DirectoryError(`assign: no live principal with id "${principalId}".`, 404);
    const duplicate = [...this.assignments.values()].find(
      (a) => a.principalId === principalId.toLowerCase() && a.resourceId === resource.id && a.appRoleId === roleKey,
    );
    if (duplicate) throw new DirectoryError('assign: Permission being assigned already exists on the object (same principal, resource and role).', 409);
    return this.addAssignment(principalId, roleKey, resource.id, graphTimestamp());
  }

  /** Removes an assignment by id, or the principal's assignment(s) to the resource (optionally only one role). */
  unassign(selector: { assignmentId?: string; principalId?: string; resourceId?: string; appRoleId?: string }): number {
    if (selector.assignmentId) {
      if (!this.assignments.delete(selector.assignmentId)) throw new DirectoryError(`unassign: no appRoleAssignment with id "${selector.assignmentId}".`, 404);
      return 1;
    }
    if (!selector.principalId) throw new DirectoryError('unassign: give "assignmentId", or "principalId" (+ optional "resourceId", "appRoleId").');
    let removed = 0;
    for (const [id, a] of this.assignments) {
      if (a.principalId !== selector.principalId.toLowerCase()) continue;
      if (selector.resourceId && a.resourceId !== selector.resourceId.toLowerCase()) continue;
      if (selector.appRoleId && a.appRoleId !== selector.appRoleId.toLowerCase()) continue;
      this.assignments.delete(id);
      removed += 1;
    }
    if (removed === 0) throw new DirectoryError(`unassign: principal "${selector.principalId}" has no matching assignment.`, 404);
    return removed;
  }

  private addAssignment(principalId: string, appRoleId: string, resourceId: string, createdDateTime: string, id?: string): AppRoleAssignmentRecord {
    const principalKey = principalId.toLowerCase();
    const kind = this.kindOf(principalKey);
    if (!kind) throw new SeedError(`appRoleAssignment principal "${principalId}" does not exist.`);
    this.assignmentCounter += 1;
    // Real ids are opaque base64url strings (not GUIDs); derive a stable one so seeds give the same ids every run.
    const assignmentId =
      id ?? createHash('sha256').update(`${principalKey}|${resourceId}|${appRoleId}|${this.assignmentCounter}`).digest('base64url').slice(0, 43);
    const record: AppRoleAssignmentRecord = {
      id: assignmentId,
      appRoleId: appRoleId.toLowerCase(),
      principalId: principalKey,
      principalType: kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'ServicePrincipal',
      resourceId: resourceId.toLowerCase(),
      createdDateTime,
    };
    this.assignments.set(assignmentId, record);
    return record;
  }

  private requireLiveUser(id: string, action: string): UserRecord {
    const user = this.findUser(id);
    if (!user) throw new DirectoryError(`${action}: no live user with id or userPrincipalName "${id}".`, 404);
    return user;
  }

  private requireGroup(id: string, action: string): GroupRecord {
    const group = this.groups.get(id.toLowerCase());
    if (!group) throw new DirectoryError(`${action}: no group with id "${id}".`, 404);
    return group;
  }

  /** The whole state in seed shape (for `/__sandbox/dump` and round trips). */
  dump(): GraphSeed & { deletedUsers: string[] } {
    return {
      servicePrincipals: [...this.servicePrincipals.values()].map((sp) => sp.data as never),
      users: [...this.users.values()].map((u) => u.data as never),
      groups: [...this.groups.values()].map((g) => ({ ...g.data, members: [...g.members] }) as never),
      appRoleAssignments: [...this.assignments.values()].map((a) => ({ ...a })),
      deletedUsers: [...this.users.values()].filter((u) => u.deletedDateTime !== null).map((u) => u.id),
    };
  }
}

function normalizeServicePrincipal(sp: Json & { id: string }): Json {
  const appRoles = ((sp.appRoles as Json[] | undefined) ?? []).map((role) => ({
    allowedMemberTypes: ['User'],
    description: role.displayName,
    isEnabled: true,
    origin: 'Application',
    value: null,
    ...role,
    id: String(role.id).toLowerCase(),
  }));
  return {
    accountEnabled: true,
    appRoleAssignmentRequired: true,
    servicePrincipalType: 'Application',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    deletedDateTime: null,
    ...sp,
    appRoles,
  };
}
