/**
 * The front ends' glue over the engine (`src/core/engine`), shared by the CLI and the extension: open a run from the
 * configuration file (+ state and log files, + the ports from ./wiring), then compose the engine's steps for each
 * command — plan (full import → plan), sync (full:
 * watermark → import → plan → apply; incremental: delta import → plan → apply), trial provision — saving the state
 * and appending log records. No provisioning rule lives here: the decisions are the engine's.
 *
 * A full cycle captures the watermark before importing, so changes made while it runs are replayed by the next
 * incremental cycle; the watermark advances only when apply was not stopped, so a stopped or killed run is redone.
 */
import { randomUUID } from 'node:crypto';
import type { LoadedConfig } from '../core/config';
import {
  applyPlan,
  buildPlan,
  captureWatermark,
  compileConfig,
  displayPayload,
  EngineConfigurationError,
  importIncremental,
  importModel,
  membershipsToRecord,
  planEntryToRecord,
  provisionOnDemand,
  type ApplyProgress,
  type ApplyResult,
  type CompiledConfig,
  type EngineState,
  type GraphServicePrincipal,
  type LogContext,
  type PlanEntry,
  type ProvisioningObjectSummary,
  type ProvisioningPlan,
  type TrialResult,
} from '../core/engine';
import { DEFAULT_CONFIG_PATH, readConfigFile } from './config-file';
import { InputError } from './input-error';
import { appendLogRecords, defaultLogPath, defaultStatePath, FileStateStore } from './state-files';
import { connect, type ConnectOptions, type Connections } from './wiring';

export interface RunFiles {
  /** The configuration file, the CLI's `--config` (default .vscode/entra-zendesk.json). */
  readonly config?: string;
  readonly state?: string;
  readonly log?: string;
}

export interface EngineRun {
  readonly loaded: LoadedConfig;
  readonly compiled: CompiledConfig;
  readonly connections: Connections;
  readonly store: FileStateStore;
  readonly logFile: string;
  readonly now: () => Date;
  close(): void;
}

/** Loads the configuration, compiles it and connects; bad input → InputError (the CLI's exit 2). */
export function openRun(files: RunFiles, connectOptions: ConnectOptions = {}, loaded?: LoadedConfig): EngineRun {
  const configPath = files.config ?? DEFAULT_CONFIG_PATH;
  const config = loaded ?? readConfigFile(configPath);
  let compiled: CompiledConfig;
  try {
    compiled = compileConfig(config.config);
  } catch (error) {
    if (error instanceof EngineConfigurationError) throw new InputError(`${configPath}: ${error.message}`);
    throw error;
  }
  const connections = connect(config.config, connectOptions);
  return {
    loaded: config,
    compiled,
    connections,
    store: new FileStateStore(files.state ?? defaultStatePath(configPath)),
    logFile: files.log ?? defaultLogPath(configPath),
    now: () => new Date(),
    close: () => connections.close(),
  };
}

function logContext(run: EngineRun, servicePrincipal: GraphServicePrincipal, cycleId: string, started: Date): LogContext {
  return {
    tenantId: run.loaded.config.entra.tenantId,
    // Decision: the job id is the enterprise app's, like the service's `Zendesk.<tenant>.<sp>` ids but readable here.
    jobId: `zendesk.${servicePrincipal.id}`,
    cycleId,
    servicePrincipal: { id: servicePrincipal.id, displayName: servicePrincipal.displayName ?? servicePrincipal.appId },
    activityDateTime: started,
    newId: randomUUID,
  };
}

/** One provisioning-log record per user and group entry (skips included, as the service logs them) and per group's memberships. */
export function planRecords(plan: ProvisioningPlan, context: LogContext, apply?: ApplyResult): ProvisioningObjectSummary[] {
  const outcome = (entry: PlanEntry) => apply?.outcomes.get(entry);
  const records: ProvisioningObjectSummary[] = [];
  for (const entry of [...plan.users, ...plan.groups]) records.push(planEntryToRecord(entry, context, outcome(entry)));
  for (const group of plan.groups) {
    const record = membershipsToRecord(group, plan.memberships, context, undefined);
    if (record !== null) records.push(record);
  }
  return records;
}

export interface PlanResult {
  readonly plan: ProvisioningPlan;
  readonly servicePrincipal: GraphServicePrincipal;
  readonly state: EngineState;
}

/** A full import and plan; nothing is written anywhere. */
export async function planFull(run: EngineRun, options: { allowDeletes?: boolean; signal?: AbortSignal } = {}): Promise<PlanResult> {
  const state = await run.store.load();
  const call = options.signal !== undefined ? { signal: options.signal } : {};
  const model = await importModel(run.connections.ports, run.compiled, state, call);
  const plan = buildPlan(run.compiled, model, state, { now: run.now(), ...(options.allowDeletes ? { allowDeletes: true } : {}) });
  return { plan, servicePrincipal: model.entra.servicePrincipal, state };
}

export type SyncMode = 'full' | 'incremental';

export interface SyncOptions {
  /** `full` forces a full cycle; `auto` runs incrementally when a watermark is saved, else full. */
  readonly mode: SyncMode | 'auto';
  readonly dryRun?: boolean;
  readonly allowDeletes?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ApplyProgress) => void;
  /** Called with the plan before anything is written; return false to stop without applying. */
  readonly confirm?: (plan: ProvisioningPlan) => Promise<boolean>;
}

export interface SyncResult {
  readonly mode: SyncMode;
  readonly cycleId: string;
  readonly plan: ProvisioningPlan;
  /** null on a dry run or when the confirmation was declined. */
  readonly apply: ApplyResult | null;
  readonly declined: boolean;
  readonly records: ReadonlyArray<ProvisioningObjectSummary>;
  /** Set when bulk imports were refused and users were created one call at a time. */
  readonly bulkFallback: string | null;
  readonly durationMs: number;
  /** Zendesk / Graph HTTP requests made during the cycle. */
  readonly requests: { readonly zendesk: number; readonly graph: number };
}

export async function runSync(run: EngineRun, options: SyncOptions): Promise<SyncResult> {
  const started = run.now();
  const startedMs = Date.now();
  const requestsBefore = { zendesk: run.connections.zendesk.stats.requests, graph: run.connections.graph.stats.requests };
  const state = await run.store.load();
  const mode: SyncMode = options.mode === 'auto' ? (state.watermark === null ? 'full' : 'incremental') : options.mode;
  const call = options.signal !== undefined ? { signal: options.signal } : {};
  const { ports } = run.connections;
  let plan: ProvisioningPlan;
  let servicePrincipal: GraphServicePrincipal;
  let nextWatermark: EngineState['watermark'];
  if (mode === 'full') {
    nextWatermark = options.dryRun ? state.watermark : await captureWatermark(ports.entra, run.compiled, started, call);
    const model = await importModel(ports, run.compiled, state, call);
    servicePrincipal = model.entra.servicePrincipal;
    plan = buildPlan(run.compiled, model, state, { now: started, ...(options.allowDeletes ? { allowDeletes: true } : {}) });
  } else {
    const incremental = await importIncremental(ports, run.compiled, state, started, call);
    nextWatermark = incremental.watermark;
    servicePrincipal = incremental.model.entra.servicePrincipal;
    plan = buildPlan(run.compiled, incremental.model, state, { now: started, ...(options.allowDeletes ? { allowDeletes: true } : {}) });
  }
  const cycleId = randomUUID();
  const context = logContext(run, servicePrincipal, cycleId, started);
  const finish = (apply: ApplyResult | null, declined: boolean, records: ProvisioningObjectSummary[]): SyncResult => ({
    mode,
    cycleId,
    plan,
    apply,
    declined,
    records,
    bulkFallback: run.connections.zendeskPort.bulkFallback?.reason ?? null,
    durationMs: Date.now() - startedMs,
    requests: {
      zendesk: run.connections.zendesk.stats.requests - requestsBefore.zendesk,
      graph: run.connections.graph.stats.requests - requestsBefore.graph,
    },
  });
  if (options.dryRun) return finish(null, false, planRecords(plan, context));
  if (options.confirm !== undefined && !(await options.confirm(plan))) return finish(null, true, []);
  const apply = await applyPlan(plan, ports.zendesk, state, {
    now: () => run.now(),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  // A stopped run, or one whose suspends/deletes were staged (TooManyDeletes), keeps the old watermark: the next cycle
  // sees the same changes again, so staged operations are applied once deletes are allowed instead of being lost.
  const advance = apply.stopped === null && plan.quarantine === null;
  // The state's write and fsync run while the log records are built (CPU), then both files are done before returning.
  const saving = run.store.save({ ...apply.state, watermark: advance ? nextWatermark : state.watermark });
  const records = planRecords(plan, { ...context, durationInMilliseconds: Date.now() - startedMs }, apply);
  await Promise.all([saving, appendLogRecords(run.logFile, records)]);
  return finish(apply, false, records);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<user>` is an object id or a UPN; a UPN is looked up once. */
export async function resolveUserId(run: EngineRun, user: string): Promise<string> {
  if (GUID.test(user)) return user;
  const found = await run.connections.graph.getUser(user, ['id']);
  if (found === undefined) throw new InputError(`<user> "${user}": no such user in Entra ID; give the object id or the user principal name`);
  return found.id;
}

export interface ProvisionResult {
  readonly trial: TrialResult;
  /** The requests with redacted attributes shown as `[Redact]`. */
  readonly displayRequests: ReadonlyArray<{ method: string; path: string; body: unknown }>;
}

export async function trialProvision(run: EngineRun, user: string, options: { dryRun: boolean; signal?: AbortSignal }): Promise<ProvisionResult> {
  const userId = await resolveUserId(run, user);
  const state = await run.store.load();
  const now = run.now();
  const trial = await provisionOnDemand(run.connections.ports, run.compiled, state, userId, {
    now,
    dryRun: options.dryRun,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    log: {
      tenantId: run.loaded.config.entra.tenantId,
      jobId: 'zendesk.provision-on-demand',
      cycleId: randomUUID(),
      servicePrincipal: { id: run.loaded.config.entra.servicePrincipalId ?? run.loaded.config.entra.appId ?? '', displayName: run.loaded.config.entra.displayName ?? 'Zendesk' },
      newId: randomUUID,
    },
  });
  if (!options.dryRun) {
    await run.store.save(trial.state);
    await appendLogRecords(run.logFile, [trial.record]);
  }
  const payload = displayPayload(trial.entry);
  const displayRequests = trial.requests.map((r) => ({ method: r.method, path: r.path, body: r.body === null ? null : payload !== null ? wrapLike(r.body, payload) : r.body }));
  return { trial, displayRequests };
}

/** The request body with its payload replaced by the display payload (`{"user": {...}}` keeps its wrapper). */
function wrapLike(body: Readonly<Record<string, unknown>>, payload: Readonly<Record<string, unknown>>): unknown {
  const keys = Object.keys(body);
  return keys.length === 1 && typeof body[keys[0]!] === 'object' ? { [keys[0]!]: payload } : payload;
}
