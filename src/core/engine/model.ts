/**
 * The in-memory model one cycle works on: what was imported from Entra ID (the app, its roles, assignments, users and
 * groups) and from Zendesk (users, roles, groups, memberships). Everything is keyed by id for O(1) lookups.
 */
import type {
  GraphAppRole,
  GraphGroup,
  GraphServicePrincipal,
  GraphUser,
  ZendeskCustomRole,
  ZendeskGroup,
  ZendeskGroupMembership,
  ZendeskUser,
} from './ports';

/** The implicit "Default Access" role id (graph-api.md §1.3). */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';
/** The gallery default role, also treated as Default Access (reference §1.4). */
export const MSIAM_ACCESS_ROLE_NAME = 'msiam_access';

/** How an object holds an assignment: directly, or as a direct member of an assigned group. */
export type AssignmentPath = { readonly kind: 'direct' } | { readonly kind: 'group'; readonly groupId: string };

/** An assignment as scope sees it. */
export interface EffectiveAssignment {
  /**
   * Decision: the engine doesn't fill in the Graph appRoleAssignment's own id — nothing decides or reports on it, and
   * without it the import shares one frozen object per role and path among all the users holding it (100,000 users,
   * a handful of distinct assignments). Optional so that records built by hand may still carry it.
   */
  readonly assignmentId?: string;
  readonly appRoleId: string;
  /** The app role's displayName ("Default Access" for the implicit id). */
  readonly roleName: string;
  /** `value` of the app role (`agent`, `custom_role:360001`, null). */
  readonly roleValue: string | null;
  readonly defaultAccess: boolean;
  readonly via: AssignmentPath;
}

/** Where an Entra object is: present, soft-deleted (restorable 30 days) or gone for good. */
export type SourcePresence = 'present' | 'softDeleted' | 'hardDeleted';

export interface SourceUserRecord {
  readonly id: string;
  /** null when the user no longer exists in Entra (see `presence`). */
  readonly graph: GraphUser | null;
  readonly presence: SourcePresence;
  readonly assignments: ReadonlyArray<EffectiveAssignment>;
}

export interface SourceGroupRecord {
  readonly id: string;
  readonly graph: GraphGroup | null;
  readonly presence: SourcePresence;
  readonly assignments: ReadonlyArray<EffectiveAssignment>;
  /** Direct user members (ids), in Graph's order. */
  readonly memberUserIds: ReadonlyArray<string>;
  /** Direct members that are groups: their members are NOT in scope (nested groups unsupported, reference §1.4). */
  readonly nestedGroupIds: ReadonlyArray<string>;
}

export interface EntraModel {
  readonly servicePrincipal: GraphServicePrincipal;
  readonly appRoles: ReadonlyMap<string, GraphAppRole>;
  /** "Sync all users and groups". */
  readonly syncAll: boolean;
  readonly users: ReadonlyMap<string, SourceUserRecord>;
  /** Groups to evaluate: assigned groups, linked groups, or every group with Sync all. */
  readonly groups: ReadonlyMap<string, SourceGroupRecord>;
  /** The `$select`s used (tests and the trial view show them). */
  readonly select: { readonly users: ReadonlyArray<string>; readonly groups: ReadonlyArray<string> };
  /** Import-time findings an admin should see (nested groups, …). */
  readonly warnings: ReadonlyArray<string>;
}

/** A Zendesk role a user can get: a built-in one, or a custom role (= `role: agent` + `custom_role_id`). */
export type ZendeskRoleTarget =
  | { readonly kind: 'builtIn'; readonly role: 'end-user' | 'agent' | 'admin' }
  | { readonly kind: 'custom'; readonly customRoleId: number; readonly name: string };

export interface ZendeskModel {
  readonly users: ReadonlyMap<number, ZendeskUser>;
  readonly groups: ReadonlyMap<number, ZendeskGroup>;
  readonly membershipsByGroup: ReadonlyMap<number, ReadonlyArray<ZendeskGroupMembership>>;
  /** null when the plan has no custom roles (below Enterprise). */
  readonly customRoles: ReadonlyArray<ZendeskCustomRole> | null;
  /**
   * True when `users` is every Zendesk user (a full import): then a linked id that is missing means the user was
   * deleted in Zendesk. A trial import holds only what it looked up.
   */
  readonly complete: boolean;
}

export interface ImportedModel {
  readonly entra: EntraModel;
  readonly zendesk: ZendeskModel;
}

/**
 * A read-only map of records by id that iterates in id order (UTF-16 code-unit order, as `Array.prototype.sort`
 * sorts strings), so plans are deterministic whatever order Graph returned the objects in.
 *
 * Why not a `Map` filled in sorted order: the import needs a map by id while it reads (to attach assignments and
 * Graph objects), and refilling a second 100,000-entry map only to get its iteration order cost ~60 ms CPU plus the
 * garbage of the first. Lookups use the map the import built; iteration uses one sorted array of the same records.
 */
export class IdOrderedMap<V extends { readonly id: string }> implements ReadonlyMap<string, V> {
  // ES private fields: like a Map, the object has no own enumerable state (JSON.stringify gives {}).
  readonly #byId: ReadonlyMap<string, V>;
  readonly #ordered: ReadonlyArray<V>;

  /** `byId` is taken over (not copied): the caller must not change it afterwards. */
  constructor(byId: ReadonlyMap<string, V>) {
    const ordered = Array.from(byId.values());
    ordered.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.#byId = byId;
    this.#ordered = ordered;
  }

  get size(): number {
    return this.#ordered.length;
  }
  get(id: string): V | undefined {
    return this.#byId.get(id);
  }
  has(id: string): boolean {
    return this.#byId.has(id);
  }
  *keys(): MapIterator<string> {
    for (const record of this.#ordered) yield record.id;
  }
  values(): MapIterator<V> {
    return this.#ordered.values();
  }
  *entries(): MapIterator<[string, V]> {
    for (const record of this.#ordered) yield [record.id, record];
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const record of this.#ordered) callback.call(thisArg, record, record.id, this);
  }
}
