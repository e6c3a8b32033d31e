/**
 * VS Code entry point. The extension layer is thin: it wires VS Code UI (trees, commands, status bar, secrets) to the
 * engine and the clients. Activation is lazy: contributed views and commands activate it (`activationEvents: []`).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDiagnose } from './commands/diagnose';
import { registerJobCommands } from './commands/job';
import { registerMappingsEditor, workspaceConfigFile } from './editor/mappings-editor-panel';
import { snapshotPreviewUsers } from './editor/preview-users';
import { CommandIds, ViewIds } from './constants';
import { createLog, log } from './log';
import { ProvisioningSession } from './services/session';
import { createStatusBar } from './status-bar';
import { activityNodes, assignmentNodes, zendeskGroupNodes, zendeskRoleNodes, zendeskUserNodes } from './trees/nodes';
import { registerEntraJobView, type EntraJobTreeProvider } from './trees/job-tree';
import { SnapshotTreeProvider } from './trees/provider';

export { CommandIds, LOG_CHANNEL_NAME } from './constants';

/** What activation returns: the extension-host tests read the session and the trees through it. */
export interface ExtensionApi {
  readonly session: ProvisioningSession;
  readonly trees: Readonly<Record<keyof typeof ViewIds, SnapshotTreeProvider>>;
  /** The "Entra Provisioning Job" view (lazy: it reads the job when first shown). */
  readonly entraJob: EntraJobTreeProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  context.subscriptions.push(createLog());
  const session = new ProvisioningSession(context);
  context.subscriptions.push(session);

  const trees = {
    assignments: new SnapshotTreeProvider(ViewIds.assignments, session, (s) => assignmentNodes(s)),
    zendeskUsers: new SnapshotTreeProvider(ViewIds.zendeskUsers, session, (s, limits) => zendeskUserNodes(s, limits)),
    zendeskRoles: new SnapshotTreeProvider(ViewIds.zendeskRoles, session, (s) => zendeskRoleNodes(s)),
    zendeskGroups: new SnapshotTreeProvider(ViewIds.zendeskGroups, session, (s) => zendeskGroupNodes(s)),
    activity: new SnapshotTreeProvider(ViewIds.activity, session, (s) => activityNodes(s.records, s.sandbox)),
  };
  for (const provider of Object.values(trees)) {
    context.subscriptions.push(provider, vscode.window.createTreeView(provider.viewId, { treeDataProvider: provider, showCollapseAll: true }));
  }

  registerCommands(context, { session, zendeskUsersTree: trees.zendeskUsers });
  registerDiagnose(context, session);
  const entraJob = registerEntraJobView(context, session);
  registerJobCommands(context, session, entraJob);
  context.subscriptions.push(createStatusBar(session));
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => void session.reload()),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.fsPath === session.configPath()) void session.reload();
    }),
  );

  // The mappings and scope editor: previews use the last imported snapshot, attributes are fetched from Graph on demand.
  registerMappingsEditor(context, {
    configFile: async () => {
      const configPath = session.configPath();
      return configPath === undefined ? undefined : workspaceConfigFile(vscode.Uri.file(configPath));
    },
    users: snapshotPreviewUsers({
      model: () => session.snapshot?.model,
      fetchUsers: async (ids, select) => {
        const run = await session.openRun();
        try {
          return await run.connections.entraPort.getUsers(ids, select);
        } finally {
          run.close();
        }
      },
    }),
    onSaved: () => void session.reload(),
  });

  void session.reload();
  // `npm run try` (scripts/try-in-browser.ts) asks for the sandbox tenant through the environment, so a browser
  // visitor sees data as soon as the container opens (activation stays lazy).
  if (process.env.ENTRA_ZENDESK_SANDBOX === '1') void vscode.commands.executeCommand(CommandIds.startSandbox);
  log.info('activation', 'Entra → Zendesk Provisioning activated');
  return { session, trees, entraJob };
}

export function deactivate(): void {
  // Everything, the sandbox's servers included, is disposed through context.subscriptions.
}
