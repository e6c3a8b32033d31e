/**
 * Diagnose inside a real extension host, on the sandbox tenant: the findings become problems on the configuration
 * file (refreshed by every snapshot reload, and by the command), and the command opens the report. The demo tenant has
 * a custom Zendesk role named like the built-in "Agent", so `role-name-collides-with-built-in` must be among them.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { waitFor } from './wait';

const EXTENSION_ID = 'entra-zendesk.entra-zendesk-provisioning';
const COLLISION = 'role-name-collides-with-built-in';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Entra Zendesk');
}

suite('Diagnose', function () {
  this.timeout(120_000);
  let ext: ExtensionApi;
  let configUri: vscode.Uri;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    ext = await extension.activate();
    await vscode.commands.executeCommand('entraZendesk.startSandbox');
    await waitFor('the views to load', () => ext.session.state === 'ready' || ext.session.state === 'error');
    assert.equal(ext.session.state, 'ready', ext.session.error);
    const configPath = ext.session.configPath();
    assert.ok(configPath, 'the sandbox wrote a configuration');
    configUri = vscode.Uri.file(configPath);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('entraZendesk.stopSandbox');
  });

  test('the snapshot reload publishes the findings on the configuration file without being asked', async () => {
    await waitFor('problems on the configuration', () => ours(configUri).some((d) => d.code === COLLISION));
  });

  test('Diagnose returns the findings, publishes them as problems and opens the report', async () => {
    const findings = (await vscode.commands.executeCommand('entraZendesk.diagnose')) as Array<{ code: string; severity: string; title: string }> | undefined;
    assert.ok(Array.isArray(findings), 'the command returns the findings');
    const collision = findings.find((f) => f.code === COLLISION);
    assert.ok(collision, `expected ${COLLISION} in ${findings.map((f) => f.code).join(', ')}`);
    assert.match(collision.title, /"Agent"/);

    const diagnostics = ours(configUri);
    assert.equal(diagnostics.length, findings.length, 'one problem per finding');
    const problem = diagnostics.find((d) => d.code === COLLISION);
    assert.ok(problem);
    assert.ok(problem.message.startsWith(collision.title), problem.message);
    assert.match(problem.message, /Fix: /);
    const expected = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information }[collision.severity];
    assert.equal(problem.severity, expected);
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'the demo tenant has errors');

    const report = vscode.window.activeTextEditor?.document;
    assert.equal(report?.languageId, 'markdown');
    assert.match(report.getText(), /^# Diagnose \(sandbox\)/);
    assert.ok(report.getText().includes(`[${COLLISION}]`), 'the report lists the finding with its code');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('stopping the sandbox removes its problems', async () => {
    await vscode.commands.executeCommand('entraZendesk.stopSandbox');
    await waitFor('the problems to be cleared', () => ours(configUri).length === 0, 15_000);
  });
});
