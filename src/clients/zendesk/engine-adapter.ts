/**
 * The engine's Zendesk port (`src/core/engine/ports.ts`) on top of {@link ZendeskClient}: a thin mapping. Lists are
 * drained from the client's page iterators; bulk calls keep the client's chunking (100 per job, ≤ 30 in flight) and
 * its per-item results are mapped to the engine's `ZendeskItemResult` in input order.
 *
 * Bulk user imports are disabled on Zendesk accounts until Zendesk enables them (and `create_or_update_many` is
 * refused on trial accounts): both answer 403 (zendesk-api.md §4.2). Then, and only then, creates go through single
 * `POST /users/create_or_update` calls, which the client paces within the per-user and per-account limits;
 * {@link ZendeskEngineAdapter.bulkFallback} records that it happened so the run summary can say so.
 */
import type {
  PortCallOptions,
  ZendeskCustomRole as EngineCustomRole,
  ZendeskGroup as EngineGroup,
  ZendeskGroupInput as EngineGroupInput,
  ZendeskGroupMembership as EngineMembership,
  ZendeskItemResult,
  ZendeskMembershipInput,
  ZendeskPort as EngineZendeskPort,
  ZendeskUser as EngineUser,
  ZendeskUserInput as EngineUserInput,
  ZendeskUserLookup,
  ZendeskUserUpdate as EngineUserUpdate,
} from '../../core/engine';
import type { ZendeskClient } from './client';
import { ZendeskApiError } from './errors';
import type { ZendeskBulkItemResult, ZendeskGroup as ClientGroup, ZendeskUser, ZendeskUserInput } from './types';

/** Why bulk was bypassed, once per adapter (i.e. per run). */
export interface BulkFallbackNotice {
  readonly operation: 'createOrUpdateUsers';
  readonly reason: string;
  /** Items sent through single calls instead. */
  readonly items: number;
}

async function drain<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

function toItemResult<T>(result: ZendeskBulkItemResult<T>): ZendeskItemResult {
  return {
    index: result.index,
    ok: result.ok,
    ...(result.id !== undefined ? { id: result.id } : {}),
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.details !== undefined ? { details: result.details } : {}),
  };
}

/** A single call's failure as a per-item result: Zendesk's code, its first field error and the HTTP status. */
function failedItem(index: number, error: ZendeskApiError): ZendeskItemResult {
  const fieldError = error.details ? Object.values(error.details).flat()[0] : undefined;
  return {
    index,
    ok: false,
    error: fieldError?.error ?? error.code ?? 'Error',
    details: fieldError?.description ?? error.description ?? error.message,
    ...(error.status !== undefined ? { httpStatus: error.status } : {}),
  };
}

/** A plain object type (the client's interface has no index signature; the engine's open type wants one). */
function toEngineGroup(group: ClientGroup): EngineGroup {
  return { ...group };
}

/** Search syntax quoting: a value with spaces or quotes is wrapped in double quotes. */
function searchValue(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}

export class ZendeskEngineAdapter implements EngineZendeskPort {
  private fallback: BulkFallbackNotice | null = null;

  constructor(readonly client: ZendeskClient) {}

  /** Set when bulk imports were refused (403) and single calls were used instead; null otherwise. */
  get bulkFallback(): BulkFallbackNotice | null {
    return this.fallback;
  }

  async listUsers(options: PortCallOptions = {}): Promise<ReadonlyArray<EngineUser>> {
    return drain(this.client.listUsers({ signal: options.signal }));
  }

  async showUsers(ids: ReadonlyArray<number>, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineUser>> {
    if (ids.length === 0) return [];
    const users = await this.client.showManyUsers({ ids }, { signal: options.signal });
    return users.filter((user) => user.active !== false);
  }

  /**
   * `external_id` uses the exact `external_id` parameter of `/users/search` (search syntax would tokenize it);
   * anything else is a search-syntax query `attribute:value`, with the results filtered to exact (case-insensitive)
   * matches because search matches words.
   */
  async searchUsers(lookup: ZendeskUserLookup, options: PortCallOptions = {}): Promise<ReadonlyArray<EngineUser>> {
    const wanted = lookup.value.toLowerCase();
    const same = (user: ZendeskUser): boolean => {
      const value = user[lookup.attribute];
      return typeof value === 'string' && value.toLowerCase() === wanted;
    };
    if (lookup.attribute === 'external_id') {
      const response = await this.client.http.request<{ users: ZendeskUser[] }>({
        method: 'GET',
        path: '/users/search',
        query: { external_id: lookup.value },
        signal: options.signal,
      });
      return response.data.users.filter(same);
    }
    const found = await drain(this.client.searchUsers(`${lookup.attribute}:${searchValue(lookup.value)}`, { signal: options.signal }));
    return found.filter(same);
  }

  async listCustomRoles(options: PortCallOptions = {}): Promise<ReadonlyArray<EngineCustomRole> | null> {
    const roles = await this.client.listCustomRoles({ signal: options.signal });
    return roles === null ? null : roles.map((role) => ({ id: role.id, name: role.name, role_type: role.role_type }));
  }

  async listGroups(options: PortCallOptions = {}): Promise<ReadonlyArray<EngineGroup>> {
    return (await drain(this.client.listGroups({ signal: options.signal, excludeDeleted: true }))).map(toEngineGroup);
  }

  async listGroupMemberships(options: PortCallOptions = {}): Promise<ReadonlyArray<EngineMembership>> {
    return drain(this.client.listGroupMemberships({ signal: options.signal }));
  }

  async createOrUpdateUsers(users: ReadonlyArray<EngineUserInput>, options: PortCallOptions = {}): Promise<ReadonlyArray<ZendeskItemResult>> {
    if (users.length === 0) return [];
    const inputs = users as ReadonlyArray<ZendeskUserInput>;
    if (this.fallback === null) {
      try {
        return (await this.client.createOrUpdateManyUsers(inputs, { signal: options.signal })).map(toItemResult);
      } catch (error) {
        if (!(error instanceof ZendeskApiError) || error.status !== 403) throw error;
        this.fallback = {
          operation: 'createOrUpdateUsers',
          reason: 'Zendesk refused bulk user import (403): bulk imports are off for this account (or it is a trial). Users were created one call at a time, within the per-user and per-account limits; ask Zendesk support to enable bulk imports for faster runs.',
          items: 0,
        };
      }
    }
    const results: ZendeskItemResult[] = [];
    for (const [index, user] of inputs.entries()) {
      try {
        const { user: saved, created } = await this.client.createOrUpdateUser(user, { signal: options.signal });
        results.push({ index, ok: true, id: saved.id, status: created ? 'Created' : 'Updated' });
      } catch (error) {
        if (!(error instanceof ZendeskApiError) || error.status === 401 || error.status === undefined) throw error;
        results.push(failedItem(index, error));
      }
    }
    this.fallback = { ...this.fallback!, items: this.fallback!.items + inputs.length };
    return results;
  }

  async updateUsers(users: ReadonlyArray<EngineUserUpdate>, options: PortCallOptions = {}): Promise<ReadonlyArray<ZendeskItemResult>> {
    if (users.length === 0) return [];
    return (await this.client.updateManyUsers(users as ReadonlyArray<ZendeskUserInput & { id: number }>, { signal: options.signal })).map(toItemResult);
  }

  async destroyUsers(ids: ReadonlyArray<number>, options: PortCallOptions = {}): Promise<ReadonlyArray<ZendeskItemResult>> {
    if (ids.length === 0) return [];
    return (await this.client.destroyManyUsers(ids, { signal: options.signal })).map(toItemResult);
  }

  async createGroup(group: EngineGroupInput, options: PortCallOptions = {}): Promise<EngineGroup> {
    return toEngineGroup(await this.client.createGroup(group, { signal: options.signal }));
  }

  async updateGroup(id: number, group: EngineGroupInput, options: PortCallOptions = {}): Promise<EngineGroup> {
    return toEngineGroup(await this.client.updateGroup(id, group, { signal: options.signal }));
  }

  async deleteGroup(id: number, options: PortCallOptions = {}): Promise<void> {
    await this.client.deleteGroup(id, { signal: options.signal });
  }

  async createMemberships(memberships: ReadonlyArray<ZendeskMembershipInput>, options: PortCallOptions = {}): Promise<ReadonlyArray<ZendeskItemResult>> {
    if (memberships.length === 0) return [];
    const inputs = memberships.map(({ user_id, group_id }) => ({ user_id, group_id }));
    return (await this.client.createManyGroupMemberships(inputs, { signal: options.signal })).map(toItemResult);
  }

  async deleteMemberships(ids: ReadonlyArray<number>, options: PortCallOptions = {}): Promise<ReadonlyArray<ZendeskItemResult>> {
    if (ids.length === 0) return [];
    return (await this.client.destroyManyGroupMemberships(ids, { signal: options.signal })).map(toItemResult);
  }
}
