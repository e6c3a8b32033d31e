/**
 * Machine renderings of the engine's results for the CLI's `--json` output. Redacted attributes show as `[Redact]`
 * (the engine's `displayPayload` / `redacted` flags). The human renderings both front ends show are in
 * src/app/engine-text.ts.
 */
import { displayPayload, REDACTED, type PlanEntry, type ProvisioningPlan } from '../core/engine';

/** One entry as JSON for `--json`: what, why, and the payload without redacted values. */
export function entryJson(entry: PlanEntry): Record<string, unknown> {
  return {
    objectType: entry.objectType,
    sourceId: entry.sourceId,
    displayName: entry.displayName,
    action: entry.action,
    staged: entry.staged,
    targetId: entry.targetId,
    message: entry.message,
    skipReason: entry.skipReason,
    error: entry.error,
    payload: displayPayload(entry),
    modifiedProperties: entry.modifiedProperties.map((p) => ({ name: p.name, oldValue: p.redacted ? REDACTED : p.oldValue, newValue: p.redacted ? REDACTED : p.newValue })),
    warnings: entry.warnings,
  };
}

export function planJson(plan: ProvisioningPlan, includeSkips = false): Record<string, unknown> {
  const keep = (e: PlanEntry): boolean => includeSkips || e.action !== 'skip';
  return {
    summary: plan.summary,
    quarantine: plan.quarantine,
    warnings: plan.warnings,
    users: plan.users.filter(keep).map(entryJson),
    groups: plan.groups.filter(keep).map(entryJson),
    memberships: plan.memberships.filter((m) => includeSkips || m.action !== 'skip').map((m) => ({ action: m.action, group: m.groupSourceId, user: m.userSourceId, message: m.message, warning: m.warning })),
  };
}
