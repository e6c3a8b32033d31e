/**
 * The ports of the provisioning engine: what it needs from Microsoft Graph, from Zendesk, from the clock and from its
 * persisted state. Core declares them; `src/clients/` implements them (paging, retries, rate limits and bulk jobs live
 * there, not here). Shapes are Graph's and Zendesk's JSON (reference graph-api.md §1–§6, zendesk-api.md §4–§8) so a client
 * maps thinly: every field the engine reads is listed, everything else may be present.
 */

// ------------------------------------------------------------------------------------------------ Microsoft Graph side

/** `appRole` of the Zendesk service principal (graph-api.md §1.3). Imported Zendesk roles live here. */
export interface GraphAppRole {
  readonly id: string;
  readonly displayName: string | null;
  /** `end-user` | `agent` | `admin` | `custom_role:<id>` for imported Zendesk roles; null for `msiam_access`. */
  readonly value: string | null;
  readonly isEnabled: boolean;
  readonly allowedMemberTypes: ReadonlyArray<string>;
  readonly description?: string | null;
  readonly origin?: string;
}

export interface GraphServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string | null;
  readonly appRoles: ReadonlyArray<GraphAppRole>;
  readonly appRoleAssignmentRequired?: boolean;
}

/** One item of `GET /servicePrincipals/{id}/appRoleAssignedTo` (graph-api.md §2.1). */
export interface GraphAppRoleAssignment {
  readonly id: string;
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: 'User' | 'Group' | 'ServicePrincipal';
  readonly principalDisplayName: string | null;
  readonly resourceId: string;
  readonly createdDateTime?: string | null;
  readonly deletedDateTime?: string | null;
}

/**
 * A user as Graph returns it with `$select`: `id` plus the selected properties (Graph names: `businessPhones`,
 * `mobilePhone`, `onPremisesExtensionAttributes`, `extension_<app>_<name>` …). Unselected properties are absent.
 */
export interface GraphUser {
  readonly id: string;
  readonly accountEnabled?: boolean | null;
  readonly userPrincipalName?: string | null;
  readonly displayName?: string | null;
  readonly [property: string]: unknown;
}

export interface GraphGroup {
  readonly id: string;
  readonly displayName: string | null;
  readonly description?: string | null;
  readonly mail?: string | null;
  readonly mailNickname?: string | null;
  readonly securityEnabled?: boolean;
  readonly groupTypes?: ReadonlyArray<string>;
  readonly [property: string]: unknown;
}

/** An item of a polymorphic `directoryObject` collection such as `GET /groups/{id}/members`. */
export interface GraphDirectoryObject {
  readonly '@odata.type': string;
  readonly id: string;
}

/** A soft-deleted object from `GET /directory/deletedItems/…` (restorable for 30 days). */
export interface GraphDeletedObject {
  readonly id: string;
  readonly deletedDateTime: string | null;
}

/** `@removed.reason`: `changed` = soft-deleted (restorable), `deleted` = permanently deleted (graph-api.md §6). */
export interface GraphRemoved {
  readonly reason: 'changed' | 'deleted';
}

export type GraphUserDelta = GraphUser & { readonly '@removed'?: GraphRemoved };

export type GraphGroupDelta = GraphGroup & {
  readonly '@removed'?: GraphRemoved;
  readonly 'members@delta'?: ReadonlyArray<GraphDirectoryObject & { readonly '@removed'?: GraphRemoved }>;
};

/** One complete delta round (the client follows every nextLink); `deltaLink` starts the next round. */
export interface GraphDeltaRound<T> {
  readonly value: ReadonlyArray<T>;
  readonly deltaLink: string;
}

export interface DeltaRequest {
  readonly select: ReadonlyArray<string>;
  /** null = initial round (every current object, then a deltaLink). */
  readonly deltaLink: string | null;
}

/** One user's trial-provision input, read at once ({@link EntraPort.getTrialSubject}). */
export interface TrialSubject {
  readonly servicePrincipal: GraphServicePrincipal;
  readonly assignments: ReadonlyArray<GraphAppRoleAssignment>;
  readonly user: GraphUser | null;
  /** Groups only. */
  readonly memberOf: ReadonlyArray<GraphDirectoryObject>;
}

/** What the engine reads from Microsoft Graph. Every method returns all pages. */
export interface EntraPort {
  /** The Zendesk enterprise app named by the configuration, with its `appRoles`. */
  getServicePrincipal(options?: PortCallOptions): Promise<GraphServicePrincipal>;
  /** Every assignment to the service principal (users, groups, service principals). */
  listAppRoleAssignedTo(servicePrincipalId: string, options?: PortCallOptions): Promise<ReadonlyArray<GraphAppRoleAssignment>>;
  /** Users by id with exactly `select` (plus `id`); ids that don't exist (deleted) are left out of the answer. */
  getUsers(ids: ReadonlyArray<string>, select: ReadonlyArray<string>, options?: PortCallOptions): Promise<ReadonlyArray<GraphUser>>;
  /** Every user of the tenant (scope "Sync all users and groups"). */
  listUsers(select: ReadonlyArray<string>, options?: PortCallOptions): Promise<ReadonlyArray<GraphUser>>;
  /** Groups by id; missing ids are left out. */
  getGroups(ids: ReadonlyArray<string>, select: ReadonlyArray<string>, options?: PortCallOptions): Promise<ReadonlyArray<GraphGroup>>;
  /** Every group of the tenant (scope "Sync all users and groups"). */
  listGroups(select: ReadonlyArray<string>, options?: PortCallOptions): Promise<ReadonlyArray<GraphGroup>>;
  /** Direct members only (`/groups/{id}/members`): nested groups are not expanded (reference §1.4). */
  listGroupMembers(groupId: string, options?: PortCallOptions): Promise<ReadonlyArray<GraphDirectoryObject>>;
  /** The groups a user is a direct member of (`/users/{id}/memberOf`, groups only): trial provisioning's scope check. */
  listUserMemberOf(userId: string, options?: PortCallOptions): Promise<ReadonlyArray<GraphDirectoryObject>>;
  /**
   * Optional: what a trial provision of one user reads — the app, its assignments, the user (null when missing), the
   * user's direct groups — in as few requests as the side allows (Graph: one `$batch`). Without it the trial makes
   * the four calls above.
   */
  getTrialSubject?(userId: string, select: ReadonlyArray<string>, options?: PortCallOptions): Promise<TrialSubject>;
  /** Which of these ids are soft-deleted users (the rest of the missing ids are hard-deleted). */
  getDeletedUsers(ids: ReadonlyArray<string>, options?: PortCallOptions): Promise<ReadonlyArray<GraphDeletedObject>>;
  usersDelta(request: DeltaRequest, options?: PortCallOptions): Promise<GraphDeltaRound<GraphUserDelta>>;
  groupsDelta(request: DeltaRequest, options?: PortCallOptions): Promise<GraphDeltaRound<GraphGroupDelta>>;
}

// --------------------------------------------------------------------------------------------------------- Zendesk side

export type ZendeskRole = 'end-user' | 'agent' | 'admin';

/** The fields of a Zendesk user the engine reads (zendesk-api.md §4.1); the client's full object is assignable. */
export interface ZendeskUser {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly external_id: string | null;
  readonly role: ZendeskRole;
  readonly custom_role_id: number | null;
  readonly suspended: boolean;
  readonly active: boolean;
  readonly [field: string]: unknown;
}

export interface ZendeskGroup {
  readonly id: number;
  readonly name: string;
  readonly description?: string;
  readonly is_public?: boolean;
  readonly deleted?: boolean;
}

export interface ZendeskGroupMembership {
  readonly id: number;
  readonly user_id: number;
  readonly group_id: number;
  readonly default?: boolean;
}

export interface ZendeskCustomRole {
  readonly id: number;
  readonly name: string;
  readonly role_type?: number;
}

/** A user payload for create / create_or_update: Zendesk's writable attributes, converted to their JSON types. */
export type ZendeskUserInput = Readonly<Record<string, unknown>>;

/** One entry of `update_many` with per-user changes. */
export type ZendeskUserUpdate = ZendeskUserInput & { readonly id: number };

export type ZendeskGroupInput = Readonly<Record<string, unknown>>;

export interface ZendeskMembershipInput {
  readonly user_id: number;
  readonly group_id: number;
}

/** A user lookup the target can filter on: `email:<value>` search or the exact `external_id` parameter. */
export interface ZendeskUserLookup {
  readonly attribute: string;
  readonly value: string;
}

/**
 * The outcome of one item of a bulk call, in the caller's input order (`index` = position in the input array). Bulk
 * job results and single calls made on the bulk path's behalf both end up here.
 */
export interface ZendeskItemResult {
  readonly index: number;
  readonly ok: boolean;
  /** The Zendesk id created, updated or deleted. */
  readonly id?: number;
  /** `Created`, `Updated`, `Deleted` … */
  readonly status?: string;
  /** Zendesk's error code (`DuplicateValue`, `MaxAgentExceeded`, `RecordNotFound`, …). */
  readonly error?: string;
  /** Zendesk's message, e.g. `Email: x is already being used by another user`. */
  readonly details?: string;
  /** HTTP status when the item failed on a single call (401, 403, 404, 422, 429, 5xx). */
  readonly httpStatus?: number;
}

export interface PortCallOptions {
  readonly signal?: AbortSignal;
}

/** What the engine reads from and writes to Zendesk. Lists return every page; bulk calls chunk by 100 themselves. */
export interface ZendeskPort {
  /** Every active (not deleted) user. */
  listUsers(options?: PortCallOptions): Promise<ReadonlyArray<ZendeskUser>>;
  /** Users by id; unknown or deleted ids are left out. */
  showUsers(ids: ReadonlyArray<number>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskUser>>;
  /** Users whose attribute equals the value (`email` / `external_id` match case-insensitively in Zendesk). */
  searchUsers(lookup: ZendeskUserLookup, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskUser>>;
  /** Custom roles, or null when the plan has none (below Enterprise: 403). */
  listCustomRoles(options?: PortCallOptions): Promise<ReadonlyArray<ZendeskCustomRole> | null>;
  listGroups(options?: PortCallOptions): Promise<ReadonlyArray<ZendeskGroup>>;
  listGroupMemberships(options?: PortCallOptions): Promise<ReadonlyArray<ZendeskGroupMembership>>;
  createOrUpdateUsers(users: ReadonlyArray<ZendeskUserInput>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskItemResult>>;
  updateUsers(users: ReadonlyArray<ZendeskUserUpdate>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskItemResult>>;
  destroyUsers(ids: ReadonlyArray<number>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskItemResult>>;
  createGroup(group: ZendeskGroupInput, options?: PortCallOptions): Promise<ZendeskGroup>;
  updateGroup(id: number, group: ZendeskGroupInput, options?: PortCallOptions): Promise<ZendeskGroup>;
  deleteGroup(id: number, options?: PortCallOptions): Promise<void>;
  createMemberships(memberships: ReadonlyArray<ZendeskMembershipInput>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskItemResult>>;
  deleteMemberships(ids: ReadonlyArray<number>, options?: PortCallOptions): Promise<ReadonlyArray<ZendeskItemResult>>;
}

// -------------------------------------------------------------------------------------------------- Clock and state

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Why a linked object was last disabled in Zendesk; decides whether the engine still manages it (reference §0). */
export type DisableReason = 'unassigned' | 'scopingFilter' | 'softDeleted' | 'accountDisabled';

/** Entra object ↔ Zendesk object ("object connection", reference §1.5), persisted after create or match. */
export interface ObjectLink {
  readonly sourceId: string;
  readonly targetId: number;
  /** Set when the engine disabled the target because the source left scope; cleared when it comes back. */
  readonly disabledReason?: DisableReason;
  /** ISO-8601 instant the link was made. */
  readonly linkedAt: string;
}

/** A failed operation kept for retry with back-off (reference §1.9: +6 h, +12 h, +24 h, then daily, for 28 days). */
export interface Escrow {
  readonly objectType: 'User' | 'Group' | 'Membership';
  readonly sourceId: string;
  readonly errorCode: string;
  readonly reason: string;
  readonly firstFailure: string;
  readonly lastFailure: string;
  readonly attempts: number;
  readonly nextAttempt: string;
}

/** Where incremental cycles resume: the Graph deltaLinks of the last completed cycle. */
export interface Watermark {
  readonly usersDeltaLink: string;
  readonly groupsDeltaLink: string | null;
  readonly savedAt: string;
  /**
   * The app-role assignments at that point (assignment id → principal id): delta doesn't track assignments, so the
   * next cycle compares listings. Absent in older state: every assigned principal is re-evaluated once.
   */
  readonly assignments?: Readonly<Record<string, string>>;
}

export interface EngineState {
  readonly version: 1;
  readonly watermark: Watermark | null;
  readonly userLinks: Readonly<Record<string, ObjectLink>>;
  readonly groupLinks: Readonly<Record<string, ObjectLink>>;
  readonly escrows: ReadonlyArray<Escrow>;
}

export function emptyEngineState(): EngineState {
  return { version: 1, watermark: null, userLinks: {}, groupLinks: {}, escrows: [] };
}

/** Persisted engine state. `save` replaces the whole state atomically (write to a temp file, then rename). */
export interface StateStore {
  load(): Promise<EngineState>;
  save(state: EngineState): Promise<void>;
}
