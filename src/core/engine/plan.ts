/**
 * The plan (reference §1.1–§1.12): for every imported object, what the provisioning service would do in Zendesk and
 * why — the action, the exact Zendesk request, the modified properties (old → new) — without doing it. Users and
 * groups first, then memberships; suspends and deletes over the accidental-deletion threshold are staged. Pure and
 * deterministic: the same model, state and configuration give the same plan, in id order.
 */
import type { EvaluationContext, EvaluationResult } from '../expressions';
import { ExpressionEvaluationError } from '../expressions';
import { type EngineObjectError, objectError } from './errors';
import type { CompiledConfig } from './import';
import type { CompiledMapping, CompiledObjectMapping } from './mappings';
import { evaluateMapping } from './mappings';
import { type MatchOutcome, SourceValueCounts, TargetIndex, evaluateMatchingValues, linkedOutcome, matchKey, matchObject, readTargetAttribute } from './matching';
import type { ImportedModel, SourceGroupRecord, SourceUserRecord } from './model';
import type { DisableReason, EngineState, ObjectLink, ZendeskGroup, ZendeskRole, ZendeskUser } from './ports';
import { RoleTranslator } from './roles';
import { type ScopeVerdict, type ScopedObject, scopeGroup, scopeUser } from './scope';
import { type TargetValue, sameTargetValue, setPayloadValue, toTargetValue } from './target-values';

export type PlanAction = 'create' | 'update' | 'suspend' | 'reactivate' | 'delete' | 'skip' | 'error';

export interface ModifiedProperty {
  /** The Zendesk attribute (`email`, `role`, `user_fields.badge`, `members`). */
  readonly name: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  /** Redact() was applied: logs and displays show `[Redact]`, only the request carries the value. */
  readonly redacted: boolean;
}

/** The single-call form of what will be sent (apply batches creates/updates into bulk jobs). */
export interface ZendeskRequest {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>> | null;
}

/** What to record in engine state once the entry's action succeeded. */
export type LinkUpdate =
  | { readonly kind: 'set'; readonly targetId: number | null; readonly disabledReason: DisableReason | null }
  | { readonly kind: 'remove' };

/**
 * Why nothing is done. `RedundantExport` and `NotEffectivelyEntitled` are the service's; the rest name the engine
 * rule that applied (Decision).
 */
export type SkipReason =
  | 'RedundantExport'
  | 'NotEffectivelyEntitled'
  | 'NotInProvisioningScope'
  | 'InactiveInSource'
  | 'SoftDeletedInSource'
  | 'DeletedInSource'
  | 'ImportSkipped'
  | 'SkipOutOfScopeDeletions'
  | 'NotManaged'
  | 'CreateNotEnabled'
  | 'UpdateNotEnabled'
  | 'DeleteNotEnabled'
  | 'IsSoftDeletedNotMapped'
  | 'TargetAlreadyDeleted';

interface PlanEntryBase {
  readonly sourceId: string;
  /** UPN (users) or display name, else the id: the log's reportable identifier. */
  readonly displayName: string;
  readonly action: PlanAction;
  /** A suspend/delete held back by the accidental-deletion threshold (log action `stagedDelete`). */
  readonly staged: boolean;
  readonly targetId: number | null;
  readonly request: ZendeskRequest | null;
  readonly modifiedProperties: ReadonlyArray<ModifiedProperty>;
  readonly scope: ScopeVerdict;
  readonly match: MatchOutcome | null;
  readonly skipReason: SkipReason | null;
  readonly error: EngineObjectError | null;
  /** One line: what and why. */
  readonly message: string;
  readonly warnings: ReadonlyArray<string>;
  readonly link: LinkUpdate | null;
}

export interface UserPlanEntry extends PlanEntryBase {
  readonly objectType: 'User';
  readonly payload: Readonly<Record<string, unknown>> | null;
  /** The Zendesk role the user has once the entry is applied (memberships need agent or admin). */
  readonly resultingRole: ZendeskRole | null;
}

export interface GroupPlanEntry extends PlanEntryBase {
  readonly objectType: 'Group';
  readonly payload: Readonly<Record<string, unknown>> | null;
}

export interface MembershipPlanEntry {
  readonly objectType: 'Membership';
  readonly action: 'create' | 'delete' | 'skip';
  readonly groupSourceId: string;
  /** null for a membership of a Zendesk user the engine doesn't know by Entra id (never removed, see below). */
  readonly userSourceId: string;
  /** null while the group or user is created in this same run (apply resolves it). */
  readonly groupTargetId: number | null;
  readonly userTargetId: number | null;
  readonly membershipId: number | null;
  readonly request: ZendeskRequest | null;
  readonly message: string;
  readonly warning: string | null;
}

export type PlanEntry = UserPlanEntry | GroupPlanEntry;

export interface PlanCounts {
  create: number;
  update: number;
  suspend: number;
  reactivate: number;
  delete: number;
  skip: number;
  error: number;
}

export interface PlanSummary {
  readonly users: Readonly<PlanCounts>;
  readonly groups: Readonly<PlanCounts>;
  readonly memberships: { readonly create: number; readonly delete: number; readonly skip: number };
  /** Suspends + deletes held back by the accidental-deletion threshold. */
  readonly staged: number;
  /** Zendesk write requests in single-call form (apply needs fewer: bulk). */
  readonly writes: number;
}

export interface ProvisioningPlan {
  readonly users: ReadonlyArray<UserPlanEntry>;
  readonly groups: ReadonlyArray<GroupPlanEntry>;
  readonly memberships: ReadonlyArray<MembershipPlanEntry>;
  readonly summary: PlanSummary;
  /** Set when the cycle's deletes + disables exceed the threshold (reference §1.8). */
  readonly quarantine: { readonly reason: 'TooManyDeletes'; readonly deletes: number; readonly threshold: number } | null;
  readonly warnings: ReadonlyArray<string>;
}

export interface PlanOptions {
  /** Evaluation time for Now()/DateAdd; the cycle's start. */
  readonly now: Date;
  /** "Allow deletes" (Graph restart with `ForceDeletes`): the threshold doesn't stage this cycle. */
  readonly allowDeletes?: boolean;
}

const NO_PROPERTIES: ReadonlyArray<ModifiedProperty> = Object.freeze([]);
const NO_WARNINGS: ReadonlyArray<string> = Object.freeze([]);

const DISABLE_MANAGED: ReadonlySet<DisableReason> = new Set(['softDeleted', 'accountDisabled']);

/** After an unassignment (or a failed scoping filter) the service disables the object and stops managing it (§0). */
function isManaged(link: ObjectLink): boolean {
  return link.disabledReason === undefined || DISABLE_MANAGED.has(link.disabledReason);
}

function reportable(graph: Readonly<Record<string, unknown>> | null, id: string): string {
  const upn = graph?.['userPrincipalName'];
  if (typeof upn === 'string' && upn !== '') return upn;
  const name = graph?.['displayName'];
  return typeof name === 'string' && name !== '' ? name : id;
}

function emptyCounts(): PlanCounts {
  return { create: 0, update: 0, suspend: 0, reactivate: 0, delete: 0, skip: 0, error: 0 };
}

type Evaluated =
  | { readonly kind: 'value'; readonly value: TargetValue; readonly redacted: boolean }
  | { readonly kind: 'none'; readonly redacted: boolean }
  | { readonly kind: 'error'; readonly error: EngineObjectError };

function evaluate(mapping: CompiledMapping, context: EvaluationContext, useDefault: boolean): Evaluated {
  let result: EvaluationResult;
  try {
    result = evaluateMapping(mapping, context);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) {
      // The service's message verbatim (e.g. SingleAppRoleAssignment's, typos included, reference §1.11).
      return { kind: 'error', error: objectError('ExpressionEvaluationFailed', error.message) };
    }
    throw error;
  }
  // An empty list is null (the value model's scalar rule, reference §3.3): it doesn't flow.
  if (result.flow && !(typeof result.value !== 'string' && result.value.length === 0)) {
    const converted = toTargetValue(mapping.target, result.value, result.redacted);
    return converted.ok ? { kind: 'value', value: converted.value, redacted: result.redacted } : { kind: 'error', error: converted.error };
  }
  // Null is never provisioned; "Default value if null" applies only on create (reference §1.10).
  const fallback = mapping.mapping.defaultValue;
  if (useDefault && fallback !== undefined) {
    const converted = toTargetValue(mapping.target, fallback, false);
    return converted.ok ? { kind: 'value', value: converted.value, redacted: false } : { kind: 'error', error: converted.error };
  }
  return { kind: 'none', redacted: result.redacted };
}

interface Desired {
  readonly payload: Readonly<Record<string, unknown>>;
  readonly modified: ReadonlyArray<ModifiedProperty>;
  readonly warnings: ReadonlyArray<string>;
  readonly role: ZendeskRole | null;
}

/** What an object needs when nothing changed: shared, since most objects of a steady-state cycle are unchanged. */
const NOTHING_TO_SEND: Readonly<Record<string, unknown>> = Object.freeze({});
const EMAIL_UPDATE_WARNING = 'Zendesk keeps the primary e-mail on update and adds the new address as a secondary identity (zendesk-api.md §4.3)';

/** The changes found so far for one object; allocated on its first change. */
interface Changes {
  readonly payload: Record<string, unknown>;
  readonly modified: ModifiedProperty[];
}

function addChange(changes: Changes | null, current: Readonly<Record<string, unknown>> | null, name: string, newValue: unknown, redacted: boolean): Changes {
  const into = changes ?? { payload: {}, modified: [] };
  setPayloadValue(into.payload, name, newValue);
  into.modified.push({ name, oldValue: current === null ? null : (readTargetAttribute(current, name) ?? null), newValue, redacted });
  return into;
}

/**
 * The attributes to send: on create every flowing mapping (defaults applied); on update only mappings that apply
 * Always and whose value differs from Zendesk's. `role` goes through role translation; `members` is not an attribute.
 * The payload, diff and warnings are allocated on the first change only, and no closure is made per call: a plan
 * compares 100,000 users, nearly all unchanged.
 */
function desiredAttributes(
  mappings: ReadonlyArray<CompiledMapping>,
  context: EvaluationContext,
  current: Readonly<Record<string, unknown>> | null,
  roles: RoleTranslator | null,
  only?: (m: CompiledMapping) => boolean,
): Desired | { readonly error: EngineObjectError } {
  const creating = current === null;
  let changes: Changes | null = null;
  let warnings: string[] | null = null;
  let role: ZendeskRole | null = null;
  for (const mapping of mappings) {
    if (mapping.target === 'members') continue;
    if (only !== undefined && !only(mapping)) continue;
    if (!creating && mapping.createOnly) continue;
    if (mapping.node === null) {
      // Type None: left unmodified; an empty target is filled with the default value (reference §1.10).
      const fallback = mapping.mapping.defaultValue;
      const have = current === null ? undefined : readTargetAttribute(current, mapping.target);
      if (fallback === undefined || (have !== null && have !== undefined && have !== '')) continue;
    }
    const result = evaluate(mapping, context, creating || mapping.node === null);
    if (result.kind === 'error') return { error: result.error };
    if (result.kind === 'none') continue;
    if (mapping.target === 'role' && roles !== null) {
      const resolved = roles.resolve(String(result.value));
      if (!resolved.ok) return { error: resolved.error };
      const target = resolved.target;
      if (target.kind === 'builtIn') {
        role = target.role;
        // Decision: only `role` is compared for built-in roles — Zendesk reports a custom_role_id even for admins.
        if (creating || current['role'] !== target.role) changes = addChange(changes, current, 'role', target.role, result.redacted);
      } else {
        role = 'agent';
        if (creating || current['role'] !== 'agent') changes = addChange(changes, current, 'role', 'agent', result.redacted);
        if (creating || current['custom_role_id'] !== target.customRoleId) changes = addChange(changes, current, 'custom_role_id', target.customRoleId, result.redacted);
      }
      continue;
    }
    if (creating || !sameTargetValue(mapping.target, readTargetAttribute(current, mapping.target), result.value)) {
      changes = addChange(changes, current, mapping.target, result.value, result.redacted);
      if (!creating && mapping.target === 'email') (warnings ??= []).push(EMAIL_UPDATE_WARNING);
    }
  }
  return { payload: changes?.payload ?? NOTHING_TO_SEND, modified: changes?.modified ?? NO_PROPERTIES, warnings: warnings ?? NO_WARNINGS, role };
}

interface Context {
  readonly compiled: CompiledConfig;
  readonly model: ImportedModel;
  readonly state: EngineState;
  readonly options: PlanOptions;
  readonly roles: RoleTranslator;
  /** The evaluation clock, one function for the whole plan. */
  readonly now: () => Date;
}

// ------------------------------------------------------------------------------------------------------------- users

function planUsers(ctx: Context): UserPlanEntry[] {
  const { compiled, model, state } = ctx;
  const mapping = compiled.user;
  const syncAll = model.entra.syncAll;
  const groupName = (id: string): string => model.entra.groups.get(id)?.graph?.displayName ?? id;
  const targetIndex = new TargetIndex<ZendeskUser>(model.zendesk.users, mapping.matching.map((m) => m.target));

  // Pass 1: the matching values of unlinked users in scope, for DuplicateSourceEntries. Only their scoped objects are
  // kept for pass 2; linked users (the steady state) are scoped once, in pass 2, so their sources die young. The
  // Zendesk users they can match (the hits of the first matching attribute with any, where matching stops) are noted:
  // only their owners are looked up among the links below.
  const records = [...model.entra.users.values()];
  const early = new Map<number, ScopedObject>();
  const values: Array<ReturnType<typeof evaluateMatchingValues> | null> = new Array(records.length).fill(null);
  const counts = new SourceValueCounts(mapping.matching.length);
  const candidates = new Set<number>();
  // Each user's link, read once here and handed to planUser (the links object holds 100,000 keys).
  const links: Array<ObjectLink | undefined> = new Array(records.length);
  records.forEach((record, i) => {
    const link = state.userLinks[record.id];
    links[i] = link;
    if (link !== undefined) return;
    const s = scopeUser(record, compiled, syncAll, groupName);
    if (!s.verdict.inScope) return;
    early.set(i, s);
    const v = evaluateMatchingValues(mapping.matching, { source: s.source, now: ctx.now });
    values[i] = v;
    if (!v.ok) return;
    counts.add(v.values);
    for (let m = 0; m < v.values.length; m++) {
      const value = v.values[m];
      if (value === null || value === undefined) continue;
      const found = targetIndex.findKey(mapping.matching[m]!.target, matchKey(value));
      for (const target of found) candidates.add(target.id);
      if (found.length > 0) break;
    }
  });

  // Who a candidate Zendesk user is linked to: one scan of the links, no map of all 100,000 of them. An id outside
  // the candidates (not expected) falls back to the full map, so the answer is always right.
  let owners: Map<number, string> | null = null;
  let allOwners: Map<number, string> | null = null;
  const ownerOf = (targetId: number): string | undefined => {
    if (owners === null) {
      owners = new Map<number, string>();
      for (const sourceId in state.userLinks) {
        const link = state.userLinks[sourceId]!;
        if (candidates.has(link.targetId)) owners.set(link.targetId, link.sourceId);
      }
    }
    if (candidates.has(targetId)) return owners.get(targetId);
    if (allOwners === null) {
      allOwners = new Map<number, string>();
      for (const link of Object.values(state.userLinks)) allOwners.set(link.targetId, link.sourceId);
    }
    return allOwners.get(targetId);
  };

  const lookups = { targetIndex, counts, linkOwner: ownerOf };
  return records.map((record, i) => {
    const scoped = early.get(i) ?? scopeUser(record, compiled, syncAll, groupName);
    return planUser(ctx, record, links[i], scoped, values[i] ?? null, lookups);
  });
}

/** The fields an entry varies by; everything else has a default. */
interface EntryFields {
  readonly action?: PlanAction;
  /** Defaults to the linked target id. */
  readonly targetId?: number | null;
  readonly request?: ZendeskRequest | null;
  readonly payload?: Readonly<Record<string, unknown>> | null;
  readonly modifiedProperties?: ReadonlyArray<ModifiedProperty>;
  readonly match?: MatchOutcome | null;
  readonly skipReason?: SkipReason | null;
  readonly error?: EngineObjectError | null;
  readonly message: string;
  readonly warnings?: ReadonlyArray<string>;
  readonly link?: LinkUpdate | null;
  readonly resultingRole?: ZendeskRole | null;
}

/**
 * Entries are built in one fixed-shape literal (no object spread): a plan holds 100,000 of them, and spread-built
 * objects of varying shapes fall into V8's slow dictionary mode (measured: 5× the plan time).
 */
interface EntryBase {
  readonly sourceId: string;
  readonly displayName: string;
  readonly scope: ScopeVerdict;
  readonly linkedTargetId: number | null;
}

function userEntryOf({ sourceId, displayName, scope, linkedTargetId }: EntryBase, f: EntryFields): UserPlanEntry {
  return {
    objectType: 'User',
    sourceId,
    displayName,
    action: f.action ?? 'skip',
    staged: false,
    targetId: f.targetId !== undefined ? f.targetId : linkedTargetId,
    request: f.request ?? null,
    payload: f.payload ?? null,
    modifiedProperties: f.modifiedProperties ?? NO_PROPERTIES,
    scope,
    match: f.match ?? null,
    skipReason: f.skipReason ?? null,
    error: f.error ?? null,
    message: f.message,
    warnings: f.warnings ?? NO_WARNINGS,
    link: f.link ?? null,
    resultingRole: f.resultingRole ?? null,
  };
}

function groupEntryOf(sourceId: string, displayName: string, scope: ScopeVerdict, linkedTargetId: number | null, f: EntryFields): GroupPlanEntry {
  return {
    objectType: 'Group',
    sourceId,
    displayName,
    action: f.action ?? 'skip',
    staged: false,
    targetId: f.targetId !== undefined ? f.targetId : linkedTargetId,
    request: f.request ?? null,
    payload: f.payload ?? null,
    modifiedProperties: f.modifiedProperties ?? NO_PROPERTIES,
    scope,
    match: f.match ?? null,
    skipReason: f.skipReason ?? null,
    error: f.error ?? null,
    message: f.message,
    warnings: f.warnings ?? NO_WARNINGS,
    link: f.link ?? null,
  };
}

function failure(error: EngineObjectError, match: MatchOutcome | null): EntryFields {
  const targetId = match?.kind === 'linked' || match?.kind === 'matched' ? match.targetId : undefined;
  return { action: 'error', error, match, message: `${error.code}: ${error.reason}`, ...(targetId === undefined ? {} : { targetId }) };
}

function foundText(match: Extract<MatchOutcome, { readonly kind: 'linked' | 'matched' }>): string {
  return match.kind === 'linked' ? `linked to Zendesk user ${match.targetId}` : `matched Zendesk user ${match.targetId} on ${match.attribute}`;
}

function relinkTo(targetId: number): LinkUpdate {
  return { kind: 'set', targetId, disabledReason: null };
}

function planUser(
  ctx: Context,
  record: SourceUserRecord,
  link: ObjectLink | undefined,
  { verdict, source }: ScopedObject,
  values: ReturnType<typeof evaluateMatchingValues> | null,
  lookups: { targetIndex: TargetIndex<ZendeskUser>; counts: SourceValueCounts; linkOwner: (id: number) => string | undefined },
): UserPlanEntry {
  const { compiled, model } = ctx;
  const mapping = compiled.user;
  const displayName = reportable(record.graph, record.id);
  // No per-user closure here: a plan runs this 100,000 times.
  const base: EntryBase = { sourceId: record.id, displayName, scope: verdict, linkedTargetId: link?.targetId ?? null };
  if (!verdict.inScope) return userEntryOf(base, userOutOfScope(ctx, record, verdict, { source, now: ctx.now }, link));

  // In scope: link first, then matching attributes.
  // One lookup for both questions: does the linked target exist, and what is it (ids above 2³¹ hash as doubles).
  const linkedTarget = link === undefined ? undefined : model.zendesk.users.get(link.targetId);
  const linkedExists = link === undefined ? undefined : linkedTarget !== undefined;
  const match = linkedExists === true ? linkedOutcome(link!.targetId) : matchObject({
    objectType: 'User',
    matching: mapping.matching,
    values: values?.ok === true ? values.values : [],
    index: lookups.targetIndex,
    linkedTargetId: link?.targetId,
    linkedTargetExists: linkedExists,
    sourceCounts: lookups.counts,
    linkOwner: lookups.linkOwner,
    sourceId: record.id,
  });
  if (values !== null && !values.ok) return userEntryOf(base, failure(values.error, null));
  if (match.kind === 'error') {
    if (match.error.code === 'ImportSkipped') return userEntryOf(base, { skipReason: 'ImportSkipped', error: match.error, match, message: match.error.reason });
    return userEntryOf(base, failure(match.error, match));
  }
  const context: EvaluationContext = { source, now: ctx.now };

  if (match.kind === 'notFound') {
    if (!mapping.actions.Create) {
      return userEntryOf(base, { skipReason: 'CreateNotEnabled', match, message: 'Create is not an enabled target object action: the user is not created' });
    }
    const desired = desiredAttributes(mapping.mappings, context, null, ctx.roles);
    if ('error' in desired) return userEntryOf(base, failure(desired.error, match));
    const missing = ['name', 'email'].filter((name) => desired.payload[name] === undefined || desired.payload[name] === '');
    if (missing.length > 0) {
      return userEntryOf(base, failure(objectError('MandatoryFieldsMissing', `Zendesk requires ${missing.join(' and ')} to create a user; the mappings produced none`), match));
    }
    return userEntryOf(base, {
      action: 'create',
      targetId: null,
      payload: desired.payload,
      request: { method: 'POST', path: '/api/v2/users', body: { user: desired.payload } },
      modifiedProperties: desired.modified,
      match,
      message: `User '${displayName}' was not found in Zendesk: create`,
      warnings: desired.warnings,
      link: { kind: 'set', targetId: null, disabledReason: null },
      resultingRole: desired.role ?? 'end-user',
    });
  }

  const targetId = match.targetId;
  const current = match.kind === 'linked' && linkedTarget !== undefined ? linkedTarget : model.zendesk.users.get(targetId);
  if (current === undefined) {
    return userEntryOf(base, failure(objectError('InvalidAnchor', `The Zendesk user ${targetId} this user is linked to was not found in Zendesk`), match));
  }
  if (!mapping.actions.Update) {
    return userEntryOf(base, { skipReason: 'UpdateNotEnabled', match, targetId, link: relinkTo(targetId), resultingRole: current.role, message: `User ${foundText(match)}; Update is not an enabled target object action` });
  }
  const desired = desiredAttributes(mapping.mappings, context, current, ctx.roles);
  if ('error' in desired) return userEntryOf(base, failure(desired.error, match));
  const resultingRole = desired.role ?? current.role;
  if (desired.modified.length === 0) {
    return userEntryOf(base, {
      skipReason: 'RedundantExport',
      match,
      targetId,
      resultingRole,
      // A new match or a cleared "left scope" mark still has to be recorded.
      link: match.kind === 'matched' || link?.disabledReason !== undefined ? relinkTo(targetId) : null,
      message: 'The state of the user in both the source and target systems already match.',
    });
  }
  const reactivating = desired.payload['suspended'] === false && current.suspended;
  return userEntryOf(base, {
    action: reactivating ? 'reactivate' : 'update',
    targetId,
    payload: desired.payload,
    request: { method: 'PUT', path: `/api/v2/users/${targetId}`, body: { user: desired.payload } },
    modifiedProperties: desired.modified,
    match,
    message: `User ${foundText(match)}: ${reactivating ? 'reactivate' : 'update'} ${desired.modified.map((m) => m.name).join(', ')}`,
    warnings: desired.warnings,
    link: relinkTo(targetId),
    resultingRole,
  });
}

function userOutOfScope(ctx: Context, record: SourceUserRecord, verdict: ScopeVerdict, context: EvaluationContext, link: ObjectLink | undefined): EntryFields {
  const { compiled, model } = ctx;
  const mapping = compiled.user;
  if (link === undefined) return { skipReason: (verdict.skipReason ?? 'NotEffectivelyEntitled') as SkipReason, message: verdict.summary };
  const targetId = link.targetId;
  if (!isManaged(link)) {
    return {
      skipReason: 'NotManaged',
      message: `Disabled in Zendesk after leaving scope (${link.disabledReason}); the user is no longer managed`,
      // The Entra object is gone for good: forget the link.
      link: record.presence === 'hardDeleted' ? { kind: 'remove' } : null,
    };
  }
  const current = model.zendesk.users.get(targetId);
  if (current === undefined && model.zendesk.complete) {
    return { skipReason: 'TargetAlreadyDeleted', message: `The linked Zendesk user ${targetId} no longer exists in Zendesk: nothing to deprovision`, link: { kind: 'remove' } };
  }
  const del = (message: string): EntryFields => ({
    action: 'delete',
    targetId,
    request: { method: 'DELETE', path: `/api/v2/users/${targetId}`, body: null },
    message,
    link: { kind: 'remove' },
  });
  if (record.presence === 'hardDeleted') {
    // Hard delete in Entra → DELETE only when the Delete action is enabled (reference §1.6); not stopped by SkipOutOfScopeDeletions.
    if (!mapping.actions.Delete) return { skipReason: 'DeleteNotEnabled', message: 'Deleted in Entra ID; Delete is not an enabled target object action', link: { kind: 'remove' } };
    return del(`User was deleted in Entra ID: delete Zendesk user ${targetId}`);
  }
  if (compiled.config.deprovisioning.skipOutOfScopeDeletions) {
    return { skipReason: 'SkipOutOfScopeDeletions', message: `${verdict.summary}; SkipOutOfScopeDeletions is on: the Zendesk user is left as is` };
  }
  if (compiled.config.deprovisioning.action === 'delete') return del(`${verdict.summary}: delete Zendesk user ${targetId}`);
  // Disable = the mappings that read IsSoftDeleted (reference §1.2: the disable is itself an attribute mapping).
  const readsSoftDeleted = (m: CompiledMapping): boolean => m.sourceAttributes.some((name) => name.toLowerCase() === 'issoftdeleted');
  if (!mapping.mappings.some(readsSoftDeleted)) {
    return { skipReason: 'IsSoftDeletedNotMapped', message: `${verdict.summary}; no mapping reads IsSoftDeleted, so nothing is changed in Zendesk` };
  }
  const disabledLink: LinkUpdate = { kind: 'set', targetId, disabledReason: verdict.disableReason };
  // Trial without the target: compare against an active user (apply reports InvalidAnchor if it is gone).
  const desired = desiredAttributes(mapping.mappings, context, current ?? { suspended: false }, ctx.roles, readsSoftDeleted);
  if ('error' in desired) return { ...failure(desired.error, null), targetId };
  if (desired.modified.length === 0) {
    return {
      skipReason: 'RedundantExport',
      message: `${verdict.summary}; the Zendesk user is already disabled`,
      targetId,
      link: link.disabledReason === verdict.disableReason ? null : disabledLink,
      resultingRole: current?.role ?? null,
    };
  }
  const suspending = desired.payload['suspended'] === true;
  return {
    action: suspending ? 'suspend' : 'update',
    targetId,
    payload: desired.payload,
    request: { method: 'PUT', path: `/api/v2/users/${targetId}`, body: { user: desired.payload } },
    modifiedProperties: desired.modified,
    message: `${verdict.summary}: ${suspending ? 'suspend' : 'update'} Zendesk user ${targetId}`,
    warnings: desired.warnings,
    link: disabledLink,
    resultingRole: current?.role ?? null,
  };
}

// ------------------------------------------------------------------------------------------------------------ groups

function planGroups(ctx: Context): GroupPlanEntry[] {
  const { compiled, model, state } = ctx;
  const mapping = compiled.group;
  if (!mapping.enabled) return [];
  const targetIndex = new TargetIndex<ZendeskGroup>(model.zendesk.groups, mapping.matching.map((m) => m.target));
  const linkOwner = new Map<number, string>();
  for (const link of Object.values(state.groupLinks)) linkOwner.set(link.targetId, link.sourceId);
  const records = [...model.entra.groups.values()];
  const scoped = records.map((record) => scopeGroup(record, compiled, model.entra.syncAll));
  const counts = new SourceValueCounts(mapping.matching.length);
  const values = records.map((record, i) => {
    if (!scoped[i]!.verdict.inScope || state.groupLinks[record.id] !== undefined) return null;
    const v = evaluateMatchingValues(mapping.matching, { source: scoped[i]!.source, now: ctx.now });
    if (v.ok) counts.add(v.values);
    return v;
  });
  return records.map((record, i) => planGroup(ctx, mapping, record, scoped[i]!, values[i] ?? null, targetIndex, counts, (id) => linkOwner.get(id)));
}

function planGroup(
  ctx: Context,
  mapping: CompiledObjectMapping,
  record: SourceGroupRecord,
  { verdict, source }: ScopedObject,
  values: ReturnType<typeof evaluateMatchingValues> | null,
  targetIndex: TargetIndex<ZendeskGroup>,
  counts: SourceValueCounts,
  linkOwner: (id: number) => string | undefined,
): GroupPlanEntry {
  const { model, state, compiled } = ctx;
  const link = state.groupLinks[record.id];
  const displayName = record.graph?.displayName ?? record.id;
  const entry = (f: EntryFields): GroupPlanEntry => groupEntryOf(record.id, displayName, verdict, link?.targetId ?? null, f);
  const del = (targetId: number, message: string): GroupPlanEntry =>
    entry({ action: 'delete', targetId, request: { method: 'DELETE', path: `/api/v2/groups/${targetId}`, body: null }, link: { kind: 'remove' }, message });

  if (!verdict.inScope) {
    if (link === undefined) return entry({ skipReason: (verdict.skipReason ?? 'NotEffectivelyEntitled') as SkipReason, message: verdict.summary });
    if (!isManaged(link)) return entry({ skipReason: 'NotManaged', message: `Left scope earlier (${link.disabledReason}); the group is no longer managed` });
    if (model.zendesk.complete && !model.zendesk.groups.has(link.targetId)) {
      return entry({ skipReason: 'TargetAlreadyDeleted', message: `The linked Zendesk group ${link.targetId} no longer exists in Zendesk`, link: { kind: 'remove' } });
    }
    if (record.presence === 'hardDeleted') {
      if (!mapping.actions.Delete) {
        return entry({ skipReason: 'DeleteNotEnabled', message: 'Deleted in Entra ID; Delete is not an enabled target object action', link: { kind: 'remove' } });
      }
      return del(link.targetId, `Group was deleted in Entra ID: delete Zendesk group ${link.targetId}`);
    }
    if (compiled.config.deprovisioning.skipOutOfScopeDeletions) {
      return entry({ skipReason: 'SkipOutOfScopeDeletions', message: `${verdict.summary}; SkipOutOfScopeDeletions is on: the Zendesk group is left as is` });
    }
    // Decision: Zendesk groups can't be disabled, so an out-of-scope group is deleted ("if the app doesn't support soft
    // delete, DELETE", reference §0); it counts toward the accidental-deletion threshold.
    return del(link.targetId, `${verdict.summary}: delete Zendesk group ${link.targetId}`);
  }

  const match = matchObject({
    objectType: 'Group',
    matching: mapping.matching,
    values: values?.ok === true ? values.values : [],
    index: targetIndex,
    linkedTargetId: link?.targetId,
    linkedTargetExists: link === undefined ? undefined : model.zendesk.groups.has(link.targetId),
    sourceCounts: counts,
    linkOwner,
    sourceId: record.id,
  });
  if (values !== null && !values.ok) return entry(failure(values.error, null));
  if (match.kind === 'error') {
    // An empty matching value: the group and its members are not provisioned (reference §1.5).
    if (match.error.code === 'ImportSkipped') return entry({ skipReason: 'ImportSkipped', match, error: match.error, message: match.error.reason });
    return entry(failure(match.error, match));
  }
  const context: EvaluationContext = { source, now: ctx.now };
  if (match.kind === 'notFound') {
    if (!mapping.actions.Create) return entry({ skipReason: 'CreateNotEnabled', match, message: 'Create is not an enabled target object action: the group is not created' });
    const desired = desiredAttributes(mapping.mappings, context, null, null);
    if ('error' in desired) return entry(failure(desired.error, match));
    if (desired.payload['name'] === undefined || desired.payload['name'] === '') {
      return entry(failure(objectError('MandatoryFieldsMissing', 'Zendesk requires a name to create a group; the mappings produced none'), match));
    }
    return entry({
      action: 'create',
      targetId: null,
      payload: desired.payload,
      request: { method: 'POST', path: '/api/v2/groups', body: { group: desired.payload } },
      modifiedProperties: desired.modified,
      match,
      message: `Group '${displayName}' was not found in Zendesk: create`,
      link: { kind: 'set', targetId: null, disabledReason: null },
    });
  }
  const targetId = match.targetId;
  const current = model.zendesk.groups.get(targetId);
  if (current === undefined) return entry(failure(objectError('InvalidAnchor', `The Zendesk group ${targetId} this group is linked to was not found in Zendesk`), match));
  const relink: LinkUpdate = { kind: 'set', targetId, disabledReason: null };
  if (!mapping.actions.Update) {
    return entry({ skipReason: 'UpdateNotEnabled', match, targetId, link: relink, message: `Group matched Zendesk group ${targetId}; Update is not an enabled target object action` });
  }
  // A Zendesk group is a JSON object; the port type lists only the fields the engine reads.
  const desired = desiredAttributes(mapping.mappings, context, current as unknown as Readonly<Record<string, unknown>>, null);
  if ('error' in desired) return entry(failure(desired.error, match));
  if (desired.modified.length === 0) {
    return entry({
      skipReason: 'RedundantExport',
      match,
      targetId,
      link: match.kind === 'matched' || link?.disabledReason !== undefined ? relink : null,
      message: 'The state of the group in both the source and target systems already match.',
    });
  }
  return entry({
    action: 'update',
    targetId,
    payload: desired.payload,
    request: { method: 'PUT', path: `/api/v2/groups/${targetId}`, body: { group: desired.payload } },
    modifiedProperties: desired.modified,
    match,
    message: `Group matched Zendesk group ${targetId}: update ${desired.modified.map((m) => m.name).join(', ')}`,
    link: relink,
  });
}

// ------------------------------------------------------------------------------------------------------- memberships

/** A user entry whose Zendesk user exists (or is created) after this run, in scope. */
function provisionedUser(entry: UserPlanEntry | undefined): entry is UserPlanEntry {
  if (entry === undefined || !entry.scope.inScope || entry.action === 'error') return false;
  return entry.action === 'create' || entry.targetId !== null;
}

/**
 * Memberships (reference §1.12): for each provisioned group, every direct member that is provisioned and an agent or
 * admin gets a membership; end-users get a warning and no call (Zendesk groups hold agents only). Memberships of
 * users the engine manages that are no longer members are removed; Decision: memberships of Zendesk users the engine
 * doesn't manage (agents added by hand) are left alone — provisioning is one-way and touches only what it manages.
 */
function planMemberships(ctx: Context, users: ReadonlyArray<UserPlanEntry>, groups: ReadonlyArray<GroupPlanEntry>): MembershipPlanEntry[] {
  const { compiled, model, state } = ctx;
  if (!compiled.provisionMemberships || groups.length === 0) return [];
  // Only group members are looked up: a map of those, not of every user (a plan may hold 100,000 users).
  const memberIds = new Set<string>();
  for (const group of groups) for (const id of model.entra.groups.get(group.sourceId)?.memberUserIds ?? []) memberIds.add(id);
  const userEntries = new Map<string, UserPlanEntry>();
  for (const u of users) if (memberIds.has(u.sourceId)) userEntries.set(u.sourceId, u);
  // Who manages a Zendesk user, built on the first membership that may have to be removed (none in a steady state).
  let managed: { byTarget: Map<number, string>; entries: Map<string, UserPlanEntry> } | null = null;
  const managedUsers = (): { byTarget: Map<number, string>; entries: Map<string, UserPlanEntry> } => {
    if (managed !== null) return managed;
    const byTarget = new Map<number, string>();
    for (const link of Object.values(state.userLinks)) byTarget.set(link.targetId, link.sourceId);
    for (const u of users) if (u.targetId !== null && u.link?.kind === 'set') byTarget.set(u.targetId, u.sourceId);
    managed = { byTarget, entries: new Map(users.map((u) => [u.sourceId, u])) };
    return managed;
  };
  const out: MembershipPlanEntry[] = [];
  for (const group of groups) {
    if (!group.scope.inScope || group.action === 'error' || (group.action === 'skip' && group.targetId === null)) continue;
    const record = model.entra.groups.get(group.sourceId);
    if (record === undefined) continue;
    const existing = group.targetId === null ? [] : (model.zendesk.membershipsByGroup.get(group.targetId) ?? []);
    const existingByUser = new Map(existing.map((m) => [m.user_id, m]));
    const wanted = new Set<number>();
    for (const userId of [...new Set(record.memberUserIds)].sort()) {
      const user = userEntries.get(userId);
      if (user === undefined) {
        // Not evaluated this cycle (an incremental cycle evaluates only what changed): a managed member keeps its
        // membership. In a full cycle every linked user is evaluated, so this never applies there.
        const unchanged = state.userLinks[userId];
        if (unchanged !== undefined && isManaged(unchanged)) wanted.add(unchanged.targetId);
        continue;
      }
      // Members out of scope are left out of the target group (reference §1.12).
      if (!provisionedUser(user)) continue;
      const base = { objectType: 'Membership' as const, groupSourceId: group.sourceId, userSourceId: userId, groupTargetId: group.targetId, userTargetId: user.targetId };
      if (user.resultingRole === 'end-user' || user.resultingRole === null) {
        out.push({
          ...base,
          action: 'skip',
          membershipId: null,
          request: null,
          message: `${user.displayName} is not added to ${group.displayName}`,
          warning: `${user.displayName} is an end-user in Zendesk: Zendesk groups hold agents only, so no membership is created in "${group.displayName}"`,
        });
        continue;
      }
      if (user.targetId !== null) {
        wanted.add(user.targetId);
        if (existingByUser.has(user.targetId)) continue;
      }
      out.push({
        ...base,
        action: 'create',
        membershipId: null,
        request: { method: 'POST', path: '/api/v2/group_memberships', body: { group_membership: { user_id: user.targetId, group_id: group.targetId } } },
        message: `Add ${user.displayName} to ${group.displayName}`,
        warning: null,
      });
    }
    const unwanted = existing.filter((m) => !wanted.has(m.user_id)).sort((a, b) => a.user_id - b.user_id);
    for (const membership of unwanted) {
      const owner = managedUsers().byTarget.get(membership.user_id);
      if (owner === undefined) continue;
      out.push({
        objectType: 'Membership',
        action: 'delete',
        groupSourceId: group.sourceId,
        userSourceId: owner,
        groupTargetId: group.targetId,
        userTargetId: membership.user_id,
        membershipId: membership.id,
        request: { method: 'DELETE', path: `/api/v2/group_memberships/${membership.id}`, body: null },
        message: `Remove ${managedUsers().entries.get(owner)?.displayName ?? owner} from ${group.displayName}`,
        warning: null,
      });
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------------- plan

function isDeprovision(entry: PlanEntry): boolean {
  return entry.action === 'suspend' || entry.action === 'delete';
}

export function buildPlan(compiled: CompiledConfig, model: ImportedModel, state: EngineState, options: PlanOptions): ProvisioningPlan {
  const roles = new RoleTranslator(compiled.config.roles, model.entra.appRoles.values(), model.zendesk.customRoles);
  const ctx: Context = { compiled, model, state, options, roles, now: () => options.now };
  let users: UserPlanEntry[] = compiled.user.enabled ? planUsers(ctx) : [];
  let groups = planGroups(ctx);
  const memberships = planMemberships(ctx, users, groups);

  // Accidental deletions (reference §1.8): deletes + disables of this cycle over the threshold are staged, not applied.
  const { enabled, threshold } = compiled.config.accidentalDeletion;
  const deletes = users.filter(isDeprovision).length + groups.filter(isDeprovision).length;
  let quarantine: ProvisioningPlan['quarantine'] = null;
  if (enabled && deletes > threshold && options.allowDeletes !== true) {
    quarantine = { reason: 'TooManyDeletes', deletes, threshold };
    const stage = <E extends PlanEntry>(e: E): E => (isDeprovision(e) ? { ...e, staged: true } : e);
    users = users.map(stage);
    groups = groups.map(stage);
  }

  const count = (entries: ReadonlyArray<PlanEntry>): PlanCounts => {
    const c = emptyCounts();
    for (const e of entries) c[e.action]++;
    return c;
  };
  const membershipCounts = { create: 0, delete: 0, skip: 0 };
  for (const m of memberships) membershipCounts[m.action]++;
  const writes =
    users.filter((e) => e.request !== null && !e.staged).length +
    groups.filter((e) => e.request !== null && !e.staged).length +
    memberships.filter((m) => m.request !== null).length;
  const warnings = [
    ...model.entra.warnings,
    ...(quarantine === null
      ? []
      : [`${deletes} suspends/deletes exceed the accidental-deletion threshold of ${threshold}: they are staged (StagedDelete), not applied, until deletes are allowed`]),
    ...memberships.filter((m) => m.warning !== null).map((m) => m.warning!),
  ];
  return {
    users,
    groups,
    memberships,
    summary: { users: count(users), groups: count(groups), memberships: membershipCounts, staged: deletes > 0 && quarantine !== null ? deletes : 0, writes },
    quarantine,
    warnings,
  };
}

/** For callers needing an entry's payload without secrets: redacted attributes replaced by `[Redact]`. */
export function displayPayload(entry: PlanEntry): Readonly<Record<string, unknown>> | null {
  if (entry.payload === null) return null;
  const redacted = entry.modifiedProperties.filter((m) => m.redacted);
  if (redacted.length === 0) return entry.payload;
  const copy: Record<string, unknown> = JSON.parse(JSON.stringify(entry.payload));
  for (const m of redacted) setPayloadValue(copy, m.name, '[Redact]');
  return copy;
}
