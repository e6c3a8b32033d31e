/**
 * Apply (reference §1.1, §1.9, §1.12): carry a plan out through the Zendesk port — users in bulk (creates through
 * create_or_update_many, updates/suspends/reactivations through update_many, deletes through destroy_many, chunks of
 * 100), then groups, then memberships — map every per-item result back to its plan entry, record links, keep failures
 * as escrows retried with back-off, and stop the run (quarantine-like) when failures pass the service's thresholds or
 * credentials fail. Progress events and AbortSignal cancellation; a stopped or cancelled run can simply be rerun:
 * links made so far are returned, and creates go through create_or_update (matched by e-mail), so no duplicates.
 */
import { type EngineObjectError, objectError } from './errors';
import type { ApplyOutcome } from './log';
import type { GroupPlanEntry, LinkUpdate, MembershipPlanEntry, PlanEntry, ProvisioningPlan, UserPlanEntry } from './plan';
import type { EngineState, Escrow, ObjectLink, PortCallOptions, ZendeskItemResult, ZendeskPort } from './ports';

/** Zendesk's bulk limit per job (zendesk-api.md §0). */
export const ZENDESK_BULK_LIMIT = 100;
/** Zendesk's limit of queued/running jobs per account (zendesk-api.md §0). */
export const ZENDESK_JOBS_IN_FLIGHT = 30;
/**
 * Items handed to the port per bulk call: one wave of 30 jobs of 100. The port (client) splits a call into jobs of 100,
 * keeps them all in flight and polls them together, so the engine must not chunk to 100 itself — that would leave one
 * job in flight at a time and poll each alone (measured in bench/sync: 20× the floor). Progress, cancellation and the
 * failure thresholds are checked between waves. The next wave is handed to the port while the current one runs (see
 * `bulk`), so the port can submit its jobs as the current wave's jobs finish rather than after the slowest of them.
 */
export const APPLY_CHUNK_SIZE = ZENDESK_BULK_LIMIT * ZENDESK_JOBS_IN_FLIGHT;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Escrows are retried for 28 days, then dropped (reference §0). */
export const ESCROW_LIFETIME_MS = 28 * DAY;

/**
 * The next retry of an escrow: +6 h, +12 h, +24 h after the first failure, then every 24 h (reference §0).
 * `attempts` counts the failures so far (1 after the first).
 */
export function escrowNextAttempt(firstFailure: Date, attempts: number): Date {
  const offset = attempts <= 1 ? 6 * HOUR : attempts === 2 ? 12 * HOUR : (attempts - 2) * DAY;
  return new Date(firstFailure.getTime() + offset);
}

/** The service's quarantine thresholds (reference §0, §1.9); configurable for tests. */
export interface FailureThresholds {
  /** Thresholds are evaluated only from this many failures on. */
  readonly evaluateFrom: number;
  /** Stop when more than this share of the run's operations failed. */
  readonly proportion: number;
  /** Stop above this many failures, reference failures excluded. */
  readonly base: number;
  /** Stop at this many failures, reference failures included. */
  readonly total: number;
}

export const SERVICE_FAILURE_THRESHOLDS: FailureThresholds = { evaluateFrom: 5_000, proportion: 0.4, base: 40_000, total: 60_000 };

/** Why a run stopped early; the quarantine reasons of Graph's enum, plus `Cancelled`. */
export type StopReason =
  | 'EncounteredQuarantineException'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'Cancelled';

export interface ApplyProgress {
  readonly phase: 'users' | 'groups' | 'memberships';
  /** Operations finished so far in the whole run, and their total. */
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export interface ApplyOptions {
  readonly now: () => Date;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ApplyProgress) => void;
  readonly thresholds?: FailureThresholds;
  /** Items per bulk port call (default and maximum: APPLY_CHUNK_SIZE, a wave of 30 jobs × 100). */
  readonly chunkSize?: number;
}

export interface ApplyResult {
  /**
   * Outcome per plan entry that needed a Zendesk call, and a `failure` for plan-time errors (they are escrowed like
   * failed calls). Skips and staged entries are absent.
   */
  readonly outcomes: ReadonlyMap<PlanEntry | MembershipPlanEntry, ApplyOutcome>;
  /** The state to save: links made/removed, escrows added/cleared. The watermark is the caller's. */
  readonly state: EngineState;
  readonly stopped: { readonly reason: StopReason; readonly message: string } | null;
  readonly counts: { readonly succeeded: number; readonly failed: number; readonly notSent: number };
  /** Escrows older than 28 days, dropped this run (the service then disables the job). */
  readonly expiredEscrows: ReadonlyArray<Escrow>;
}

class StopRun extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
  ) {
    super(message);
  }
}

/** A port error's HTTP status, when it carries one (`status` or `httpStatus`). */
function httpStatusOf(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const record = error as Record<string, unknown>;
  const status = record['status'] ?? record['httpStatus'];
  return typeof status === 'number' ? status : undefined;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** Reference §6 "Zendesk HTTP result → log error code". */
export function itemError(result: ZendeskItemResult, operation: 'create' | 'update' | 'delete'): EngineObjectError {
  const details = result.details ?? result.error ?? `HTTP ${result.httpStatus ?? '?'}`;
  const code = result.error;
  const status = result.httpStatus;
  const reason = `Zendesk returned ${code ?? 'an error'}${status !== undefined ? ` (HTTP ${status})` : ''}: ${details}`;
  if (code === 'DuplicateValue') return objectError('EntryConflict', reason);
  if (code === 'BlankValue') return objectError('MandatoryFieldsMissing', reason);
  if (code === 'MaxAgentExceeded') return objectError('LicenseLimitExceeded', reason);
  if (code === 'RecordNotFound' || (status === 404 && operation !== 'create')) return objectError('InvalidAnchor', reason);
  if (status === 401) return objectError('Unauthorized', reason);
  if (status === 403) return objectError('InsufficientRights', reason);
  if (status === 409) return objectError('Conflict', reason);
  if (status === 429) return { ...objectError('TooManyRequests', reason), retryable: true };
  if (status !== undefined && status >= 500) return { ...objectError('InternalServerError', reason), retryable: true };
  return objectError('UnprocessableEntity', reason);
}

function callError(error: unknown): EngineObjectError {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === 429) return { ...objectError('TooManyRequests', message), retryable: true };
  if (status !== undefined && status < 500) return itemError({ index: 0, ok: false, httpStatus: status, details: message }, 'update');
  if (status === undefined && /timed? ?out/i.test(message)) return { ...objectError('Timeout', message), retryable: true };
  return { ...objectError(status === undefined ? 'WebExceptionProtocolError' : 'InternalServerError', message), retryable: true };
}

function chunks<T>(items: ReadonlyArray<T>, size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type EscrowKey = `${Escrow['objectType']}:${string}`;

class Run {
  readonly outcomes = new Map<PlanEntry | MembershipPlanEntry, ApplyOutcome>();
  readonly userLinks: Record<string, ObjectLink>;
  readonly groupLinks: Record<string, ObjectLink>;
  readonly escrows: Map<EscrowKey, Escrow>;
  readonly createdUsers = new Map<string, number>();
  readonly createdGroups = new Map<string, number>();
  readonly expired: Escrow[] = [];
  done = 0;
  failed = 0;
  referenceFailures = 0;
  succeeded = 0;
  stopped: { reason: StopReason; message: string } | null = null;
  private readonly halting = new AbortController();
  /** Given to the port: the caller's cancellation, or this run's own stop (which ends a wave started early). */
  readonly signal: AbortSignal;

  total = 0;

  constructor(
    state: EngineState,
    readonly options: ApplyOptions,
  ) {
    this.userLinks = { ...state.userLinks };
    this.groupLinks = { ...state.groupLinks };
    this.escrows = new Map(state.escrows.map((e) => [`${e.objectType}:${e.sourceId}` as EscrowKey, e]));
    this.signal = options.signal === undefined ? this.halting.signal : AbortSignal.any([options.signal, this.halting.signal]);
  }

  get thresholds(): FailureThresholds {
    return this.options.thresholds ?? SERVICE_FAILURE_THRESHOLDS;
  }

  get callOptions(): PortCallOptions {
    return { signal: this.signal };
  }

  checkAbort(): void {
    if (this.options.signal?.aborted === true) throw new StopRun('Cancelled', 'The run was cancelled; rerun it to continue (links made so far are kept)');
  }

  /** The run stops: port calls still running (a wave started early) end. */
  stop(): void {
    this.halting.abort();
  }

  progress(phase: ApplyProgress['phase']): void {
    this.options.onProgress?.({ phase, done: this.done, total: this.total, failed: this.failed });
  }

  succeed(entry: PlanEntry | MembershipPlanEntry, escrowKey: EscrowKey, targetId?: number): void {
    this.outcomes.set(entry, targetId === undefined ? { status: 'success' } : { status: 'success', targetId });
    this.escrows.delete(escrowKey);
    this.succeeded++;
    this.done++;
  }

  fail(entry: PlanEntry | MembershipPlanEntry, escrowKey: EscrowKey, error: EngineObjectError, reference = false): void {
    this.outcomes.set(entry, { status: 'failure', error });
    const now = this.options.now();
    const previous = this.escrows.get(escrowKey);
    const firstFailure = previous === undefined ? now : new Date(previous.firstFailure);
    const attempts = (previous?.attempts ?? 0) + 1;
    const escrow: Escrow = {
      objectType: escrowKey.startsWith('User:') ? 'User' : escrowKey.startsWith('Group:') ? 'Group' : 'Membership',
      sourceId: escrowKey.slice(escrowKey.indexOf(':') + 1),
      errorCode: error.code,
      reason: error.reason,
      firstFailure: firstFailure.toISOString(),
      lastFailure: now.toISOString(),
      attempts,
      nextAttempt: escrowNextAttempt(firstFailure, attempts).toISOString(),
    };
    if (now.getTime() - firstFailure.getTime() >= ESCROW_LIFETIME_MS) {
      this.escrows.delete(escrowKey);
      this.expired.push(escrow);
    } else {
      this.escrows.set(escrowKey, escrow);
    }
    this.failed++;
    if (reference) this.referenceFailures++;
    this.done++;
    if (error.code === 'Unauthorized') {
      throw new StopRun('EncounteredQuarantineException', `Zendesk rejected the credentials: ${error.reason}`);
    }
  }

  /** Reference §1.9: evaluated from 5,000 failures; > 40 % or > 40,000 (references excluded); 60,000 in all. */
  checkThresholds(): void {
    const t = this.thresholds;
    const own = this.failed - this.referenceFailures;
    if (this.failed >= t.total) throw new StopRun('EncounteredTotalEscrowThreshold', `${this.failed} failures reached the limit of ${t.total}`);
    if (this.failed < t.evaluateFrom) return;
    if (own > t.base) throw new StopRun('EncounteredBaseEscrowThreshold', `${own} failures exceed the limit of ${t.base}`);
    if (this.failed / Math.max(this.done, 1) > t.proportion) {
      throw new StopRun('EncounteredEscrowProportionThreshold', `${this.failed} of ${this.done} operations failed (more than ${Math.round(t.proportion * 100)} %)`);
    }
  }

  link(kind: 'User' | 'Group', entry: PlanEntry, update: LinkUpdate | null, createdId?: number): void {
    if (update === null) return;
    const links = kind === 'User' ? this.userLinks : this.groupLinks;
    if (update.kind === 'remove') {
      delete links[entry.sourceId];
      return;
    }
    const targetId = update.targetId ?? createdId;
    if (targetId === undefined) return;
    const previous = links[entry.sourceId];
    const linkedAt = previous !== undefined && previous.targetId === targetId ? previous.linkedAt : this.options.now().toISOString();
    links[entry.sourceId] = update.disabledReason === null ? { sourceId: entry.sourceId, targetId, linkedAt } : { sourceId: entry.sourceId, targetId, linkedAt, disabledReason: update.disabledReason };
  }
}

function needsCall(entry: PlanEntry): boolean {
  return entry.request !== null && !entry.staged && entry.action !== 'skip' && entry.action !== 'error';
}

/** Entries whose escrow back-off isn't due yet are held back until `nextAttempt`. */
function escrowHold(run: Run, key: EscrowKey): string | null {
  const escrow = run.escrows.get(key);
  if (escrow === undefined) return null;
  return new Date(escrow.nextAttempt).getTime() > run.options.now().getTime() ? `escrowed after ${escrow.attempts} failure(s) (${escrow.errorCode}); next attempt ${escrow.nextAttempt}` : null;
}

type CallOutcome = { readonly ok: true; readonly results: ReadonlyArray<ZendeskItemResult> } | { readonly ok: false; readonly error: unknown };

/**
 * Hands `entries` to the port in waves of `chunkSize` and settles each wave's results in order, checking cancellation,
 * the failure thresholds and reporting progress between waves. Pipelining: one event-loop turn after a wave's call
 * starts, if it is still running, the next wave's call starts too — the port queues its jobs for the slots the current
 * wave frees (≤ 30 jobs in flight per account), so no wave waits for the slowest job of the one before. A wave that
 * settles within that turn (a fast port) is settled and checked before the next one starts; a wave started early is
 * cancelled through the run's signal when the run stops, and its entries are reported as not sent.
 */
async function bulk<E>(
  run: Run,
  phase: ApplyProgress['phase'],
  entries: ReadonlyArray<E>,
  call: (batch: ReadonlyArray<E>, options: PortCallOptions) => Promise<ReadonlyArray<ZendeskItemResult>>,
  settle: (entry: E, result: ZendeskItemResult) => void,
  failAll: (entry: E, error: EngineObjectError) => void,
): Promise<void> {
  const size = Math.min(run.options.chunkSize ?? APPLY_CHUNK_SIZE, APPLY_CHUNK_SIZE);
  const batches = chunks(entries, size);
  // Never rejects (nor throws: it may run from a timer): the outcome is settled in order below.
  const start = (batch: ReadonlyArray<E>): Promise<CallOutcome> => {
    try {
      return call(batch, run.callOptions).then(
        (results): CallOutcome => ({ ok: true, results }),
        (error: unknown): CallOutcome => ({ ok: false, error }),
      );
    } catch (error) {
      return Promise.resolve({ ok: false, error });
    }
  };
  let early: Promise<CallOutcome> | null = null;
  try {
    for (let k = 0; k < batches.length; k++) {
      run.checkAbort();
      const batch = batches[k]!;
      const current = early ?? start(batch);
      early = null;
      const following = batches[k + 1];
      const timer = following === undefined ? undefined : setTimeout(() => (early = start(following)), 0);
      const outcome = await current;
      clearTimeout(timer);
      if (!outcome.ok) {
        const error = outcome.error;
        if (isAbort(error, run.signal)) run.checkAbort();
        const failure = callError(error);
        const status = httpStatusOf(error);
        if (status === 401) throw new StopRun('EncounteredQuarantineException', `Zendesk rejected the credentials: ${failure.reason}`);
        for (const entry of batch) failAll(entry, failure);
      } else {
        const byIndex = new Map(outcome.results.map((r) => [r.index, r]));
        batch.forEach((entry, i) => {
          settle(entry, byIndex.get(i) ?? { index: i, ok: false, error: 'MissingResult', details: 'Zendesk returned no result for this item' });
        });
      }
      run.checkThresholds();
      run.progress(phase);
    }
  } catch (error) {
    if (error instanceof StopRun) run.stop();
    throw error;
  } finally {
    // A wave started early and not settled: the run stopped; let its call end before returning.
    if (early !== null) await early;
  }
}

async function applyUsers(run: Run, zendesk: ZendeskPort, entries: ReadonlyArray<UserPlanEntry>): Promise<void> {
  const creates = entries.filter((e) => e.action === 'create');
  const updates = entries.filter((e) => e.action === 'update' || e.action === 'suspend' || e.action === 'reactivate');
  const deletes = entries.filter((e) => e.action === 'delete');
  const key = (e: UserPlanEntry): EscrowKey => `User:${e.sourceId}`;
  const failWith = (operation: 'create' | 'update' | 'delete') => (e: UserPlanEntry, r: ZendeskItemResult) => {
    run.fail(e, key(e), itemError(r, operation));
  };
  await bulk(
    run,
    'users',
    creates,
    (batch, o) => zendesk.createOrUpdateUsers(batch.map((e) => e.payload!), o),
    (e, r) => {
      if (!r.ok || r.id === undefined) return failWith('create')(e, r);
      run.createdUsers.set(e.sourceId, r.id);
      run.link('User', e, e.link, r.id);
      run.succeed(e, key(e), r.id);
    },
    (e, error) => run.fail(e, key(e), error),
  );
  await bulk(
    run,
    'users',
    updates,
    (batch, o) => zendesk.updateUsers(batch.map((e) => ({ ...e.payload!, id: e.targetId! })), o),
    (e, r) => {
      if (!r.ok) return failWith('update')(e, r);
      run.link('User', e, e.link);
      run.succeed(e, key(e), e.targetId!);
    },
    (e, error) => run.fail(e, key(e), error),
  );
  await bulk(
    run,
    'users',
    deletes,
    (batch, o) => zendesk.destroyUsers(batch.map((e) => e.targetId!), o),
    (e, r) => {
      // Already gone is what a delete wants: a rerun after a killed run converges.
      if (!r.ok && !(r.httpStatus === 404 || r.error === 'RecordNotFound')) return failWith('delete')(e, r);
      run.link('User', e, e.link);
      run.succeed(e, key(e), e.targetId!);
    },
    (e, error) => run.fail(e, key(e), error),
  );
}

/** Groups are few: single calls, in plan order. */
async function applyGroups(run: Run, zendesk: ZendeskPort, entries: ReadonlyArray<GroupPlanEntry>): Promise<void> {
  const options = (): PortCallOptions => run.callOptions;
  for (const e of entries) {
    run.checkAbort();
    const key: EscrowKey = `Group:${e.sourceId}`;
    try {
      if (e.action === 'create') {
        const created = await zendesk.createGroup(e.payload!, options());
        run.createdGroups.set(e.sourceId, created.id);
        run.link('Group', e, e.link, created.id);
        run.succeed(e, key, created.id);
      } else if (e.action === 'update') {
        await zendesk.updateGroup(e.targetId!, e.payload!, options());
        run.link('Group', e, e.link);
        run.succeed(e, key, e.targetId!);
      } else if (e.action === 'delete') {
        await zendesk.deleteGroup(e.targetId!, options());
        run.link('Group', e, e.link);
        run.succeed(e, key, e.targetId!);
      }
    } catch (error) {
      if (isAbort(error, run.signal)) run.checkAbort();
      if (httpStatusOf(error) === 404 && e.action === 'delete') {
        run.link('Group', e, e.link);
        run.succeed(e, key, e.targetId!);
      } else {
        run.fail(e, key, callError(error));
      }
    }
    run.checkThresholds();
    run.progress('groups');
  }
}

async function applyMemberships(run: Run, zendesk: ZendeskPort, entries: ReadonlyArray<MembershipPlanEntry>): Promise<void> {
  const key = (m: MembershipPlanEntry): EscrowKey => `Membership:${m.groupSourceId}/${m.userSourceId}`;
  const creates: Array<{ entry: MembershipPlanEntry; user_id: number; group_id: number }> = [];
  for (const m of entries.filter((x) => x.action === 'create')) {
    const groupId = m.groupTargetId ?? run.createdGroups.get(m.groupSourceId);
    const userId = m.userTargetId ?? run.createdUsers.get(m.userSourceId);
    if (groupId === undefined || userId === undefined) {
      // The group or user wasn't created this run: a reference failure (excluded from the base threshold).
      const missing = groupId === undefined ? `group ${m.groupSourceId}` : `user ${m.userSourceId}`;
      run.fail(m, key(m), objectError('InternalError', `The membership can't be created: the ${missing} does not exist in Zendesk (its own operation failed)`), true);
      continue;
    }
    creates.push({ entry: m, user_id: userId, group_id: groupId });
  }
  await bulk(
    run,
    'memberships',
    creates,
    (batch, o) => zendesk.createMemberships(batch.map(({ user_id, group_id }) => ({ user_id, group_id })), o),
    // "Already a member" is what the entry wants (a rerun after a killed run whose job still completed): success,
    // like deleting what is already gone.
    (c, r) => (r.ok || r.error === 'DuplicateValue' ? run.succeed(c.entry, key(c.entry), r.id) : run.fail(c.entry, key(c.entry), itemError(r, 'create'))),
    (c, error) => run.fail(c.entry, key(c.entry), error),
  );
  await bulk(
    run,
    'memberships',
    entries.filter((x) => x.action === 'delete' && x.membershipId !== null),
    (batch, o) => zendesk.deleteMemberships(batch.map((m) => m.membershipId!), o),
    (m, r) => (r.ok || r.httpStatus === 404 ? run.succeed(m, key(m)) : run.fail(m, key(m), itemError(r, 'delete'))),
    (m, error) => run.fail(m, key(m), error),
  );
}

/**
 * Applies a plan. Users, then groups, then memberships (reference §1.1). Entries held by an escrow whose back-off isn't
 * due are not sent. Never throws for Zendesk failures: they are outcomes, escrows and, past the thresholds, `stopped`.
 */
export async function applyPlan(plan: ProvisioningPlan, zendesk: ZendeskPort, state: EngineState, options: ApplyOptions): Promise<ApplyResult> {
  const users = plan.users.filter(needsCall);
  const groups = plan.groups.filter(needsCall);
  const memberships = plan.memberships.filter((m) => m.action !== 'skip');
  const run = new Run(state, options);

  // Entries without a call still change state: a new match is linked, a gone object unlinked.
  for (const e of plan.users) if (!needsCall(e) && !e.staged && e.action !== 'error') run.link('User', e, e.link);
  for (const e of plan.groups) if (!needsCall(e) && !e.staged && e.action !== 'error') run.link('Group', e, e.link);
  // Plan-time errors are object failures too: they are escrowed like the service does (reference §3.3). One whose
  // escrow isn't due yet keeps its escrow as is, so cycles every 40 minutes don't count as retries.
  for (const e of [...plan.users, ...plan.groups]) {
    if (e.action !== 'error' || e.error === null) continue;
    const key: EscrowKey = `${e.objectType}:${e.sourceId}`;
    if (escrowHold(run, key) === null) run.fail(e, key, e.error);
    else run.outcomes.set(e, { status: 'failure', error: e.error });
  }

  const due = (e: PlanEntry): boolean => {
    const reason = escrowHold(run, `${e.objectType}:${e.sourceId}`);
    if (reason !== null) run.outcomes.set(e, { status: 'notSent', reason });
    return reason === null;
  };
  const dueUsers = users.filter(due);
  const dueGroups = groups.filter(due);
  run.total = run.done + dueUsers.length + dueGroups.length + memberships.length;
  try {
    // In order (reference §1.1): users, groups, then the memberships that need both; a run stopped by the users'
    // failures sends no group.
    await applyUsers(run, zendesk, dueUsers);
    await applyGroups(run, zendesk, dueGroups);
    await applyMemberships(run, zendesk, memberships);
  } catch (error) {
    if (!(error instanceof StopRun)) throw error;
    run.stopped = { reason: error.reason, message: error.message };
  }
  clearResolvedEscrows(run, plan);
  let notSent = 0;
  for (const e of [...users, ...groups, ...memberships]) {
    if (!run.outcomes.has(e)) {
      run.outcomes.set(e, { status: 'notSent', reason: `the run stopped before this operation (${run.stopped?.reason ?? 'unknown'})` });
    }
    if (run.outcomes.get(e)?.status === 'notSent') notSent++;
  }
  return {
    outcomes: run.outcomes,
    state: {
      version: 1,
      watermark: state.watermark,
      userLinks: run.userLinks,
      groupLinks: run.groupLinks,
      escrows: [...run.escrows.values()].sort((a, b) => (a.objectType + a.sourceId < b.objectType + b.sourceId ? -1 : 1)),
    },
    stopped: run.stopped,
    counts: { succeeded: run.succeeded, failed: run.failed, notSent },
    expiredEscrows: run.expired,
  };
}

/**
 * An escrow whose object this plan examined and found with nothing to send is resolved: the object is in its desired
 * state now (e.g. a killed run's job completed after all), so retrying it would do nothing and keeping it would report
 * a failure forever. Objects the plan did not examine (an incremental cycle's untouched ones) keep their escrow.
 */
function clearResolvedEscrows(run: Run, plan: ProvisioningPlan): void {
  const pending = new Set<string>();
  for (const e of [...plan.users, ...plan.groups]) {
    if (needsCall(e) || e.staged || e.action === 'error') pending.add(`${e.objectType}:${e.sourceId}`);
  }
  for (const m of plan.memberships) if (m.action !== 'skip') pending.add(`Membership:${m.groupSourceId}/${m.userSourceId}`);
  const examinedUsers = new Set(plan.users.map((e) => e.sourceId));
  const examinedGroups = new Set(plan.groups.map((e) => e.sourceId));
  for (const key of [...run.escrows.keys()]) {
    if (pending.has(key)) continue;
    const id = key.slice(key.indexOf(':') + 1);
    const examined = key.startsWith('User:')
      ? examinedUsers.has(id)
      : key.startsWith('Group:')
        ? examinedGroups.has(id)
        : examinedGroups.has(id.slice(0, id.indexOf('/')));
    if (examined) run.escrows.delete(key);
  }
}
