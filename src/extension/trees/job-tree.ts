/**
 * The "Entra Provisioning Job" view: Microsoft's provisioning job for the Zendesk enterprise app, read through the Graph
 * synchronization API (status, schedule, quarantine, last cycle, recent provisioning logs → steps).
 *
 * Lazy: nothing is read at activation. The first `getChildren` (VS Code calls it when the view is first shown) starts
 * the load; later changes (a command, the session reloading, Refresh) reload at once while the view is visible and
 * otherwise mark it stale, to be reloaded when it becomes visible again. Until `ready`, the roots are `[]` and the
 * `entraZendesk:entraJobState` context key picks the welcome content; the view's `message` carries the exact error.
 */
import * as vscode from 'vscode';
import { ContextKeys, ENTRA_JOB_VIEW_ID, type EntraJobViewState } from '../constants';
import { log } from '../log';
import { isNoJobError, missingPermission, withEntraJob } from '../services/entra-job-access';
import type { ProvisioningSession } from '../services/session';
import { jobNodes, type JobLogs, type JobViewData } from './job-nodes';
import type { NodeSpec } from './nodes';
import { NodeTreeProvider, type TreeNode } from './provider';

/** Provisioning-log records the view lists (newest first). */
export const RECENT_LOG_RECORDS = 25;

export class EntraJobTreeProvider extends NodeTreeProvider implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private currentState: EntraJobViewState = 'idle';
  private currentData: JobViewData | undefined;
  private lastError: string | undefined;
  private view: vscode.TreeView<TreeNode> | undefined;
  private stale = false;
  private generation = 0;
  /** The session's state and configuration when last seen: the job depends on both (e.g. the sandbox starting). */
  private sessionKey: string;

  constructor(private readonly session: ProvisioningSession) {
    super(ENTRA_JOB_VIEW_ID);
    this.sessionKey = this.keyOf(session);
    this.disposables.push(
      this.emitter,
      // The job is read with the session's configuration and credentials: when those settle differently, re-read.
      session.onDidChange(() => {
        if (session.state === 'loading') return;
        const key = this.keyOf(session);
        if (key === this.sessionKey) return;
        this.sessionKey = key;
        if (this.currentState !== 'idle') void this.refreshIfVisible();
      }),
    );
  }

  private keyOf(session: ProvisioningSession): string {
    return `${session.state}|${session.configPath() ?? ''}`;
  }

  get state(): EntraJobViewState {
    return this.currentState;
  }
  /** The last overview and logs read (kept while a reload runs). */
  get data(): JobViewData | undefined {
    return this.currentData;
  }
  get error(): string | undefined {
    return this.lastError;
  }

  /** Binds the tree view: a stale view reloads when it becomes visible. */
  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) void this.load();
      }),
    );
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** After a command: reload now when shown, else when next shown. Never throws (errors become the view's state). */
  async refreshIfVisible(): Promise<void> {
    if (this.visible) return this.load();
    this.stale = true;
  }

  /** Reads the job's overview and recent logs; when loads overlap, the newest one's result is shown. Never throws. */
  load(): Promise<void> {
    this.stale = false;
    return this.read(++this.generation);
  }

  private async read(generation: number): Promise<void> {
    const blocked = this.blockedBySession();
    if (blocked !== undefined) return this.settle(generation, blocked);
    // A reload keeps the rows shown (progress runs in the view's title); only a first load shows "Loading…".
    if (this.currentState !== 'ready') this.setState('loading');
    try {
      const data = await vscode.window.withProgress({ location: { viewId: ENTRA_JOB_VIEW_ID } }, () =>
        withEntraJob(this.session, async (job) => {
          const overview = await job.overview();
          let logs: JobLogs;
          try {
            logs = { records: await job.recentLogs({ max: RECENT_LOG_RECORDS }) };
          } catch (error) {
            // The logs are the reports API (own permission, own throttle): the rest of the view still shows.
            const message = error instanceof Error ? error.message : String(error);
            const permission = missingPermission(error);
            log.warn('entra-job', `provisioning logs could not be read: ${message}`);
            logs = { error: message, ...(permission !== undefined ? { permission } : {}) };
          }
          return { overview, logs, sandbox: this.session.sandbox !== undefined };
        }),
      );
      if (generation !== this.generation) return;
      this.currentData = data;
      void vscode.commands.executeCommand('setContext', ContextKeys.entraJobStatus, data.overview.code);
      this.settle(generation, 'ready');
      log.info('entra-job', `job ${data.overview.target.jobId}: ${data.overview.code}${data.sandbox ? ' (sandbox)' : ''}`);
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof Error ? error.message : String(error);
      const permission = missingPermission(error);
      const state: EntraJobViewState = permission !== undefined ? 'permission' : isNoJobError(error) ? 'noJob' : /not signed in/i.test(message) ? 'signedOut' : 'error';
      if (state !== 'noJob') log.error('entra-job', `reading the Entra provisioning job failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      this.currentData = undefined;
      void vscode.commands.executeCommand('setContext', ContextKeys.entraJobStatus, undefined);
      this.settle(generation, state, permission !== undefined ? `Missing Microsoft Graph permission ${permission}. ${message}` : message);
    }
  }

  /**
   * The session states in which the job cannot be read: no configuration, or not signed in to Entra. Zendesk
   * credentials are not needed: the job is driven through Graph only.
   */
  private blockedBySession(): EntraJobViewState | undefined {
    if (this.session.configPath() === undefined) return 'noConfig';
    return this.session.state === 'signedOut' ? 'signedOut' : undefined;
  }

  private settle(generation: number, state: EntraJobViewState, error?: string): void {
    if (generation !== this.generation) return;
    this.setState(state, error);
  }

  private setState(state: EntraJobViewState, error?: string): void {
    this.currentState = state;
    this.lastError = error;
    void vscode.commands.executeCommand('setContext', ContextKeys.entraJobState, state);
    // The exact reason above the welcome of an error (the welcome text is static); "no job yet" needs none.
    if (this.view !== undefined) this.view.message = (state === 'error' || state === 'permission') && error !== undefined ? error : undefined;
    this.invalidate();
  }

  protected rootBuilder(): (() => NodeSpec[]) | undefined {
    if (this.currentState === 'idle') {
      void this.load();
      return undefined;
    }
    const data = this.currentData;
    if (this.currentState !== 'ready' || data === undefined) return undefined;
    return () => jobNodes(data);
  }

  /** Every node as shown, depth first (tests); nothing, and no load started, until the job has been read. */
  override flatten(): NodeSpec[] {
    return this.currentState === 'ready' ? super.flatten() : [];
  }

  dispose(): void {
    this.generation++;
    for (const d of this.disposables) d.dispose();
  }
}

/** Creates the view and its provider (registered in `context.subscriptions`). */
export function registerEntraJobView(context: vscode.ExtensionContext, session: ProvisioningSession): EntraJobTreeProvider {
  const provider = new EntraJobTreeProvider(session);
  const view = vscode.window.createTreeView(ENTRA_JOB_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  context.subscriptions.push(provider, view);
  void vscode.commands.executeCommand('setContext', ContextKeys.entraJobState, 'idle');
  return provider;
}
