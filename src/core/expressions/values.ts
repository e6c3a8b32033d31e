/**
 * The value model of the expression language (reference §3.3): every scalar is a string, Booleans are "True"/"False",
 * null (absent) and "" are distinct, multi-valued attributes are ordered lists.
 */

/** A complex value, e.g. one entry of AppRoleAssignmentsComplex: `{id, value, displayName, primary}`. */
export type ComplexValue = Readonly<Record<string, string | boolean | null>>;

/** What an expression or attribute evaluates to. `null` = absent. */
export type Value = null | string | ReadonlyArray<string> | ReadonlyArray<ComplexValue>;

/**
 * One app-role assignment of the source user, as the provisioning service sees it. `displayName` is what
 * SingleAppRoleAssignment returns; `value` is the role's `value` claim.
 */
export interface AppRoleAssignmentValue {
  readonly id: string;
  readonly displayName: string;
  readonly value?: string | null;
}

/**
 * A source attribute as given to the evaluator: JSON-ish values straight from Graph or a user file.
 * Numbers and Booleans are converted to the value model's strings ("3", "True"); `undefined`/missing = null.
 * `appRoleAssignments` may be a list of role names or of `AppRoleAssignmentValue`.
 */
export type SourceAttributeValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<string>
  | ReadonlyArray<AppRoleAssignmentValue>;

export type SourceObject = Readonly<Record<string, SourceAttributeValue | undefined>>;
