/**
 * The "Entra Provisioning Job" view's rows and the job commands' documents, from hand-built overviews, log records and
 * outcomes (the extension-host suite test/vscode/suite/job.test.ts drives the same against the sandbox); and the
 * contributions of the view (welcome per state, menus only where meaningful).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExpressionComparison, JobOverview, PushPlan } from '../../../src/clients/graph/entra-job';
import { EntraJobNotFoundError } from '../../../src/clients/graph/entra-job';
import { GraphApiError, SynchronizationPermissionError, type OnDemandOutcome, type ProvisioningLogRecord } from '../../../src/clients/graph';
import { comparisonDocument, importReport, onDemandDocument, pushPlanDocument, pushResultText } from '../../../src/extension/commands/job-documents';
import { CommandIds, ENTRA_JOB_VIEW_ID } from '../../../src/extension/constants';
import { isNoJobError, missingPermission } from '../../../src/extension/services/entra-job-access';
import { describeInterval, formatTime, jobNodes, type JobViewData } from '../../../src/extension/trees/job-nodes';
import type { NodeSpec } from '../../../src/extension/trees/nodes';

const TARGET = { servicePrincipalId: 'sp-1', servicePrincipalName: 'Zendesk', appId: 'app-1', jobId: 'zendesk.abc.123', templateId: 'zendesk' };

function overview(over: Partial<JobOverview> = {}): JobOverview {
  return {
    target: TARGET,
    job: {} as JobOverview['job'],
    code: 'Active',
    summary: 'Active: cycles run about every 40 minutes.',
    schedule: { state: 'Active', interval: 'PT40M' },
    lastExecution: { state: 'Succeeded', began: '2026-11-27T08:00:00.123Z', ended: '2026-11-27T08:01:00Z', imported: 12, exported: 5, escrowed: 0, entitled: 10, error: null },
    lastSuccessfulExecution: null,
    steadyStateLastAchieved: null,
    synchronizedEntries: [{ type: 'User', count: 7 }],
    ...over,
  };
}

function record(over: Partial<ProvisioningLogRecord> = {}): ProvisioningLogRecord {
  return {
    id: 'r1',
    activityDateTime: '2026-11-27T08:00:30Z',
    jobId: TARGET.jobId,
    cycleId: 'c1',
    changeId: 'x1',
    provisioningAction: 'create',
    servicePrincipal: { id: 'sp-1', displayName: 'Zendesk' },
    sourceIdentity: { id: 'u-1', displayName: 'Adele Vance', identityType: 'User' },
    targetIdentity: { id: '', displayName: null, identityType: 'User' },
    provisioningStatusInfo: { status: 'failure', errorInformation: { errorCode: 'EntryConflict', reason: 'Zendesk returned 422 DuplicateValue for email.', additionalDetails: null, errorCategory: 'nonServiceFailure', recommendedAction: 'Fix matching so the account is matched.' } },
    provisioningSteps: [
      { name: 'EntryImport', provisioningStepType: 'import', status: 'success', description: "Retrieved User 'adele@contoso.com'", details: {} },
      { name: 'EntryExportAdd', provisioningStepType: 'export', status: 'failure', description: 'User could not be created', details: { ReferenceId: '42' } },
    ],
    modifiedProperties: [],
    ...over,
  };
}

const data = (o: JobOverview, logs: JobViewData['logs'] = { records: [record()] }): JobViewData => ({ overview: o, logs, sandbox: true });
const byId = (nodes: ReadonlyArray<NodeSpec>, id: string): NodeSpec | undefined => nodes.flatMap((n) => [n, ...(n.children ?? [])]).find((n) => n.id === id);

describe('Entra Provisioning Job view rows', () => {
  it('shows the status code with its sentence, the schedule, the last cycle counts and the logs', () => {
    const nodes = jobNodes(data(overview()));
    assert.deepEqual(nodes.map((n) => n.id), ['entraJob/status', 'entraJob/schedule', 'entraJob/lastCycle', 'entraJob/logs']);
    assert.equal(nodes[0]!.label, 'Status: Active (sandbox)');
    assert.equal(nodes[0]!.description, 'Active: cycles run about every 40 minutes.');
    assert.match(nodes[0]!.tooltip ?? '', /zendesk\.abc\.123/);
    assert.match(nodes[0]!.tooltip ?? '', /7 User/);
    assert.equal(nodes[1]!.label, 'Schedule: Active');
    assert.equal(nodes[1]!.description, 'every 40 min');
    assert.equal(nodes[2]!.description, 'imported 12 · exported 5 · escrowed 0');
    assert.deepEqual((nodes[2]!.children ?? []).map((c) => c.label), ['Imported: 12', 'Exported: 5', 'Escrowed: 0', 'Began: 2026-11-27 08:00:00 UTC', 'Ended: 2026-11-27 08:01:00 UTC']);
  });

  it('lists log records (action, status, time, error code; tooltip with reason and recommended action) → steps', () => {
    const logs = byId(jobNodes(data(overview())), 'entraJob/logs')!;
    assert.equal(logs.description, '1 record');
    const rec = logs.children![0]!;
    assert.equal(rec.label, 'Adele Vance');
    assert.equal(rec.description, 'create · failure · 2026-11-27 08:00:30 UTC · EntryConflict');
    assert.equal(rec.icon, 'error');
    assert.equal(rec.entraUserId, 'u-1', 'Provision on Demand on a record retries that user');
    assert.match(rec.tooltip ?? '', /Error code: \*\*EntryConflict\*\*/);
    assert.match(rec.tooltip ?? '', /Reason: Zendesk returned 422 DuplicateValue/);
    assert.match(rec.tooltip ?? '', /Recommended action: Fix matching/);
    assert.deepEqual(rec.children!.map((s) => [s.label, s.description, s.icon]), [
      ['EntryImport', "success — Retrieved User 'adele@contoso.com'", 'pass'],
      ['EntryExportAdd', 'failure — User could not be created', 'error'],
    ]);
  });

  it('shows a quarantine with the reason, what it means and the fix as children, with a warning icon', () => {
    const q = { reason: 'TooManyDeletes', meaning: 'the cycle would delete too many accounts.', fix: 'Restart with ForceDeletes if intended.', since: '2026-11-27T07:00:00Z', nextAttempt: '2026-11-28T07:00:00Z', error: { code: 'TooManyDeletes', message: '600 deletes exceed 500.' } };
    const nodes = jobNodes(data(overview({ code: 'Quarantine', quarantine: q })));
    const quarantine = byId(nodes, 'entraJob/quarantine')!;
    assert.equal(nodes[2], quarantine, 'right after status and schedule');
    assert.equal(quarantine.label, 'Quarantine: TooManyDeletes');
    assert.equal(quarantine.icon, 'warning');
    assert.equal(quarantine.expanded, true);
    assert.deepEqual(quarantine.children!.map((c) => [c.label, c.description]), [
      ['Reason: TooManyDeletes', 'TooManyDeletes: 600 deletes exceed 500.'],
      ['Meaning', q.meaning],
      ['Fix', q.fix],
      ['Since 2026-11-27 07:00:00 UTC', 'next attempt 2026-11-28 07:00:00 UTC'],
    ]);
    assert.match(nodes[0]!.contextValue ?? '', /\bstatusQuarantine\b/);
  });

  it('says when no cycle ran, and when the logs could not be read names the permission (the rest still shows)', () => {
    const nodes = jobNodes(data(overview({ code: 'NotRun', lastExecution: null, schedule: { state: 'Disabled', interval: 'P10675199DT2H48M5.4775807S' } }), { error: '403 Authorization_RequestDenied', permission: 'AuditLog.Read.All' }));
    assert.equal(byId(nodes, 'entraJob/schedule')!.description, 'no cycles scheduled');
    assert.equal(byId(nodes, 'entraJob/lastCycle')!.label, 'Last cycle: none yet');
    const error = byId(nodes, 'entraJob/logs/error')!;
    assert.equal(error.label, 'Missing permission AuditLog.Read.All');
    assert.equal(error.icon, 'error');
    const empty = jobNodes(data(overview(), { records: [] }));
    assert.equal(byId(empty, 'entraJob/logs/empty')!.label, 'No provisioning logs yet');
  });

  it('formats intervals and times', () => {
    assert.equal(describeInterval('PT40M'), 'every 40 min');
    assert.equal(describeInterval('P1DT2H'), 'every 1 d 2 h');
    assert.equal(describeInterval('P10675199DT2H48M5.4775807S'), 'never');
    assert.equal(describeInterval('garbage'), 'garbage');
    assert.equal(formatTime('0001-01-01T00:00:00Z'), undefined);
    assert.equal(formatTime(''), undefined);
    assert.equal(formatTime('2026-11-27T08:00:00.5Z'), '2026-11-27 08:00:00 UTC');
  });
});

describe('Entra job command documents', () => {
  const plan: PushPlan = {
    target: TARGET,
    currentSchema: {} as PushPlan['currentSchema'],
    schema: {} as PushPlan['schema'],
    changes: [{ kind: 'changed', path: '/x', where: 'user mapping › email', description: '[mail] → [userPrincipalName]' }],
    diffText: '~ user mapping › email: [mail] → [userPrincipalName]',
    unsupported: [{ path: '/roles/0', feature: 'role overwrite', outcome: 'notPushed', message: 'roles[0] only affects this tool.' }],
    credentialKeys: ['UserName', 'SecretToken', 'Domain'],
    jobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    currentJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '400' }],
    settingsSecretKeys: ['SyncAll'],
  };

  it('the push review shows the diff, what cannot be pushed, the settings and the credential keys, never a value', () => {
    const text = pushPlanDocument(plan, true, true);
    assert.match(text, /^# Push Configuration to Entra — review \(sandbox\)/);
    assert.match(text, /\*\*1 schema change\.\*\*/);
    assert.match(text, /```diff\n~ user mapping › email: \[mail\] → \[userPrincipalName\]\n```/);
    assert.match(text, /\| `\/roles\/0` \| role overwrite \| only used by this tool \|/);
    assert.match(text, /\| QuarantineTooManyDeletesThreshold \| 400 \| 500 \|/);
    assert.match(text, /`UserName`, `SecretToken`, `Domain`\) are sent too/);
    assert.match(text, /2027-04-30/);
    assert.match(pushPlanDocument(plan, false, false), /the job holds are kept/);
  });

  it('the push result says what was written and why secrets were skipped', () => {
    assert.equal(pushResultText({ schemaChanged: true, secretsWritten: ['SyncAll', 'SecretToken'] }, false), 'Pushed to the Entra provisioning job: schema updated; secrets written: SyncAll, SecretToken.');
    assert.match(pushResultText({ schemaChanged: false, secretsWritten: [], secretsSkipped: { keys: ['SyncAll'], reason: 'Push again with the token.' } }, true), /\(sandbox\): schema unchanged; no secrets written\. Push again with the token\.$/);
  });

  it('the on-demand document lists every step with its details and the troubleshooting', () => {
    const outcome: OnDemandOutcome = {
      result: 'Failure',
      errorCode: 'EntryConflict',
      errorMessage: 'Duplicate e-mail.',
      details: {
        action: 'Create', changeId: 'c', startTime: null, endTime: null, reportableIdentifier: 'adele@contoso.com', modifiedProperties: [{ displayName: 'email', oldValue: null, newValue: 'adele@contoso.com' }],
        steps: [
          { name: 'EntryImport', type: 'Import', status: 'Success', timestamp: null, description: 'Retrieved User', details: { objectId: 'u-1' } },
          { name: 'EntryExportAdd', type: 'Export', status: 'Failure', timestamp: null, description: 'Create failed', details: {} },
        ],
        statusInfo: { status: 'Failure', errorCode: 'EntryConflict', reason: 'Duplicate e-mail.', recommendedAction: 'Fix matching.' },
        sourceIdentity: null,
        targetIdentity: null,
      },
    };
    const text = onDemandDocument(outcome, 'Adele Vance', true);
    assert.match(text, /^# Provision on Demand via Entra: Adele Vance \(sandbox\)/);
    assert.match(text, /\*\*Result:\*\* Failure — action Create/);
    assert.match(text, /1\. \*\*EntryImport\*\* \(Import\) — Success: Retrieved User\n {3}- objectId: u-1\n2\. \*\*EntryExportAdd\*\*/);
    assert.match(text, /\| email \| null \| "adele@contoso\.com" \|/);
    assert.match(text, /- Recommended action: Fix matching\./);
    assert.match(onDemandDocument({ result: 'Success', errorCode: null, errorMessage: null, details: null }, 'x', false), /returned no details/);
  });

  it('the comparison shows ours next to Entra\'s, with the verdict', () => {
    const c: ExpressionComparison = {
      expression: 'Join(" ", [givenName], [surname])',
      input: { givenName: 'Adele', surname: 'Vance', appRoleAssignments: ['Agent'] },
      ours: { ok: true, value: 'Adele Vance' },
      entra: { error: null, parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: ['Adele Vance'], parsedExpression: { name: 'Join' } },
      agree: true,
      verdict: 'Both give "Adele Vance".',
    };
    const text = comparisonDocument(c, 'Adele Vance', false);
    assert.match(text, /^# Compare Expression with Entra\n\n\*\*Agree:\*\* Both give "Adele Vance"\./);
    assert.match(text, /\| appRoleAssignments \| \["Agent"\] \|/);
    assert.match(text, /\| Value \| `Adele Vance` \| `Adele Vance` \|/);
    const parseError = comparisonDocument({ ...c, ours: { ok: false, error: 'unexpected )' }, entra: { ...c.entra, parsingSucceeded: false, evaluationSucceeded: false, evaluationResult: [], parsedExpression: null, error: { code: 'ExpressionParsingFailed', message: 'bad' } }, agree: true }, 'u', false);
    assert.match(parseError, /\| Value \| \*\*error\*\*: unexpected \) \| \*\*parse error\*\*: bad \|/);
  });

  it('the import report lists what could not be expressed', () => {
    const text = importReport('/w/.vscode/entra-zendesk.json', [{ path: '/synchronizationRules/0', feature: 'flowType MultiValueAddOnly', outcome: 'dropped', message: 'not expressible.' }], [{ path: 'roles', message: 'no roles' }], true);
    assert.match(text, /not pushed \(dropped\)/);
    assert.match(text, /- `roles`: no roles/);
  });
});

describe('Entra job errors', () => {
  const graph403 = (call: string) => new GraphApiError({ status: 403, code: 'Authorization_RequestDenied', call, graphMessage: 'Insufficient privileges.', attempts: 1 });

  it('names the missing permission of a 403', () => {
    assert.equal(missingPermission(new SynchronizationPermissionError(graph403('GET /servicePrincipals/x/synchronization/jobs'), 'Synchronization.Read.All')), 'Synchronization.Read.All');
    assert.equal(missingPermission(graph403('GET /auditLogs/provisioning')), 'AuditLog.Read.All');
    assert.equal(missingPermission(new GraphApiError({ status: 404, code: 'NotFound', call: 'GET /x', graphMessage: '', attempts: 1 })), undefined);
    assert.equal(missingPermission(new Error('boom')), undefined);
  });

  it('recognises "no job yet"', () => {
    assert.equal(isNoJobError(new EntraJobNotFoundError('The enterprise application "Zendesk" (sp) has no provisioning job yet.')), true);
    assert.equal(isNoJobError(new Error('network down')), false);
  });
});

describe('Entra job contributions', () => {
  const root = path.resolve(__dirname, '../../..');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { views: Record<string, Array<{ id: string; visibility?: string }>>; viewsWelcome: Array<{ view: string; contents: string; when: string }>; menus: Record<string, Array<{ command: string; when: string; group?: string }>> };
  };
  const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string | { message: string }>;
  const text = (key: string): string => {
    const entry = nls[key.replace(/%/g, '')]!;
    return typeof entry === 'string' ? entry : entry.message;
  };

  it('the view starts collapsed (lazy) and has a welcome for every state but ready', () => {
    assert.equal(pkg.contributes.views['entraZendesk']!.find((v) => v.id === ENTRA_JOB_VIEW_ID)?.visibility, 'collapsed');
    const welcomes = pkg.contributes.viewsWelcome.filter((w) => w.view === ENTRA_JOB_VIEW_ID);
    const states = welcomes.flatMap((w) => [...w.when.matchAll(/entraZendesk:entraJobState == (\w+)/g)].map((m) => m[1])).sort();
    assert.deepEqual(states, ['error', 'idle', 'loading', 'noConfig', 'noJob', 'permission', 'signedOut']);
    const noJob = welcomes.find((w) => w.when.endsWith('== noJob'))!;
    assert.match(text(noJob.contents), /\]\(command:entraZendesk\.pushToEntra\)/);
    const permission = welcomes.find((w) => w.when.endsWith('== permission'))!;
    assert.match(text(permission.contents), /Synchronization\.ReadWrite\.All/);
    assert.match(text(permission.contents), /AuditLog\.Read\.All/);
  });

  it('puts Refresh and Push on the view title, Start and Pause only when meaningful, the rest in the overflow', () => {
    const title = pkg.contributes.menus['view/title']!.filter((m) => m.when.startsWith(`view == ${ENTRA_JOB_VIEW_ID}`));
    const group = (command: string) => title.filter((m) => m.command === command).map((m) => m.group);
    assert.deepEqual(group(CommandIds.refreshEntraJob), ['navigation@1']);
    assert.deepEqual(group(CommandIds.pushToEntra), ['navigation@3']);
    assert.match(title.find((m) => m.command === CommandIds.startEntraJob)!.when, /entraJobStatus != Active/);
    assert.match(title.find((m) => m.command === CommandIds.pauseEntraJob)!.when, /entraJobStatus =~ \/\^\(Active\|NotRun\)\$\//);
    for (const command of [CommandIds.provisionOnDemandViaEntra, CommandIds.validateEntraCredentials, CommandIds.restartEntraJob, CommandIds.compareExpressionWithEntra, CommandIds.importFromEntra]) {
      assert.match(group(command)[0] ?? '', /^overflow@\d$/, command);
    }
    const palette = pkg.contributes.menus['commandPalette']!;
    for (const command of [CommandIds.pushToEntra, CommandIds.startEntraJob, CommandIds.restartEntraJob]) assert.match(palette.find((m) => m.command === command)?.when ?? '', /entraZendesk:state != noConfig/, command);
    assert.ok(pkg.contributes.menus['view/item/context']!.some((m) => m.command === CommandIds.provisionOnDemandViaEntra && m.when.includes('entraZendesk.assignments')), 'on Entra users too');
  });
});
