/**
 * Trial provision of one user ("provision on demand", reference §8.9): the same pipeline as a cycle — import, scope,
 * match, action — for one subject, reading only what that user needs: the app and its assignments, the user with the
 * mapped attributes, the groups the user is a direct member of; in Zendesk the linked user, or a search per matching
 * attribute until one hits. `dryRun` returns the exact request without writing. Groups and memberships are not part
 * of a user's trial (the service provisions groups on demand separately).
 */
import { applyPlan } from './apply';
import { EngineConfigurationError } from './errors';
import { type CompiledConfig, DIRECT, type EnginePorts, buildZendeskModel, effectiveAssignment } from './import';
import { type ApplyOutcome, type LogContext, type ProvisioningObjectSummary, planEntryToRecord } from './log';
import { evaluateMatchingValues } from './matching';
import type { EffectiveAssignment, EntraModel, ImportedModel, SourcePresence, SourceUserRecord } from './model';
import { type UserPlanEntry, type ZendeskRequest, buildPlan } from './plan';
import type { EngineState, PortCallOptions, TrialSubject, ZendeskUser } from './ports';
import { scopeUser } from './scope';

export interface TrialOptions {
  readonly now: Date;
  /** Show the request, send nothing. */
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
  /** Log context for the returned record (ids, cycle); the cycle id of a trial is its own. */
  readonly log: Omit<LogContext, 'activityDateTime'>;
}

export interface TrialResult {
  readonly entry: UserPlanEntry;
  /** The Zendesk request(s) the action needs — sent unless `dryRun`. */
  readonly requests: ReadonlyArray<ZendeskRequest>;
  readonly outcome: ApplyOutcome | null;
  /** The state after the trial (a created or matched user is linked). Unchanged on a dry run. */
  readonly state: EngineState;
  /** The provisioning-log record, whose steps are the portal's: import, scope, match, action. */
  readonly record: ProvisioningObjectSummary;
  /** Port calls made, by side: provision on demand is meant to be cheap. */
  readonly calls: { readonly entra: number; readonly zendesk: number };
}

export class TrialSubjectNotFoundError extends Error {
  override readonly name = 'TrialSubjectNotFoundError';
  constructor(readonly userId: string) {
    super(`User ${userId} was not found in Entra ID (nor among the users this tool manages). Check the object id or UPN.`);
  }
}

export async function provisionOnDemand(
  ports: EnginePorts,
  compiled: CompiledConfig,
  state: EngineState,
  userId: string,
  options: TrialOptions,
): Promise<TrialResult> {
  if (!compiled.user.enabled) throw new EngineConfigurationError('/userMapping/enabled', 'the user mapping is disabled, so no user can be provisioned');
  const call: PortCallOptions = options.signal === undefined ? {} : { signal: options.signal };
  let entraCalls = 0;
  let zendeskCalls = 0;
  const entra = async <T>(work: Promise<T>): Promise<T> => {
    entraCalls++;
    return work;
  };
  const zendesk = async <T>(work: Promise<T>): Promise<T> => {
    zendeskCalls++;
    return work;
  };

  // Import: the app, its assignments, the user, the user's direct groups — in one go when the port can.
  const { servicePrincipal, assignments, user: graph, memberOf } = await importSubject(ports, compiled, userId, call, entra);
  const appRoles = new Map(servicePrincipal.appRoles.map((r) => [r.id, r]));
  const link = state.userLinks[userId];
  let presence: SourcePresence = 'present';
  if (graph === null) {
    if (link === undefined) throw new TrialSubjectNotFoundError(userId);
    const deleted = await entra(ports.entra.getDeletedUsers([userId], call));
    presence = deleted.some((d) => d.id === userId) ? 'softDeleted' : 'hardDeleted';
  }
  const groupIds = new Set(memberOf.filter((m) => m['@odata.type'] === '#microsoft.graph.group').map((m) => m.id));
  const effective: EffectiveAssignment[] = [];
  for (const a of assignments) {
    if (a.deletedDateTime != null) continue;
    if (a.principalType === 'User' && a.principalId === userId) effective.push(effectiveAssignment(a, appRoles, DIRECT));
    else if (a.principalType === 'Group' && groupIds.has(a.principalId)) effective.push(effectiveAssignment(a, appRoles, { kind: 'group', groupId: a.principalId }));
  }
  const record: SourceUserRecord = { id: userId, graph, presence, assignments: effective };
  const entraModel: EntraModel = {
    servicePrincipal,
    appRoles,
    syncAll: compiled.config.scope === 'allUsersAndGroups',
    users: new Map([[userId, record]]),
    groups: new Map(),
    select: { users: compiled.userSelect, groups: compiled.groupSelect },
    warnings: [],
  };

  // Zendesk: the linked user, else one search per matching attribute, in precedence order, until one finds someone.
  const found: ZendeskUser[] = [];
  const scoped = scopeUser(record, compiled, entraModel.syncAll, (id) => id);
  if (link !== undefined) {
    found.push(...(await zendesk(ports.zendesk.showUsers([link.targetId], call))));
  } else if (scoped.verdict.inScope) {
    const values = evaluateMatchingValues(compiled.user.matching, { source: scoped.source, now: () => options.now });
    if (values.ok) {
      for (let i = 0; i < compiled.user.matching.length; i++) {
        const value = values.values[i];
        if (value === null || value === undefined) continue;
        const hits = await zendesk(ports.zendesk.searchUsers({ attribute: compiled.user.matching[i]!.target, value }, call));
        found.push(...hits);
        if (hits.length > 0) break;
      }
    }
  }
  // Custom roles are read only when the user's role needs one (they exist on Enterprise only).
  const needsCustomRoles = scoped.verdict.roles.some((r) => r.value?.startsWith('custom_role:') === true) || compiled.config.roles.some((r) => r.customRoleId !== undefined);
  const customRoles = needsCustomRoles ? await zendesk(ports.zendesk.listCustomRoles(call)) : null;
  const model: ImportedModel = { entra: entraModel, zendesk: buildZendeskModel(found, customRoles, [], [], false) };

  const plan = buildPlan({ ...compiled, group: { ...compiled.group, enabled: false }, provisionMemberships: false }, model, state, { now: options.now });
  const entry = plan.users[0]!;
  const requests = entry.request !== null && !entry.staged && entry.action !== 'skip' && entry.action !== 'error' ? [entry.request] : [];
  let outcome: ApplyOutcome | null = null;
  let nextState = state;
  if (!options.dryRun) {
    const applied = await applyPlan(plan, ports.zendesk, state, { now: () => options.now, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    zendeskCalls += requests.length;
    outcome = applied.outcomes.get(entry) ?? null;
    nextState = applied.state;
  }
  const logRecord = planEntryToRecord(entry, { ...options.log, activityDateTime: options.now }, outcome ?? undefined);
  return { entry, requests, outcome, state: nextState, record: logRecord, calls: { entra: entraCalls, zendesk: zendeskCalls } };
}

/** The trial's Entra reads: the port's one-call `getTrialSubject` when it has one, else four calls. */
async function importSubject(
  ports: EnginePorts,
  compiled: CompiledConfig,
  userId: string,
  call: PortCallOptions,
  count: <T>(work: Promise<T>) => Promise<T>,
): Promise<TrialSubject> {
  if (ports.entra.getTrialSubject) return count(ports.entra.getTrialSubject(userId, compiled.userSelect, call));
  const servicePrincipal = await count(ports.entra.getServicePrincipal(call));
  const [assignments, users, memberOf] = await Promise.all([
    count(ports.entra.listAppRoleAssignedTo(servicePrincipal.id, call)),
    count(ports.entra.getUsers([userId], compiled.userSelect, call)),
    count(ports.entra.listUserMemberOf(userId, call)),
  ]);
  return { servicePrincipal, assignments, user: users.find((u) => u.id === userId) ?? null, memberOf };
}
