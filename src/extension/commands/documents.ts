/**
 * The Markdown documents commands open (connection report, trial provisioning, plan, sync summary, scope
 * explanation). Pure functions of the engine's results: the tables are the renderers the CLI prints too (src/app: one
 * rendering of a plan), wrapped in Markdown with the exact Zendesk payloads as JSON blocks. Labelled "(sandbox)" when
 * they come from it.
 */
import { renderChecks, type ConnectionCheck } from '../../app/connection-checks';
import type { ProvisionResult, SyncResult } from '../../app/engine-run';
import { renderPlanSummary, renderSync } from '../../app/engine-text';
import { displayPayload, type ProvisioningPlan, type UserPlanEntry } from '../../core/engine';
import { SANDBOX_SUFFIX } from '../constants';

const title = (text: string, sandbox: boolean): string => `# ${text}${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`;
const block = (lines: ReadonlyArray<string>, lang = 'text'): string => ['```' + lang, ...lines, '```'].join('\n');

// Words, not emoji: the report must read the same in every editor font.
const STATUS_WORD: Record<ConnectionCheck['status'], string> = { ok: 'ok', warning: '**WARNING**', fail: '**FAILED**', skipped: 'skipped' };

export function connectionReport(checks: ReadonlyArray<ConnectionCheck>, sandbox: boolean): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const out = [title('Test Connection', sandbox), '', failed === 0 ? '**Connection OK.**' : `**${failed} check${failed === 1 ? '' : 's'} failed.**`, ''];
  for (const side of ['Zendesk', 'Entra'] as const) {
    out.push(`## ${side}`, '', '| Check | Result | Detail | Fix |', '|---|---|---|---|');
    for (const c of checks.filter((x) => x.side === side)) {
      const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      out.push(`| ${cell(c.check)} | ${STATUS_WORD[c.status]} | ${cell(c.detail)} | ${c.status === 'ok' || c.fix === undefined ? '' : cell(c.fix)} |`);
    }
    out.push('');
  }
  out.push('## As the CLI prints it', '', block(renderChecks(checks)));
  return out.join('\n');
}

/** Steps, the exact request(s) and the resulting action of one trial provisioning (dry run or applied). */
export function trialDocument(result: ProvisionResult, dryRun: boolean, sandbox: boolean): string {
  const { trial } = result;
  const entry = trial.entry;
  const out = [title(`Trial Provision: ${entry.displayName}${dryRun ? ' — dry run' : ''}`, sandbox), ''];
  out.push(`**Action:** ${entry.action}${entry.skipReason ? ` (${entry.skipReason})` : ''} — ${entry.message}`, '');
  out.push(dryRun ? '_Nothing was sent to Zendesk. Choose **Apply** in the notification to send it._' : '_Sent to Zendesk._', '');
  out.push('## Steps', '');
  trial.record.provisioningSteps.forEach((step, i) => {
    out.push(`${i + 1}. **${step.name}** — ${step.status}: ${step.description}`);
    for (const [k, v] of Object.entries(step.details)) out.push(`   - ${k}: ${v}`);
  });
  out.push('', '## Scope', '', `${entry.scope.summary}`, '', ...entry.scope.reasons.map((r) => `- ${r}`), '');
  if (entry.modifiedProperties.length > 0) {
    out.push('## Changes', '', '| Attribute | Old | New |', '|---|---|---|');
    for (const p of entry.modifiedProperties) out.push(`| ${p.name} | ${p.redacted ? '[Redact]' : JSON.stringify(p.oldValue ?? null)} | ${p.redacted ? '[Redact]' : JSON.stringify(p.newValue ?? null)} |`);
    out.push('');
  }
  out.push(`## ${dryRun ? 'Request that would be sent' : 'Request sent'}`, '');
  if (result.displayRequests.length === 0) out.push('_No request: nothing to change._');
  for (const request of result.displayRequests) out.push(`\`${request.method} ${request.path}\``, '', block([JSON.stringify(request.body, null, 2)], 'json'), '');
  const error = trial.record.provisioningStatusInfo.errorInformation;
  if (error) out.push('## Error', '', `**${error.errorCode}**: ${error.reason}`, '', error.recommendedAction ? `Fix: ${error.recommendedAction}` : '');
  out.push('', `_Requests made: ${trial.calls.entra} Graph, ${trial.calls.zendesk} Zendesk._`);
  return out.join('\n');
}

/** Suspends + deletes the plan would send (staged ones are held back and not counted). */
export function planDeletions(plan: ProvisioningPlan): { users: number; groups: number; memberships: number } {
  const count = (entries: ReadonlyArray<{ action: string; staged: boolean }>, ...actions: string[]) => entries.filter((e) => actions.includes(e.action) && !e.staged).length;
  return { users: count(plan.users, 'suspend', 'delete'), groups: count(plan.groups, 'delete'), memberships: plan.memberships.filter((m) => m.action === 'delete').length };
}

export function confirmationText(plan: ProvisioningPlan, sandbox: boolean): string {
  const { users, groups } = plan.summary;
  const deletions = planDeletions(plan);
  const parts = [
    `Full sync${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}: users ${users.create} to create, ${users.update} to update, ${users.reactivate} to reactivate; groups ${groups.create} to create, ${groups.update} to update; memberships ${plan.summary.memberships.create} to add.`,
    deletions.users + deletions.groups + deletions.memberships === 0
      ? 'Nothing will be suspended or deleted.'
      : `This will SUSPEND OR DELETE ${deletions.users} Zendesk user${deletions.users === 1 ? '' : 's'}, DELETE ${deletions.groups} group${deletions.groups === 1 ? '' : 's'} and REMOVE ${deletions.memberships} membership${deletions.memberships === 1 ? '' : 's'}.`,
  ];
  if (plan.quarantine) parts.push(`${plan.quarantine.deletes} suspends/deletes exceed the accidental-deletion threshold (${plan.quarantine.threshold}) and are staged, not applied.`);
  return parts.join('\n\n');
}

function entryDiff(entry: UserPlanEntry | ProvisioningPlan['groups'][number]): string[] {
  const out = [`### ${entry.objectType} ${entry.displayName} — ${entry.staged ? `${entry.action} (staged)` : entry.action}`, '', entry.message, ''];
  if (entry.modifiedProperties.length > 0) {
    out.push(block(entry.modifiedProperties.flatMap((p) => [`- ${p.name}: ${p.redacted ? '[Redact]' : JSON.stringify(p.oldValue ?? null)}`, `+ ${p.name}: ${p.redacted ? '[Redact]' : JSON.stringify(p.newValue ?? null)}`]), 'diff'), '');
  } else if (entry.action === 'create') {
    out.push(block([JSON.stringify(displayPayload(entry), null, 2)], 'json'), '');
  }
  return out;
}

export function planDocument(plan: ProvisioningPlan, sandbox: boolean): string {
  const out = [title('Full Sync — plan', sandbox), '', '## Summary', '', block(renderPlanSummary(plan)), '', '## Per object', ''];
  const entries = [...plan.users, ...plan.groups].filter((e) => e.action !== 'skip');
  if (entries.length === 0) out.push('_Nothing to do: Zendesk already matches Entra ID._');
  for (const entry of entries) out.push(...entryDiff(entry));
  const memberships = plan.memberships.filter((m) => m.action !== 'skip');
  if (memberships.length > 0) out.push('## Memberships', '', block(memberships.map((m) => `${m.action === 'create' ? '+' : '-'} ${m.message}`), 'diff'));
  return out.join('\n');
}

export function syncDocument(result: SyncResult, sandbox: boolean): string {
  return [title(`${result.mode === 'full' ? 'Full' : 'Incremental'} Sync — result`, sandbox), '', block(renderSync(result))].join('\n');
}

export function scopeDocument(entry: UserPlanEntry, sandbox: boolean): string {
  const s = entry.scope;
  const out = [title(`Scope: ${entry.displayName}`, sandbox), '', `**${s.inScope ? 'In scope' : 'Out of scope'}** — ${s.summary}`, '', ...s.reasons.map((r) => `- ${r}`), ''];
  out.push('| Fact | Value |', '|---|---|');
  for (const [k, v] of Object.entries(s.details)) out.push(`| ${k} | ${v.replace(/\|/g, '\\|')} |`);
  out.push('', `**Next cycle:** ${entry.action} — ${entry.message}`);
  return out.join('\n');
}
