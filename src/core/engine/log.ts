/**
 * Provisioning log records shaped like Microsoft Graph's `provisioningObjectSummary` (reference §6, §8.10): one record
 * per object per run, with the action, status, error information, the steps (import, scoping, matching, export) and
 * the modified properties — Redact()ed values as `[Redact]`. Enums are emitted in lowercase (reference §8.10).
 */
import type { EngineObjectError } from './errors';
import type { GroupPlanEntry, MembershipPlanEntry, PlanEntry } from './plan';

export type ProvisioningAction = 'other' | 'create' | 'delete' | 'disable' | 'update' | 'stagedDelete';
export type ProvisioningResult = 'success' | 'failure' | 'skipped' | 'warning';
export type ProvisioningStepType = 'import' | 'scoping' | 'matching' | 'processing' | 'referenceResolution' | 'export';

export interface ProvisioningStep {
  readonly name: string;
  readonly provisioningStepType: ProvisioningStepType;
  readonly status: ProvisioningResult;
  readonly description: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface ProvisioningErrorInformation {
  readonly errorCode: string;
  readonly reason: string;
  readonly additionalDetails: string | null;
  readonly errorCategory: 'failure' | 'nonServiceFailure';
  readonly recommendedAction: string | null;
}

export interface ProvisionedIdentity {
  readonly id: string;
  readonly displayName: string | null;
  readonly identityType: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface ProvisioningSystem {
  readonly id: string | null;
  readonly displayName: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface ProvisioningObjectSummary {
  readonly id: string;
  readonly activityDateTime: string;
  readonly tenantId: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly provisioningAction: ProvisioningAction;
  readonly durationInMilliseconds: number | null;
  readonly initiatedBy: { readonly id: string; readonly displayName: string; readonly initiatorType: 'user' | 'application' | 'system' };
  readonly servicePrincipal: { readonly id: string; readonly displayName: string };
  readonly sourceSystem: ProvisioningSystem;
  readonly targetSystem: ProvisioningSystem;
  readonly sourceIdentity: ProvisionedIdentity;
  readonly targetIdentity: ProvisionedIdentity;
  readonly provisioningStatusInfo: { readonly status: ProvisioningResult; readonly errorInformation: ProvisioningErrorInformation | null };
  readonly provisioningSteps: ReadonlyArray<ProvisioningStep>;
  readonly modifiedProperties: ReadonlyArray<{ readonly displayName: string; readonly oldValue: string | null; readonly newValue: string | null }>;
}

export interface LogContext {
  readonly tenantId: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly servicePrincipal: { readonly id: string; readonly displayName: string };
  readonly activityDateTime: Date;
  /** Record and change ids; injectable for reproducible tests. */
  readonly newId: () => string;
  readonly durationInMilliseconds?: number;
}

/**
 * How applying an entry went; absent = plan only (nothing was sent). `notSent`: the run held it back (escrow back-off
 * not yet due, run stopped or cancelled before reaching it) — the reason says which.
 */
export type ApplyOutcome =
  | { readonly status: 'success'; readonly targetId?: number }
  | { readonly status: 'failure'; readonly error: EngineObjectError; readonly additionalDetails?: string }
  | { readonly status: 'notSent'; readonly reason: string };

export const REDACTED = '[Redact]';
const SERVICE = { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' as const };

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function attemptedAction(entry: PlanEntry): ProvisioningAction {
  if (entry.staged) return 'stagedDelete';
  switch (entry.action) {
    case 'create':
      return 'create';
    case 'update':
    case 'reactivate':
      return 'update';
    case 'suspend':
      return 'disable';
    case 'delete':
      return 'delete';
    case 'skip':
      return 'other';
    case 'error':
      return entry.match?.kind === 'notFound' ? 'create' : entry.match?.kind === 'linked' || entry.match?.kind === 'matched' ? 'update' : 'other';
  }
}

function errorInformation(error: EngineObjectError, additionalDetails: string | null = null): ProvisioningErrorInformation {
  return { errorCode: error.code, reason: error.reason, additionalDetails, errorCategory: error.category, recommendedAction: error.recommendedAction };
}

function steps(entry: PlanEntry, status: ProvisioningResult, outcome: ApplyOutcome | undefined): ProvisioningStep[] {
  const kind = entry.objectType;
  const who = `${kind} '${entry.displayName}'`;
  const out: ProvisioningStep[] = [];
  const present = entry.scope.skipReason !== 'DeletedInSource' && entry.scope.skipReason !== 'SoftDeletedInSource';
  out.push({
    name: 'EntryImport',
    provisioningStepType: 'import',
    status: 'success',
    description: present ? `Retrieved ${who} from Azure Active Directory` : `${who} was deleted in Azure Active Directory`,
    details: { objectId: entry.sourceId },
  });
  out.push({
    name: 'EntrySynchronizationScoping',
    provisioningStepType: 'scoping',
    status: entry.scope.inScope ? 'success' : 'skipped',
    description: `Determine if ${kind} in scope by evaluating against each scoping filter`,
    details: entry.scope.details,
  });
  const match = entry.match;
  if (match !== null) {
    const details: Record<string, string> = {};
    match.attempts.forEach((a, i) => {
      details[`MatchingAttribute${i + 1}`] = `${a.targetAttribute} = ${a.value === null ? '(no value)' : JSON.stringify(a.value)} → ${a.matchedIds.length} match(es)${a.matchedIds.length > 0 ? ` (${a.matchedIds.join(', ')})` : ''}`;
    });
    if (match.kind === 'notFound') {
      out.push({ name: 'EntryImportAdd', provisioningStepType: 'matching', status: 'success', description: `${who} was not found in Zendesk`, details });
    } else if (match.kind === 'error') {
      out.push({ name: 'EntryImport', provisioningStepType: 'matching', status: match.error.code === 'ImportSkipped' ? 'skipped' : 'failure', description: match.error.reason, details });
    } else {
      details['id'] = String(match.targetId);
      const how = match.kind === 'linked' ? 'by its link' : `by ${match.attribute}`;
      out.push({ name: 'EntryImport', provisioningStepType: 'matching', status: 'success', description: `Retrieved ${who} from Zendesk (${how})`, details });
    }
  }
  const exportStep = (name: string, description: string): void => {
    out.push({ name, provisioningStepType: 'export', status, description, details: entry.skipReason === null ? {} : { SkipReason: entry.skipReason } });
  };
  const planned = outcome === undefined ? ' (plan only: nothing was sent)' : '';
  if (outcome?.status === 'notSent') {
    exportStep('EntrySynchronizationSkip', `${who} was not sent to Zendesk: ${outcome.reason}`);
  } else if (entry.staged) {
    exportStep('EntrySynchronizationSkip', `Held back by the accidental-deletion threshold (StagedDelete): ${entry.message}`);
  } else if (entry.action === 'skip') {
    exportStep('EntrySynchronizationSkip', entry.message);
  } else if (entry.action === 'error' && outcome === undefined) {
    exportStep('EntrySynchronizationError', entry.message);
  } else {
    const verb = entry.action === 'create' ? 'created' : entry.action === 'delete' ? 'deleted' : entry.action === 'suspend' ? 'suspended' : entry.action === 'reactivate' ? 'reactivated' : 'updated';
    const name = entry.action === 'create' ? 'EntryExportAdd' : entry.action === 'delete' ? 'EntryExportDelete' : 'EntryExportUpdate';
    exportStep(
      name,
      outcome?.status === 'failure'
        ? `${who} could not be ${verb} in Zendesk: ${outcome.error.reason}`
        : `${who} ${outcome === undefined ? 'would be' : 'was'} ${verb} in Zendesk${planned}`,
    );
  }
  return out;
}

/**
 * One record for a user or group plan entry (and its apply outcome). Status: skips and staged entries are `skipped`,
 * plan errors and failed applies `failure`, applied entries `success` (`warning` when the entry carries warnings);
 * without an outcome an action is `skipped` with the note "plan only" (Decision: a plan changes nothing).
 */
export function planEntryToRecord(entry: PlanEntry, context: LogContext, outcome?: ApplyOutcome): ProvisioningObjectSummary {
  let status: ProvisioningResult;
  let info: ProvisioningErrorInformation | null = null;
  if (entry.staged) status = 'skipped';
  else if (entry.action === 'skip') {
    status = 'skipped';
    if (entry.error !== null) info = errorInformation(entry.error);
  } else if (entry.action === 'error') {
    status = 'failure';
    info = errorInformation(entry.error!);
  } else if (outcome === undefined || outcome.status === 'notSent') status = 'skipped';
  else if (outcome.status === 'failure') {
    status = 'failure';
    info = errorInformation(outcome.error, outcome.additionalDetails ?? null);
  } else status = entry.warnings.length > 0 ? 'warning' : 'success';

  const targetId = outcome?.status === 'success' && outcome.targetId !== undefined ? outcome.targetId : entry.targetId;
  return {
    id: context.newId(),
    activityDateTime: context.activityDateTime.toISOString(),
    tenantId: context.tenantId,
    jobId: context.jobId,
    cycleId: context.cycleId,
    changeId: context.newId(),
    provisioningAction: attemptedAction(entry),
    durationInMilliseconds: context.durationInMilliseconds ?? null,
    initiatedBy: SERVICE,
    servicePrincipal: context.servicePrincipal,
    sourceSystem: { id: null, displayName: 'Azure Active Directory', details: {} },
    targetSystem: { id: null, displayName: 'Zendesk', details: { ServicePrincipalDisplayName: context.servicePrincipal.displayName } },
    sourceIdentity: { id: entry.sourceId, displayName: entry.displayName, identityType: entry.objectType, details: {} },
    targetIdentity: { id: targetId === null ? '' : String(targetId), displayName: entry.displayName, identityType: entry.objectType, details: {} },
    provisioningStatusInfo: { status, errorInformation: info },
    provisioningSteps: steps(entry, status, outcome),
    modifiedProperties: entry.modifiedProperties.map((m) => ({
      displayName: m.name,
      oldValue: m.redacted ? REDACTED : text(m.oldValue),
      newValue: m.redacted ? REDACTED : text(m.newValue),
    })),
  };
}

/**
 * Membership changes of one group as a single `update` record with a `members` modified property per change (reference
 * §4.6: added member → `newValue`, removed member → `oldValue`). End-user members skipped with a warning make the
 * record a `warning`. Returns null when the group has no membership entries.
 */
export function membershipsToRecord(
  group: GroupPlanEntry,
  memberships: ReadonlyArray<MembershipPlanEntry>,
  context: LogContext,
  outcome?: ApplyOutcome,
): ProvisioningObjectSummary | null {
  const mine = memberships.filter((m) => m.groupSourceId === group.sourceId);
  if (mine.length === 0) return null;
  const changes = mine.filter((m) => m.action !== 'skip');
  const warnings = mine.filter((m) => m.warning !== null).map((m) => m.warning!);
  const status: ProvisioningResult =
    outcome === undefined || outcome.status === 'notSent' ? 'skipped' : outcome.status === 'failure' ? 'failure' : warnings.length > 0 ? 'warning' : 'success';
  const base = planEntryToRecord({ ...group, staged: false, action: 'update', modifiedProperties: [], warnings }, context, outcome);
  return {
    ...base,
    provisioningAction: changes.length === 0 ? 'other' : 'update',
    provisioningStatusInfo: {
      status,
      errorInformation: outcome?.status === 'failure' ? errorInformation(outcome.error, outcome.additionalDetails ?? null) : null,
    },
    provisioningSteps: [
      {
        name: 'EntryExportUpdate',
        provisioningStepType: 'referenceResolution',
        status,
        description: `Group '${group.displayName}' memberships: ${changes.length} change(s)${warnings.length > 0 ? `; ${warnings.join('; ')}` : ''}`,
        details: {},
      },
    ],
    modifiedProperties: changes.map((m) =>
      m.action === 'create'
        ? { displayName: 'members', oldValue: null, newValue: m.userSourceId }
        : { displayName: 'members', oldValue: m.userSourceId, newValue: null },
    ),
  };
}
