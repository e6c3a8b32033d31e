/** The status bar item: connection state (and "(sandbox)"), click → Test Connection when ready, else Refresh. */
import * as vscode from 'vscode';
import { CommandIds, SANDBOX_SUFFIX, type ConnectionState } from './constants';
import type { ProvisioningSession } from './services/session';

const TEXT: Record<ConnectionState, { icon: string; text: string }> = {
  noConfig: { icon: 'circle-slash', text: 'not configured' },
  signedOut: { icon: 'sign-in', text: 'signed out' },
  noZendeskCredentials: { icon: 'key', text: 'Zendesk credentials missing' },
  loading: { icon: 'sync~spin', text: 'loading…' },
  error: { icon: 'error', text: 'error' },
  ready: { icon: 'plug', text: 'connected' },
};

export function statusBarText(state: ConnectionState, sandbox: boolean): string {
  const t = TEXT[state];
  return `$(${t.icon}) Zendesk: ${t.text}${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`;
}

export function createStatusBar(session: ProvisioningSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('entraZendesk.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Entra → Zendesk';
  const update = () => {
    item.text = statusBarText(session.state, session.sandbox !== undefined);
    item.tooltip = session.state === 'error' ? `Entra → Zendesk: ${session.error ?? 'error'}` : 'Entra → Zendesk provisioning';
    item.command = session.state === 'ready' ? CommandIds.testConnection : session.state === 'noConfig' ? CommandIds.openConfig : CommandIds.refresh;
    item.show();
  };
  update();
  const subscription = session.onDidChange(update);
  return vscode.Disposable.from(item, subscription);
}
