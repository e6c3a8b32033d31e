/**
 * Bulk jobs and their `job_status` lifecycle (reference §5): `queued` on submit (progress and results null), `working`
 * with progress, then `completed` (at least one item succeeded) or `failed` (all failed, reference §14) with per-item
 * results. Jobs advance lazily with the clock — no timers, so a sandbox never keeps a process alive — and a poll of a
 * queued job moves it to `working`. The work itself runs at completion, in submission order.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './errors';

export type JobState = 'queued' | 'working' | 'completed' | 'failed';

export interface JobResult {
  [key: string]: unknown;
}

interface JobRecord {
  id: string;
  job_type: string;
  total: number;
  status: JobState;
  progress: number | null;
  message: string | null;
  results: JobResult[] | null;
  /** Word used in progress messages ("Creating User #53"). */
  verb: string;
  createdAt: number;
  startAt: number;
  doneAt: number;
  work: () => JobResult[];
}

export interface JobTiming {
  /** Real milliseconds a job stays queued (unless polled). */
  queuedMs: number;
  /** Real milliseconds a job works before completing. */
  workingMs: number;
}

/** Reference §5: "≤ 30 queued or running jobs per account". */
export const MAX_JOBS_IN_FLIGHT = 30;
/** "You can access the job status data for one day after a particular job is created." */
const JOB_RETENTION_MS = 24 * 60 * 60 * 1000;

export class JobQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private counter = 0;

  constructor(
    private readonly now: () => number,
    public timing: JobTiming,
    /** Real ms per Zendesk second (1000 / timeScale), for retention and Retry-After. */
    public msPerZendeskSecond: number,
    private readonly seed: number,
  ) {}

  clear(): void {
    this.jobs.clear();
  }

  inFlight(): JobRecord[] {
    this.tick();
    return [...this.jobs.values()].filter((job) => job.status === 'queued' || job.status === 'working');
  }

  /**
   * Queues a job or throws `TooManyJobs` — **429** + `Retry-After: 60` (Zendesk seconds) +
   * `zendesk-ratelimit-inflight-jobs: …remaining=0` (reference §14 choice; the status is not documented).
   */
  submit(jobType: string, verb: string, total: number, work: () => JobResult[], retryAfter: (zendeskSeconds: number) => string): JobRecord {
    const inFlight = this.inFlight();
    if (inFlight.length >= MAX_JOBS_IN_FLIGHT) {
      const resets = retryAfter(60);
      throw new ApiError(
        429,
        {
          error: 'TooManyJobs',
          description: `Too many ${jobType} jobs are currently queued or running. Try again later.`,
          current_job_ids: inFlight.map((job) => job.id),
        },
        { 'Retry-After': resets, 'zendesk-ratelimit-inflight-jobs': `total=${MAX_JOBS_IN_FLIGHT}; remaining=0; resets=${resets}` },
      );
    }
    this.counter += 1;
    const now = this.now();
    const id = createHash('md5').update(`${this.seed}:${this.counter}:${now}`).digest('hex');
    const job: JobRecord = {
      id, job_type: jobType, total, status: 'queued', progress: null, message: null, results: null, verb,
      createdAt: now, startAt: now + this.timing.queuedMs, doneAt: now + this.timing.queuedMs + this.timing.workingMs, work,
    };
    this.jobs.set(id, job);
    return job;
  }

  /** Header value after a submit: `total=30; remaining=N; resets=N`. */
  inflightHeader(resets: string): string {
    return `total=${MAX_JOBS_IN_FLIGHT}; remaining=${Math.max(0, MAX_JOBS_IN_FLIGHT - this.inFlight().length)}; resets=${resets}`;
  }

  /** A status read by a client: a queued job starts working when polled. */
  poll(id: string): JobRecord | undefined {
    this.tick();
    const job = this.jobs.get(id);
    if (job && job.status === 'queued') {
      const now = this.now();
      job.startAt = now;
      job.doneAt = Math.max(job.doneAt, now + 1);
      this.tick();
    }
    return job;
  }

  list(): JobRecord[] {
    this.tick();
    return [...this.jobs.values()];
  }

  /** Finishes every job now (control API / tests). */
  completeAll(): void {
    for (const job of this.jobs.values()) job.doneAt = Math.min(job.doneAt, this.now());
    this.tick();
  }

  /** Advances every job to where the clock says it is; completes in submission order. */
  tick(): void {
    const now = this.now();
    for (const job of this.jobs.values()) {
      if (now - job.createdAt > JOB_RETENTION_MS * (this.msPerZendeskSecond / 1000)) {
        this.jobs.delete(job.id);
        continue;
      }
      if (job.status === 'completed' || job.status === 'failed') continue;
      if (now >= job.doneAt) {
        const results = job.work();
        job.results = results;
        job.progress = job.total;
        const anySucceeded = results.some((result) => !('error' in result));
        job.status = anySucceeded || results.length === 0 ? 'completed' : 'failed';
        job.message = `${job.status === 'completed' ? 'Completed' : 'Failed'} at ${rubyTime(now)}`;
      } else if (now >= job.startAt) {
        job.status = 'working';
        const fraction = (now - job.startAt) / Math.max(1, job.doneAt - job.startAt);
        job.progress = Math.min(job.total - 1, Math.max(0, Math.floor(job.total * fraction)));
        job.message = `${job.verb} #${job.progress + 1}`;
      }
    }
  }

  render(job: JobRecord, base: string): Record<string, unknown> {
    return {
      id: job.id, job_type: job.job_type, url: `${base}/job_statuses/${job.id}.json`, total: job.total, progress: job.progress,
      status: job.status, message: job.message, results: job.results,
    };
  }
}

/** `2023-09-18 23:26:10 +0000`, the format of job messages. */
function rubyTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}
