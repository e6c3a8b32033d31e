/**
 * Graph sandbox seeds: JSON in Graph's own shapes, so a seed reads like responses captured from a real tenant.
 *
 * ```jsonc
 * { "servicePrincipals": [{ "id", "appId", "displayName", "appRoles": [ … ], … }],
 *   "users": [{ "id", "displayName", "userPrincipalName", …any user property or extension_… }],
 *   "groups": [{ "id", "displayName", …, "members": ["<user or group id>", …] }],
 *   "appRoleAssignments": [{ "principalId", "appRoleId", "resourceId" }] }
 * ```
 * Validation names the exact place of a problem (`users[3].id`) and how to fix it.
 */

export interface SeedAppRole {
  readonly id: string;
  readonly displayName: string;
  readonly value?: string | null;
  readonly description?: string;
  readonly allowedMemberTypes?: readonly string[];
  readonly isEnabled?: boolean;
  readonly origin?: string;
}

export interface SeedServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly appRoles?: readonly SeedAppRole[];
  readonly [property: string]: unknown;
}

export interface SeedUser {
  readonly id: string;
  readonly displayName?: string;
  readonly userPrincipalName: string;
  readonly [property: string]: unknown;
}

export interface SeedGroup {
  readonly id: string;
  readonly displayName: string;
  readonly members?: readonly string[];
  readonly [property: string]: unknown;
}

export interface SeedAppRoleAssignment {
  readonly principalId: string;
  readonly appRoleId: string;
  readonly resourceId: string;
  readonly id?: string;
  readonly createdDateTime?: string;
}

export interface GraphSeed {
  readonly servicePrincipals?: readonly SeedServicePrincipal[];
  readonly users?: readonly SeedUser[];
  readonly groups?: readonly SeedGroup[];
  readonly appRoleAssignments?: readonly SeedAppRoleAssignment[];
}

/** A seed that breaks a rule; the message says where, what and how to fix it. */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireGuid(value: unknown, where: string): void {
  if (typeof value !== 'string' || !GUID.test(value)) {
    throw new SeedError(`${where} must be a GUID like "8e881353-1735-45af-af21-ee1344582a4d", got ${JSON.stringify(value)}.`);
  }
}

function requireString(value: unknown, where: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new SeedError(`${where} must be a non-empty string, got ${JSON.stringify(value)}.`);
}

function requireArray(value: unknown, where: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(`${where} must be an array, got ${typeof value}.`);
  return value;
}

/** Checks shape and references; returns the seed typed. Throws {@link SeedError}. */
export function validateSeed(input: unknown, source = 'seed'): GraphSeed {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SeedError(`${source} must be a JSON object with "servicePrincipals", "users", "groups" and "appRoleAssignments" arrays.`);
  }
  const seed = input as Record<string, unknown>;
  const known = new Set(['servicePrincipals', 'users', 'groups', 'appRoleAssignments', '$schema', 'description']);
  for (const key of Object.keys(seed)) {
    if (!known.has(key)) throw new SeedError(`${source}: unknown top-level key "${key}"; expected servicePrincipals, users, groups, appRoleAssignments.`);
  }
  const ids = new Map<string, string>();
  const claim = (id: string, where: string): void => {
    const key = id.toLowerCase();
    const previous = ids.get(key);
    if (previous) throw new SeedError(`${source}: ${where}.id "${id}" is already used by ${previous}; object ids are unique across users, groups and service principals.`);
    ids.set(key, where);
  };
  const roleIds = new Map<string, Set<string>>();
  requireArray(seed.servicePrincipals, `${source}.servicePrincipals`).forEach((raw, i) => {
    const where = `${source}.servicePrincipals[${i}]`;
    const sp = raw as Record<string, unknown>;
    requireGuid(sp.id, `${where}.id`);
    requireGuid(sp.appId, `${where}.appId`);
    requireString(sp.displayName, `${where}.displayName`);
    claim(sp.id as string, where);
    const roles = new Set<string>();
    requireArray(sp.appRoles, `${where}.appRoles`).forEach((role, r) => {
      const appRole = role as Record<string, unknown>;
      requireGuid(appRole.id, `${where}.appRoles[${r}].id`);
      requireString(appRole.displayName, `${where}.appRoles[${r}].displayName`);
      if (appRole.id === DEFAULT_ACCESS_ROLE_ID) {
        throw new SeedError(`${where}.appRoles[${r}].id is the all-zero Default Access id, which is implicit and never listed in appRoles; remove it.`);
      }
      if (typeof appRole.value === 'string' && (/\s/.test(appRole.value) || appRole.value.length > 120)) {
        throw new SeedError(`${where}.appRoles[${r}].value "${appRole.value}" must have no spaces and at most 120 characters.`);
      }
      roles.add((appRole.id as string).toLowerCase());
    });
    roleIds.set((sp.id as string).toLowerCase(), roles);
  });
  const userIds = new Set<string>();
  requireArray(seed.users, `${source}.users`).forEach((raw, i) => {
    const where = `${source}.users[${i}]`;
    const user = raw as Record<string, unknown>;
    requireGuid(user.id, `${where}.id`);
    requireString(user.userPrincipalName, `${where}.userPrincipalName`);
    claim(user.id as string, where);
    userIds.add((user.id as string).toLowerCase());
  });
  const groupIds = new Set<string>();
  const groups = requireArray(seed.groups, `${source}.groups`);
  groups.forEach((raw, i) => {
    const where = `${source}.groups[${i}]`;
    const group = raw as Record<string, unknown>;
    requireGuid(group.id, `${where}.id`);
    requireString(group.displayName, `${where}.displayName`);
    claim(group.id as string, where);
    groupIds.add((group.id as string).toLowerCase());
  });
  groups.forEach((raw, i) => {
    requireArray((raw as Record<string, unknown>).members, `${source}.groups[${i}].members`).forEach((member, m) => {
      const where = `${source}.groups[${i}].members[${m}]`;
      requireGuid(member, where);
      if (!ids.has((member as string).toLowerCase())) throw new SeedError(`${where} "${String(member)}" is not the id of a user, group or service principal in this seed.`);
    });
  });
  requireArray(seed.appRoleAssignments, `${source}.appRoleAssignments`).forEach((raw, i) => {
    const where = `${source}.appRoleAssignments[${i}]`;
    const assignment = raw as Record<string, unknown>;
    requireGuid(assignment.principalId, `${where}.principalId`);
    requireGuid(assignment.appRoleId, `${where}.appRoleId`);
    requireGuid(assignment.resourceId, `${where}.resourceId`);
    const roles = roleIds.get((assignment.resourceId as string).toLowerCase());
    if (!roles) throw new SeedError(`${where}.resourceId "${String(assignment.resourceId)}" is not a service principal id in this seed.`);
    if (!ids.has((assignment.principalId as string).toLowerCase())) {
      throw new SeedError(`${where}.principalId "${String(assignment.principalId)}" is not a user, group or service principal id in this seed.`);
    }
    const roleId = (assignment.appRoleId as string).toLowerCase();
    if (roleId !== DEFAULT_ACCESS_ROLE_ID && !roles.has(roleId)) {
      throw new SeedError(
        `${where}.appRoleId "${String(assignment.appRoleId)}" is not one of the resource's appRoles; use one of its role ids or ${DEFAULT_ACCESS_ROLE_ID} (Default Access).`,
      );
    }
  });
  return seed as GraphSeed;
}
