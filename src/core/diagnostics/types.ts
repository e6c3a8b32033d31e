/**
 * Findings of the connector-limitation lint (reference entra-provisioning.md §4.4): what would make Zendesk
 * provisioning fail, skip users or surprise the admin, each with where it is and how to fix it.
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

/** An object a finding is about (an Entra user, a Zendesk role …), so a report or a tree can point at it. */
export interface FindingObject {
  readonly kind: 'entraUser' | 'entraGroup' | 'appRole' | 'zendeskUser' | 'zendeskGroup' | 'zendeskCustomRole';
  readonly id: string;
  readonly name: string;
}

export interface Finding {
  /** Stable identifier (`multiple-app-roles`), for filtering and documentation. */
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  /** One line: what is wrong. */
  readonly title: string;
  /** Why it matters, in the service's terms, naming the objects concerned. */
  readonly detail: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * JSON Pointer into the configuration (`/userMapping/attributeMappings/4/source`) for findings about the
   * configuration. It names the setting even when the file leaves it to its default; `line`/`column` then point at
   * the nearest enclosing value that is written in the file (none when no part of the path is written).
   */
  readonly path?: string;
  /** 1-based position in the configuration text, when the text was given. */
  readonly line?: number;
  readonly column?: number;
  readonly objects?: ReadonlyArray<FindingObject>;
}

export type FindingCode =
  | 'config-not-compilable'
  | 'api-token-retirement'
  | 'gallery-connector-api-token'
  | 'switch-mapping-on-update'
  | 'role-mapping-missing'
  | 'role-mapping-overwrites-zendesk'
  | 'app-role-assignments-mapped-directly'
  | 'complex-roles-with-sync-all'
  | 'sync-all-pushes-groups'
  | 'role-name-collides-with-built-in'
  | 'duplicate-role-names'
  | 'roles-not-imported'
  | 'custom-roles-unavailable'
  | 'default-access-assignment'
  | 'multiple-app-roles'
  | 'duplicate-matching-value'
  | 'missing-matching-value'
  | 'group-member-is-end-user'
  | 'nested-group'
  | 'disabled-before-provisioning'
  | 'zendesk-role-differs';

export interface DiagnoseOptions {
  /** The clock for date-dependent findings (API token retirement). */
  readonly now?: Date;
  /** How many objects a finding's detail names before "and N more" (all are still in `objects`). */
  readonly maxNamedObjects?: number;
}
