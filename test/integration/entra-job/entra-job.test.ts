/**
 * The Entra provisioning job facade (`EntraProvisioningJob`) against both sandboxes in process: locate/create the job,
 * plan and push (schema diff, secrets policy, job settings), import, validate credentials, provision on demand,
 * compare an expression with the service, start/pause/restart, status explained and logs. Error paths: no job yet,
 * missing permission (403), quarantine explained with its fix, throttled (429 + Retry-After).
 */
import * as assert from 'node:assert/strict';
import { staticTokenCredential } from '../../../src/auth';
import {
  EntraJobNotFoundError,
  EntraProvisioningJob,
  EntraUserNotFoundError,
  GraphClient,
  SlidingWindowLimiter,
  SynchronizationClient,
  SynchronizationPermissionError,
  SynchronizationThrottledError,
} from '../../../src/clients/graph';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { loadConfig, type EntraZendeskConfig } from '../../../src/core/config';
import { CredentialInputError } from '../../../src/core/sync-schema';
import { DEMO_ZENDESK_SERVICE_PRINCIPAL_ID } from '../../../src/sandbox/graph';

const SP = DEMO_ZENDESK_SERVICE_PRINCIPAL_ID;
const ALEX = 'd520ee9d-40f0-4d6e-a0e4-91e491307d58';
const ALEX_UPN = 'alex.wilber@contoso.example';
const ALIAS_EXPRESSION = 'Join(" ", [givenName], [surname])';

describe('EntraProvisioningJob (facade ⇄ Graph sandbox ⇄ engine ⇄ Zendesk sandbox)', function () {
  this.timeout(60_000);
  let sandbox: LocalSandbox;
  let graph: GraphClient;
  let sync: SynchronizationClient;
  let config: EntraZendeskConfig;
  let job: EntraProvisioningJob;
  const clients: GraphClient[] = [];

  /** No retries and no client-side waits, so 403 / 429 surface at once. */
  const clientWith = (token: string, limit = 1000): { graph: GraphClient; sync: SynchronizationClient } => {
    const g = new GraphClient({ credential: staticTokenCredential(token), baseUrl: sandbox.graph.graphBaseUrl, ca: sandbox.graph.ca, retry: { maxRetries: 0 } });
    clients.push(g);
    return { graph: g, sync: new SynchronizationClient(g, { onDemandLimiter: new SlidingWindowLimiter(limit, 10_000), logsLimiter: new SlidingWindowLimiter(limit, 10_000) }) };
  };
  const credentials = () => ({ adminEmail: sandbox.zendesk.adminEmail, apiToken: sandbox.zendesk.apiToken, subdomain: sandbox.zendesk.subdomain });

  /** The sandbox configuration plus one mapping the template doesn't have and a lower deletion threshold. */
  const changedConfig = (): EntraZendeskConfig => ({
    ...config,
    userMapping: { ...config.userMapping, attributeMappings: [...config.userMapping.attributeMappings, { type: 'Expression', source: ALIAS_EXPRESSION, target: 'alias', apply: 'Always' }] },
    accidentalDeletion: { ...config.accidentalDeletion, threshold: 50 },
  });

  before(async () => {
    sandbox = await startLocalSandbox({ zendeskTimeScale: 20 });
    sandbox.graph.synchronization.setRateLimit('off');
    ({ graph, sync } = clientWith(sandbox.graph.mintToken()));
    config = loadConfig(sandbox.configText(), 'sandbox config').config;
  });
  after(async () => {
    for (const c of clients) c.close();
    await sandbox?.close();
  });

  describe('locate', () => {
    it('without a job, says to push the configuration first', async () => {
      await assert.rejects(EntraProvisioningJob.locate(graph, sync, config.entra), (error: unknown) => {
        assert.ok(error instanceof EntraJobNotFoundError);
        assert.match(error.message, /has no provisioning job yet/);
        assert.match(error.message, /entra-zendesk job push/);
        return true;
      });
    });

    it('creates the job from the zendesk template when asked, then finds the same one (by id, appId or name)', async () => {
      job = await EntraProvisioningJob.locate(graph, sync, config.entra, { createIfMissing: true });
      assert.equal(job.created, true);
      assert.equal(job.target.templateId, 'zendesk');
      assert.equal(job.target.servicePrincipalId, SP);
      assert.equal(job.target.servicePrincipalName, 'Zendesk');
      const again = await EntraProvisioningJob.locate(graph, sync, config.entra);
      assert.equal(again.created, false);
      assert.equal(again.target.jobId, job.target.jobId);
      const byApp = await EntraProvisioningJob.locate(graph, sync, { tenantId: config.entra.tenantId, appId: job.target.appId, auth: config.entra.auth });
      assert.equal(byApp.target.jobId, job.target.jobId);
      const byName = await EntraProvisioningJob.locate(graph, sync, { tenantId: config.entra.tenantId, displayName: 'Zendesk', auth: config.entra.auth });
      assert.equal(byName.target.jobId, job.target.jobId);
    });

    it('a new job is explained as not configured', async () => {
      const overview = await job.overview();
      assert.equal(overview.code, 'NotConfigured');
      assert.match(overview.summary, /no Zendesk credentials yet/);
      assert.equal(overview.lastExecution, null);
      assert.equal(overview.steadyStateLastAchieved, null, '0001-01-01 means never');
      assert.equal(overview.quarantine, undefined);
    });
  });

  describe('plan and push', () => {
    it('plans the diff against the job\'s schema and writes nothing', async () => {
      const before = await sync.getSchema(SP, job.target.jobId);
      const plan = await job.planPush(changedConfig());
      assert.ok(plan.changes.some((c) => c.kind === 'added' && /alias/.test(c.where)), plan.diffText);
      assert.match(plan.diffText, /\+ .*attribute → alias: mapping added: Join\(" ", \[givenName\], \[surname\]\) → alias/);
      assert.deepEqual(plan.credentialKeys, ['UserName', 'SecretToken', 'Domain']);
      assert.deepEqual(plan.jobSettings, [{ name: 'QuarantineTooManyDeletesThreshold', value: '50' }]);
      assert.deepEqual(await sync.getSchema(SP, job.target.jobId), before);
    });

    it('without credentials on a job that has none: schema + settings secrets only, and says credentials are still needed', async () => {
      const plan = await job.planPush(changedConfig());
      const result = await job.push(plan, changedConfig());
      assert.equal(result.schemaChanged, true);
      assert.deepEqual([...result.secretsWritten].sort(), ['SkipOutOfScopeDeletions', 'SyncAll', 'SyncNotificationSettings']);
      assert.equal(result.secretsSkipped, undefined);
      assert.ok(result.notes?.some((n) => /cannot run until a push with the Zendesk admin's API token/.test(n)), JSON.stringify(result.notes));
      // The sandbox has no job-settings write: the push goes on and says the threshold travels in SyncNotificationSettings.
      assert.deepEqual(result.jobSettingsWritten, []);
      assert.ok(result.notes?.some((n) => /SyncNotificationSettings/.test(n)));
      const schema = await sync.getSchema(SP, job.target.jobId);
      assert.match(JSON.stringify(schema), /"targetAttributeName":"alias"/);
    });

    it('a push with no changes leaves the schema alone', async () => {
      const plan = await job.planPush(changedConfig());
      assert.deepEqual(plan.changes, []);
      assert.match(plan.diffText, /^No changes/);
      const result = await job.push(plan, changedConfig(), { credentials: credentials() });
      assert.equal(result.schemaChanged, false);
    });

    it('with credentials: every key written, no secret value in the result', async () => {
      const plan = await job.planPush(changedConfig());
      const result = await job.push(plan, changedConfig(), { credentials: credentials() });
      assert.deepEqual([...result.secretsWritten].sort(), ['Domain', 'SecretToken', 'SkipOutOfScopeDeletions', 'SyncAll', 'SyncNotificationSettings', 'UserName']);
      assert.doesNotMatch(JSON.stringify(result), new RegExp(sandbox.zendesk.apiToken));
      assert.equal((await job.overview()).code, 'NotRun');
    });

    it('without credentials once the job has saved ones (unreadable): secrets are skipped, not erased', async () => {
      const plan = await job.planPush(config);
      const result = await job.push(plan, config);
      assert.equal(result.schemaChanged, true, 'the alias mapping is removed again');
      assert.deepEqual(result.secretsWritten, []);
      assert.ok(result.secretsSkipped);
      assert.ok(result.secretsSkipped.keys.includes('SyncAll') && result.secretsSkipped.keys.includes('SecretToken'));
      assert.match(result.secretsSkipped.reason, /would erase its saved Zendesk credentials/);
      // The saved credentials still work.
      assert.deepEqual(await job.validateCredentials(), { ok: true });
    });

    it('refuses a stale plan (the schema changed meanwhile) and writes nothing', async () => {
      const plan = await job.planPush(changedConfig());
      await sync.putSchema(SP, job.target.jobId, { ...(await sync.getSchema(SP, job.target.jobId)), synchronizationRules: (await sync.getSchema(SP, job.target.jobId)).synchronizationRules.map((r) => ({ ...r, name: 'EDITED' })) });
      await assert.rejects(job.push(plan, changedConfig(), { credentials: credentials() }), /changed since this push was planned/);
      // Back in line for the rest of the suite.
      const fresh = await job.planPush(changedConfig());
      await job.push(fresh, changedConfig(), { credentials: credentials() });
    });

    it('bad credential input is refused before anything is written, naming the field', async () => {
      const plan = await job.planPush(config);
      await assert.rejects(job.push(plan, config, { credentials: { ...credentials(), subdomain: `https://${sandbox.zendesk.subdomain}.zendesk.com` } }), CredentialInputError);
      assert.match(JSON.stringify(await sync.getSchema(SP, job.target.jobId)), /"targetAttributeName":"alias"/, 'the schema was not pushed');
    });
  });

  describe('credentials, import, on demand, expressions', () => {
    it('validateCredentials: ok for the sandbox admin, refused with message and fix for a wrong token (never echoed)', async () => {
      assert.deepEqual(await job.validateCredentials(credentials()), { ok: true });
      const check = await job.validateCredentials({ ...credentials(), apiToken: 'wrong-token-1234' });
      assert.equal(check.ok, false);
      assert.ok(!check.ok);
      assert.match(check.message, /Credential validation failed/);
      assert.match(check.fix, /API token/);
      assert.doesNotMatch(JSON.stringify(check), /wrong-token-1234/);
    });

    it('imports the job into a new configuration file and into an existing one', async () => {
      const fresh = await job.importConfig({ tenantId: config.entra.tenantId, identity: { subdomain: config.zendesk.subdomain, adminEmail: config.zendesk.adminEmail } });
      const loaded = loadConfig(fresh.text, 'imported').config;
      assert.equal(loaded.entra.servicePrincipalId, SP);
      assert.ok(loaded.userMapping.attributeMappings.some((m) => m.target === 'alias' && m.source === ALIAS_EXPRESSION));
      const updated = await job.importConfig({ existingText: sandbox.configText() });
      const reloaded = loadConfig(updated.text, 'updated').config;
      assert.equal(reloaded.endpoints.graphBaseUrl, config.endpoints.graphBaseUrl, 'the existing file keeps its endpoints');
      assert.ok(reloaded.userMapping.attributeMappings.some((m) => m.target === 'alias'));
      // Without the secrets (unreadable) or an identity, a new file cannot name the Zendesk account.
      await assert.rejects(job.importConfig({ tenantId: config.entra.tenantId }), /Zendesk subdomain is not known/);
    });

    it('provisions one user on demand by UPN, with the service\'s steps; an unknown user is a clear error', async () => {
      const outcome = await job.provisionOnDemand(ALEX_UPN);
      assert.equal(outcome.result, 'Success', JSON.stringify(outcome));
      assert.deepEqual(outcome.details?.steps.map((s) => s.type), ['Import', 'Scoping', 'Matching', 'Export']);
      await assert.rejects(job.provisionOnDemand('nobody@contoso.example'), EntraUserNotFoundError);
    });

    it('compares an expression with the service on the user\'s attributes', async () => {
      const same = await job.compareExpression(ALIAS_EXPRESSION, ALEX_UPN);
      assert.deepEqual(same.input, { givenName: 'Alex', surname: 'Wilber' });
      assert.deepEqual(same.ours, { ok: true, value: 'Alex Wilber', values: ['Alex Wilber'] });
      assert.deepEqual(same.entra.evaluationResult, ['Alex Wilber']);
      assert.equal(same.agree, true);
      assert.equal(same.verdict, 'Both give "Alex Wilber".');

      const roles = await job.compareExpression('SingleAppRoleAssignment([appRoleAssignments])', ALEX);
      assert.ok(Array.isArray(roles.input.appRoleAssignments), JSON.stringify(roles.input));
      assert.equal(roles.agree, true, roles.verdict);

      // A user assigned only through a group: the group's role counts, as in the engine and the service.
      const directory = sandbox.graph.directory;
      const assignments = directory.assignmentsTo(SP);
      const direct = new Set(assignments.filter((a) => a.principalType === 'User').map((a) => a.principalId));
      const appRoles = await graph.getAppRoles(SP);
      const viaGroup = assignments
        .filter((a) => a.principalType === 'Group' && appRoles.some((r) => r.id === a.appRoleId))
        .flatMap((a) => directory.directMembers(a.principalId).filter((m) => directory.kindOf(m) === 'user' && !direct.has(m)).map((member) => ({ member, a })))
        .find(({ member }) => assignments.filter((x) => x.principalType === 'Group' && directory.directMembers(x.principalId).includes(member)).length === 1);
      assert.ok(viaGroup, 'the demo seed has a user assigned through exactly one group');
      const grouped = await job.compareExpression('SingleAppRoleAssignment([appRoleAssignments])', viaGroup.member);
      assert.deepEqual(grouped.input.appRoleAssignments, [appRoles.find((r) => r.id === viaGroup.a.appRoleId)!.displayName]);
      assert.equal(grouped.agree, true, grouped.verdict);

      const broken = await job.compareExpression('Join(",", [mail]', ALEX);
      assert.equal(broken.ours.ok, false);
      assert.ok(!broken.ours.ok && /line 1, column \d+/.test(broken.ours.error), JSON.stringify(broken.ours));
      assert.equal(broken.entra.parsingSucceeded, false);
      assert.equal(broken.agree, true);
      assert.match(broken.verdict, /^Both reject the expression/);

      await assert.rejects(job.compareExpression('[mail]', 'nobody@contoso.example'), EntraUserNotFoundError);
    });
  });

  describe('run control, status and logs', () => {
    it('start runs a cycle: Active explained, last cycle counts, logs of this job', async () => {
      await job.start();
      await sandbox.graph.synchronization.idle();
      const overview = await job.overview();
      assert.equal(overview.code, 'Active', overview.summary);
      assert.match(overview.summary, /^Active: a cycle runs every 40 minutes; the last cycle \(ended .+\) (succeeded|finished with errors)/);
      assert.ok(overview.lastExecution && overview.lastExecution.imported > 0 && overview.lastExecution.exported > 0, JSON.stringify(overview.lastExecution));
      assert.ok(overview.steadyStateLastAchieved);
      const logs = await job.recentLogs({ max: 5 });
      assert.equal(logs.length, 5);
      assert.ok(logs.every((r) => r.jobId === job.target.jobId));
      const creates = await job.recentLogs({ action: 'create', status: 'success', max: 3 });
      assert.ok(creates.length > 0 && creates.every((r) => r.provisioningAction === 'create'));
    });

    it('pause, then restart with reset flags', async () => {
      await job.pause();
      const paused = await job.overview();
      assert.equal(paused.code, 'Paused');
      assert.match(paused.summary, /no cycles run until you start the job/);
      await job.restart(['Watermark', 'Escrows']);
      await sandbox.graph.synchronization.idle();
      assert.equal((await job.overview()).code, 'Active');
      await assert.rejects(job.restart(['Bogus' as never]), /unknown flag "Bogus"/);
    });

    it('quarantine is explained with its meaning and fix; an unknown reason is said to be unknown', async () => {
      sandbox.graph.synchronization.quarantine(job.target.jobId, 'TooManyDeletes');
      const overview = await job.overview();
      assert.equal(overview.code, 'Quarantine');
      assert.equal(overview.quarantine?.reason, 'TooManyDeletes');
      assert.match(overview.quarantine!.meaning, /accidental-deletion threshold/);
      assert.match(overview.quarantine!.fix, /ForceDeletes/);
      assert.match(overview.summary, /^In quarantine \(TooManyDeletes\): .*Fix: .*ForceDeletes/);
      sandbox.graph.synchronization.quarantine(job.target.jobId, 'SomethingNew');
      const unknown = await job.overview();
      assert.match(unknown.quarantine!.meaning, /"SomethingNew", which this tool does not know/);
      await job.start();
      await sandbox.graph.synchronization.idle();
      assert.equal((await job.overview()).code, 'Active');
    });
  });

  describe('error paths', () => {
    it('missing permission: locate fails with the permission to grant', async () => {
      const weak = clientWith(sandbox.graph.mintToken({ roles: ['Application.Read.All'] }));
      await assert.rejects(EntraProvisioningJob.locate(weak.graph, weak.sync, config.entra), (error: unknown) => {
        assert.ok(error instanceof SynchronizationPermissionError);
        assert.equal(error.status, 403);
        assert.equal(error.requiredPermission, 'Synchronization.Read.All');
        return true;
      });
    });

    it('throttled: the 6th on-demand call in 10 s fails with the Retry-After', async () => {
      const fresh = clientWith(sandbox.graph.mintToken());
      const throttled = await EntraProvisioningJob.locate(fresh.graph, fresh.sync, config.entra);
      sandbox.graph.synchronization.setRateLimit({ requests: 5, windowMs: 10_000 });
      try {
        for (let i = 0; i < 5; i++) await throttled.provisionOnDemand(ALEX);
        await assert.rejects(throttled.provisionOnDemand(ALEX), (error: unknown) => {
          assert.ok(error instanceof SynchronizationThrottledError);
          assert.equal(error.status, 429);
          assert.ok((error.retryAfterMs ?? 0) >= 1000 && (error.retryAfterMs ?? 0) <= 10_000, String(error.retryAfterMs));
          assert.match(error.message, /try again in \d+ s/);
          return true;
        });
      } finally {
        sandbox.graph.synchronization.setRateLimit('off');
      }
    });
  });
});
