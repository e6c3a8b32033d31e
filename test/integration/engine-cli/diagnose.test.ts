/**
 * `entra-zendesk diagnose` through the built CLI bundle against both emulators with the demo seeds, which hold the
 * known problems on purpose: a custom role named "Agent", a user with two roles (Lee Gu), a Default Access user
 * (Ingrid Solberg) and two users sharing an e-mail (Tomas Novak). The Graph secret is a canary that must not leak.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { startLocalSandbox, type LocalSandbox } from '../../../src/app/local-sandbox';
import { DEFAULT_USER_ATTRIBUTE_MAPPINGS } from '../../../src/core/config';
import type { Finding } from '../../../src/core/diagnostics';
import { removeCliBundle, runCliAsync } from '../cli/run-cli';

const CANARY = 'canary~Secret-5d2a7c9e1f';

const cli = runCliAsync;

describe('entra-zendesk diagnose on the demo sandbox', function () {
  this.timeout(120_000);
  let sandbox: LocalSandbox;
  let dir: string;
  let configPath: string;
  /** The sandbox configuration with e-mail taken from `mail`, which the two Tomas Novak accounts share (their UPNs differ). */
  let mailConfigPath: string;

  before(async () => {
    sandbox = await startLocalSandbox({ graphClientSecret: CANARY, zendeskTimeScale: 10 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-diagnose-'));
    configPath = path.join(dir, 'entra-zendesk.json');
    fs.writeFileSync(configPath, sandbox.configText());
    const document = parse(sandbox.configText()) as Record<string, unknown>;
    const attributeMappings = DEFAULT_USER_ATTRIBUTE_MAPPINGS.map((m) => (m.target === 'email' ? { ...m, source: 'mail' } : m));
    document.userMapping = { ...(document.userMapping as object | undefined), attributeMappings };
    mailConfigPath = path.join(dir, 'mail.json');
    fs.writeFileSync(mailConfigPath, JSON.stringify(document, null, 2));
  });
  after(async () => {
    await sandbox?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    removeCliBundle();
  });

  it('finds the demo tenant\'s known problems (--json, exit 1)', async () => {
    const result = await cli(['diagnose', '--json', '--config', configPath], { ...sandbox.env }, dir);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; offline: boolean; findings: Finding[] };
    assert.equal(report.ok, false);
    assert.equal(report.offline, false);
    const codes = report.findings.map((f) => f.code);
    const find = (code: string): Finding => {
      const finding = report.findings.find((f) => f.code === code);
      assert.ok(finding, `expected ${code} in ${codes.join(', ')}`);
      return finding;
    };
    assert.match(find('role-name-collides-with-built-in').title, /"Agent"/);
    assert.ok(find('multiple-app-roles').objects!.some((o) => /lee/i.test(o.name)), 'Lee Gu holds two roles');
    assert.ok(find('default-access-assignment').objects!.some((o) => /ingrid/i.test(o.name)), 'Ingrid Solberg has Default Access only');
    // Wen Li is disabled in Entra but already has a Zendesk account: she is suspended, not skipped.
    assert.ok(!codes.includes('disabled-before-provisioning'));
    // With the default mappings e-mail comes from the UPN, which the two Tomas Novak accounts don't share.
    assert.ok(!codes.includes('duplicate-matching-value'));
    assert.ok(!result.stdout.includes(CANARY) && !result.stderr.includes(CANARY));
  });

  it('finds the two users sharing an e-mail when e-mail is mapped from mail', async () => {
    const result = await cli(['diagnose', '--json', '--config', mailConfigPath], { ...sandbox.env }, dir);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const duplicate = report.findings.find((f) => f.code === 'duplicate-matching-value');
    assert.ok(duplicate, result.stdout);
    assert.equal(duplicate.severity, 'error');
    assert.match(duplicate.title, /2 in-scope users share the email "tomas\.novak@contoso\.example"/);
    assert.deepEqual(duplicate.objects!.map((o) => o.kind), ['entraUser', 'entraUser']);
    assert.equal(duplicate.path, '/userMapping/attributeMappings/0');
    assert.equal(typeof duplicate.line, 'number');
  });

  it('prints a readable report with fixes', async () => {
    const result = await cli(['diagnose', '--config', configPath], { ...sandbox.env }, dir);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^ERROR +Custom role "Agent" is named like a built-in Zendesk role/m);
    assert.match(result.stdout, /Fix: /);
    assert.match(result.stdout, /\d+ error\(s\), \d+ warning\(s\), \d+ note\(s\)\.$/m);
    assert.ok(!result.stdout.includes(CANARY));
  });

  it('--offline checks the configuration only: no errors on the sandbox configuration (exit 0)', async () => {
    const result = await cli(['diagnose', '--offline', '--json', '--config', configPath], {}, dir);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { ok: boolean; offline: boolean; findings: Finding[] };
    assert.equal(report.offline, true);
    assert.ok(report.findings.every((f) => !['multiple-app-roles', 'duplicate-matching-value'].includes(f.code)));
  });

  it('--offline flags an API-token configuration with its line in the file', async () => {
    const apiTokenConfig = path.join(dir, 'api-token.json');
    fs.writeFileSync(apiTokenConfig, sandbox.configText().replace(/"mode": "oauth"[^}]*/, '"mode": "apiToken"'));
    const result = await cli(['diagnose', '--offline', '--config', apiTokenConfig], {}, dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^WARNING Zendesk API tokens are being retired +\[api-token-retirement\]/m);
    assert.match(result.stdout, /api-token\.json:\d+:\d+ \(\/zendesk\/auth\/mode\)/);
  });

  it('exits 2 on a missing configuration file', async () => {
    const result = await cli(['diagnose', '--offline', '--config', path.join(dir, 'nope.json')], {}, dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no such file/);
  });
});
