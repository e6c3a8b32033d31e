/**
 * The Entra provisioning job of the Zendesk enterprise app, as the CLI and the extension drive it: one facade over the
 * synchronization client and the configuration ⇄ schema translation, so both front ends say and do the same thing
 * (reference entra-provisioning.md §5–§8). Front ends call only this module (plus the types it re-exports) for the job.
 *
 * Secret values (the Zendesk API token) are only ever sent to the service: they never appear in a result, and an error
 * text that could echo one has it replaced by `***`.
 */
import type { ConfigIdentity, EntraSettings, EntraZendeskConfig } from '../../core/config';
import { compileReaders, DEFAULT_ACCESS_ROLE_ID, graphSelect, MSIAM_ACCESS_ROLE_NAME, toSourceUser } from '../../core/engine';
import {
  evaluateExpression,
  ExpressionEvaluationError,
  ExpressionParseError,
  formatParseErrorWithCaret,
  lookupSourceAttribute,
  parseExpression as parseOurExpression,
  type ExpressionNode,
  type SourceObject,
  type Value,
} from '../../core/expressions';
import {
  configToSchema,
  credentialSecrets,
  DEFAULT_ZENDESK_CREDENTIAL_KEYS,
  diffSchemas,
  findObjectMapping,
  formatSchemaDiff,
  importedConfigText,
  mergeSecrets,
  settingsSecrets,
  type ImportedConfigText,
  type SchemaChange,
  type SynchronizationSchema,
  type TranslationReport,
  type ZendeskCredentialKeys,
  type ZendeskCredentials,
} from '../../core/sync-schema';
import { GraphApiError } from './errors';
import type { CallOptions, GraphClient } from './graph-client';
import {
  CredentialValidationError,
  explainQuarantine,
  SynchronizationPermissionError,
  type OnDemandOutcome,
  type ParseExpressionResponse,
  type ProvisioningLogQuery,
  type ProvisioningLogRecord,
  type ResetScopeFlag,
  type SecretPair,
  type SynchronizationClient,
  type SynchronizationJob,
  type SynchronizationSchemaBody,
  type SynchronizationStatus,
  type SynchronizationTaskExecution,
} from './synchronization-client';

/** Which job this is. */
export interface EntraJobTarget {
  readonly servicePrincipalId: string;
  readonly servicePrincipalName: string;
  readonly appId: string;
  readonly jobId: string;
  readonly templateId: string;
}

/** Counts of one execution (`lastExecution` etc.), named for people. */
export interface ExecutionSummary {
  readonly state: string;
  readonly began: string | null;
  readonly ended: string | null;
  readonly imported: number;
  readonly exported: number;
  readonly escrowed: number;
  readonly entitled: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** The job's state, explained. */
export interface JobOverview {
  readonly target: EntraJobTarget;
  readonly job: SynchronizationJob;
  /** `NotConfigured` | `NotRun` | `Active` | `Paused` | `Quarantine`. */
  readonly code: string;
  /** One sentence: what the state means for the admin (e.g. "Paused: no cycles run until you start the job."). */
  readonly summary: string;
  readonly schedule: { readonly state: string; readonly interval: string };
  /** Set while in quarantine: the reason, what it means, and the fix (QUARANTINE_EXPLANATIONS). */
  readonly quarantine?: {
    readonly reason: string;
    readonly meaning: string;
    readonly fix: string;
    readonly since: string | null;
    readonly nextAttempt: string | null;
    readonly error: { readonly code: string; readonly message: string } | null;
  };
  readonly lastExecution: ExecutionSummary | null;
  readonly lastSuccessfulExecution: ExecutionSummary | null;
  readonly steadyStateLastAchieved: string | null;
  readonly synchronizedEntries: ReadonlyArray<{ readonly type: string; readonly count: number }>;
}

/** What a push would change, before it is sent. */
export interface PushPlan {
  readonly target: EntraJobTarget;
  readonly currentSchema: SynchronizationSchema;
  readonly schema: SynchronizationSchema;
  /** Schema diff current → new (empty: nothing to push for the schema). */
  readonly changes: ReadonlyArray<SchemaChange>;
  /** `formatSchemaDiff(changes)`, ready to show. */
  readonly diffText: string;
  /** What the configuration holds that the job's schema cannot express: reported, never dropped silently. */
  readonly unsupported: ReadonlyArray<TranslationReport>;
  /** Secret key names still needed with the push (Zendesk credentials: UserName, SecretToken, Domain by default). */
  readonly credentialKeys: ReadonlyArray<string>;
  /** Job settings the push writes (e.g. the deletion threshold), as name → value. */
  readonly jobSettings: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** The job's settings when planned; `jobSettings` is only written when it differs. */
  readonly currentJobSettings?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** The non-credential secret keys the push writes (SyncNotificationSettings, SyncAll, SkipOutOfScopeDeletions). */
  readonly settingsSecretKeys?: ReadonlyArray<string>;
  /** The job was created from the Zendesk template while planning (it had none). */
  readonly jobCreated?: boolean;
}

export interface PushResult {
  readonly schemaChanged: boolean;
  /** Secret key names written (never values). Empty when the secrets were left as they are (see `secretsSkipped`). */
  readonly secretsWritten: ReadonlyArray<string>;
  /** Set when the secrets were not written: the keys that were not, and why (credentials needed). */
  readonly secretsSkipped?: { readonly keys: ReadonlyArray<string>; readonly reason: string };
  /** Job setting names written; empty when they already matched or the service has no way to write them. */
  readonly jobSettingsWritten?: ReadonlyArray<string>;
  /** Anything else the admin should know about this push, one sentence each. */
  readonly notes?: ReadonlyArray<string>;
}

/** validateCredentials outcome: ok, or refused with the service's message and what to fix. */
export type CredentialCheck = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly fix: string };

/** One reset flag of Restart, for a picker. */
export interface ResetOption {
  readonly flag: ResetScopeFlag;
  readonly label: string;
  /** What it does, and when to use it. */
  readonly detail: string;
}

/** Every resetScope flag explained (reference §8.4); `ForceDeletes` = "Allow deletes" after TooManyDeletes. */
export const RESET_OPTIONS: ReadonlyArray<ResetOption> = [
  {
    flag: 'Watermark',
    label: 'Re-evaluate everything',
    detail: 'Forgets the incremental watermark, so the next cycle is a full (initial) cycle that re-reads and re-evaluates every user and group in scope. Use it after changing mappings, scope or assignments in bulk, or when objects look out of sync.',
  },
  {
    flag: 'Escrows',
    label: 'Stop retrying failed objects',
    detail: 'Drops the escrowed (failed) operations the service keeps retrying. Use it once you have fixed the cause of the failures, so the next cycle evaluates those objects afresh instead of replaying old errors.',
  },
  {
    flag: 'QuarantineState',
    label: 'Lift quarantine',
    detail: 'Takes the job out of quarantine for the next cycle. Use it after fixing what caused the quarantine (failing operations, credentials); if the cause remains, the job goes back into quarantine.',
  },
  {
    flag: 'ForceDeletes',
    label: 'Allow deletes',
    detail: 'Releases the deletions and disables staged by the accidental-deletion threshold (TooManyDeletes quarantine, StagedDelete in the logs) so the next cycle applies them. Use it only after reviewing the staged deletions and confirming they are intended.',
  },
  {
    flag: 'ConnectorDataStore',
    label: 'Clear the connector cache',
    detail: 'Clears the service\'s cached data for every user, so the next cycle rebuilds it. Use it only when Microsoft support asks you to.',
  },
  {
    flag: 'Full',
    label: 'Full reset',
    detail: 'Watermark, Escrows, QuarantineState and ConnectorDataStore together, and it also breaks the links between Entra and Zendesk accounts, so every user is matched again. Use it as a last resort, e.g. after the Zendesk account was restored or the matching attribute changed.',
  },
];

/** Our evaluation next to the service's `parseExpression` for the same input. */
export interface ExpressionComparison {
  readonly expression: string;
  /** The source attributes sent as test input. */
  readonly input: Readonly<Record<string, string | ReadonlyArray<string> | null>>;
  /** `values`: every value (multi-valued results); `value` joins them with ", ". */
  readonly ours: { readonly ok: true; readonly value: string | null; readonly values?: ReadonlyArray<string> } | { readonly ok: false; readonly error: string };
  readonly entra: ParseExpressionResponse;
  /** Whether both agree (both fail to parse, or both give the same value). */
  readonly agree: boolean;
  /** One sentence for the admin. */
  readonly verdict: string;
}

export interface LocateOptions extends CallOptions {
  /** Create the job from the Zendesk template when the app has none (Push does; read-only verbs do not). */
  readonly createIfMissing?: boolean;
}

/** `provisionOnDemand` / `compareExpression` were given a user Entra doesn't have. */
export class EntraUserNotFoundError extends Error {
  override readonly name = 'EntraUserNotFoundError';
  constructor(readonly user: string) {
    super(`No Entra user has the object id or user principal name "${user}". Fix: check the spelling, or copy the Object ID from Entra admin center › Users.`);
  }
}

/** The job has no provisioning job yet (and the caller did not ask to create one). */
export class EntraJobNotFoundError extends Error {
  override readonly name = 'EntraJobNotFoundError';
}

/**
 * The template of the Zendesk gallery app's job. Reference §4.1 infers `zendesk` from a public job id
 * (`zendesk.<tenant>.<guid>`); it is not documented, so a live tenant's `GET …/synchronization/jobs` is what confirms it.
 */
export const ZENDESK_JOB_TEMPLATE_ID = 'zendesk';

/** `0001-01-01T00:00:00Z` means "never" in status times; quarantine dates may come back as `""` (§8.3). */
function time(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '' || value.startsWith('0001-01-01')) return null;
  return value;
}

function errorOf(error: { code: string; message: string } | null | undefined): { code: string; message: string } | null {
  return error ? { code: error.code, message: error.message } : null;
}

/** An execution's counts, named for people; missing counts are 0. */
export function summariseExecution(execution: SynchronizationTaskExecution | null | undefined): ExecutionSummary | null {
  if (!execution) return null;
  return {
    state: execution.state,
    began: time(execution.timeBegan),
    ended: time(execution.timeEnded),
    imported: execution.countImported ?? 0,
    exported: execution.countExported ?? 0,
    escrowed: execution.countEscrowed ?? 0,
    entitled: execution.countEntitled ?? 0,
    error: errorOf(execution.error),
  };
}

/** A quarantine reason's meaning and fix; a reason this tool does not know is said to be unknown, with the generic fix. */

/** A job schedule's interval, an ISO-8601 duration (`PT40M`, `P1DT2H`), in parts; undefined when unreadable. */
export interface JobInterval {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /** The service's "never" (`P10675199DT2H48M5.4775807S`, TimeSpan.MaxValue, §8.2). */
  readonly never: boolean;
}

export function parseJobInterval(interval: string): JobInterval | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(interval);
  if (!match || interval === 'P' || interval === 'PT') return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number];
  return { days, hours, minutes, seconds, never: days >= 10_000 };
}

/**
 * An ISO-8601 duration in words: `PT40M` → `40 minutes`, `P1DT2H` → `1 day 2 hours`. The never-interval → `never`.
 * Anything unreadable is returned as is.
 */
export function describeInterval(interval: string): string {
  const parsed = parseJobInterval(interval);
  if (parsed === undefined) return interval;
  if (parsed.never) return 'never';
  const parts: string[] = [];
  const add = (n: number, unit: string): void => {
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  };
  add(parsed.days, 'day');
  add(parsed.hours, 'hour');
  add(parsed.minutes, 'minute');
  add(Math.round(parsed.seconds), 'second');
  return parts.length === 0 ? '0 seconds' : parts.join(' ');
}

function lastCycleClause(last: ExecutionSummary | null): string {
  if (!last) return '';
  const when = last.ended ?? last.began;
  const at = when ? ` (ended ${when})` : '';
  switch (last.state) {
    case 'Succeeded':
      return `; the last cycle${at} succeeded`;
    case 'EntryLevelErrors':
      return `; the last cycle${at} finished with errors on some objects (${last.escrowed} escrowed): see the provisioning logs`;
    case 'Failed':
      return `; the last cycle${at} failed${last.error ? `: ${last.error.message}` : ''}`;
    default:
      return `; the last cycle${at} ended ${last.state}`;
  }
}

/** The state code and its one-sentence explanation (the overview's `summary`). */
export function describeJobState(job: SynchronizationJob): { code: string; summary: string } {
  const status: SynchronizationStatus = job.status;
  const last = summariseExecution(status.lastExecution);
  const every = describeInterval(job.schedule.interval);
  const code = status.quarantine && status.code !== 'Quarantine' ? 'Quarantine' : status.code;
  switch (code) {
    case 'NotConfigured':
      return { code, summary: 'Not configured: the job has no Zendesk credentials yet, so it cannot run — push the configuration with the Zendesk admin\'s API token, then start the job.' };
    case 'NotRun':
      return job.schedule.state === 'Active'
        ? { code, summary: 'Starting: the first (initial) cycle is running; it reads every user and group in scope, so it takes longer than later cycles.' }
        : { code, summary: 'Configured but not started: start the job to run the first (initial) cycle.' };
    case 'Active':
      return { code, summary: `Active: a cycle runs ${every === 'never' ? 'when started' : `every ${every}`}${lastCycleClause(last)}.` };
    case 'Paused':
      return { code, summary: 'Paused: no cycles run until you start the job; start resumes where it stopped.' };
    case 'Quarantine': {
      const reason = status.quarantine?.reason ?? 'Unknown';
      const { meaning, fix } = explainQuarantine(reason);
      return {
        code,
        summary: `In quarantine (${reason}): ${meaning.replace(/\.$/, '')}; cycles slow to once a day and the job is disabled after 4 weeks in quarantine. Fix: ${fix}`,
      };
    }
    default:
      return { code, summary: `State "${code}", which this tool does not know: check the job's provisioning page in the Entra admin center.` };
  }
}

/** The overview of a job already read (no calls): what `overview()` returns. */
export function explainJob(target: EntraJobTarget, job: SynchronizationJob): JobOverview {
  const status = job.status;
  const { code, summary } = describeJobState(job);
  const quarantine =
    code === 'Quarantine'
      ? (() => {
          const q = status.quarantine;
          const reason = q?.reason ?? 'Unknown';
          return { reason, ...explainQuarantine(reason), since: time(q?.currentBegan), nextAttempt: time(q?.nextAttempt), error: errorOf(q?.error) };
        })()
      : undefined;
  return {
    target,
    job,
    code,
    summary,
    schedule: { state: job.schedule.state, interval: job.schedule.interval },
    ...(quarantine ? { quarantine } : {}),
    lastExecution: summariseExecution(status.lastExecution),
    lastSuccessfulExecution: summariseExecution(status.lastSuccessfulExecution),
    steadyStateLastAchieved: time(status.steadyStateLastAchievedTime),
    synchronizedEntries: (status.synchronizedEntryCountByType ?? []).map((e) => ({ type: e.key, count: e.value })),
  };
}

/** Every attribute an expression reads, in order of first use. */
export function referencedAttributes(node: ExpressionNode): string[] {
  const names: string[] = [];
  const walk = (n: ExpressionNode | null): void => {
    if (n === null) return;
    if (n.type === 'Attribute') {
      if (!names.some((name) => name.toLowerCase() === n.name.toLowerCase())) names.push(n.name);
    } else if (n.type === 'Function') n.args.forEach(walk);
    else if (n.type === 'Comparison') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return names;
}

function valueList(value: Value | undefined): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  return (value as ReadonlyArray<unknown>).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

const quote = (values: ReadonlyArray<string>): string => (values.length === 0 ? 'no value' : values.map((v) => JSON.stringify(v)).join(', '));

/** Whether our result and the service's agree, and the sentence saying so. */
export function compareResults(ours: ExpressionComparison['ours'], entra: ParseExpressionResponse, ourErrorKind: 'parse' | 'evaluate' | undefined): { agree: boolean; verdict: string } {
  const entraError = entra.error?.message ?? 'no message';
  if (!ours.ok) {
    if (ourErrorKind === 'parse') {
      return entra.parsingSucceeded
        ? { agree: false, verdict: `They differ: our parser rejects the expression (${ours.error.split('\n')[0]}) but Entra parses it.` }
        : { agree: true, verdict: `Both reject the expression: ours says ${ours.error.split('\n')[0]}; Entra says ${entraError}` };
    }
    if (!entra.parsingSucceeded) return { agree: false, verdict: `They differ: Entra rejects the expression (${entraError}) but our parser accepts it.` };
    return entra.evaluationSucceeded
      ? { agree: false, verdict: `They differ: our evaluation fails (${ours.error}) but Entra gives ${quote(entra.evaluationResult)}.` }
      : { agree: true, verdict: `Both fail to evaluate it for this user: ours says ${ours.error}; Entra says ${entraError}` };
  }
  if (!entra.parsingSucceeded) return { agree: false, verdict: `They differ: Entra rejects the expression (${entraError}) but our parser accepts it.` };
  const mine = ours.values ?? (ours.value === null ? [] : [ours.value]);
  if (!entra.evaluationSucceeded) return { agree: false, verdict: `They differ: Entra fails to evaluate it (${entraError}) but ours gives ${quote(mine)}.` };
  const theirs = entra.evaluationResult ?? [];
  const same = mine.length === theirs.length && mine.every((v, i) => v === theirs[i]);
  if (same) return { agree: true, verdict: mine.length === 0 ? 'Both give no value: the attribute would not flow for this user.' : `Both give ${quote(mine)}.` };
  return { agree: false, verdict: `They differ: ours gives ${quote(mine)}, Entra gives ${quote(theirs)}.` };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sameSettings(a: ReadonlyArray<{ name: string; value: string }>, b: ReadonlyArray<{ name: string; value: string }>): boolean {
  const key = (list: ReadonlyArray<{ name: string; value: string }>): string => JSON.stringify([...list].map((s) => [s.name, s.value]).sort());
  return key(a) === key(b);
}

/** @throws a clear error when the app or its job does not exist (and `createIfMissing` is false). */
export class EntraProvisioningJob {
  private constructor(
    readonly sync: SynchronizationClient,
    readonly graph: GraphClient,
    readonly target: EntraJobTarget,
    /** The job was created from the Zendesk template by {@link locate}. */
    readonly created: boolean = false,
  ) {}

  /**
   * Finds the enterprise app named in `entra` (servicePrincipalId, appId or displayName — the first set wins) and its
   * Zendesk job: the one made from the `zendesk` template ({@link ZENDESK_JOB_TEMPLATE_ID}), or the app's only job.
   */
  static async locate(graph: GraphClient, sync: SynchronizationClient, entra: EntraSettings, options: LocateOptions = {}): Promise<EntraProvisioningJob> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    const selector = entra.servicePrincipalId !== undefined
      ? { servicePrincipalId: entra.servicePrincipalId }
      : entra.appId !== undefined
        ? { appId: entra.appId }
        : { displayName: entra.displayName ?? 'Zendesk' };
    const sp = await sync.findServicePrincipal(selector, call);
    const jobs = await sync.listJobs(sp.id, call);
    const zendesk = jobs.filter((j) => j.templateId === ZENDESK_JOB_TEMPLATE_ID);
    let job = zendesk[0] ?? (jobs.length === 1 ? jobs[0] : undefined);
    let created = false;
    if (job === undefined && jobs.length > 1) {
      throw new EntraJobNotFoundError(
        `The enterprise application "${sp.displayName}" (${sp.id}) has ${jobs.length} provisioning jobs and none is made from the "${ZENDESK_JOB_TEMPLATE_ID}" template (${jobs.map((j) => `${j.id}: ${j.templateId}`).join(', ')}). Fix: check that entra names the Zendesk gallery app.`,
      );
    }
    if (job === undefined) {
      if (!options.createIfMissing) {
        throw new EntraJobNotFoundError(
          `The enterprise application "${sp.displayName}" (${sp.id}) has no provisioning job yet. Fix: push the configuration first (\`entra-zendesk job push\`), which creates the job from the Zendesk template.`,
        );
      }
      ({ job, created } = await sync.findOrCreateJob(sp.id, call));
    }
    const target: EntraJobTarget = { servicePrincipalId: sp.id, servicePrincipalName: sp.displayName, appId: sp.appId, jobId: job.id, templateId: job.templateId };
    return new EntraProvisioningJob(sync, graph, target, created);
  }

  private get sp(): string {
    return this.target.servicePrincipalId;
  }

  async overview(options: CallOptions = {}): Promise<JobOverview> {
    return explainJob(this.target, await this.sync.getJob(this.sp, this.target.jobId, options));
  }

  /** Most recent provisioning-log records of this job (newest first; default max 50). */
  recentLogs(query: Omit<ProvisioningLogQuery, 'servicePrincipalId' | 'jobId'> = {}): Promise<ProvisioningLogRecord[]> {
    return this.sync.listProvisioningLogs({ ...query, servicePrincipalId: this.sp, jobId: this.target.jobId, max: query.max ?? 50 });
  }

  /** The schema (and settings) `config` would push, diffed against the job's current schema. Writes nothing. */
  async planPush(config: EntraZendeskConfig, options: CallOptions & { credentialKeys?: ZendeskCredentialKeys } = {}): Promise<PushPlan> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    const [body, job] = await Promise.all([this.sync.getSchema(this.sp, this.target.jobId, call), this.sync.getJob(this.sp, this.target.jobId, call)]);
    const current = body as unknown as SynchronizationSchema;
    const result = configToSchema(config, current, {
      baseJobSettings: job.synchronizationJobSettings,
      ...(options.credentialKeys ? { credentialKeys: options.credentialKeys } : {}),
    });
    const changes = diffSchemas(current, result.schema);
    return {
      target: this.target,
      currentSchema: current,
      schema: result.schema,
      changes,
      diffText: formatSchemaDiff(changes),
      unsupported: result.unsupported,
      credentialKeys: result.credentialKeys,
      jobSettings: result.jobSettings,
      currentJobSettings: job.synchronizationJobSettings,
      settingsSecretKeys: result.secrets.map((s) => s.key),
      jobCreated: this.created,
    };
  }

  /**
   * Sends a plan: PUT schema (when changed), job settings (when changed), and the secrets.
   *
   * Secrets — `PUT …/secrets` replaces the whole stored set, so what is sent must be complete. Decision:
   * - credentials given → the config's settings secrets merged with the credential secrets (all keys written);
   * - no credentials, saved secrets readable (`GET …/secrets`, blocked on v1.0 but open on some tenants/beta) → the
   *   saved set with the settings secrets merged in (credential keys kept as they are);
   * - no credentials, not readable, job `NotConfigured` (no credentials were ever saved, so none can be lost) → the
   *   settings secrets alone;
   * - otherwise the secrets are NOT written: a settings-only PUT would be accepted but would erase the saved Zendesk
   *   credentials and stop the job. `secretsSkipped` names the keys and says to push again with the API token.
   * Credentials are checked (credentialSecrets) before anything is written, so bad input changes nothing.
   *
   * Job settings (the deletion threshold) — no write is documented (§8.2): they are sent as the OData update
   * `PATCH …/jobs/{id}` (Inferred). When the service refuses that (400/404/405/501) the push goes on: the threshold also
   * travels in `SyncNotificationSettings`' DeleteThresholdValue (§1.8), and a note says the job setting was not changed.
   *
   * @throws Error when the job's schema changed since `plan` was made (plan again), CredentialInputError for bad
   *   credentials, and the client's typed errors (permission, throttling).
   */
  async push(plan: PushPlan, config: EntraZendeskConfig, options: CallOptions & { credentials?: ZendeskCredentials; credentialKeys?: ZendeskCredentialKeys } = {}): Promise<PushResult> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    if (plan.target.jobId !== this.target.jobId || plan.target.servicePrincipalId !== this.sp) {
      throw new Error(`This plan is for job ${plan.target.jobId}, not ${this.target.jobId}: plan the push for this job.`);
    }
    const keys = options.credentialKeys ?? DEFAULT_ZENDESK_CREDENTIAL_KEYS;
    const credentials = options.credentials ? credentialSecrets(keys, options.credentials) : undefined;
    const settings = settingsSecrets(config);
    const [body, job] = await Promise.all([this.sync.getSchema(this.sp, this.target.jobId, call), this.sync.getJob(this.sp, this.target.jobId, call)]);
    if (diffSchemas(plan.currentSchema, body as unknown as SynchronizationSchema).length > 0) {
      throw new Error(`The job's schema changed since this push was planned (someone edited the mappings meanwhile). Nothing was written: review the new diff and push again.`);
    }

    let secrets: SecretPair[] | undefined;
    let secretsSkipped: PushResult['secretsSkipped'];
    const notes: string[] = [];
    if (credentials) {
      secrets = mergeSecrets(settings, credentials);
    } else {
      const saved = await this.sync.getSecrets(this.sp, call);
      if (saved !== undefined) {
        secrets = mergeSecrets(saved, settings);
        notes.push('No credentials were given: the Zendesk credentials saved in the job were kept.');
      } else if (job.status.code === 'NotConfigured') {
        secrets = settings;
        notes.push(`No credentials were given and the job has none yet: it cannot run until a push with the Zendesk admin's API token saves ${plan.credentialKeys.join(', ')}.`);
      } else {
        secretsSkipped = {
          keys: [...settings.map((s) => s.key), ...plan.credentialKeys],
          reason: `The job's saved secrets cannot be read back and writing the settings alone would erase its saved Zendesk credentials (PUT replaces every secret), so no secret was written. Push again with the Zendesk admin's API token to write ${settings.map((s) => s.key).join(', ')}.`,
        };
      }
    }

    const schemaChanged = plan.changes.length > 0;
    if (schemaChanged) await this.sync.putSchema(this.sp, this.target.jobId, plan.schema as unknown as SynchronizationSchemaBody, call);

    let jobSettingsWritten: string[] = [];
    if (!sameSettings(plan.jobSettings, job.synchronizationJobSettings)) {
      const written = await this.patchJobSettings(plan.jobSettings, call);
      if (written) jobSettingsWritten = plan.jobSettings.map((s) => s.name);
      else notes.push(`The service did not accept the job settings (${plan.jobSettings.map((s) => `${s.name} = ${s.value}`).join(', ')}); the deletion threshold is still set through SyncNotificationSettings when the secrets are written.`);
    }

    if (secrets) await this.sync.putSecrets(this.sp, secrets, call);
    return {
      schemaChanged,
      secretsWritten: secrets === undefined ? [] : credentials ? secrets.map((s) => s.key) : settings.map((s) => s.key),
      ...(secretsSkipped ? { secretsSkipped } : {}),
      jobSettingsWritten,
      notes,
    };
  }

  /** `PATCH …/jobs/{id}` with the settings; false when the service has no such write (see {@link push}). */
  private async patchJobSettings(settings: ReadonlyArray<{ name: string; value: string }>, options: CallOptions): Promise<boolean> {
    try {
      await this.graph.http.request({
        method: 'PATCH',
        path: `/servicePrincipals/${encodeURIComponent(this.sp)}/synchronization/jobs/${encodeURIComponent(this.target.jobId)}`,
        body: { synchronizationJobSettings: settings },
        signal: options.signal,
      });
      return true;
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      if (error.status === 403) throw new SynchronizationPermissionError(error, 'Synchronization.ReadWrite.All');
      if (error.status === 400 || error.status === 404 || error.status === 405 || error.status === 501) return false;
      throw error;
    }
  }

  /**
   * A configuration file from the job's schema: a new one or `existingText` updated in place. A new file's identity:
   * `identity`, then `tenantId`, the job's service principal id, and the Zendesk subdomain / admin e-mail from the saved
   * secrets when they can be read (else `identity` must give them).
   */
  async importConfig(options: CallOptions & { existingText?: string; tenantId?: string; identity?: Partial<ConfigIdentity>; credentialKeys?: ZendeskCredentialKeys } = {}): Promise<ImportedConfigText> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    const [body, job, secrets] = await Promise.all([
      this.sync.getSchema(this.sp, this.target.jobId, call),
      this.sync.getJob(this.sp, this.target.jobId, call),
      this.sync.getSecrets(this.sp, call),
    ]);
    const identity: Partial<ConfigIdentity> = {
      servicePrincipalId: this.sp,
      ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      ...options.identity,
    };
    return importedConfigText(body as unknown as SynchronizationSchema, {
      ...(options.existingText !== undefined ? { existingText: options.existingText } : {}),
      identity,
      ...(secrets !== undefined ? { secrets } : {}),
      jobSettings: job.synchronizationJobSettings,
      ...(options.credentialKeys ? { credentialKeys: options.credentialKeys } : {}),
    });
  }

  /** Tests Zendesk credentials through the service (given ones, or the saved ones). */
  async validateCredentials(credentials?: ZendeskCredentials, options: CallOptions & { credentialKeys?: ZendeskCredentialKeys } = {}): Promise<CredentialCheck> {
    const secrets = credentials ? credentialSecrets(options.credentialKeys ?? DEFAULT_ZENDESK_CREDENTIAL_KEYS, credentials) : undefined;
    try {
      await this.sync.validateCredentials(this.sp, this.target.jobId, secrets, options.signal ? { signal: options.signal } : {});
      return { ok: true };
    } catch (error) {
      if (!(error instanceof CredentialValidationError)) throw error;
      let message = error.graphMessage;
      // The service's text should never echo the token; make sure.
      if (credentials && credentials.apiToken.length >= 4) message = message.split(credentials.apiToken).join('***');
      return {
        ok: false,
        message,
        fix: 'Check the Zendesk admin e-mail (UserName) is an admin\'s, the API token (SecretToken) is active, the Domain is the subdomain only (my-tenant, not my-tenant.zendesk.com), and token access is on (Admin Center › Apps and integrations › APIs › Zendesk API).',
      };
    }
  }

  /** The Entra user's object id for an object id or UPN. @throws EntraUserNotFoundError */
  private async resolveUser(user: string, select: readonly string[], options: CallOptions): Promise<Record<string, unknown> & { id: string }> {
    const found = await this.graph.getUser(user.trim(), select, options);
    if (!found) throw new EntraUserNotFoundError(user);
    return found as unknown as Record<string, unknown> & { id: string };
  }

  /** Provisions one user now through the service; `user` is an object id or a user principal name. */
  async provisionOnDemand(user: string, options: CallOptions = {}): Promise<OnDemandOutcome> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    // `/users/{id | upn}` answers both on real Graph; resolving first gives a clear "no such user" before the service.
    const objectId = GUID.test(user.trim()) ? user.trim() : (await this.resolveUser(user, ['id'], call)).id;
    const schema = (await this.sync.getSchema(this.sp, this.target.jobId, call)) as unknown as SynchronizationSchema;
    const at = findObjectMapping(schema, 'userMapping');
    const rule = schema.synchronizationRules[at?.rule ?? 0];
    if (!rule) throw new Error(`The job's schema has no synchronization rule, so nothing can be provisioned on demand. Fix: push the configuration (\`entra-zendesk job push\`).`);
    return this.sync.provisionOnDemand(this.sp, this.target.jobId, rule.id, { objectId, objectTypeName: 'User' }, call);
  }

  start(options: CallOptions = {}): Promise<void> {
    return this.sync.start(this.sp, this.target.jobId, options);
  }

  pause(options: CallOptions = {}): Promise<void> {
    return this.sync.pause(this.sp, this.target.jobId, options);
  }

  restart(resetScope: ReadonlyArray<ResetScopeFlag>, options: CallOptions = {}): Promise<void> {
    return this.sync.restart(this.sp, this.target.jobId, resetScope, options);
  }

  /**
   * The user's values of the attributes `attributes` names, as the service's test input: strings (Booleans as
   * `"true"`/`"false"`, §8.8), multi-valued as string lists. Attributes the user has no value for are left out.
   * `appRoleAssignments` is what the engine computes for it: the distinct roles on this app assigned to the user
   * directly or through a group the user is a direct member of (nested groups don't count, §1.12), Default Access left
   * out, by display name.
   */
  private async testInputFor(user: string, attributes: ReadonlyArray<string>, options: CallOptions): Promise<Record<string, string | ReadonlyArray<string>>> {
    const graphUser = await this.resolveUser(user, graphSelect(attributes, 'User', ['id', 'userPrincipalName']), options);
    const roles: Array<{ id: string; displayName: string }> = [];
    if (attributes.some((a) => a.toLowerCase() === 'approleassignments')) {
      const [assignments, appRoles, memberOf] = await Promise.all([
        this.graph.getAppRoleAssignments(this.sp, options),
        this.graph.getAppRoles(this.sp, options),
        collect(this.graph.items<{ id: string; '@odata.type'?: string }>(`/users/${encodeURIComponent(graphUser.id)}/memberOf`, { $select: 'id' }, options)),
      ]);
      const principals = new Set([graphUser.id, ...memberOf.filter((m) => m['@odata.type'] === undefined || m['@odata.type'] === '#microsoft.graph.group').map((m) => m.id)]);
      const seen = new Set<string>();
      for (const a of assignments) {
        if (!principals.has(a.principalId) || seen.has(a.appRoleId) || a.appRoleId === DEFAULT_ACCESS_ROLE_ID) continue;
        const role = appRoles.find((r) => r.id === a.appRoleId);
        if (role && (role.displayName === MSIAM_ACCESS_ROLE_NAME || role.value === MSIAM_ACCESS_ROLE_NAME)) continue;
        seen.add(a.appRoleId);
        roles.push({ id: a.appRoleId, displayName: role?.displayName ?? a.appRoleId });
      }
    }
    const source = toSourceUser(graphUser as never, compileReaders(attributes, 'User'), roles);
    const input: Record<string, string | ReadonlyArray<string>> = {};
    for (const name of attributes) {
      const raw = lookupSourceAttribute(source as SourceObject, name);
      if (raw === null || raw === undefined) continue;
      if (Array.isArray(raw)) input[name] = (raw as ReadonlyArray<unknown>).map((item) => (typeof item === 'string' ? item : String((item as { displayName?: unknown }).displayName ?? '')));
      else input[name] = String(raw);
    }
    return input;
  }

  /**
   * Evaluates `expression` with our evaluator and with the service's parseExpression on one user's attributes (the
   * same test input for both, so only the evaluators can differ). Our parse error → `ours.ok = false` with the
   * located message; the service is still asked, so the comparison says whether it agrees.
   */
  async compareExpression(expression: string, user: string, options: CallOptions = {}): Promise<ExpressionComparison> {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    let node: ExpressionNode | undefined;
    let ours: ExpressionComparison['ours'];
    let ourErrorKind: 'parse' | 'evaluate' | undefined;
    try {
      node = parseOurExpression(expression);
    } catch (error) {
      if (!(error instanceof ExpressionParseError)) throw error;
      ourErrorKind = 'parse';
      ours = { ok: false, error: `line ${error.line}, column ${error.column}: ${error.message}\n${formatParseErrorWithCaret(expression, error)}` };
    }
    const input = node ? await this.testInputFor(user, referencedAttributes(node), call) : {};
    if (node === undefined) await this.resolveUser(user, ['id'], call);
    if (node) {
      try {
        const result = evaluateExpression(node, { source: input });
        const values = result.flow ? valueList(result.value) : [];
        ours = { ok: true, value: values.length === 0 ? null : values.join(', '), values };
      } catch (error) {
        if (!(error instanceof ExpressionEvaluationError)) throw error;
        ourErrorKind = 'evaluate';
        ours = { ok: false, error: error.message };
      }
    }
    const entra = await this.sync.parseExpression(this.sp, this.target.jobId, { expression, testInput: input }, call);
    const { agree, verdict } = compareResults(ours!, entra, ourErrorKind);
    return { expression, input, ours: ours!, entra, agree, verdict };
  }
}

/** Plain helpers the front ends share. */
export type { SynchronizationStatus, SynchronizationTaskExecution };
