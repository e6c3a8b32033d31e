/**
 * The bench tenant: an Entra directory in the Graph sandbox's seed format (the Zendesk enterprise app with its
 * built-in roles, users, groups, assignments), and in-memory engine ports over the same data for the plan-only
 * measurement at 100,000 users, where a Zendesk account already holds the provisioned users (steady state).
 */
import type {
  EngineState,
  EntraPort,
  GraphAppRoleAssignment,
  GraphDeletedObject,
  GraphDeltaRound,
  GraphDirectoryObject,
  GraphGroup,
  GraphGroupDelta,
  GraphServicePrincipal,
  GraphUser,
  GraphUserDelta,
  ObjectLink,
  ZendeskCustomRole,
  ZendeskGroup,
  ZendeskGroupMembership,
  ZendeskItemResult,
  ZendeskPort,
  ZendeskUser,
} from '../../src/core/engine';
import type { GraphSeed, SeedAppRoleAssignment, SeedGroup, SeedUser } from '../../src/sandbox/graph';

export const SERVICE_PRINCIPAL_ID = '5e1c7a2b-0000-4000-8000-00000000b001';
const APP_ID = '5e1c7a2b-0000-4000-8000-00000000a001';
export const ROLES = {
  endUser: { id: '5e1c7a2b-0000-4000-8000-0000000000e1', displayName: 'End-user', value: 'end-user' },
  agent: { id: '5e1c7a2b-0000-4000-8000-0000000000a9', displayName: 'Agent', value: 'agent' },
  admin: { id: '5e1c7a2b-0000-4000-8000-0000000000ad', displayName: 'Administrator', value: 'admin' },
} as const;

export const userId = (i: number): string => `00000000-0000-4000-a000-${i.toString(16).padStart(12, '0')}`;
export const groupId = (g: number): string => `00000000-0000-4000-b000-${g.toString(16).padStart(12, '0')}`;
export const userPrincipalName = (i: number): string => `bench.user.${i}@contoso.example`;

export interface TenantShape {
  readonly users: number;
  readonly groups: number;
}

/** The index of a bench user id (the inverse of `userId`), or -1 for an id that is not one. */
export const userIndex = (id: string): number => (id.startsWith('00000000-0000-4000-a000-') ? parseInt(id.slice(24), 16) : -1);

/** Bench user `i`, as the Graph seed holds it: the one definition both the seed and the in-memory tenant use. */
export function benchUser(i: number): SeedUser {
  const upn = userPrincipalName(i);
  return {
    id: userId(i),
    displayName: `Bench User ${i}`,
    givenName: 'Bench',
    surname: `User ${i}`,
    userPrincipalName: upn,
    mail: upn,
    accountEnabled: true,
    businessPhones: [`+1 425 555 ${String(i % 10_000).padStart(4, '0')}`],
    preferredLanguage: 'en-US',
    department: ['Support', 'Sales', 'IT'][i % 3],
  };
}

/** Every 10th user is an agent (through a group); one in 1,000 of the others an administrator; the rest end-users. */
const isAgent = (i: number): boolean => i % 10 === 0;
const directRole = (i: number): (typeof ROLES)[keyof typeof ROLES] => (i % 1000 === 1 ? ROLES.admin : ROLES.endUser);

/** The direct assignment of a user who is not an agent (agents are assigned through their groups). */
function directAssignment(i: number): SeedAppRoleAssignment {
  return { principalId: userId(i), appRoleId: directRole(i).id, resourceId: SERVICE_PRINCIPAL_ID };
}

/** The groups with their members (ids), and the groups' assignments with the Agent role. */
function benchGroups(shape: TenantShape): { groups: SeedGroup[]; assignments: SeedAppRoleAssignment[] } {
  const members: string[][] = Array.from({ length: shape.groups }, () => []);
  if (shape.groups > 0) {
    for (let i = 0; i < shape.users; i += 10) {
      const agent = i / 10;
      members[agent % shape.groups]!.push(userId(i));
      if (agent % 5 === 0 && shape.groups > 1) members[(agent + 1) % shape.groups]!.push(userId(i));
    }
  }
  const groups: SeedGroup[] = members.map((list, g) => ({ id: groupId(g), displayName: `Bench Team ${g}`, securityEnabled: true, members: list }));
  return { groups, assignments: groups.map((group) => ({ principalId: group.id, appRoleId: ROLES.agent.id, resourceId: SERVICE_PRINCIPAL_ID })) };
}

function benchServicePrincipal(): NonNullable<GraphSeed['servicePrincipals']>[number] {
  return {
    id: SERVICE_PRINCIPAL_ID,
    appId: APP_ID,
    displayName: 'Zendesk',
    appRoleAssignmentRequired: true,
    appRoles: Object.values(ROLES).map((role) => ({ ...role, allowedMemberTypes: ['User'], isEnabled: true, origin: 'ServicePrincipal', description: role.displayName })),
  };
}

/**
 * Every user is assigned (so every one is provisioned): every 10th user is an agent through one of the groups, which
 * are assigned with the Agent role (every 5th agent is in a second group too); one user in 1,000 is an administrator;
 * the rest are end-users, assigned directly. Memberships are provisioned for agents only (end-users can't be group
 * members in Zendesk), so they are ~12 % of the user count.
 */
export function generateTenant(shape: TenantShape): GraphSeed {
  const users: SeedUser[] = [];
  const appRoleAssignments: SeedAppRoleAssignment[] = [];
  for (let i = 0; i < shape.users; i++) {
    users.push(benchUser(i));
    if (!isAgent(i) || shape.groups === 0) appRoleAssignments.push(directAssignment(i));
  }
  const { groups, assignments } = benchGroups(shape);
  return { servicePrincipals: [benchServicePrincipal()], users, groups, appRoleAssignments: [...appRoleAssignments, ...assignments] };
}

// ------------------------------------------------------------------------------------------- in-memory ports (plan)

/**
 * An object as a port hands it to the engine: parsed from JSON, as the HTTP clients do. So its strings are flat and
 * its own, like those of a real response — not template-literal (cons) strings that every comparison would have to
 * flatten, a cost production doesn't have, nor instances shared with the other side's data, which would make
 * comparisons free, a benefit production doesn't have.
 */
function asParsed<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function project<T extends { id: string }>(object: Readonly<Record<string, unknown>> & { id: string }, select: ReadonlyArray<string>): T {
  const out: Record<string, unknown> = { id: object.id };
  for (const key of select) if (key in object) out[key] = object[key];
  return asParsed(out) as T;
}

/**
 * Entra as the engine's port sees it (reads only; a full import never calls delta), answering from the tenant's
 * definition: users and assignments are made when the engine asks for them, as a Graph client makes them from its
 * responses, so the process holds what the engine holds and not also a copy of the whole directory (which lives in
 * Microsoft's cloud in production). The data is exactly `generateTenant`'s (the same `benchUser`, groups and
 * assignments, in the same order).
 */
export class MemoryEntra implements EntraPort {
  private readonly groups: Map<string, SeedGroup>;
  private readonly groupAssignments: ReadonlyArray<SeedAppRoleAssignment>;
  /** Users already read with `prepared.select`, by index: handed out as they are (no copy). */
  private readonly prepared: { readonly select: string; readonly users: ReadonlyArray<GraphUser> } | null;

  /**
   * `select` given: every user is read (parsed, projected) now, with that `$select`, so that a measurement of the
   * import that follows counts the engine's work, not the making of the test data — as when users are pre-built.
   */
  constructor(
    private readonly shape: TenantShape,
    select?: ReadonlyArray<string>,
  ) {
    const { groups, assignments } = benchGroups(shape);
    this.groups = new Map(groups.map((g) => [g.id, g]));
    this.groupAssignments = assignments;
    this.prepared =
      select === undefined ? null : { select: select.join(','), users: Array.from({ length: shape.users }, (_, i) => project<GraphUser>(benchUser(i), select)) };
  }

  private user(id: string): SeedUser | undefined {
    const i = userIndex(id);
    return i >= 0 && i < this.shape.users && userId(i) === id ? benchUser(i) : undefined;
  }

  async getServicePrincipal(): Promise<GraphServicePrincipal> {
    const sp = benchServicePrincipal();
    return { id: sp.id, appId: sp.appId, displayName: sp.displayName, appRoles: (sp.appRoles ?? []).map((r) => ({ id: r.id, displayName: r.displayName, value: r.value ?? null, isEnabled: true, allowedMemberTypes: ['User'] })) };
  }
  async listAppRoleAssignedTo(): Promise<ReadonlyArray<GraphAppRoleAssignment>> {
    const out: GraphAppRoleAssignment[] = [];
    const add = (a: SeedAppRoleAssignment, principalType: 'User' | 'Group'): void => {
      out.push({ id: `assignment-${out.length}`, appRoleId: a.appRoleId, principalId: a.principalId, principalType, principalDisplayName: null, resourceId: a.resourceId, deletedDateTime: null });
    };
    for (let i = 0; i < this.shape.users; i++) if (!isAgent(i) || this.shape.groups === 0) add(directAssignment(i), 'User');
    for (const a of this.groupAssignments) add(a, 'Group');
    return out;
  }
  async getUsers(ids: ReadonlyArray<string>, select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    const prepared = this.prepared?.select === select.join(',') ? this.prepared.users : null;
    const out: GraphUser[] = [];
    for (const id of ids) {
      const i = userIndex(id);
      if (prepared !== null && i >= 0 && i < prepared.length && prepared[i]!.id === id) out.push(prepared[i]!);
      else {
        const user = this.user(id);
        if (user !== undefined) out.push(project<GraphUser>(user, select));
      }
    }
    return out;
  }
  async listUsers(select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    const prepared = this.prepared?.select === select.join(',') ? this.prepared.users : null;
    return prepared ?? Array.from({ length: this.shape.users }, (_, i) => project<GraphUser>(benchUser(i), select));
  }
  async getGroups(ids: ReadonlyArray<string>, select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphGroup>> {
    return ids.flatMap((id) => {
      const group = this.groups.get(id);
      return group === undefined ? [] : [project<GraphGroup>(group, select)];
    });
  }
  async listGroups(select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphGroup>> {
    return [...this.groups.values()].map((g) => project<GraphGroup>(g, select));
  }
  async listGroupMembers(id: string): Promise<ReadonlyArray<GraphDirectoryObject>> {
    return (this.groups.get(id)?.members ?? []).map((member) => ({ '@odata.type': this.groups.has(member) ? '#microsoft.graph.group' : '#microsoft.graph.user', id: member }));
  }
  async listUserMemberOf(): Promise<ReadonlyArray<GraphDirectoryObject>> {
    throw new Error('not used by a full import');
  }
  async getDeletedUsers(): Promise<ReadonlyArray<GraphDeletedObject>> {
    return [];
  }
  async usersDelta(): Promise<GraphDeltaRound<GraphUserDelta>> {
    throw new Error('not used by a full import');
  }
  async groupsDelta(): Promise<GraphDeltaRound<GraphGroupDelta>> {
    throw new Error('not used by a full import');
  }
}

/** A Zendesk account for the plan: lists only (the plan writes nothing). */
export class MemoryZendesk implements ZendeskPort {
  constructor(
    readonly users: ReadonlyArray<ZendeskUser>,
    readonly groups: ReadonlyArray<ZendeskGroup>,
    readonly memberships: ReadonlyArray<ZendeskGroupMembership>,
  ) {}

  async listUsers(): Promise<ReadonlyArray<ZendeskUser>> {
    return this.users;
  }
  async showUsers(): Promise<ReadonlyArray<ZendeskUser>> {
    return [];
  }
  async searchUsers(): Promise<ReadonlyArray<ZendeskUser>> {
    return [];
  }
  async listCustomRoles(): Promise<ReadonlyArray<ZendeskCustomRole> | null> {
    return null;
  }
  async listGroups(): Promise<ReadonlyArray<ZendeskGroup>> {
    return this.groups;
  }
  async listGroupMemberships(): Promise<ReadonlyArray<ZendeskGroupMembership>> {
    return this.memberships;
  }
  private refuse(): never {
    throw new Error('the plan bench writes nothing');
  }
  async createOrUpdateUsers(): Promise<ReadonlyArray<ZendeskItemResult>> {
    return this.refuse();
  }
  async updateUsers(): Promise<ReadonlyArray<ZendeskItemResult>> {
    return this.refuse();
  }
  async destroyUsers(): Promise<ReadonlyArray<ZendeskItemResult>> {
    return this.refuse();
  }
  async createGroup(): Promise<ZendeskGroup> {
    return this.refuse();
  }
  async updateGroup(): Promise<ZendeskGroup> {
    return this.refuse();
  }
  async deleteGroup(): Promise<void> {
    return this.refuse();
  }
  async createMemberships(): Promise<ReadonlyArray<ZendeskItemResult>> {
    return this.refuse();
  }
  async deleteMemberships(): Promise<ReadonlyArray<ZendeskItemResult>> {
    return this.refuse();
  }
}

export interface SteadyState {
  readonly zendesk: MemoryZendesk;
  readonly state: EngineState;
}

/**
 * The Zendesk account after earlier cycles, for a plan that has real work to do: every user exists in Zendesk; 95 % are
 * linked in engine state (5 % must be matched by e-mail); 2 % have been renamed in Entra since (an update each); agents
 * are in their groups, except every 10th membership of a group, which is missing (a create each).
 */
export function steadyState(shape: TenantShape, linkedAt: string): SteadyState {
  const users: ZendeskUser[] = [];
  const userLinks: Record<string, ObjectLink> = {};
  const zendeskIdOf = (i: number): number => 20_000_000_000 + i;
  for (let i = 0; i < shape.users; i++) {
    const user = benchUser(i);
    const id = zendeskIdOf(i);
    const role = isAgent(i) && shape.groups > 0 ? 'agent' : directRole(i).value;
    users.push(asParsed({
      id,
      name: i % 50 === 7 ? `Old Name ${i}` : String(user.displayName),
      email: user.userPrincipalName,
      external_id: user.id,
      role,
      custom_role_id: null,
      suspended: false,
      active: true,
      phone: (user['businessPhones'] as string[] | undefined)?.[0] ?? null,
      locale: 'en-US',
      user_fields: {},
    }));
    if (i % 20 !== 3) userLinks[user.id] = { sourceId: user.id, targetId: id, linkedAt };
  }
  const groups: ZendeskGroup[] = [];
  const groupLinks: Record<string, ObjectLink> = {};
  const memberships: ZendeskGroupMembership[] = [];
  let membershipId = 30_000_000_000;
  benchGroups(shape).groups.forEach((group, g) => {
    const id = 25_000_000_000 + g;
    groups.push({ id, name: group.displayName, description: '', is_public: true, deleted: false });
    groupLinks[group.id] = { sourceId: group.id, targetId: id, linkedAt };
    (group.members ?? []).forEach((member, k) => {
      if (k % 10 === 9) return;
      memberships.push({ id: membershipId++, user_id: zendeskIdOf(userIndex(member)), group_id: id, default: k === 0 });
    });
  });
  return { zendesk: new MemoryZendesk(users, groups, memberships), state: { version: 1, watermark: null, userLinks, groupLinks, escrows: [] } };
}
