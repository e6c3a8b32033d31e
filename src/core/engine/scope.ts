/**
 * Scope (reference §1.4, §1.6): is an Entra user or group in provisioning scope, and why. Assignment (Default Access
 * excluded for Zendesk), the scoping filter (evaluateScope), `accountEnabled = false` and soft deletion each take an
 * object out of scope; `IsSoftDeleted` is true in exactly those cases. The verdict carries the reasons in the service's
 * words (`Skip reason = NotEffectivelyEntitled, Active = True, Assigned = False, Passed scope filter: True`).
 */
import type { AppRoleAssignmentValue, SourceObject } from '../expressions';
import { type ScopeEvaluation, evaluateScope, scopeVerdict } from '../scoping';
import type { CompiledConfig } from './import';
import type { EffectiveAssignment, SourceGroupRecord, SourceUserRecord } from './model';
import type { DisableReason } from './ports';
import { toSourceGroup, toSourceUser } from './source-attributes';

/**
 * Why an object is out of scope. `NotEffectivelyEntitled` is the service's; the others are this engine's names for
 * the other documented cases (Decision: the service logs them only as `IsSoftDeleted = True`).
 */
export type ScopeSkipReason = 'NotEffectivelyEntitled' | 'NotInProvisioningScope' | 'InactiveInSource' | 'SoftDeletedInSource' | 'DeletedInSource';

export interface ScopeVerdict {
  readonly inScope: boolean;
  /** The virtual `IsSoftDeleted` attribute: unassigned, failed scoping filter, soft-deleted or `accountEnabled = false`. */
  readonly isSoftDeleted: boolean;
  /** Has any assignment (Default Access included). */
  readonly assigned: boolean;
  /** Assigned with a role that counts (not Default Access only), or Sync all. */
  readonly effectivelyEntitled: boolean;
  /** Exists, not soft-deleted and `accountEnabled` is not false. */
  readonly active: boolean;
  readonly passedScopeFilter: boolean;
  readonly filter: ScopeEvaluation | null;
  readonly skipReason: ScopeSkipReason | null;
  /** When out of scope for a reason a disable can express; hard-deleted objects have none. */
  readonly disableReason: DisableReason | null;
  /** The `appRoleAssignments` value: distinct roles, Default Access left out. */
  readonly roles: ReadonlyArray<AppRoleAssignmentValue>;
  /** One sentence per fact, for the trial view and the log's scoping step. */
  readonly reasons: ReadonlyArray<string>;
  /** The service's one-line form. */
  readonly summary: string;
  /** The scoping step's `details` (reference §8.9). */
  readonly details: Readonly<Record<string, string>>;
}

const bool = (value: boolean): string => (value ? 'True' : 'False');

function describeAssignment(a: EffectiveAssignment, groupName: (id: string) => string): string {
  const via = a.via.kind === 'direct' ? 'directly' : `through group "${groupName(a.via.groupId)}"`;
  return `Assigned ${via} with role "${a.roleName}"${a.defaultAccess ? ' (Default Access)' : ''}`;
}

/**
 * Distinct roles by app role id: the same role reached directly and through a group is one role (Decision: the
 * SingleAppRoleAssignment error is about ambiguity, and two paths to one role are not ambiguous). Default Access carries
 * no Zendesk role, so it never takes part (also when `excludeDefaultAccess` is off and it counts for entitlement).
 */
function distinctRoles(assignments: ReadonlyArray<EffectiveAssignment>): AppRoleAssignmentValue[] {
  const seen = new Map<string, AppRoleAssignmentValue>();
  for (const a of assignments) {
    if (a.defaultAccess || seen.has(a.appRoleId)) continue;
    seen.set(a.appRoleId, { id: a.appRoleId, displayName: a.roleName, value: a.roleValue });
  }
  return [...seen.values()];
}

interface ScopeFacts {
  readonly kind: 'User' | 'Group';
  readonly present: boolean;
  readonly softDeleted: boolean;
  readonly accountEnabled: boolean;
  readonly assignments: ReadonlyArray<EffectiveAssignment>;
}

/** The filter outcome when no scoping filter is configured: one shared object (plans hold 100,000 verdicts). */
const NO_FILTER: ScopeEvaluation = Object.freeze({ inScope: true, groups: Object.freeze([]) as ReadonlyArray<never> });
const NO_ROLES: ReadonlyArray<AppRoleAssignmentValue> = Object.freeze([]);

/**
 * A verdict keeps only the facts; the sentences (`reasons`, `summary`, `details`) are worded when read, so a plan of
 * 100,000 users doesn't hold 100,000 explanations nobody looks at. `toJSON` includes them for machine output.
 */
class Verdict implements ScopeVerdict {
  readonly inScope: boolean;
  readonly isSoftDeleted: boolean;
  readonly assigned: boolean;
  readonly effectivelyEntitled: boolean;
  readonly active: boolean;
  readonly passedScopeFilter: boolean;
  readonly filter: ScopeEvaluation | null;
  readonly skipReason: ScopeSkipReason | null;
  readonly disableReason: DisableReason | null;
  readonly roles: ReadonlyArray<AppRoleAssignmentValue>;

  constructor(
    private readonly facts: ScopeFacts,
    private readonly syncAll: boolean,
    excludeDefaultAccess: boolean,
    private readonly groupName: (id: string) => string,
    filter: ScopeEvaluation | null,
    roles: ReadonlyArray<AppRoleAssignmentValue>,
  ) {
    this.assigned = facts.assignments.length > 0;
    let entitledByAssignment = false;
    for (const a of facts.assignments) if (!a.defaultAccess || !excludeDefaultAccess) entitledByAssignment = true;
    this.effectivelyEntitled = syncAll || entitledByAssignment;
    this.active = facts.present && !facts.softDeleted && facts.accountEnabled;
    this.filter = filter;
    this.passedScopeFilter = filter?.inScope ?? false;
    this.roles = roles;
    let skipReason: ScopeSkipReason | null = null;
    let disableReason: DisableReason | null = null;
    if (!facts.present && !facts.softDeleted) skipReason = 'DeletedInSource';
    else if (facts.softDeleted) [skipReason, disableReason] = ['SoftDeletedInSource', 'softDeleted'];
    else if (!facts.accountEnabled) [skipReason, disableReason] = ['InactiveInSource', 'accountDisabled'];
    else if (!this.effectivelyEntitled) [skipReason, disableReason] = ['NotEffectivelyEntitled', 'unassigned'];
    else if (!this.passedScopeFilter) [skipReason, disableReason] = ['NotInProvisioningScope', 'scopingFilter'];
    this.skipReason = skipReason;
    this.disableReason = disableReason;
    this.inScope = skipReason === null;
    this.isSoftDeleted = !this.inScope;
  }

  get reasons(): ReadonlyArray<string> {
    const { kind, present, softDeleted, accountEnabled, assignments } = this.facts;
    const reasons: string[] = [];
    if (!present) reasons.push(softDeleted ? `${kind} is soft-deleted in Entra ID` : `${kind} no longer exists in Entra ID (hard-deleted)`);
    else if (!accountEnabled) reasons.push('accountEnabled = False: sign-in is blocked in Entra ID');
    if (this.syncAll) reasons.push('Scope is "Sync all users and groups"');
    for (const a of assignments) reasons.push(describeAssignment(a, this.groupName));
    if (!this.syncAll && !this.assigned) reasons.push(`${kind} is not assigned to the application`);
    if (!this.syncAll && this.assigned && !this.effectivelyEntitled) {
      reasons.push(`${kind}'s only assignment is Default Access: ${kind === 'User' ? 'users' : 'groups'} with Default Access are excluded from provisioning to Zendesk`);
    }
    if (this.filter !== null) {
      reasons.push(scopeVerdict(this.filter, kind));
      for (const group of this.filter.groups) for (const clause of group.clauses) reasons.push(`  ${group.name}: ${clause.explanation}`);
    }
    return reasons;
  }

  get summary(): string {
    const facet = `Active = ${bool(this.active)}, Assigned = ${bool(this.assigned)}, Passed scope filter: ${bool(this.passedScopeFilter)}`;
    return this.inScope ? `In scope: ${facet}` : `Skip reason = ${this.skipReason}, ${facet}`;
  }

  get details(): Readonly<Record<string, string>> {
    const filter = this.filter;
    const details: Record<string, string> = {
      IsActive: bool(this.active),
      Assigned: bool(this.assigned),
      IsEffectivelyEntitledForProvisioning: bool(this.effectivelyEntitled),
      IsInProvisioningScopeDisplayName: bool(this.inScope),
      ScopeEvaluationResult:
        filter === null || filter.groups.length === 0 ? '{}' : JSON.stringify({ passed: filter.inScope, groups: filter.groups.map((g) => ({ name: g.name, passed: g.passed })) }),
    };
    if (this.skipReason !== null) details['SkipReason'] = this.skipReason;
    return details;
  }

  toJSON(): Record<string, unknown> {
    const { inScope, isSoftDeleted, assigned, effectivelyEntitled, active, passedScopeFilter, filter, skipReason, disableReason, roles } = this;
    return { inScope, isSoftDeleted, assigned, effectivelyEntitled, active, passedScopeFilter, filter, skipReason, disableReason, roles, reasons: this.reasons, summary: this.summary, details: this.details };
  }
}

function decide(facts: ScopeFacts, compiled: CompiledConfig, syncAll: boolean, filterSource: SourceObject, groupName: (id: string) => string, roles: ReadonlyArray<AppRoleAssignmentValue>): ScopeVerdict {
  const mapping = facts.kind === 'User' ? compiled.user : compiled.group;
  const filter = !facts.present ? null : mapping.scopingFilter.groups.length === 0 ? NO_FILTER : evaluateScope(mapping.scopingFilter, filterSource);
  return new Verdict(facts, syncAll, compiled.config.excludeDefaultAccess, groupName, filter, roles);
}

export interface ScopedObject {
  readonly verdict: ScopeVerdict;
  /** The source object the mappings evaluate: sync-engine attribute names, `IsSoftDeleted`, `appRoleAssignments`. */
  readonly source: SourceObject;
}

/**
 * Verdicts shared by the users whose scope one assignment decides alone — present, enabled, one assignment, no
 * scoping filter: the common case of a large tenant —, so a plan of 100,000 users makes a few verdicts and role lists,
 * not 100,000 of each. Such a verdict depends on nothing else than the assignment's role and path (its `reasons` name
 * them), the configuration, Sync all and `groupName`; so the verdicts are kept per `groupName` function (one per
 * plan, and dropped with it), keyed by the group the assignment comes through ('' for direct) and the app role id,
 * and checked against the role's name, value and Default Access. The shared objects are frozen.
 */
interface SharedVerdict {
  readonly assignment: EffectiveAssignment;
  readonly verdict: ScopeVerdict;
}
interface SharedVerdicts {
  readonly compiled: CompiledConfig;
  readonly syncAll: boolean;
  readonly byPath: Map<string, Map<string, SharedVerdict>>;
}
const sharedVerdicts = new WeakMap<(id: string) => string, SharedVerdicts>();

function sharedVerdict(assignment: EffectiveAssignment, compiled: CompiledConfig, syncAll: boolean, groupName: (id: string) => string): ScopeVerdict {
  let shared = sharedVerdicts.get(groupName);
  if (shared === undefined || shared.compiled !== compiled || shared.syncAll !== syncAll) {
    shared = { compiled, syncAll, byPath: new Map() };
    sharedVerdicts.set(groupName, shared);
  }
  const path = assignment.via.kind === 'direct' ? '' : assignment.via.groupId;
  let byRole = shared.byPath.get(path);
  if (byRole === undefined) shared.byPath.set(path, (byRole = new Map()));
  const known = byRole.get(assignment.appRoleId);
  if (known !== undefined && known.assignment.roleName === assignment.roleName && known.assignment.roleValue === assignment.roleValue && known.assignment.defaultAccess === assignment.defaultAccess) {
    return known.verdict;
  }
  const assignments = Object.freeze([assignment]);
  const roles = Object.freeze(distinctRoles(assignments).map((role) => Object.freeze(role)));
  const facts: ScopeFacts = Object.freeze({ kind: 'User', present: true, softDeleted: false, accountEnabled: true, assignments });
  const verdict = Object.freeze(new Verdict(facts, syncAll, compiled.config.excludeDefaultAccess, groupName, NO_FILTER, roles));
  byRole.set(assignment.appRoleId, { assignment, verdict });
  return verdict;
}

export function scopeUser(record: SourceUserRecord, compiled: CompiledConfig, syncAll: boolean, groupName: (id: string) => string): ScopedObject {
  const graph = record.graph;
  if (graph !== null && record.presence === 'present' && graph.accountEnabled !== false && record.assignments.length === 1 && compiled.user.scopingFilter.groups.length === 0) {
    const verdict = sharedVerdict(record.assignments[0]!, compiled, syncAll, groupName);
    const source = toSourceUser(graph, compiled.userReaders, verdict.roles);
    source['IsSoftDeleted'] = verdict.isSoftDeleted;
    return { verdict, source };
  }
  const roles = record.assignments.length === 0 ? NO_ROLES : distinctRoles(record.assignments);
  // The filter sees the object before IsSoftDeleted is known (scoping filters can't use it meaningfully).
  const source = graph === null ? {} : toSourceUser(graph, compiled.userReaders, roles);
  const verdict = decide(
    {
      kind: 'User',
      present: record.presence === 'present',
      softDeleted: record.presence === 'softDeleted',
      accountEnabled: graph?.accountEnabled !== false,
      assignments: record.assignments,
    },
    compiled,
    syncAll,
    source,
    groupName,
    roles,
  );
  source['IsSoftDeleted'] = verdict.isSoftDeleted;
  return { verdict, source };
}

export function scopeGroup(record: SourceGroupRecord, compiled: CompiledConfig, syncAll: boolean): ScopedObject {
  const roles = record.assignments.length === 0 ? NO_ROLES : distinctRoles(record.assignments);
  const source = record.graph === null ? {} : toSourceGroup(record.graph, compiled.groupReaders, roles);
  const verdict = decide(
    { kind: 'Group', present: record.presence === 'present', softDeleted: record.presence === 'softDeleted', accountEnabled: true, assignments: record.assignments },
    compiled,
    syncAll,
    source,
    (id) => id,
    roles,
  );
  source['IsSoftDeleted'] = verdict.isSoftDeleted;
  return { verdict, source };
}
