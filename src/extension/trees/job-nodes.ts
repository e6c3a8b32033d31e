/**
 * What the "Entra Provisioning Job" view shows, as plain data (no `vscode` import, unit-tested in plain Node): the job's
 * status (code + what it means), schedule, quarantine (reason, meaning and fix), the last cycle's counts, and the
 * recent provisioning-log records with their steps. ./job-tree.ts turns these into TreeItems.
 */
import { parseJobInterval, type ExecutionSummary, type JobOverview } from '../../clients/graph/entra-job';
import type { ProvisioningLogRecord } from '../../clients/graph/synchronization-client';
import { contextValue, SANDBOX_SUFFIX } from '../constants';
import type { NodeSpec } from './nodes';

/** The logs part of the view: records, or why they could not be read (the rest of the view still shows). */
export type JobLogs = { readonly records: ReadonlyArray<ProvisioningLogRecord> } | { readonly error: string; readonly permission?: string };

export interface JobViewData {
  readonly overview: JobOverview;
  readonly logs: JobLogs;
  readonly sandbox: boolean;
}

function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

/** An interval in the view's short words: `PT40M` → "every 40 min"; the never-interval → "never". Unparsable: as sent. */
export function describeInterval(interval: string): string {
  if (interval === '') return 'never';
  const parsed = parseJobInterval(interval);
  if (parsed === undefined) return interval;
  if (parsed.never) return 'never';
  const parts = [[parsed.days, 'd'], [parsed.hours, 'h'], [parsed.minutes, 'min'], [parsed.seconds, 's']].filter(([n]) => n !== 0).map(([n, unit]) => `${n} ${unit}`);
  return parts.length === 0 ? interval : `every ${parts.join(' ')}`;
}

/** `2026-03-02T10:15:04.123Z` → `2026-03-02 10:15:04 UTC`; null, empty and the service's year-1 "never" → undefined. */
export function formatTime(iso: string | null | undefined): string | undefined {
  if (iso === null || iso === undefined || iso === '' || iso.startsWith('0001-01-01')) return undefined;
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

const STATUS_ICON: Record<string, { icon: string; color?: string }> = {
  Active: { icon: 'pass', color: 'testing.iconPassed' },
  Paused: { icon: 'debug-pause' },
  NotRun: { icon: 'clock' },
  NotConfigured: { icon: 'circle-outline' },
  Quarantine: { icon: 'warning', color: 'editorWarning.foreground' },
};

const LOG_STATUS_ICON: Record<string, { icon: string; color?: string }> = {
  success: { icon: 'pass', color: 'testing.iconPassed' },
  failure: { icon: 'error', color: 'errorForeground' },
  skipped: { icon: 'circle-slash' },
  warning: { icon: 'warning', color: 'editorWarning.foreground' },
};

function icon(entry: { icon: string; color?: string } | undefined, fallback = 'circle-outline'): Pick<NodeSpec, 'icon' | 'iconColor'> {
  const e = entry ?? { icon: fallback };
  return { icon: e.icon, ...(e.color !== undefined ? { iconColor: e.color } : {}) };
}

function statusNode(o: JobOverview, sandbox: boolean): NodeSpec {
  const entries = o.synchronizedEntries.map((e) => `${e.count} ${e.type}`).join(', ');
  const tooltip = [
    `**${md(o.code)}** — ${md(o.summary)}`,
    '',
    `Job: \`${o.target.jobId}\``,
    '',
    `Enterprise app: ${md(o.target.servicePrincipalName)} (\`${o.target.servicePrincipalId}\`)`,
    ...(entries !== '' ? ['', `Synchronized: ${md(entries)}`] : []),
    ...(formatTime(o.steadyStateLastAchieved) !== undefined ? ['', `Steady state last reached ${formatTime(o.steadyStateLastAchieved)}`] : []),
  ].join('\n');
  return {
    id: 'entraJob/status',
    label: `Status: ${o.code}${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`,
    description: o.summary,
    tooltip,
    ...icon(STATUS_ICON[o.code]),
    contextValue: contextValue('entraJobStatus', `status${o.code}`),
  };
}

function scheduleNode(o: JobOverview): NodeSpec {
  const every = describeInterval(o.schedule.interval);
  return {
    id: 'entraJob/schedule',
    label: `Schedule: ${o.schedule.state}`,
    description: every === 'never' ? 'no cycles scheduled' : every,
    tooltip: `Schedule state **${md(o.schedule.state)}**, interval \`${o.schedule.interval}\` (${md(every)}).`,
    icon: 'calendar',
    contextValue: contextValue('entraJobSchedule'),
  };
}

function quarantineNode(o: JobOverview): NodeSpec | undefined {
  const q = o.quarantine;
  if (q === undefined) return undefined;
  const since = formatTime(q.since);
  const next = formatTime(q.nextAttempt);
  const children: NodeSpec[] = [
    { id: 'entraJob/quarantine/reason', label: `Reason: ${q.reason}`, ...(q.error !== null ? { description: `${q.error.code}: ${q.error.message}` } : {}), tooltip: q.error !== null ? `**${md(q.error.code)}**: ${md(q.error.message)}` : md(q.reason), icon: 'warning', iconColor: 'editorWarning.foreground', contextValue: contextValue('entraJobQuarantineReason') },
    { id: 'entraJob/quarantine/meaning', label: 'Meaning', description: q.meaning, tooltip: md(q.meaning), icon: 'info', contextValue: contextValue('entraJobQuarantineMeaning') },
    { id: 'entraJob/quarantine/fix', label: 'Fix', description: q.fix, tooltip: md(q.fix), icon: 'lightbulb', contextValue: contextValue('entraJobQuarantineFix') },
  ];
  if (since !== undefined || next !== undefined) {
    children.push({ id: 'entraJob/quarantine/when', label: since !== undefined ? `Since ${since}` : 'Next attempt', ...(next !== undefined ? { description: `next attempt ${next}` } : {}), icon: 'history' });
  }
  return {
    id: 'entraJob/quarantine',
    label: `Quarantine: ${q.reason}`,
    description: q.meaning,
    tooltip: [`**In quarantine** (${md(q.reason)}): ${md(q.meaning)}`, '', `**Fix:** ${md(q.fix)}`, '', 'Cycles slow down to once a day; after four weeks in quarantine the job is disabled.'].join('\n'),
    icon: 'warning',
    iconColor: 'editorWarning.foreground',
    contextValue: contextValue('entraJobQuarantine'),
    expanded: true,
    children,
  };
}

function executionNode(id: string, title: string, e: ExecutionSummary | null): NodeSpec {
  if (e === null) return { id, label: `${title}: none yet`, description: 'start the job to run one', icon: 'history', contextValue: contextValue('entraJobCycle') };
  const began = formatTime(e.began);
  const ended = formatTime(e.ended);
  const children: NodeSpec[] = [
    { id: `${id}/imported`, label: `Imported: ${e.imported}`, icon: 'arrow-down' },
    { id: `${id}/exported`, label: `Exported: ${e.exported}`, icon: 'arrow-up' },
    { id: `${id}/escrowed`, label: `Escrowed: ${e.escrowed}`, description: e.escrowed > 0 ? 'failed entries the service retries' : undefined, icon: e.escrowed > 0 ? 'warning' : 'check' },
    { id: `${id}/began`, label: `Began: ${began ?? '—'}`, icon: 'clock' },
    { id: `${id}/ended`, label: `Ended: ${ended ?? (began !== undefined ? 'still running' : '—')}`, icon: 'clock' },
  ];
  if (e.error !== null) children.push({ id: `${id}/error`, label: `Error: ${e.error.code}`, description: e.error.message, tooltip: md(e.error.message), icon: 'error', iconColor: 'errorForeground' });
  const failed = e.state === 'Failed' || e.error !== null;
  return {
    id,
    label: `${title}: ${e.state}`,
    description: `imported ${e.imported} · exported ${e.exported} · escrowed ${e.escrowed}`,
    tooltip: [`**${md(title)}** — ${md(e.state)}`, '', `Began ${began ?? '—'}, ended ${ended ?? '—'}`, '', `Imported ${e.imported}, exported ${e.exported}, escrowed ${e.escrowed}, entitled ${e.entitled}`].join('\n'),
    icon: failed ? 'error' : e.escrowed > 0 ? 'warning' : 'history',
    ...(failed ? { iconColor: 'errorForeground' } : {}),
    contextValue: contextValue('entraJobCycle'),
    children,
  };
}

/** A record's tooltip: action, status, user and time, then the error code, reason and recommended action. */
export function logRecordTooltip(r: ProvisioningLogRecord): string {
  const user = r.sourceIdentity.displayName ?? r.sourceIdentity.id;
  const lines = [`**${md(user)}** — ${md(r.provisioningAction)} · ${md(r.provisioningStatusInfo.status)}`, '', `${md(formatTime(r.activityDateTime) ?? r.activityDateTime)} · cycle \`${r.cycleId}\``];
  if (r.targetIdentity.id !== '') lines.push('', `Zendesk: ${md(r.targetIdentity.displayName ?? '')} (#${md(r.targetIdentity.id)})`);
  const error = r.provisioningStatusInfo.errorInformation;
  if (error !== null) {
    lines.push('', `Error code: **${md(error.errorCode)}**`, '', `Reason: ${md(error.reason)}`);
    if (error.recommendedAction) lines.push('', `Recommended action: ${md(error.recommendedAction)}`);
  }
  return lines.join('\n');
}

function logsNode(logs: JobLogs): NodeSpec {
  const id = 'entraJob/logs';
  if ('error' in logs) {
    const label = logs.permission !== undefined ? `Missing permission ${logs.permission}` : `Error: ${logs.error}`;
    return {
      id,
      label: 'Recent provisioning logs',
      description: 'could not be read',
      icon: 'list-flat',
      expanded: true,
      contextValue: contextValue('entraJobLogs'),
      children: [{ id: `${id}/error`, label, description: logs.permission !== undefined ? 'grant it to read the provisioning logs' : undefined, tooltip: md(logs.error), icon: 'error', iconColor: 'errorForeground', contextValue: 'entraZendesk.error' }],
    };
  }
  const children: NodeSpec[] = logs.records.map((r) => {
    const user = r.sourceIdentity.displayName ?? r.sourceIdentity.id;
    const status = r.provisioningStatusInfo.status;
    const error = r.provisioningStatusInfo.errorInformation;
    return {
      id: `${id}/record:${r.id}`,
      label: user,
      description: [r.provisioningAction, status, formatTime(r.activityDateTime) ?? r.activityDateTime, error?.errorCode].filter(Boolean).join(' · '),
      tooltip: logRecordTooltip(r),
      ...icon(LOG_STATUS_ICON[status]),
      contextValue: contextValue('entraJobLogRecord', `status-${status}`),
      // Provision on Demand via Entra on a record retries that user.
      ...(r.sourceIdentity.identityType.toLowerCase() === 'user' && r.sourceIdentity.id !== '' ? { entraUserId: r.sourceIdentity.id } : {}),
      children: r.provisioningSteps.map((step, i) => ({
        id: `${id}/record:${r.id}/step:${i}`,
        label: step.name,
        description: `${step.status} — ${step.description}`,
        tooltip: [`**${md(step.name)}** (${md(step.provisioningStepType)}) — ${md(step.status)}`, '', md(step.description), ...Object.entries(step.details).map(([k, v]) => `\n${md(k)}: ${md(String(v))}`)].join('\n'),
        ...icon(LOG_STATUS_ICON[step.status]),
        contextValue: contextValue('entraJobLogStep'),
      })),
    };
  });
  if (children.length === 0) children.push({ id: `${id}/empty`, label: 'No provisioning logs yet', description: 'start the job or provision a user on demand', icon: 'info' });
  return {
    id,
    label: 'Recent provisioning logs',
    description: `${logs.records.length} record${logs.records.length === 1 ? '' : 's'}`,
    icon: 'list-flat',
    expanded: true,
    contextValue: contextValue('entraJobLogs'),
    children,
  };
}

/** The view's rows: status, schedule, quarantine (when set), last cycle, last successful cycle (when older), logs. */
export function jobNodes(data: JobViewData): NodeSpec[] {
  const o = data.overview;
  const nodes: NodeSpec[] = [statusNode(o, data.sandbox), scheduleNode(o)];
  const quarantine = quarantineNode(o);
  if (quarantine !== undefined) nodes.push(quarantine);
  nodes.push(executionNode('entraJob/lastCycle', 'Last cycle', o.lastExecution));
  const lastGood = o.lastSuccessfulExecution;
  if (lastGood !== null && o.lastExecution !== null && lastGood.began !== o.lastExecution.began) nodes.push(executionNode('entraJob/lastSuccessfulCycle', 'Last successful cycle', lastGood));
  nodes.push(logsNode(data.logs));
  return nodes;
}
