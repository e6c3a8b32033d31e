/**
 * Bulk helpers: chunk the input to 100 items per call, keep at most 30 jobs queued or running (the account limit,
 * reference §5), poll their statuses with back-off — all pending jobs of a run in one `show_many` call — and map each
 * job result back to the caller's item, so the caller gets one result per input, in input order.
 */
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
  /** First wait before polling a job, real ms (default 500, node-zendesk's interval). */
  readonly initialMs: number;
  /** Back-off ceiling (default 5 000). */
  readonly maxMs: number;
  /** Growth per poll that finds nothing finished (default 1.5). */
  readonly factor: number;
  /** A job missing from `show_many` this many polls in a row is reported lost (node-zendesk tolerates 5 × 404). */
  readonly missingLimit: number;
}

export const DEFAULT_JOB_POLLING: JobPollingOptions = { initialMs: 500, maxMs: 5_000, factor: 1.5, missingLimit: 5 };

const TERMINAL = new Set(['completed', 'failed', 'killed']);

/** Polls every pending job of one bulk run with one `show_many` call per round. */
export class JobPoller {
  private readonly pending = new Map<string, { resolve: (status: ZendeskJobStatus) => void; reject: (error: unknown) => void; missing: number }>();
  private running = false;

  constructor(
    private readonly fetchMany: (ids: string[], signal?: AbortSignal) => Promise<ZendeskJobStatus[]>,
    private readonly options: JobPollingOptions,
    private readonly signal?: AbortSignal,
  ) {}

  /** Resolves with the job's terminal status. */
  wait(job: ZendeskJobStatus): Promise<ZendeskJobStatus> {
    if (TERMINAL.has(job.status)) return Promise.resolve(job);
    const promise = new Promise<ZendeskJobStatus>((resolve, reject) => this.pending.set(job.id, { resolve, reject, missing: 0 }));
    if (!this.running) void this.loop();
    return promise;
  }

  private async loop(): Promise<void> {
    this.running = true;
    let delay = this.options.initialMs;
    try {
      while (this.pending.size > 0) {
        await sleep(delay, this.signal);
        const ids = [...this.pending.keys()].slice(0, 100);
        const statuses = await this.fetchMany(ids, this.signal);
        const byId = new Map(statuses.map((status) => [status.id, status]));
        let finished = 0;
        for (const id of ids) {
          const waiter = this.pending.get(id)!;
          const status = byId.get(id);
          if (!status) {
            waiter.missing += 1;
            if (waiter.missing >= this.options.missingLimit) {
              this.pending.delete(id);
              waiter.reject(new Error(`Zendesk job ${id} is no longer known (job statuses are kept for one day); its results are lost — re-read the affected users to see what was applied.`));
            }
            continue;
          }
          waiter.missing = 0;
          if (TERMINAL.has(status.status)) {
            this.pending.delete(id);
            waiter.resolve(status);
            finished += 1;
          }
        }
        delay = finished > 0 ? this.options.initialMs : Math.min(this.options.maxMs, delay * this.options.factor);
      }
    } catch (error) {
      const failure = this.signal?.aborted ? abortError(this.signal) : error;
      for (const waiter of this.pending.values()) waiter.reject(failure);
      this.pending.clear();
    } finally {
      this.running = false;
    }
  }
}

/** Runs `submit` for each chunk of ≤ 100 items with ≤ `maxJobsInFlight` jobs pending; returns one result per item. */
export async function runBulk<TInput>(
  items: readonly TInput[],
  submit: (chunk: readonly TInput[], signal?: AbortSignal) => Promise<ZendeskJobStatus>,
  poller: JobPoller,
  options: BulkRunOptions = {},
): Promise<Array<ZendeskBulkItemResult<TInput>>> {
  throwIfAborted(options.signal);
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
        const submitted = await submit(chunk.items, options.signal);
        const finished = await poller.wait(submitted);
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
