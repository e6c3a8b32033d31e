/**
 * The Graph synchronization API of the sandbox (reference entra-provisioning.md §7–§8, graph-api.md §9, §11–§13):
 * `/servicePrincipals/{id}/synchronization/{templates,jobs,secrets}` and `/auditLogs/provisioning`, backed by our own
 * engine and the Zendesk sandbox, so push → validate → on demand → start → logs works offline.
 *
 * Emulated rules and the choices made where the reference is open (each also tested):
 * - One template per service principal whose app is Zendesk: id `zendesk`, factoryTag `zendesk`, schema = the project's
 *   default configuration translated by `configToSchema` (rule id `zendesk.outbound`).
 * - Jobs: POST → 201, created `NotConfigured` / schedule `Disabled` with the never-interval; id
 *   `{templateId}.{tenantIdNoDashes}.{guid}` (§8.2). DELETE → 204.
 * - Schema GET/PUT/DELETE: PUT checks the shape (object with `synchronizationRules` and `directories` arrays, each rule
 *   with `id`, `sourceDirectoryName`, `targetDirectoryName`, `objectMappings` array) and answers 400 `BadRequest` naming
 *   the path; a body that is not JSON (the documented unquoted-key sample) is refused by the server before routing.
 * - Secrets: PUT replaces the set (204); GET → 403 `Authorization_RequestDenied` (blocked on v1.0, §8.5).
 * - validateCredentials: the Zendesk credential keys (`UserName`, `SecretToken`, `Domain`) are tried against the
 *   configured Zendesk sandbox (`users/me` must be a real admin; `Domain` must be the sandbox's subdomain) → 204, else
 *   400 `CredentialValidationFailed` naming the failing check (§8.6). Without a configured Zendesk target → 400 too.
 * - start: 400 `BadRequest` "…not been configured." without saved secrets (graph-api.md §13); otherwise clears
 *   quarantine, `NotRun`, and runs one cycle in the background: the saved credentials are checked first (failure →
 *   `Quarantine` / `EncounteredQuarantineException`), then our engine imports, plans and applies against the Zendesk
 *   sandbox, logs one `provisioningObjectSummary` per entry and sets `lastExecution` counts; the job is then `Active`.
 *   Decision: only one cycle runs per start/restart (no 40-minute timer); the test or demo awaits `idle()`.
 * - pause → `Paused`; restart parses the comma-separated `resetScope` flags (unknown flag → 400): `Watermark` and
 *   `Full` drop links/watermark, `Escrows` clears escrows, `QuarantineState` lifts quarantine, `ForceDeletes` lets the
 *   next cycle apply deletes held by the threshold; omitted criteria = `QuarantineState, Watermark, Escrows`.
 * - provisionOnDemand: 5 requests / 10 s per job (429 + Retry-After); `ruleId` must be a rule of the job's schema
 *   (400 otherwise); one `User` subject (a `Group` subject → 400 `NotSupported`: the sandbox does not provision groups
 *   on demand); backed by the engine's `provisionOnDemand`; the response is the JSON-in-string pair with PascalCase
 *   enums (§8.9); an out-of-scope user → `Skipped` / `NotEffectivelyEntitled`.
 * - The engine reads Entra through our own Graph client against this same sandbox (loopback HTTPS, a minted token),
 *   so those reads appear in the request counters and draw injected faults like any client's.
 * - Provisioning logs: 5 requests / 10 s per app (429 + Retry-After); `$filter` with `eq ne gt lt ge le`, `and`, `or`,
 *   parentheses, `contains(…)` and `tolower(…)` on the fields of graph-api.md §13 (case-sensitive, unquoted date
 *   literals allowed); `$top` (1..1000, default 100), `$skiptoken` paging via `@odata.nextLink`, `$orderby
 *   activityDateTime [asc|desc]` (default desc).
 * - Permissions (graph-api.md §11): reads need Synchronization.Read.All / Synchronization.ReadWrite.All /
 *   Application.ReadWrite.OwnedBy; writes (incl. parseExpression, provisionOnDemand) Synchronization.ReadWrite.All or
 *   Application.ReadWrite.OwnedBy (ownership is not checked); logs need AuditLog.Read.All; missing → 403.
 */
import { randomUUID } from 'node:crypto';
import { staticTokenCredential } from '../../auth';
import { GraphClient } from '../../clients/graph';
import { GraphEngineAdapter } from '../../clients/graph/engine-adapter';
import { ZendeskClient } from '../../clients/zendesk';
import { ZendeskEngineAdapter } from '../../clients/zendesk/engine-adapter';
import { defaultConfig, resolveConfig, validateDocument, type EntraZendeskConfig } from '../../core/config';
import {
  applyPlan,
  buildPlan,
  compileConfig,
  emptyEngineState,
  importModel,
  planEntryToRecord,
  provisionOnDemand as engineProvisionOnDemand,
  TrialSubjectNotFoundError,
  type EnginePorts,
  type EngineState,
  type ProvisioningObjectSummary,
} from '../../core/engine';
import { evaluateExpression, ExpressionEvaluationError, ExpressionParseError, parseExpression, toAttributeMappingSource, type SourceObject } from '../../core/expressions';
import { configToSchema, schemaToConfig, type SynchronizationSchema, type SynchronizationSecret } from '../../core/sync-schema';
import type { Directory, Json } from './directory';
import { errorBody, GraphError, notFound, ODATA_JSON, segmentNotFound, type ApiResponse } from './envelope';
import type { TokenClaims } from './tokens';

export const ZENDESK_TEMPLATE_ID = 'zendesk';
export const NEVER_INTERVAL = 'P10675199DT2H48M5.4775807S';
export const ACTIVE_INTERVAL = 'PT40M';
export const NEVER_TIME = '0001-01-01T00:00:00Z';
/** provisionOnDemand and the reports bucket: 5 requests per 10 s (graph-api.md §8.2). */
export const SYNC_RATE_LIMIT = { requests: 5, windowMs: 10_000 } as const;

const READ = ['Synchronization.Read.All', 'Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'];
const WRITE = ['Synchronization.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'];
const LOGS = ['AuditLog.Read.All'];

const RESET_FLAGS = ['None', 'ConnectorDataStore', 'Escrows', 'Watermark', 'QuarantineState', 'Full', 'ForceDeletes'] as const;
type ResetFlag = (typeof RESET_FLAGS)[number];

export interface ZendeskTarget {
  /** The Zendesk sandbox's `url`. */
  readonly url: string;
  readonly subdomain: string;
  /** Zendesk seconds per real second of that sandbox. */
  readonly timeScale?: number;
}

/** Requests per window, or `off` (tests that page through many records). */
export type RateLimit = { readonly requests: number; readonly windowMs: number } | 'off';

export interface SynchronizationOptions {
  /** The Zendesk sandbox validateCredentials, on-demand and cycles talk to (settable later). */
  readonly zendesk?: ZendeskTarget;
  /** provisionOnDemand (per job) and provisioning logs (per app): default 5 per 10 s. */
  readonly rateLimit?: RateLimit;
}

interface SyncRequest {
  readonly method: string;
  /** Path and query relative to `/v1.0`. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
  readonly claims: TokenClaims;
}

interface Quarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: string;
  seriesBegan: string;
  seriesCount: number;
  error: { code: string; message: string; tenantActionable: boolean } | null;
}

interface TaskExecution {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: { code: string; message: string; tenantActionable: boolean } | null;
  state: 'Succeeded' | 'Failed' | 'EntryLevelErrors';
  timeBegan: string;
  timeEnded: string;
}

interface JobRecord {
  readonly id: string;
  readonly templateId: string;
  readonly servicePrincipalId: string;
  scheduleState: 'Active' | 'Disabled' | 'Paused';
  code: 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';
  quarantine: Quarantine | null;
  lastExecution: TaskExecution | null;
  lastSuccessfulExecution: TaskExecution | null;
  countSuccessiveCompleteFailures: number;
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  settings: Array<{ name: string; value: string }>;
  schema: SynchronizationSchema;
  engineState: EngineState;
  allowDeletes: boolean;
  onDemandCalls: number[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bad = (message: string, code = 'BadRequest'): GraphError => new GraphError(400, code, message);

/** The default Zendesk template's schema: the project's default configuration, translated. */
export function zendeskTemplateSchema(): SynchronizationSchema {
  const config = defaultConfig({ tenantId: '00000000-0000-0000-0000-000000000000', subdomain: 'template', adminEmail: 'admin@example.com' });
  const schema = configToSchema(config).schema;
  if (schema.directories.length > 0) return schema;
  // Decision: the sandbox's template names its two directories and their object types (attribute lists are not
  // modelled; a live tenant's template carries the full definitions, which a push keeps).
  const objects = [
    { name: 'User', attributes: [], metadata: [], supportedApis: [] },
    { name: 'Group', attributes: [], metadata: [], supportedApis: [] },
  ];
  return {
    ...schema,
    directories: [
      { id: 'AzureActiveDirectory', name: 'Azure Active Directory', objects, discoverabilities: 'None', discoveryDateTime: null, readOnly: true, version: null },
      { id: 'Zendesk', name: 'Zendesk', objects, discoverabilities: 'None', discoveryDateTime: null, readOnly: false, version: null },
    ],
  };
}

/** Shape check of a PUT schema body; the message names the JSON path. */
export function schemaShapeProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'the body must be a synchronizationSchema object {"synchronizationRules":[…],"directories":[…]}.';
  if (!Array.isArray(body.synchronizationRules)) return '/synchronizationRules must be an array (PUT replaces the whole schema: GET it, change it, PUT it back).';
  if (!Array.isArray(body.directories)) return '/directories must be an array (PUT replaces the whole schema: GET it, change it, PUT it back).';
  for (const [i, rule] of body.synchronizationRules.entries()) {
    const at = `/synchronizationRules/${i}`;
    if (!isRecord(rule)) return `${at} must be an object.`;
    for (const key of ['id', 'sourceDirectoryName', 'targetDirectoryName'] as const) {
      if (typeof rule[key] !== 'string' || rule[key] === '') return `${at}/${key} must be a non-empty string.`;
    }
    if (!Array.isArray(rule.objectMappings)) return `${at}/objectMappings must be an array.`;
    for (const [j, mapping] of rule.objectMappings.entries()) {
      const mat = `${at}/objectMappings/${j}`;
      if (!isRecord(mapping)) return `${mat} must be an object.`;
      for (const key of ['sourceObjectName', 'targetObjectName'] as const) {
        if (typeof mapping[key] !== 'string' || mapping[key] === '') return `${mat}/${key} must be a non-empty string.`;
      }
      if (!Array.isArray(mapping.attributeMappings)) return `${mat}/attributeMappings must be an array.`;
      for (const [k, attribute] of mapping.attributeMappings.entries()) {
        if (!isRecord(attribute) || typeof attribute.targetAttributeName !== 'string') return `${mat}/attributeMappings/${k}/targetAttributeName must be a string.`;
      }
    }
  }
  return undefined;
}

/** Parses `resetScope` ("Watermark, Escrows"); unknown names → 400. */
export function parseResetScope(value: unknown): Set<ResetFlag> {
  if (value === undefined || value === null) return new Set(['QuarantineState', 'Watermark', 'Escrows']);
  if (typeof value !== 'string') throw bad('criteria.resetScope must be a string of comma-separated flags, e.g. "Watermark, Escrows, QuarantineState".');
  const flags = new Set<ResetFlag>();
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const flag = RESET_FLAGS.find((f) => f.toLowerCase() === part.toLowerCase());
    if (!flag) throw bad(`criteria.resetScope: unknown flag '${part}'. Flags: ${RESET_FLAGS.join(', ')}.`);
    flags.add(flag);
  }
  return flags;
}

/** A sliding-window counter: at most `requests` per `windowMs`. Returns the seconds to wait, or 0 when allowed. */
function takeSlot(calls: number[], now: number, limit: RateLimit): number {
  if (limit === 'off') return 0;
  while (calls.length > 0 && calls[0]! <= now - limit.windowMs) calls.shift();
  if (calls.length >= limit.requests) return Math.max(1, Math.ceil((calls[0]! + limit.windowMs - now) / 1000));
  calls.push(now);
  return 0;
}

function throttled(retryAfter: number, limit: Exclude<RateLimit, 'off'>): GraphError {
  return new GraphError(429, 'TooManyRequests', `Too many requests: this API allows ${limit.requests} requests per ${limit.windowMs / 1000} seconds. Please try after ${retryAfter} seconds.`, {
    'Retry-After': String(retryAfter),
  });
}

const pascal = (value: string): string => value.charAt(0).toUpperCase() + value.slice(1);

/** The provisionOnDemand answer (§8.9): `key`/`value` as JSON strings, PascalCase enums, flat statusInfo. */
export function onDemandResponse(record: ProvisioningObjectSummary, startTime: string, endTime: string): { key: string; value: string } {
  const status = record.provisioningStatusInfo.status;
  const error = record.provisioningStatusInfo.errorInformation;
  const skipReason = record.provisioningSteps.map((s) => s.details.SkipReason).find((r) => r !== undefined);
  const result = status === 'failure' ? 'Failure' : status === 'skipped' ? 'Skipped' : 'Success';
  const details: Record<string, string> = {};
  if (error) {
    details.errorCode = error.errorCode;
    details.errorMessage = error.reason;
  } else if (result === 'Skipped') {
    details.errorCode = skipReason ?? 'EntrySynchronizationSkipped';
    details.errorMessage = record.provisioningSteps.at(-1)?.description ?? 'Skipped';
  }
  const value = {
    action: record.provisioningAction === 'stagedDelete' ? 'Other' : pascal(record.provisioningAction),
    changeId: record.changeId,
    startTime,
    endTime,
    reportableIdentifier: record.sourceIdentity.displayName ?? record.sourceIdentity.id,
    modifiedProperties: record.modifiedProperties,
    provisioningSteps: record.provisioningSteps.map((s) => ({
      name: s.name,
      type: s.provisioningStepType === 'referenceResolution' ? 'ReferenceResolution' : pascal(s.provisioningStepType),
      status: pascal(s.status),
      timestamp: endTime,
      description: s.description,
      details: s.details,
    })),
    statusInfo: {
      status: result,
      errorCode: error?.errorCode ?? null,
      reason: error?.reason ?? null,
      additionalDetails: error?.additionalDetails ?? null,
      errorCategory: error ? pascal(error.errorCategory) : null,
      recommendedAction: error?.recommendedAction ?? null,
    },
    sourceIdentity: { id: record.sourceIdentity.id, type: record.sourceIdentity.identityType, displayName: record.sourceIdentity.displayName, details: null },
    sourceSystem: { id: null, name: 'Azure Active Directory', details: null },
    targetIdentity: { id: record.targetIdentity.id || null, type: record.targetIdentity.identityType, displayName: record.targetIdentity.displayName, details: null },
    targetSystem: { id: null, name: 'Zendesk', details: null },
  };
  return { key: JSON.stringify({ result, details }), value: JSON.stringify(value) };
}

/** Answer of parseExpression (§8.8); failures in-band. */
export function parseExpressionResponse(body: unknown): Json {
  const input = isRecord(body) ? body : {};
  if (typeof input.expression !== 'string') throw bad('expression is required (a string).');
  const failure = (code: string, message: string, target: string): Json => ({ code, message, target, details: [{ code, message, target }], innerError: null });
  let node;
  try {
    node = parseExpression(input.expression);
  } catch (error) {
    if (!(error instanceof ExpressionParseError)) throw error;
    return {
      error: failure('ExpressionParsingFailed', `${error.message} (line ${error.line}, column ${error.column})`, 'expression'),
      parsingSucceeded: false,
      evaluationSucceeded: false,
      evaluationResult: [],
      parsedExpression: null,
    };
  }
  const parsedExpression = toAttributeMappingSource(node);
  const testInput = isRecord(input.testInputObject) ? input.testInputObject : undefined;
  if (!testInput) return { error: null, parsingSucceeded: true, evaluationSucceeded: false, evaluationResult: [], parsedExpression };
  const source: Record<string, string | string[] | null> = {};
  for (const property of Array.isArray(testInput.properties) ? testInput.properties : []) {
    if (!isRecord(property) || typeof property.key !== 'string') continue;
    const value = property.value;
    source[property.key] = Array.isArray(value) ? value.map(String) : value === null || value === undefined ? null : String(value);
  }
  try {
    const result = evaluateExpression(node, { source: source as SourceObject });
    const values = !result.flow ? [] : typeof result.value === 'string' ? [result.value] : (result.value as ReadonlyArray<unknown>).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    return { error: null, parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: values, parsedExpression };
  } catch (error) {
    if (!(error instanceof ExpressionEvaluationError)) throw error;
    return { error: failure('ExpressionEvaluationFailed', error.message, error.functionName), parsingSucceeded: true, evaluationSucceeded: false, evaluationResult: [], parsedExpression };
  }
}

// ------------------------------------------------------------------------------------------- provisioning-log filter

type LogPredicate = (record: Json) => boolean;

const LOG_FIELDS = new Set([
  'activityDateTime',
  'id',
  'jobId',
  'cycleId',
  'changeId',
  'servicePrincipal/id',
  'servicePrincipal/displayName',
  'sourceIdentity/id',
  'targetIdentity/id',
  'provisioningAction',
  'provisioningStatusInfo/status',
]);

function fieldOf(record: Json, path: string): string | null {
  let value: unknown = record;
  for (const part of path.split('/')) value = isRecord(value) ? value[part] : undefined;
  return value === undefined || value === null ? null : String(value);
}

/** `$filter` for `/auditLogs/provisioning` (graph-api.md §13); case-sensitive like the service. */
export function parseLogFilter(text: string): LogPredicate {
  const tokens = text.match(/'(?:[^']|'')*'|\(|\)|,|[^\s(),]+/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string => {
    const token = tokens[i++];
    if (token === undefined) throw bad(`$filter: unexpected end of '${text}'.`);
    return token;
  };
  const expect = (token: string): void => {
    const got = next();
    if (got !== token) throw bad(`$filter: expected '${token}' but found '${got}' in '${text}'.`);
  };
  const literal = (token: string): string => (token.startsWith("'") ? token.slice(1, -1).replace(/''/g, "'") : token);
  // A value expression: a field path, tolower(path) or a literal.
  const operand = (): { field?: string; lower?: boolean; literal?: string } => {
    const token = next();
    if (token.toLowerCase() === 'tolower') {
      expect('(');
      const inner = operand();
      expect(')');
      return { ...inner, lower: true };
    }
    if (LOG_FIELDS.has(token)) return { field: token };
    if (/^[A-Za-z][\w/]*$/.test(token) && token.includes('/')) throw bad(`$filter: '${token}' cannot be filtered on. Fields: ${[...LOG_FIELDS].join(', ')}.`);
    if (/^[a-zA-Z]\w*$/.test(token) && !['true', 'false', 'null'].includes(token)) throw bad(`$filter: '${token}' cannot be filtered on. Fields: ${[...LOG_FIELDS].join(', ')}.`);
    return { literal: literal(token) };
  };
  const valueOf = (o: ReturnType<typeof operand>, record: Json): string | null => {
    const value = o.field !== undefined ? fieldOf(record, o.field) : (o.literal ?? null);
    return value !== null && o.lower ? value.toLowerCase() : value;
  };
  const primary = (): LogPredicate => {
    if (peek() === '(') {
      next();
      const inner = disjunction();
      expect(')');
      return inner;
    }
    if (peek()?.toLowerCase() === 'contains') {
      next();
      expect('(');
      const left = operand();
      expect(',');
      const right = operand();
      expect(')');
      return (r) => {
        const a = valueOf(left, r);
        const b = valueOf(right, r);
        return a !== null && b !== null && a.includes(b);
      };
    }
    const left = operand();
    const op = next().toLowerCase();
    const right = operand();
    const compare: Record<string, (a: string, b: string) => boolean> = {
      eq: (a, b) => a === b,
      ne: (a, b) => a !== b,
      gt: (a, b) => a > b,
      lt: (a, b) => a < b,
      ge: (a, b) => a >= b,
      le: (a, b) => a <= b,
    };
    const fn = compare[op];
    if (!fn) throw bad(`$filter: operator '${op}' is not supported on provisioning logs (eq, ne, gt, lt, ge, le, contains).`);
    return (r) => {
      const a = valueOf(left, r);
      const b = valueOf(right, r);
      if (a === null || b === null) return op === 'eq' ? a === b : op === 'ne' ? a !== b : false;
      return fn(a, b);
    };
  };
  const conjunction = (): LogPredicate => {
    let left = primary();
    while (peek()?.toLowerCase() === 'and') {
      next();
      const l = left;
      const r = primary();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const disjunction = (): LogPredicate => {
    let left = conjunction();
    while (peek()?.toLowerCase() === 'or') {
      next();
      const l = left;
      const r = conjunction();
      left = (x) => l(x) || r(x);
    }
    return left;
  };
  const predicate = disjunction();
  if (i !== tokens.length) throw bad(`$filter: unexpected '${tokens[i]}' in '${text}'.`);
  return predicate;
}

// ------------------------------------------------------------------------------------------------------ the service

export class SynchronizationService {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly secrets = new Map<string, SynchronizationSecret[]>();
  private readonly logs: ProvisioningObjectSummary[] = [];
  private readonly logCalls: number[] = [];
  private readonly running = new Set<Promise<void>>();
  private zendesk: ZendeskTarget | undefined;
  private rateLimit: RateLimit;

  constructor(
    private readonly directory: Directory,
    private readonly context: {
      readonly tenantId: string;
      /** `https://127.0.0.1:port` (read lazily: known after listen). */
      readonly origin: () => string;
      readonly ca: string;
      readonly mintToken: () => string;
    },
    options: SynchronizationOptions = {},
  ) {
    this.zendesk = options.zendesk;
    this.rateLimit = options.rateLimit ?? SYNC_RATE_LIMIT;
  }

  /** Changes the on-demand and logs limit; every window starts empty. */
  setRateLimit(limit: RateLimit): void {
    if (limit !== 'off' && !(Number.isInteger(limit.requests) && limit.requests > 0 && limit.windowMs > 0)) {
      throw new RangeError(`rate limit must be "off" or {requests: whole number > 0, windowMs > 0}, got ${JSON.stringify(limit)}`);
    }
    this.rateLimit = limit;
    this.logCalls.length = 0;
    for (const job of this.jobs.values()) job.onDemandCalls.length = 0;
  }

  /** Points validateCredentials, on-demand and cycles at a Zendesk sandbox. */
  setZendeskTarget(target: ZendeskTarget | undefined): void {
    this.zendesk = target;
  }

  /** Resolves when every background cycle started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Every provisioning-log record so far, oldest first. */
  provisioningLogs(): ReadonlyArray<ProvisioningObjectSummary> {
    return [...this.logs];
  }

  /** Puts a job in quarantine (fault injection for troubleshooting tests); `QuarantinedOnDemand` by default. */
  quarantine(jobId: string, reason = 'QuarantinedOnDemand', error: Quarantine['error'] = null): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new RangeError(`no synchronization job '${jobId}'`);
    this.enterQuarantine(job, reason, error);
  }

  /** {@link handle} with errors rendered as Graph error bodies (never throws), as the server needs it. */
  async handleSafely(request: SyncRequest): Promise<ApiResponse | undefined> {
    const requestId = randomUUID();
    const clientRequestId = request.headers['client-request-id'];
    const headers = { 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId, 'OData-Version': '4.0', 'Cache-Control': 'no-cache' };
    try {
      const result = await this.handle(request);
      if (!result) return undefined;
      return { status: result.status, headers: { ...headers, ...result.headers, ...(result.body === undefined ? {} : { 'Content-Type': ODATA_JSON }) }, body: result.body };
    } catch (error) {
      const graphError =
        error instanceof GraphError ? error : new GraphError(500, 'generalException', `The sandbox failed to handle the request: ${(error as Error).message}`);
      return { status: graphError.status, headers: { ...headers, ...graphError.headers, 'Content-Type': ODATA_JSON }, body: errorBody(graphError.code, graphError.message, requestId, clientRequestId) };
    }
  }

  /** Handles the synchronization routes; undefined when the URL is not one of them. */
  async handle(request: SyncRequest): Promise<ApiResponse | undefined> {
    const url = new URL(request.url, 'https://sandbox.invalid');
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    if (segments[0] === 'auditLogs' && segments[1] === 'provisioning') return this.provisioningLogsRoute(request, url, segments.slice(2));
    const match = /^servicePrincipals(?:\((.+)\))?$/.exec(segments[0] ?? '');
    if (!match) return undefined;
    const key = match[1];
    const syncIndex = key !== undefined ? 1 : 2;
    if (segments[syncIndex] !== 'synchronization') return undefined;
    const spKey = key ?? segments[1]!;
    const alt = /^appId='([^']*)'$/i.exec(spKey);
    const sp = alt ? this.directory.findServicePrincipalByAppId(alt[1]!) : this.directory.findServicePrincipal(spKey.replace(/^'|'$/g, ''));
    if (!sp) {
      this.require(request, READ);
      throw notFound(alt ? alt[1]! : spKey);
    }
    return this.synchronization(request, sp.id, String(sp.data.displayName ?? ''), segments.slice(syncIndex + 1));
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private require(request: SyncRequest, permissions: readonly string[]): void {
    const granted = new Set([...(request.claims.roles ?? []), ...(request.claims.scp ?? '').split(' ')].map((p) => p.toLowerCase()));
    if (!permissions.some((p) => granted.has(p.toLowerCase()))) throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }

  private ok(body: unknown, status = 200): ApiResponse {
    return { status, headers: {}, body };
  }

  private noContent(): ApiResponse {
    return { status: 204, headers: {} };
  }

  private base(): string {
    return `${this.context.origin()}/v1.0`;
  }

  private jobJson(job: JobRecord): Json {
    return {
      id: job.id,
      templateId: job.templateId,
      schedule: { expiration: null, interval: job.scheduleState === 'Active' ? ACTIVE_INTERVAL : NEVER_INTERVAL, state: job.scheduleState },
      status: {
        code: job.code,
        countSuccessiveCompleteFailures: job.countSuccessiveCompleteFailures,
        escrowsPruned: false,
        synchronizedEntryCountByType: [
          { key: 'User', value: Object.keys(job.engineState.userLinks).length },
          { key: 'Group', value: Object.keys(job.engineState.groupLinks).length },
        ].filter((e) => e.value > 0),
        lastExecution: job.lastExecution,
        lastSuccessfulExecution: job.lastSuccessfulExecution,
        lastSuccessfulExecutionWithExports: job.lastSuccessfulExecution && job.lastSuccessfulExecution.countExported > 0 ? job.lastSuccessfulExecution : null,
        progress: [],
        steadyStateFirstAchievedTime: job.steadyStateFirstAchievedTime,
        steadyStateLastAchievedTime: job.steadyStateLastAchievedTime,
        quarantine: job.quarantine,
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: job.settings,
    };
  }

  private templateJson(spId: string): Json {
    return {
      id: ZENDESK_TEMPLATE_ID,
      applicationId: String(this.directory.findServicePrincipal(spId)?.data.appId ?? ''),
      default: true,
      description: 'Zendesk (sandbox template: the project default mappings)',
      discoverable: true,
      factoryTag: ZENDESK_TEMPLATE_ID,
      metadata: [],
    };
  }

  private enterQuarantine(job: JobRecord, reason: string, error: Quarantine['error']): void {
    const now = new Date();
    const began = job.quarantine?.seriesBegan ?? now.toISOString();
    job.quarantine = {
      currentBegan: now.toISOString(),
      nextAttempt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      reason,
      seriesBegan: began,
      seriesCount: (job.quarantine?.seriesCount ?? 0) + 1,
      error,
    };
    job.code = 'Quarantine';
  }

  // ---- routes --------------------------------------------------------------------------------------------------

  private async synchronization(request: SyncRequest, spId: string, spName: string, rest: string[]): Promise<ApiResponse> {
    const method = request.method.toUpperCase();
    const [area, id, ...more] = rest;
    if (area === 'templates') {
      this.require(request, method === 'GET' ? READ : WRITE);
      if (id === undefined && method === 'GET') return this.ok({ '@odata.context': `${this.base()}/$metadata#servicePrincipals('${spId}')/synchronization/templates`, value: [this.templateJson(spId)] });
      if (id !== ZENDESK_TEMPLATE_ID) throw notFound(id ?? 'templates');
      if (more.length === 0 && method === 'GET') return this.ok(this.templateJson(spId));
      if (more[0] === 'schema' && more.length === 1 && method === 'GET') return this.ok({ id: ZENDESK_TEMPLATE_ID, version: 'Date:1/1/2026 12:00:00 AM~Version:1', ...zendeskTemplateSchema() });
      if (more[0] === 'schema' && more[1] === 'parseExpression' && method === 'POST') return this.ok(parseExpressionResponse(request.body));
      throw segmentNotFound(more[0] ?? id);
    }
    if (area === 'secrets') {
      if (method === 'PUT') {
        this.require(request, WRITE);
        const value = isRecord(request.body) ? request.body.value : undefined;
        if (!Array.isArray(value) || value.some((s) => !isRecord(s) || typeof s.key !== 'string' || typeof s.value !== 'string')) {
          throw bad('PUT secrets takes {"value":[{"key":"…","value":"…"}, …]} with string keys and values (every key: PUT replaces the set).');
        }
        this.secrets.set(spId, value.map((s) => ({ key: String((s as Json).key), value: String((s as Json).value) })));
        for (const job of this.jobs.values()) if (job.servicePrincipalId === spId && job.code === 'NotConfigured') job.code = 'NotRun';
        return this.noContent();
      }
      if (method === 'GET') {
        this.require(request, READ);
        throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      throw methodNotAllowed();
    }
    if (area !== 'jobs') throw segmentNotFound(area ?? 'synchronization');
    if (id === undefined) {
      if (method === 'GET') {
        this.require(request, READ);
        const value = [...this.jobs.values()].filter((j) => j.servicePrincipalId === spId).map((j) => this.jobJson(j));
        return this.ok({ '@odata.context': `${this.base()}/$metadata#servicePrincipals('${spId}')/synchronization/jobs`, value });
      }
      if (method === 'POST') {
        this.require(request, WRITE);
        const templateId = isRecord(request.body) ? request.body.templateId : undefined;
        if (typeof templateId !== 'string' || templateId === '') throw bad('templateId is required: GET …/synchronization/templates lists the ids (Zendesk: "zendesk").');
        if (templateId !== ZENDESK_TEMPLATE_ID) throw bad(`templateId '${templateId}' is not a template of this service principal (templates: ${ZENDESK_TEMPLATE_ID}).`);
        const job: JobRecord = {
          id: `${templateId}.${this.context.tenantId.replace(/-/g, '')}.${randomUUID()}`,
          templateId,
          servicePrincipalId: spId,
          scheduleState: 'Disabled',
          code: this.secrets.has(spId) ? 'NotRun' : 'NotConfigured',
          quarantine: null,
          lastExecution: null,
          lastSuccessfulExecution: null,
          countSuccessiveCompleteFailures: 0,
          steadyStateFirstAchievedTime: NEVER_TIME,
          steadyStateLastAchievedTime: NEVER_TIME,
          settings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
          schema: zendeskTemplateSchema(),
          engineState: emptyEngineState(),
          allowDeletes: false,
          onDemandCalls: [],
        };
        this.jobs.set(job.id, job);
        return this.ok({ '@odata.context': `${this.base()}/$metadata#servicePrincipals('${spId}')/synchronization/jobs/$entity`, ...this.jobJson(job) }, 201);
      }
      throw methodNotAllowed();
    }
    if (id === 'validateCredentials' && more.length === 0) {
      if (method !== 'POST') throw methodNotAllowed();
      this.require(request, WRITE);
      await this.validateCredentials(spId, request.body);
      return this.noContent();
    }
    const job = this.jobs.get(id);
    if (!job || job.servicePrincipalId !== spId) {
      this.require(request, READ);
      throw notFound(id);
    }
    const action = more.join('/');
    switch (`${method} ${action}`) {
      case 'GET ':
        this.require(request, READ);
        return this.ok({ '@odata.context': `${this.base()}/$metadata#servicePrincipals('${spId}')/synchronization/jobs/$entity`, ...this.jobJson(job) });
      case 'DELETE ':
        this.require(request, WRITE);
        this.jobs.delete(job.id);
        return this.noContent();
      case 'GET schema':
        this.require(request, READ);
        return this.ok(job.schema);
      case 'PUT schema': {
        this.require(request, WRITE);
        const problem = schemaShapeProblem(request.body);
        if (problem) throw bad(`Invalid synchronizationSchema: ${problem}`);
        job.schema = request.body as SynchronizationSchema;
        return this.noContent();
      }
      case 'DELETE schema':
        this.require(request, WRITE);
        job.schema = zendeskTemplateSchema();
        return this.noContent();
      case 'POST schema/parseExpression':
        this.require(request, WRITE);
        return this.ok(parseExpressionResponse(request.body));
      case 'POST validateCredentials':
        this.require(request, WRITE);
        await this.validateCredentials(spId, request.body);
        return this.noContent();
      case 'POST start':
        this.require(request, WRITE);
        if (!this.secrets.has(spId)) throw bad('The job cannot be started because it has not been configured.');
        job.quarantine = null;
        job.code = 'NotRun';
        job.scheduleState = 'Active';
        this.runCycle(job, spName);
        return this.noContent();
      case 'POST pause':
        this.require(request, WRITE);
        job.scheduleState = 'Paused';
        if (job.code !== 'NotConfigured') job.code = 'Paused';
        return this.noContent();
      case 'POST restart': {
        this.require(request, WRITE);
        const criteria = isRecord(request.body) ? request.body.criteria : undefined;
        const flags = parseResetScope(isRecord(criteria) ? criteria.resetScope : undefined);
        if (!this.secrets.has(spId)) throw bad('The job cannot be restarted because it has not been configured.');
        const full = flags.has('Full');
        if (full || flags.has('Watermark') || flags.has('ConnectorDataStore')) {
          job.engineState = full ? emptyEngineState() : { ...job.engineState, watermark: null };
        }
        if (full || flags.has('Escrows')) job.engineState = { ...job.engineState, escrows: [] };
        if (full || flags.has('QuarantineState')) job.quarantine = null;
        job.allowDeletes = flags.has('ForceDeletes');
        if (job.quarantine === null) {
          job.code = 'NotRun';
          job.scheduleState = 'Active';
          this.runCycle(job, spName);
        }
        return this.noContent();
      }
      case 'POST provisionOnDemand':
        this.require(request, WRITE);
        return this.provisionOnDemand(job, spName, request.body);
      default:
        throw segmentNotFound(more[0] ?? id);
    }
  }

  // ---- credentials and ports -------------------------------------------------------------------------------------

  private credentialValues(list: ReadonlyArray<SynchronizationSecret>): { email?: string; token?: string; domain?: string } {
    const get = (key: string): string | undefined => list.find((s) => s.key === key)?.value;
    return { email: get('UserName'), token: get('SecretToken'), domain: get('Domain') };
  }

  /** Why these credentials don't work against the Zendesk target, or undefined when they do. */
  private async credentialProblem(list: ReadonlyArray<SynchronizationSecret>): Promise<string | undefined> {
    const target = this.zendesk;
    if (!target) return 'the sandbox has no Zendesk target to test against (start it with a Zendesk sandbox, or call setZendeskTarget).';
    const { email, token, domain } = this.credentialValues(list);
    if (!email) return "the 'UserName' credential (Zendesk admin e-mail) is missing.";
    if (!token) return "the 'SecretToken' credential (Zendesk API token) is missing.";
    if (!domain) return "the 'Domain' credential (Zendesk subdomain) is missing.";
    if (domain.toLowerCase() !== target.subdomain.toLowerCase()) {
      return `the 'Domain' credential '${domain}' is not the Zendesk subdomain '${target.subdomain}' (give the subdomain only, not a URL).`;
    }
    const client = new ZendeskClient({ url: target.url, credentials: { kind: 'apiToken', email, token }, retry: { maxRetries: 1 } });
    try {
      const check = await client.verifyCredentials();
      if (!check.valid) return `Zendesk did not accept the admin e-mail and API token (${check.problem ?? 'users/me is anonymous'}). Make sure the Zendesk account has admin permissions and try again.`;
      if (!check.isAdmin) return 'the Zendesk account is not an admin. Make sure the Zendesk account has admin permissions and try again.';
      return undefined;
    } catch (error) {
      return `Zendesk could not be reached: ${(error as Error).message}`;
    } finally {
      client.close();
    }
  }

  private async validateCredentials(spId: string, body: unknown): Promise<void> {
    const input = isRecord(body) ? body : {};
    let list: SynchronizationSecret[];
    if (input.useSavedCredentials === true) {
      list = this.secrets.get(spId) ?? [];
    } else {
      const credentials = input.credentials;
      if (!Array.isArray(credentials) || credentials.some((c) => !isRecord(c) || typeof c.key !== 'string' || typeof c.value !== 'string')) {
        throw bad('validateCredentials takes {"useSavedCredentials":false,"credentials":[{"key":"UserName","value":"…"},…]} (or useSavedCredentials:true).');
      }
      list = credentials as SynchronizationSecret[];
    }
    const problem = await this.credentialProblem(list);
    if (problem) throw bad(`Credential validation failed: ${problem}`, 'CredentialValidationFailed');
  }

  private ports(spId: string): { ports: EnginePorts; close: () => void } {
    const target = this.zendesk;
    const { email, token } = this.credentialValues(this.secrets.get(spId) ?? []);
    if (!target || !email || !token) throw bad('The job has no usable Zendesk credentials: PUT …/synchronization/secrets first.');
    const graph = new GraphClient({ credential: staticTokenCredential(this.context.mintToken()), baseUrl: this.base(), ca: this.context.ca, retry: { maxRetries: 2 } });
    const zendesk = new ZendeskClient({ url: target.url, credentials: { kind: 'apiToken', email, token }, timeScale: target.timeScale, retry: { maxRetries: 2 } });
    return {
      ports: { entra: new GraphEngineAdapter(graph, { servicePrincipalId: spId }), zendesk: new ZendeskEngineAdapter(zendesk) },
      close: () => {
        graph.close();
        zendesk.close();
      },
    };
  }

  /** The engine configuration the job's schema, secrets and settings describe. */
  private config(job: JobRecord): EntraZendeskConfig {
    const secrets = this.secrets.get(job.servicePrincipalId) ?? [];
    const imported = schemaToConfig(job.schema, secrets, job.settings).document as Record<string, unknown>;
    const { email } = this.credentialValues(secrets);
    const document: Record<string, unknown> = {
      ...imported,
      entra: { ...(isRecord(imported.entra) ? imported.entra : {}), tenantId: this.context.tenantId, servicePrincipalId: job.servicePrincipalId },
      zendesk: { ...(isRecord(imported.zendesk) ? imported.zendesk : {}), subdomain: this.zendesk?.subdomain ?? 'sandbox', adminEmail: email ?? 'admin@example.com', auth: { mode: 'apiToken' } },
    };
    const { problems } = validateDocument(document);
    if (problems.length > 0) throw bad(`The job's schema cannot be run by the sandbox engine: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    return resolveConfig(document);
  }

  private logContext(job: JobRecord, spName: string, cycleId: string) {
    return { tenantId: this.context.tenantId, jobId: job.id, cycleId, servicePrincipal: { id: job.servicePrincipalId, displayName: spName }, newId: () => randomUUID() };
  }

  // ---- on demand -------------------------------------------------------------------------------------------------

  private async provisionOnDemand(job: JobRecord, spName: string, body: unknown): Promise<ApiResponse> {
    const limit = this.rateLimit;
    const wait = takeSlot(job.onDemandCalls, Date.now(), limit);
    if (wait > 0 && limit !== 'off') throw throttled(wait, limit);
    const parameters = isRecord(body) && Array.isArray(body.parameters) ? body.parameters : undefined;
    const parameter = parameters?.[0];
    if (!isRecord(parameter) || typeof parameter.ruleId !== 'string' || !Array.isArray(parameter.subjects)) {
      throw bad('provisionOnDemand takes {"parameters":[{"ruleId":"…","subjects":[{"objectId":"…","objectTypeName":"User"}]}]}.');
    }
    if (!job.schema.synchronizationRules.some((r) => r.id === parameter.ruleId)) {
      throw bad(`ruleId '${parameter.ruleId}' is not a rule of the job's schema (rules: ${job.schema.synchronizationRules.map((r) => r.id).join(', ')}).`);
    }
    const subject = parameter.subjects[0];
    if (!isRecord(subject) || typeof subject.objectId !== 'string' || typeof subject.objectTypeName !== 'string') throw bad('subjects[0] needs objectId and objectTypeName.');
    if (subject.objectTypeName.toLowerCase() !== 'user') {
      throw new GraphError(400, 'NotSupported', `objectTypeName '${subject.objectTypeName}': the sandbox provisions users on demand only (groups go through a cycle: POST …/start).`);
    }
    const compiled = compileConfig(this.config(job));
    const { ports, close } = this.ports(job.servicePrincipalId);
    const startTime = new Date().toISOString();
    try {
      const trial = await engineProvisionOnDemand(ports, compiled, job.engineState, subject.objectId, {
        now: new Date(),
        dryRun: false,
        log: this.logContext(job, spName, randomUUID()),
      });
      job.engineState = trial.state;
      this.logs.push(trial.record);
      const pair = onDemandResponse(trial.record, startTime, new Date().toISOString());
      return this.ok({ '@odata.context': `${this.base()}/$metadata#microsoft.graph.stringKeyStringValuePair`, ...pair });
    } catch (error) {
      if (error instanceof TrialSubjectNotFoundError) throw notFound(subject.objectId);
      throw error;
    } finally {
      close();
    }
  }

  // ---- cycles ----------------------------------------------------------------------------------------------------

  private runCycle(job: JobRecord, spName: string): void {
    const run = this.cycle(job, spName).catch((error: unknown) => {
      const message = (error as Error).message;
      job.lastExecution = execution(new Date(), 'Failed', { code: 'InternalError', message, tenantActionable: false });
      job.countSuccessiveCompleteFailures += 1;
    });
    const tracked = run.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async cycle(job: JobRecord, spName: string): Promise<void> {
    const began = new Date();
    const secrets = this.secrets.get(job.servicePrincipalId) ?? [];
    const problem = await this.credentialProblem(secrets);
    if (problem) {
      const error = { code: 'ZendeskCredentialsInvalid', message: `Zendesk rejected the saved credentials: ${problem}`, tenantActionable: true };
      job.lastExecution = execution(began, 'Failed', error);
      job.countSuccessiveCompleteFailures += 1;
      this.enterQuarantine(job, 'EncounteredQuarantineException', error);
      return;
    }
    const compiled = compileConfig(this.config(job));
    const { ports, close } = this.ports(job.servicePrincipalId);
    try {
      const now = new Date();
      const model = await importModel(ports, compiled, job.engineState);
      const plan = buildPlan(compiled, model, job.engineState, { now, allowDeletes: job.allowDeletes });
      const applied = await applyPlan(plan, ports.zendesk, job.engineState, { now: () => new Date() });
      const context = { ...this.logContext(job, spName, randomUUID()), activityDateTime: new Date() };
      for (const entry of [...plan.users, ...plan.groups]) this.logs.push(planEntryToRecord(entry, context, applied.outcomes.get(entry)));
      job.engineState = applied.state;
      job.allowDeletes = false;
      const exported = applied.counts.succeeded;
      const failed = applied.counts.failed;
      const run = execution(began, failed > 0 ? 'EntryLevelErrors' : 'Succeeded', null);
      Object.assign(run, {
        countImported: model.entra.users.size + model.entra.groups.size,
        countEntitled: plan.users.length + plan.groups.length,
        countEntitledForProvisioning: plan.users.filter((u) => u.action !== 'skip').length,
        countExported: exported,
        countExports: exported,
        countEscrowed: failed,
        countEscrowedRaw: failed,
      });
      job.lastExecution = run;
      job.countSuccessiveCompleteFailures = 0;
      job.lastSuccessfulExecution = run;
      if (plan.quarantine) {
        this.enterQuarantine(job, 'TooManyDeletes', { code: 'TooManyDeletes', message: `${plan.quarantine.deletes} deletes/disables exceed the threshold of ${plan.quarantine.threshold}; restart with ForceDeletes to apply them.`, tenantActionable: true });
        return;
      }
      if (job.scheduleState === 'Active') job.code = 'Active';
      const at = new Date().toISOString();
      if (job.steadyStateFirstAchievedTime === NEVER_TIME) job.steadyStateFirstAchievedTime = at;
      job.steadyStateLastAchievedTime = at;
    } finally {
      close();
    }
  }

  // ---- provisioning logs -----------------------------------------------------------------------------------------

  private provisioningLogsRoute(request: SyncRequest, url: URL, rest: string[]): ApiResponse {
    if (request.method.toUpperCase() !== 'GET') throw methodNotAllowed();
    this.require(request, LOGS);
    const limit = this.rateLimit;
    const wait = takeSlot(this.logCalls, Date.now(), limit);
    if (wait > 0 && limit !== 'off') throw throttled(wait, limit);
    const params = url.searchParams;
    let items = [...this.logs] as unknown as Json[];
    if (rest.length === 1) {
      const found = items.find((r) => r.id === rest[0]);
      if (!found) throw notFound(rest[0]!);
      return this.ok(found);
    }
    const filter = params.get('$filter');
    if (filter) {
      const predicate = parseLogFilter(filter);
      items = items.filter(predicate);
    }
    const orderby = (params.get('$orderby') ?? 'activityDateTime desc').trim();
    const order = /^activityDateTime(\s+(asc|desc))?$/i.exec(orderby);
    if (!order) throw bad(`$orderby '${orderby}' is not supported: use activityDateTime asc|desc.`);
    const descending = (order[2] ?? 'asc').toLowerCase() === 'desc';
    items.sort((a, b) => (String(a.activityDateTime) < String(b.activityDateTime) ? -1 : String(a.activityDateTime) > String(b.activityDateTime) ? 1 : 0) * (descending ? -1 : 1));
    const topText = params.get('$top');
    const top = topText === null ? 100 : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 1000) throw bad(`Invalid $top '${topText}': use a whole number from 1 to 1000.`);
    const skipText = params.get('$skiptoken');
    const skip = skipText === null ? 0 : Number(Buffer.from(skipText, 'base64url').toString('utf8'));
    if (!Number.isInteger(skip) || skip < 0) throw bad('Invalid $skiptoken: follow @odata.nextLink as given.');
    const page = items.slice(skip, skip + top);
    const body: Json = { '@odata.context': `${this.base()}/$metadata#auditLogs/provisioning` };
    if (skip + top < items.length) {
      const next = new URLSearchParams(params);
      next.set('$skiptoken', Buffer.from(String(skip + top), 'utf8').toString('base64url'));
      body['@odata.nextLink'] = `${this.base()}/auditLogs/provisioning?${next.toString()}`;
    }
    body.value = page;
    return this.ok(body);
  }
}

function execution(began: Date, state: TaskExecution['state'], error: TaskExecution['error']): TaskExecution {
  return {
    activityIdentifier: randomUUID(),
    countEntitled: 0,
    countEntitledForProvisioning: 0,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: 0,
    countExports: 0,
    countImported: 0,
    countImportedDeltas: 0,
    countImportedReferenceDeltas: 0,
    error,
    state,
    timeBegan: began.toISOString(),
    timeEnded: new Date().toISOString(),
  };
}

function methodNotAllowed(): GraphError {
  return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}
