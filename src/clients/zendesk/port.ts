/**
 * The Zendesk client's surface, as an interface so the engine can depend on it and tests can fake it. (The engine
 * issue moves this port into `src/core/`; its types in ./types.ts are already pure.) Every method takes an
 * AbortSignal; list methods are async iterators that fetch one page at a time.
 */
import type { BulkRunOptions } from './bulk';
import type {
  ZendeskAccountSettings,
  ZendeskBulkItemResult,
  ZendeskCustomRole,
  ZendeskDeletedUser,
  ZendeskGroup,
  ZendeskGroupInput,
  ZendeskGroupMembership,
  ZendeskIdentity,
  ZendeskIncrementalUsersPage,
  ZendeskJobStatus,
  ZendeskMe,
  ZendeskPlanInfo,
  ZendeskUser,
  ZendeskUserField,
  ZendeskUserInput,
  ZendeskUserRole,
  ZendeskUserUpdate,
} from './types';

export interface Cancellable {
  readonly signal?: AbortSignal;
}

export interface CredentialCheck {
  /** `users/me` returned a real user (id != null). Anonymous or 401 ⇒ false. */
  readonly valid: boolean;
  readonly isAdmin: boolean;
  readonly user: ZendeskMe | null;
  /** Why not valid, in words an admin can act on. */
  readonly problem?: string;
}

export interface ZendeskPort {
  // Credentials and account
  me(options?: Cancellable): Promise<ZendeskMe>;
  verifyCredentials(options?: Cancellable): Promise<CredentialCheck>;
  getAccountSettings(options?: Cancellable): Promise<ZendeskAccountSettings>;
  getPlan(options?: Cancellable): Promise<ZendeskPlanInfo>;

  // Users
  listUsers(options?: Cancellable & { roles?: readonly ZendeskUserRole[]; permissionSet?: number; pageSize?: number }): AsyncGenerator<ZendeskUser>;
  countUsers(options?: Cancellable & { roles?: readonly ZendeskUserRole[] }): Promise<number>;
  getUser(id: number, options?: Cancellable): Promise<ZendeskUser>;
  showManyUsers(ref: { ids: readonly number[] } | { externalIds: readonly string[] }, options?: Cancellable & { includeDeleted?: boolean }): Promise<ZendeskUser[]>;
  searchUsers(query: string, options?: Cancellable): AsyncGenerator<ZendeskUser>;
  findUserByExternalId(externalId: string, options?: Cancellable): Promise<ZendeskUser | undefined>;
  findUserByEmail(email: string, options?: Cancellable): Promise<ZendeskUser | undefined>;
  createUser(user: ZendeskUserInput, options?: Cancellable): Promise<ZendeskUser>;
  createOrUpdateUser(user: ZendeskUserInput, options?: Cancellable): Promise<{ user: ZendeskUser; created: boolean }>;
  updateUser(id: number, changes: ZendeskUserInput, options?: Cancellable): Promise<ZendeskUser>;
  deleteUser(id: number, options?: Cancellable): Promise<ZendeskUser>;
  listIdentities(userId: number, options?: Cancellable): AsyncGenerator<ZendeskIdentity>;
  listDeletedUsers(options?: Cancellable): AsyncGenerator<ZendeskDeletedUser>;
  permanentlyDeleteUser(id: number, options?: Cancellable): Promise<ZendeskDeletedUser>;
  exportUsers(from: { startTime: number } | { cursor: string }, options?: Cancellable): AsyncGenerator<ZendeskIncrementalUsersPage>;

  // Bulk (chunks of 100, ≤ 30 jobs in flight, per-item results in input order)
  createManyUsers(users: readonly ZendeskUserInput[], options?: BulkRunOptions): Promise<Array<ZendeskBulkItemResult<ZendeskUserInput>>>;
  createOrUpdateManyUsers(users: readonly ZendeskUserInput[], options?: BulkRunOptions): Promise<Array<ZendeskBulkItemResult<ZendeskUserInput>>>;
  updateManyUsers(updates: readonly ZendeskUserUpdate[], options?: BulkRunOptions): Promise<Array<ZendeskBulkItemResult<ZendeskUserUpdate>>>;
  destroyManyUsers(ids: readonly number[], options?: BulkRunOptions): Promise<Array<ZendeskBulkItemResult<number>>>;
  getJobStatus(id: string, options?: Cancellable): Promise<ZendeskJobStatus>;
  getJobStatuses(ids: readonly string[], options?: Cancellable): Promise<ZendeskJobStatus[]>;

  // Groups and memberships
  listGroups(options?: Cancellable & { excludeDeleted?: boolean }): AsyncGenerator<ZendeskGroup>;
  getGroup(id: number, options?: Cancellable): Promise<ZendeskGroup>;
  createGroup(group: ZendeskGroupInput, options?: Cancellable): Promise<ZendeskGroup>;
  updateGroup(id: number, changes: ZendeskGroupInput, options?: Cancellable): Promise<ZendeskGroup>;
  deleteGroup(id: number, options?: Cancellable): Promise<void>;
  listGroupMemberships(options?: Cancellable & { userId?: number; groupId?: number }): AsyncGenerator<ZendeskGroupMembership>;
  createGroupMembership(userId: number, groupId: number, options?: Cancellable): Promise<ZendeskGroupMembership>;
  deleteGroupMembership(id: number, options?: Cancellable): Promise<void>;
  makeDefaultGroupMembership(userId: number, membershipId: number, options?: Cancellable): Promise<ZendeskGroupMembership[]>;
  createManyGroupMemberships(
    memberships: ReadonlyArray<{ user_id: number; group_id: number }>,
    options?: BulkRunOptions,
  ): Promise<Array<ZendeskBulkItemResult<{ user_id: number; group_id: number }>>>;
  destroyManyGroupMemberships(ids: readonly number[], options?: BulkRunOptions): Promise<Array<ZendeskBulkItemResult<number>>>;

  // Roles and fields
  /** Custom roles exist on Enterprise and above; below, Zendesk answers 403 and this resolves to `null`. */
  listCustomRoles(options?: Cancellable): Promise<ZendeskCustomRole[] | null>;
  listUserFields(options?: Cancellable): Promise<ZendeskUserField[]>;
}
