/**
 * The synchronization API end to end against both sandboxes in process: the client (`SynchronizationClient`) drives
 * the Graph emulator's jobs/schema/secrets/validateCredentials/start/pause/restart/provisionOnDemand/parseExpression
 * and provisioning logs, which run our engine against the Zendesk emulator. Error paths: missing permission (403),
 * job in quarantine, throttled (429 + Retry-After) and invalid input.
 */
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import { staticTokenCredential } from '../../../src/auth';
import {
  CredentialValidationError,
  GraphClient,
  JobQuarantinedError,
  parseOnDemandResponse,
  SlidingWindowLimiter,
  SynchronizationClient,
  SynchronizationPermissionError,
  SynchronizationThrottledError,
  type SynchronizationJob,
} from '../../../src/clients/graph';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { DEMO_ZENDESK_APP_ID, DEMO_ZENDESK_SERVICE_PRINCIPAL_ID } from '../../../src/sandbox/graph';

const SP = DEMO_ZENDESK_SERVICE_PRINCIPAL_ID;
const ALEX = 'd520ee9d-40f0-4d6e-a0e4-91e491307d58';

describe('synchronization API (client ⇄ Graph sandbox ⇄ engine ⇄ Zendesk sandbox)', function () {
  this.timeout(60_000);
  let sandbox: LocalSandbox;
  let graph: GraphClient;
  let sync: SynchronizationClient;
  let job: SynchronizationJob;

  /** A client with no limiter waits and no retries, so 429s surface at once. */
  const clientWith = (token: string, unlimited = true): { graph: GraphClient; sync: SynchronizationClient } => {
    const g = new GraphClient({ credential: staticTokenCredential(token), baseUrl: sandbox.graph.graphBaseUrl, ca: sandbox.graph.ca, retry: { maxRetries: 0 } });
    const limiter = (): SlidingWindowLimiter => new SlidingWindowLimiter(1000, 10_000);
    return { graph: g, sync: new SynchronizationClient(g, unlimited ? { onDemandLimiter: limiter(), logsLimiter: limiter() } : {}) };
  };

  const credentials = () => [
    { key: 'UserName', value: sandbox.zendesk.adminEmail },
    { key: 'SecretToken', value: sandbox.zendesk.apiToken },
    { key: 'Domain', value: sandbox.zendesk.subdomain },
  ];

  /** A live user that is neither assigned nor in an assigned group. */
  const unassignedUser = (): string => {
    const directory = sandbox.graph.directory;
    const assignments = directory.assignmentsTo(SP);
    const assigned = new Set(assignments.filter((a) => a.principalType === 'User').map((a) => a.principalId));
    for (const a of assignments.filter((x) => x.principalType === 'Group')) for (const m of directory.transitiveMembers(a.principalId)) assigned.add(m);
    const user = directory.liveUsers().find((u) => !assigned.has(u.id) && u.data.accountEnabled !== false);
    assert.ok(user, 'the demo seed has an unassigned user');
    return user.id;
  };

  before(async () => {
    sandbox = await startLocalSandbox({ zendeskTimeScale: 20 });
    sandbox.graph.synchronization.setZendeskTarget({ url: sandbox.zendesk.url, subdomain: sandbox.zendesk.subdomain, timeScale: 20 });
    // The throttle tests set the documented 5 / 10 s themselves; the flows before them page freely.
    sandbox.graph.synchronization.setRateLimit('off');
    ({ graph, sync } = clientWith(sandbox.graph.mintToken()));
  });
  after(async () => {
    graph?.close();
    await sandbox?.close();
  });

  describe('templates and jobs', () => {
    it('lists the Zendesk template with the default schema', async () => {
      const templates = await sync.listTemplates(SP);
      assert.deepEqual(templates.map((t) => [t.id, t.factoryTag]), [['zendesk', 'zendesk']]);
      const schema = await sync.getTemplateSchema(SP, 'zendesk');
      assert.equal(schema.synchronizationRules[0]!.id, 'zendesk.outbound');
      assert.ok(schema.directories.length > 0);
    });

    it('finds the Zendesk service principal by name', async () => {
      const sp = await sync.findServicePrincipal({ displayName: 'Zendesk' });
      assert.equal(sp.id, SP);
    });

    it('creates the job from the template when there is none, then finds it', async () => {
      const first = await sync.findOrCreateJob(SP);
      assert.equal(first.created, true);
      job = first.job;
      assert.match(job.id, /^zendesk\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
      assert.equal(job.status.code, 'NotConfigured');
      assert.equal(job.schedule.state, 'Disabled');
      assert.equal(job.schedule.interval, 'P10675199DT2H48M5.4775807S');
      assert.deepEqual(job.synchronizationJobSettings, [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }]);
      const again = await sync.findOrCreateJob(SP);
      assert.equal(again.created, false);
      assert.equal(again.job.id, job.id);
      assert.equal((await sync.listJobs(SP)).length, 1);
    });

    it('is reachable through the alternate key servicePrincipals(appId=…)', async () => {
      const body = await graph.get<{ value: Array<{ id: string }> }>(`/servicePrincipals(appId='${DEMO_ZENDESK_APP_ID}')/synchronization/jobs`);
      assert.deepEqual(body.value.map((j) => j.id), [job.id]);
    });

    it('answers 404 for an unknown job and refuses an unknown template', async () => {
      await assert.rejects(sync.getJob(SP, 'zendesk.nope'), (e: Error & { status?: number }) => e.status === 404);
      await assert.rejects(sync.createJob(SP, 'salesforce'), /templateId 'salesforce' is not a template/);
    });

    it('refuses to start a job that has no credentials', async () => {
      await assert.rejects(sync.start(SP, job.id), /has not been configured/);
    });
  });

  describe('schema', () => {
    it('GET-modify-PUT round-trips, and DELETE resets to the template', async () => {
      const schema = await sync.getSchema(SP, job.id);
      const changed = { ...schema, synchronizationRules: schema.synchronizationRules.map((r) => ({ ...r, name: 'CHANGED' })) };
      await sync.putSchema(SP, job.id, changed);
      assert.equal((await sync.getSchema(SP, job.id)).synchronizationRules[0]!.name, 'CHANGED');
      await graph.http.request({ method: 'DELETE', path: `/servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema` });
      assert.equal((await sync.getSchema(SP, job.id)).synchronizationRules[0]!.name, schema.synchronizationRules[0]!.name);
    });

    it('rejects a schema of the wrong shape, naming the path', async () => {
      await assert.rejects(sync.putSchema(SP, job.id, { synchronizationRules: [{ id: 'x' }], directories: [] } as never), /\/synchronizationRules\/0\/sourceDirectoryName must be a non-empty string/);
      await assert.rejects(sync.putSchema(SP, job.id, { directories: [] } as never), /\/synchronizationRules must be an array/);
    });

    it('rejects the documented parseExpression sample with unquoted keys (not JSON)', async () => {
      const body = '{ expression: "Replace([mail], \\"@contoso.com\\", , , \\"\\", , )", targetAttributeDefinition: null }';
      const response = await rawPost(sandbox, `/v1.0/servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema/parseExpression`, body);
      assert.equal(response.status, 400);
      assert.match(response.body, /not valid JSON/);
    });
  });

  describe('secrets and credentials', () => {
    it('rejects invalid credentials with CredentialValidationFailed, naming the check', async () => {
      const wrongToken = credentials().map((c) => (c.key === 'SecretToken' ? { ...c, value: 'wrong-token' } : c));
      await assert.rejects(sync.validateCredentials(SP, job.id, wrongToken), (error: unknown) => {
        assert.ok(error instanceof CredentialValidationError);
        assert.equal(error.code, 'CredentialValidationFailed');
        assert.doesNotMatch(error.message, /wrong-token/, 'the secret never appears in the error');
        return true;
      });
      const fullUrl = credentials().map((c) => (c.key === 'Domain' ? { ...c, value: `https://${c.value}.zendesk.com` } : c));
      await assert.rejects(sync.validateCredentials(SP, undefined, fullUrl), /subdomain only/);
    });

    it('accepts the Zendesk sandbox admin credentials (job-bound and collection-bound)', async () => {
      await sync.validateCredentials(SP, job.id, credentials());
      await sync.validateCredentials(SP, undefined, credentials());
    });

    it('saves secrets (PUT replaces the set); reading them back is blocked', async () => {
      await sync.putSecrets(SP, [...credentials(), { key: 'SyncAll', value: 'false' }]);
      assert.equal(await sync.getSecrets(SP), undefined);
      await sync.validateCredentials(SP, job.id);
      assert.equal((await sync.getStatus(SP, job.id)).code, 'NotRun');
    });
  });

  describe('parseExpression', () => {
    it('parses and evaluates like the service, with canonical text and parameter names', async () => {
      const result = await sync.parseExpression(SP, job.id, {
        expression: 'Replace([mail], "@contoso.com", , ,"", ,)',
        testInput: { mail: 'john.doe@contoso.com', appRoleAssignments: ['Default Assignment'] },
      });
      assert.equal(result.parsingSucceeded, true);
      assert.equal(result.evaluationSucceeded, true);
      assert.deepEqual(result.evaluationResult, ['john.doe']);
      assert.equal(result.error, null);
      const parsed = result.parsedExpression as { expression: string; name: string; parameters: Array<{ key: string }> };
      assert.equal(parsed.expression, 'Replace([mail], "@contoso.com", , , "", , )');
      assert.deepEqual(parsed.parameters.map((p) => p.key), ['source', 'Find', 'Replacement']);
    });

    it('is also served on the template schema', async () => {
      const body = await graph.http.request<{ evaluationResult: string[] }>({
        method: 'POST',
        path: `/servicePrincipals/${SP}/synchronization/templates/zendesk/schema/parseExpression`,
        body: { expression: 'ToUpper([givenName])', testInputObject: { definition: null, properties: [{ key: 'givenName', value: 'ada' }] }, targetAttributeDefinition: null },
      });
      assert.deepEqual(body.data.evaluationResult, ['ADA']);
    });

    it('reports parse failures in-band with 200 and ExpressionParsingFailed', async () => {
      const result = await sync.parseExpression(SP, job.id, { expression: 'Join(",", [a]' });
      assert.equal(result.parsingSucceeded, false);
      assert.equal(result.error?.code, 'ExpressionParsingFailed');
    });

    it('reports evaluation failures in-band with ExpressionEvaluationFailed', async () => {
      const result = await sync.parseExpression(SP, job.id, { expression: 'Mid([mail], 0, 2)', testInput: { mail: 'abc' } });
      assert.equal(result.parsingSucceeded, true);
      assert.equal(result.evaluationSucceeded, false);
      assert.equal(result.error?.code, 'ExpressionEvaluationFailed');
    });
  });

  describe('provision on demand', () => {
    it('creates an assigned user in Zendesk and returns typed steps', async () => {
      const rule = (await sync.getSchema(SP, job.id)).synchronizationRules[0]!.id;
      const outcome = await sync.provisionOnDemand(SP, job.id, rule, { objectId: ALEX, objectTypeName: 'User' });
      assert.equal(outcome.result, 'Success', JSON.stringify(outcome));
      // Alex is in the demo Zendesk account already: matched by e-mail and updated, not duplicated.
      assert.ok(['Create', 'Update'].includes(outcome.details?.action ?? ''), outcome.details?.action);
      assert.deepEqual(outcome.details?.steps.map((s) => s.type), ['Import', 'Scoping', 'Matching', 'Export']);
      assert.ok(outcome.details?.steps.every((s) => s.status === 'Success'));
      const zendeskUsers = [...sandbox.zendesk.state.users.values()].filter((u) => JSON.stringify(u).toLowerCase().includes('"alex.wilber@contoso.example"'));
      assert.equal(zendeskUsers.length, 1, 'Alex exists in Zendesk once');
    });

    it('skips an unassigned user with NotEffectivelyEntitled', async () => {
      const rule = (await sync.getSchema(SP, job.id)).synchronizationRules[0]!.id;
      const outcome = await sync.provisionOnDemand(SP, job.id, rule, { objectId: unassignedUser(), objectTypeName: 'User' });
      assert.equal(outcome.result, 'Skipped');
      assert.equal(outcome.errorCode, 'NotEffectivelyEntitled');
    });

    it('refuses an unknown ruleId and unsupported subjects', async () => {
      await assert.rejects(sync.provisionOnDemand(SP, job.id, 'no-such-rule', { objectId: ALEX, objectTypeName: 'User' }), /ruleId 'no-such-rule' is not a rule/);
      await assert.rejects(
        sync.provisionOnDemand(SP, job.id, 'zendesk.outbound', { objectId: ALEX, objectTypeName: 'Group', links: { members: Array.from({ length: 6 }, () => ({ objectId: ALEX, objectTypeName: 'User' })) } }),
        /at most 5 members/,
      );
    });

    it('decodes the documented JSON-in-string sample, and the empty group answer', () => {
      const sample = parseOnDemandResponse({
        key: '{"result":"Skipped","details":{"errorCode":"RedundantExport","errorMessage":"The state of the user in both the source and target systems already match."}}',
        value: JSON.stringify({ action: 'Other', changeId: 'c1', provisioningSteps: [{ name: 'EntryImport', type: 'Import', status: 'Success', description: 'd', details: { objectId: 'x' } }], modifiedProperties: [] }),
      });
      assert.equal(sample.result, 'Skipped');
      assert.equal(sample.errorCode, 'RedundantExport');
      assert.equal(sample.details?.steps[0]?.details.objectId, 'x');
      assert.equal(parseOnDemandResponse({ key: '{"result":"Success","details":{}}', value: '{}' }).details, null);
      assert.throws(() => parseOnDemandResponse({ key: 'not json', value: '{}' }), /"key" is not a JSON object string/);
    });
  });

  describe('start, cycle, status and logs', () => {
    it('start runs a cycle: Active with last execution counts and log records', async () => {
      await sync.start(SP, job.id);
      await sandbox.graph.synchronization.idle();
      const current = await sync.getJob(SP, job.id);
      assert.equal(current.status.code, 'Active', JSON.stringify(current.status.lastExecution));
      assert.equal(current.schedule.state, 'Active');
      assert.equal(current.schedule.interval, 'PT40M');
      const run = current.status.lastExecution!;
      assert.ok(['Succeeded', 'EntryLevelErrors'].includes(run.state));
      assert.ok((run.countImported ?? 0) > 0);
      assert.ok((run.countExported ?? 0) > 0, 'the cycle created users in Zendesk');
      assert.notEqual(current.status.steadyStateLastAchievedTime, '0001-01-01T00:00:00Z');
    });

    it('lists provisioning logs with filters and paging (newest first, lowercase enums)', async () => {
      const all = await sync.listProvisioningLogs({ servicePrincipalId: SP, top: 7 });
      assert.ok(all.length > 7, 'more than one page');
      assert.deepEqual(new Set(all.map((r) => r.id)).size, all.length, 'no record twice across pages');
      const times = all.map((r) => r.activityDateTime);
      assert.deepEqual([...times].sort().reverse(), times);
      const creates = await sync.listProvisioningLogs({ jobId: job.id, action: 'create', status: 'success' });
      assert.ok(creates.length > 0);
      assert.ok(creates.every((r) => r.provisioningAction === 'create' && r.provisioningStatusInfo.status === 'success'));
      const none = await sync.listProvisioningLogs({ since: new Date(Date.now() + 3600_000) });
      assert.equal(none.length, 0);
      const documented = await sync.listProvisioningLogs({ filter: `contains(tolower(servicePrincipal/id), '${SP}') or contains(tolower(servicePrincipal/displayName), '${SP}')`, max: 3 });
      assert.equal(documented.length, 3);
    });

    it('records on-demand runs in the logs too, each readable by id', async () => {
      const mine = await sync.listProvisioningLogs({ jobId: job.id, filter: `sourceIdentity/id eq '${ALEX}'` });
      assert.ok(mine.length >= 2, 'the on-demand run and the cycle');
      const one = await graph.get<{ id: string; provisioningSteps: unknown[] }>(`/auditLogs/provisioning/${mine[0]!.id}`);
      assert.equal(one.id, mine[0]!.id);
      assert.ok(one.provisioningSteps.length >= 3);
    });

    it("accepts the reference's documented filter with unquoted date literals", async () => {
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const records = await sync.listProvisioningLogs({
        filter: `(contains(tolower(servicePrincipal/id), '${SP}') or contains(tolower(servicePrincipal/displayName), '${SP}')) and activityDateTime gt ${today} and activityDateTime lt ${tomorrow}`,
      });
      assert.ok(records.length > 0);
    });

    it('pause, then restart with each reset scope, including ForceDeletes', async () => {
      await sync.pause(SP, job.id);
      assert.equal((await sync.getStatus(SP, job.id)).code, 'Paused');
      for (const scope of [['Escrows'], ['Watermark'], ['QuarantineState'], ['ForceDeletes'], ['Watermark', 'Escrows', 'QuarantineState'], ['Full'], []] as const) {
        await sync.restart(SP, job.id, [...scope]);
        await sandbox.graph.synchronization.idle();
        assert.equal((await sync.getStatus(SP, job.id)).code, 'Active', `after restart ${scope.join(', ')}`);
      }
      await assert.rejects(sync.restart(SP, job.id, ['Bogus' as never]), /unknown flag "Bogus"/);
      await assert.rejects(graph.http.request({ method: 'POST', path: `/servicePrincipals/${SP}/synchronization/jobs/${job.id}/restart`, body: { criteria: { resetScope: 'Watermark, Nope' } } }), /unknown flag 'Nope'/);
    });
  });

  describe('error paths', () => {
    it('quarantines the job when Zendesk rejects the saved credentials; assertNotQuarantined explains the fix', async () => {
      await sync.putSecrets(SP, credentials().map((c) => (c.key === 'SecretToken' ? { ...c, value: 'revoked-token' } : c)));
      await sync.restart(SP, job.id, ['QuarantineState']);
      await sandbox.graph.synchronization.idle();
      const status = await sync.getStatus(SP, job.id);
      assert.equal(status.code, 'Quarantine');
      assert.equal(status.quarantine?.reason, 'EncounteredQuarantineException');
      assert.equal(status.lastExecution?.state, 'Failed');
      await assert.rejects(sync.assertNotQuarantined(SP, job.id), (error: unknown) => {
        assert.ok(error instanceof JobQuarantinedError);
        assert.equal(error.reason, 'EncounteredQuarantineException');
        assert.match(error.message, /credentials/);
        assert.match(error.fix, /start the job/);
        assert.doesNotMatch(error.message, /revoked-token/);
        return true;
      });
      // Fixing the credentials and starting clears quarantine.
      await sync.putSecrets(SP, credentials());
      await sync.start(SP, job.id);
      await sandbox.graph.synchronization.idle();
      assert.equal((await sync.assertNotQuarantined(SP, job.id)).status.code, 'Active');
    });

    it('an injected TooManyDeletes quarantine names ForceDeletes as the fix', async () => {
      sandbox.graph.synchronization.quarantine(job.id, 'TooManyDeletes');
      await assert.rejects(sync.assertNotQuarantined(SP, job.id), (error: unknown) => error instanceof JobQuarantinedError && /ForceDeletes/.test(error.fix));
      await sync.start(SP, job.id);
      await sandbox.graph.synchronization.idle();
    });

    it('missing permission → SynchronizationPermissionError naming what to grant', async () => {
      const weak = clientWith(sandbox.graph.mintToken({ roles: ['Application.Read.All'] }));
      try {
        await assert.rejects(weak.sync.listJobs(SP), (error: unknown) => {
          assert.ok(error instanceof SynchronizationPermissionError);
          assert.equal(error.status, 403);
          assert.equal(error.code, 'Authorization_RequestDenied');
          assert.match(error.message, /Synchronization\.Read\.All/);
          return true;
        });
        await assert.rejects(weak.sync.listProvisioningLogs(), SynchronizationPermissionError);
      } finally {
        weak.graph.close();
      }
    });

    it('throttled: the sandbox answers 429 + Retry-After on the 6th on-demand call in 10 s', async () => {
      const fresh = clientWith(sandbox.graph.mintToken());
      try {
        sandbox.graph.synchronization.setRateLimit({ requests: 5, windowMs: 10_000 });
        const rule = 'zendesk.outbound';
        for (let i = 0; i < 5; i++) await fresh.sync.provisionOnDemand(SP, job.id, rule, { objectId: ALEX, objectTypeName: 'User' });
        await assert.rejects(fresh.sync.provisionOnDemand(SP, job.id, rule, { objectId: ALEX, objectTypeName: 'User' }), (error: unknown) => {
          assert.ok(error instanceof SynchronizationThrottledError);
          assert.equal(error.status, 429);
          assert.ok((error.retryAfterMs ?? 0) >= 1000 && (error.retryAfterMs ?? 0) <= 10_000, String(error.retryAfterMs));
          return true;
        });
      } finally {
        fresh.graph.close();
      }
    });

    it('the client-side limiter keeps a burst of on-demand calls under the service limit (no 429)', async () => {
      sandbox.graph.synchronization.setRateLimit({ requests: 5, windowMs: 1000 });
      const g = new GraphClient({ credential: staticTokenCredential(sandbox.graph.mintToken()), baseUrl: sandbox.graph.graphBaseUrl, ca: sandbox.graph.ca, retry: { maxRetries: 0 } });
      // The same 5-per-window rule, on a 1 s window so the test is quick.
      const limited = new SynchronizationClient(g, { onDemandLimiter: new SlidingWindowLimiter(5, 1000) });
      try {
        const started = Date.now();
        const outcomes = await Promise.all(Array.from({ length: 7 }, () => limited.provisionOnDemand(SP, job.id, 'zendesk.outbound', { objectId: ALEX, objectTypeName: 'User' })));
        assert.equal(outcomes.length, 7);
        assert.ok(outcomes.every((o) => o.result !== 'Failure'));
        assert.ok(Date.now() - started >= 1000, 'the 6th call waited for the window');
        assert.equal(g.stats.rateLimited, 0, 'no 429 was drawn');
      } finally {
        g.close();
        sandbox.graph.synchronization.setRateLimit('off');
      }
    });

    it('delegated read-only scope reads jobs but may not start them', async () => {
      const reader = clientWith(sandbox.graph.mintToken({ scp: 'Synchronization.Read.All' }));
      try {
        assert.equal((await reader.sync.listJobs(SP)).length, 1);
        await assert.rejects(reader.sync.start(SP, job.id), (error: unknown) => error instanceof SynchronizationPermissionError && /Synchronization\.ReadWrite\.All/.test(error.message));
        await assert.rejects(reader.sync.parseExpression(SP, job.id, { expression: '[mail]' }), SynchronizationPermissionError);
      } finally {
        reader.graph.close();
      }
    });

    it('bad log queries say what is supported', async () => {
      await assert.rejects(sync.listProvisioningLogs({ filter: "userPrincipalName eq 'x'" }), /'userPrincipalName' cannot be filtered on/);
      await assert.rejects(sync.listProvisioningLogs({ top: 5000 }), /Invalid \$top '5000'/);
    });

    it('throttled: provisioning logs allow 5 requests per 10 s', async () => {
      const fresh = clientWith(sandbox.graph.mintToken());
      try {
        sandbox.graph.synchronization.setRateLimit({ requests: 5, windowMs: 10_000 });
        for (let i = 0; i < 5; i++) await fresh.sync.listProvisioningLogs({ max: 1, top: 1 });
        await assert.rejects(fresh.sync.listProvisioningLogs({ max: 1, top: 1 }), SynchronizationThrottledError);
      } finally {
        fresh.graph.close();
      }
    });
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets 5 calls through at once and holds the 6th until the window slides', async () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(5, 10_000, () => now);
    for (let i = 0; i < 5; i++) (await limiter.acquire())();
    let sixth = false;
    const pending = limiter.acquire().then(() => (sixth = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sixth, false);
    now = 10_001;
    await pending;
    assert.equal(sixth, true);
  });

  it('a call still running keeps its slot past the window (the service counts it from its arrival)', async () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(1, 1_000, () => now);
    const release = await limiter.acquire();
    let second = false;
    const pending = limiter.acquire().then(() => (second = true));
    now = 5_000;
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(second, false, 'the slot of the running call has not expired');
    release();
    now = 6_001;
    await pending;
    assert.equal(second, true);
  });

  it('a cancelled wait rejects and does not block later callers', async () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(1, 10_000, () => now);
    (await limiter.acquire())();
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    controller.abort();
    await assert.rejects(cancelled);
    now = 20_000;
    await limiter.acquire();
  });
});

function rawPost(sandbox: LocalSandbox, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, sandbox.graph.url);
    const request = https.request(
      url,
      { method: 'POST', ca: sandbox.graph.ca, headers: { Authorization: `Bearer ${sandbox.graph.mintToken()}`, 'Content-Type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
