/**
 * `entra-zendesk job <verb>` through the built CLI bundle (as users run it), against both emulators started in this
 * process: every verb's happy path, exit codes, and the error paths (no job yet, missing permission, quarantine,
 * throttled, unknown reset flag, import refusing to overwrite, push with no changes). The Graph app's secret and the
 * Zendesk API token must never appear in any output.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { staticTokenCredential } from '../../../src/auth';
import { GraphClient, SynchronizationClient } from '../../../src/clients/graph';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { loadConfig } from '../../../src/core/config';
import { DEMO_ZENDESK_SERVICE_PRINCIPAL_ID } from '../../../src/sandbox/graph';
import { type CliRun, removeCliBundle, runCliAsync } from '../cli/run-cli';

const CANARY = 'canary~JobSecret-9d1e4c2b7a';
const SP = DEMO_ZENDESK_SERVICE_PRINCIPAL_ID;
const ALEX_UPN = 'alex.wilber@contoso.example';

describe('entra-zendesk job … on the sandbox', function () {
  this.timeout(90_000);
  let sandbox: LocalSandbox;
  let dir: string;
  let configPath: string;
  let graph: GraphClient;
  let sync: SynchronizationClient;
  const outputs: string[] = [];

  async function run(args: ReadonlyArray<string>, extraEnv: Record<string, string | undefined> = {}, config = configPath, on = sandbox): Promise<CliRun> {
    const result = await runCliAsync(['job', ...args, '--config', config], { ...on.env, ...extraEnv }, dir);
    outputs.push(result.stdout, result.stderr);
    return result;
  }
  const jobId = async (): Promise<string> => (await sync.listJobs(SP))[0]!.id;

  before(async () => {
    sandbox = await startLocalSandbox({ graphClientSecret: CANARY, zendeskTimeScale: 20 });
    sandbox.graph.synchronization.setRateLimit('off');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-job-cli-'));
    configPath = path.join(dir, 'entra-zendesk.json');
    fs.writeFileSync(configPath, sandbox.configText());
    graph = new GraphClient({ credential: staticTokenCredential(sandbox.graph.mintToken()), baseUrl: sandbox.graph.graphBaseUrl, ca: sandbox.graph.ca, retry: { maxRetries: 0 } });
    sync = new SynchronizationClient(graph);
  });
  after(async () => {
    graph?.close();
    await sandbox?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeCliBundle();
    for (const text of outputs) {
      assert.doesNotMatch(text, new RegExp(CANARY.replace(/[~]/g, '\\~')), 'the Graph secret never appears');
      if (sandbox) assert.ok(!text.includes(sandbox.env.ZENDESK_API_TOKEN), 'the Zendesk API token never appears');
    }
  });

  it('status before any job: exit 1, says to push first', async () => {
    const result = await run(['status']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^entra-zendesk job status: .*has no provisioning job yet.*entra-zendesk job push/);
  });

  it('push without --yes on a non-terminal refuses (exit 2); push --yes creates the job and writes everything', async () => {
    const refused = await run(['push']);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /--dry-run, then pass --yes/);
    const result = await run(['push', '--yes']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Schema changes for job zendesk\./);
    assert.match(result.stdout, /Secrets written: .*UserName, SecretToken, Domain/);
    assert.match(result.stderr, /API token only \(no OAuth\).*2027-04-30/);
    assert.equal((await sync.getJob(SP, await jobId())).status.code, 'NotRun');
  });

  it('push with no changes: schemaChanged false (--json); without ZENDESK_API_TOKEN the secrets are kept, exit 1', async () => {
    const result = await run(['push', '--yes', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const body = JSON.parse(result.stdout) as { schemaChanged: boolean; changes: number; secretsWritten: string[] };
    assert.equal(body.schemaChanged, false);
    assert.equal(body.changes, 0);
    assert.ok(body.secretsWritten.includes('SecretToken'));
    // Without the API token the saved credentials can't be kept (unreadable), so no secret is written: exit 1, saying why.
    const noToken = await run(['push', '--yes'], { ZENDESK_API_TOKEN: undefined });
    assert.equal(noToken.status, 1, noToken.stderr);
    assert.match(noToken.stdout, /No secrets written\./);
    assert.match(noToken.stderr, /Not written: SyncNotificationSettings, SyncAll, SkipOutOfScopeDeletions, UserName, SecretToken, Domain\. .*would erase its saved Zendesk credentials/);
    assert.equal((await sync.getJob(SP, await jobId())).status.code, 'NotRun', 'the job keeps its credentials');
  });

  it('push --dry-run prints the diff of an edited configuration and writes nothing', async () => {
    const edited = path.join(dir, 'edited.json');
    const text = sandbox.configText();
    const config = loadConfig(text, 'x').config;
    const document = JSON.parse(text) as Record<string, unknown>;
    document.userMapping = { ...config.userMapping, attributeMappings: [...config.userMapping.attributeMappings, { type: 'Expression', source: 'Join(" ", [givenName], [surname])', target: 'alias', apply: 'Always' }] };
    fs.writeFileSync(edited, JSON.stringify(document, null, 2));
    const before = await sync.getSchema(SP, await jobId());
    const result = await run(['push', '--dry-run'], {}, edited);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\+ .*attribute → alias: mapping added/);
    assert.deepEqual(await sync.getSchema(SP, await jobId()), before);
  });

  it('validate-credentials: a wrong ZENDESK_API_TOKEN is refused with the fix (exit 1); the saved ones pass (exit 0)', async () => {
    const wrong = await run(['validate-credentials'], { ZENDESK_API_TOKEN: 'wrong-token-abcdef' });
    assert.equal(wrong.status, 1, wrong.stderr);
    assert.match(wrong.stdout, /Credentials refused/);
    assert.match(wrong.stdout, /Fix: .*API token/);
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /wrong-token-abcdef/);
    const saved = await run(['validate-credentials', '--json'], { ZENDESK_API_TOKEN: undefined });
    assert.equal(saved.status, 0, saved.stderr);
    assert.deepEqual(JSON.parse(saved.stdout), { tested: 'saved', ok: true });
  });

  it('provision <upn>: the service\'s steps as a table', async () => {
    const result = await run(['provision', ALEX_UPN]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Provision on demand via Entra: alex\.wilber@contoso\.example → Success/);
    assert.match(result.stdout, /#\s+Step\s+Type\s+Status\s+Description/);
    assert.match(result.stdout, /EntryImport\s+Import\s+Success/);
    const missing = await run(['provision', 'nobody@contoso.example']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /No Entra user .*nobody@contoso\.example/);
  });

  it('start, then status --logs: Active explained, cycle counts and recent logs', async () => {
    const started = await run(['start']);
    assert.equal(started.status, 0, started.stderr);
    assert.match(started.stdout, /Started job zendesk\./);
    await sandbox.graph.synchronization.idle();
    const status = await run(['status', '--logs', '3']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /State: Active\. Active: a cycle runs every 40 minutes/);
    assert.match(status.stdout, /Cycle\s+State\s+Began\s+Ended\s+Imported\s+Exported/);
    assert.match(status.stdout, /Recent provisioning logs \(3\):/);
    assert.match(status.stdout, /Time\s+Action\s+Status\s+Source\s+Target\s+Steps\s+Error/);
  });

  it('logs with filters (--json), and a bad filter is exit 2', async () => {
    const result = await run(['logs', '--action', 'create', '--status', 'success', '--since', '1h', '--max', '2', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const records = JSON.parse(result.stdout) as Array<{ provisioningAction: string; provisioningStatusInfo: { status: string } }>;
    assert.ok(records.length > 0 && records.length <= 2);
    assert.ok(records.every((r) => r.provisioningAction === 'create' && r.provisioningStatusInfo.status === 'success'));
    const bad = await run(['logs', '--status', 'bogus']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Allowed choices are success, failure, skipped, warning/);
  });

  it('restart: --help explains every flag; an unknown flag is exit 2 naming the valid ones; valid flags restart', async () => {
    const help = await run(['restart', '--help']);
    assert.equal(help.status, 0);
    for (const flag of ['Watermark', 'Escrows', 'QuarantineState', 'ForceDeletes', 'ConnectorDataStore', 'Full']) assert.match(help.stdout, new RegExp(`\\n  ${flag} +\\S`));
    assert.match(help.stdout, /ForceDeletes +Allow deletes: /);
    const unknown = await run(['restart', '--reset', 'Watermark,Bogus']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown reset flag "Bogus"\. Valid flags: ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes/);
    const ok = await run(['restart', '--reset', 'watermark,Escrows']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Restarted job .* resetting Watermark, Escrows\./);
    await sandbox.graph.synchronization.idle();
  });

  it('pause (Graph-only: needs no Zendesk secret in the environment)', async () => {
    const result = await run(['pause', '--json'], { ZENDESK_OAUTH_CLIENT_SECRET: undefined, ZENDESK_API_TOKEN: undefined });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).code, 'Paused');
  });

  it('status of a quarantined job: exit 1 with the reason explained and the fix', async () => {
    sandbox.graph.synchronization.quarantine(await jobId(), 'EncounteredQuarantineException', { code: 'ZendeskUnauthorized', message: 'Zendesk answered 401.', tenantActionable: true });
    const result = await run(['status']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /State: Quarantine\. In quarantine \(EncounteredQuarantineException\)/);
    assert.match(result.stdout, /Meaning: the service could not work with Zendesk at all/);
    assert.match(result.stdout, /Fix: Fix the credentials/);
    assert.match(result.stdout, /Service error: ZendeskUnauthorized: Zendesk answered 401\./);
    await sync.start(SP, await jobId());
    await sandbox.graph.synchronization.idle();
  });

  it('import: refuses to overwrite without --force (exit 2), writes a new file, updates in place with --force', async () => {
    const refused = await run(['import']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /exists: pass --force/);
    const out = path.join(dir, 'imported', 'new.json');
    const fresh = await run(['import', '--out', out]);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.match(fresh.stdout, /^Wrote .*new\.json from job zendesk\./);
    const loaded = loadConfig(fs.readFileSync(out, 'utf8'), out).config;
    assert.equal(loaded.entra.servicePrincipalId, SP);
    assert.equal(loaded.zendesk.subdomain, sandbox.zendesk.subdomain);
    const copy = path.join(dir, 'copy.json');
    fs.writeFileSync(copy, `// my notes\n${sandbox.configText()}`);
    const forced = await run(['import', '--out', copy, '--force', '--json']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(JSON.parse(forced.stdout).updated, true);
    assert.match(fs.readFileSync(copy, 'utf8'), /^\/\/ my notes/);
  });

  it('compare-expression: agreement is exit 0 with the verdict', async () => {
    const result = await run(['compare-expression', 'Join(" ", [givenName], [surname])', '--user', ALEX_UPN]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /givenName\s+"Alex"/);
    assert.match(result.stdout, /Verdict: +Both give "Alex Wilber"\./);
  });

  it('throttled: exit 1 saying so with the Retry-After', async () => {
    sandbox.graph.faults.update({ rate429: 1, retryAfterSeconds: 3600 });
    try {
      const result = await run(['status']);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /throttled by Microsoft Graph \(429\): Retry-After 3600 s/);
    } finally {
      sandbox.graph.faults.update({ rate429: 0, retryAfterSeconds: 1 });
    }
  });

  it('missing permission: exit 1 naming the permission to grant', async () => {
    const weak = await startLocalSandbox({ graphAppPermissions: ['Application.Read.All', 'User.Read.All'] });
    try {
      const weakConfig = path.join(dir, 'weak.json');
      fs.writeFileSync(weakConfig, weak.configText());
      const result = await run(['status'], {}, weakConfig, weak);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /permission missing: this call needs Synchronization\.Read\.All\. .*Grant Synchronization\.Read\.All/);
    } finally {
      await weak.close();
    }
  });
});
