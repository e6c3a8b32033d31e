/**
 * The Entra provisioning job of the Zendesk enterprise app, as the CLI and the extension drive it: one facade over the
 * synchronization client and the configuration ⇄ schema translation, so both front ends say and do the same thing
 * (reference entra-provisioning.md §5–§8).
 *
 * CONTRACT (lead): signatures are fixed; bodies are being implemented. Front ends call only this module (plus the
 * types it re-exports) for the job.
 */
import type { EntraSettings, EntraZendeskConfig } from '../../core/config';
import type { ImportedConfigText, SchemaChange, SynchronizationSchema, TranslationReport, ZendeskCredentialKeys, ZendeskCredentials } from '../../core/sync-schema';
import type { CallOptions } from './graph-client';
import type { GraphClient } from './graph-client';
import type {
  OnDemandOutcome,
  ParseExpressionResponse,
  ProvisioningLogQuery,
  ProvisioningLogRecord,
  ResetScopeFlag,
  SynchronizationClient,
  SynchronizationJob,
  SynchronizationStatus,
  SynchronizationTaskExecution,
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
}

export interface PushResult {
  readonly schemaChanged: boolean;
  readonly secretsWritten: ReadonlyArray<string>;
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
export const RESET_OPTIONS: ReadonlyArray<ResetOption> = [];

/** Our evaluation next to the service's `parseExpression` for the same input. */
export interface ExpressionComparison {
  readonly expression: string;
  /** The source attributes sent as test input. */
  readonly input: Readonly<Record<string, string | ReadonlyArray<string> | null>>;
  readonly ours: { readonly ok: true; readonly value: string | null } | { readonly ok: false; readonly error: string };
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

/** @throws a clear error when the app or its job does not exist (and `createIfMissing` is false). */
export class EntraProvisioningJob {
  private constructor(
    readonly sync: SynchronizationClient,
    readonly graph: GraphClient,
    readonly target: EntraJobTarget,
  ) {}

  /** Finds the enterprise app named in `entra` (servicePrincipalId, appId or displayName) and its Zendesk job. */
  static async locate(graph: GraphClient, sync: SynchronizationClient, entra: EntraSettings, options: LocateOptions = {}): Promise<EntraProvisioningJob> {
    void graph;
    void sync;
    void entra;
    void options;
    throw new Error('not implemented');
  }

  overview(options: CallOptions = {}): Promise<JobOverview> {
    void options;
    throw new Error('not implemented');
  }

  /** Most recent provisioning-log records of this job (newest first; default max 50). */
  recentLogs(query: Omit<ProvisioningLogQuery, 'servicePrincipalId' | 'jobId'> = {}): Promise<ProvisioningLogRecord[]> {
    void query;
    throw new Error('not implemented');
  }

  /** The schema (and settings) `config` would push, diffed against the job's current schema. Writes nothing. */
  planPush(config: EntraZendeskConfig, options: CallOptions & { credentialKeys?: ZendeskCredentialKeys } = {}): Promise<PushPlan> {
    void config;
    void options;
    throw new Error('not implemented');
  }

  /**
   * Sends a plan: PUT schema (when changed), job settings, and the secrets (the non-credential ones from the config,
   * plus the Zendesk credentials when given — the PUT replaces the whole set, so without credentials the credential
   * keys the job already holds are kept when they can be read, else the push says credentials are needed).
   */
  push(plan: PushPlan, config: EntraZendeskConfig, options: CallOptions & { credentials?: ZendeskCredentials } = {}): Promise<PushResult> {
    void plan;
    void config;
    void options;
    throw new Error('not implemented');
  }

  /** A configuration file from the job's schema: a new one (identity from `config`/secrets) or `existingText` updated. */
  importConfig(options: CallOptions & { existingText?: string; tenantId?: string } = {}): Promise<ImportedConfigText> {
    void options;
    throw new Error('not implemented');
  }

  /** Tests Zendesk credentials through the service (given ones, or the saved ones). */
  validateCredentials(credentials?: ZendeskCredentials, options: CallOptions = {}): Promise<CredentialCheck> {
    void credentials;
    void options;
    throw new Error('not implemented');
  }

  /** Provisions one user now through the service; `user` is an object id or a user principal name. */
  provisionOnDemand(user: string, options: CallOptions = {}): Promise<OnDemandOutcome> {
    void user;
    void options;
    throw new Error('not implemented');
  }

  start(options: CallOptions = {}): Promise<void> {
    void options;
    throw new Error('not implemented');
  }

  pause(options: CallOptions = {}): Promise<void> {
    void options;
    throw new Error('not implemented');
  }

  restart(resetScope: ReadonlyArray<ResetScopeFlag>, options: CallOptions = {}): Promise<void> {
    void resetScope;
    void options;
    throw new Error('not implemented');
  }

  /** Evaluates `expression` with our evaluator and with the service's parseExpression on one user's attributes. */
  compareExpression(expression: string, user: string, options: CallOptions = {}): Promise<ExpressionComparison> {
    void expression;
    void user;
    void options;
    throw new Error('not implemented');
  }
}

/** Plain helpers the front ends share. */
export type { SynchronizationStatus, SynchronizationTaskExecution };
