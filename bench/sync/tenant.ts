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

/**
 * Every user is assigned (so every one is provisioned): every 10th user is an agent through one of the groups, which
 * are assigned with the Agent role (every 5th agent is in a second group too); one user in 1,000 is an administrator;
 * the rest are end-users, assigned directly. Memberships are provisioned for agents only (end-users can't be group
 * members in Zendesk), so they are ~12 % of the user count.
 */
export function generateTenant(shape: TenantShape): GraphSeed {
  const users: SeedUser[] = [];
  const members: string[][] = Array.from({ length: shape.groups }, () => []);
  const appRoleAssignments: SeedAppRoleAssignment[] = [];
  for (let i = 0; i < shape.users; i++) {
    const id = userId(i);
    users.push({
      id,
      displayName: `Bench User ${i}`,
      givenName: 'Bench',
      surname: `User ${i}`,
      userPrincipalName: userPrincipalName(i),
      mail: userPrincipalName(i),
      accountEnabled: true,
      businessPhones: [`+1 425 555 ${String(i % 10_000).padStart(4, '0')}`],
      preferredLanguage: 'en-US',
      department: ['Support', 'Sales', 'IT'][i % 3],
    });
    if (i % 10 === 0 && shape.groups > 0) {
      const agent = i / 10;
      members[agent % shape.groups]!.push(id);
      if (agent % 5 === 0 && shape.groups > 1) members[(agent + 1) % shape.groups]!.push(id);
    } else {
      const role = i % 1000 === 1 ? ROLES.admin : ROLES.endUser;
      appRoleAssignments.push({ principalId: id, appRoleId: role.id, resourceId: SERVICE_PRINCIPAL_ID });
    }
  }
  const groups: SeedGroup[] = members.map((list, g) => ({ id: groupId(g), displayName: `Bench Team ${g}`, securityEnabled: true, members: list }));
  for (const group of groups) appRoleAssignments.push({ principalId: group.id, appRoleId: ROLES.agent.id, resourceId: SERVICE_PRINCIPAL_ID });
  return {
    servicePrincipals: [
      {
        id: SERVICE_PRINCIPAL_ID,
        appId: APP_ID,
        displayName: 'Zendesk',
        appRoleAssignmentRequired: true,
        appRoles: Object.values(ROLES).map((role) => ({ ...role, allowedMemberTypes: ['User'], isEnabled: true, origin: 'ServicePrincipal', description: role.displayName })),
      },
    ],
    users,
    groups,
    appRoleAssignments,
  };
}

// ------------------------------------------------------------------------------------------- in-memory ports (plan)

function project<T extends { id: string }>(object: Readonly<Record<string, unknown>> & { id: string }, select: ReadonlyArray<string>): T {
  const out: Record<string, unknown> = { id: object.id };
  for (const key of select) if (key in object) out[key] = object[key];
  return out as T;
}

/** Entra as the engine's port sees it, answering from a seed (reads only; a full import never calls delta). */
export class MemoryEntra implements EntraPort {
  private readonly users: Map<string, SeedUser>;
  private readonly groups: Map<string, SeedGroup>;
  private readonly assignments: GraphAppRoleAssignment[];

  constructor(private readonly seed: GraphSeed) {
    this.users = new Map((seed.users ?? []).map((u) => [u.id, u]));
    this.groups = new Map((seed.groups ?? []).map((g) => [g.id, g]));
    this.assignments = (seed.appRoleAssignments ?? []).map((a, i) => ({
      id: `assignment-${i}`,
      appRoleId: a.appRoleId,
      principalId: a.principalId,
      principalType: this.groups.has(a.principalId) ? 'Group' : 'User',
      principalDisplayName: null,
      resourceId: a.resourceId,
      deletedDateTime: null,
    }));
  }

  async getServicePrincipal(): Promise<GraphServicePrincipal> {
    const sp = this.seed.servicePrincipals![0]!;
    return { id: sp.id, appId: sp.appId, displayName: sp.displayName, appRoles: (sp.appRoles ?? []).map((r) => ({ id: r.id, displayName: r.displayName, value: r.value ?? null, isEnabled: true, allowedMemberTypes: ['User'] })) };
  }
  async listAppRoleAssignedTo(): Promise<ReadonlyArray<GraphAppRoleAssignment>> {
    return this.assignments;
  }
  async getUsers(ids: ReadonlyArray<string>, select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    return ids.flatMap((id) => {
      const user = this.users.get(id);
      return user === undefined ? [] : [project<GraphUser>(user, select)];
    });
  }
  async listUsers(select: ReadonlyArray<string>): Promise<ReadonlyArray<GraphUser>> {
    return [...this.users.values()].map((u) => project<GraphUser>(u, select));
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
export function steadyState(seed: GraphSeed, linkedAt: string): SteadyState {
  const users: ZendeskUser[] = [];
  const userLinks: Record<string, ObjectLink> = {};
  const zendeskIdOf = new Map<string, number>();
  const agentIds = new Set<string>();
  const groupsSeed = seed.groups ?? [];
  for (const group of groupsSeed) for (const member of group.members ?? []) agentIds.add(member);
  (seed.users ?? []).forEach((user, i) => {
    const id = 20_000_000_000 + i;
    zendeskIdOf.set(user.id, id);
    const role = agentIds.has(user.id) ? 'agent' : i % 1000 === 1 ? 'admin' : 'end-user';
    users.push({
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
    });
    if (i % 20 !== 3) userLinks[user.id] = { sourceId: user.id, targetId: id, linkedAt };
  });
  const groups: ZendeskGroup[] = [];
  const groupLinks: Record<string, ObjectLink> = {};
  const memberships: ZendeskGroupMembership[] = [];
  let membershipId = 30_000_000_000;
  groupsSeed.forEach((group, g) => {
    const id = 25_000_000_000 + g;
    groups.push({ id, name: group.displayName, description: '', is_public: true, deleted: false });
    groupLinks[group.id] = { sourceId: group.id, targetId: id, linkedAt };
    (group.members ?? []).forEach((member, k) => {
      if (k % 10 === 9) return;
      memberships.push({ id: membershipId++, user_id: zendeskIdOf.get(member)!, group_id: id, default: k === 0 });
    });
  });
  return { zendesk: new MemoryZendesk(users, groups, memberships), state: { version: 1, watermark: null, userLinks, groupLinks, escrows: [] } };
}
