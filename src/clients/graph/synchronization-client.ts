/**
 * The Microsoft Graph synchronization API client (reference entra-provisioning.md §7–§8, graph-api.md §9, §11): the
 * Zendesk service principal's provisioning job — find or create it from the template, schema GET/PUT, secrets,
 * validateCredentials, start/pause/restart, provisionOnDemand (its JSON-in-string answer parsed into typed steps),
 * status with quarantine and last execution, provisioning logs (`/auditLogs/provisioning`, filters, paging) and
 * parseExpression. It rides on {@link GraphClient}'s HTTP layer (auth, retries, Retry-After).
 *
 * Rate limits: provisionOnDemand and the reports bucket allow 5 requests / 10 s (graph-api.md §8.2). A
 * {@link SlidingWindowLimiter} per bucket holds calls client-side so a burst never draws 429s; when the service still
 * answers 429 after the HTTP layer's retries, the call fails with {@link SynchronizationThrottledError}.
 *
 * Typed errors (all `GraphApiError`s, so existing handlers keep working): {@link SynchronizationPermissionError} (403,
 * with the permission to grant), {@link SynchronizationThrottledError} (429, with `retryAfterMs`),
 * {@link JobQuarantinedError} (from {@link SynchronizationClient.assertNotQuarantined}: the reason explained and the fix),
 * {@link CredentialValidationError} (validateCredentials refused).
 */
import { sleep, type QueryValue } from '../http';
import { GraphApiError } from './errors';
import { odataString, type CallOptions, type GraphClient } from './graph-client';
import type { ServicePrincipal } from './types';

// ---------------------------------------------------------------------------------------------------------- shapes

export interface SynchronizationError {
  readonly code: string;
  readonly message: string;
  readonly tenantActionable: boolean;
}

export interface SynchronizationTaskExecution {
  readonly activityIdentifier?: string | null;
  readonly countEntitled?: number;
  readonly countEntitledForProvisioning?: number;
  readonly countEscrowed?: number;
  readonly countEscrowedRaw?: number;
  readonly countExported?: number;
  readonly countExports?: number;
  readonly countImported?: number;
  readonly countImportedDeltas?: number;
  readonly countImportedReferenceDeltas?: number;
  readonly error?: SynchronizationError | null;
  readonly state: 'Succeeded' | 'Failed' | 'EntryLevelErrors' | string;
  readonly timeBegan?: string | null;
  readonly timeEnded?: string | null;
}

export type QuarantineReason =
  | 'EncounteredBaseEscrowThreshold'
  | 'EncounteredTotalEscrowThreshold'
  | 'EncounteredEscrowProportionThreshold'
  | 'EncounteredQuarantineException'
  | 'Unknown'
  | 'QuarantinedOnDemand'
  | 'TooManyDeletes'
  | 'IngestionInterrupted';

export interface SynchronizationQuarantine {
  /** Dates may come back as `""` (a documented sample does). */
  readonly currentBegan: string | null;
  readonly nextAttempt: string | null;
  readonly reason: QuarantineReason | string;
  readonly seriesBegan: string | null;
  readonly seriesCount: number;
  readonly error: SynchronizationError | null;
}

export type JobStatusCode = 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';

export interface SynchronizationStatus {
  readonly code: JobStatusCode | string;
  readonly countSuccessiveCompleteFailures: number;
  readonly escrowsPruned: boolean;
  readonly lastExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecution: SynchronizationTaskExecution | null;
  readonly lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  readonly quarantine: SynchronizationQuarantine | null;
  readonly steadyStateFirstAchievedTime: string;
  readonly steadyStateLastAchievedTime: string;
  readonly synchronizedEntryCountByType: ReadonlyArray<{ readonly key: string; readonly value: number }>;
  readonly troubleshootingUrl: string | null;
  readonly progress?: ReadonlyArray<{ readonly completedUnits: number; readonly totalUnits: number; readonly units: string | null; readonly progressObservationDateTime: string }>;
}

export interface SynchronizationJob {
  readonly id: string;
  readonly templateId: string;
  readonly schedule: { readonly expiration: string | null; readonly interval: string; readonly state: 'Active' | 'Disabled' | 'Paused' | string };
  readonly status: SynchronizationStatus;
  readonly synchronizationJobSettings: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

export interface SynchronizationTemplate {
  readonly id: string;
  readonly applicationId?: string;
  readonly default?: boolean;
  readonly description?: string | null;
  readonly discoverable?: boolean;
  readonly factoryTag?: string;
  readonly metadata?: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/** A schema as Graph sends it: kept open, so a GET-modify-PUT never drops what this type doesn't name. */
export interface SynchronizationSchemaBody {
  readonly id?: string;
  readonly version?: string;
  readonly synchronizationRules: ReadonlyArray<{ readonly id: string; readonly [key: string]: unknown }>;
  readonly directories: ReadonlyArray<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface SecretPair {
  readonly key: string;
  readonly value: string;
}

/** `resetScope` flags (§8.4); `ForceDeletes` applies the deletes held by the accidental-deletion threshold. */
export type ResetScopeFlag = 'None' | 'ConnectorDataStore' | 'Escrows' | 'Watermark' | 'QuarantineState' | 'Full' | 'ForceDeletes';
export const RESET_SCOPE_FLAGS: ReadonlyArray<ResetScopeFlag> = ['None', 'ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes'];

export interface OnDemandSubject {
  readonly objectId: string;
  /** `User` or `Group` (not case-normalised by the service). */
  readonly objectTypeName: string;
  /** Group on demand: ≤ 5 members per request. */
  readonly links?: { readonly members?: ReadonlyArray<{ readonly objectId: string; readonly objectTypeName: string }> };
}

export type OnDemandResult = 'Success' | 'Skipped' | 'Failure';

export interface OnDemandModifiedProperty {
  readonly displayName: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

export interface OnDemandStep {
  readonly name: string;
  readonly type: 'Import' | 'Matching' | 'Scoping' | 'Processing' | 'ReferenceResolution' | 'Export' | string;
  readonly status: 'Success' | 'Skipped' | 'Failure' | 'Warning' | string;
  readonly timestamp: string | null;
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

/** provisionOnDemand's answer, decoded (§8.9). `details` is `null` when the service sent `"value":"{}"`. */
export interface OnDemandOutcome {
  readonly result: OnDemandResult | string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly details: {
    readonly action: string;
    readonly changeId: string | null;
    readonly startTime: string | null;
    readonly endTime: string | null;
    readonly reportableIdentifier: string | null;
    readonly modifiedProperties: ReadonlyArray<OnDemandModifiedProperty>;
    readonly steps: ReadonlyArray<OnDemandStep>;
    readonly statusInfo: Readonly<Record<string, string | null>> | null;
    readonly sourceIdentity: Readonly<Record<string, unknown>> | null;
    readonly targetIdentity: Readonly<Record<string, unknown>> | null;
  } | null;
}

export interface ProvisioningLogStep {
  readonly name: string;
  readonly provisioningStepType: string;
  readonly status: string;
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

/** `provisioningObjectSummary` (§8.10); enums normalised to lowercase (samples show PascalCase too). */
export interface ProvisioningLogRecord {
  readonly id: string;
  readonly activityDateTime: string;
  readonly tenantId?: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly provisioningAction: string;
  readonly durationInMilliseconds?: number | null;
  readonly initiatedBy?: { readonly id: string; readonly displayName: string; readonly initiatorType: string };
  readonly servicePrincipal: { readonly id: string; readonly displayName: string };
  readonly sourceIdentity: { readonly id: string; readonly displayName: string | null; readonly identityType: string; readonly details?: Record<string, string> };
  readonly targetIdentity: { readonly id: string; readonly displayName: string | null; readonly identityType: string; readonly details?: Record<string, string> };
  readonly provisioningStatusInfo: {
    readonly status: string;
    readonly errorInformation: { readonly errorCode: string; readonly reason: string; readonly additionalDetails: string | null; readonly errorCategory: string; readonly recommendedAction: string | null } | null;
  };
  readonly provisioningSteps: ReadonlyArray<ProvisioningLogStep>;
  readonly modifiedProperties: ReadonlyArray<{ readonly displayName: string; readonly oldValue: string | null; readonly newValue: string | null }>;
  readonly [key: string]: unknown;
}

export interface ProvisioningLogQuery extends CallOptions {
  /** Only this service principal's records (`servicePrincipal/id eq '…'`). */
  readonly servicePrincipalId?: string;
  readonly jobId?: string;
  /** `activityDateTime ge …` (inclusive). */
  readonly since?: Date;
  /** `activityDateTime lt …`. */
  readonly until?: Date;
  readonly action?: 'create' | 'update' | 'delete' | 'disable' | 'stagedDelete' | 'other';
  readonly status?: 'success' | 'failure' | 'skipped' | 'warning';
  /** Any further `$filter` clause, and-ed with the rest. */
  readonly filter?: string;
  /** Page size (default 100). */
  readonly top?: number;
  /** Stop after this many records (default: all pages). */
  readonly max?: number;
  readonly orderBy?: 'activityDateTime desc' | 'activityDateTime asc';
}

export interface ParseExpressionRequest {
  readonly expression: string;
  /** Source attribute values; Booleans go as strings ("true"), multi-valued as string arrays. */
  readonly testInput?: Readonly<Record<string, string | ReadonlyArray<string> | null>>;
  readonly targetAttributeDefinition?: Record<string, unknown> | null;
}

export interface ParseExpressionResponse {
  readonly error: { readonly code: string; readonly message: string; readonly target?: string | null; readonly details?: ReadonlyArray<unknown> } | null;
  readonly parsingSucceeded: boolean;
  readonly evaluationSucceeded: boolean;
  readonly evaluationResult: ReadonlyArray<string>;
  readonly parsedExpression: Record<string, unknown> | null;
}

// ---------------------------------------------------------------------------------------------------------- errors

function errorInit(error: GraphApiError): ConstructorParameters<typeof GraphApiError>[0] {
  return {
    status: error.status,
    code: error.code,
    call: error.call,
    graphMessage: error.graphMessage,
    requestId: error.requestId,
    clientRequestId: error.clientRequestId,
    retryAfterMs: error.retryAfterMs,
    attempts: error.attempts,
    cause: error,
  };
}

/** 403: the app or user lacks the permission (or Entra role) for this synchronization call. */
export class SynchronizationPermissionError extends GraphApiError {
  constructor(error: GraphApiError, readonly requiredPermission: string) {
    super({
      ...errorInit(error),
      hint: `Grant ${requiredPermission} (application: Application.ReadWrite.OwnedBy with the app as owner of the Zendesk enterprise app, or Synchronization.ReadWrite.All) and admin-consent it; delegated callers also need Application Administrator or Cloud Application Administrator.`,
    });
    this.name = 'SynchronizationPermissionError';
  }
}

/** 429 after the HTTP layer's retries: the 5 requests / 10 s limit of on-demand and logs, or Graph's own throttle. */
export class SynchronizationThrottledError extends GraphApiError {
  constructor(error: GraphApiError) {
    super({ ...errorInit(error), hint: `Throttled by Microsoft Graph; try again in ${Math.ceil((error.retryAfterMs ?? 10_000) / 1000)} s (provision on demand and provisioning logs allow 5 requests per 10 s).` });
    this.name = 'SynchronizationThrottledError';
  }
}

/** validateCredentials refused the credentials (400 `CredentialValidationFailed` or similar). */
export class CredentialValidationError extends GraphApiError {
  constructor(error: GraphApiError) {
    super({ ...errorInit(error), hint: 'Check the Zendesk admin e-mail (UserName), API token (SecretToken) and subdomain only (Domain), and that token access is enabled in Zendesk.' });
    this.name = 'CredentialValidationError';
  }
}

/** What each quarantine reason means and how to get out of it (reference §1.8, §1.9). */
export const QUARANTINE_EXPLANATIONS: Readonly<Record<string, { readonly meaning: string; readonly fix: string }>> = {
  EncounteredQuarantineException: {
    meaning: 'the service could not work with Zendesk at all — usually the admin credentials or API token are invalid, or token access is off.',
    fix: 'Fix the credentials (Validate Credentials, then save them), then start the job (start clears quarantine).',
  },
  TooManyDeletes: {
    meaning: 'the cycle would delete or disable more accounts than the accidental-deletion threshold allows; those operations are held as StagedDelete.',
    fix: 'Review the staged deletions in the provisioning logs; if they are intended, restart with ForceDeletes ("Allow deletes"), otherwise fix scope or assignments and restart.',
  },
  EncounteredEscrowProportionThreshold: {
    meaning: 'more than 40 % of the operations failed.',
    fix: 'Read the failures in the provisioning logs, fix the mappings or data, then restart with QuarantineState.',
  },
  EncounteredBaseEscrowThreshold: { meaning: 'more than 40,000 operations failed.', fix: 'Fix the failing operations (provisioning logs), then restart with QuarantineState.' },
  EncounteredTotalEscrowThreshold: { meaning: '60,000 operations failed, reference failures included.', fix: 'Fix the failing operations (provisioning logs), then restart with QuarantineState.' },
  QuarantinedOnDemand: { meaning: 'the job was put in quarantine on request.', fix: 'Start the job when ready (start clears quarantine).' },
  IngestionInterrupted: { meaning: 'reading from the source was interrupted.', fix: 'Restart the job with QuarantineState.' },
  Unknown: { meaning: 'the service did not say why.', fix: 'Read the error and the provisioning logs, then restart with QuarantineState.' },
};

/** What a quarantine reason means and its fix; a reason this table doesn't know is named, with the generic fix. */
export function explainQuarantine(reason: string): { meaning: string; fix: string } {
  const known = QUARANTINE_EXPLANATIONS[reason];
  if (known) return known;
  return { meaning: `the service gave the reason "${reason}", which this tool does not know yet.`, fix: QUARANTINE_EXPLANATIONS.Unknown!.fix };
}

/** The job is in quarantine: cycles slow to once a day and it is disabled after 4 weeks. */
export class JobQuarantinedError extends Error {
  override readonly name = 'JobQuarantinedError';
  readonly reason: string;
  readonly fix: string;
  constructor(
    readonly jobId: string,
    readonly quarantine: SynchronizationQuarantine,
  ) {
    const explanation = explainQuarantine(quarantine.reason);
    const detail = quarantine.error ? ` Service error ${quarantine.error.code}: ${quarantine.error.message}` : '';
    super(`Provisioning job ${jobId} is in quarantine (${quarantine.reason}): ${explanation.meaning}${detail} Fix: ${explanation.fix}`);
    this.reason = quarantine.reason;
    this.fix = explanation.fix;
  }
}

// --------------------------------------------------------------------------------------------------------- limiter

/**
 * At most `limit` calls in any `windowMs`, counted the way the server can count them. The server sees a call some time
 * between its start and its response, so a slot is held from the start and, once the call ends, re-dated to the end
 * (the release function `acquire` returns): the next window opens only when the server's window surely has. Calls wait
 * for a free slot in order; the wait honours the AbortSignal.
 */
export class SlidingWindowLimiter {
  /** `at` = when the slot's call ended (or started, while `inFlight`); an in-flight call's slot never expires. */
  private readonly slots: Array<{ at: number; inFlight: boolean }> = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
  }

  /** Resolves when a call may start; call the returned function when the call has ended. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const now = this.now();
        this.slots.sort((a, b) => a.at - b.at);
        // The service counts a call from its arrival, which is before its response: a slot may only expire a
        // window after the response, never while the call is still running (a slow call would otherwise free its
        // slot before the service does, and the next call would draw a 429).
        for (let i = this.slots.length - 1; i >= 0; i--) {
          const slot = this.slots[i]!;
          if (!slot.inFlight && slot.at <= now - this.windowMs) this.slots.splice(i, 1);
        }
        if (this.slots.length < this.limit) {
          const slot = { at: now, inFlight: true };
          this.slots.push(slot);
          return () => {
            slot.at = Math.max(slot.at, this.now());
            slot.inFlight = false;
          };
        }
        // Waits until the oldest ended slot expires, at most 1 s at a time (and briefly when every slot is still in
        // flight), so a release or holdUntil() made meanwhile is seen.
        const ended = this.slots.filter((slot) => !slot.inFlight);
        const wait = ended.length > 0 ? Math.min(...ended.map((slot) => slot.at)) + this.windowMs - now : 50;
        await sleep(Math.max(10, Math.min(1000, wait)), signal);
      }
    });
    // A cancelled wait must not block the callers behind it.
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Fills the window until `untilMs` (after a 429 with Retry-After). */
  holdUntil(untilMs: number): void {
    const at = untilMs - this.windowMs;
    this.slots.length = 0;
    for (let i = 0; i < this.limit; i++) this.slots.push({ at, inFlight: false });
  }
}

/** 5 requests / 10 s — provisionOnDemand and the identity-and-access reports bucket (graph-api.md §8.2). */
export const ON_DEMAND_AND_LOGS_LIMIT = { requests: 5, windowMs: 10_000 } as const;

// ---------------------------------------------------------------------------------------------------------- client

export interface SynchronizationClientOptions {
  /** Override the 5 / 10 s limiters (tests). */
  readonly onDemandLimiter?: SlidingWindowLimiter;
  readonly logsLimiter?: SlidingWindowLimiter;
}

const WRITE_PERMISSION = 'Synchronization.ReadWrite.All';
const READ_PERMISSION = 'Synchronization.Read.All';
const ZENDESK_TEMPLATE_ID = 'zendesk';

function lowerEnum(value: unknown): string {
  return typeof value === 'string' && value.length > 0 ? value.charAt(0).toLowerCase() + value.slice(1) : String(value ?? '');
}

/** Parses the JSON string of a provisionOnDemand `key`/`value`; a malformed one is an error naming which. */
function parseEmbedded(text: unknown, which: 'key' | 'value'): Record<string, unknown> {
  if (typeof text !== 'string') throw new TypeError(`provisionOnDemand: the response's "${which}" is not a string.`);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`provisionOnDemand: the response's "${which}" is not a JSON object string (${(error as Error).message}).`, { cause: error });
  }
}

/** Decodes provisionOnDemand's `stringKeyStringValuePair` (§8.9). */
export function parseOnDemandResponse(body: { key?: unknown; value?: unknown }): OnDemandOutcome {
  const key = parseEmbedded(body.key, 'key');
  const value = parseEmbedded(body.value, 'value');
  const keyDetails = (key.details ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const hasDetails = Object.keys(value).length > 0;
  const steps = Array.isArray(value.provisioningSteps) ? (value.provisioningSteps as Record<string, unknown>[]) : [];
  return {
    result: String(key.result ?? 'Unknown'),
    errorCode: str(keyDetails.errorCode),
    errorMessage: str(keyDetails.errorMessage),
    details: hasDetails
      ? {
          action: String(value.action ?? 'Other'),
          changeId: str(value.changeId),
          startTime: str(value.startTime),
          endTime: str(value.endTime),
          reportableIdentifier: str(value.reportableIdentifier),
          modifiedProperties: Array.isArray(value.modifiedProperties) ? (value.modifiedProperties as OnDemandModifiedProperty[]) : [],
          steps: steps.map((s) => ({
            name: String(s.name ?? ''),
            type: String(s.type ?? ''),
            status: String(s.status ?? ''),
            timestamp: str(s.timestamp),
            description: String(s.description ?? ''),
            details: (typeof s.details === 'object' && s.details !== null ? s.details : {}) as Record<string, string>,
          })),
          statusInfo: (value.statusInfo ?? null) as Record<string, string | null> | null,
          sourceIdentity: (value.sourceIdentity ?? null) as Record<string, unknown> | null,
          targetIdentity: (value.targetIdentity ?? null) as Record<string, unknown> | null,
        }
      : null,
  };
}

/** Normalises a log record's enums to lowercase and the old `action` name (§8.10 casing caveats). */
export function normaliseLogRecord(raw: Record<string, unknown>): ProvisioningLogRecord {
  const status = (raw.provisioningStatusInfo ?? {}) as Record<string, unknown>;
  const steps = Array.isArray(raw.provisioningSteps) ? (raw.provisioningSteps as Record<string, unknown>[]) : [];
  const initiatedBy = raw.initiatedBy as Record<string, unknown> | undefined;
  return {
    ...raw,
    provisioningAction: lowerEnum(raw.provisioningAction ?? raw.action),
    ...(initiatedBy ? { initiatedBy: { ...initiatedBy, initiatorType: lowerEnum(initiatedBy.initiatorType ?? initiatedBy.initiatingType) } } : {}),
    provisioningStatusInfo: { ...status, status: lowerEnum(status.status), errorInformation: (status.errorInformation ?? null) as ProvisioningLogRecord['provisioningStatusInfo']['errorInformation'] },
    provisioningSteps: steps.map((s) => ({ ...s, provisioningStepType: lowerEnum(s.provisioningStepType), status: lowerEnum(s.status) }) as ProvisioningLogStep),
  } as unknown as ProvisioningLogRecord;
}

export class SynchronizationClient {
  readonly onDemandLimiter: SlidingWindowLimiter;
  readonly logsLimiter: SlidingWindowLimiter;

  constructor(
    readonly graph: GraphClient,
    options: SynchronizationClientOptions = {},
  ) {
    this.onDemandLimiter = options.onDemandLimiter ?? new SlidingWindowLimiter(ON_DEMAND_AND_LOGS_LIMIT.requests, ON_DEMAND_AND_LOGS_LIMIT.windowMs);
    this.logsLimiter = options.logsLimiter ?? new SlidingWindowLimiter(ON_DEMAND_AND_LOGS_LIMIT.requests, ON_DEMAND_AND_LOGS_LIMIT.windowMs);
  }

  // ---- plumbing --------------------------------------------------------------------------------------------------

  private async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    init: { body?: unknown; query?: Record<string, QueryValue>; permission: string; signal?: AbortSignal; limiter?: SlidingWindowLimiter },
  ): Promise<T> {
    const release = await init.limiter?.acquire(init.signal);
    try {
      const response = await this.graph.http.request<T>({ method, path, body: init.body, query: init.query, signal: init.signal });
      release?.();
      return response.data;
    } catch (error) {
      release?.();
      if (!(error instanceof GraphApiError)) throw error;
      if (error.status === 403) throw new SynchronizationPermissionError(error, init.permission);
      if (error.status === 429) {
        if (init.limiter) init.limiter.holdUntil(Date.now() + (error.retryAfterMs ?? 10_000));
        throw new SynchronizationThrottledError(error);
      }
      throw error;
    }
  }

  private sync(servicePrincipalId: string): string {
    return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization`;
  }

  private job(servicePrincipalId: string, jobId: string): string {
    return `${this.sync(servicePrincipalId)}/jobs/${encodeURIComponent(jobId)}`;
  }

  // ---- service principal and job ---------------------------------------------------------------------------------

  /**
   * The Zendesk enterprise app: by object id, else application id, else display name (which must be unique). Throws
   * with the fix when none or several match.
   */
  async findServicePrincipal(selector: { servicePrincipalId?: string; appId?: string; displayName?: string }, options: CallOptions = {}): Promise<ServicePrincipal> {
    if (selector.servicePrincipalId) {
      const sp = await this.graph.getServicePrincipal(selector.servicePrincipalId, options);
      if (!sp) throw new Error(`No service principal has the object id ${selector.servicePrincipalId}. Fix: copy the Object ID from Enterprise applications › Zendesk › Overview.`);
      return sp;
    }
    if (selector.appId) {
      const sp = await this.graph.getServicePrincipalByAppId(selector.appId, options);
      if (!sp) throw new Error(`No enterprise application has the application id ${selector.appId}. Fix: add Zendesk from the gallery, or copy the Application ID from its Overview.`);
      return sp;
    }
    const name = selector.displayName ?? 'Zendesk';
    const found = await this.graph.findServicePrincipalsByName(name, options);
    if (found.length === 1) return found[0]!;
    if (found.length === 0) throw new Error(`No enterprise application is named "${name}". Fix: add Zendesk from the gallery, or give its servicePrincipalId.`);
    throw new Error(`${found.length} enterprise applications are named "${name}" (${found.map((s) => s.id).join(', ')}). Fix: give the servicePrincipalId of the one to provision.`);
  }

  async listTemplates(servicePrincipalId: string, options: CallOptions = {}): Promise<SynchronizationTemplate[]> {
    const body = await this.call<{ value: SynchronizationTemplate[] }>('GET', `${this.sync(servicePrincipalId)}/templates`, { permission: READ_PERMISSION, signal: options.signal });
    return body.value;
  }

  async getTemplateSchema(servicePrincipalId: string, templateId: string, options: CallOptions = {}): Promise<SynchronizationSchemaBody> {
    return this.call('GET', `${this.sync(servicePrincipalId)}/templates/${encodeURIComponent(templateId)}/schema`, { permission: READ_PERMISSION, signal: options.signal });
  }

  async listJobs(servicePrincipalId: string, options: CallOptions = {}): Promise<SynchronizationJob[]> {
    const body = await this.call<{ value: SynchronizationJob[] }>('GET', `${this.sync(servicePrincipalId)}/jobs`, { permission: READ_PERMISSION, signal: options.signal });
    return body.value;
  }

  async getJob(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<SynchronizationJob> {
    return this.call('GET', this.job(servicePrincipalId, jobId), { permission: READ_PERMISSION, signal: options.signal });
  }

  /** POST …/jobs → 201 (200 accepted too). */
  async createJob(servicePrincipalId: string, templateId: string, options: CallOptions = {}): Promise<SynchronizationJob> {
    return this.call('POST', `${this.sync(servicePrincipalId)}/jobs`, { body: { templateId }, permission: WRITE_PERMISSION, signal: options.signal });
  }

  async deleteJob(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<void> {
    await this.call('DELETE', this.job(servicePrincipalId, jobId), { permission: WRITE_PERMISSION, signal: options.signal });
  }

  /**
   * The job of this template on the service principal, created from the template when there is none
   * (`created: true`). Decision: the template defaults to `zendesk` (reference §4.1, Inferred); when the service
   * principal's templates don't include it and there is exactly one template, that one is used.
   */
  async findOrCreateJob(servicePrincipalId: string, options: CallOptions & { templateId?: string } = {}): Promise<{ job: SynchronizationJob; created: boolean }> {
    let templateId = options.templateId ?? ZENDESK_TEMPLATE_ID;
    const jobs = await this.listJobs(servicePrincipalId, options);
    const existing = jobs.find((j) => j.templateId === templateId) ?? (options.templateId === undefined && jobs.length === 1 ? jobs[0] : undefined);
    if (existing) return { job: existing, created: false };
    if (options.templateId === undefined) {
      const templates = await this.listTemplates(servicePrincipalId, options);
      if (!templates.some((t) => t.id === templateId)) {
        if (templates.length !== 1) {
          throw new Error(`The service principal has no "${templateId}" provisioning template (templates: ${templates.map((t) => t.id).join(', ') || 'none'}). Fix: pass the templateId to use.`);
        }
        templateId = templates[0]!.id;
      }
    }
    return { job: await this.createJob(servicePrincipalId, templateId, options), created: true };
  }

  // ---- schema, secrets, credentials ------------------------------------------------------------------------------

  async getSchema(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<SynchronizationSchemaBody> {
    return this.call('GET', `${this.job(servicePrincipalId, jobId)}/schema`, { permission: READ_PERMISSION, signal: options.signal });
  }

  /** PUT replaces the whole schema: always start from {@link getSchema}. */
  async putSchema(servicePrincipalId: string, jobId: string, schema: SynchronizationSchemaBody, options: CallOptions = {}): Promise<void> {
    await this.call('PUT', `${this.job(servicePrincipalId, jobId)}/schema`, { body: schema, permission: WRITE_PERMISSION, signal: options.signal });
  }

  /** PUT replaces every secret: send them all (credentials, SyncAll, SyncNotificationSettings, …). */
  async putSecrets(servicePrincipalId: string, secrets: ReadonlyArray<SecretPair>, options: CallOptions = {}): Promise<void> {
    await this.call('PUT', `${this.sync(servicePrincipalId)}/secrets`, { body: { value: secrets }, permission: WRITE_PERMISSION, signal: options.signal });
  }

  /**
   * Reading secrets back is blocked on v1.0 (403, §8.5): this returns `undefined` then instead of throwing, so callers
   * know the stored values can't be shown.
   */
  async getSecrets(servicePrincipalId: string, options: CallOptions = {}): Promise<SecretPair[] | undefined> {
    try {
      const body = await this.call<{ value: SecretPair[] }>('GET', `${this.sync(servicePrincipalId)}/secrets`, { permission: WRITE_PERMISSION, signal: options.signal });
      return body.value;
    } catch (error) {
      if (error instanceof SynchronizationPermissionError) return undefined;
      throw error;
    }
  }

  /**
   * Tests credentials against Zendesk (204 = valid). `credentials` omitted → the saved ones. Without a job id the
   * collection-bound action is used (before a job exists). Refused → {@link CredentialValidationError}.
   */
  async validateCredentials(servicePrincipalId: string, jobId: string | undefined, credentials?: ReadonlyArray<SecretPair>, options: CallOptions & { templateId?: string } = {}): Promise<void> {
    const path = jobId === undefined ? `${this.sync(servicePrincipalId)}/jobs/validateCredentials` : `${this.job(servicePrincipalId, jobId)}/validateCredentials`;
    const body = credentials === undefined ? { useSavedCredentials: true } : { useSavedCredentials: false, credentials, ...(options.templateId ? { templateId: options.templateId } : {}) };
    try {
      await this.call('POST', path, { body, permission: WRITE_PERMISSION, signal: options.signal });
    } catch (error) {
      if (error instanceof GraphApiError && error.status === 400) throw new CredentialValidationError(error);
      throw error;
    }
  }

  // ---- run control -----------------------------------------------------------------------------------------------

  /** Starts or resumes the job; clears quarantine. Call it only when paused, quarantined or never started. */
  async start(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<void> {
    await this.call('POST', `${this.job(servicePrincipalId, jobId)}/start`, { permission: WRITE_PERMISSION, signal: options.signal });
  }

  async pause(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<void> {
    await this.call('POST', `${this.job(servicePrincipalId, jobId)}/pause`, { permission: WRITE_PERMISSION, signal: options.signal });
  }

  /**
   * Restart with these reset flags (sent comma-separated, e.g. `Watermark, Escrows, QuarantineState`); no flags →
   * no criteria (the portal's "Restart provisioning"). `None` alone is refused: use {@link start}.
   */
  async restart(servicePrincipalId: string, jobId: string, resetScope: ReadonlyArray<ResetScopeFlag> = [], options: CallOptions = {}): Promise<void> {
    for (const flag of resetScope) if (!RESET_SCOPE_FLAGS.includes(flag)) throw new RangeError(`resetScope: unknown flag "${flag}". Flags: ${RESET_SCOPE_FLAGS.join(', ')}.`);
    if (resetScope.length === 1 && resetScope[0] === 'None') throw new RangeError('resetScope "None" resets nothing: call start() instead.');
    const body = resetScope.length === 0 ? undefined : { criteria: { resetScope: resetScope.join(', ') } };
    await this.call('POST', `${this.job(servicePrincipalId, jobId)}/restart`, { body, permission: WRITE_PERMISSION, signal: options.signal });
  }

  /** The job's status (code, quarantine, last execution counts). */
  async getStatus(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<SynchronizationStatus> {
    return (await this.getJob(servicePrincipalId, jobId, options)).status;
  }

  /** Throws {@link JobQuarantinedError} (reason explained, with the fix) when the job is in quarantine. */
  async assertNotQuarantined(servicePrincipalId: string, jobId: string, options: CallOptions = {}): Promise<SynchronizationJob> {
    const job = await this.getJob(servicePrincipalId, jobId, options);
    if (job.status.code === 'Quarantine' || job.status.quarantine) {
      throw new JobQuarantinedError(jobId, job.status.quarantine ?? { currentBegan: null, nextAttempt: null, reason: 'Unknown', seriesBegan: null, seriesCount: 0, error: null });
    }
    return job;
  }

  // ---- on demand, expressions, logs ------------------------------------------------------------------------------

  /** Provision one object now (5 requests / 10 s, held client-side); the JSON-in-string answer decoded. */
  async provisionOnDemand(servicePrincipalId: string, jobId: string, ruleId: string, subject: OnDemandSubject, options: CallOptions = {}): Promise<OnDemandOutcome> {
    if ((subject.links?.members?.length ?? 0) > 5) throw new RangeError('provisionOnDemand: a group takes at most 5 members per request.');
    const body = await this.call<{ key?: unknown; value?: unknown }>('POST', `${this.job(servicePrincipalId, jobId)}/provisionOnDemand`, {
      body: { parameters: [{ ruleId, subjects: [subject] }] },
      permission: WRITE_PERMISSION,
      signal: options.signal,
      limiter: this.onDemandLimiter,
    });
    return parseOnDemandResponse(body);
  }

  /** The service's own parse + evaluation (needs write permission although it reads nothing). */
  async parseExpression(servicePrincipalId: string, jobId: string, request: ParseExpressionRequest, options: CallOptions = {}): Promise<ParseExpressionResponse> {
    const testInputObject =
      request.testInput === undefined
        ? null
        : {
            definition: null,
            properties: Object.entries(request.testInput).map(([key, value]) =>
              Array.isArray(value) ? { key, 'value@odata.type': '#Collection(String)', value } : { key, value },
            ),
          };
    return this.call('POST', `${this.job(servicePrincipalId, jobId)}/schema/parseExpression`, {
      body: { expression: request.expression, testInputObject, targetAttributeDefinition: request.targetAttributeDefinition ?? null },
      permission: WRITE_PERMISSION,
      signal: options.signal,
    });
  }

  /** The `$filter` text for a log query (exported for the UI to show). */
  static logFilter(query: ProvisioningLogQuery): string | undefined {
    const clauses: string[] = [];
    if (query.servicePrincipalId) clauses.push(`servicePrincipal/id eq ${odataString(query.servicePrincipalId)}`);
    if (query.jobId) clauses.push(`jobId eq ${odataString(query.jobId)}`);
    if (query.since) clauses.push(`activityDateTime ge ${query.since.toISOString()}`);
    if (query.until) clauses.push(`activityDateTime lt ${query.until.toISOString()}`);
    if (query.action) clauses.push(`provisioningAction eq ${odataString(query.action)}`);
    if (query.status) clauses.push(`provisioningStatusInfo/status eq ${odataString(query.status)}`);
    if (query.filter) clauses.push(`(${query.filter})`);
    return clauses.length === 0 ? undefined : clauses.join(' and ');
  }

  /** Provisioning-log records, newest first by default, following `@odata.nextLink`; each page waits for the 5 / 10 s limiter. */
  async *provisioningLogs(query: ProvisioningLogQuery = {}): AsyncGenerator<ProvisioningLogRecord> {
    let path: string | undefined = '/auditLogs/provisioning';
    let params: Record<string, QueryValue> | undefined = { $filter: SynchronizationClient.logFilter(query), $top: query.top ?? 100, $orderby: query.orderBy ?? 'activityDateTime desc' };
    let yielded = 0;
    while (path !== undefined) {
      const page: { value: Record<string, unknown>[]; '@odata.nextLink'?: string } = await this.call('GET', path, { query: params, permission: 'AuditLog.Read.All', signal: query.signal, limiter: this.logsLimiter });
      for (const raw of page.value) {
        if (query.max !== undefined && yielded >= query.max) return;
        yielded++;
        yield normaliseLogRecord(raw);
      }
      if (query.max !== undefined && yielded >= query.max) return;
      path = page['@odata.nextLink'];
      params = undefined;
    }
  }

  /** All matching records (see {@link provisioningLogs}). */
  async listProvisioningLogs(query: ProvisioningLogQuery = {}): Promise<ProvisioningLogRecord[]> {
    const out: ProvisioningLogRecord[] = [];
    for await (const record of this.provisioningLogs(query)) out.push(record);
    return out;
  }
}
