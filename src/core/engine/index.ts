/** Public surface of the provisioning engine. Import from here, not from the implementation files. */
export * from './ports';
export * from './model';
export * from './errors';
export { compileObjectMapping, evaluateMapping } from './mappings';
export type { CompiledMapping, CompiledObjectMapping } from './mappings';
export { compileConfig, importEntra, importZendesk, importModel, buildZendeskModel } from './import';
export type { CompiledConfig, EnginePorts } from './import';
export { graphSelect, toSourceUser, toSourceGroup, compileReaders } from './source-attributes';
export { scopeUser, scopeGroup } from './scope';
export type { ScopeVerdict, ScopeSkipReason, ScopedObject } from './scope';
export { matchObject, matchKey, TargetIndex, SourceValueCounts, evaluateMatchingValues, readTargetAttribute } from './matching';
export type { MatchOutcome, MatchAttempt, MatchInput, MatchingValues } from './matching';
export { RoleTranslator } from './roles';
export type { RoleResolution } from './roles';
export { toTargetValue, sameTargetValue } from './target-values';
export { buildPlan, displayPayload } from './plan';
export type {
  PlanAction,
  PlanEntry,
  UserPlanEntry,
  GroupPlanEntry,
  MembershipPlanEntry,
  ModifiedProperty,
  ZendeskRequest,
  LinkUpdate,
  SkipReason,
  PlanCounts,
  PlanSummary,
  ProvisioningPlan,
  PlanOptions,
} from './plan';
export { planEntryToRecord, membershipsToRecord, REDACTED } from './log';
export type {
  ProvisioningObjectSummary,
  ProvisioningStep,
  ProvisioningAction,
  ProvisioningResult,
  ProvisioningStepType,
  ProvisioningErrorInformation,
  LogContext,
  ApplyOutcome,
} from './log';
export { applyPlan, escrowNextAttempt, itemError, APPLY_CHUNK_SIZE, ESCROW_LIFETIME_MS, SERVICE_FAILURE_THRESHOLDS } from './apply';
export type { ApplyOptions, ApplyProgress, ApplyResult, FailureThresholds, StopReason } from './apply';
export { provisionOnDemand, TrialSubjectNotFoundError } from './trial';
export type { TrialOptions, TrialResult } from './trial';
export { captureWatermark, dueEscrows, importIncremental, WatermarkMissingError } from './incremental';
export type { IncrementalImport } from './incremental';
