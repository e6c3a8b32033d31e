/**
 * `/users/delta` and `/groups/delta` (graph-api.md §6). A round is an initial snapshot or the changes after a
 * baseline sequence number of the directory's change log; both are paged through `$skiptoken` nextLinks and end
 * with a `$deltatoken` deltaLink that records the new baseline. Tokens are opaque base64url JSON carrying the
 * query options of the first request (so later requests need none), the log epoch and the issue time.
 *
 * Stale tokens: a token from an older epoch (seed reload, or `invalidateDeltaTokens` — the control API's "tenant
 * maintenance") → 410 Gone with a `Location` whose `$deltatoken` is empty, i.e. start over with a full round.
 * Choice: a token older than 7 days → 410 with code `syncStateNotFound` (the reference says "4xx with a code like
 * syncStateNotFound"). Choice: large groups are not split across pages; each group appears once per page.
 */
import type { ChangeEntry, Directory, Json, ObjectKind } from './directory';
import { badRequest, GraphError } from './envelope';
import { filterClauses, type FilterNode } from './odata-filter';
import { decodeToken, encodeToken, project, validateSelect, type QueryOptions } from './query';

export const DELTA_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;

interface DeltaState {
  /** users | groups */
  readonly k: 'users' | 'groups';
  /** Baseline: changes after this sequence number. */
  readonly s: number;
  readonly e: number;
  /** Issued at (epoch ms) of the round's first token. */
  readonly t: number;
  readonly sel?: string[];
  readonly ids?: string[];
  /** Track membership (`members@delta`). */
  readonly m: boolean;
  /** Paging inside a round: phase, upper bound and offset. */
  readonly p?: 'init' | 'chg';
  readonly u?: number;
  readonly o?: number;
}

export interface DeltaContext {
  readonly directory: Directory;
  /** `https://127.0.0.1:port/v1.0` */
  readonly base: string;
  readonly pageSize: number;
  readonly minimal: boolean;
  readonly now: number;
}

const MEMBER_TYPES: Record<ObjectKind, string> = {
  user: '#microsoft.graph.user',
  group: '#microsoft.graph.group',
  servicePrincipal: '#microsoft.graph.servicePrincipal',
};

function idsFromFilter(filter: FilterNode | undefined, filterText: string | undefined): string[] | undefined {
  if (!filter) return undefined;
  const ids: string[] = [];
  const walk = (node: FilterNode): void => {
    if (node.kind === 'or') {
      walk(node.left);
      walk(node.right);
    } else if (node.kind === 'compare' && node.op === 'eq' && node.path === 'id' && typeof node.value === 'string') {
      ids.push(node.value.toLowerCase());
    } else {
      throw new GraphError(400, 'Request_UnsupportedQuery', `Delta query supports only $filter=id eq '…' (combined with or); got '${filterText ?? ''}'.`);
    }
  };
  walk(filter);
  if (filterClauses(filter).length > 50) throw new GraphError(400, 'Request_UnsupportedQuery', 'Delta query $filter supports at most 50 ids.');
  return ids;
}

export function handleDelta(kind: 'users' | 'groups', options: QueryOptions, ctx: DeltaContext): { body: Json; headers: Record<string, string> } {
  const { directory } = ctx;
  const entity = kind === 'users' ? 'user' : 'group';
  const link = (state: DeltaState, param: 'skiptoken' | 'deltatoken'): string => `${ctx.base}/${kind}/delta?$${param}=${encodeToken(state)}`;
  const headers: Record<string, string> = ctx.minimal ? { 'Preference-Applied': 'return=minimal' } : {};
  const resync = (code: string, message: string): GraphError =>
    new GraphError(410, code, message, { Location: `${ctx.base}/${kind}/delta?$deltatoken=` });

  if (options.top !== undefined) throw new GraphError(400, 'Request_UnsupportedQuery', 'Delta query does not support $top; page size is set by the service.');
  if (options.orderby) throw new GraphError(400, 'Request_UnsupportedQuery', 'Delta query does not support $orderby.');
  if (options.search !== undefined) throw new GraphError(400, 'Request_UnsupportedQuery', 'Delta query does not support $search.');
  if (options.expand !== undefined && (kind === 'users' || options.expand.toLowerCase() !== 'members')) {
    throw new GraphError(400, 'Request_UnsupportedQuery', `Delta query on ${kind} does not support $expand=${options.expand}.`);
  }

  let state: DeltaState;
  if (options.deltatoken === 'latest') {
    if (options.skiptoken) throw badRequest('Use either $deltatoken or $skiptoken, not both.');
    // "Sync from now": only a deltaLink, no data.
    state = { k: kind, s: directory.currentSeq, e: directory.deltaEpoch, t: ctx.now, ...selection(options, entity) };
    return { body: { '@odata.context': `${ctx.base}/$metadata#${kind}`, '@odata.deltaLink': link(state, 'deltatoken'), value: [] }, headers };
  }
  const token = options.skiptoken ?? (options.deltatoken === '' ? undefined : options.deltatoken);
  if (token !== undefined) {
    if (options.select || options.filter) {
      throw badRequest('Delta queries with both $select and $skipToken will not be supported; query options go on the first request only.');
    }
    state = decodeToken<DeltaState>(token, options.skiptoken ? '$skiptoken' : '$deltatoken');
    if (state.k !== kind) throw badRequest(`This token belongs to /${state.k}/delta, not /${kind}/delta.`);
    if (state.e !== directory.deltaEpoch || directory.isBeforeLog(state.s)) {
      throw resync('resyncRequired', 'The delta token is no longer valid (the tenant was re-synchronized); start a new delta round.');
    }
    if (ctx.now - state.t > DELTA_TOKEN_TTL_MS) throw resync('syncStateNotFound', 'The delta token has expired (older than 7 days); start a new delta round.');
    if (!options.skiptoken) state = { ...state, p: 'chg', u: directory.currentSeq, o: 0, t: ctx.now };
  } else {
    state = { k: kind, s: directory.currentSeq, e: directory.deltaEpoch, t: ctx.now, p: 'init', o: 0, ...selection(options, entity) };
  }

  const offset = state.o ?? 0;
  // Only the page's slice is projected: an initial round over a large tenant stays linear overall.
  const { total, page: pageItems } =
    state.p === 'init'
      ? initialObjects(kind, state, directory, offset, ctx.pageSize)
      : sliceOf(changedObjects(kind, state, directory, ctx.minimal), offset, ctx.pageSize);
  const body: Json = {
    '@odata.context': offset === 0 && state.sel && state.p === 'init' ? `${ctx.base}/$metadata#${kind}(${state.sel.join(',')})` : `${ctx.base}/$metadata#${kind}`,
  };
  if (offset + ctx.pageSize < total) {
    body['@odata.nextLink'] = link({ ...state, o: offset + ctx.pageSize }, 'skiptoken');
  } else {
    const baseline = state.p === 'init' ? state.s : (state.u ?? state.s);
    body['@odata.deltaLink'] = link({ k: kind, s: baseline, e: state.e, t: state.t, m: state.m, sel: state.sel, ids: state.ids }, 'deltatoken');
  }
  body.value = pageItems;
  return { body, headers };
}

function selection(options: QueryOptions, entity: 'user' | 'group'): Pick<DeltaState, 'sel' | 'ids' | 'm'> {
  validateSelect(options.select, entity, true);
  const sel = options.select?.filter((p) => p !== 'members');
  const tracksMembers = entity === 'group' && (!options.select || options.select.includes('members') || options.expand?.toLowerCase() === 'members');
  return { sel: sel && sel.length > 0 ? sel : options.select ? ['id'] : undefined, ids: idsFromFilter(options.filter, options.filterText), m: tracksMembers };
}

function sliceOf(objects: Json[], offset: number, size: number): { total: number; page: Json[] } {
  return { total: objects.length, page: objects.slice(offset, offset + size) };
}

function initialObjects(kind: 'users' | 'groups', state: DeltaState, directory: Directory, offset: number, size: number): { total: number; page: Json[] } {
  const wanted = state.ids ? new Set(state.ids) : undefined;
  if (kind === 'users') {
    const users = directory.liveUsers().filter((u) => !wanted || wanted.has(u.id));
    return { total: users.length, page: users.slice(offset, offset + size).map((u) => project(u.data, 'user', state.sel, true)) };
  }
  const groups = [...directory.groups.values()].filter((g) => !wanted || wanted.has(g.id));
  return {
    total: groups.length,
    page: groups.slice(offset, offset + size).map((g) => {
      const item = project(g.data, 'group', state.sel, true);
      if (state.m) item['members@delta'] = directory.directMembers(g.id).map((id) => ({ '@odata.type': MEMBER_TYPES[directory.kindOf(id) ?? 'user'], id }));
      return item;
    }),
  };
}

function changedObjects(kind: 'users' | 'groups', state: DeltaState, directory: Directory, minimal: boolean): Json[] {
  const entity = kind === 'users' ? 'user' : 'group';
  const changes = directory.changesSince(state.s, entity, state.u);
  const wanted = state.ids ? new Set(state.ids) : undefined;
  const byId = new Map<string, ChangeEntry[]>();
  for (const change of changes) {
    if (wanted && !wanted.has(change.id)) continue;
    const list = byId.get(change.id) ?? [];
    list.push(change);
    byId.set(change.id, list);
  }
  const selected = (name: string): boolean =>
    state.sel ? state.sel.some((s) => s.toLowerCase() === name.toLowerCase()) : entity === 'user' ? USER_DEFAULTS.has(name) : name !== 'members';
  const result: Json[] = [];
  for (const [id, list] of byId) {
    if (kind === 'users') {
      const user = directory.users.get(id);
      if (!user) {
        result.push({ id, '@removed': { reason: 'deleted' } });
        continue;
      }
      if (user.deletedDateTime !== null) {
        result.push({ id, '@removed': { reason: 'changed' } });
        continue;
      }
      const full = list.some((c) => c.type === 'created' || c.type === 'restored');
      const changed = new Set(list.flatMap((c) => ('properties' in c ? c.properties : [])).filter(selected));
      if (!full && changed.size === 0) continue;
      if (minimal && !full) {
        const item: Json = { id };
        for (const name of changed) item[name] = user.data[name] ?? null;
        result.push(item);
      } else {
        result.push(project(user.data, 'user', state.sel, true));
      }
      continue;
    }
    const group = directory.groups.get(id);
    if (!group) {
      result.push({ id, '@removed': { reason: 'deleted' } });
      continue;
    }
    const full = list.some((c) => c.type === 'created');
    const changed = new Set(list.flatMap((c) => ('properties' in c ? c.properties : [])).filter(selected));
    const memberEffect = new Map<string, { added: boolean; kind: ObjectKind }>();
    if (state.m) {
      for (const c of list) if (c.type === 'memberAdded' || c.type === 'memberRemoved') memberEffect.set(c.memberId, { added: c.type === 'memberAdded', kind: c.memberKind });
    }
    if (!full && changed.size === 0 && memberEffect.size === 0) continue;
    let item: Json;
    if (minimal && !full) {
      item = { id };
      for (const name of changed) item[name] = group.data[name] ?? null;
    } else {
      item = project(group.data, 'group', state.sel, true);
    }
    if (memberEffect.size > 0 || (full && state.m)) {
      const entries = full
        ? directory.directMembers(id).map((m) => ({ '@odata.type': MEMBER_TYPES[directory.kindOf(m) ?? 'user'], id: m }))
        : [...memberEffect].map(([memberId, effect]) =>
            effect.added
              ? { '@odata.type': MEMBER_TYPES[effect.kind], id: memberId }
              : { '@odata.type': MEMBER_TYPES[effect.kind], id: memberId, '@removed': { reason: 'deleted' } },
          );
      item['members@delta'] = entries;
    }
    result.push(item);
  }
  return result;
}

const USER_DEFAULTS = new Set(['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id']);
