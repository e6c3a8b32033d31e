/**
 * VS Code entry point. The extension layer is thin: it wires VS Code UI to core and the clients.
 * Activation is lazy (contributed commands and views activate it); issue 6 fills in the views and commands.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Entra → Zendesk Provisioning', { log: true });
  context.subscriptions.push(log);
  log.info('Entra → Zendesk Provisioning activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
