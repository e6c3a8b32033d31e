/**
 * The engine's Entra port (`src/core/engine/ports.ts`) on top of {@link GraphClient}: a thin mapping. The client
 * pages, batches, retries and resyncs; this class only picks the calls and reshapes answers:
 * - the enterprise app is found as the configuration names it (servicePrincipalId, then appId, then displayName —
 *   `enterpriseAppSelector`), and a missing or ambiguous app is an error that says how to fix the configuration;
 * - many users / groups by id go through `$batch` (20 per call), missing ids are left out;
 * - a delta round is one call of the client's delta iterator with the engine's saved deltaLink as the only stored
 *   link, and the client's `removed` list is folded back into Graph's `@removed` markers the engine reads.
 */
import { enterpriseAppSelector, type EntraSettings } from '../../core/config';
import type {
  DeltaRequest,
  EntraPort,
  GraphAppRoleAssignment,
  GraphDeletedObject,
  GraphDeltaRound,
  GraphDirectoryObject,
  GraphGroup as EngineGroup,
  GraphGroupDelta,
  GraphServicePrincipal,
  GraphUser as EngineUser,
  GraphUserDelta,
  PortCallOptions,
  TrialSubject,
} from '../../core/engine';
import { MemoryDeltaLinkStore, type DeltaPage } from './delta';
import { GraphApiError } from './errors';
import { MAX_BATCH_REQUESTS, MAX_PAGE_SIZE, odataString, SERVICE_PRINCIPAL_SELECT, type GraphClient } from './graph-client';
import type { GraphGroup, GraphUser, ServicePrincipal } from './types';

const GROUP_TYPE = '#microsoft.graph.group';
/** From this many `$batch` calls on, `getUsers` weighs listing every user instead (one `$count` request to decide). */
const LIST_INSTEAD_OF_BATCH_FROM = 25;
const DELTA_KEY = 'engine-round';

/** The configuration names an enterprise app that Graph doesn't have (or has more than once). */
export class EnterpriseAppNotFoundError extends Error {
  override readonly name = 'EnterpriseAppNotFoundError';
}

function appNotFound(selector: { by: string; value: string }): EnterpriseAppNotFoundError {
  return new EnterpriseAppNotFoundError(
    selector.by === 'servicePrincipalId'
      ? `entra.servicePrincipalId: no service principal has the object id ${selector.value}. Fix: copy the Object ID from Entra admin center › Enterprise applications › your Zendesk app › Overview.`
      : `entra.appId: no enterprise application has the application id ${selector.value}. Fix: copy the Application ID from the enterprise app's Overview, or add the Zendesk app from the gallery first.`,
  );
}

async function drain<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

function toServicePrincipal(sp: ServicePrincipal): GraphServicePrincipal {
  return {
    id: sp.id,
    appId: sp.appId,
    displayName: sp.displayName ?? null,
    appRoles: (sp.appRoles ?? []).map((role) => ({ ...role, displayName: role.displayName ?? null })),
    ...(sp.appRoleAssignmentRequired !== undefined ? { appRoleAssignmentRequired: sp.appRoleAssignmentRequired } : {}),
  };
}

export class GraphEngineAdapter implements EntraPort {
  constructor(
    readonly client: GraphClient,
    private readonly entra: Pick<EntraSettings, 'servicePrincipalId' | 'appId' | 'displayName'>,
  ) {}

  async getServicePrincipal(options: PortCallOptions = {}): Promise<GraphServicePrincipal> {
    const selector = enterpriseAppSelector(this.entra as EntraSettings);
    const call = { signal: options.signal };
    if (selector.by === 'servicePrincipalId') {
      const sp = await this.client.getServicePrincipal(selector.value, call);
      if (!sp) throw appNotFound(selector);
      return toServicePrincipal(sp);
    }
    if (selector.by === 'appId') {
      const sp = await this.client.getServicePrincipalByAppId(selector.value, call);
      if (!sp) throw appNotFound(selector);
      return toServicePrincipal(sp);
    }
    const found = await this.client.findServicePrincipalsByName(selector.value, call);
    if (found.length === 0) throw new EnterpriseAppNotFoundError(`entra.displayName: no enterprise application is named "${selector.value}". Fix: check the name in Enterprise applications, or set entra.servicePrincipalId.`);
    if (found.length > 1) {
      throw new EnterpriseAppNotFoundError(
        `entra.displayName: ${found.length} enterprise applications are named "${selector.value}" (${found.map((sp) => sp.id).join(', ')}). Fix: set entra.servicePrincipalId to the one to provision from.`,
      );
    }
    return toServicePrincipal(found[0]!);
  }

  /**
   * A trial's reads in one `$batch`: the app (addressed by object id or `appId` alternate key; a display name needs
   * one lookup first), its assignments, the user and the user's direct groups. Further assignment or memberOf pages
   * (over 999) are followed with their nextLink.
   */
  async getTrialSubject(userId: string, select: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<TrialSubject> {
    const call = { signal: options.signal };
    const selector = enterpriseAppSelector(this.entra as EntraSettings);
    const known = selector.by === 'displayName' ? await this.getServicePrincipal(options) : undefined;
    const app =
      known !== undefined ? `/servicePrincipals/${encodeURIComponent(known.id)}`
      : selector.by === 'appId' ? `/servicePrincipals(appId=${odataString(selector.value)})`
      : `/servicePrincipals/${encodeURIComponent(selector.value)}`;
    const user = `/users/${encodeURIComponent(userId)}`;
    const requests = [
      { id: 'assignments', method: 'GET' as const, url: `${app}/appRoleAssignedTo?$top=${MAX_PAGE_SIZE}` },
      { id: 'user', method: 'GET' as const, url: `${user}?$select=${withId(select)}` },
      { id: 'memberOf', method: 'GET' as const, url: `${user}/memberOf?$select=id&$top=${MAX_PAGE_SIZE}` },
      ...(known === undefined ? [{ id: 'app', method: 'GET' as const, url: `${app}?$select=${SERVICE_PRINCIPAL_SELECT}` }] : []),
    ];
    const responses = new Map((await this.client.batchAll<Record<string, unknown>>(requests, call)).map((r) => [r.id, r]));
    const answer = (id: string, route: string): Record<string, unknown> | undefined => {
      const response = responses.get(id);
      if (response?.status === 200) return response.body;
      if (response?.status === 404) return undefined;
      throw subRequestError(route, response?.status ?? 0, response?.body);
    };
    let servicePrincipal = known;
    if (servicePrincipal === undefined) {
      const body = answer('app', 'GET /servicePrincipals/{id}');
      if (body === undefined) throw appNotFound(selector);
      servicePrincipal = toServicePrincipal(body as unknown as ServicePrincipal);
    }
    const assignmentsPage = answer('assignments', 'GET /servicePrincipals/{id}/appRoleAssignedTo');
    if (assignmentsPage === undefined) throw appNotFound(selector);
    const userBody = answer('user', 'GET /users/{id}');
    const memberOfPage = answer('memberOf', 'GET /users/{id}/memberOf');
    const memberOf = (await this.rest<GraphDirectoryObject>(memberOfPage, call)).filter((item) => item['@odata.type'] === GROUP_TYPE);
    return {
      servicePrincipal,
      assignments: await this.rest<GraphAppRoleAssignment>(assignmentsPage, call),
      user: userBody === undefined ? null : (userBody as unknown as EngineUser),
      memberOf: memberOf.map((item) => ({ '@odata.type': item['@odata.type'], id: item.id })),
    };
  }

  /** A collection page from a batch answer, plus the pages after it. */
  private async rest<T>(page: Record<string, unknown> | undefined, call: { signal?: AbortSignal | undefined }): Promise<T[]> {
    if (page === undefined) return [];
    const items = [...((page.value as T[] | undefined) ?? [])];
    const next = page['@odata.nextLink'];
    if (typeof next === 'string') items.push(...(await drain(this.client.items<T>(next, undefined, call))));
    return items;
  }

  async listAppRoleAssignedTo(servicePrincipalId: string, options: PortCallOptions = {}): Promise<ReadonlyArray<GraphAppRoleAssignment>> {
    return this.client.getAppRoleAssignments(servicePrincipalId, { signal: options.signal });
  }

  /**
   * Users by id: `$batch` (20 per call) for a few, but for many it asks how many users the tenant has and, when
   * listing them all (999 per page) takes fewer calls than the batches, lists and keeps the wanted ones. Graph
   * throttles a batch's sub-requests one by one, so 10,000 assigned users cost 500 batches (10,000 requests against
   * the limits) or ~11 list pages in a tenant of that size.
   */
  async getUsers(ids: ReadonlyArray<string>, select: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineUser>> {
    if (ids.length === 0) return [];
    const call = { signal: options.signal };
    const batches = Math.ceil(ids.length / MAX_BATCH_REQUESTS);
    if (batches >= LIST_INSTEAD_OF_BATCH_FROM) {
      const total = await this.client.countUsers(call);
      if (total !== undefined && Math.ceil(total / MAX_PAGE_SIZE) < batches) {
        const wanted = new Set(ids);
        const users: EngineUser[] = [];
        for await (const user of this.client.listUsers({ select, signal: options.signal })) if (wanted.has(user.id)) users.push(user);
        return users;
      }
    }
    const found = await this.client.getUsersByIds(ids, select, call);
    return [...found.values()];
  }

  async listUsers(select: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineUser>> {
    return drain(this.client.listUsers({ select, signal: options.signal }));
  }

  async getGroups(ids: ReadonlyArray<string>, select: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineGroup>> {
    if (ids.length === 0) return [];
    const selectText = withId(select);
    const responses = await this.client.batchAll<GraphGroup>(
      ids.map((id, i) => ({ id: String(i), method: 'GET' as const, url: `/groups/${encodeURIComponent(id)}?$select=${selectText}` })),
      { signal: options.signal },
    );
    const groups: EngineGroup[] = [];
    for (const response of responses) {
      if (response.status === 200 && response.body) groups.push(toGroup(response.body));
      else if (response.status !== 404) throw subRequestError('GET /groups/{id}', response.status, response.body);
    }
    return groups;
  }

  async listGroups(select: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineGroup>> {
    const groups = await drain(this.client.items<GraphGroup>('/groups', { $select: withId(select), $top: MAX_PAGE_SIZE }, { signal: options.signal }));
    return groups.map(toGroup);
  }

  async listGroupMembers(groupId: string, options: PortCallOptions = {}): Promise<ReadonlyArray<GraphDirectoryObject>> {
    const members = await drain(this.client.listGroupMembers(groupId, { select: ['id'], signal: options.signal }));
    return members.map((m) => ({ '@odata.type': m['@odata.type'], id: m.id }));
  }

  async listUserMemberOf(userId: string, options: PortCallOptions = {}): Promise<ReadonlyArray<GraphDirectoryObject>> {
    const path = `/users/${encodeURIComponent(userId)}/memberOf`;
    const items = await drain(this.client.items<GraphDirectoryObject>(path, { $select: 'id', $top: MAX_PAGE_SIZE }, { signal: options.signal }));
    return items.filter((item) => item['@odata.type'] === GROUP_TYPE).map((item) => ({ '@odata.type': item['@odata.type'], id: item.id }));
  }

  /**
   * `GET /directory/deletedItems/{id}` per id, through `$batch`: 200 = soft-deleted (restorable), 404 = gone for good.
   * Decision: when Graph can't answer for an id (any other status, e.g. an endpoint a private cloud or emulator lacks),
   * the user counts as soft-deleted — suspending is reversible, deleting is not.
   */
  async getDeletedUsers(ids: ReadonlyArray<string>, options: PortCallOptions = {}): Promise<ReadonlyArray<GraphDeletedObject>> {
    if (ids.length === 0) return [];
    const responses = await this.client.batchAll<{ id?: string; deletedDateTime?: string | null }>(
      ids.map((id, i) => ({ id: String(i), method: 'GET' as const, url: `/directory/deletedItems/${encodeURIComponent(id)}?$select=id,deletedDateTime` })),
      { signal: options.signal },
    );
    const deleted: GraphDeletedObject[] = [];
    responses.forEach((response, i) => {
      if (response.status === 404) return;
      const body = response.status === 200 ? response.body : undefined;
      deleted.push({ id: ids[i]!, deletedDateTime: body?.deletedDateTime ?? null });
    });
    return deleted;
  }

  usersDelta(request: DeltaRequest, options: PortCallOptions = {}): Promise<GraphDeltaRound<GraphUserDelta>> {
    return this.deltaRound<GraphUser, GraphUserDelta>('users', request, options);
  }

  groupsDelta(request: DeltaRequest, options: PortCallOptions = {}): Promise<GraphDeltaRound<GraphGroupDelta>> {
    return this.deltaRound<GraphGroup, GraphGroupDelta>('groups', request, options);
  }

  /**
   * One whole round. A stale link (410) makes the client restart a full round; the engine then sees every current
   * object, which converges to the same plan as a full sync.
   */
  private async deltaRound<T extends { id: string }, D>(collection: 'users' | 'groups', request: DeltaRequest, options: PortCallOptions): Promise<GraphDeltaRound<D>> {
    const store = new MemoryDeltaLinkStore();
    if (request.deltaLink !== null) store.set(DELTA_KEY, request.deltaLink);
    const value: unknown[] = [];
    let deltaLink: string | undefined;
    const pages: AsyncGenerator<DeltaPage<T>> = this.client.delta<T>(collection, { select: request.select, store, key: DELTA_KEY, signal: options.signal });
    for await (const page of pages) {
      value.push(...page.items);
      for (const removed of page.removed) value.push({ id: removed.id, '@removed': { reason: removed.reason } });
      if (page.deltaLink) deltaLink = page.deltaLink;
    }
    if (deltaLink === undefined) throw new GraphApiError({ code: 'InvalidDeltaResponse', call: `GET /${collection}/delta`, graphMessage: 'the delta round ended without an @odata.deltaLink.', attempts: 1 });
    return { value: value as D[], deltaLink };
  }
}

function withId(select: ReadonlyArray<string>): string {
  return [...new Set(['id', ...select])].join(',');
}

function toGroup(group: GraphGroup): EngineGroup {
  return { ...group, displayName: group.displayName ?? null };
}

function subRequestError(call: string, status: number, body: unknown): GraphApiError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new GraphApiError({ status, code: error?.code ?? `HTTP${status}`, call, graphMessage: error?.message ?? `sub-request answered ${status}`, attempts: 1 });
}
