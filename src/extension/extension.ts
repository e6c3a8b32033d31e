/**
 * VS Code entry point. The extension layer is thin: it wires VS Code UI to core and the clients.
 * Activation is lazy (contributed commands and views activate it); issue 6 fills in the views and commands.
 */
import * as vscode from 'vscode';

/** The one log channel of the extension; its name is what the Output panel lists (tests look for it). */
export const LOG_CHANNEL_NAME = 'Entra → Zendesk Provisioning';

/** Command ids, as contributed in package.json `contributes.commands`. */
export const CommandIds = {
  showLog: 'entraZendesk.showLog',
} as const;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log, vscode.commands.registerCommand(CommandIds.showLog, () => log.show()));
  log.info('Entra → Zendesk Provisioning activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
