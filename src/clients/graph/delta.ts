/**
 * Delta-round bookkeeping for `/users/delta` and `/groups/delta` (graph-api.md §6): where the deltaLink of the last
 * completed round is kept, and the page shape the client's delta iterator yields.
 */

/** Persists deltaLinks between runs (a file, VS Code's globalState, …). Keys are chosen by the client. */
export interface DeltaLinkStore {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, deltaLink: string): Promise<void> | void;
  delete(key: string): Promise<void> | void;
}

export class MemoryDeltaLinkStore implements DeltaLinkStore {
  private readonly links = new Map<string, string>();
  get(key: string): string | undefined {
    return this.links.get(key);
  }
  set(key: string, deltaLink: string): void {
    this.links.set(key, deltaLink);
  }
  delete(key: string): void {
    this.links.delete(key);
  }
  /** For diagnostics and tests. */
  entries(): Array<[string, string]> {
    return [...this.links];
  }
}

export interface RemovedObject {
  readonly id: string;
  /** `changed` = soft-deleted (restorable), `deleted` = permanently deleted. */
  readonly reason: 'changed' | 'deleted';
}

export interface DeltaPage<T> {
  /** Objects created or changed (with `Prefer: return=minimal`, only `id` + changed properties). */
  readonly items: T[];
  readonly removed: RemovedObject[];
  /** `full` = no stored link (or a resync): every current object; `incremental` = changes since the stored link. */
  readonly round: 'full' | 'incremental';
  /** True on the first page of a full round started because Graph answered 410 (the stored link was stale). */
  readonly resynced: boolean;
  /** Last page of the round; its deltaLink has been stored. */
  readonly last: boolean;
  readonly deltaLink?: string;
}

export interface MemberChange {
  readonly id: string;
  readonly type: string;
  readonly removed: boolean;
}

/** Reads a group's `members@delta` (adds and removals, in order). */
export function memberChanges(group: Record<string, unknown>): MemberChange[] {
  const entries = group['members@delta'];
  if (!Array.isArray(entries)) return [];
  return entries.map((entry: Record<string, unknown>) => ({
    id: String(entry.id),
    type: String(entry['@odata.type'] ?? '#microsoft.graph.directoryObject'),
    removed: entry['@removed'] !== undefined,
  }));
}
