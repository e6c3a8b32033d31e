/**
 * `ZendeskClient` — the Support API client every Zendesk-facing feature uses, on the shared HTTP layer
 * (`src/clients/http`): retries only where safe, honours `Retry-After` and the remaining-quota headers, paces
 * single-user updates (5/min per user, 1/s per account), runs bulk jobs in chunks of 100 with ≤ 30 in flight, pages
 * with async iterators (one page in memory at a time), caches and refreshes OAuth tokens, and throws
 * {@link ZendeskApiError} with messages an admin can act on.
 *
 * ```ts
 * const zendesk = new ZendeskClient({ url: 'https://acme.zendesk.com', credentials: { kind: 'oauth', clientId, clientSecret } });
 * for await (const user of zendesk.listUsers({ roles: ['agent', 'admin'] })) console.log(user.email);
 * ```
 */
import { HttpClient, QuotaRateLimiter, type HttpRequest, type HttpResponse, type HttpStats, type QueryValue, type RequestEvent, type RetryPolicy } from '../http';
import { ZendeskAuth, type ZendeskCredentials } from './auth';
import { DEFAULT_JOB_POLLING, JobPoller, JobSlots, runBulk, type BulkJobs, type BulkRunOptions, type JobPollingOptions } from './bulk';
import { toZendeskApiError, ZendeskApiError } from './errors';
import type {
  Cancellable,
  CredentialCheck,
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
import { UpdateUserBudget } from './update-budget';

export interface ZendeskClientOptions {
  /** `https://acme.zendesk.com` (a trailing `/api/v2` is accepted), or the sandbox's `url`. */
  readonly url: string;
  readonly credentials: ZendeskCredentials;
  readonly retry?: Partial<RetryPolicy>;
  /** Requests in flight at once (default 10). */
  readonly maxConcurrency?: number;
  readonly timeoutMs?: number;
  /** Start spreading calls when `x-rate-limit-remaining` falls to this (default 10). */
  readonly rateLimitReserve?: number;
  /**
   * Zendesk seconds per real second of the server (1 for real Zendesk; the sandbox's `timeScale` when compressed):
   * scales the client's own clocks — the per-user update window and job polling.
   */
  readonly timeScale?: number;
  readonly jobPolling?: Partial<JobPollingOptions>;
  readonly onRequest?: (event: RequestEvent) => void;
  readonly userAgent?: string;
}

/** Zendesk's quota headers: 2024 `ratelimit-*`, `x-rate-limit-remaining`, 2023 `rate-limit-*` (reference §10). */
const QUOTA_HEADERS = {
  remaining: ['ratelimit-remaining', 'x-rate-limit-remaining', 'rate-limit-remaining'],
  resetSeconds: ['ratelimit-reset', 'rate-limit-reset'],
};

type PageBody = Record<string, unknown> & {
  meta?: { has_more?: boolean };
  links?: { next?: string | null };
  next_page?: string | null;
};

export class ZendeskClient {
  readonly http: HttpClient;
  /** `https://acme.zendesk.com/api/v2` */
  readonly apiBase: string;
  private readonly updateBudget: UpdateUserBudget;
  /** Job slots and the poller, shared by every bulk call: ≤ 30 jobs in flight per account, one poll for all. */
  private readonly jobs: BulkJobs;

  constructor(options: ZendeskClientOptions) {
    const origin = normalizeOrigin(options.url);
    this.apiBase = `${origin}/api/v2`;
    const timeScale = options.timeScale ?? 1;
    const auth = new ZendeskAuth(options.credentials, `${origin}/oauth/tokens`, () => this.http);
    this.http = new HttpClient({
      baseURL: this.apiBase,
      auth,
      mapError: toZendeskApiError,
      retry: options.retry,
      rateLimiter: new QuotaRateLimiter({ headers: QUOTA_HEADERS, reserve: options.rateLimitReserve ?? 10, defaultResetSeconds: 60 / timeScale }),
      maxConcurrency: options.maxConcurrency,
      timeoutMs: options.timeoutMs,
      userAgent: options.userAgent ?? 'entra-zendesk-provisioning',
      requestIdHeaders: ['x-request-id', 'x-zendesk-request-id'],
      onRequest: options.onRequest,
    });
    this.updateBudget = new UpdateUserBudget(60_000 / timeScale);
    const scaled = { firstPollMs: DEFAULT_JOB_POLLING.firstPollMs / timeScale, intervalMs: DEFAULT_JOB_POLLING.intervalMs / timeScale };
    const polling: JobPollingOptions = { ...DEFAULT_JOB_POLLING, ...scaled, ...options.jobPolling };
    this.jobs = { slots: new JobSlots(), poller: new JobPoller((ids) => this.getJobStatuses(ids), polling) };
  }

  /** Requests, retries, 429s and waits so far. */
  get stats(): HttpStats {
    return this.http.stats;
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.http.close();
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Credentials and account

  async me(options: Cancellable = {}): Promise<ZendeskMe> {
    return (await this.get<{ user: ZendeskMe }>('/users/me', undefined, options.signal)).user;
  }

  /** Valid ⇔ `users/me` returns a non-null id (Zendesk answers 200 "Anonymous user" to bad credentials, reference §2.4). */
  async verifyCredentials(options: Cancellable = {}): Promise<CredentialCheck> {
    try {
      const user = await this.me(options);
      if (user.id === null || user.id === undefined) {
        return {
          valid: false,
          isAdmin: false,
          user: null,
          problem: 'Zendesk treated these credentials as anonymous: check the e-mail and token, and that "Allow API token access" is on (Admin Center › Apps and integrations › APIs).',
        };
      }
      const isAdmin = user.role === 'admin';
      return { valid: true, isAdmin, user, problem: isAdmin ? undefined : `${user.email ?? user.name} is ${user.role === 'agent' ? 'an agent' : 'an end-user'}, not an admin; provisioning needs an admin.` };
    } catch (error) {
      if (error instanceof ZendeskApiError && error.status === 401) return { valid: false, isAdmin: false, user: null, problem: error.message };
      throw error;
    }
  }

  async getAccountSettings(options: Cancellable = {}): Promise<ZendeskAccountSettings> {
    return (await this.get<{ settings: ZendeskAccountSettings }>('/account/settings', undefined, options.signal)).settings;
  }

  /** The plan from the undocumented `/account/subscription`, else inferred from `x-rate-limit` (reference §2.5). */
  async getPlan(options: Cancellable = {}): Promise<ZendeskPlanInfo> {
    try {
      const response = await this.http.request<{ subscription?: { plan_name?: string } }>({ method: 'GET', path: '/account/subscription', signal: options.signal });
      const planName = response.data.subscription?.plan_name;
      if (typeof planName === 'string') return { planName, rateLimitPerMinute: readLimit(response.headers), source: 'subscription' };
    } catch (error) {
      if (!(error instanceof ZendeskApiError) || (error.status !== 404 && error.status !== 403)) throw error;
    }
    const response = await this.http.request<unknown>({ method: 'GET', path: '/users/me', signal: options.signal });
    const limit = readLimit(response.headers);
    // 400 (Growth/Professional) and 2,500 (Enterprise Plus/High Volume) are ambiguous.
    const byLimit: Record<number, string> = { 10: 'essential', 200: 'team', 700: 'enterprise' };
    return { planName: limit === null ? null : (byLimit[limit] ?? null), rateLimitPerMinute: limit, source: 'rate-limit-header' };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Users

  listUsers(options: Cancellable & { roles?: readonly ZendeskUserRole[]; permissionSet?: number; pageSize?: number } = {}): AsyncGenerator<ZendeskUser> {
    const roles = options.roles ?? [];
    const query: Record<string, QueryValue> = {
      ...(roles.length === 1 ? { role: roles[0] } : roles.length > 1 ? { 'role[]': roles } : {}),
      permission_set: options.permissionSet,
    };
    return this.cursorItems<ZendeskUser>('/users', 'users', query, options.signal, options.pageSize);
  }

  async countUsers(options: Cancellable & { roles?: readonly ZendeskUserRole[] } = {}): Promise<number> {
    const roles = options.roles ?? [];
    const query = roles.length === 1 ? { role: roles[0] } : roles.length > 1 ? { 'role[]': roles } : {};
    return (await this.get<{ count: { value: number } }>('/users/count', query, options.signal)).count.value;
  }

  async getUser(id: number, options: Cancellable = {}): Promise<ZendeskUser> {
    return (await this.get<{ user: ZendeskUser }>(`/users/${id}`, undefined, options.signal)).user;
  }

  async showManyUsers(
    ref: { ids: readonly number[] } | { externalIds: readonly string[] },
    options: Cancellable & { includeDeleted?: boolean } = {},
  ): Promise<ZendeskUser[]> {
    const values: ReadonlyArray<string | number> = 'ids' in ref ? ref.ids : ref.externalIds;
    const out: ZendeskUser[] = [];
    for (let start = 0; start < values.length; start += 100) {
      const chunk = values.slice(start, start + 100).join(',');
      const query = { ['ids' in ref ? 'ids' : 'external_ids']: chunk, include_deleted: options.includeDeleted ? 'true' : undefined };
      out.push(...(await this.get<{ users: ZendeskUser[] }>('/users/show_many', query, options.signal)).users);
    }
    return out;
  }

  /** Search syntax (`email:…`, `role:agent`, free text); offset-paged, at most 10,000 results per query. */
  searchUsers(query: string, options: Cancellable = {}): AsyncGenerator<ZendeskUser> {
    return this.offsetItems<ZendeskUser>('/users/search', 'users', { query }, options.signal);
  }

  async findUserByExternalId(externalId: string, options: Cancellable = {}): Promise<ZendeskUser | undefined> {
    const { users } = await this.get<{ users: ZendeskUser[] }>('/users/search', { external_id: externalId }, options.signal);
    return users.find((user) => user.external_id?.toLowerCase() === externalId.toLowerCase());
  }

  async findUserByEmail(email: string, options: Cancellable = {}): Promise<ZendeskUser | undefined> {
    const { users } = await this.get<{ users: ZendeskUser[] }>('/users/search', { query: `email:${email}` }, options.signal);
    return users.find((user) => user.email?.toLowerCase() === email.toLowerCase()) ?? users[0];
  }

  async createUser(user: ZendeskUserInput, options: Cancellable = {}): Promise<ZendeskUser> {
    return (await this.send<{ user: ZendeskUser }>({ method: 'POST', path: '/users', body: { user }, signal: options.signal })).data.user;
  }

  /** Matched by e-mail or external id; repeating it is harmless, so 5xx/resets are retried. Paced per user. */
  async createOrUpdateUser(user: ZendeskUserInput, options: Cancellable = {}): Promise<{ user: ZendeskUser; created: boolean }> {
    const done = await this.updateBudget.acquire(`upsert:${String(user.email ?? user.external_id ?? '')}`.toLowerCase(), options.signal);
    try {
      const response = await this.send<{ user: ZendeskUser }>({ method: 'POST', path: '/users/create_or_update', body: { user }, retrySafe: true, signal: options.signal });
      return { user: response.data.user, created: response.status === 201 };
    } finally {
      done();
    }
  }

  /** Paced to 5 updates per minute per user and 1 per second per account; prefer `updateManyUsers` for batches. */
  async updateUser(id: number, changes: ZendeskUserInput, options: Cancellable = {}): Promise<ZendeskUser> {
    const done = await this.updateBudget.acquire(String(id), options.signal);
    try {
      return (await this.send<{ user: ZendeskUser }>({ method: 'PUT', path: `/users/${id}`, body: { user: changes }, signal: options.signal })).data.user;
    } finally {
      done();
    }
  }

  /** Soft delete: the user stays readable with `active:false` until permanently deleted. */
  async deleteUser(id: number, options: Cancellable = {}): Promise<ZendeskUser> {
    return (await this.send<{ user: ZendeskUser }>({ method: 'DELETE', path: `/users/${id}`, signal: options.signal })).data.user;
  }

  listIdentities(userId: number, options: Cancellable = {}): AsyncGenerator<ZendeskIdentity> {
    return this.cursorItems<ZendeskIdentity>(`/users/${userId}/identities`, 'identities', {}, options.signal);
  }

  listDeletedUsers(options: Cancellable = {}): AsyncGenerator<ZendeskDeletedUser> {
    return this.cursorItems<ZendeskDeletedUser>('/deleted_users', 'deleted_users', {}, options.signal);
  }

  async permanentlyDeleteUser(id: number, options: Cancellable = {}): Promise<ZendeskDeletedUser> {
    return (await this.send<{ deleted_user: ZendeskDeletedUser }>({ method: 'DELETE', path: `/deleted_users/${id}`, signal: options.signal })).data.deleted_user;
  }

  /**
   * Incremental user export (admins), one page (≤ 1,000 users) per iteration until `end_of_stream`; keep the last
   * `afterCursor` to resume. Zendesk allows 10 export calls per minute; the HTTP layer waits out its 429s.
   */
  async *exportUsers(from: { startTime: number } | { cursor: string }, options: Cancellable = {}): AsyncGenerator<ZendeskIncrementalUsersPage> {
    let query: Record<string, QueryValue> = 'cursor' in from ? { cursor: from.cursor } : { start_time: from.startTime };
    for (;;) {
      const data = await this.get<{ users: ZendeskIncrementalUsersPage['users']; after_cursor: string | null; end_of_stream: boolean }>('/incremental/users/cursor', query, options.signal);
      yield { users: data.users, afterCursor: data.after_cursor, endOfStream: data.end_of_stream };
      if (data.end_of_stream || !data.after_cursor) return;
      query = { cursor: data.after_cursor };
    }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Bulk

  createManyUsers(users: readonly ZendeskUserInput[], options: BulkRunOptions = {}): Promise<Array<ZendeskBulkItemResult<ZendeskUserInput>>> {
    return this.bulk(users, (chunk, signal) => this.submitJob({ method: 'POST', path: '/users/create_many', body: { users: chunk }, signal }), options);
  }

  createOrUpdateManyUsers(users: readonly ZendeskUserInput[], options: BulkRunOptions = {}): Promise<Array<ZendeskBulkItemResult<ZendeskUserInput>>> {
    return this.bulk(users, (chunk, signal) => this.submitJob({ method: 'POST', path: '/users/create_or_update_many', body: { users: chunk }, signal }), options);
  }

  updateManyUsers(updates: readonly ZendeskUserUpdate[], options: BulkRunOptions = {}): Promise<Array<ZendeskBulkItemResult<ZendeskUserUpdate>>> {
    return this.bulk(updates, (chunk, signal) => this.submitJob({ method: 'PUT', path: '/users/update_many', body: { users: chunk }, signal }), options);
  }

  destroyManyUsers(ids: readonly number[], options: BulkRunOptions = {}): Promise<Array<ZendeskBulkItemResult<number>>> {
    return this.bulk(ids, (chunk, signal) => this.submitJob({ method: 'DELETE', path: '/users/destroy_many', query: { ids: chunk.join(',') }, signal }), options);
  }

  createManyGroupMemberships(
    memberships: ReadonlyArray<{ user_id: number; group_id: number }>,
    options: BulkRunOptions = {},
  ): Promise<Array<ZendeskBulkItemResult<{ user_id: number; group_id: number }>>> {
    return this.bulk(memberships, (chunk, signal) => this.submitJob({ method: 'POST', path: '/group_memberships/create_many', body: { group_memberships: chunk }, signal }), options);
  }

  destroyManyGroupMemberships(ids: readonly number[], options: BulkRunOptions = {}): Promise<Array<ZendeskBulkItemResult<number>>> {
    return this.bulk(ids, (chunk, signal) => this.submitJob({ method: 'DELETE', path: '/group_memberships/destroy_many', query: { ids: chunk.join(',') }, signal }), options);
  }

  async getJobStatus(id: string, options: Cancellable = {}): Promise<ZendeskJobStatus> {
    return (await this.get<{ job_status: ZendeskJobStatus }>(`/job_statuses/${encodeURIComponent(id)}`, undefined, options.signal)).job_status;
  }

  async getJobStatuses(ids: readonly string[], options: Cancellable = {}): Promise<ZendeskJobStatus[]> {
    if (ids.length === 0) return [];
    return (await this.get<{ job_statuses: ZendeskJobStatus[] }>('/job_statuses/show_many', { ids: ids.join(',') }, options.signal)).job_statuses;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Groups and memberships

  listGroups(options: Cancellable & { excludeDeleted?: boolean } = {}): AsyncGenerator<ZendeskGroup> {
    return this.cursorItems<ZendeskGroup>('/groups', 'groups', { exclude_deleted: options.excludeDeleted ? 'true' : undefined }, options.signal);
  }

  async getGroup(id: number, options: Cancellable = {}): Promise<ZendeskGroup> {
    return (await this.get<{ group: ZendeskGroup }>(`/groups/${id}`, undefined, options.signal)).group;
  }

  async createGroup(group: ZendeskGroupInput, options: Cancellable = {}): Promise<ZendeskGroup> {
    return (await this.send<{ group: ZendeskGroup }>({ method: 'POST', path: '/groups', body: { group }, signal: options.signal })).data.group;
  }

  async updateGroup(id: number, changes: ZendeskGroupInput, options: Cancellable = {}): Promise<ZendeskGroup> {
    return (await this.send<{ group: ZendeskGroup }>({ method: 'PUT', path: `/groups/${id}`, body: { group: changes }, signal: options.signal })).data.group;
  }

  async deleteGroup(id: number, options: Cancellable = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: `/groups/${id}`, signal: options.signal });
  }

  listGroupMemberships(options: Cancellable & { userId?: number; groupId?: number } = {}): AsyncGenerator<ZendeskGroupMembership> {
    const path =
      options.userId !== undefined ? `/users/${options.userId}/group_memberships` : options.groupId !== undefined ? `/groups/${options.groupId}/memberships` : '/group_memberships';
    return this.cursorItems<ZendeskGroupMembership>(path, 'group_memberships', {}, options.signal);
  }

  async createGroupMembership(userId: number, groupId: number, options: Cancellable = {}): Promise<ZendeskGroupMembership> {
    const body = { group_membership: { user_id: userId, group_id: groupId } };
    return (await this.send<{ group_membership: ZendeskGroupMembership }>({ method: 'POST', path: '/group_memberships', body, signal: options.signal })).data.group_membership;
  }

  async deleteGroupMembership(id: number, options: Cancellable = {}): Promise<void> {
    await this.send({ method: 'DELETE', path: `/group_memberships/${id}`, signal: options.signal });
  }

  async makeDefaultGroupMembership(userId: number, membershipId: number, options: Cancellable = {}): Promise<ZendeskGroupMembership[]> {
    const path = `/users/${userId}/group_memberships/${membershipId}/make_default`;
    return (await this.send<{ group_memberships: ZendeskGroupMembership[] }>({ method: 'PUT', path, body: {}, signal: options.signal })).data.group_memberships;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Roles and fields

  async listCustomRoles(options: Cancellable = {}): Promise<ZendeskCustomRole[] | null> {
    try {
      return (await this.get<{ custom_roles: ZendeskCustomRole[] }>('/custom_roles', undefined, options.signal)).custom_roles;
    } catch (error) {
      // Below Enterprise the endpoint answers 403: "no custom roles on this plan", not a failure.
      if (error instanceof ZendeskApiError && error.status === 403) return null;
      throw error;
    }
  }

  async listUserFields(options: Cancellable = {}): Promise<ZendeskUserField[]> {
    const fields: ZendeskUserField[] = [];
    for await (const field of this.offsetItems<ZendeskUserField>('/user_fields', 'user_fields', {}, options.signal)) fields.push(field);
    return fields;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Plumbing

  private async get<T>(path: string, query: Record<string, QueryValue> | undefined, signal: AbortSignal | undefined): Promise<T> {
    return (await this.http.request<T>({ method: 'GET', path, query, signal })).data;
  }

  private send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    return this.http.request<T>(request);
  }

  private async submitJob(request: HttpRequest): Promise<ZendeskJobStatus> {
    const response = await this.http.request<{ job_status: ZendeskJobStatus }>(request);
    if (!response.data?.job_status?.id) {
      throw new ZendeskApiError({ message: `Zendesk answered ${request.method} ${request.path} without a job_status.`, status: response.status, call: `${request.method} ${request.path}` });
    }
    return response.data.job_status;
  }

  private bulk<TInput>(
    items: readonly TInput[],
    submit: (chunk: readonly TInput[], signal?: AbortSignal) => Promise<ZendeskJobStatus>,
    options: BulkRunOptions,
  ): Promise<Array<ZendeskBulkItemResult<TInput>>> {
    return runBulk(items, submit, this.jobs, options);
  }

  /** Cursor pagination: `page[size]` then `links.next` while `meta.has_more` (so the quirky extra empty page is never fetched). */
  private cursorItems<T>(path: string, key: string, query: Record<string, QueryValue>, signal: AbortSignal | undefined, pageSize = 100): AsyncGenerator<T> {
    const first: HttpRequest = { method: 'GET', path, query: { ...query, 'page[size]': Math.min(100, pageSize) }, signal };
    return this.pagedItems<T>(first, key, (data) => (data.meta?.has_more ? data.links?.next : undefined));
  }

  /** Offset pagination: follow `next_page` until null. */
  private offsetItems<T>(path: string, key: string, query: Record<string, QueryValue>, signal: AbortSignal | undefined): AsyncGenerator<T> {
    return this.pagedItems<T>({ method: 'GET', path, query, signal }, key, (data) => data.next_page);
  }

  /** Fetches one page at a time, yields its `key` list, and follows `nextOf(page)` while the page was not empty. */
  private async *pagedItems<T>(first: HttpRequest, key: string, nextOf: (data: PageBody) => string | null | undefined): AsyncGenerator<T> {
    const { path, signal } = first;
    let request: HttpRequest | undefined = first;
    while (request) {
      const response: HttpResponse<PageBody> = await this.http.request<PageBody>(request);
      const data: PageBody = response.data;
      const items: unknown = data[key];
      if (!Array.isArray(items)) throw new ZendeskApiError({ message: `Zendesk answered GET ${path} without a "${key}" list.`, call: `GET ${path}` });
      for (const item of items as T[]) yield item;
      const next = nextOf(data);
      request = next && items.length > 0 ? { method: 'GET', path: next, signal } : undefined;
    }
  }
}

/** `https://acme.zendesk.com/api/v2/` → `https://acme.zendesk.com`; rejects anything that is not an http(s) URL. */
function normalizeOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Zendesk URL "${url}" is not a URL; expected e.g. https://acme.zendesk.com`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`Zendesk URL "${url}" must start with https://`);
  if (parsed.username || parsed.password) throw new Error('The Zendesk URL must not contain credentials; pass them as credentials.');
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${parsed.origin}${path}`;
}

function readLimit(headers: Readonly<Record<string, string>>): number | null {
  const raw = headers['x-rate-limit'] ?? headers['ratelimit-limit'];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) ? value : null;
}
