/**
 * Scoping filters in Microsoft Graph's shape (`objectMapping.scope`, reference §2.1): groups are OR-ed, the clauses of a
 * group are AND-ed. A filter with no groups (or no filter at all) puts every object in scope.
 */

/** `{values: [...]}` — the clause's operand; unary operators take none, binary operators exactly one. */
export interface FilterOperand {
  readonly values: ReadonlyArray<string>;
}

/** One condition: `sourceOperandName operatorName targetOperand`. */
export interface FilterClause {
  readonly operatorName: string;
  readonly sourceOperandName: string;
  readonly targetOperand: FilterOperand;
}

/** One scoping filter as the portal shows it (`name` = "Scoping Filter Title"). */
export interface FilterGroup {
  readonly name: string;
  readonly clauses: ReadonlyArray<FilterClause>;
}

export interface ScopingFilter {
  readonly groups: ReadonlyArray<FilterGroup>;
  /** Experimental in Graph (read-time filtering); accepted so real schemas load, not evaluated (validation warns). */
  readonly inputFilterGroups?: ReadonlyArray<FilterGroup>;
  /** Experimental in Graph (object-mapping selection); accepted so real schemas load, not evaluated (validation warns). */
  readonly categoryFilterGroups?: ReadonlyArray<FilterGroup>;
}

/** A configuration problem found by validateScopingFilter, located by a JSON path such as `$.groups[0].clauses[1]`. */
export interface ScopingDiagnostic {
  readonly severity: 'error' | 'warning';
  /** Stable identifier for tooling and tests, e.g. `unknown-operator`. */
  readonly code: ScopingDiagnosticCode;
  readonly path: string;
  readonly message: string;
}

export type ScopingDiagnosticCode =
  | 'invalid-structure'
  | 'unknown-operator'
  | 'undocumented-operator'
  | 'wrong-value-count'
  | 'invalid-regex'
  | 'non-integer-operand'
  | 'unsupported-attribute'
  | 'multi-valued-attribute'
  | 'never-matches'
  | 'unanchored-numeric-regex'
  | 'undocumented-semantics'
  | 'empty-group'
  | 'experimental-filter-groups';

export interface ClauseEvaluation {
  readonly clause: FilterClause;
  readonly passed: boolean;
  /** e.g. `department EQUALS "Sales": value "sales" → false (case-sensitive)`. */
  readonly explanation: string;
}

export interface GroupEvaluation {
  readonly name: string;
  /** All clauses passed (AND). */
  readonly passed: boolean;
  readonly clauses: ReadonlyArray<ClauseEvaluation>;
}

export interface ScopeEvaluation {
  /** At least one group passed (OR), or there are no groups. */
  readonly inScope: boolean;
  readonly groups: ReadonlyArray<GroupEvaluation>;
}
