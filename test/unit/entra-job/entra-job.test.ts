/**
 * The pure parts of the Entra provisioning job facade and the `job` CLI: every reset flag explained, each job state
 * and quarantine reason put in words, intervals, expression comparison verdicts, and the CLI's argument parsers.
 */
import * as assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import {
  compareResults,
  describeInterval,
  describeJobState,
  explainJob,
  explainQuarantine,
  QUARANTINE_EXPLANATIONS,
  referencedAttributes,
  RESET_OPTIONS,
  RESET_SCOPE_FLAGS,
  summariseExecution,
  type EntraJobTarget,
  type ParseExpressionResponse,
  type SynchronizationJob,
  type SynchronizationStatus,
} from '../../../src/clients/graph';
import { parseResetFlags, parseSince, renderOverview } from '../../../src/cli/commands/job';
import { InputError } from '../../../src/app/input-error';
import { connect } from '../../../src/app/wiring';
import { createConfigText, loadConfig } from '../../../src/core/config';
import { parseExpression } from '../../../src/core/expressions';

const NEVER_INTERVAL = 'P10675199DT2H48M5.4775807S';
const TARGET: EntraJobTarget = { servicePrincipalId: 'sp-1', servicePrincipalName: 'Zendesk', appId: 'app-1', jobId: 'zendesk.abc.def', templateId: 'zendesk' };

function jobWith(status: Partial<SynchronizationStatus>, schedule: Partial<SynchronizationJob['schedule']> = {}): SynchronizationJob {
  return {
    id: TARGET.jobId,
    templateId: 'zendesk',
    schedule: { expiration: null, interval: 'PT40M', state: 'Active', ...schedule },
    synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    status: {
      code: 'Active',
      countSuccessiveCompleteFailures: 0,
      escrowsPruned: false,
      lastExecution: null,
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      quarantine: null,
      steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
      steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
      synchronizedEntryCountByType: [],
      troubleshootingUrl: null,
      ...status,
    },
  };
}

describe('RESET_OPTIONS', () => {
  it('explains every resetScope flag but None, once each, with a label and a detail saying when to use it', () => {
    const flags = RESET_OPTIONS.map((o) => o.flag);
    assert.deepEqual([...flags].sort(), RESET_SCOPE_FLAGS.filter((f) => f !== 'None').sort());
    assert.equal(new Set(flags).size, flags.length);
    for (const option of RESET_OPTIONS) {
      assert.ok(option.label.length > 3, option.flag);
      assert.match(option.detail, /Use it/, `${option.flag} says when to use it`);
    }
  });

  it('ForceDeletes is "Allow deletes", releasing the deletions staged by the accidental-deletion threshold', () => {
    const force = RESET_OPTIONS.find((o) => o.flag === 'ForceDeletes')!;
    assert.equal(force.label, 'Allow deletes');
    assert.match(force.detail, /staged by the accidental-deletion threshold/);
    assert.match(force.detail, /TooManyDeletes/);
  });
});

describe('job state in words', () => {
  it('NotConfigured says credentials are missing and how to fix it', () => {
    const { code, summary } = describeJobState(jobWith({ code: 'NotConfigured' }, { state: 'Disabled', interval: NEVER_INTERVAL }));
    assert.equal(code, 'NotConfigured');
    assert.match(summary, /^Not configured: the job has no Zendesk credentials yet.*push the configuration/);
  });

  it('NotRun: starting (schedule active) or not started', () => {
    assert.match(describeJobState(jobWith({ code: 'NotRun' })).summary, /^Starting: the first \(initial\) cycle is running/);
    assert.match(describeJobState(jobWith({ code: 'NotRun' }, { state: 'Disabled' })).summary, /^Configured but not started: start the job/);
  });

  it('Active names the interval and how the last cycle went', () => {
    const ok = jobWith({ lastExecution: { state: 'Succeeded', timeBegan: '2026-11-27T08:00:00Z', timeEnded: '2026-11-27T08:01:00Z', countImported: 5 } });
    assert.equal(describeJobState(ok).summary, 'Active: a cycle runs every 40 minutes; the last cycle (ended 2026-11-27T08:01:00Z) succeeded.');
    const failed = jobWith({ lastExecution: { state: 'Failed', timeEnded: '2026-11-27T08:01:00Z', error: { code: 'X', message: 'Zendesk answered 401.', tenantActionable: true } } });
    assert.match(describeJobState(failed).summary, /the last cycle \(ended 2026-11-27T08:01:00Z\) failed: Zendesk answered 401\.\.?$/);
    const partial = jobWith({ lastExecution: { state: 'EntryLevelErrors', countEscrowed: 3 } });
    assert.match(describeJobState(partial).summary, /finished with errors on some objects \(3 escrowed\): see the provisioning logs\.$/);
    assert.equal(describeJobState(jobWith({}, { interval: NEVER_INTERVAL })).summary, 'Active: a cycle runs when started.');
  });

  it('Paused says nothing runs until started', () => {
    assert.equal(describeJobState(jobWith({ code: 'Paused' })).summary, 'Paused: no cycles run until you start the job; start resumes where it stopped.');
  });

  it('Quarantine gives the reason, its meaning, the consequences and the fix', () => {
    const job = jobWith({
      code: 'Quarantine',
      quarantine: { reason: 'EncounteredQuarantineException', currentBegan: '', nextAttempt: '2026-11-28T08:00:00Z', seriesBegan: '', seriesCount: 1, error: { code: 'Unauthorized', message: 'bad token', tenantActionable: true } },
    });
    const { summary } = describeJobState(job);
    assert.match(summary, /^In quarantine \(EncounteredQuarantineException\): the service could not work with Zendesk at all/);
    assert.match(summary, /once a day.*4 weeks/);
    assert.ok(summary.endsWith(`Fix: ${QUARANTINE_EXPLANATIONS.EncounteredQuarantineException!.fix}`));
    const overview = explainJob(TARGET, job);
    assert.deepEqual(overview.quarantine, {
      reason: 'EncounteredQuarantineException',
      meaning: QUARANTINE_EXPLANATIONS.EncounteredQuarantineException!.meaning,
      fix: QUARANTINE_EXPLANATIONS.EncounteredQuarantineException!.fix,
      since: null,
      nextAttempt: '2026-11-28T08:00:00Z',
      error: { code: 'Unauthorized', message: 'bad token' },
    });
  });

  it('a quarantine object without the Quarantine code, or a code without the object, is still quarantine', () => {
    const objectOnly = jobWith({ code: 'Active', quarantine: { reason: 'TooManyDeletes', currentBegan: null, nextAttempt: null, seriesBegan: null, seriesCount: 1, error: null } });
    assert.equal(explainJob(TARGET, objectOnly).code, 'Quarantine');
    assert.match(explainJob(TARGET, objectOnly).quarantine!.fix, /ForceDeletes/);
    const codeOnly = explainJob(TARGET, jobWith({ code: 'Quarantine' }));
    assert.equal(codeOnly.quarantine!.reason, 'Unknown');
  });

  it('an unknown quarantine reason or state code is said to be unknown, never dropped', () => {
    assert.match(explainQuarantine('BrandNew').meaning, /"BrandNew", which this tool does not know/);
    assert.equal(explainQuarantine('BrandNew').fix, QUARANTINE_EXPLANATIONS.Unknown!.fix);
    assert.match(describeJobState(jobWith({ code: 'Hibernating' })).summary, /^State "Hibernating", which this tool does not know/);
  });

  it('counts come from the execution, missing ones are 0; never-times are null', () => {
    assert.deepEqual(summariseExecution({ state: 'Succeeded', countImported: 7, countExported: 2, timeBegan: '0001-01-01T00:00:00Z' }), {
      state: 'Succeeded', began: null, ended: null, imported: 7, exported: 2, escrowed: 0, entitled: 0, error: null,
    });
    assert.equal(summariseExecution(null), null);
    const overview = explainJob(TARGET, jobWith({ synchronizedEntryCountByType: [{ key: 'User', value: 12 }] }));
    assert.deepEqual(overview.synchronizedEntries, [{ type: 'User', count: 12 }]);
    assert.equal(overview.steadyStateLastAchieved, null);
  });

  it('the CLI rendering shows state, quarantine fix and the cycle table', () => {
    const lines = renderOverview(explainJob(TARGET, jobWith({ code: 'Quarantine', quarantine: { reason: 'TooManyDeletes', currentBegan: '2026-11-27T08:00:00Z', nextAttempt: null, seriesBegan: null, seriesCount: 1, error: null }, lastExecution: { state: 'Failed', countImported: 4 } })));
    const text = lines.join('\n');
    assert.match(text, /^Provisioning job zendesk\.abc\.def \(template zendesk\) of "Zendesk" \(sp-1\)/);
    assert.match(text, /Quarantine: TooManyDeletes since 2026-11-27T08:00:00Z, next attempt —/);
    assert.match(text, /Fix: .*ForceDeletes/);
    assert.match(text, /last +Failed +— +— +4 +0 +0 +0 +—/);
  });
});

describe('describeInterval', () => {
  it('reads ISO-8601 durations, and the never-interval', () => {
    assert.equal(describeInterval('PT40M'), '40 minutes');
    assert.equal(describeInterval('PT1M'), '1 minute');
    assert.equal(describeInterval('P1DT2H'), '1 day 2 hours');
    assert.equal(describeInterval('PT30S'), '30 seconds');
    assert.equal(describeInterval(NEVER_INTERVAL), 'never');
    assert.equal(describeInterval('soon'), 'soon');
    assert.equal(describeInterval('PT'), 'PT');
  });
});

describe('expression comparison', () => {
  const entra = (over: Partial<ParseExpressionResponse>): ParseExpressionResponse => ({ error: null, parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: [], parsedExpression: null, ...over });

  it('lists the attributes an expression reads, once each, in order', () => {
    assert.deepEqual(referencedAttributes(parseExpression('IIF([department]="Sales", Join(" ", [givenName], [surname]), [Department])')), ['department', 'givenName', 'surname']);
    assert.deepEqual(referencedAttributes(parseExpression('"constant"')), []);
  });

  it('agreement and difference in words', () => {
    assert.deepEqual(compareResults({ ok: true, value: 'a', values: ['a'] }, entra({ evaluationResult: ['a'] }), undefined), { agree: true, verdict: 'Both give "a".' });
    assert.deepEqual(compareResults({ ok: true, value: null, values: [] }, entra({ evaluationResult: [] }), undefined), { agree: true, verdict: 'Both give no value: the attribute would not flow for this user.' });
    assert.deepEqual(compareResults({ ok: true, value: 'a', values: ['a'] }, entra({ evaluationResult: ['A'] }), undefined), { agree: false, verdict: 'They differ: ours gives "a", Entra gives "A".' });
    assert.deepEqual(compareResults({ ok: true, value: 'x, y', values: ['x', 'y'] }, entra({ evaluationResult: ['x', 'y'] }), undefined).agree, true);
  });

  it('parse and evaluation failures on either side', () => {
    const entraParse = entra({ parsingSucceeded: false, evaluationSucceeded: false, error: { code: 'ExpressionParsingFailed', message: 'missing )' } });
    assert.match(compareResults({ ok: false, error: 'line 1, column 5: expected ")"\n    ^' }, entraParse, 'parse').verdict, /^Both reject the expression: ours says line 1, column 5: expected "\)"; Entra says missing \)$/);
    assert.equal(compareResults({ ok: false, error: 'x' }, entra({ evaluationResult: ['1'] }), 'parse').agree, false);
    assert.match(compareResults({ ok: true, value: 'a' }, entraParse, undefined).verdict, /^They differ: Entra rejects the expression/);
    const entraEval = entra({ evaluationSucceeded: false, error: { code: 'ExpressionEvaluationFailed', message: 'Mid: start 0' } });
    assert.equal(compareResults({ ok: false, error: 'Mid: start must be ≥ 1' }, entraEval, 'evaluate').agree, true);
    assert.match(compareResults({ ok: true, value: 'a' }, entraEval, undefined).verdict, /^They differ: Entra fails to evaluate it/);
  });
});

describe('job CLI arguments', () => {
  it('--reset: flags case-insensitively, deduplicated; unknown flags name the valid ones', () => {
    assert.deepEqual(parseResetFlags('watermark, Escrows,Watermark'), ['Watermark', 'Escrows']);
    assert.throws(() => parseResetFlags('Watermark,Bogus'), (error: unknown) => error instanceof InvalidArgumentError && /unknown reset flag "Bogus"\. Valid flags: ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes\./.test(error.message));
    assert.throws(() => parseResetFlags('None'), /unknown reset flag "None"/);
    assert.throws(() => parseResetFlags(' , '), /give at least one flag/);
  });

  it('--since: a date or an age', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    assert.equal(parseSince('30m', now).toISOString(), '2026-11-27T09:30:00.000Z');
    assert.equal(parseSince('2d', now).toISOString(), '2026-11-25T10:00:00.000Z');
    assert.equal(parseSince('2026-11-01T00:00:00Z', now).toISOString(), '2026-11-01T00:00:00.000Z');
    assert.throws(() => parseSince('yesterday', now), /neither a date .* nor an age/);
  });
});

describe('connect({requireZendesk: false})', () => {
  const config = loadConfig(createConfigText({ tenantId: '11111111-2222-3333-4444-555555555555', servicePrincipalId: '8e881353-1735-45af-af21-ee1344582a4d', subdomain: 'contoso', adminEmail: 'admin@contoso.com', entraAuth: { mode: 'clientSecret', clientId: '0f3c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b' } }), 'c').config;
  const env = { AZURE_CLIENT_SECRET: 'graph-secret-value' };

  it('the job verbs connect to Graph without any Zendesk secret', () => {
    const connections = connect(config, { env, requireZendesk: false });
    try {
      assert.match(connections.describeAuth.zendesk, /not signed in/);
      assert.deepEqual(connections.secrets, ['graph-secret-value']);
    } finally {
      connections.close();
    }
  });

  it('every other command still requires them', () => {
    assert.throws(() => connect(config, { env }), (error: unknown) => error instanceof InputError && /ZENDESK_OAUTH_CLIENT_(ID|SECRET) is not set/.test(error.message));
  });
});
