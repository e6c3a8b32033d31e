/**
 * The Markdown documents the Entra job commands open: the push plan (schema diff, what cannot be pushed, settings,
 * credentials), a provision-on-demand outcome (steps, like our trial provision), an expression comparison (ours vs
 * Entra's), and an import report. Pure functions (no `vscode`), labelled "(sandbox)" when they come from it. Secret
 * values never reach them: the push plan names credential KEYS only.
 */
import type { ExpressionComparison, PushPlan, PushResult } from '../../clients/graph/entra-job';
import type { OnDemandOutcome } from '../../clients/graph/synchronization-client';
import type { TranslationReport } from '../../core/sync-schema';
import { SANDBOX_SUFFIX } from '../constants';

const title = (text: string, sandbox: boolean): string => `# ${text}${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`;
const block = (text: string, lang = 'text'): string => ['```' + lang, text, '```'].join('\n');
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const OUTCOME_WORDS: Record<TranslationReport['outcome'], string> = {
  dropped: 'not pushed (dropped)',
  approximated: 'approximated',
  keptInSchema: 'kept as the job has it',
  notPushed: 'only used by this tool',
};

function unsupportedSection(heading: string, reports: ReadonlyArray<TranslationReport>): string[] {
  if (reports.length === 0) return [];
  const out = [`## ${heading}`, '', '| Where | What | Outcome | Detail |', '|---|---|---|---|'];
  for (const r of reports) out.push(`| \`${cell(r.path)}\` | ${cell(r.feature)} | ${OUTCOME_WORDS[r.outcome]} | ${cell(r.message)} |`);
  out.push('');
  return out;
}

/** What Push would send, for review before the confirmation. `sendsCredentials`: the API token goes with it. */
export function pushPlanDocument(plan: PushPlan, sandbox: boolean, sendsCredentials: boolean): string {
  const t = plan.target;
  const out = [title('Push Configuration to Entra — review', sandbox), ''];
  out.push(`Job \`${t.jobId}\` of the enterprise app **${t.servicePrincipalName}** (\`${t.servicePrincipalId}\`)${plan.jobCreated ? ' — created from the Zendesk template just now (disabled: nothing runs until you start it)' : ''}.`, '');
  out.push(plan.changes.length === 0 ? '**The job\'s schema already matches the configuration.**' : `**${plan.changes.length} schema change${plan.changes.length === 1 ? '' : 's'}.** Any mapping or scope change makes the next cycle re-evaluate every user.`, '');
  out.push('## Schema diff (job → configuration)', '', block(plan.diffText, 'diff'), '');
  out.push(...unsupportedSection('What the job\'s schema cannot express', plan.unsupported));
  if (plan.jobSettings.length > 0) {
    const current = new Map((plan.currentJobSettings ?? []).map((s) => [s.name, s.value]));
    out.push('## Job settings', '', '| Setting | Now | Pushed |', '|---|---|---|');
    for (const s of plan.jobSettings) out.push(`| ${cell(s.name)} | ${cell(current.get(s.name) ?? '—')} | ${cell(s.value)} |`);
    out.push('');
  }
  out.push('## Secrets', '');
  if ((plan.settingsSecretKeys ?? []).length > 0) out.push(`Settings written as secrets: ${(plan.settingsSecretKeys ?? []).map((k) => `\`${k}\``).join(', ')}.`, '');
  out.push(
    sendsCredentials
      ? `The Zendesk credentials (${plan.credentialKeys.map((k) => `\`${k}\``).join(', ')}) are sent too: the admin e-mail and subdomain from the configuration, the API token from you. The token goes to the job's secrets only (never into a file or the log).`
      : `The Zendesk credentials (${plan.credentialKeys.map((k) => `\`${k}\``).join(', ')}) the job holds are kept; choose "Push and Replace API Token…" to replace them.`,
  );
  out.push('', '_The Zendesk connector in Entra only takes an API token. Zendesk API tokens can no longer be created since 2026-10-27 and stop working on 2027-04-30._');
  return out.join('\n');
}

export function pushResultText(result: PushResult, sandbox: boolean): string {
  const parts = [result.schemaChanged ? 'schema updated' : 'schema unchanged', result.secretsWritten.length > 0 ? `secrets written: ${result.secretsWritten.join(', ')}` : 'no secrets written'];
  if ((result.jobSettingsWritten ?? []).length > 0) parts.push(`job settings written: ${(result.jobSettingsWritten ?? []).join(', ')}`);
  const extra = [...(result.secretsSkipped !== undefined ? [result.secretsSkipped.reason] : []), ...(result.notes ?? [])];
  return `Pushed to the Entra provisioning job${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}: ${parts.join('; ')}.${extra.length > 0 ? ` ${extra.join(' ')}` : ''}`;
}

/** The steps of one provision-on-demand, as our trial provision shows them. */
export function onDemandDocument(outcome: OnDemandOutcome, user: string, sandbox: boolean): string {
  const out = [title(`Provision on Demand via Entra: ${user}`, sandbox), ''];
  const d = outcome.details;
  out.push(`**Result:** ${outcome.result}${d !== null ? ` — action ${d.action}` : ''}`, '');
  if (outcome.errorCode !== null || outcome.errorMessage !== null) out.push(`**${outcome.errorCode ?? 'Error'}**: ${outcome.errorMessage ?? ''}`, '');
  out.push('_Provisioned by Microsoft\'s provisioning service (provisionOnDemand), not by this tool\'s engine._', '');
  if (d === null) {
    out.push('The service returned no details for this request.');
    return out.join('\n');
  }
  out.push('## Steps', '');
  if (d.steps.length === 0) out.push('_No steps reported._');
  d.steps.forEach((step, i) => {
    out.push(`${i + 1}. **${step.name}** (${step.type}) — ${step.status}: ${step.description}`);
    for (const [k, v] of Object.entries(step.details)) out.push(`   - ${k}: ${v}`);
  });
  out.push('');
  if (d.modifiedProperties.length > 0) {
    out.push('## Modified properties', '', '| Attribute | Old | New |', '|---|---|---|');
    for (const p of d.modifiedProperties) out.push(`| ${cell(p.displayName)} | ${cell(JSON.stringify(p.oldValue))} | ${cell(JSON.stringify(p.newValue))} |`);
    out.push('');
  }
  const info = d.statusInfo;
  if (info !== null && (info.errorCode || info.reason || info.recommendedAction)) {
    out.push('## Troubleshooting', '');
    if (info.errorCode) out.push(`- Error code: **${info.errorCode}**`);
    if (info.reason) out.push(`- Reason: ${info.reason}`);
    if (info.recommendedAction) out.push(`- Recommended action: ${info.recommendedAction}`);
    out.push('');
  }
  const facts = [d.reportableIdentifier !== null ? `identifier ${d.reportableIdentifier}` : null, d.changeId !== null ? `change ${d.changeId}` : null, d.startTime !== null ? `started ${d.startTime}` : null, d.endTime !== null ? `ended ${d.endTime}` : null].filter((f): f is string => f !== null);
  if (facts.length > 0) out.push(`_${facts.join(' · ')}_`);
  return out.join('\n');
}

/** Our evaluator next to the service's parseExpression, and the verdict. */
export function comparisonDocument(c: ExpressionComparison, user: string, sandbox: boolean): string {
  const out = [title('Compare Expression with Entra', sandbox), '', `**${c.agree ? 'Agree' : 'Disagree'}:** ${c.verdict}`, '', '## Expression', '', block(c.expression), ''];
  out.push(`## Input: ${user}`, '', '| Attribute | Value |', '|---|---|');
  for (const [k, v] of Object.entries(c.input)) out.push(`| ${cell(k)} | ${cell(v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v))} |`);
  out.push('', '## Results', '', '| | This tool | Entra (parseExpression) |', '|---|---|---|');
  const ours = c.ours.ok ? (c.ours.value === null ? '_no value (does not flow)_' : `\`${cell(c.ours.value)}\``) : `**error**: ${cell(c.ours.error)}`;
  const e = c.entra;
  const entra = !e.parsingSucceeded
    ? `**parse error**${e.error ? `: ${cell(e.error.message)}` : ''}`
    : !e.evaluationSucceeded
      ? `**evaluation error**${e.error ? `: ${cell(e.error.message)}` : ''}`
      : e.evaluationResult.length === 0
        ? '_no value_'
        : e.evaluationResult.map((v) => `\`${cell(v)}\``).join(', ');
  out.push(`| Value | ${ours} | ${entra} |`);
  out.push(`| Parsed | ${c.ours.ok ? 'yes' : 'see error'} | ${e.parsingSucceeded ? 'yes' : 'no'} |`);
  if (e.parsedExpression !== null) out.push('', '## Entra\'s parse', '', block(JSON.stringify(e.parsedExpression, null, 2), 'json'));
  return out.join('\n');
}

/** What Import could not carry into the configuration file. */
export function importReport(path: string, unsupported: ReadonlyArray<TranslationReport>, warnings: ReadonlyArray<{ readonly path: string; readonly message: string }>, sandbox: boolean): string {
  const out = [title('Import Configuration from Entra', sandbox), '', `Written: \`${path}\``, ''];
  out.push(...unsupportedSection('What the configuration cannot express', unsupported));
  if (warnings.length > 0) {
    out.push('## Configuration warnings', '');
    for (const w of warnings) out.push(`- \`${w.path}\`: ${w.message}`);
  }
  return out.join('\n');
}
