/**
 * The `/api/v2` endpoints (reference §4–§9). Each route names the least role allowed (agents read, admins write, per
 * the reference's "Allowed for") and the OAuth scope resource; the server authenticates, applies the account rate
 * limit and then calls the handler, which returns a reply or throws an {@link ApiError}.
 */
import { authenticityToken, type StoredUser, type ZendeskState } from './state';
import type { UserActor } from './auth';
import { ApiError, forbidden, notFound, parameterMissing, tooManyValues } from './errors';
import type { JobQueue, JobResult } from './jobs';
import type { ZendeskUser } from './model';
import { paginate, type PageOptions } from './pagination';
import type { ZendeskRateLimits } from './rate-limits';
import { renderCustomRole, renderDeletedUser, renderGroup, renderIdentity, renderMembership, renderUser, renderUserField } from './render';

export interface SandboxInternals {
  readonly state: ZendeskState;
  readonly jobs: JobQueue;
  readonly limits: ZendeskRateLimits;
}

export interface ApiContext {
  readonly method: string;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** `http://127.0.0.1:PORT/api/v2`, from the request's own Host. */
  readonly base: string;
  readonly actor: UserActor;
  readonly sandbox: SandboxInternals;
}

export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly pattern: RegExp;
  /** Endpoint name for request counts (`users.update`). */
  readonly name: string;
  /** Least role allowed. */
  readonly role: 'agent' | 'admin';
  /** OAuth scope resource (`users`, `groups`). */
  readonly resource: string;
  readonly handler: (ctx: ApiContext) => Reply;
}

const MAX_BULK = 100;

function route(method: Route['method'], path: string, name: string, role: Route['role'], handler: Route['handler']): Route {
  const source = path
    .split('/')
    .map((segment) => (segment === ':id' ? '(\\d+)' : segment === ':key' ? '([^/]+)' : segment))
    .join('/');
  const resource = path.startsWith('group') ? 'groups' : 'users';
  return { method, pattern: new RegExp(`^${source}$`), name, role, resource, handler };
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

function idParam(ctx: ApiContext, index = 0): number {
  return Number(ctx.params[index]);
}

/** `ids=1,2` / `ids=1%2C2` / repeated `ids=` — all accepted (reference §12.1). */
function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

function wrapped(body: unknown, key: string): unknown {
  if (body && typeof body === 'object' && key in body) return (body as Record<string, unknown>)[key];
  throw parameterMissing(key);
}

function page<T extends { id: number | string }>(ctx: ApiContext, items: readonly T[], options: PageOptions, render: (item: T) => unknown): Reply {
  return { body: paginate({ query: ctx.query, base: ctx.base }, items, options, render) };
}

function created(ctx: ApiContext, key: string, path: string, record: { id: number }, body: unknown): Reply {
  return { status: 201, body: { [key]: body }, headers: { Location: `${ctx.base}/${path}/${record.id}.json` } };
}

function isEnterprise(state: ZendeskState): boolean {
  return state.account.plan === 'enterprise' || state.account.plan === 'enterprise_plus';
}

/** Per-item failure of a job (reference §14): `{"index":i,"error":"<Code>","details":"<Field>: <message>"}`. */
function failure(index: number, error: unknown, extra: Record<string, unknown> = {}): JobResult {
  if (error instanceof ApiError && error.body && typeof error.body === 'object') {
    const body = error.body as { error?: unknown; description?: unknown; details?: Record<string, Array<{ description: string; error: string }>> };
    const first = body.details ? Object.values(body.details)[0]?.[0] : undefined;
    if (first) return { index, ...extra, error: first.error, details: first.description };
    return { index, ...extra, error: typeof body.error === 'string' ? body.error : 'InvalidValue', details: typeof body.description === 'string' ? body.description : 'Invalid' };
  }
  return { index, ...extra, error: 'InternalError', details: String(error) };
}

function submitJob(ctx: ApiContext, jobType: string, verb: string, total: number, work: () => JobResult[]): Reply {
  const { jobs, limits } = ctx.sandbox;
  const job = jobs.submit(jobType, verb, total, work, (seconds) => limits.zendeskSeconds(seconds));
  return {
    body: { job_status: jobs.render(job, ctx.base) },
    headers: { 'zendesk-ratelimit-inflight-jobs': jobs.inflightHeader(limits.zendeskSeconds(60)) },
  };
}

function checkBulkSize(items: readonly unknown[], description: string): void {
  if (items.length > MAX_BULK) throw tooManyValues(description);
}

function bulkUsersBody(ctx: ApiContext): unknown[] {
  const users = wrapped(ctx.body, 'users');
  if (!Array.isArray(users)) throw parameterMissing('users');
  return users;
}

function bulkImportAllowed(state: ZendeskState): void {
  // Reference §4.2: bulk user imports are disabled until Zendesk enables them → 403 (body not published: the 403 envelope).
  if (!state.account.bulk_import_enabled) throw forbidden();
}

function roleFilter(query: URLSearchParams): Set<string> | undefined {
  const roles = [...(listParam(query, 'role') ?? []), ...(listParam(query, 'role[]') ?? [])];
  return roles.length > 0 ? new Set(roles) : undefined;
}

function filteredUsers(ctx: ApiContext, users: readonly ZendeskUser[]): ZendeskUser[] {
  const roles = roleFilter(ctx.query);
  const permissionSet = ctx.query.get('permission_set');
  const externalId = ctx.query.get('external_id');
  return users.filter(
    (user) =>
      (!roles || roles.has(user.role)) &&
      (permissionSet === null || String(user.custom_role_id) === permissionSet) &&
      (externalId === null || user.external_id?.toLowerCase() === externalId.toLowerCase()),
  );
}

/**
 * Per-user update limit (5/min per user) and per-account (1/s) for `PUT /users/{id}` and `create_or_update`
 * (reference §10); sends `Zendesk-RateLimit-create-update-user`.
 */
function takeUpdateUserBudget(ctx: ApiContext, userKey: string): Record<string, string> {
  const { limits } = ctx.sandbox;
  const account = limits.updateUserPerAccount.peek();
  if (!account.allowed) throw limits.updateUserExceeded(account, false);
  const perUser = limits.updateUserPerUser.take(userKey);
  if (!perUser.allowed) throw limits.updateUserExceeded(perUser, true);
  limits.updateUserPerAccount.take();
  return { 'Zendesk-RateLimit-create-update-user': limits.bucket(perUser) };
}

function userById(state: ZendeskState, id: number): StoredUser {
  const stored = state.liveUser(id);
  if (!stored) throw notFound();
  return stored;
}

function searchUsers(ctx: ApiContext): ZendeskUser[] {
  const { state } = ctx.sandbox;
  const externalId = ctx.query.get('external_id');
  if (externalId !== null) return state.liveUsers().filter((user) => user.external_id?.toLowerCase() === externalId.toLowerCase());
  const query = ctx.query.get('query');
  if (query === null) throw parameterMissing('query');
  const terms = [...query.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)].map((match) => {
    const key = (match[1] ?? match[3])?.toLowerCase();
    const value = (match[2] ?? match[4] ?? match[5] ?? match[6] ?? '').toLowerCase();
    return { key, value };
  });
  return state.liveUsers().filter((user) =>
    terms.every(({ key, value }) => {
      switch (key) {
        case 'email':
          return state.findByEmail(value)?.user.id === user.id;
        case 'external_id':
          return user.external_id?.toLowerCase() === value;
        case 'role':
          return user.role === value;
        case 'name':
          return user.name.toLowerCase().includes(value);
        case 'type':
          return value === 'user';
        case 'tags':
          return user.tags.some((tag) => tag.toLowerCase() === value);
        case undefined:
          return [user.name, user.email, user.notes, user.phone].some((field) => field?.toLowerCase().includes(value));
        default:
          return false;
      }
    }),
  );
}

function incrementalUsers(state: ZendeskState): Array<{ user: ZendeskUser; epoch: number; permanently_deleted: boolean }> {
  return [...state.users.values()]
    .map((stored) => ({ user: stored.user, epoch: Math.floor(Date.parse(stored.user.updated_at) / 1000), permanently_deleted: stored.permanentlyDeleted === true }))
    .sort((a, b) => a.epoch - b.epoch || a.user.id - b.user.id);
}

function incrementalStart(ctx: ApiContext): number {
  const raw = ctx.query.get('start_time');
  if (raw === null) throw parameterMissing('start_time');
  const start = Number(raw);
  if (!Number.isInteger(start) || start < 0) throw new ApiError(400, { error: 'InvalidValue', description: 'start_time must be a Unix epoch time in seconds' });
  if (start > Math.floor(ctx.sandbox.state.now() / 1000) - 60) {
    throw new ApiError(400, { error: 'InvalidValue', description: 'Too recent start_time. Use a start_time older than 1 minute' });
  }
  return start;
}

function incrementalPerPage(ctx: ApiContext): number {
  const raw = ctx.query.get('per_page');
  const perPage = raw === null ? 1000 : Number(raw);
  if (!Number.isInteger(perPage) || perPage < 1) throw new ApiError(400, { error: 'InvalidValue', description: 'per_page must be an integer from 1 to 1000' });
  return Math.min(perPage, 1000);
}

function exportedUser(entry: { user: ZendeskUser; permanently_deleted: boolean }, base: string): Record<string, unknown> {
  return { ...renderUser(entry.user, base), permanently_deleted: entry.permanently_deleted };
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes (order matters only where a literal segment could be read as an id; ids are digits only).

export const ROUTES: readonly Route[] = [
  // Users
  route('GET', 'users', 'users.list', 'agent', (ctx) => page(ctx, filteredUsers(ctx, ctx.sandbox.state.liveUsers()), { path: 'users', key: 'users', cursor: true }, (user) => renderUser(user, ctx.base))),
  route('GET', 'users/count', 'users.count', 'agent', (ctx) => ({
    body: { count: { value: filteredUsers(ctx, ctx.sandbox.state.liveUsers()).length, refreshed_at: ctx.sandbox.state.timestamp() } },
  })),
  route('GET', 'users/show_many', 'users.show_many', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    const ids = listParam(ctx.query, 'ids');
    const externalIds = listParam(ctx.query, 'external_ids');
    if (!ids && !externalIds) throw parameterMissing('ids');
    const wanted = ids ?? externalIds!;
    if (wanted.length > MAX_BULK) throw tooManyValues(`Parameter ${ids ? 'ids' : 'external_ids'} cannot specify more than 100 values`);
    const includeDeleted = ctx.query.get('include_deleted') === 'true';
    const users = [...state.users.values()]
      .filter((stored) => !stored.permanentlyDeleted && (includeDeleted || stored.deletedAt === undefined))
      .map((stored) => stored.user)
      .filter((user) => (ids ? ids.includes(String(user.id)) : externalIds!.some((value) => value.toLowerCase() === user.external_id?.toLowerCase())))
      .sort((a, b) => a.id - b.id); // observed: sorted by id, not in request order
    return { body: { users: users.map((user) => renderUser(user, ctx.base)) } };
  }),
  route('GET', 'users/search', 'users.search', 'agent', (ctx) => page(ctx, searchUsers(ctx), { path: 'users/search', key: 'users', cursor: false }, (user) => renderUser(user, ctx.base))),
  route('GET', 'users/:id', 'users.show', 'agent', (ctx) => ({ body: { user: renderUser(ctx.sandbox.state.visibleUser(idParam(ctx)).user, ctx.base) } })),
  route('POST', 'users', 'users.create', 'admin', (ctx) => {
    const user = ctx.sandbox.state.createUser(wrapped(ctx.body, 'user'));
    return created(ctx, 'user', 'users', user, renderUser(user, ctx.base));
  }),
  route('POST', 'users/create_or_update', 'users.create_or_update', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    const input = wrapped(ctx.body, 'user') as Record<string, unknown> | null;
    const email = typeof input?.email === 'string' ? input.email : undefined;
    const externalId = typeof input?.external_id === 'string' ? input.external_id : undefined;
    const existing = (email ? state.findByEmail(email) : undefined) ?? (externalId ? state.findByExternalId(externalId) : undefined);
    const headers = takeUpdateUserBudget(ctx, existing ? String(existing.user.id) : `new:${email ?? externalId ?? ''}`);
    const result = state.createOrUpdateUser(input);
    const body = { user: renderUser(result.user, ctx.base) };
    return result.created
      ? { status: 201, body, headers: { ...headers, Location: `${ctx.base}/users/${result.user.id}.json` } }
      : { status: 200, body, headers };
  }),
  route('POST', 'users/create_many', 'users.create_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    bulkImportAllowed(state);
    const users = bulkUsersBody(ctx);
    checkBulkSize(users, 'Maximum 100 users may be created per call');
    return submitJob(ctx, 'UserBulkCreateJobV2', 'Creating User', users.length, () =>
      users.map((input, index) => {
        try {
          return { id: state.createUser(input).id, index, status: 'Created' };
        } catch (error) {
          return failure(index, error);
        }
      }),
    );
  }),
  route('POST', 'users/create_or_update_many', 'users.create_or_update_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    bulkImportAllowed(state);
    if (state.account.trial) throw forbidden();
    const users = bulkUsersBody(ctx);
    checkBulkSize(users, 'Maximum 100 users may be created or updated per call');
    return submitJob(ctx, 'UserBulkCreateOrUpdateJobV2', 'Processing User', users.length, () =>
      users.map((input, index) => {
        try {
          const { user, created: wasCreated } = state.createOrUpdateUser(input);
          return wasCreated ? { id: user.id, index, status: 'Created', action: 'create' } : { id: user.id, index, status: 'Updated', action: 'update' };
        } catch (error) {
          return failure(index, error);
        }
      }),
    );
  }),
  route('PUT', 'users/update_many', 'users.update_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    const ids = listParam(ctx.query, 'ids');
    const externalIds = listParam(ctx.query, 'external_ids');
    let items: Array<{ ref: { id?: number; external_id?: string }; changes: unknown }>;
    if (ids || externalIds) {
      const change = wrapped(ctx.body, 'user');
      items = ids ? ids.map((id) => ({ ref: { id: Number(id) }, changes: change })) : externalIds!.map((external_id) => ({ ref: { external_id }, changes: change }));
    } else {
      const users = bulkUsersBody(ctx);
      items = users.map((entry) => {
        const { id, external_id, ...changes } = (entry ?? {}) as Record<string, unknown>;
        // With an id, an external_id is a change; without one, it identifies the user.
        if (typeof id === 'number') return { ref: { id }, changes: external_id === undefined ? changes : { ...changes, external_id } };
        return { ref: { external_id: typeof external_id === 'string' ? external_id : undefined }, changes };
      });
    }
    checkBulkSize(items, 'Maximum 100 users may be updated per call');
    return submitJob(ctx, 'UserBulkUpdateJobV2', 'Updating User', items.length, () =>
      items.map(({ ref, changes }, index) => {
        try {
          const target = ref.id !== undefined ? state.liveUser(ref.id) : ref.external_id !== undefined ? state.findByExternalId(ref.external_id) : undefined;
          if (!target) throw notFound();
          const user = state.updateUser(target.user.id, changes);
          return { id: user.id, action: 'update', status: 'Updated', success: true };
        } catch (error) {
          return failure(index, error, ref.id !== undefined ? { id: ref.id } : { external_id: ref.external_id });
        }
      }),
    );
  }),
  route('DELETE', 'users/destroy_many', 'users.destroy_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    const ids = listParam(ctx.query, 'ids');
    const externalIds = listParam(ctx.query, 'external_ids');
    if (!ids && !externalIds) throw parameterMissing('ids');
    const refs = ids ?? externalIds!;
    checkBulkSize(refs, `Parameter ${ids ? 'ids' : 'external_ids'} cannot specify more than 100 values`);
    return submitJob(ctx, 'UserBulkDeleteJobV2', 'Deleting User', refs.length, () =>
      refs.map((ref, index) => {
        try {
          const target = ids ? state.liveUser(Number(ref)) : state.findByExternalId(ref);
          if (!target) throw notFound();
          state.softDeleteUser(target.user.id);
          return { action: 'delete', id: target.user.id, status: 'Deleted', success: true };
        } catch (error) {
          return failure(index, error, ids ? { id: Number(ref) } : { external_id: ref });
        }
      }),
    );
  }),
  route('PUT', 'users/:id', 'users.update', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    const id = idParam(ctx);
    const target = userById(state, id);
    const changes = wrapped(ctx.body, 'user') as Record<string, unknown> | null;
    // Agents may update end-users only, and may not promote them (reference §4.2).
    if (ctx.actor.user.role !== 'admin' && (target.user.role !== 'end-user' || (changes && ('role' in changes || 'custom_role_id' in changes)))) throw forbidden();
    const headers = takeUpdateUserBudget(ctx, String(id));
    return { body: { user: renderUser(state.updateUser(id, changes), ctx.base) }, headers };
  }),
  route('DELETE', 'users/:id', 'users.delete', 'admin', (ctx) => ({ body: { user: renderUser(ctx.sandbox.state.softDeleteUser(idParam(ctx)), ctx.base) } })),
  route('GET', 'users/:id/identities', 'identities.list', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    userById(state, idParam(ctx));
    return page(ctx, state.identitiesOf(idParam(ctx)), { path: `users/${idParam(ctx)}/identities`, key: 'identities', cursor: true }, (identity) => renderIdentity(identity, ctx.base));
  }),
  route('GET', 'users/:id/identities/:id', 'identities.show', 'agent', (ctx) => {
    const identity = ctx.sandbox.state.identities.get(idParam(ctx, 1));
    if (!identity || identity.user_id !== idParam(ctx)) throw notFound();
    return { body: { identity: renderIdentity(identity, ctx.base) } };
  }),
  route('GET', 'users/:id/groups', 'users.groups', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    userById(state, idParam(ctx));
    const groupIds = new Set(state.membershipsOfUser(idParam(ctx)).map((membership) => membership.group_id));
    const groups = [...state.groups.values()].filter((group) => groupIds.has(group.id) && !group.deleted).sort((a, b) => a.id - b.id);
    return page(ctx, groups, { path: `users/${idParam(ctx)}/groups`, key: 'groups', cursor: true }, (group) => renderGroup(group, ctx.base));
  }),
  route('GET', 'users/:id/group_memberships', 'group_memberships.by_user', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    userById(state, idParam(ctx));
    const memberships = state.membershipsOfUser(idParam(ctx)).sort((a, b) => a.id - b.id);
    return page(ctx, memberships, { path: `users/${idParam(ctx)}/group_memberships`, key: 'group_memberships', cursor: true }, (m) => renderMembership(m, ctx.base));
  }),
  route('POST', 'users/:id/group_memberships', 'group_memberships.create_for_user', 'admin', (ctx) => {
    const input = { ...(wrapped(ctx.body, 'group_membership') as object), user_id: idParam(ctx) };
    const membership = ctx.sandbox.state.createMembership(input);
    return created(ctx, 'group_membership', 'group_memberships', membership, renderMembership(membership, ctx.base));
  }),
  route('GET', 'users/:id/group_memberships/:id', 'group_memberships.show_for_user', 'agent', (ctx) => {
    const membership = ctx.sandbox.state.memberships.get(idParam(ctx, 1));
    if (!membership || membership.user_id !== idParam(ctx)) throw notFound();
    return { body: { group_membership: renderMembership(membership, ctx.base) } };
  }),
  route('PUT', 'users/:id/group_memberships/:id/make_default', 'group_memberships.make_default', 'admin', (ctx) => ({
    body: { group_memberships: ctx.sandbox.state.makeDefaultMembership(idParam(ctx), idParam(ctx, 1)).map((m) => renderMembership(m, ctx.base)) },
  })),
  route('DELETE', 'users/:id/group_memberships/:id', 'group_memberships.delete_for_user', 'admin', (ctx) => {
    const membership = ctx.sandbox.state.memberships.get(idParam(ctx, 1));
    if (!membership || membership.user_id !== idParam(ctx)) throw notFound();
    ctx.sandbox.state.removeMembership(membership.id);
    return { status: 204 };
  }),

  // Deleted users (admins)
  route('GET', 'deleted_users', 'deleted_users.list', 'admin', (ctx) => {
    const deleted = ctx.sandbox.state.deletedUsers().map((stored) => ({ id: stored.user.id, stored }));
    return page(ctx, deleted, { path: 'deleted_users', key: 'deleted_users', cursor: true }, (entry) => renderDeletedUser(entry.stored, ctx.base));
  }),
  route('GET', 'deleted_users/count', 'deleted_users.count', 'admin', (ctx) => ({
    body: { count: { value: ctx.sandbox.state.deletedUsers().length, refreshed_at: ctx.sandbox.state.timestamp() } },
  })),
  route('GET', 'deleted_users/:id', 'deleted_users.show', 'admin', (ctx) => {
    const stored = ctx.sandbox.state.users.get(idParam(ctx));
    if (!stored || stored.deletedAt === undefined) throw notFound();
    return { body: { deleted_user: renderDeletedUser(stored, ctx.base) } };
  }),
  route('DELETE', 'deleted_users/:id', 'deleted_users.delete', 'admin', (ctx) => {
    const { limits, state } = ctx.sandbox;
    const verdict = limits.permanentDeletions.peek();
    if (!verdict.allowed) {
      throw new ApiError(429, { error: 'APIRateLimitExceeded', description: 'Number of allowed permanent user deletions per 10 minutes exceeded' }, { 'Retry-After': limits.seconds(verdict.resetMs) });
    }
    const stored = state.permanentlyDeleteUser(idParam(ctx));
    limits.permanentDeletions.take();
    return { body: { deleted_user: renderDeletedUser(stored, ctx.base) } };
  }),

  // Job statuses
  route('GET', 'job_statuses', 'job_statuses.list', 'agent', (ctx) => {
    const jobs = [...ctx.sandbox.jobs.list()].reverse();
    const ordered = jobs.map((job, position) => ({ id: position + 1, job }));
    return page(ctx, ordered, { path: 'job_statuses', key: 'job_statuses', cursor: true, cursorOnly: true }, (entry) => ctx.sandbox.jobs.render(entry.job, ctx.base));
  }),
  route('GET', 'job_statuses/show_many', 'job_statuses.show_many', 'agent', (ctx) => {
    const ids = listParam(ctx.query, 'ids');
    if (!ids) throw parameterMissing('ids');
    const found = ids.map((id) => ctx.sandbox.jobs.poll(id)).filter((job) => job !== undefined);
    return { body: { job_statuses: found.map((job) => ctx.sandbox.jobs.render(job, ctx.base)) } };
  }),
  route('GET', 'job_statuses/:key', 'job_statuses.show', 'agent', (ctx) => {
    const job = ctx.sandbox.jobs.poll(ctx.params[0]!);
    if (!job) throw notFound();
    return { body: { job_status: ctx.sandbox.jobs.render(job, ctx.base) } };
  }),

  // Groups
  route('GET', 'groups', 'groups.list', 'agent', (ctx) => {
    const excludeDeleted = ctx.query.get('exclude_deleted') === 'true';
    const groups = [...ctx.sandbox.state.groups.values()].filter((group) => !excludeDeleted || !group.deleted).sort((a, b) => a.id - b.id);
    return page(ctx, groups, { path: 'groups', key: 'groups', cursor: true }, (group) => renderGroup(group, ctx.base));
  }),
  route('GET', 'groups/assignable', 'groups.assignable', 'agent', (ctx) => {
    const groups = [...ctx.sandbox.state.groups.values()].filter((group) => !group.deleted).sort((a, b) => a.id - b.id);
    return page(ctx, groups, { path: 'groups/assignable', key: 'groups', cursor: true }, (group) => renderGroup(group, ctx.base));
  }),
  route('GET', 'groups/count', 'groups.count', 'agent', (ctx) => ({
    body: { count: { value: [...ctx.sandbox.state.groups.values()].filter((group) => !group.deleted).length, refreshed_at: ctx.sandbox.state.timestamp() } },
  })),
  route('GET', 'groups/:id', 'groups.show', 'agent', (ctx) => {
    const group = ctx.sandbox.state.groups.get(idParam(ctx));
    if (!group) throw notFound();
    return { body: { group: renderGroup(group, ctx.base) } };
  }),
  route('POST', 'groups', 'groups.create', 'admin', (ctx) => {
    const group = ctx.sandbox.state.createGroup(wrapped(ctx.body, 'group'));
    return created(ctx, 'group', 'groups', group, renderGroup(group, ctx.base));
  }),
  route('PUT', 'groups/:id', 'groups.update', 'admin', (ctx) => ({ body: { group: renderGroup(ctx.sandbox.state.updateGroup(idParam(ctx), wrapped(ctx.body, 'group')), ctx.base) } })),
  route('DELETE', 'groups/:id', 'groups.delete', 'admin', (ctx) => {
    ctx.sandbox.state.deleteGroup(idParam(ctx));
    return { status: 204 };
  }),
  route('GET', 'groups/:id/users', 'groups.users', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    state.liveGroup(idParam(ctx));
    const members = new Set([...state.memberships.values()].filter((m) => m.group_id === idParam(ctx)).map((m) => m.user_id));
    const users = filteredUsers(ctx, state.liveUsers().filter((user) => members.has(user.id)));
    return page(ctx, users, { path: `groups/${idParam(ctx)}/users`, key: 'users', cursor: true }, (user) => renderUser(user, ctx.base));
  }),
  route('GET', 'groups/:id/memberships', 'group_memberships.by_group', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    state.liveGroup(idParam(ctx));
    const memberships = [...state.memberships.values()].filter((m) => m.group_id === idParam(ctx)).sort((a, b) => a.id - b.id);
    return page(ctx, memberships, { path: `groups/${idParam(ctx)}/memberships`, key: 'group_memberships', cursor: true }, (m) => renderMembership(m, ctx.base));
  }),

  // Group memberships
  route('GET', 'group_memberships', 'group_memberships.list', 'agent', (ctx) => {
    const memberships = [...ctx.sandbox.state.memberships.values()].sort((a, b) => a.id - b.id);
    return page(ctx, memberships, { path: 'group_memberships', key: 'group_memberships', cursor: true }, (m) => renderMembership(m, ctx.base));
  }),
  route('GET', 'group_memberships/assignable', 'group_memberships.assignable', 'agent', (ctx) => {
    const { state } = ctx.sandbox;
    const memberships = [...state.memberships.values()].filter((m) => !state.groups.get(m.group_id)?.deleted).sort((a, b) => a.id - b.id);
    return page(ctx, memberships, { path: 'group_memberships/assignable', key: 'group_memberships', cursor: true }, (m) => renderMembership(m, ctx.base));
  }),
  route('POST', 'group_memberships/create_many', 'group_memberships.create_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    const items = wrapped(ctx.body, 'group_memberships');
    if (!Array.isArray(items)) throw parameterMissing('group_memberships');
    checkBulkSize(items, 'Maximum 100 group memberships may be created per call');
    return submitJob(ctx, 'GroupMembershipBulkCreateJob', 'Creating GroupMembership', items.length, () =>
      items.map((input, index) => {
        try {
          return { id: state.createMembership(input).id, index, status: 'Created' };
        } catch (error) {
          return failure(index, error);
        }
      }),
    );
  }),
  route('DELETE', 'group_memberships/destroy_many', 'group_memberships.destroy_many', 'admin', (ctx) => {
    const { state } = ctx.sandbox;
    const ids = listParam(ctx.query, 'ids');
    if (!ids) throw parameterMissing('ids');
    checkBulkSize(ids, 'Parameter ids cannot specify more than 100 values');
    return submitJob(ctx, 'GroupMembershipBulkDeleteJob', 'Deleting GroupMembership', ids.length, () =>
      ids.map((id, index) => {
        try {
          state.removeMembership(Number(id));
          return { action: 'delete', id: Number(id), status: 'Deleted', success: true };
        } catch (error) {
          return failure(index, error, { id: Number(id) });
        }
      }),
    );
  }),
  route('GET', 'group_memberships/:id', 'group_memberships.show', 'agent', (ctx) => {
    const membership = ctx.sandbox.state.memberships.get(idParam(ctx));
    if (!membership) throw notFound();
    return { body: { group_membership: renderMembership(membership, ctx.base) } };
  }),
  route('POST', 'group_memberships', 'group_memberships.create', 'admin', (ctx) => {
    const membership = ctx.sandbox.state.createMembership(wrapped(ctx.body, 'group_membership'));
    return created(ctx, 'group_membership', 'group_memberships', membership, renderMembership(membership, ctx.base));
  }),
  route('DELETE', 'group_memberships/:id', 'group_memberships.delete', 'admin', (ctx) => {
    ctx.sandbox.state.removeMembership(idParam(ctx));
    return { status: 204 };
  }),

  // Custom roles: Enterprise plan or above, else the 403 envelope (reference §14 choice); no pagination.
  route('GET', 'custom_roles', 'custom_roles.list', 'agent', (ctx) => {
    if (!isEnterprise(ctx.sandbox.state)) throw forbidden();
    const counts = ctx.sandbox.state.roleMemberCounts();
    return { body: { custom_roles: [...ctx.sandbox.state.customRoles.values()].sort((a, b) => a.id - b.id).map((role) => renderCustomRole(role, counts.get(role.id) ?? 0)) } };
  }),
  route('GET', 'custom_roles/:id', 'custom_roles.show', 'agent', (ctx) => {
    if (!isEnterprise(ctx.sandbox.state)) throw forbidden();
    const role = ctx.sandbox.state.customRoles.get(idParam(ctx));
    if (!role) throw notFound();
    return { body: { custom_role: renderCustomRole(role, ctx.sandbox.state.roleMemberCounts().get(role.id) ?? 0) } };
  }),

  // User fields
  route('GET', 'user_fields', 'user_fields.list', 'agent', (ctx) => {
    const fields = [...ctx.sandbox.state.userFields].sort((a, b) => a.position - b.position || a.id - b.id);
    return { body: { user_fields: fields.map((field) => renderUserField(field, ctx.base)), next_page: null, previous_page: null, count: fields.length } };
  }),

  // Account
  route('GET', 'account/settings', 'account.settings', 'agent', (ctx) => {
    const { account } = ctx.sandbox.state;
    return {
      body: {
        settings: {
          user: {
            tagging: true, multiple_organizations: false, time_zone_selection: true, language_selection: true, have_gravatars_enabled: true,
            agent_created_welcome_emails: true, end_user_phone_number_validation: false,
          },
          active_features: { user_tagging: true, custom_roles: isEnterprise(ctx.sandbox.state) },
          limits: { attachment_size: 52428800 },
          api: { accepted_api_agreement: true, api_token_access: account.api_token_access, api_password_access: false },
        },
      },
    };
  }),
  // Undocumented but used by Airbyte and Salto (reference §2.5); served so clients can read the plan.
  route('GET', 'account/subscription', 'account.subscription', 'agent', (ctx) => ({ body: { subscription: { plan_name: ctx.sandbox.state.account.plan } } })),

  // Incremental user export (admins; 10/min, reference §9.3)
  route('GET', 'incremental/users/cursor', 'incremental.users_cursor', 'admin', (ctx) => {
    const perPage = incrementalPerPage(ctx);
    const cursor = ctx.query.get('cursor');
    const all = incrementalUsers(ctx.sandbox.state);
    let remaining: typeof all;
    if (cursor !== null) {
      const decoded = Buffer.from(cursor, 'base64').toString('utf8');
      const match = /^(\d+)\.0\|\|(\d+)\|$/.exec(decoded);
      if (!match) throw new ApiError(400, { error: 'InvalidValue', description: 'cursor is not valid; start again with start_time' });
      const epoch = Number(match[1]);
      const id = Number(match[2]);
      remaining = all.filter((entry) => entry.epoch > epoch || (entry.epoch === epoch && entry.user.id > id));
    } else {
      const start = incrementalStart(ctx);
      remaining = all.filter((entry) => entry.epoch >= start);
    }
    const slice = remaining.slice(0, perPage);
    const last = slice[slice.length - 1];
    const afterCursor = last ? Buffer.from(`${last.epoch}.0||${last.user.id}|`).toString('base64') : cursor;
    return {
      body: {
        users: slice.map((entry) => exportedUser(entry, ctx.base)),
        after_url: afterCursor ? `${ctx.base}/incremental/users/cursor.json?${new URLSearchParams({ cursor: afterCursor }).toString()}` : null,
        before_url: null,
        after_cursor: afterCursor,
        before_cursor: null,
        end_of_stream: remaining.length <= perPage,
      },
    };
  }),
  route('GET', 'incremental/users', 'incremental.users_time', 'admin', (ctx) => {
    const start = incrementalStart(ctx);
    const perPage = incrementalPerPage(ctx);
    const remaining = incrementalUsers(ctx.sandbox.state).filter((entry) => entry.epoch >= start);
    const slice = remaining.slice(0, perPage);
    const endTime = slice.length > 0 ? slice[slice.length - 1]!.epoch : start;
    return {
      body: {
        users: slice.map((entry) => exportedUser(entry, ctx.base)),
        next_page: `${ctx.base}/incremental/users.json?start_time=${endTime}`,
        count: slice.length,
        end_of_stream: remaining.length <= perPage,
        end_time: endTime,
      },
    };
  }),
];

/** Routes whose requests count against the incremental-export limit. */
export const INCREMENTAL_ROUTES = new Set(['incremental.users_cursor', 'incremental.users_time']);

/** `users/me` is handled by the server itself: it is the one endpoint anonymous callers may use. */
export function renderMe(user: ZendeskUser, base: string): Record<string, unknown> {
  return { user: { ...renderUser(user, base), authenticity_token: authenticityToken() } };
}
