/**
 * Object-level errors in the provisioning log's vocabulary (reference §6): an error code, the reason, the recommended
 * action and Graph's `errorCategory`. One catalogue, so the plan, apply and the log word things the same way.
 */

export type ErrorCategory = 'failure' | 'nonServiceFailure';

export interface EngineObjectError {
  /** `provisioningStatusInfo.errorInformation.errorCode`, e.g. `DuplicateTargetEntries`. */
  readonly code: string;
  /** What happened to this object, specific (names attribute and value when they are not secret). */
  readonly reason: string;
  readonly recommendedAction: string;
  readonly category: ErrorCategory;
  /** Retried automatically by a later cycle (reference §6 "Auto-retry"). */
  readonly retryable: boolean;
}

interface CodeInfo {
  readonly recommendedAction: string;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
}

const CODES: Readonly<Record<string, CodeInfo>> = {
  DuplicateTargetEntries: {
    recommendedAction: 'Make the matching attribute unique in Zendesk (merge or delete the duplicate Zendesk users), or match on a more specific attribute.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  DuplicateSourceEntries: {
    recommendedAction: 'Make the matching attribute unique in Entra ID: several users in scope share this value.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  ImportSkipped: {
    recommendedAction: 'Give the user a value for at least one matching attribute (see the matching precedence in the user mapping).',
    category: 'nonServiceFailure',
    retryable: false,
  },
  ExpressionEvaluationFailed: {
    recommendedAction: 'Fix the source data or the mapping expression; a user must have exactly one app role assignment for SingleAppRoleAssignment.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  SchemaPropertyCanOnlyAcceptValue: {
    recommendedAction: 'Map a single-valued source (e.g. wrap the attribute in Item(…, 1) or Join) to this single-valued Zendesk attribute.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  UnprocessableEntity: {
    recommendedAction: 'Fix the mapping or the source value so Zendesk accepts it (see the reason).',
    category: 'nonServiceFailure',
    retryable: false,
  },
  MandatoryFieldsMissing: {
    recommendedAction: 'Zendesk requires a name and an e-mail on create: give the user a value or set a default value in the mapping.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  InvalidAnchor: {
    recommendedAction: 'The linked Zendesk object no longer exists; restart provisioning (or clear the link) to match the object again.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  EntryConflict: {
    recommendedAction: 'Another Zendesk user already holds this value: fix the data, or fix matching so the account is matched instead.',
    category: 'nonServiceFailure',
    retryable: false,
  },
  LicenseLimitExceeded: {
    recommendedAction: 'Buy more Zendesk agent seats or assign fewer agent roles.',
    category: 'nonServiceFailure',
    retryable: false,
  },
};

export function objectError(code: string, reason: string): EngineObjectError {
  const info = CODES[code] ?? { recommendedAction: 'See the reason.', category: 'failure' as const, retryable: false };
  return { code, reason, ...info };
}

/** A configuration the engine can't run with (an invalid mapping expression, …). Names the JSON Pointer path. */
export class EngineConfigurationError extends Error {
  override readonly name = 'EngineConfigurationError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
