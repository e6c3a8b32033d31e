/**
 * In-memory fake ports for engine tests: a tiny Entra tenant (the Zendesk app, its roles, assignments, users, groups)
 * and a tiny Zendesk account. Calls are recorded so tests can assert what was asked (e.g. the `$select`).
 */
import { type EntraZendeskConfig, defaultConfig } from '../../../src/core/config';
import {
  type EngineState,
  type EntraPort,
  type GraphAppRole,
  type GraphAppRoleAssignment,
  type GraphDeletedObject,
  type GraphDeltaRound,
  type GraphDirectoryObject,
  type GraphGroup,
  type GraphGroupDelta,
  type GraphServicePrincipal,
  type GraphUser,
  type GraphUserDelta,
  type ObjectLink,
  type ProvisioningPlan,
  type ZendeskCustomRole,
  type ZendeskGroup,
  type ZendeskGroupMembership,
  type ZendeskItemResult,
  type ZendeskMembershipInput,
  type ZendeskPort,
  type ZendeskUser,
  type ZendeskUserInput,
  type ZendeskUserLookup,
  type ZendeskUserUpdate,
  buildPlan,
  compileConfig,
  emptyEngineState,
  importModel,
} from '../../../src/core/engine';

export const SP_ID = 'sp-zendesk';
export const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';
export const ROLE = {
  msiam: 'role-msiam',
  endUser: 'role-end-user',
  agent: 'role-agent',
  admin: 'role-admin',
  staff: 'role-staff',
} as const;
export const STAFF_CUSTOM_ROLE_ID = 6;

function appRole(id: string, displayName: string, value: string | null): GraphAppRole {
  return { id, displayName, value, isEnabled: true, allowedMemberTypes: ['User'], origin: 'Application' };
}

export function zendeskServicePrincipal(): GraphServicePrincipal {
  return {
    id: SP_ID,
    appId: 'app-zendesk',
    displayName: 'Zendesk',
    appRoles: [
      appRole(ROLE.msiam, 'msiam_access', null),
      appRole(ROLE.endUser, 'End-user', 'end-user'),
      appRole(ROLE.agent, 'Agent', 'agent'),
      appRole(ROLE.admin, 'Administrator', 'admin'),
      appRole(ROLE.staff, 'Staff', `custom_role:${STAFF_CUSTOM_ROLE_ID}`),
    ],
  };
}

export function graphUser(id: string, overrides: Record<string, unknown> = {}): GraphUser {
  return {
    id,
    userPrincipalName: `${id}@contoso.com`,
    displayName: `User ${id}`,
    accountEnabled: true,
    businessPhones: [],
    preferredLanguage: null,
    department: 'Sales',
    ...overrides,
  };
}

export function zendeskUser(id: number, overrides: Partial<ZendeskUser> & Record<string, unknown> = {}): ZendeskUser {
  return {
    id,
    name: `Zendesk ${id}`,
    email: `z${id}@example.com`,
    external_id: null,
    role: 'end-user',
    custom_role_id: null,
    suspended: false,
    active: true,
    phone: null,
    locale: 'en-US',
    user_fields: {},
    ...overrides,
  };
}

export interface RecordedCall {
  readonly method: string;
  readonly args: ReadonlyArray<unknown>;
}

export class FakeEntra implements EntraPort {
  servicePrincipal = zendeskServicePrincipal();
  assignments: GraphAppRoleAssignment[] = [];
  users = new Map<string, GraphUser>();
  groups = new Map<string, GraphGroup>();
  members = new Map<string, GraphDirectoryObject[]>();
  deleted = new Map<string, GraphDeletedObject>();
  calls: RecordedCall[] = [];
  private assignmentSeq = 0;

  addUser(id: string, overrides: Record<string, unknown> = {}): this {
    this.users.set(id, graphUser(id, overrides));
    this.record('user', id);
    return this;
  }

  assign(principalId: string, appRoleId: string, principalType: 'User' | 'Group' = 'User'): this {
    this.assignments.push({
      id: `assignment-${++this.assignmentSeq}`,
      appRoleId,
      principalId,
      principalType,
      principalDisplayName: principalId,
      resourceId: SP_ID,
      deletedDateTime: null,
    });
    return this;
  }

  addGroup(id: string, memberIds: ReadonlyArray<string>, overrides: Record<string, unknown> = {}): this {
    this.groups.set(id, { id, displayName: `Group ${id}`, securityEnabled: true, ...overrides });
    this.members.set(
      id,
      memberIds.map((m) => ({ '@odata.type': this.groups.has(m) || m.startsWith('group') ? '#microsoft.graph.group' : '#microsoft.graph.user', id: m })),
    );
    return this;
  }

  /** Soft delete: gone from /users, present in deletedItems, assignments kept (restorable). */
  softDelete(id: string): this {
    this.users.delete(id);
    this.deleted.set(id, { id, deletedDateTime: '2026-01-01T00:00:00Z' });
    this.record('user', id);
    return this;
  }

  hardDelete(id: string): this {
    this.users.delete(id);
    this.deleted.delete(id);
    this.assignments = this.assignments.filter((a) => a.principalId !== id);
    this.record('user', id);
    return this;
  }

  unassign(id: string): this {
    this.assignments = this.assignments.filter((a) => a.principalId !== id);
    return this;
  }

  private project<T extends { id: string }>(object: T, select: ReadonlyArray<string>): T {
    const out: Record<string, unknown> = { id: object.id };
    for (const key of select) if (key in object) out[key] = (object as Record<string, unknown>)[key];
    return out as T;
  }

  async getServicePrincipal(): Promise<GraphServicePrincipal> {
    this.calls.push({ method: 'getServicePrincipal', args: [] });
    return this.servicePrincipal;
  }
  async listAppRoleAssignedTo(id: string): Promise<ReadonlyArray<GraphAppRoleAssignment>> {
    this.calls.push({ method: 'listAppRoleAssignedTo', args: [id] });
    return this.assignments;
  }
  async getUsers(ids: ReadonlyArray<string>, select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    this.calls.push({ method: 'getUsers', args: [ids, select] });
    return ids.flatMap((id) => {
      const user = this.users.get(id);
      return user === undefined ? [] : [this.project(user, select)];
    });
  }
  async listUsers(select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    this.calls.push({ method: 'listUsers', args: [select] });
    return [...this.users.values()].map((u) => this.project(u, select));
  }
  async getGroups(ids: ReadonlyArray<string>, select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphGroup>> {
    this.calls.push({ method: 'getGroups', args: [ids, select] });
    return ids.flatMap((id) => {
      const group = this.groups.get(id);
      return group === undefined ? [] : [this.project(group, select)];
    });
  }
  async listGroups(select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphGroup>> {
    this.calls.push({ method: 'listGroups', args: [select] });
    return [...this.groups.values()].map((g) => this.project(g, select));
  }
  async listGroupMembers(groupId: string): Promise<ReadonlyArray<GraphDirectoryObject>> {
    this.calls.push({ method: 'listGroupMembers', args: [groupId] });
    return this.members.get(groupId) ?? [];
  }
  async listUserMemberOf(userId: string): Promise<ReadonlyArray<GraphDirectoryObject>> {
    this.calls.push({ method: 'listUserMemberOf', args: [userId] });
    return [...this.members.entries()].filter(([, members]) => members.some((m) => m.id === userId)).map(([id]) => ({ '@odata.type': '#microsoft.graph.group', id }));
  }
  async getDeletedUsers(ids: ReadonlyArray<string>): Promise<ReadonlyArray<GraphDeletedObject>> {
    this.calls.push({ method: 'getDeletedUsers', args: [ids] });
    return ids.flatMap((id) => (this.deleted.has(id) ? [this.deleted.get(id)!] : []));
  }
  // Delta: a change log; a deltaLink is `delta:<version>`. Assignments are not tracked (as in Graph).
  private version = 0;
  private events: Array<{ version: number; kind: 'user' | 'group'; id: string; added?: string; removed?: string }> = [];

  private record(kind: 'user' | 'group', id: string, member: { added?: string; removed?: string } = {}): void {
    this.events.push({ version: ++this.version, kind, id, ...member });
  }

  updateUser(id: string, patch: Record<string, unknown>): this {
    this.users.set(id, { ...this.users.get(id)!, ...patch });
    this.record('user', id);
    return this;
  }

  addMember(groupId: string, userId: string): this {
    this.members.get(groupId)!.push({ '@odata.type': '#microsoft.graph.user', id: userId });
    this.record('group', groupId, { added: userId });
    return this;
  }

  private since(deltaLink: string | null): number {
    return deltaLink === null ? -1 : Number(deltaLink.slice('delta:'.length));
  }

  async usersDelta(request: { select: ReadonlyArray<string>; deltaLink: string | null }): Promise<GraphDeltaRound<GraphUserDelta>> {
    this.calls.push({ method: 'usersDelta', args: [request] });
    const from = this.since(request.deltaLink);
    const ids = from < 0 ? [...this.users.keys()] : [...new Set(this.events.filter((e) => e.kind === 'user' && e.version > from).map((e) => e.id))];
    const value: GraphUserDelta[] = ids.map((id) => {
      const user = this.users.get(id);
      if (user !== undefined) return this.project(user, request.select);
      return { id, '@removed': { reason: this.deleted.has(id) ? 'changed' : 'deleted' } };
    });
    return { value, deltaLink: `delta:${this.version}` };
  }

  async groupsDelta(request: { select: ReadonlyArray<string>; deltaLink: string | null }): Promise<GraphDeltaRound<GraphGroupDelta>> {
    this.calls.push({ method: 'groupsDelta', args: [request] });
    const from = this.since(request.deltaLink);
    const events = this.events.filter((e) => e.kind === 'group' && e.version > from);
    const ids = from < 0 ? [...this.groups.keys()] : [...new Set(events.map((e) => e.id))];
    const value: GraphGroupDelta[] = ids.map((id) => ({
      ...this.project(this.groups.get(id)!, request.select.filter((s) => s !== 'members')),
      'members@delta': events
        .filter((e) => e.id === id)
        .map((e) => (e.added !== undefined ? { '@odata.type': '#microsoft.graph.user', id: e.added } : { '@odata.type': '#microsoft.graph.user', id: e.removed!, '@removed': { reason: 'deleted' as const } })),
    }));
    return { value, deltaLink: `delta:${this.version}` };
  }
}

export class FakeZendesk implements ZendeskPort {
  users = new Map<number, ZendeskUser>();
  groups = new Map<number, ZendeskGroup>();
  memberships: ZendeskGroupMembership[] = [];
  customRoles: ZendeskCustomRole[] | null = [{ id: STAFF_CUSTOM_ROLE_ID, name: 'Staff', role_type: 0 }];
  calls: RecordedCall[] = [];
  private nextId = 1000;

  addUser(id: number, overrides: Partial<ZendeskUser> & Record<string, unknown> = {}): this {
    this.users.set(id, zendeskUser(id, overrides));
    return this;
  }
  addGroup(id: number, name: string): this {
    this.groups.set(id, { id, name, description: '', is_public: true, deleted: false });
    return this;
  }
  addMembership(id: number, userId: number, groupId: number): this {
    this.memberships.push({ id, user_id: userId, group_id: groupId, default: false });
    return this;
  }

  async listUsers(): Promise<ReadonlyArray<ZendeskUser>> {
    this.calls.push({ method: 'listUsers', args: [] });
    return [...this.users.values()];
  }
  async showUsers(ids: ReadonlyArray<number>): Promise<ReadonlyArray<ZendeskUser>> {
    this.calls.push({ method: 'showUsers', args: [ids] });
    return ids.flatMap((id) => (this.users.has(id) ? [this.users.get(id)!] : []));
  }
  async searchUsers(lookup: ZendeskUserLookup): Promise<ReadonlyArray<ZendeskUser>> {
    this.calls.push({ method: 'searchUsers', args: [lookup] });
    return [...this.users.values()].filter((u) => String(u[lookup.attribute] ?? '').toLowerCase() === lookup.value.toLowerCase());
  }
  async listCustomRoles(): Promise<ReadonlyArray<ZendeskCustomRole> | null> {
    this.calls.push({ method: 'listCustomRoles', args: [] });
    return this.customRoles;
  }
  async listGroups(): Promise<ReadonlyArray<ZendeskGroup>> {
    this.calls.push({ method: 'listGroups', args: [] });
    return [...this.groups.values()];
  }
  async listGroupMemberships(): Promise<ReadonlyArray<ZendeskGroupMembership>> {
    this.calls.push({ method: 'listGroupMemberships', args: [] });
    return this.memberships;
  }
  /** Item failures to inject: e-mail → Zendesk error code (422). */
  failEmails = new Map<string, string>();
  /** Throws this from the next write call (then clears it). */
  throwNext: (Error & { status?: number }) | null = null;

  private maybeThrow(): void {
    const error = this.throwNext;
    if (error !== null) {
      this.throwNext = null;
      throw error;
    }
  }

  /** create_or_update semantics: an existing user with that e-mail or external_id is updated, not duplicated. */
  async createOrUpdateUsers(users: ReadonlyArray<ZendeskUserInput>): Promise<ReadonlyArray<ZendeskItemResult>> {
    this.calls.push({ method: 'createOrUpdateUsers', args: [users] });
    this.maybeThrow();
    return users.map((u, index) => {
      const email = String(u['email'] ?? '').toLowerCase();
      const failure = this.failEmails.get(email);
      if (failure !== undefined) return { index, ok: false, error: failure, details: `Email: ${email} is already being used by another user`, httpStatus: 422 };
      const existing = [...this.users.values()].find((x) => (x.email ?? '').toLowerCase() === email || (u['external_id'] != null && x.external_id === u['external_id']));
      if (existing !== undefined) {
        this.users.set(existing.id, { ...existing, ...u } as ZendeskUser);
        return { index, ok: true, id: existing.id, status: 'Updated' };
      }
      const id = this.nextId++;
      this.users.set(id, zendeskUser(id, u as Partial<ZendeskUser>));
      return { index, ok: true, id, status: 'Created' };
    });
  }
  async updateUsers(users: ReadonlyArray<ZendeskUserUpdate>): Promise<ReadonlyArray<ZendeskItemResult>> {
    this.calls.push({ method: 'updateUsers', args: [users] });
    this.maybeThrow();
    return users.map((u, index) => {
      const current = this.users.get(u.id);
      if (current === undefined) return { index, ok: false, error: 'RecordNotFound', details: 'Not found', httpStatus: 404 };
      this.users.set(u.id, { ...current, ...u } as ZendeskUser);
      return { index, ok: true, id: u.id, status: 'Updated' };
    });
  }
  async destroyUsers(ids: ReadonlyArray<number>): Promise<ReadonlyArray<ZendeskItemResult>> {
    this.calls.push({ method: 'destroyUsers', args: [ids] });
    return ids.map((id, index) => {
      const ok = this.users.delete(id);
      return ok ? { index, ok, id, status: 'Deleted' } : { index, ok, error: 'RecordNotFound', httpStatus: 404 };
    });
  }
  async createGroup(group: Readonly<Record<string, unknown>>): Promise<ZendeskGroup> {
    this.calls.push({ method: 'createGroup', args: [group] });
    const id = this.nextId++;
    const created = { id, name: String(group['name']), description: '', is_public: true, deleted: false };
    this.groups.set(id, created);
    return created;
  }
  async updateGroup(id: number, group: Readonly<Record<string, unknown>>): Promise<ZendeskGroup> {
    this.calls.push({ method: 'updateGroup', args: [id, group] });
    const updated = { ...this.groups.get(id)!, ...group } as ZendeskGroup;
    this.groups.set(id, updated);
    return updated;
  }
  async deleteGroup(id: number): Promise<void> {
    this.calls.push({ method: 'deleteGroup', args: [id] });
    this.groups.delete(id);
  }
  async createMemberships(memberships: ReadonlyArray<ZendeskMembershipInput>): Promise<ReadonlyArray<ZendeskItemResult>> {
    this.calls.push({ method: 'createMemberships', args: [memberships] });
    return memberships.map((m, index) => {
      const id = this.nextId++;
      this.memberships.push({ id, user_id: m.user_id, group_id: m.group_id });
      return { index, ok: true, id, status: 'Created' };
    });
  }
  async deleteMemberships(ids: ReadonlyArray<number>): Promise<ReadonlyArray<ZendeskItemResult>> {
    this.calls.push({ method: 'deleteMemberships', args: [ids] });
    this.memberships = this.memberships.filter((m) => !ids.includes(m.id));
    return ids.map((id, index) => ({ index, ok: true, id, status: 'Deleted' }));
  }
}

export function testConfig(overrides: Partial<EntraZendeskConfig> = {}): EntraZendeskConfig {
  return {
    ...defaultConfig({ tenantId: 'contoso.onmicrosoft.com', servicePrincipalId: SP_ID, subdomain: 'contoso', adminEmail: 'admin@contoso.com' }),
    ...overrides,
  };
}

export function link(sourceId: string, targetId: number, extra: Partial<ObjectLink> = {}): ObjectLink {
  return { sourceId, targetId, linkedAt: '2026-01-01T00:00:00Z', ...extra };
}

export function stateWith(userLinks: ReadonlyArray<ObjectLink> = [], groupLinks: ReadonlyArray<ObjectLink> = []): EngineState {
  return {
    ...emptyEngineState(),
    userLinks: Object.fromEntries(userLinks.map((l) => [l.sourceId, l])),
    groupLinks: Object.fromEntries(groupLinks.map((l) => [l.sourceId, l])),
  };
}

export const NOW = new Date('2026-03-02T10:15:00Z');

export interface Tenant {
  readonly entra: FakeEntra;
  readonly zendesk: FakeZendesk;
}

export function tenant(): Tenant {
  return { entra: new FakeEntra(), zendesk: new FakeZendesk() };
}

/** Compile → import → plan, the way a full cycle does. */
export async function planFor(
  t: Tenant,
  config: EntraZendeskConfig = testConfig(),
  state: EngineState = emptyEngineState(),
  options: { allowDeletes?: boolean } = {},
): Promise<ProvisioningPlan> {
  const compiled = compileConfig(config);
  const model = await importModel({ entra: t.entra, zendesk: t.zendesk }, compiled, state);
  return buildPlan(compiled, model, state, { now: NOW, ...options });
}

export function userEntry(plan: ProvisioningPlan, sourceId: string) {
  const entry = plan.users.find((u) => u.sourceId === sourceId);
  if (entry === undefined) throw new Error(`no plan entry for user ${sourceId}; entries: ${plan.users.map((u) => u.sourceId).join(', ')}`);
  return entry;
}

export function groupEntry(plan: ProvisioningPlan, sourceId: string) {
  const entry = plan.groups.find((g) => g.sourceId === sourceId);
  if (entry === undefined) throw new Error(`no plan entry for group ${sourceId}`);
  return entry;
}
