/**
 * The Microsoft Graph client: typed directory reads for provisioning (the Zendesk service principal, its app roles and
 * assignments, users with exactly the attributes the mappings need, group members, delta rounds, `$batch`), built on
 * the shared HTTP layer (retries, Retry-After, cancellation) with a `TokenCredential` for auth.
 *
 * Graph rules it follows (graph-api.md): nextLinks are followed verbatim and request headers such as
 * `ConsistencyLevel` are resent on every page (§5); delta query options go on the first request only (§6); a filter
 * rejected with `Request_UnsupportedQuery` is retried once as an advanced query (§3.3); `$batch` holds ≤ 20
 * sub-requests and throttled sub-requests are retried after their own Retry-After (§8.3).
 */
import { GRAPH_DEFAULT_SCOPE, type TokenCredential } from '../../auth';
import { HttpClient, sleep, throwIfAborted, parseRetryAfterMs, type HttpStats, type QueryValue, type RequestEvent, type RetryPolicy } from '../http';
import { credentialAuthHook } from './auth-hook';
import { MemoryDeltaLinkStore, type DeltaLinkStore, type DeltaPage, type RemovedObject } from './delta';
import { GraphApiError, isResyncRequired, toGraphApiError } from './errors';
import type { AppRole, AppRoleAssignment, CollectionPage, DirectoryObject, GraphGroup, GraphUser, ServicePrincipal } from './types';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const MAX_BATCH_REQUESTS = 20;
/** Largest page Graph serves on directory collections. */
export const MAX_PAGE_SIZE = 999;

export interface GraphClientOptions {
  readonly credential: TokenCredential;
  /** Default https://graph.microsoft.com/v1.0; the sandbox's `graphBaseUrl` for local runs. */
  readonly baseUrl?: string;
  /** Default `https://graph.microsoft.com/.default`. */
  readonly scopes?: readonly string[];
  /** Extra CA (PEM) to trust for the Graph host, e.g. the sandbox's certificate. NODE_EXTRA_CA_CERTS works too. */
  readonly ca?: string | Buffer;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxConcurrency?: number;
  readonly timeoutMs?: number;
  readonly onRequest?: (event: RequestEvent) => void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface ListUsersOptions extends CallOptions {
  /** Exactly the attributes to read (`id` is added). Omit for Graph's 11 default properties. */
  readonly select?: readonly string[];
  readonly filter?: string;
  readonly orderby?: string;
  /** Page size 1..999 (default 999: fewest requests). */
  readonly top?: number;
  /** Send `ConsistencyLevel: eventual` + `$count=true` from the start. */
  readonly advancedQuery?: boolean;
}

export interface BatchRequest {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version: `/users/{id}?$select=…`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly dependsOn?: readonly string[];
}

export interface BatchResponse<T = unknown> {
  readonly id: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: T;
}

export interface DeltaOptions extends CallOptions {
  /** Properties to track (first request only; Graph encodes them in the tokens). Groups: include `members` for `members@delta`. */
  readonly select?: readonly string[];
  /** Track only these ids (`$filter=id eq … or …`, ≤ 50). */
  readonly ids?: readonly string[];
  /** Where the deltaLink of the last completed round is kept (default: an in-memory store owned by the client). */
  readonly store?: DeltaLinkStore;
  /** Store key (default derived from the collection and selection). */
  readonly key?: string;
  /** `Prefer: return=minimal` on incremental rounds: only changed properties. */
  readonly minimal?: boolean;
  /** Start "from now" (`$deltatoken=latest`) when there is no stored link: stores a link, yields nothing. */
  readonly fromNow?: boolean;
}

export const SERVICE_PRINCIPAL_SELECT = 'id,appId,displayName,appRoles,appRoleAssignmentRequired,applicationTemplateId,tags,accountEnabled';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class GraphClient {
  readonly http: HttpClient;
  readonly baseUrl: string;
  private readonly defaultDeltaStore = new MemoryDeltaLinkStore();

  constructor(options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.http = new HttpClient({
      baseURL: this.baseUrl,
      auth: credentialAuthHook(options.credential, options.scopes ?? [GRAPH_DEFAULT_SCOPE]),
      mapError: toGraphApiError,
      retry: options.retry,
      maxConcurrency: options.maxConcurrency,
      timeoutMs: options.timeoutMs,
      onRequest: options.onRequest,
      requestIdHeaders: ['request-id', 'client-request-id'],
      userAgent: 'entra-zendesk-provisioning',
      ca: options.ca,
    });
  }

  get stats(): HttpStats {
    return this.http.stats;
  }

  close(): void {
    this.http.close();
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------

  async get<T>(path: string, query?: Record<string, QueryValue>, options: CallOptions & { headers?: Record<string, string> } = {}): Promise<T> {
    const response = await this.http.request<T>({ method: 'GET', path, query, headers: options.headers, signal: options.signal });
    return response.data;
  }

  /** Pages of a collection, following `@odata.nextLink` verbatim and resending `headers` on every page. */
  async *pages<T>(path: string, query: Record<string, QueryValue> | undefined, options: CallOptions & { headers?: Record<string, string> } = {}): AsyncGenerator<CollectionPage<T>> {
    let page = await this.get<CollectionPage<T>>(path, query, options);
    for (;;) {
      yield page;
      const next = page['@odata.nextLink'];
      if (!next) return;
      throwIfAborted(options.signal);
      page = await this.get<CollectionPage<T>>(next, undefined, options);
    }
  }

  async *items<T>(path: string, query: Record<string, QueryValue> | undefined, options: CallOptions & { headers?: Record<string, string> } = {}): AsyncGenerator<T> {
    for await (const page of this.pages<T>(path, query, options)) yield* page.value;
  }

  // ---- service principals and assignments ----------------------------------------------------------------------

  /** Display names are not unique: 0..n service principals. */
  async findServicePrincipalsByName(displayName: string, options: CallOptions = {}): Promise<ServicePrincipal[]> {
    const result: ServicePrincipal[] = [];
    for await (const sp of this.items<ServicePrincipal>('/servicePrincipals', { $filter: `displayName eq ${odataString(displayName)}`, $select: SERVICE_PRINCIPAL_SELECT }, options)) result.push(sp);
    return result;
  }

  /** By application (client) id, through the alternate key; undefined when none. Accepts a `{value:[…]}` wrapper too. */
  async getServicePrincipalByAppId(appId: string, options: CallOptions = {}): Promise<ServicePrincipal | undefined> {
    if (!GUID.test(appId)) throw new TypeError(`appId must be a GUID (the Application ID), got "${appId}".`);
    try {
      const body = await this.get<ServicePrincipal | { value: ServicePrincipal[] }>(`/servicePrincipals(appId=${odataString(appId)})`, { $select: SERVICE_PRINCIPAL_SELECT }, options);
      return 'value' in body && Array.isArray(body.value) ? body.value[0] : (body as ServicePrincipal);
    } catch (error) {
      if (error instanceof GraphApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async getServicePrincipal(id: string, options: CallOptions = {}): Promise<ServicePrincipal | undefined> {
    try {
      return await this.get<ServicePrincipal>(`/servicePrincipals/${encodeURIComponent(id)}`, { $select: SERVICE_PRINCIPAL_SELECT }, options);
    } catch (error) {
      if (error instanceof GraphApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async getAppRoles(servicePrincipalId: string, options: CallOptions = {}): Promise<AppRole[]> {
    const sp = await this.get<{ appRoles?: AppRole[] }>(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}`, { $select: 'appRoles' }, options);
    return sp.appRoles ?? [];
  }

  /** Everything assigned to the resource service principal (users, groups, SPs), 999 per page. */
  listAppRoleAssignments(servicePrincipalId: string, options: CallOptions & { filter?: string } = {}): AsyncGenerator<AppRoleAssignment> {
    return this.items<AppRoleAssignment>(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo`, { $top: MAX_PAGE_SIZE, $filter: options.filter }, options);
  }

  async getAppRoleAssignments(servicePrincipalId: string, options: CallOptions = {}): Promise<AppRoleAssignment[]> {
    const result: AppRoleAssignment[] = [];
    for await (const assignment of this.listAppRoleAssignments(servicePrincipalId, options)) result.push(assignment);
    return result;
  }

  // ---- users ---------------------------------------------------------------------------------------------------

  /**
   * Users with exactly `select` (+ `id`). A filter Graph rejects with `Request_UnsupportedQuery` is retried once as an
   * advanced query, because Microsoft keeps widening what needs it (§3.3).
   */
  async *listUsers(options: ListUsersOptions = {}): AsyncGenerator<GraphUser> {
    const query = (advanced: boolean): Record<string, QueryValue> => ({
      $select: selectWithId(options.select),
      $filter: options.filter,
      $orderby: options.orderby,
      $top: options.top ?? MAX_PAGE_SIZE,
      ...(advanced ? { $count: 'true' } : {}),
    });
    const headers = (advanced: boolean): Record<string, string> | undefined => (advanced ? { ConsistencyLevel: 'eventual' } : undefined);
    let advanced = options.advancedQuery === true;
    let yielded = false;
    for (;;) {
      try {
        for await (const user of this.items<GraphUser>('/users', query(advanced), { signal: options.signal, headers: headers(advanced) })) {
          yielded = true;
          yield user;
        }
        return;
      } catch (error) {
        if (!advanced && !yielded && error instanceof GraphApiError && error.code === 'Request_UnsupportedQuery' && (options.filter || options.orderby)) {
          advanced = true;
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * How many users the tenant has (`GET /users/$count`, an advanced query with `ConsistencyLevel: eventual`);
   * undefined when Graph won't say (400/403), so callers fall back to what they would do without it.
   */
  async countUsers(options: CallOptions = {}): Promise<number | undefined> {
    try {
      const body = await this.get<unknown>('/users/$count', undefined, { ...options, headers: { ConsistencyLevel: 'eventual' } });
      const count = Number(body);
      return Number.isInteger(count) && count >= 0 ? count : undefined;
    } catch (error) {
      if (error instanceof GraphApiError && (error.status === 400 || error.status === 403)) return undefined;
      throw error;
    }
  }

  /** One user by id or UPN; undefined when it does not exist. */
  async getUser(idOrUpn: string, select?: readonly string[], options: CallOptions = {}): Promise<GraphUser | undefined> {
    // UPNs starting with `$` must use the key syntax; `#` (guest UPNs) is escaped by encodeURIComponent.
    const path = idOrUpn.startsWith('$') ? `/users(${odataString(idOrUpn)})` : `/users/${encodeURIComponent(idOrUpn)}`;
    try {
      return await this.get<GraphUser>(path, { $select: selectWithId(select) }, options);
    } catch (error) {
      if (error instanceof GraphApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Many users by id through `$batch` (20 per batch); missing ids are absent from the map. */
  async getUsersByIds(ids: readonly string[], select?: readonly string[], options: CallOptions = {}): Promise<Map<string, GraphUser>> {
    const result = new Map<string, GraphUser>();
    const selectText = selectWithId(select);
    const requests = ids.map((id, i) => ({ id: String(i), method: 'GET' as const, url: `/users/${encodeURIComponent(id)}${selectText ? `?$select=${selectText}` : ''}` }));
    for (const response of await this.batchAll(requests, options)) {
      if (response.status === 200) {
        const user = response.body as GraphUser;
        result.set(user.id, user);
      } else if (response.status !== 404) {
        throw subRequestError('GET /users/{id}', response);
      }
    }
    return result;
  }

  // ---- groups --------------------------------------------------------------------------------------------------

  /** Direct members (or flattened transitive members) with `@odata.type` on each item. */
  listGroupMembers(groupId: string, options: CallOptions & { transitive?: boolean; select?: readonly string[] } = {}): AsyncGenerator<DirectoryObject> {
    const navigation = options.transitive ? 'transitiveMembers' : 'members';
    return this.items<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/${navigation}`, { $select: selectWithId(options.select), $top: MAX_PAGE_SIZE }, options);
  }

  async getGroup(groupId: string, select?: readonly string[], options: CallOptions = {}): Promise<GraphGroup | undefined> {
    try {
      return await this.get<GraphGroup>(`/groups/${encodeURIComponent(groupId)}`, { $select: selectWithId(select) }, options);
    } catch (error) {
      if (error instanceof GraphApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Direct members of many groups through `$batch`: 20 groups per batch, a group's further pages queued as new
   * sub-requests. Returns group id → members (`@odata.type` + `id` + selected properties).
   */
  async expandGroupMembers(groupIds: readonly string[], options: CallOptions & { select?: readonly string[] } = {}): Promise<Map<string, DirectoryObject[]>> {
    const result = new Map<string, DirectoryObject[]>(groupIds.map((id) => [id, []]));
    const select = selectWithId(options.select ?? ['id']);
    let queue: Array<{ groupId: string; url: string }> = groupIds.map((groupId) => ({ groupId, url: `/groups/${encodeURIComponent(groupId)}/members?$select=${select}&$top=${MAX_PAGE_SIZE}` }));
    while (queue.length > 0) {
      const chunk = queue.slice(0, MAX_BATCH_REQUESTS);
      queue = queue.slice(MAX_BATCH_REQUESTS);
      const responses = await this.batchAll(chunk.map((item, i) => ({ id: String(i), method: 'GET' as const, url: item.url })), options);
      for (const response of responses) {
        const item = chunk[Number(response.id)]!;
        if (response.status !== 200) throw subRequestError(`GET /groups/{id}/members`, response);
        const page = response.body as CollectionPage<DirectoryObject>;
        result.get(item.groupId)!.push(...page.value);
        const next = page['@odata.nextLink'];
        if (next) queue.push({ groupId: item.groupId, url: this.relativeUrl(next) });
      }
    }
    return result;
  }

  // ---- $batch --------------------------------------------------------------------------------------------------

  /** One `$batch` call (≤ 20 sub-requests). Sub-request failures come back as responses, not exceptions. */
  async batch<T = unknown>(requests: readonly BatchRequest[], options: CallOptions = {}): Promise<Array<BatchResponse<T>>> {
    if (requests.length === 0) return [];
    if (requests.length > MAX_BATCH_REQUESTS) throw new RangeError(`A Graph $batch holds at most ${MAX_BATCH_REQUESTS} requests; got ${requests.length}. Use batchAll().`);
    const response = await this.http.request<{ responses: Array<BatchResponse<T>> }>({
      method: 'POST',
      path: '/$batch',
      body: { requests },
      signal: options.signal,
      // A batch of reads is safe to repeat.
      retrySafe: requests.every((r) => r.method === 'GET'),
    });
    return response.data.responses;
  }

  /**
   * Any number of sub-requests, 20 per batch; sub-requests answered 429 (or 503) are retried in a later batch after
   * the longest Retry-After among them. Responses come back in request order.
   */
  async batchAll<T = unknown>(requests: readonly BatchRequest[], options: CallOptions = {}): Promise<Array<BatchResponse<T>>> {
    const results = new Map<string, BatchResponse<T>>();
    let pending = [...requests];
    let rounds = 0;
    while (pending.length > 0) {
      const retry: BatchRequest[] = [];
      let waitMs = 0;
      for (let i = 0; i < pending.length; i += MAX_BATCH_REQUESTS) {
        const chunk = pending.slice(i, i + MAX_BATCH_REQUESTS);
        for (const response of await this.batch<T>(chunk, options)) {
          if ((response.status === 429 || response.status === 503) && rounds < 5) {
            retry.push(chunk.find((r) => r.id === response.id)!);
            waitMs = Math.max(waitMs, parseRetryAfterMs(headerValue(response.headers, 'retry-after')) ?? 1000);
          } else {
            results.set(response.id, response);
          }
        }
      }
      pending = retry;
      rounds += 1;
      if (pending.length > 0) await sleep(waitMs, options.signal);
    }
    return requests.map((r) => results.get(r.id)!);
  }

  // ---- delta ---------------------------------------------------------------------------------------------------

  usersDelta(options: DeltaOptions = {}): AsyncGenerator<DeltaPage<GraphUser>> {
    return this.delta<GraphUser>('users', options);
  }

  groupsDelta(options: DeltaOptions = {}): AsyncGenerator<DeltaPage<GraphGroup>> {
    return this.delta<GraphGroup>('groups', options);
  }

  /**
   * One delta round: from the stored deltaLink (incremental) or from scratch (full). Yields every page; after the
   * last page the new deltaLink is stored. A 410 (stale link) clears the store and restarts as a full round whose
   * first page has `resynced: true` — the consumer must then treat the round as a full snapshot.
   */
  async *delta<T extends { id: string }>(collection: 'users' | 'groups', options: DeltaOptions = {}): AsyncGenerator<DeltaPage<T>> {
    const store = options.store ?? this.defaultDeltaStore;
    const key = options.key ?? `${collection}:${[...(options.select ?? [])].sort().join(',')}:${[...(options.ids ?? [])].sort().join(',')}`;
    let link = await store.get(key);
    let resynced = false;
    if (!link && options.fromNow) {
      const latest = await this.get<CollectionPage<T>>(`/${collection}/delta`, { $deltatoken: 'latest', ...this.deltaQuery(options) }, options);
      if (latest['@odata.deltaLink']) await store.set(key, latest['@odata.deltaLink']);
      return;
    }
    for (let attempt = 0; ; attempt += 1) {
      const round: 'full' | 'incremental' = link ? 'incremental' : 'full';
      const headers = options.minimal && link ? { Prefer: 'return=minimal' } : undefined;
      try {
        let page = link
          ? await this.get<CollectionPage<T>>(link, undefined, { signal: options.signal, headers })
          : await this.get<CollectionPage<T>>(`/${collection}/delta`, this.deltaQuery(options), options);
        let first = true;
        for (;;) {
          const items: T[] = [];
          const removed: RemovedObject[] = [];
          for (const item of page.value) {
            const marker = (item as Record<string, unknown>)['@removed'] as { reason?: string } | undefined;
            if (marker) removed.push({ id: item.id, reason: marker.reason === 'deleted' ? 'deleted' : 'changed' });
            else items.push(item);
          }
          const deltaLink = page['@odata.deltaLink'];
          if (deltaLink) await store.set(key, deltaLink);
          yield { items, removed, round, resynced: resynced && first, last: deltaLink !== undefined, deltaLink };
          first = false;
          if (deltaLink) return;
          const next = page['@odata.nextLink'];
          if (!next) throw new GraphApiError({ code: 'InvalidDeltaResponse', call: `GET /${collection}/delta`, graphMessage: 'a delta page had neither @odata.nextLink nor @odata.deltaLink.', attempts: 1 });
          page = await this.get<CollectionPage<T>>(next, undefined, { signal: options.signal, headers });
        }
      } catch (error) {
        if (!isResyncRequired(error) || attempt > 0) throw error;
        // Graph lost the sync state (410 Gone): forget the link and start a full round.
        await store.delete(key);
        link = undefined;
        resynced = true;
      }
    }
  }

  private deltaQuery(options: DeltaOptions): Record<string, QueryValue> {
    if (options.ids && options.ids.length > 50) throw new RangeError(`Delta can track at most 50 ids by $filter; got ${options.ids.length}.`);
    return {
      $select: options.select && options.select.length > 0 ? options.select.join(',') : undefined,
      $filter: options.ids && options.ids.length > 0 ? options.ids.map((id) => `id eq ${odataString(id)}`).join(' or ') : undefined,
    };
  }

  /** A nextLink under this client's base, made relative for `$batch` (which wants version-relative URLs). */
  private relativeUrl(link: string): string {
    return link.startsWith(this.baseUrl) ? link.slice(this.baseUrl.length) : new URL(link).pathname.replace(/^\/v1\.0/, '') + new URL(link).search;
  }
}

function selectWithId(select: readonly string[] | undefined): string | undefined {
  if (!select || select.length === 0) return undefined;
  return [...new Set(['id', ...select])].join(',');
}

function headerValue(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function subRequestError(call: string, response: BatchResponse): GraphApiError {
  const body = response.body as { error?: { code?: string; message?: string } } | undefined;
  return new GraphApiError({
    status: response.status,
    code: body?.error?.code ?? `Http${response.status}`,
    call: `${call} (in $batch)`,
    graphMessage: body?.error?.message ?? 'no error body',
    requestId: headerValue(response.headers, 'request-id'),
    attempts: 1,
  });
}

