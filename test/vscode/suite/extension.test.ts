/**
 * The extension inside a real VS Code extension host: it is found, activates, and its contributed commands are
 * registered and run. Runs under code-server (npm run test:vscode) and under @vscode/test-cli (.vscode-test.mjs).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'entra-zendesk.entra-zendesk-provisioning';

interface ContributedCommand {
  readonly command: string;
}

function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  return extension;
}

suite('Extension', () => {
  test('is present and activates', async () => {
    const extension = ourExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers every command it contributes in package.json', async () => {
    const contributed = (ourExtension().packageJSON.contributes.commands as ContributedCommand[]).map((c) => c.command);
    assert.ok(contributed.includes('entraZendesk.showLog'), 'package.json contributes entraZendesk.showLog');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  test('entraZendesk.showLog runs and reveals the log channel', async () => {
    await vscode.commands.executeCommand('entraZendesk.showLog');
    // The Output panel shows a channel as a text document with the `output` scheme.
    const deadline = Date.now() + 10_000;
    let outputDocuments: string[] = [];
    while (Date.now() < deadline) {
      outputDocuments = vscode.workspace.textDocuments
        .filter((document) => document.uri.scheme === 'output')
        .map((document) => document.uri.toString());
      if (outputDocuments.some((uri) => uri.includes('Entra'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(outputDocuments.some((uri) => uri.includes('Entra')), `output documents: ${outputDocuments.join(', ') || 'none'}`);
  });
});
