/**
 * The extension against its sandbox tenant inside a real extension host: Start Sandbox Tenant, the five trees
 * populated with "(sandbox)" data, a dry run and a trial provision of one user, a full sync, each seen in the
 * Provisioning Activity tree. The extension's exports (ExtensionApi) give the tests the trees as shown.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { NodeSpec } from '../../../src/extension/trees/nodes';
import { waitFor } from './wait';

const EXTENSION_ID = 'entra-zendesk.entra-zendesk-provisioning';

async function api(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

suite('Sandbox tenant', function () {
  this.timeout(120_000);
  let ext: ExtensionApi;

  suiteSetup(async () => {
    ext = await api();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('entraZendesk.stopSandbox');
  });

  test('Start Sandbox Tenant loads both sides into the trees', async () => {
    await vscode.commands.executeCommand('entraZendesk.startSandbox');
    await waitFor('the views to load', () => ext.session.state === 'ready' || ext.session.state === 'error');
    assert.equal(ext.session.state, 'ready', ext.session.error);
    assert.ok(ext.session.sandbox, 'the sandbox runs in the extension host');
    const assignments = ext.trees.assignments.flatten();
    assert.ok(assignments.some((n) => n.entraUserId !== undefined), 'Entra users are listed');
    assert.ok(assignments.filter((n) => n.id.split('/').length === 1).every((n) => n.label.endsWith('(sandbox)')), 'app roles are labelled (sandbox)');
    assert.ok(ext.trees.zendeskUsers.flatten().some((n) => n.zendeskUserId !== undefined), 'Zendesk users are listed');
    assert.ok(ext.trees.zendeskRoles.flatten().some((n) => n.id.startsWith('zendeskRoles/custom:')), 'custom roles are listed');
    assert.ok(ext.trees.zendeskGroups.flatten().length > 0);
  });

  test('Edit Mappings and Scope opens the editor webview on the sandbox configuration', async () => {
    await vscode.commands.executeCommand('entraZendesk.editMappings');
    const isEditorTab = (tab: vscode.Tab): boolean =>
      tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('entraZendesk.mappingsEditor');
    await waitFor('the editor tab', () => vscode.window.tabGroups.all.some((group) => group.tabs.some(isEditorTab)), 15_000);
    const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find(isEditorTab);
    assert.ok(tab, 'the mappings editor is open');
    await vscode.window.tabGroups.close(tab);
  });

  test('a dry run changes nothing; a trial provision creates the user and shows up in Provisioning Activity', async () => {
    const toCreate = ext.session.snapshot?.plan.users.find((u) => u.action === 'create' && u.scope.inScope);
    assert.ok(toCreate, 'the demo tenant has a user to create');
    const zendeskBefore = ext.session.snapshot!.model.zendesk.users.size;
    await vscode.commands.executeCommand('entraZendesk.dryRun', toCreate.sourceId);
    await vscode.commands.executeCommand('entraZendesk.refresh');
    assert.equal(ext.session.snapshot!.model.zendesk.users.size, zendeskBefore, 'a dry run writes nothing');

    await vscode.commands.executeCommand('entraZendesk.trialProvision', toCreate.sourceId, { assumeYes: true });
    await waitFor('the views to reload', () => ext.session.state === 'ready');
    assert.equal(ext.session.snapshot!.model.zendesk.users.size, zendeskBefore + 1);
    const runs = ext.trees.activity.flatten().filter((n: NodeSpec) => n.id.startsWith('activity/cycle:') && n.id.split('/').length === 2);
    assert.equal(runs.length, 1);
    assert.match(runs[0]!.label, /^Trial provision .*\(sandbox\)$/);
    const user = ext.trees.assignments.flatten().find((n) => n.entraUserId === toCreate.sourceId);
    assert.match(user?.contextValue ?? '', /\bmatched\b/, 'the Entra user now shows its Zendesk match');
  });

  test('a full sync applies the plan and adds a run to Provisioning Activity', async () => {
    const result = (await vscode.commands.executeCommand('entraZendesk.fullSync', { assumeYes: true })) as { apply: { counts: { succeeded: number; failed: number } } | null } | undefined;
    assert.ok(result?.apply, 'the plan was applied');
    assert.ok(result.apply.counts.succeeded > 0);
    await waitFor('the views to reload', () => ext.session.state === 'ready');
    const runs = ext.trees.activity.flatten().filter((n) => n.id.startsWith('activity/cycle:') && n.id.split('/').length === 2);
    assert.equal(runs.length, 2);
    assert.ok(runs.some((r) => r.label.startsWith('Sync ')));
    const after = ext.session.snapshot!.plan.users.filter((u) => u.action === 'create' && u.scope.inScope);
    assert.equal(after.length, 0, 'nothing is left to create');
  });

  test('an incremental sync right after the full sync has nothing to do', async () => {
    const result = (await vscode.commands.executeCommand('entraZendesk.incrementalSync', { assumeYes: true })) as { mode: string; plan: { summary: { writes: number } } } | undefined;
    assert.equal(result?.mode, 'incremental');
    assert.equal(result.plan.summary.writes, 0);
  });

  test('Sign Out clears the stored secrets and the views ask to sign in again', async () => {
    await vscode.commands.executeCommand('entraZendesk.signOut');
    await waitFor('the signed-out state', () => ext.session.state === 'signedOut');
    assert.equal(ext.trees.assignments.getChildren().length, 0, 'the welcome content shows instead of the tree');
  });
});
