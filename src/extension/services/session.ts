/**
 * The provisioning session: which configuration is active (the workspace's `.vscode/entra-zendesk.json`, or the
 * sandbox tenant's while it runs), which credentials are present, the connection state the views' welcome content
 * follows, and the last imported snapshot the trees show. One instance per extension host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readConfigFile } from '../../app/config-file';
import type { EngineRun } from '../../app/engine-run';
import { startLocalSandbox, type LocalSandbox } from '../../app/local-sandbox';
import { readLogRecords } from '../../app/state-files';
import { buildPlan, importModel, type ImportedModel, type ProvisioningObjectSummary, type ProvisioningPlan } from '../../core/engine';
import { CONFIG_RELATIVE_PATH, ContextKeys, SecretKeys, ViewIds, type ConnectionState } from '../constants';
import { log } from '../log';
import { missingCredentials, openExtensionRun, readStoredSecrets } from './connection';

/** What the trees show: one full import, the plan computed from it (scope verdicts, matches) and the log records. */
export interface Snapshot {
  readonly model: ImportedModel;
  readonly plan: ProvisioningPlan;
  readonly records: ReadonlyArray<ProvisioningObjectSummary>;
  readonly sandbox: boolean;
  readonly zendeskUrl: string;
  readonly loadedAt: Date;
}

/**
 * Decision: the sandbox's Zendesk runs 10× faster than real time (bulk jobs, rate-limit windows, per-user update
 * pacing), so a trial or a sync on the demo data takes seconds, not minutes; the client is told the same scale.
 */
export const SANDBOX_TIME_SCALE = 10;

export class ProvisioningSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the state or the snapshot changes: trees and the status bar refresh. */
  readonly onDidChange = this.changed.event;
  private currentState: ConnectionState = 'loading';
  private currentSnapshot: Snapshot | undefined;
  private lastError: string | undefined;
  private sandboxInstance: LocalSandbox | undefined;
  private sandboxConfigPath: string | undefined;
  private signedInToMicrosoft = false;
  private loadGeneration = 0;

  constructor(private readonly context: vscode.ExtensionContext) {
    context.subscriptions.push(this.changed, context.secrets.onDidChange(() => void this.reload()));
  }

  get state(): ConnectionState {
    return this.currentState;
  }
  get snapshot(): Snapshot | undefined {
    return this.currentSnapshot;
  }
  get error(): string | undefined {
    return this.lastError;
  }
  get sandbox(): LocalSandbox | undefined {
    return this.sandboxInstance;
  }

  /** The active configuration file: the sandbox's while it runs, else the first workspace folder's. */
  configPath(): string | undefined {
    if (this.sandboxConfigPath !== undefined) return this.sandboxConfigPath;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const file = path.join(folder.uri.fsPath, CONFIG_RELATIVE_PATH);
      if (fs.existsSync(file)) return file;
    }
    return undefined;
  }

  /** Where a new configuration file goes (first workspace folder). */
  newConfigPath(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return folder === undefined ? undefined : path.join(folder.uri.fsPath, CONFIG_RELATIVE_PATH);
  }

  setSignedInToMicrosoft(value: boolean): void {
    this.signedInToMicrosoft = value;
  }

  private setState(state: ConnectionState, error?: string): void {
    this.currentState = state;
    this.lastError = error;
    void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    this.changed.fire();
  }

  /** Opens an engine run on the active configuration; the caller closes it. Throws with the fix when not possible. */
  /** `requireZendesk: false` for Graph-only work (the Entra provisioning job), which needs no Zendesk credentials. */
  async openRun(options: { requireZendesk?: boolean } = {}): Promise<EngineRun> {
    const configPath = this.configPath();
    if (configPath === undefined) throw new Error(`No ${CONFIG_RELATIVE_PATH} in the workspace: run "Open Configuration" to create one, or "Start Sandbox Tenant" to try the extension on local emulators.`);
    const secrets = await readStoredSecrets(this.context.secrets);
    return openExtensionRun({
      configPath,
      secrets,
      ...options,
      ...(this.sandboxInstance !== undefined ? { caCertPath: this.sandboxInstance.graph.caCertPath, zendeskTimeScale: SANDBOX_TIME_SCALE } : {}),
    });
  }

  /** Re-reads the configuration and credentials and, when complete, imports both sides for the trees. */
  async reload(): Promise<void> {
    const generation = ++this.loadGeneration;
    const configPath = this.configPath();
    if (configPath === undefined) return this.setState('noConfig');
    this.setState('loading');
    try {
      const config = readConfigFile(configPath).config;
      const secrets = await readStoredSecrets(this.context.secrets);
      const missing = missingCredentials(config, secrets, this.signedInToMicrosoft);
      if (missing !== null) {
        if (generation === this.loadGeneration) this.setState(missing === 'entra' ? 'signedOut' : 'noZendeskCredentials');
        return;
      }
      const snapshot = await vscode.window.withProgress({ location: { viewId: ViewIds.assignments } }, () => this.importSnapshot());
      if (generation !== this.loadGeneration) return;
      this.currentSnapshot = snapshot;
      this.setState('ready');
      log.info('views', `loaded ${snapshot.model.entra.users.size} Entra users and ${snapshot.model.zendesk.users.size} Zendesk users${snapshot.sandbox ? ' (sandbox)' : ''}`);
    } catch (error) {
      if (generation !== this.loadGeneration) return;
      const message = error instanceof Error ? error.message : String(error);
      log.error('views', `loading failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      this.setState(/not signed in/i.test(message) ? 'signedOut' : 'error', message);
    }
  }

  private async importSnapshot(): Promise<Snapshot> {
    const run = await this.openRun();
    try {
      const state = await run.store.load();
      const model = await importModel(run.connections.ports, run.compiled, state);
      const plan = buildPlan(run.compiled, model, state, { now: run.now() });
      return {
        model,
        plan,
        records: readLogRecords(run.logFile),
        sandbox: this.sandboxInstance !== undefined,
        zendeskUrl: run.loaded.config.endpoints.zendeskBaseUrl,
        loadedAt: new Date(),
      };
    } finally {
      run.close();
    }
  }

  /**
   * Starts both emulators in this extension host with the demo seeds, writes a configuration for them into the
   * extension's global storage and stores their secrets in SecretStorage.
   * Decision: the sandbox never writes into the user's workspace (a real configuration there stays untouched); while
   * it runs, its configuration is the active one, and everything shown carries "(sandbox)".
   */
  async startSandbox(): Promise<LocalSandbox> {
    if (this.sandboxInstance !== undefined) return this.sandboxInstance;
    const sandbox = await startLocalSandbox({ zendeskTimeScale: SANDBOX_TIME_SCALE });
    const folder = path.join(this.context.globalStorageUri.fsPath, 'sandbox');
    const configPath = path.join(folder, CONFIG_RELATIVE_PATH);
    fs.mkdirSync(path.dirname(configPath), { recursive: true });
    // A fresh tenant each start: the old state and log belong to emulators that are gone.
    for (const stale of ['entra-zendesk.state.json', 'entra-zendesk.log.jsonl']) fs.rmSync(path.join(path.dirname(configPath), stale), { force: true });
    fs.writeFileSync(configPath, sandbox.configText());
    this.sandboxInstance = sandbox;
    this.sandboxConfigPath = configPath;
    await this.context.secrets.store(SecretKeys.entraClientSecret, sandbox.env.AZURE_CLIENT_SECRET);
    await this.context.secrets.store(SecretKeys.zendeskOAuthClientSecret, sandbox.env.ZENDESK_OAUTH_CLIENT_SECRET);
    await this.context.secrets.delete(SecretKeys.zendeskApiToken);
    await vscode.commands.executeCommand('setContext', ContextKeys.sandbox, true);
    log.info('sandbox', `started: Graph ${sandbox.graph.url}, Zendesk ${sandbox.zendesk.url}; configuration ${configPath}`);
    return sandbox;
  }

  async stopSandbox(): Promise<void> {
    const sandbox = this.sandboxInstance;
    if (sandbox === undefined) return;
    this.sandboxInstance = undefined;
    this.sandboxConfigPath = undefined;
    this.currentSnapshot = undefined;
    // Its secrets are worthless once it is gone; a real tenant's would be set again by the user.
    await Promise.all(Object.values(SecretKeys).map((key) => this.context.secrets.delete(key)));
    await vscode.commands.executeCommand('setContext', ContextKeys.sandbox, false);
    await sandbox.close();
    log.info('sandbox', 'stopped');
  }

  async dispose(): Promise<void> {
    this.loadGeneration++;
    await this.sandboxInstance?.close();
    this.sandboxInstance = undefined;
  }
}
