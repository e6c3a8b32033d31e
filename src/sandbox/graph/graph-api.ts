/**
 * The Graph v1.0 surface of the sandbox, independent of sockets: `handle(request)` → status, headers, body. The HTTPS
 * server and `$batch` both call it, so a sub-request behaves exactly like a top-level one.
 *
 * Routes: `/servicePrincipals` (list, `{id}`, alternate key `(appId='…')`, `/appRoleAssignedTo` GET/POST/DELETE),
 * `/users` (list, `$count`, `delta`, `{id|upn}`, `('{upn}')`, `/appRoleAssignments`, `/memberOf`), `/groups` (list,
 * `$count`, `delta`, `{id}`, `/members` and `/transitiveMembers` with casts and `$count`), `/$batch`.
 * Permissions are enforced from the token's `roles`/`scp` (graph-api.md §11).
 */
import { randomUUID } from 'node:crypto';
import { handleDelta } from './delta';
import { DirectoryError, type AppRoleAssignmentRecord, type Directory, type Json, type ObjectKind } from './directory';
import { advancedQueryRequired, badRequest, errorBody, GraphError, notFound, ODATA_JSON, segmentNotFound, type ApiResponse } from './envelope';
import {
  APP_ROLE_ASSIGNMENT_FILTER_SUPPORT,
  applyFilterAndOrder,
  applySearch,
  checkFilter,
  checkOrderBy,
  GROUP_FILTER_SUPPORT,
  paginate,
  project,
  readQuery,
  SERVICE_PRINCIPAL_FILTER_SUPPORT,
  USER_FILTER_SUPPORT,
  validateSelect,
  type EntityType,
  type QueryOptions,
} from './query';
import { resourceUnitCost } from './throttle';
import type { TokenClaims } from './tokens';

export interface ApiRequest {
  readonly method: string;
  /** Path and query relative to `/v1.0`, e.g. `/users?$top=5`. */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  readonly body?: unknown;
  readonly claims: TokenClaims;
}

export interface GraphApiOptions {
  /** `https://127.0.0.1:port` */
  readonly origin: string;
  readonly deltaPageSize: number;
  /** Called for every (sub-)request that reaches a route, for the request counters. */
  readonly onRoute?: (route: string) => void;
  /** Drawn per `$batch` sub-request ("each sub-request is throttled individually", §8.3): a fault to answer with, if any. */
  readonly subRequestFault?: () => GraphError | undefined;
}

/** Permission sets (any one suffices) per operation family, least privileged first (graph-api.md §11). */
export const PERMISSIONS = {
  readApplications: ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readAssignments: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  writeAssignments: ['AppRoleAssignment.ReadWrite.All'],
  readUsers: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readGroups: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
} as const;

/** What `User.ReadBasic.All` alone may read (Graph's "basic profile"). */
const BASIC_USER_PROPERTIES = new Set(['id', 'displayname', 'givenname', 'surname', 'mail', 'userprincipalname', 'photo']);

const MEMBER_TYPE: Record<ObjectKind, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  servicePrincipal: '#microsoft.graph.servicePrincipal',
};

export class GraphApi {
  constructor(
    private readonly directory: Directory,
    private readonly options: GraphApiOptions,
  ) {}

  private get base(): string {
    return `${this.options.origin}/v1.0`;
  }

  /** Handles one request; never throws (errors become Graph error bodies). */
  handle(request: ApiRequest): ApiResponse {
    const requestId = randomUUID();
    const clientRequestId = request.headers['client-request-id'];
    const headers: Record<string, string> = {
      'request-id': requestId,
      'client-request-id': clientRequestId ?? requestId,
      'OData-Version': '4.0',
      'Cache-Control': 'no-cache',
    };
    try {
      const result = this.route(request);
      const merged = { ...headers, 'x-ms-resource-unit': String(resourceUnitCost(request.method, request.url, request.body)), ...result.headers };
      if (result.text !== undefined) return { status: result.status, headers: { ...merged, 'Content-Type': 'text/plain' }, text: result.text };
      if (result.body === undefined) return { status: result.status, headers: merged };
      return { status: result.status, headers: { ...merged, 'Content-Type': ODATA_JSON }, body: result.body };
    } catch (error) {
      if (error instanceof GraphError) {
        return { status: error.status, headers: { ...headers, ...error.headers, 'Content-Type': ODATA_JSON }, body: errorBody(error.code, error.message, requestId, clientRequestId) };
      }
      if (error instanceof DirectoryError) {
        const code = error.status === 404 ? 'Request_ResourceNotFound' : 'Request_BadRequest';
        return { status: error.status, headers: { ...headers, 'Content-Type': ODATA_JSON }, body: errorBody(code, error.message, requestId, clientRequestId) };
      }
      return {
        status: 500,
        headers: { ...headers, 'Content-Type': ODATA_JSON },
        body: errorBody('generalException', `The sandbox failed to handle the request: ${(error as Error).message}`, requestId, clientRequestId),
      };
    }
  }

  private route(request: ApiRequest): ApiResponse {
    const url = new URL(request.url, 'https://sandbox.invalid');
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const method = request.method.toUpperCase();
    const query = readQuery(url.searchParams, request.headers);
    const ctx: RouteContext = { request, method, query, params: url.searchParams, path: url.pathname };
    const [root, ...rest] = segments;
    if (root === undefined) throw segmentNotFound('v1.0');
    if (root === '$batch') return this.batch(ctx);
    const keyMatch = /^(servicePrincipals|users)\((.+)\)$/i.exec(root);
    const collection = keyMatch ? keyMatch[1]! : root;
    const key = keyMatch ? keyMatch[2]! : undefined;
    switch (collection) {
      case 'servicePrincipals':
        return this.servicePrincipals(ctx, key, rest);
      case 'users':
        return this.users(ctx, key, rest);
      case 'groups':
        return this.groups(ctx, rest);
      case 'directory':
        return this.deletedItems(ctx, rest);
      default:
        throw segmentNotFound(root);
    }
  }

  // ---- auth ----------------------------------------------------------------------------------------------------

  private permissionsOf(claims: TokenClaims): Set<string> {
    const granted = [...(claims.roles ?? []), ...(claims.scp ?? '').split(' ').filter((s) => s !== '')];
    return new Set(granted.map((p) => p.toLowerCase()));
  }

  private require(ctx: RouteContext, family: keyof typeof PERMISSIONS, route: string): void {
    this.options.onRoute?.(route);
    const granted = this.permissionsOf(ctx.request.claims);
    if (!PERMISSIONS[family].some((p) => granted.has(p.toLowerCase()))) {
      throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
  }

  /** With only User.ReadBasic.All, anything beyond the basic profile is denied. */
  private requireUserProperties(ctx: RouteContext, select: readonly string[] | undefined): void {
    const granted = this.permissionsOf(ctx.request.claims);
    const full = PERMISSIONS.readUsers.filter((p) => p !== 'User.ReadBasic.All').some((p) => granted.has(p.toLowerCase()));
    if (full) return;
    const names = select ?? ['businessPhones', 'jobTitle', 'mobilePhone', 'officeLocation', 'preferredLanguage'];
    if (names.some((n) => !BASIC_USER_PROPERTIES.has(n.toLowerCase()))) {
      throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
  }

  // ---- collections ---------------------------------------------------------------------------------------------

  /** A collection response; only the page's items are rendered, so large lists stay cheap. */
  private collection<T>(ctx: RouteContext, contextPath: string, items: readonly T[], render: (item: T) => Json, type?: EntityType): ApiResponse {
    const page = paginate(items, ctx.query, `${this.base}${ctx.path}`, ctx.params);
    const selectSuffix = ctx.query.select && type ? `(${ctx.query.select.join(',')})` : '';
    const body: Json = { '@odata.context': `${this.base}/$metadata#${contextPath}${selectSuffix}` };
    // @odata.count appears on the first page only, and only with advanced query (?$count=true alone is ignored).
    if (ctx.query.advanced && page.first) body['@odata.count'] = items.length;
    if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
    body.value = page.items.map(render);
    return { status: 200, headers: {}, body };
  }

  private countSegment(ctx: RouteContext, count: number): ApiResponse {
    if (!ctx.query.consistencyEventual) throw badRequest('$count is not currently supported.');
    return { status: 200, headers: {}, text: String(count) };
  }

  // ---- service principals --------------------------------------------------------------------------------------

  private servicePrincipals(ctx: RouteContext, key: string | undefined, rest: string[]): ApiResponse {
    let sp: { id: string; data: Json } | undefined;
    let tail = rest;
    if (key !== undefined) {
      const alt = /^appId='([^']*)'$/i.exec(key);
      const id = alt ? undefined : key.replace(/^'|'$/g, '');
      sp = alt ? this.directory.findServicePrincipalByAppId(alt[1]!) : this.directory.findServicePrincipal(id!);
      if (!sp) {
        this.require(ctx, 'readApplications', 'GET /servicePrincipals/{id}');
        throw notFound(alt ? alt[1]! : id!);
      }
    } else if (rest.length > 0) {
      const [idSegment, ...more] = rest;
      if (idSegment === '$count') {
        this.require(ctx, 'readApplications', 'GET /servicePrincipals/$count');
        return this.countSegment(ctx, this.directory.servicePrincipals.size);
      }
      if (idSegment === 'delta') throw segmentNotFound('delta');
      sp = this.directory.findServicePrincipal(idSegment!);
      if (!sp) {
        this.require(ctx, 'readApplications', 'GET /servicePrincipals/{id}');
        throw notFound(idSegment!);
      }
      tail = more;
    }
    if (!sp) {
      if (ctx.method !== 'GET') throw methodNotAllowed();
      this.require(ctx, 'readApplications', 'GET /servicePrincipals');
      validateSelect(ctx.query.select, 'servicePrincipal', true);
      checkFilter(ctx.query, SERVICE_PRINCIPAL_FILTER_SUPPORT, 'servicePrincipal');
      checkOrderBy(ctx.query, ['displayname']);
      const items = applyFilterAndOrder(applySearch([...this.directory.servicePrincipals.values()], ctx.query, ['displayName']), ctx.query);
      return this.collection(ctx, 'servicePrincipals', items, (s) => project(s.data, 'servicePrincipal', ctx.query.select), 'servicePrincipal');
    }
    if (tail.length === 0) {
      if (ctx.method !== 'GET') throw methodNotAllowed();
      this.require(ctx, 'readApplications', 'GET /servicePrincipals/{id}');
      validateSelect(ctx.query.select, 'servicePrincipal', false);
      const selectSuffix = ctx.query.select ? `(${ctx.query.select.join(',')})` : '';
      return { status: 200, headers: {}, body: { '@odata.context': `${this.base}/$metadata#servicePrincipals${selectSuffix}/$entity`, ...project(sp.data, 'servicePrincipal', ctx.query.select) } };
    }
    if (tail[0] === 'appRoleAssignedTo') return this.appRoleAssignedTo(ctx, sp, tail.slice(1));
    throw segmentNotFound(tail[0]!);
  }

  private assignmentJson(a: AppRoleAssignmentRecord): Json {
    return {
      id: a.id,
      deletedDateTime: null,
      appRoleId: a.appRoleId,
      createdDateTime: a.createdDateTime,
      principalDisplayName: this.directory.displayNameOf(a.principalId),
      principalId: a.principalId,
      principalType: a.principalType,
      resourceDisplayName: this.directory.displayNameOf(a.resourceId),
      resourceId: a.resourceId,
    };
  }

  private appRoleAssignedTo(ctx: RouteContext, sp: { id: string; data: Json }, rest: string[]): ApiResponse {
    const contextPath = `servicePrincipals('${sp.id}')/appRoleAssignedTo`;
    if (rest.length === 0 && ctx.method === 'GET') {
      this.require(ctx, 'readAssignments', 'GET /servicePrincipals/{id}/appRoleAssignedTo');
      validateSelect(ctx.query.select, 'appRoleAssignment', true);
      checkFilter(ctx.query, APP_ROLE_ASSIGNMENT_FILTER_SUPPORT, 'appRoleAssignment');
      const items = applyFilterAndOrder(
        this.directory.assignmentsTo(sp.id).map((a) => ({ data: this.assignmentJson(a) })),
        ctx.query,
      );
      return this.collection(ctx, contextPath, items, (i) => project(i.data, 'appRoleAssignment', ctx.query.select), 'appRoleAssignment');
    }
    if (rest.length === 0 && ctx.method === 'POST') {
      this.require(ctx, 'writeAssignments', 'POST /servicePrincipals/{id}/appRoleAssignedTo');
      const body = (ctx.request.body ?? {}) as Json;
      for (const field of ['principalId', 'resourceId', 'appRoleId']) {
        if (typeof body[field] !== 'string') throw badRequest(`Property '${field}' is required (a GUID) in the appRoleAssignment body.`);
      }
      if (String(body.resourceId).toLowerCase() !== sp.id) throw badRequest(`resourceId '${String(body.resourceId)}' must be the service principal in the URL ('${sp.id}').`);
      const created = this.directory.assign(String(body.principalId), sp.id, String(body.appRoleId));
      return { status: 201, headers: { Location: `${this.base}/servicePrincipals/${sp.id}/appRoleAssignedTo/${created.id}` }, body: { '@odata.context': `${this.base}/$metadata#${contextPath}/$entity`, ...this.assignmentJson(created) } };
    }
    if (rest.length === 1 && ctx.method === 'DELETE') {
      this.require(ctx, 'writeAssignments', 'DELETE /servicePrincipals/{id}/appRoleAssignedTo/{id}');
      const assignment = this.directory.assignments.get(rest[0]!);
      if (!assignment || assignment.resourceId !== sp.id) throw notFound(rest[0]!);
      this.directory.unassign({ assignmentId: assignment.id });
      return { status: 204, headers: {} };
    }
    if (rest.length === 1 && ctx.method === 'GET') {
      this.require(ctx, 'readAssignments', 'GET /servicePrincipals/{id}/appRoleAssignedTo/{id}');
      const assignment = this.directory.assignments.get(rest[0]!);
      if (!assignment || assignment.resourceId !== sp.id || !this.directory.isLive(assignment.principalId)) throw notFound(rest[0]!);
      return { status: 200, headers: {}, body: { '@odata.context': `${this.base}/$metadata#${contextPath}/$entity`, ...this.assignmentJson(assignment) } };
    }
    throw methodNotAllowed();
  }

  // ---- users ---------------------------------------------------------------------------------------------------

  /**
   * `GET /directory/deletedItems/{id}`: a soft-deleted user with its `deletedDateTime`; 404 once it is gone for good
   * (or never was deleted) — how the engine tells a soft delete (suspend) from a hard delete (delete).
   */
  private deletedItems(ctx: RouteContext, rest: string[]): ApiResponse {
    if (rest[0] !== 'deletedItems' || rest.length !== 2) throw segmentNotFound(['directory', ...rest].join('/'));
    if (ctx.method !== 'GET') throw methodNotAllowed();
    this.require(ctx, 'readUsers', 'GET /directory/deletedItems/{id}');
    validateSelect(ctx.query.select, 'user', false);
    const user = this.directory.findDeletedUser(rest[1]!);
    if (!user) throw notFound(rest[1]!);
    const selectSuffix = ctx.query.select ? `(${ctx.query.select.join(',')})` : '';
    return {
      status: 200,
      headers: {},
      body: {
        '@odata.context': `${this.base}/$metadata#directory/deletedItems${selectSuffix}/$entity`,
        '@odata.type': '#microsoft.graph.user',
        ...project({ ...user.data, deletedDateTime: user.deletedDateTime }, 'user', ctx.query.select),
        // deletedItems answers carry the deletion time with the default properties too.
        ...(ctx.query.select ? {} : { deletedDateTime: user.deletedDateTime }),
      },
    };
  }

  private users(ctx: RouteContext, key: string | undefined, rest: string[]): ApiResponse {
    if (ctx.method !== 'GET') throw methodNotAllowed();
    let idOrUpn = key?.replace(/^'|'$/g, '').replace(/''/g, "'");
    let tail = rest;
    if (idOrUpn === undefined) {
      if (rest.length === 0) return this.listUsers(ctx);
      if (rest[0] === '$count' && rest.length === 1) {
        this.require(ctx, 'readUsers', 'GET /users/$count');
        return this.countSegment(ctx, this.directory.liveUsers().length);
      }
      if (rest[0] === 'delta' && rest.length === 1) {
        this.require(ctx, 'readUsers', 'GET /users/delta');
        this.requireUserProperties(ctx, ctx.query.select);
        return this.delta('users', ctx);
      }
      idOrUpn = rest[0]!;
      tail = rest.slice(1);
    }
    const user = this.directory.findUser(idOrUpn);
    if (tail.length === 0) {
      this.require(ctx, 'readUsers', 'GET /users/{id}');
      validateSelect(ctx.query.select, 'user', false);
      this.requireUserProperties(ctx, ctx.query.select);
      if (!user) throw notFound(idOrUpn);
      const selectSuffix = ctx.query.select ? `(${ctx.query.select.join(',')})` : '';
      return { status: 200, headers: {}, body: { '@odata.context': `${this.base}/$metadata#users${selectSuffix}/$entity`, ...project(user.data, 'user', ctx.query.select) } };
    }
    if (tail.length === 1 && tail[0] === 'appRoleAssignments') {
      this.require(ctx, 'readAssignments', 'GET /users/{id}/appRoleAssignments');
      if (!user) throw notFound(idOrUpn);
      checkFilter(ctx.query, APP_ROLE_ASSIGNMENT_FILTER_SUPPORT, 'appRoleAssignment');
      const items = applyFilterAndOrder(
        [...this.directory.assignments.values()].filter((a) => a.principalId === user.id).map((a) => ({ data: this.assignmentJson(a) })),
        ctx.query,
      );
      return this.collection(ctx, `users('${user.id}')/appRoleAssignments`, items, (i) => project(i.data, 'appRoleAssignment', ctx.query.select));
    }
    if (tail.length === 1 && (tail[0] === 'memberOf' || tail[0] === 'transitiveMemberOf')) {
      this.require(ctx, 'readGroups', `GET /users/{id}/${tail[0]}`);
      if (!user) throw notFound(idOrUpn);
      const groups = [...this.directory.groups.values()].filter((g) =>
        tail[0] === 'memberOf' ? this.directory.directMembers(g.id).includes(user.id) : this.directory.transitiveMembers(g.id).includes(user.id),
      );
      return this.collection(ctx, 'directoryObjects', groups, (g) => ({ '@odata.type': MEMBER_TYPE.group, ...project(g.data, 'group', ctx.query.select) }));
    }
    throw segmentNotFound(tail[0]!);
  }

  private listUsers(ctx: RouteContext): ApiResponse {
    this.require(ctx, 'readUsers', 'GET /users');
    validateSelect(ctx.query.select, 'user', true);
    this.requireUserProperties(ctx, ctx.query.select);
    checkFilter(ctx.query, USER_FILTER_SUPPORT, 'user');
    checkOrderBy(ctx.query, ['displayname', 'userprincipalname']);
    if (ctx.query.expand && ctx.query.advanced) throw new GraphError(400, 'Request_UnsupportedQuery', '$expand is not supported with advanced queries.');
    const items = applyFilterAndOrder(applySearch(this.directory.liveUsers(), ctx.query, ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'mailNickname']), ctx.query);
    return this.collection(ctx, 'users', items, (u) => project(u.data, 'user', ctx.query.select), 'user');
  }

  // ---- groups --------------------------------------------------------------------------------------------------

  private groups(ctx: RouteContext, rest: string[]): ApiResponse {
    if (ctx.method !== 'GET') throw methodNotAllowed();
    if (rest.length === 0) {
      this.require(ctx, 'readGroups', 'GET /groups');
      validateSelect(ctx.query.select, 'group', true);
      checkFilter(ctx.query, GROUP_FILTER_SUPPORT, 'group');
      checkOrderBy(ctx.query, ['displayname']);
      const items = applyFilterAndOrder(applySearch([...this.directory.groups.values()], ctx.query, ['displayName', 'description']), ctx.query);
      return this.collection(ctx, 'groups', items, (g) => project(g.data, 'group', ctx.query.select), 'group');
    }
    if (rest[0] === '$count' && rest.length === 1) {
      this.require(ctx, 'readGroups', 'GET /groups/$count');
      return this.countSegment(ctx, this.directory.groups.size);
    }
    if (rest[0] === 'delta' && rest.length === 1) {
      this.require(ctx, 'readGroups', 'GET /groups/delta');
      return this.delta('groups', ctx);
    }
    const group = this.directory.groups.get(rest[0]!.toLowerCase());
    const [, navigation, cast, ...more] = rest;
    if (navigation === undefined) {
      this.require(ctx, 'readGroups', 'GET /groups/{id}');
      validateSelect(ctx.query.select, 'group', false);
      if (!group) throw notFound(rest[0]!);
      const selectSuffix = ctx.query.select ? `(${ctx.query.select.join(',')})` : '';
      return { status: 200, headers: {}, body: { '@odata.context': `${this.base}/$metadata#groups${selectSuffix}/$entity`, ...project(group.data, 'group', ctx.query.select) } };
    }
    if (navigation !== 'members' && navigation !== 'transitiveMembers') throw segmentNotFound(navigation);
    this.require(ctx, 'readGroups', `GET /groups/{id}/${navigation}${cast === '$count' ? '/$count' : cast ? '/{cast}' : ''}`);
    if (!group) throw notFound(rest[0]!);
    const memberIds = navigation === 'members' ? this.directory.directMembers(group.id) : this.directory.transitiveMembers(group.id);
    let castKind: ObjectKind | undefined;
    let countOnly = cast === '$count' && more.length === 0;
    if (cast !== undefined && cast !== '$count') {
      castKind = ({ 'microsoft.graph.user': 'user', 'microsoft.graph.group': 'group', 'microsoft.graph.serviceprincipal': 'servicePrincipal' } as Record<string, ObjectKind>)[cast.toLowerCase()];
      if (!castKind) throw segmentNotFound(cast);
      if (castKind === 'group' && Array.isArray(group.data.groupTypes) && (group.data.groupTypes as string[]).includes('Unified')) {
        throw new GraphError(400, 'Request_UnsupportedQuery', "A Microsoft 365 group cannot contain groups: the cast 'microsoft.graph.group' is not supported on its members.");
      }
      if (more.length === 1 && more[0] === '$count') countOnly = true;
      else if (more.length > 0) throw segmentNotFound(more[0]!);
      // OData casts on members/transitiveMembers are advanced queries (§7).
      if (!countOnly && !ctx.query.advanced) throw advancedQueryRequired(`OData cast '${cast}'`);
    } else if (more.length > 0) {
      throw segmentNotFound(more[0]!);
    }
    let members = memberIds
      .map((id) => ({ id, kind: this.directory.kindOf(id)!, data: this.memberData(id) }))
      .filter((m) => m.data !== undefined && (!castKind || m.kind === castKind)) as Array<{ id: string; kind: ObjectKind; data: Json }>;
    if (countOnly) return this.countSegment(ctx, members.length);
    if ((ctx.query.filter || ctx.query.orderby || ctx.query.search !== undefined) && !ctx.query.advanced) {
      throw advancedQueryRequired(ctx.query.filter ? '$filter' : ctx.query.orderby ? '$orderby' : '$search');
    }
    validateSelect(ctx.query.select, castKind ?? 'directoryObject', true);
    members = applyFilterAndOrder(members, ctx.query);
    const contextPath = castKind ? (castKind === 'user' ? 'users' : castKind === 'group' ? 'groups' : 'servicePrincipals') : 'directoryObjects';
    // Choice (§4): @odata.type on every item of a polymorphic collection, none on cast collections.
    return this.collection(ctx, contextPath, members, (m) => {
      const projected = project(m.data, m.kind, ctx.query.select);
      return castKind ? projected : { '@odata.type': MEMBER_TYPE[m.kind], ...projected };
    });
  }

  private memberData(id: string): Json | undefined {
    const key = id.toLowerCase();
    return this.directory.users.get(key)?.data ?? this.directory.groups.get(key)?.data ?? this.directory.servicePrincipals.get(key)?.data;
  }

  // ---- delta ---------------------------------------------------------------------------------------------------

  private delta(kind: 'users' | 'groups', ctx: RouteContext): ApiResponse {
    const prefer = (ctx.request.headers['prefer'] ?? '').toLowerCase();
    const result = handleDelta(kind, ctx.query, {
      directory: this.directory,
      base: this.base,
      pageSize: this.options.deltaPageSize,
      minimal: prefer.split(',').some((p) => p.trim() === 'return=minimal'),
      now: Date.now(),
    });
    return { status: 200, headers: result.headers, body: result.body };
  }

  // ---- $batch --------------------------------------------------------------------------------------------------

  private batch(ctx: RouteContext): ApiResponse {
    if (ctx.method !== 'POST') throw methodNotAllowed();
    this.options.onRoute?.('POST /$batch');
    const body = ctx.request.body as { requests?: unknown } | undefined;
    if (!body || !Array.isArray(body.requests)) throw badRequest('Invalid batch payload: expected a JSON object with a "requests" array.');
    const requests = body.requests as Array<Record<string, unknown>>;
    if (requests.length === 0) throw badRequest('Invalid batch payload: "requests" is empty.');
    if (requests.length > 20) throw badRequest(`Invalid batch payload: ${requests.length} requests; a batch holds at most 20.`);
    const seen = new Set<string>();
    for (const [i, item] of requests.entries()) {
      if (typeof item.id !== 'string' || item.id === '') throw badRequest(`Invalid batch payload: requests[${i}].id must be a non-empty string.`);
      if (seen.has(item.id.toLowerCase())) throw badRequest(`Invalid batch payload: duplicate request id '${item.id}' (ids are unique, case-insensitively).`);
      seen.add(item.id.toLowerCase());
      if (typeof item.method !== 'string' || typeof item.url !== 'string') throw badRequest(`Invalid batch payload: requests[${i}] needs "method" and "url".`);
      if (/^https?:/i.test(item.url) || item.url.startsWith('/v1.0')) throw badRequest(`Invalid batch payload: requests[${i}].url must be relative to the version, like "/users/{id}".`);
      if (item.body !== undefined && !(item.headers && typeof item.headers === 'object' && Object.keys(item.headers).some((h) => h.toLowerCase() === 'content-type'))) {
        throw badRequest(`Invalid batch payload: requests[${i}] has a body but no "Content-Type" in its headers.`);
      }
    }
    const status = new Map<string, number>();
    const responses: Json[] = [];
    for (const item of requests) {
      const id = item.id as string;
      const dependsOn = Array.isArray(item.dependsOn) ? (item.dependsOn as string[]) : [];
      const failed = dependsOn.find((dep) => (status.get(dep.toLowerCase()) ?? 424) >= 400);
      if (failed !== undefined) {
        status.set(id.toLowerCase(), 424);
        const requestId = randomUUID();
        responses.push({ id, status: 424, headers: { 'Content-Type': ODATA_JSON }, body: errorBody('BadRequest', `Request failed because its dependency '${failed}' failed or was not run.`, requestId, undefined) });
        continue;
      }
      const fault = this.options.subRequestFault?.();
      if (fault) {
        status.set(id.toLowerCase(), fault.status);
        const requestId = randomUUID();
        responses.push({ id, status: fault.status, headers: { ...fault.headers, 'Content-Type': ODATA_JSON }, body: errorBody(fault.code, fault.message, requestId, undefined) });
        continue;
      }
      const subHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries((item.headers as Record<string, string> | undefined) ?? {})) subHeaders[k.toLowerCase()] = String(v);
      const result = this.handle({ method: item.method as string, url: item.url as string, headers: subHeaders, body: item.body, claims: ctx.request.claims });
      status.set(id.toLowerCase(), result.status);
      const entry: Json = { id, status: result.status, headers: result.headers };
      if (result.body !== undefined) entry.body = result.body;
      if (result.text !== undefined) entry.body = result.text;
      responses.push(entry);
    }
    return { status: 200, headers: {}, body: { responses } };
  }
}

interface RouteContext {
  readonly request: ApiRequest;
  readonly method: string;
  readonly query: QueryOptions;
  readonly params: URLSearchParams;
  readonly path: string;
}

function methodNotAllowed(): GraphError {
  return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}
