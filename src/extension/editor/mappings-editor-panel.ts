/**
 * The "Edit Mappings and Scope" webview panel: a thin shell that renders the page, moves messages between the webview
 * and `EditorController`, and restores itself after a reload through a `WebviewPanelSerializer`. All logic lives in
 * the controller (unit-tested without VS Code).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { EditorController, type EditorConfigFile, type EditorDiscovery, type PreviewUserSource } from './editor-controller';
import { renderEditorHtml } from './editor-html';
import { CommandIds } from '../constants';

export const MAPPINGS_EDITOR_VIEW_TYPE = 'entraZendesk.mappingsEditor';
export const EDIT_MAPPINGS_COMMAND = CommandIds.editMappings;

export interface MappingsEditorDeps {
  /** The configuration file to edit (e.g. the workspace's `.vscode/entra-zendesk.json`); undefined = none open. */
  readonly configFile: () => Promise<EditorConfigFile | undefined>;
  readonly users: PreviewUserSource;
  readonly discovery?: EditorDiscovery;
  readonly onSaved?: (origin: string) => void;
}

/** `vscode.workspace.fs` as an EditorConfigFile. */
export function workspaceConfigFile(uri: vscode.Uri): EditorConfigFile {
  return {
    origin: uri.scheme === 'file' ? uri.fsPath : uri.toString(),
    read: async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
    write: async (text) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text)),
  };
}

/** Only the built webview bundle and media may load (reference §5); re-applied on revive, as old paths go stale. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class MappingsEditorPanel implements vscode.Disposable {
  private static current: MappingsEditorPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static async createOrShow(extensionUri: vscode.Uri, deps: MappingsEditorDeps): Promise<void> {
    if (MappingsEditorPanel.current) {
      MappingsEditorPanel.current.panel.reveal();
      return;
    }
    const file = await deps.configFile();
    if (file === undefined) {
      void vscode.window.showWarningMessage('Open a folder with .vscode/entra-zendesk.json (or create one) to edit mappings and scope.');
      return;
    }
    const panel = vscode.window.createWebviewPanel(MAPPINGS_EDITOR_VIEW_TYPE, 'Mappings and Scope', vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri),
      // Decision (reference §5): no retainContextWhenHidden; the webview keeps its draft with setState.
      retainContextWhenHidden: false,
    });
    MappingsEditorPanel.current = new MappingsEditorPanel(panel, extensionUri, file, deps);
  }

  static async revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, deps: MappingsEditorDeps): Promise<void> {
    panel.webview.options = webviewOptions(extensionUri);
    const file = await deps.configFile();
    if (file === undefined) {
      panel.dispose();
      return;
    }
    MappingsEditorPanel.current = new MappingsEditorPanel(panel, extensionUri, file, deps);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, file: EditorConfigFile, deps: MappingsEditorDeps) {
    const controller = new EditorController({
      file,
      users: deps.users,
      ...(deps.discovery ? { discovery: deps.discovery } : {}),
      post: (message) => void panel.webview.postMessage(message),
      ...(deps.onSaved ? { onSaved: deps.onSaved } : {}),
    });
    const webview = panel.webview;
    const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
    webview.html = renderEditorHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('main.js'),
      styleUri: asset('main.css'),
      title: 'Mappings and Scope',
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void controller.handleMessage(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (MappingsEditorPanel.current === this) MappingsEditorPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}

/**
 * Registers the "Edit Mappings and Scope" command and the panel serializer. The lead adds to package.json:
 * the command `entraZendesk.editMappings` and the activation event `onWebviewPanel:entraZendesk.mappingsEditor`.
 */
export function registerMappingsEditor(context: vscode.ExtensionContext, deps: MappingsEditorDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EDIT_MAPPINGS_COMMAND, () => MappingsEditorPanel.createOrShow(context.extensionUri, deps)),
    vscode.window.registerWebviewPanelSerializer(MAPPINGS_EDITOR_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => MappingsEditorPanel.revive(panel, context.extensionUri, deps),
    }),
  );
}
