/**
 * Plain-text renderings of the engine's results, shared by both front ends: plans, sync runs, trial provisions and log
 * records. The CLI prints them; the extension shows them in its result documents ("as the CLI prints it"), so an
 * admin reads one wording in both. Redacted attributes show as `[Redact]` (the engine's `displayPayload` / `redacted`
 * flags); request bodies are never shown with a redacted value.
 */
import { REDACTED, type ModifiedProperty, type ProvisioningObjectSummary, type ProvisioningPlan } from '../core/engine';
import type { ProvisionResult, SyncResult } from './engine-run';
import { renderTable } from './text-table';

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function changes(properties: ReadonlyArray<ModifiedProperty>): string {
  return properties.map((p) => `${p.name}: ${p.redacted ? REDACTED : show(p.oldValue)} → ${p.redacted ? REDACTED : show(p.newValue)}`).join('; ');
}

export function renderPlanSummary(plan: ProvisioningPlan): string[] {
  const { users, groups, memberships } = plan.summary;
  const row = (name: string, c: typeof users): string[] => [name, ...[c.create, c.update, c.suspend, c.reactivate, c.delete, c.skip, c.error].map(String)];
  const lines = renderTable(['Objects', 'create', 'update', 'suspend', 'reactivate', 'delete', 'skip', 'error'], [row('Users', users), row('Groups', groups)]);
  lines.push(`Memberships: ${memberships.create} to add, ${memberships.delete} to remove, ${memberships.skip} skipped. Zendesk writes (single-call form): ${plan.summary.writes}.`);
  if (plan.quarantine) lines.push(`Accidental-deletion threshold: ${plan.quarantine.deletes} suspends/deletes > ${plan.quarantine.threshold}; staged, not applied (sync --allow-deletes applies them).`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines;
}

/** The entries that do something (or failed), then the summary; `all` adds the skips. */
export function renderPlan(plan: ProvisioningPlan, all = false): string[] {
  const entries = [...plan.users, ...plan.groups].filter((e) => all || e.action !== 'skip');
  const lines: string[] = [];
  if (entries.length === 0) lines.push('Nothing to do: Zendesk already matches Entra ID.');
  else {
    lines.push(
      ...renderTable(
        ['Type', 'Object', 'Action', 'Zendesk id', 'Changes / reason'],
        entries.map((e) => [e.objectType, e.displayName, e.staged ? `${e.action} (staged)` : e.action, e.targetId === null ? '' : String(e.targetId), e.error ? `${e.error.code}: ${e.error.reason}` : e.modifiedProperties.length > 0 ? changes(e.modifiedProperties) : e.message]),
      ),
    );
  }
  const memberships = plan.memberships.filter((m) => m.action !== 'skip');
  if (memberships.length > 0) lines.push('', ...memberships.map((m) => `  ${m.action === 'create' ? '+' : '-'} ${m.message}`));
  lines.push('', ...renderPlanSummary(plan));
  return lines;
}

export function renderSync(result: SyncResult): string[] {
  const lines = [`${result.mode === 'full' ? 'Full' : 'Incremental'} cycle ${result.cycleId}`];
  lines.push(...renderPlan(result.plan));
  if (result.declined) lines.push('', 'Not applied (declined).');
  else if (result.apply === null) lines.push('', 'Dry run: nothing was written.');
  else {
    const { succeeded, failed, notSent } = result.apply.counts;
    lines.push('', `Applied: ${succeeded} succeeded, ${failed} failed, ${notSent} not sent; ${result.requests.zendesk} Zendesk and ${result.requests.graph} Graph requests in ${(result.durationMs / 1000).toFixed(1)} s.`);
    if (result.apply.stopped) lines.push(`Run stopped: ${result.apply.stopped.reason} — ${result.apply.stopped.message}`);
    const failures = [...result.apply.outcomes.entries()].filter(([, o]) => o.status === 'failure');
    for (const [entry, outcome] of failures.slice(0, 20)) {
      if (outcome.status !== 'failure') continue;
      const name = 'displayName' in entry ? entry.displayName : entry.message;
      lines.push(`  failed: ${name}: ${outcome.error.code}: ${outcome.error.reason}`);
    }
    if (failures.length > 20) lines.push(`  … and ${failures.length - 20} more (entra-zendesk logs --status failure)`);
  }
  if (result.bulkFallback) lines.push(`note: ${result.bulkFallback}`);
  return lines;
}

export function renderProvision(result: ProvisionResult, dryRun: boolean): string[] {
  const { trial } = result;
  const lines = [`Provision on demand: ${trial.entry.displayName} (${trial.entry.sourceId})${dryRun ? ' — dry run' : ''}`, ''];
  lines.push(...renderTable(['Step', 'Result', 'Description'], trial.record.provisioningSteps.map((s) => [s.name, s.status, s.description])));
  lines.push('', `Action: ${trial.entry.action}${trial.entry.skipReason ? ` (${trial.entry.skipReason})` : ''} — ${trial.entry.message}`);
  if (trial.entry.modifiedProperties.length > 0) lines.push(`Changes: ${changes(trial.entry.modifiedProperties)}`);
  for (const request of result.displayRequests) lines.push(`${dryRun ? 'Would send' : 'Sent'}: ${request.method} ${request.path}${request.body === null ? '' : ` ${JSON.stringify(request.body)}`}`);
  const error = trial.record.provisioningStatusInfo.errorInformation;
  if (error) lines.push(`Error ${error.errorCode}: ${error.reason}${error.recommendedAction ? `\nFix: ${error.recommendedAction}` : ''}`);
  lines.push(`Requests: ${trial.calls.entra} Graph, ${trial.calls.zendesk} Zendesk.`);
  return lines;
}

export function renderLogRecords(records: ReadonlyArray<ProvisioningObjectSummary>): string[] {
  if (records.length === 0) return ['No provisioning log records match.'];
  return renderTable(
    ['Time', 'Action', 'Status', 'Source', 'Target', 'Error'],
    records.map((r) => [
      r.activityDateTime,
      r.provisioningAction,
      r.provisioningStatusInfo.status,
      r.sourceIdentity.displayName ?? r.sourceIdentity.id,
      r.targetIdentity.id || '',
      r.provisioningStatusInfo.errorInformation ? `${r.provisioningStatusInfo.errorInformation.errorCode}: ${r.provisioningStatusInfo.errorInformation.reason}` : '',
    ]),
  );
}
