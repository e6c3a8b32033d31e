/**
 * The one wrapper every command goes through: errors are logged (stack included, secrets masked) and shown with a
 * "Show Log" action; a cancellation stays silent. Registrations land in `context.subscriptions`.
 */
import * as vscode from 'vscode';
import { CommandIds } from './constants';
import { log, maskSecrets } from './log';

/** The user dismissed a prompt or cancelled a progress notification: nothing to report. */
export class UserCancelledError extends Error {
  override readonly name = 'UserCancelledError';
  constructor(step = 'the operation') {
    super(`Cancelled ${step}.`);
  }
}

export function isCancellation(error: unknown): boolean {
  if (error instanceof UserCancelledError) return true;
  if (error instanceof vscode.CancellationError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  return name === 'AbortError' || name === 'CanceledError' || code === 'ERR_CANCELED';
}

export function errorMessage(error: unknown): string {
  return maskSecrets(error instanceof Error ? error.message : String(error));
}

const SHOW_LOG = 'Show Log';

/** Logs and shows an error; returns without throwing. Exported for places outside commands (activation). */
export function reportError(commandTitle: string, error: unknown): void {
  if (isCancellation(error)) {
    log.info('command', `${commandTitle}: cancelled`);
    return;
  }
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : String(error);
  log.error('command', `${commandTitle} failed: ${stack}`);
  // Not awaited: the notification stays until dismissed, and the command must finish now (a caller awaiting
  // executeCommand — another command, a test — would otherwise wait on the user).
  void vscode.window.showErrorMessage(`${commandTitle}: ${errorMessage(error)}`, SHOW_LOG).then(async (choice) => {
    if (choice === SHOW_LOG) await vscode.commands.executeCommand(CommandIds.showLog);
  });
}

export function registerCommand(
  context: vscode.ExtensionContext,
  id: string,
  title: string,
  callback: (...args: unknown[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await callback(...args);
      } catch (error) {
        reportError(title, error);
        return undefined;
      }
    }),
  );
}
