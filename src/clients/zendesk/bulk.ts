/**
 * Bulk helpers: chunk the input to 100 items per job, keep at most 30 jobs queued or running across every bulk call of
 * a client (the account limit, reference §5) — the next job is submitted as soon as a slot frees —, poll all pending
 * jobs together in one `show_many` call at a short fixed interval, and map each job result back to the caller's item,
 * so the caller gets one result per input, in input order.
 */
import { setMaxListeners } from 'node:events';
import { abortError, sleep, throwIfAborted } from '../http';
import type { ZendeskBulkItemResult, ZendeskJobResult, ZendeskJobStatus } from './types';

export const BULK_CHUNK_SIZE = 100;
export const MAX_JOBS_IN_FLIGHT = 30;

export interface BulkRunOptions {
  readonly signal?: AbortSignal;
  /** ≤ 30 (Zendesk's account limit); lower it when other tools run jobs on the same account. */
  readonly maxJobsInFlight?: number;
  /** Called after each finished job with the items done so far. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

export interface JobPollingOptions {
  /**
   * Real ms from a job's submission to its first poll (default 3 000: three Zendesk seconds; the client divides it by
   * its time scale). Decision: a bulk job is queued, then works for seconds, so earlier polls would mostly find it
   * unfinished; waiting this long lets a trial provision (one job) stay within its 6 requests (reference: issue 5).
   */
  readonly firstPollMs: number;
  /**
   * Real ms between two polls of the pending jobs (default 1 000: one Zendesk second, scaled likewise). Decision: a
   * fixed interval rather than a back-off — with up to 30 jobs finishing one after another a back-off keeps growing
   * while results wait; one `show_many` per second for all of them finds a finished job within half a second on
   * average and costs at most 60 requests a minute, only while jobs are pending (node-zendesk polls each job on its
   * own every 500 ms).
   */
  readonly intervalMs: number;
  /** A job missing from `show_many` this many polls in a row is reported lost (node-zendesk tolerates 5 × 404). */
  readonly missingLimit: number;
}

export const DEFAULT_JOB_POLLING: JobPollingOptions = { firstPollMs: 3_000, intervalMs: 1_000, missingLimit: 5 };

const TERMINAL = new Set(['completed', 'failed', 'killed']);
/** `show_many` takes up to 100 ids. */
const POLL_BATCH = 100;

interface Waiter {
  /** Not polled before this moment (epoch ms). */
  readonly dueAt: number;
  readonly resolve: (status: ZendeskJobStatus) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
  missing: number;
}

/**
 * Polls every pending job of a client with one `show_many` call per round, whichever bulk call submitted it. Each
 * waiter can stop waiting with its own signal; the loop runs only while some job is pending.
 */
export class JobPoller {
  private readonly pending = new Map<string, Waiter>();
  private running = false;

  constructor(
    private readonly fetchMany: (ids: string[]) => Promise<ZendeskJobStatus[]>,
    private readonly options: JobPollingOptions,
  ) {}

  /** Resolves with the job's terminal status; rejects with an AbortError when `signal` aborts first. */
  wait(job: ZendeskJobStatus, signal?: AbortSignal): Promise<ZendeskJobStatus> {
    if (TERMINAL.has(job.status)) return Promise.resolve(job);
    throwIfAborted(signal);
    const promise = new Promise<ZendeskJobStatus>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(job.id);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(job.id, { dueAt: Date.now() + this.options.firstPollMs, resolve, reject, signal, onAbort, missing: 0 });
    });
    if (!this.running) void this.loop();
    return promise;
  }

  private settle(id: string, waiter: Waiter): void {
    this.pending.delete(id);
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.size > 0) {
        // The first round waits for the first job to be due; later ones come at the fixed interval.
        const firstDue = Math.min(...[...this.pending.values()].map((waiter) => waiter.dueAt));
        await sleep(Math.max(this.options.intervalMs, firstDue - Date.now()));
        // The due jobs, oldest first (Map order), so no job waits behind a stream of newer ones.
        const now = Date.now();
        const ids: string[] = [];
        for (const [id, waiter] of this.pending) {
          if (ids.length === POLL_BATCH) break;
          if (waiter.dueAt <= now) ids.push(id);
        }
        if (ids.length === 0) continue;
        let statuses: ZendeskJobStatus[];
        try {
          statuses = await this.fetchMany(ids);
        } catch (error) {
          // The HTTP layer already retried: the jobs' fate is unknown to every waiter of this round.
          for (const id of ids) {
            const waiter = this.pending.get(id);
            if (waiter === undefined) continue;
            this.settle(id, waiter);
            waiter.reject(error);
          }
          continue;
        }
        const byId = new Map(statuses.map((status) => [status.id, status]));
        for (const id of ids) {
          const waiter = this.pending.get(id);
          if (waiter === undefined) continue; // aborted meanwhile
          const status = byId.get(id);
          if (!status) {
            waiter.missing += 1;
            if (waiter.missing >= this.options.missingLimit) {
              this.settle(id, waiter);
              waiter.reject(new Error(`Zendesk job ${id} is no longer known (job statuses are kept for one day); its results are lost — re-read the affected users to see what was applied.`));
            }
            continue;
          }
          waiter.missing = 0;
          if (TERMINAL.has(status.status)) {
            this.settle(id, waiter);
            waiter.resolve(status);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** The account's job slots, shared by every bulk call of a client: at most `limit` jobs queued or running. */
export class JobSlots {
  private used = 0;
  private readonly queue: Array<{ grant: () => void; signal: AbortSignal | undefined; onAbort: () => void }> = [];

  constructor(readonly limit: number = MAX_JOBS_IN_FLIGHT) {}

  /** Waits for a free slot (first come, first served); rejects with an AbortError when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (this.used < this.limit && this.queue.length === 0) {
      this.used += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          this.used += 1;
          resolve();
        },
        signal,
        onAbort: () => {
          const at = this.queue.indexOf(entry);
          if (at >= 0) this.queue.splice(at, 1);
          reject(abortError(signal));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  release(): void {
    this.used -= 1;
    if (this.used < this.limit) this.queue.shift()?.grant();
  }
}

/** A client's bulk machinery: its job slots and its poller. */
export interface BulkJobs {
  readonly slots: JobSlots;
  readonly poller: JobPoller;
}

/**
 * Runs `submit` for each chunk of ≤ 100 items, each job under one of the client's slots (≤ `maxJobsInFlight` of this
 * call's at once, ≤ 30 for the whole client), the next chunk submitted as soon as a slot frees; returns one result per
 * item. The first error stops submitting and is rethrown once the jobs already submitted are settled.
 */
export async function runBulk<TInput>(
  items: readonly TInput[],
  submit: (chunk: readonly TInput[], signal?: AbortSignal) => Promise<ZendeskJobStatus>,
  jobs: BulkJobs,
  options: BulkRunOptions = {},
): Promise<Array<ZendeskBulkItemResult<TInput>>> {
  throwIfAborted(options.signal);
  // One listener on the caller's signal; this call's own signal carries the many waits of its jobs (slot, HTTP, poll).
  const local = new AbortController();
  setMaxListeners(4 * MAX_JOBS_IN_FLIGHT, local.signal);
  const forward = (): void => local.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  try {
    return await runJobs(items, submit, jobs, options, local.signal);
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}

async function runJobs<TInput>(
  items: readonly TInput[],
  submit: (chunk: readonly TInput[], signal?: AbortSignal) => Promise<ZendeskJobStatus>,
  jobs: BulkJobs,
  options: BulkRunOptions,
  signal: AbortSignal,
): Promise<Array<ZendeskBulkItemResult<TInput>>> {
  const limit = Math.max(1, Math.min(MAX_JOBS_IN_FLIGHT, options.maxJobsInFlight ?? MAX_JOBS_IN_FLIGHT));
  const chunks: Array<{ start: number; items: readonly TInput[] }> = [];
  for (let start = 0; start < items.length; start += BULK_CHUNK_SIZE) chunks.push({ start, items: items.slice(start, start + BULK_CHUNK_SIZE) });
  const results: Array<ZendeskBulkItemResult<TInput>> = new Array(items.length);
  let done = 0;
  let next = 0;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (next < chunks.length && firstError === undefined) {
      const chunk = chunks[next++]!;
      try {
        await jobs.slots.acquire(signal);
        let finished: ZendeskJobStatus;
        try {
          const submitted = await submit(chunk.items, signal);
          finished = await jobs.poller.wait(submitted, signal);
        } finally {
          jobs.slots.release();
        }
        mapResults(chunk.start, chunk.items, finished, results);
        done += chunk.items.length;
        options.onProgress?.({ done, total: items.length });
      } catch (error) {
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, chunks.length) }, worker));
  if (firstError !== undefined) throw firstError;
  return results;
}

function mapResults<TInput>(start: number, chunk: readonly TInput[], job: ZendeskJobStatus, out: Array<ZendeskBulkItemResult<TInput>>): void {
  const jobResults: readonly ZendeskJobResult[] = Array.isArray(job.results) ? job.results : [];
  const seen = new Set<number>();
  jobResults.forEach((result, position) => {
    // Results carry `index` (create) or come in input order (update/delete).
    const local = typeof result.index === 'number' ? result.index : position;
    if (local < 0 || local >= chunk.length || seen.has(local)) return;
    seen.add(local);
    const failed = typeof result.error === 'string' || result.success === false;
    out[start + local] = {
      index: start + local,
      input: chunk[local]!,
      ok: !failed,
      id: typeof result.id === 'number' ? result.id : undefined,
      status: typeof result.status === 'string' ? result.status : undefined,
      action: typeof result.action === 'string' ? result.action : undefined,
      error: failed ? (typeof result.error === 'string' ? result.error : 'Failed') : undefined,
      details: typeof result.details === 'string' ? result.details : undefined,
      jobId: job.id,
    };
  });
  for (let local = 0; local < chunk.length; local += 1) {
    if (seen.has(local)) continue;
    out[start + local] = {
      index: start + local,
      input: chunk[local]!,
      ok: false,
      error: job.status === 'completed' ? 'NoResult' : 'JobFailed',
      details: `Job ${job.id} ended "${job.status}" without a result for this item${job.message ? `: ${job.message}` : ''}`,
      jobId: job.id,
    };
  }
}
