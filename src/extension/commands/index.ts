/**
 * Every command of the extension, registered through the one error wrapper (../errors.ts). Commands on tree items
 * receive the item's TreeNode; from the palette they ask with a quick pick. Long operations run in a cancellable
 * progress notification whose token aborts the HTTP calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runConnectionChecks } from '../../app/connection-checks';
import { readConfigFile } from '../../app/config-file';
import { runSync, trialProvision, type EngineRun, type SyncMode, type SyncResult } from '../../app/engine-run';
import { API_TOKEN_RETIREMENT_WARNING } from '../../clients/zendesk';
import { createConfigText } from '../../core/config';
import { WatermarkMissingError, type ProvisioningPlan, type UserPlanEntry } from '../../core/engine';
import { CommandIds, SANDBOX_SUFFIX, SecretKeys } from '../constants';
import { registerCommand, UserCancelledError } from '../errors';
import { log } from '../log';
import { vscodeCredential } from '../services/connection';
import type { ProvisioningSession } from '../services/session';
import type { NodeSpec } from '../trees/nodes';
import { USERS_PAGE_SIZE } from '../trees/nodes';
import type { SnapshotTreeProvider, TreeNode } from '../trees/provider';
import { pickAssignedUser } from './user-pick';
import { confirmationText, connectionReport, planDeletions, planDocument, scopeDocument, syncDocument, trialDocument } from './documents';

export interface CommandDeps {
  readonly session: ProvisioningSession;
  readonly zendeskUsersTree: SnapshotTreeProvider;
}

/** Opens a Markdown document beside the current editor (untitled: nothing is written to disk). */
export async function openDocument(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Active });
  return document;
}

async function withRun<T>(session: ProvisioningSession, body: (run: EngineRun) => Promise<T>): Promise<T> {
  const run = await session.openRun();
  try {
    return await body(run);
  } finally {
    run.close();
  }
}

/** A CancellationToken as an AbortSignal for the HTTP layer. */
export function abortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function specOf(arg: unknown): NodeSpec | undefined {
  return (arg as TreeNode | undefined)?.spec;
}

function suffix(session: ProvisioningSession): string {
  return session.sandbox !== undefined ? ` ${SANDBOX_SUFFIX}` : '';
}

async function ensureSnapshot(session: ProvisioningSession) {
  if (session.snapshot === undefined) await session.reload();
  const snapshot = session.snapshot;
  if (snapshot === undefined) throw new Error(session.error ?? 'The views have nothing loaded yet: set up the configuration and credentials first (see the Entra → Zendesk side bar).');
  return snapshot;
}

/** The Entra user a user command is about: the tree item's, or one picked from the assigned users (searchable). */
async function pickEntraUser(session: ProvisioningSession, arg: unknown, title: string): Promise<string> {
  const fromTree = specOf(arg)?.entraUserId ?? (typeof arg === 'string' ? arg : undefined);
  if (fromTree !== undefined) return fromTree;
  const snapshot = await ensureSnapshot(session);
  return (await pickAssignedUser(snapshot, `${title}${suffix(session)}`)).id;
}

async function trial(session: ProvisioningSession, userId: string, dryRun: boolean) {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${dryRun ? 'Dry run' : 'Provisioning'}${suffix(session)}…`, cancellable: true }, (_p, token) =>
    withRun(session, (run) => trialProvision(run, userId, { dryRun, signal: abortSignal(token) })),
  );
}

/**
 * Programmatic callers (the extension-host tests, other extensions) may pass `{ assumeYes: true }` as the last
 * argument: the "Apply" question / modal confirmation is then taken as answered yes. The UI never passes it.
 */
export interface AutomationOptions {
  readonly assumeYes?: boolean;
}

function automation(args: ReadonlyArray<unknown>): AutomationOptions {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null && 'assumeYes' in last ? (last as AutomationOptions) : {};
}

export async function trialProvisionFlow(session: ProvisioningSession, arg: unknown, offerApply: boolean, options: AutomationOptions = {}): Promise<void> {
  const userId = await pickEntraUser(session, arg, 'Trial Provision User');
  const sandbox = session.sandbox !== undefined;
  const dry = await trial(session, userId, true);
  await openDocument(trialDocument(dry, true, sandbox));
  log.info('trial', `dry run for ${dry.trial.entry.displayName}: ${dry.trial.entry.action} — ${dry.trial.entry.message}`);
  if (!offerApply || dry.displayRequests.length === 0) return;
  const apply = 'Apply';
  const choice = options.assumeYes ? apply : await vscode.window.showInformationMessage(`${dry.trial.entry.displayName}: ${dry.trial.entry.action} — ${dry.trial.entry.message}${suffix(session)}`, apply);
  if (choice !== apply) return;
  const applied = await trial(session, userId, false);
  await openDocument(trialDocument(applied, false, sandbox));
  const error = applied.trial.record.provisioningStatusInfo.errorInformation;
  log.info('trial', `applied for ${applied.trial.entry.displayName}: ${applied.trial.record.provisioningStatusInfo.status}`);
  await session.reload();
  if (error) void vscode.window.showWarningMessage(`Trial provision failed: ${error.errorCode}: ${error.reason}`);
  else void vscode.window.showInformationMessage(`Trial provision of ${applied.trial.entry.displayName} done${suffix(session)}.`);
}

function entryFor(session: ProvisioningSession, userId: string): UserPlanEntry {
  const entry = session.snapshot?.plan.users.find((e) => e.sourceId === userId);
  if (entry === undefined) throw new Error(`User ${userId} is not part of the loaded plan: refresh the views and try again.`);
  return entry;
}

export async function syncFlow(session: ProvisioningSession, mode: SyncMode, options: AutomationOptions = {}): Promise<SyncResult | undefined> {
  const sandbox = session.sandbox !== undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${mode === 'full' ? 'Full' : 'Incremental'} sync${suffix(session)}`, cancellable: true },
    (progress, token) =>
      withRun(session, async (run) => {
        progress.report({ message: 'importing and planning…' });
        let reported = 0;
        return runSync(run, {
          mode,
          signal: abortSignal(token),
          confirm: async (plan: ProvisioningPlan) => {
            if (mode === 'full') await openDocument(planDocument(plan, sandbox));
            const deletions = planDeletions(plan);
            const writes = plan.summary.writes;
            if (writes === 0) return true;
            // Incremental cycles run without a question unless they delete (the service runs them unattended).
            if (mode === 'incremental' && deletions.users + deletions.groups + deletions.memberships === 0) return true;
            const apply = 'Apply';
            const choice = options.assumeYes ? apply : await vscode.window.showWarningMessage(`Apply this plan to Zendesk?`, { modal: true, detail: confirmationText(plan, sandbox) }, apply);
            if (choice !== apply) return false;
            progress.report({ message: 'applying…' });
            return true;
          },
          onProgress: (p) => {
            const pct = p.total === 0 ? 100 : (p.done / p.total) * 100;
            progress.report({ message: `${p.phase}: ${p.done}/${p.total}${p.failed > 0 ? `, ${p.failed} failed` : ''}`, increment: pct - reported });
            reported = pct;
          },
        });
      }),
  );
  log.info('sync', syncDocument(result, sandbox).replace(/```\w*\n?/g, ''));
  if (result.declined) {
    void vscode.window.showInformationMessage('Sync not applied.');
    return result;
  }
  await session.reload();
  const counts = result.apply?.counts;
  const showLog = 'Show Log';
  const showResult = 'Show Result';
  const summary = counts ? `${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.notSent} not sent` : 'nothing to apply';
  void vscode.window.showInformationMessage(`${mode === 'full' ? 'Full' : 'Incremental'} sync done${suffix(session)}: ${summary}.`, showResult, showLog).then(async (choice) => {
    if (choice === showLog) await vscode.commands.executeCommand(CommandIds.showLog);
    if (choice === showResult) await openDocument(syncDocument(result, sandbox));
  });
  return result;
}

async function askSecret(title: string, prompt: string): Promise<string> {
  const value = await vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Enter a value, or press Escape to cancel.' : undefined) });
  if (value === undefined) throw new UserCancelledError(title);
  return value.trim();
}

async function createConfiguration(session: ProvisioningSession): Promise<string> {
  const target = session.newConfigPath();
  if (target === undefined) throw new Error('Open a folder first: the configuration lives in <folder>/.vscode/entra-zendesk.json. Or run "Start Sandbox Tenant" to try the extension without one.');
  const ask = async (prompt: string, placeHolder: string, validate?: (v: string) => string | undefined) => {
    const value = await vscode.window.showInputBox({ title: 'New Entra → Zendesk configuration', prompt, placeHolder, ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Required.' : validate?.(v.trim())) });
    if (value === undefined) throw new UserCancelledError('the new configuration');
    return value.trim();
  };
  const tenantId = await ask('Entra tenant id (Directory ID, a GUID)', '00000000-0000-0000-0000-000000000000');
  const subdomain = await ask('Zendesk subdomain (the "acme" of acme.zendesk.com)', 'acme', (v) => (/^[a-z0-9][a-z0-9-]*$/i.test(v) ? undefined : 'Only the subdomain: letters, digits and hyphens, no ".zendesk.com".'));
  const adminEmail = await ask('E-mail of the Zendesk admin the integration acts as', 'admin@example.com');
  const displayName = await ask('Display name of the Zendesk enterprise app in Entra', 'Zendesk');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, createConfigText({ tenantId, subdomain, adminEmail, displayName }), { flag: 'wx' });
  return target;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const { session } = deps;
  const reg = (id: string, title: string, fn: (...args: unknown[]) => unknown) => registerCommand(context, id, title, fn);

  reg(CommandIds.showLog, 'Show Log', () => log.show());
  reg(CommandIds.refresh, 'Refresh', () => session.reload());

  reg(CommandIds.startSandbox, 'Start Sandbox Tenant', async () => {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the sandbox tenant…' }, () => session.startSandbox());
    await session.reload();
    await vscode.commands.executeCommand('workbench.view.extension.entraZendesk');
    void vscode.window.showInformationMessage(`Sandbox tenant running ${SANDBOX_SUFFIX}: local Microsoft Graph and Zendesk emulators with demo data. Everything shown is labelled "${SANDBOX_SUFFIX}".`);
  });
  reg(CommandIds.stopSandbox, 'Stop Sandbox Tenant', async () => {
    await session.stopSandbox();
    await session.reload();
  });

  reg(CommandIds.openConfig, 'Open Configuration', async () => {
    const file = session.configPath() ?? (await createConfiguration(session));
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    void session.reload();
  });

  reg(CommandIds.testConnection, 'Test Connection', async () => {
    const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing the connection${suffix(session)}…` }, () =>
      withRun(session, (run) => runConnectionChecks(run.loaded.config, run.connections)),
    );
    await openDocument(connectionReport(checks, session.sandbox !== undefined));
    const failed = checks.filter((c) => c.status === 'fail').length;
    log.info('test-connection', `${checks.length} checks, ${failed} failed`);
    if (failed > 0) void vscode.window.showWarningMessage(`Test Connection: ${failed} check${failed === 1 ? '' : 's'} failed; the report says how to fix each.`);
  });

  reg(CommandIds.trialProvision, 'Trial Provision User', (arg, ...rest) => trialProvisionFlow(session, typeof arg === 'object' && arg !== null && 'assumeYes' in arg ? undefined : arg, true, automation([arg, ...rest])));
  reg(CommandIds.dryRun, 'Dry Run', (arg) => trialProvisionFlow(session, arg, false));
  reg(CommandIds.explainScope, 'Explain Scope', async (arg) => {
    const userId = await pickEntraUser(session, arg, 'Explain Scope');
    await openDocument(scopeDocument(entryFor(session, userId), session.sandbox !== undefined));
  });
  reg(CommandIds.showInZendesk, 'Show in Zendesk', async (arg) => {
    const spec = specOf(arg);
    const snapshot = await ensureSnapshot(session);
    const zendeskId = spec?.zendeskUserId ?? (spec?.entraUserId !== undefined ? entryFor(session, spec.entraUserId).targetId ?? undefined : undefined);
    if (zendeskId === undefined) throw new Error('This user has no Zendesk user yet: run Trial Provision first.');
    // Decision: the sandbox has no agent UI, so its user opens as the API's JSON; a real account opens the agent page.
    const url = snapshot.sandbox ? `${snapshot.zendeskUrl}/api/v2/users/${zendeskId}.json` : `${snapshot.zendeskUrl}/agent/users/${zendeskId}`;
    await vscode.env.openExternal(vscode.Uri.parse(url));
  });

  reg(CommandIds.fullSync, 'Full Sync', (...args) => syncFlow(session, 'full', automation(args)));
  reg(CommandIds.incrementalSync, 'Incremental Sync', async (...args) => {
    try {
      return await syncFlow(session, 'incremental', automation(args));
    } catch (error) {
      if (error instanceof WatermarkMissingError) throw new Error('No incremental state yet: run a Full Sync first, which records where the next incremental cycle starts.', { cause: error });
      throw error;
    }
  });

  reg(CommandIds.signIn, 'Sign in to Microsoft Entra ID', async () => {
    const vscodeChoice = { label: '$(account) Microsoft account in VS Code', detail: 'Delegated sign-in with your app registration (setting entraZendesk.entra.clientId); least-privilege scopes.', id: 'vscode' };
    const secretChoice = { label: '$(key) App secret (app-only)', detail: 'The client secret of an app registration with Application.Read.All, User.Read.All, GroupMember.Read.All.', id: 'secret' };
    const picked = await vscode.window.showQuickPick([vscodeChoice, secretChoice], { title: 'Sign in to Microsoft Entra ID', ignoreFocusOut: true });
    if (picked === undefined) throw new UserCancelledError('sign-in');
    if (picked.id === 'secret') {
      await context.secrets.store(SecretKeys.entraClientSecret, await askSecret('Entra app secret', 'The client secret value (stored in VS Code SecretStorage only)'));
    } else {
      const configPath = session.configPath();
      if (configPath === undefined) throw new Error('No configuration yet: run "Open Configuration" first (it names the tenant).');
      const account = await vscodeCredential(readConfigFile(configPath).config).signIn();
      session.setSignedInToMicrosoft(true);
      log.info('auth', `signed in to Microsoft as ${account}`);
    }
    await session.reload();
  });
  reg(CommandIds.signOut, 'Sign Out', async () => {
    await Promise.all(Object.values(SecretKeys).map((key) => context.secrets.delete(key)));
    session.setSignedInToMicrosoft(false);
    log.info('auth', 'signed out: stored secrets cleared');
    void vscode.window.showInformationMessage('Signed out: the stored Entra and Zendesk secrets were removed. (A Microsoft account stays signed in to VS Code: manage it under Accounts.)');
    await session.reload();
  });
  reg(CommandIds.setZendeskCredentials, 'Set Zendesk Credentials', async () => {
    const oauth = { label: '$(key) OAuth client secret', detail: 'Recommended: an OAuth client with client_credentials (Admin Center › Apps and integrations › APIs › OAuth clients).', id: 'oauth' };
    const token = { label: '$(warning) Legacy API token', detail: API_TOKEN_RETIREMENT_WARNING, id: 'token' };
    const picked = await vscode.window.showQuickPick([oauth, token], { title: 'Zendesk credentials', ignoreFocusOut: true });
    if (picked === undefined) throw new UserCancelledError('Zendesk credentials');
    if (picked.id === 'oauth') {
      await context.secrets.store(SecretKeys.zendeskOAuthClientSecret, await askSecret('Zendesk OAuth client secret', 'The secret of the OAuth client named in zendesk.auth.clientId (stored in SecretStorage only)'));
    } else {
      void vscode.window.showWarningMessage(API_TOKEN_RETIREMENT_WARNING);
      await context.secrets.store(SecretKeys.zendeskApiToken, await askSecret('Zendesk API token (legacy)', 'The API token of zendesk.adminEmail; set zendesk.auth.mode to "apiToken" (stored in SecretStorage only)'));
    }
    await session.reload();
  });

  reg(CommandIds.loadMore, 'Load More', (parentId) => {
    if (typeof parentId === 'string') deps.zendeskUsersTree.loadMore(parentId, USERS_PAGE_SIZE);
  });
  reg(CommandIds.showRecord, 'Show Provisioning Record', async (recordId) => {
    const record = session.snapshot?.records.find((r) => r.id === recordId);
    if (record === undefined) throw new Error('That record is no longer loaded: refresh the Provisioning Activity view.');
    const document = await vscode.workspace.openTextDocument({ content: JSON.stringify(record, null, 2), language: 'json' });
    await vscode.window.showTextDocument(document, { preview: true });
  });
}
