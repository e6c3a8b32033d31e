/**
 * The engine commands through the built CLI bundle (as users run them), against both emulators started in this
 * process on random ports: `sandbox`, `test-connection`, `plan`, `provision`, `sync`, `logs`, `demo`. The Graph app's
 * secret is a canary that must never appear in any output, error text, state or log.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { type CliRun, cliBundle, removeCliBundle, runCliAsync } from '../cli/run-cli';

const CANARY = 'canary~Secret-3b1f9e7d5c';
const AGENT_EMAIL = 'carlos.ruiz@contoso.example';

type Run = CliRun;
const cli = runCliAsync;

describe('engine CLI on the sandbox', function () {
  this.timeout(120_000);
  let sandbox: LocalSandbox;
  let dir: string;
  let configPath: string;
  const outputs: string[] = [];
  const env = (): Record<string, string> => ({ ...sandbox.env });

  async function run(args: ReadonlyArray<string>, extraEnv: Record<string, string | undefined> = {}, config = configPath): Promise<Run> {
    const result = await cli([...args, '--config', config], { ...env(), ...extraEnv }, dir);
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  before(async () => {
    sandbox = await startLocalSandbox({ graphClientSecret: CANARY, zendeskTimeScale: 10 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-engine-cli-'));
    configPath = path.join(dir, 'entra-zendesk.json');
    fs.writeFileSync(configPath, sandbox.configText());
  });
  after(async () => {
    await sandbox?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeCliBundle();
  });

  describe('test-connection', () => {
    beforeEach(() => sandbox.zendesk.reset());

    it('passes every check on the sandbox (exit 0) and prints a table', async () => {
      const result = await run(['test-connection']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /Zendesk +Admin role +ok/);
      assert.match(result.stdout, /Entra +Graph permissions +ok/);
      assert.match(result.stdout, /Connection OK\./);
    });

    it('reports token access off with its fix (exit 1, --json)', async () => {
      sandbox.zendesk.setAccount({ api_token_access: false });
      const apiTokenConfig = path.join(dir, 'api-token.json');
      fs.writeFileSync(apiTokenConfig, sandbox.configText().replace(/"mode": "oauth"[^}]*/, '"mode": "apiToken"'));
      const result = await run(['test-connection', '--json'], {}, apiTokenConfig);
      assert.equal(result.status, 1);
      const report = JSON.parse(result.stdout) as { ok: boolean; checks: Array<{ check: string; status: string; fix?: string; detail: string }> };
      assert.equal(report.ok, false);
      const access = report.checks.find((c) => c.check === 'API token access')!;
      assert.equal(access.status, 'fail');
      assert.match(access.fix!, /Allow API token access/);
      assert.equal(report.checks.find((c) => c.check === 'API token retirement')!.status, 'warning');
    });

    it('reports a user who is not an admin', async () => {
      const agentConfig = path.join(dir, 'agent.json');
      fs.writeFileSync(agentConfig, sandbox.configText().replace(/"mode": "oauth"[^}]*/, '"mode": "apiToken"').replace(/"adminEmail": "[^"]+"/, `"adminEmail": "${AGENT_EMAIL}"`));
      const result = await run(['test-connection', '--json'], {}, agentConfig);
      assert.equal(result.status, 1);
      const admin = (JSON.parse(result.stdout) as { checks: Array<{ check: string; status: string; detail: string }> }).checks.find((c) => c.check === 'Admin role')!;
      assert.equal(admin.status, 'fail');
      assert.match(admin.detail, /not an admin/);
    });

    it('warns (exit 0) when bulk user imports are disabled, and shows the plan', async () => {
      sandbox.zendesk.setAccount({ bulk_import_enabled: false, plan: 'professional' });
      const result = await run(['test-connection', '--json']);
      assert.equal(result.status, 0, result.stdout);
      const checks = (JSON.parse(result.stdout) as { checks: Array<{ check: string; status: string; detail: string }> }).checks;
      assert.equal(checks.find((c) => c.check === 'Bulk user import')!.status, 'warning');
      assert.match(checks.find((c) => c.check === 'Plan')!.detail, /professional/);
    });

    it('names a missing Graph permission and the one to grant', async () => {
      const limited = await startLocalSandbox({ graphAppPermissions: ['Application.Read.All', 'User.Read.All'] });
      try {
        const limitedConfig = path.join(dir, 'limited.json');
        fs.writeFileSync(limitedConfig, limited.configText());
        const result = await cli(['test-connection', '--json', '--config', limitedConfig], { ...limited.env }, dir);
        assert.equal(result.status, 1, result.stderr);
        const permissions = (JSON.parse(result.stdout) as { checks: Array<{ check: string; status: string; fix?: string }> }).checks.find((c) => c.check === 'Graph permissions')!;
        assert.equal(permissions.status, 'fail');
        assert.match(permissions.fix!, /GroupMember\.Read\.All/);
      } finally {
        await limited.close();
      }
    });

    it('rejects a bad subdomain as bad input naming the JSON path (exit 2)', async () => {
      const bad = path.join(dir, 'bad-subdomain.json');
      fs.writeFileSync(bad, sandbox.configText().replace('"subdomain": "contoso"', '"subdomain": "https://contoso.zendesk.com"'));
      const result = await run(['test-connection'], {}, bad);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /\/zendesk\/subdomain/);
    });

    it('names a missing secret variable (exit 2)', async () => {
      const result = await run(['test-connection'], { ZENDESK_OAUTH_CLIENT_SECRET: undefined });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /ZENDESK_OAUTH_CLIENT_SECRET is not set/);
    });
  });

  describe('plan, provision, sync, logs', () => {
    before(() => sandbox.zendesk.reset());

    it('plan --json shows creates and updates and writes nothing', async () => {
      const before = sandbox.zendesk.state.users.size;
      const result = await run(['plan', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const plan = JSON.parse(result.stdout) as { summary: { users: { create: number; update: number } }; users: Array<{ action: string }> };
      assert.ok(plan.summary.users.create > 0);
      assert.ok(plan.users.every((u) => u.action !== 'skip'));
      assert.equal(sandbox.zendesk.state.users.size, before);
      assert.equal(fs.existsSync(path.join(dir, 'entra-zendesk.state.json')), false);
    });

    it('provision --dry-run shows the exact request and sends nothing', async () => {
      sandbox.zendesk.resetRequestCounts();
      const result = await run(['provision', 'greta.jansen@contoso.example', '--dry-run']);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /Would send: POST \/api\/v2\/users \{"user":\{"email":"greta.jansen@contoso.example"/);
      const writes = Object.entries(sandbox.zendesk.requestCounts()).filter(([name]) => /create|update|destroy|delete/.test(name));
      assert.deepEqual(writes, []);
    });

    it('provision creates the user and links it; an unknown user is bad input', async () => {
      const result = await run(['provision', 'greta.jansen@contoso.example', '--json']);
      assert.equal(result.status, 0, result.stderr);
      const body = JSON.parse(result.stdout) as { action: string; outcome: { status: string } };
      assert.equal(body.action, 'create');
      assert.equal(body.outcome.status, 'success');
      assert.ok([...sandbox.zendesk.state.users.values()].some((s) => s.user.email === 'greta.jansen@contoso.example'));
      const unknown = await run(['provision', 'nobody@contoso.example']);
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /no such user/);
    });

    it('sync runs a full cycle, then an incremental one with no Zendesk writes on an unchanged tenant', async () => {
      const full = await run(['sync', '--yes', '--json']);
      // The demo tenant has one deliberate error (a user with two app roles): exit 1, everything else applied.
      assert.equal(full.status, 1, full.stderr);
      const first = JSON.parse(full.stdout) as { mode: string; applied: { succeeded: number; failed: number } };
      assert.equal(first.mode, 'full');
      assert.ok(first.applied.succeeded > 50);
      assert.equal(first.applied.failed, 1);
      sandbox.zendesk.resetRequestCounts();
      const again = await run(['sync', '--json']);
      const second = JSON.parse(again.stdout) as { mode: string; summary: { writes: number }; requests: { zendesk: number } };
      assert.equal(second.mode, 'incremental');
      assert.equal(second.summary.writes, 0);
      assert.equal(second.requests.zendesk, 0);
      assert.equal(again.status, 0);
    });

    it('an incremental sync picks up a Graph admin change; a suspend needs --yes without a terminal', async () => {
      const diego = '94c5073a-6c87-4b40-ad79-0a5e9fcd5cb6';
      sandbox.graph.directory.disableUser(diego);
      const refused = await run(['sync']);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /--yes/);
      const applied = await run(['sync', '--yes', '--json']);
      assert.equal(applied.status, 0, applied.stderr);
      assert.equal((JSON.parse(applied.stdout) as { summary: { users: { suspend: number } } }).summary.users.suspend, 1);
      const zendeskUser = [...sandbox.zendesk.state.users.values()].find((s) => s.user.external_id === diego)!;
      assert.equal(zendeskUser.user.suspended, true);
    });

    it('logs filter the provisioning log by status and user', async () => {
      const failures = await run(['logs', '--status', 'failure', '--json']);
      assert.equal(failures.status, 0);
      const records = failures.stdout.trim().split('\n').map((line) => JSON.parse(line) as { provisioningStatusInfo: { status: string; errorInformation: { errorCode: string } } });
      assert.ok(records.length >= 1);
      assert.ok(records.every((r) => r.provisioningStatusInfo.status === 'failure'));
      const table = await run(['logs', '--user', 'diego.soto']);
      assert.match(table.stdout, /disable +success +diego\.soto@contoso\.example/);
      const bad = await run(['logs', '--status', 'broken']);
      assert.equal(bad.status, 2);
    });

    it('sync --watch keeps running incremental cycles every --interval until stopped', async () => {
      const child = spawn(process.execPath, [cliBundle(), 'sync', '--watch', '--interval', '1s', '--json', '--config', configPath], { cwd: dir, env: { PATH: process.env.PATH, ...env() } });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          if (stdout.split('\n').filter(Boolean).length >= 2) resolve();
        });
        child.once('exit', () => reject(new Error(`watch exited early: ${stdout}${stderr}`)));
      });
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      outputs.push(stdout, stderr);
      const cycles = stdout.trim().split('\n').map((line) => JSON.parse(line) as { mode: string; summary: { writes: number } });
      assert.ok(cycles.length >= 2);
      assert.ok(cycles.every((c) => c.mode === 'incremental' && c.summary.writes === 0));
    });

    it('never shows the canary secret in output, error text, state or log', async () => {
      const wrongSecret = await run(['test-connection'], { ZENDESK_OAUTH_CLIENT_SECRET: `${CANARY}-zendesk` });
      assert.equal(wrongSecret.status, 1);
      for (const text of [...outputs, fs.readFileSync(path.join(dir, 'entra-zendesk.state.json'), 'utf8'), fs.readFileSync(path.join(dir, 'entra-zendesk.log.jsonl'), 'utf8')]) {
        assert.ok(!text.includes(CANARY), `canary found in: ${text.slice(0, 300)}`);
      }
    });
  });

  describe('sandbox and demo', () => {
    it('bare `sandbox` starts both emulators and prints graph, zendesk and env; --write-config works with that env', async () => {
      const written = path.join(dir, 'from-sandbox.json');
      const child = spawn(process.execPath, [cliBundle(), 'sandbox', '--write-config', written], { cwd: dir, env: { PATH: process.env.PATH } });
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.includes('\n')) resolve(text.split('\n')[0]!);
          });
          child.on('error', reject);
          child.on('close', () => reject(new Error(`sandbox exited early: ${text}`)));
        });
        const info = JSON.parse(firstLine) as { graph: { url: string }; zendesk: { url: string }; env: Record<string, string> };
        assert.match(info.graph.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        assert.match(info.zendesk.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(Object.keys(info.env).sort(), ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'NODE_EXTRA_CA_CERTS', 'ZENDESK_API_TOKEN', 'ZENDESK_OAUTH_CLIENT_ID', 'ZENDESK_OAUTH_CLIENT_SECRET']);
        // NODE_EXTRA_CA_CERTS alone (no explicit CA) makes the child trust the Graph sandbox.
        const check = await cli(['test-connection', '--json', '--config', written], info.env, dir);
        assert.equal(check.status, 0, check.stdout + check.stderr);
      } finally {
        const closed = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await closed;
      }
    });

    it('refuses to overwrite a configuration that is not a sandbox one', async () => {
      const real = path.join(dir, 'real.json');
      fs.writeFileSync(real, '{"endpoints": {"zendeskBaseUrl": "https://acme.zendesk.com"}}');
      const result = await cli(['sandbox', '--write-config', real], {}, dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /refusing to overwrite/);
    });

    it('demo runs the whole job in process and exits 0', async () => {
      const result = await cli(['demo', '--json'], {}, dir);
      assert.equal(result.status, 0, result.stderr);
      const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as {
        trial: { action: string };
        incremental: { summary: { users: { update: number; suspend: number } }; applied: { failed: number } };
      };
      assert.equal(summary.trial.action, 'create');
      assert.deepEqual([summary.incremental.summary.users.update, summary.incremental.summary.users.suspend], [1, 1]);
    });
  });
});
