/**
 * The evaluator's contract: what it needs (context) and what it returns (result).
 */
import type { SourceObject, Value } from './values';

export interface EvaluationContext {
  /** The source object's attributes; a missing key is an absent (null) attribute. */
  readonly source: SourceObject;
  /** Clock for Now(); injectable so results are reproducible. Defaults to the real clock. */
  readonly now?: () => Date;
  /** Random source in [0, 1) for Guid() and RandomString(); injectable so results are reproducible. */
  readonly random?: () => number;
  /**
   * SelectUniqueValue's callback: is this candidate value free in the target? Without it every candidate is taken
   * as unique.
   */
  readonly isUnique?: (value: string) => boolean;
}

/** Why an attribute does not flow. */
export type NoFlowReason =
  /** The expression evaluated to null: nulls are never provisioned. */
  | 'null'
  /** IgnoreFlowIfNullOrEmpty saw null or "": the target attribute is dropped from this flow. */
  | 'ignoreFlowIfNullOrEmpty'
  /** An attribute in an IIF condition was null or "": the IIF yields null (reference §3.4). */
  | 'iifConditionNull';

export type EvaluationResult =
  | {
      readonly flow: true;
      /** A string, "" or a multi-valued list; never null (null does not flow). */
      readonly value: Exclude<Value, null>;
      /** Redact() was applied: logs must show `[Redact]` instead of the value. */
      readonly redacted: boolean;
    }
  | {
      readonly flow: false;
      readonly reason: NoFlowReason;
      readonly redacted: boolean;
    };
