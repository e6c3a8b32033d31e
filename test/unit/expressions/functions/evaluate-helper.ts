/** Shared helpers for the evaluator tests: evaluate expression text against a source object. */
import assert from 'node:assert/strict';
import {
  type EvaluationContext,
  type EvaluationResult,
  ExpressionEvaluationError,
  type SourceObject,
  type Value,
  evaluateExpression,
  evaluateValue,
  parseExpression,
} from '../../../../src/core/expressions';
import { seededRandom } from '../../../../src/sandbox/shared/seeded-random';

/** A fixed clock: 2024-05-06T07:08:09.123Z (a Monday). */
export const FIXED_NOW = new Date('2024-05-06T07:08:09.123Z');

export type Extra = Omit<EvaluationContext, 'source'>;

export function result(text: string, source: SourceObject = {}, extra: Extra = {}): EvaluationResult {
  return evaluateExpression(parseExpression(text), { now: () => FIXED_NOW, ...extra, source });
}

/** The value of an expression (null when it does not flow). */
export function evaluate(text: string, source: SourceObject = {}, extra: Extra = {}): Value {
  return evaluateValue(parseExpression(text), { now: () => FIXED_NOW, ...extra, source });
}

/** Asserts the expression fails with an ExpressionEvaluationError naming `functionName` and matching `message`. */
export function assertFails(text: string, functionName: string, message: RegExp, source: SourceObject = {}, extra: Extra = {}): ExpressionEvaluationError {
  let caught: unknown;
  try {
    evaluate(text, source, extra);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ExpressionEvaluationError, `expected an ExpressionEvaluationError from ${text}, got ${String(caught)}`);
  assert.equal(caught.functionName, functionName);
  assert.match(caught.message, message);
  return caught;
}

/** A deterministic [0, 1) source so random functions are reproducible (the sandbox's seeded PRNG). */
export const seeded = seededRandom;
