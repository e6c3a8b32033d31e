/**
 * The "Entra Provisioning Job" view and its commands inside a real extension host, on the sandbox tenant: the Graph
 * sandbox serves the synchronization API backed by our engine and the Zendesk sandbox. Commands are driven with
 * `executeCommand` and their automation options (no prompts); the view is read through the extension's exports.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialCheck, ExpressionComparison, PushResult } from '../../../src/clients/graph/entra-job';
import type { OnDemandOutcome } from '../../../src/clients/graph/synchronization-client';
import { loadConfig } from '../../../src/core/config';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { NodeSpec } from '../../../src/extension/trees/nodes';
import { waitFor } from './wait';

const EXTENSION_ID = 'entra-zendesk.entra-zendesk-provisioning';

function node(ext: ExtensionApi, id: string): NodeSpec | undefined {
  return ext.entraJob.flatten().find((n) => n.id === id);
}

suite('Entra Provisioning Job', function () {
  this.timeout(120_000);
  let ext: ExtensionApi;
  let tmp: string;

  /** Waits for the sandbox's background cycle (start/restart) to finish, then re-reads the job. */
  async function afterCycle(): Promise<void> {
    await ext.session.sandbox!.graph.synchronization.idle();
    assert.equal(await vscode.commands.executeCommand('entraZendesk.refreshEntraJob'), 'ready', ext.entraJob.error);
  }

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    ext = await extension.activate();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ez-job-'));
    await vscode.commands.executeCommand('entraZendesk.startSandbox');
    await waitFor('the views to load', () => ext.session.state === 'ready' || ext.session.state === 'error');
    assert.equal(ext.session.state, 'ready', ext.session.error);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('entraZendesk.stopSandbox');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the view is lazy: nothing is read until it is shown; shown, it says the app has no job yet', async () => {
    assert.equal(ext.entraJob.state, 'idle', 'the collapsed view has not read the job at activation or sandbox start');
    await vscode.commands.executeCommand('entraZendesk.entraJob.focus');
    await waitFor('the view to load', () => !['idle', 'loading'].includes(ext.entraJob.state));
    assert.equal(ext.entraJob.state, 'noJob', ext.entraJob.error);
    assert.match(ext.entraJob.error ?? '', /no provisioning job yet/);
    assert.equal(ext.entraJob.getChildren().length, 0, 'the welcome (with the Push button) shows instead of rows');
  });

  test('Push creates the job, writes schema and credentials, and the view shows its status', async () => {
    const result = (await vscode.commands.executeCommand('entraZendesk.pushToEntra', { assumeYes: true })) as PushResult | undefined;
    assert.ok(result, 'the push ran');
    assert.ok(result.secretsWritten.includes('SecretToken'), `secrets written: ${result.secretsWritten.join(', ')}`);
    assert.equal(result.secretsSkipped, undefined);
    const review = vscode.workspace.textDocuments.find((d) => d.getText().startsWith('# Push Configuration to Entra — review (sandbox)'));
    assert.ok(review, 'the review document was opened before the push');
    assert.doesNotMatch(review.getText(), new RegExp(ext.session.sandbox!.zendesk.apiToken), 'the token is not in the review');
    assert.equal(ext.entraJob.state, 'ready', ext.entraJob.error);
    const status = node(ext, 'entraJob/status');
    assert.ok(status, 'the status row is shown');
    assert.equal(status.label, `Status: ${ext.entraJob.data!.overview.code} (sandbox)`);
    assert.equal(ext.entraJob.data!.overview.code, 'NotRun', 'credentials saved, not started yet');
    assert.equal(status.description, ext.entraJob.data!.overview.summary);
    assert.ok(node(ext, 'entraJob/schedule'));
    assert.match(node(ext, 'entraJob/lastCycle')?.label ?? '', /^Last cycle: none yet/);
  });

  test('a second Push has nothing to change in the schema', async () => {
    const result = (await vscode.commands.executeCommand('entraZendesk.pushToEntra', { assumeYes: true })) as PushResult | undefined;
    assert.equal(result?.schemaChanged, false);
  });

  test('Validate Credentials: the saved credentials pass; a wrong token is refused with the fix', async () => {
    const saved = (await vscode.commands.executeCommand('entraZendesk.validateEntraCredentials')) as CredentialCheck | undefined;
    assert.deepEqual(saved, { ok: true });
    const wrong = (await vscode.commands.executeCommand('entraZendesk.validateEntraCredentials', { apiToken: 'not-the-token' })) as CredentialCheck | undefined;
    assert.equal(wrong?.ok, false);
    if (wrong?.ok === false) assert.ok(wrong.fix.length > 0);
  });

  test('Provision on Demand via Entra returns the steps and opens them as a document', async () => {
    const user = ext.session.snapshot?.plan.users.find((u) => u.action === 'create' && u.scope.inScope);
    assert.ok(user, 'the demo tenant has a user to create');
    const outcome = (await vscode.commands.executeCommand('entraZendesk.provisionOnDemandViaEntra', user.sourceId)) as OnDemandOutcome | undefined;
    assert.ok(outcome?.details, 'the service returned details');
    assert.equal(outcome.result, 'Success', `${outcome.errorCode}: ${outcome.errorMessage}`);
    assert.ok(outcome.details.steps.length >= 3, `steps: ${outcome.details.steps.map((s) => s.name).join(', ')}`);
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.languageId, 'markdown');
    assert.match(document.getText(), /^# Provision on Demand via Entra: .* \(sandbox\)/);
    assert.ok(outcome.details.steps.every((s) => document.getText().includes(`**${s.name}**`)), 'every step is in the document');
    const records = ext.entraJob.flatten().filter((n) => n.id.startsWith('entraJob/logs/record:') && !n.id.includes('/step:'));
    assert.ok(records.some((r) => r.entraUserId === user.sourceId), 'the on-demand record is listed in Recent provisioning logs');
  });

  test('Start runs a cycle (counts shown); Pause then Start changes the status', async () => {
    await vscode.commands.executeCommand('entraZendesk.startEntraJob');
    await afterCycle();
    assert.equal(ext.entraJob.data!.overview.code, 'Active');
    const cycle = node(ext, 'entraJob/lastCycle');
    assert.match(cycle?.description ?? '', /^imported \d+ · exported \d+ · escrowed \d+$/);
    assert.ok(node(ext, 'entraJob/lastCycle/began')?.label.match(/^Began: \d{4}-\d\d-\d\d /), 'began is shown');
    const steps = ext.entraJob.flatten().filter((n) => /^entraJob\/logs\/record:.*\/step:\d+$/.test(n.id));
    assert.ok(steps.length > 0, 'log records have their steps');
    const record = ext.entraJob.flatten().find((n) => n.id.startsWith('entraJob/logs/record:'));
    assert.match(record?.tooltip ?? '', /·/);

    await vscode.commands.executeCommand('entraZendesk.pauseEntraJob');
    assert.equal(ext.entraJob.data!.overview.code, 'Paused');
    assert.equal(node(ext, 'entraJob/status')?.label, 'Status: Paused (sandbox)');
    assert.equal(node(ext, 'entraJob/schedule')?.label, 'Schedule: Paused');

    await vscode.commands.executeCommand('entraZendesk.startEntraJob');
    await afterCycle();
    assert.equal(ext.entraJob.data!.overview.code, 'Active');
  });

  test('Restart with an option runs a new cycle', async () => {
    const before = ext.entraJob.data!.overview.lastExecution?.began;
    const flags = await vscode.commands.executeCommand('entraZendesk.restartEntraJob', { resetScope: ['Watermark'] });
    assert.deepEqual(flags, ['Watermark']);
    await afterCycle();
    assert.equal(ext.entraJob.data!.overview.code, 'Active');
    assert.notEqual(ext.entraJob.data!.overview.lastExecution?.began, before, 'a new cycle ran');
  });

  test('Restart with ForceDeletes ("Allow deletes") goes through once confirmed', async () => {
    const flags = await vscode.commands.executeCommand('entraZendesk.restartEntraJob', { resetScope: ['ForceDeletes'], assumeYes: true });
    assert.deepEqual(flags, ['ForceDeletes']);
    await afterCycle();
    assert.equal(ext.entraJob.data!.overview.code, 'Active');
  });

  test('a quarantined job shows the reason, what it means and the fix; Start lifts it', async () => {
    const jobId = ext.entraJob.data!.overview.target.jobId;
    ext.session.sandbox!.graph.synchronization.quarantine(jobId, 'EncounteredQuarantineException', { code: 'ZendeskUnauthorized', message: 'Zendesk answered 401 to the admin credentials.', tenantActionable: true });
    assert.equal(await vscode.commands.executeCommand('entraZendesk.refreshEntraJob'), 'ready');
    const quarantine = node(ext, 'entraJob/quarantine');
    assert.ok(quarantine, 'the quarantine row is shown');
    assert.equal(quarantine.label, 'Quarantine: EncounteredQuarantineException');
    assert.equal(quarantine.icon, 'warning');
    assert.match(quarantine.contextValue ?? '', /\bentraJobQuarantine\b/);
    const children = quarantine.children ?? [];
    assert.equal(children.find((c) => c.id.endsWith('/reason'))?.description, 'ZendeskUnauthorized: Zendesk answered 401 to the admin credentials.');
    assert.match(children.find((c) => c.label === 'Meaning')?.description ?? '', /credentials|token/);
    assert.match(children.find((c) => c.label === 'Fix')?.description ?? '', /start/i);
    assert.equal(node(ext, 'entraJob/status')?.label, 'Status: Quarantine (sandbox)');

    await vscode.commands.executeCommand('entraZendesk.startEntraJob');
    await afterCycle();
    assert.equal(node(ext, 'entraJob/quarantine'), undefined, 'start clears quarantine');
  });

  test('Compare Expression with Entra: ours and the service agree on a Join', async () => {
    const user = ext.session.snapshot!.plan.users.find((u) => u.scope.inScope)!;
    const comparison = (await vscode.commands.executeCommand('entraZendesk.compareExpressionWithEntra', { expression: 'Join(" ", [givenName], [surname])', user: user.sourceId })) as ExpressionComparison | undefined;
    assert.ok(comparison);
    assert.equal(comparison.agree, true, comparison.verdict);
    assert.ok(comparison.entra.parsingSucceeded);
    const document = vscode.window.activeTextEditor?.document;
    assert.match(document?.getText() ?? '', /^# Compare Expression with Entra \(sandbox\)\n\n\*\*Agree:\*\*/);
  });

  test('Import writes a configuration that loads, and updates an existing one in place keeping its comments', async () => {
    const target = path.join(tmp, '.vscode', 'entra-zendesk.json');
    const created = (await vscode.commands.executeCommand('entraZendesk.importFromEntra', { target })) as { path: string; mode: string } | undefined;
    assert.deepEqual({ path: created?.path, mode: created?.mode }, { path: target, mode: 'new' });
    const text = fs.readFileSync(target, 'utf8');
    const loaded = loadConfig(text, target);
    assert.equal(loaded.config.zendesk.subdomain, ext.session.sandbox!.zendesk.subdomain);
    assert.ok(loaded.config.userMapping.attributeMappings.length > 0, 'the mappings came over');

    fs.writeFileSync(target, text.replace(/^\{/, '{\n  // kept by Update in Place'));
    const updated = (await vscode.commands.executeCommand('entraZendesk.importFromEntra', { target, importMode: 'update' })) as { mode: string } | undefined;
    assert.equal(updated?.mode, 'update');
    const after = fs.readFileSync(target, 'utf8');
    assert.match(after, /\/\/ kept by Update in Place/);
    loadConfig(after, target);
  });
});
