/**
 * App roles → target roles (reference §1.11): SingleAppRoleAssignment, AppRoleAssignmentsComplex,
 * AssertiveAppRoleAssignmentsComplex. `[appRoleAssignments]` reaches the evaluator as role-name strings or as
 * `{id, displayName, value}` objects (see SourceObject).
 */
import type { FunctionNode } from '../ast';
import { ExpressionEvaluationError } from '../errors';
import type { ComplexValue, Value } from '../values';
import { type Evaluator, type FunctionImplementation, complexToString, requireArgument } from './runtime';

/** The service's own message for two or more assignments, typos ("occured", "where") included. */
export function singleAppRoleAssignmentMessage(count: number): string {
  return `An error occured while evaluating this function: 'SingleAppRoleAssignment.' No more than one app role assignment was expected, but this many where found: ${count}`;
}

function assignments(call: FunctionNode, ev: Evaluator): ReadonlyArray<string | ComplexValue> {
  requireArgument(call, 0, 'appRoleAssignments');
  const value = ev.value(call, 0);
  if (value === null) return [];
  return typeof value === 'string' ? [value] : value;
}

/** One assignment → one role name; none → null (Implement); two or more → the service's evaluation error. */
function singleAppRoleAssignment(call: FunctionNode, ev: Evaluator): Value {
  const roles = assignments(call, ev);
  if (roles.length > 1) {
    // The message is the service's verbatim (it already names the function), not the usual "Name: why" form.
    throw new ExpressionEvaluationError(singleAppRoleAssignmentMessage(roles.length), call.name, call.span);
  }
  if (roles.length === 0) return null;
  const role = roles[0]!;
  return typeof role === 'string' ? role : complexToString(role);
}

/**
 * Every assignment as a complex role `{id, value, displayName, primary: false}`. A role given only by name has no id
 * (null) and uses the name as both value and displayName (Decision).
 */
function complexRoles(call: FunctionNode, ev: Evaluator): Value {
  return assignments(call, ev).map((role): ComplexValue => {
    if (typeof role === 'string') return { id: null, value: role, displayName: role, primary: false };
    const displayName = complexToString(role);
    const value = typeof role['value'] === 'string' ? role['value'] : null;
    const id = typeof role['id'] === 'string' ? role['id'] : null;
    return { id, value, displayName, primary: false };
  });
}

export const ROLE_FUNCTIONS: Readonly<Record<string, FunctionImplementation>> = {
  SingleAppRoleAssignment: singleAppRoleAssignment,
  // Both yield the same value; add-only vs replace is how the engine PATCHes it (reference §1.11).
  AppRoleAssignmentsComplex: complexRoles,
  AssertiveAppRoleAssignmentsComplex: complexRoles,
};
