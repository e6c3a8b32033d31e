/**
 * The Entra provisioning job commands: Push Configuration to Entra, Import Configuration from Entra, Validate
 * Credentials, Provision on Demand via Entra, Start / Pause / Restart, Compare Expression with Entra, Refresh. They drive
 * Microsoft's own provisioning service through the `EntraProvisioningJob` facade (the CLI's verbs call the same one),
 * run long calls in a cancellable progress notification, and refresh the "Entra Provisioning Job" view afterwards.
 *
 * Programmatic callers (the extension-host tests, other extensions) pass a {@link JobCommandOptions} object as the last
 * argument to skip the prompts; the UI never does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESET_OPTIONS, type CredentialCheck, type ExpressionComparison, type PushResult } from '../../clients/graph/entra-job';
import type { OnDemandOutcome, ResetScopeFlag } from '../../clients/graph/synchronization-client';
import { API_TOKEN_RETIREMENT_WARNING } from '../../clients/zendesk';
import type { ZendeskCredentials } from '../../core/sync-schema';
import { CommandIds, SANDBOX_SUFFIX, SecretKeys } from '../constants';
import { registerCommand, UserCancelledError } from '../errors';
import { log, registerSecrets } from '../log';
import { withEntraJob } from '../services/entra-job-access';
import type { ProvisioningSession } from '../services/session';
import type { EntraJobTreeProvider } from '../trees/job-tree';
import type { TreeNode } from '../trees/provider';
import { abortSignal, openDocument } from './index';
import { pickAssignedUser, type PickedUser } from './user-pick';
import { comparisonDocument, importReport, onDemandDocument, pushPlanDocument, pushResultText } from './job-documents';

/** Answers to the prompts, for programmatic callers. */
export interface JobCommandOptions {
  /** Confirmations (push, overwrite, ForceDeletes) are taken as answered yes. */
  readonly assumeYes?: boolean;
  /** Push / Validate Credentials: the Zendesk API token (else asked for, when needed). */
  readonly apiToken?: string;
  /** Provision on Demand / Compare Expression: an Entra user id or user principal name. */
  readonly user?: string;
  /** Compare Expression: the expression. */
  readonly expression?: string;
  /** Restart: the reset flags (an empty list = the service's default restart). */
  readonly resetScope?: ReadonlyArray<ResetScopeFlag>;
  /** Import: the file to write (default: the workspace's .vscode/entra-zendesk.json). */
  readonly target?: string;
  /** Import into an existing file: `update` keeps its comments and order; `overwrite` replaces it. */
  readonly importMode?: 'update' | 'overwrite';
}

const OPTION_KEYS = ['assumeYes', 'apiToken', 'user', 'expression', 'resetScope', 'target', 'importMode'];

function optionsOf(args: ReadonlyArray<unknown>): JobCommandOptions {
  const last = args[args.length - 1];
  return typeof last === 'object' && last !== null && !('spec' in last) && Object.keys(last).some((k) => OPTION_KEYS.includes(k)) ? (last as JobCommandOptions) : {};
}

/** The Entra user a command got: a tree item's, a string argument, or the options' `user`. */
function userArgument(args: ReadonlyArray<unknown>): string | undefined {
  const first = args[0];
  if (typeof first === 'string' && first.trim() !== '') return first.trim();
  const fromTree = (first as TreeNode | undefined)?.spec?.entraUserId;
  return fromTree ?? optionsOf(args).user;
}

function suffix(session: ProvisioningSession): string {
  return session.sandbox !== undefined ? ` ${SANDBOX_SUFFIX}` : '';
}

async function progress<T>(title: string, body: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Promise<T> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (p, token) => body(abortSignal(token), (message) => p.report({ message })));
}

/** Picks an assigned Entra user from the loaded snapshot (searchable); returns its id. */
async function pickUser(session: ProvisioningSession, title: string): Promise<PickedUser> {
  if (session.snapshot === undefined) await session.reload();
  const snapshot = session.snapshot;
  if (snapshot === undefined) throw new Error(session.error ?? 'The assigned users are not loaded yet: set up the configuration and credentials first (see the Entra → Zendesk side bar), or pass a user id.');
  return pickAssignedUser(snapshot, `${title}${suffix(session)}`);
}

function userLabel(session: ProvisioningSession, id: string): string {
  const graph = session.snapshot?.model.entra.users.get(id)?.graph;
  return graph?.displayName ?? graph?.userPrincipalName ?? id;
}

/**
 * A Zendesk API token known without asking: the argument, the legacy `apiToken` mode's token in SecretStorage (the same
 * admin's token), or the sandbox's own (fake) token, which its user cannot know.
 */
async function knownApiToken(context: vscode.ExtensionContext, session: ProvisioningSession, options: JobCommandOptions): Promise<string | undefined> {
  if (options.apiToken !== undefined) return options.apiToken;
  const stored = await context.secrets.get(SecretKeys.zendeskApiToken);
  if (stored !== undefined && stored !== '') return stored;
  return session.sandbox?.zendesk.apiToken;
}

/**
 * Asks for the Zendesk API token. The Entra gallery connector only takes an API token (reference §4.2), so the
 * retirement dates are shown with the question.
 * Decision: the token goes to the job's secrets only; this extension never stores it (SecretStorage holds a token only
 * when the admin set one for the legacy `apiToken` mode).
 */
async function askApiToken(): Promise<string> {
  void vscode.window.showWarningMessage(`The Zendesk connector in Entra authenticates with an API token only. ${API_TOKEN_RETIREMENT_WARNING}`);
  const token = await vscode.window.showInputBox({
    title: 'Zendesk API token for the Entra provisioning job',
    prompt: 'The API token of the Zendesk admin in zendesk.adminEmail (Admin Center › Apps and integrations › APIs › Zendesk API, Token Access on). Sent to the job\'s secrets only; never stored by this extension.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'Enter the token, or press Escape to cancel.' : /\s/.test(v.trim()) ? 'The token has no spaces: paste it exactly as Zendesk showed it.' : undefined),
  });
  if (token === undefined) throw new UserCancelledError('the API token');
  return token.trim();
}

async function confirm(options: JobCommandOptions, message: string, detail: string, action: string): Promise<boolean> {
  if (options.assumeYes) return true;
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

/** Reads the text the user selected in the active editor; a selected JSON string literal is unquoted. */
function selectedExpression(): string {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.selection.isEmpty) return '';
  const text = editor.document.getText(editor.selection).trim();
  if (/^".*"$/s.test(text)) {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value === 'string') return value;
    } catch {
      // Not a JSON string literal: take the selection as written.
    }
  }
  return text;
}

export function registerJobCommands(context: vscode.ExtensionContext, session: ProvisioningSession, view: EntraJobTreeProvider): void {
  const reg = (id: string, title: string, fn: (...args: unknown[]) => Promise<unknown>) =>
    registerCommand(context, id, title, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } finally {
        // Every command leaves the view current (also after a failure: the job may have changed half-way).
        await view.refreshIfVisible();
      }
    });

  // Refresh reads the job even while the view is hidden: it is the user (or a test) asking.
  registerCommand(context, CommandIds.refreshEntraJob, 'Refresh Entra Provisioning Job', async () => {
    await view.load();
    return view.state;
  });

  reg(CommandIds.pushToEntra, 'Push Configuration to Entra', async (...args): Promise<PushResult | undefined> => {
    const options = optionsOf(args);
    const sandbox = session.sandbox !== undefined;
    // Decision: the job is created from the Zendesk template (disabled: nothing runs) before the review, so the diff is
    // against what Entra really holds; declining the push leaves that empty job, as the portal's "Get started" does.
    return withEntraJob(
      session,
      async (job, run) => {
        const config = run.loaded.config;
        const { plan, code } = await progress(`Reading the Entra provisioning job${suffix(session)}…`, async (signal) => {
          const [planned, overview] = await Promise.all([job.planPush(config, { signal }), job.overview({ signal })]);
          return { plan: planned, code: overview.code };
        });
        // A job that never had credentials needs the API token; one that has them keeps them unless the admin replaces
        // them. A token known without asking (argument, SecretStorage, sandbox) is always sent: the secret set is
        // then complete, and nothing is skipped.
        const known = await knownApiToken(context, session, options);
        const mustAsk = code === 'NotConfigured' && known === undefined;
        await openDocument(pushPlanDocument(plan, sandbox, mustAsk || known !== undefined));
        const current = new Map((plan.currentJobSettings ?? []).map((s) => [s.name, s.value]));
        const changedSettings = plan.jobSettings.filter((s) => current.get(s.name) !== s.value);
        const detail = [
          plan.changes.length === 0 ? 'The schema already matches.' : `${plan.changes.length} schema change(s): the next cycle re-evaluates every user.`,
          plan.unsupported.length > 0 ? `${plan.unsupported.length} setting(s) cannot be expressed in the job (listed in the document).` : '',
          changedSettings.length > 0 ? `Job settings: ${changedSettings.map((s) => `${s.name} → ${s.value}`).join(', ')}.` : '',
          mustAsk
            ? 'The job has no Zendesk credentials yet: you are asked for the API token next.'
            : known !== undefined
              ? `The Zendesk credentials (${plan.credentialKeys.join(', ')}) are written to the job's secrets too.`
              : 'The Zendesk credentials the job holds are kept.',
        ].filter((s) => s !== '').join('\n\n');
        const push = 'Push';
        const replace = 'Push and Replace API Token…';
        const choice = options.assumeYes
          ? push
          : await vscode.window.showWarningMessage(`Push the configuration to the Entra provisioning job of "${plan.target.servicePrincipalName}"${suffix(session)}?`, { modal: true, detail }, ...(mustAsk || known !== undefined ? [push] : [push, replace]));
        if (choice === undefined) {
          void vscode.window.showInformationMessage('Push cancelled: nothing was sent to Entra.');
          return undefined;
        }
        let credentials: ZendeskCredentials | undefined;
        if (known !== undefined || mustAsk || choice === replace) {
          const apiToken = known ?? (await askApiToken());
          registerSecrets([apiToken]);
          credentials = { adminEmail: config.zendesk.adminEmail, apiToken, subdomain: config.zendesk.subdomain };
        }
        const result = await progress(`Pushing to Entra${suffix(session)}…`, (signal) => job.push(plan, config, { signal, ...(credentials !== undefined ? { credentials } : {}) }));
        const text = pushResultText(result, sandbox);
        log.info('entra-job', text);
        if (result.secretsSkipped !== undefined) {
          void vscode.window.showWarningMessage(text, replace).then(async (again) => {
            if (again === replace) await vscode.commands.executeCommand(CommandIds.pushToEntra, { apiToken: await askApiToken() });
          });
        } else {
          void vscode.window.showInformationMessage(text);
        }
        return result;
      },
      { createIfMissing: true },
    );
  });

  reg(CommandIds.importFromEntra, 'Import Configuration from Entra', async (...args) => {
    const options = optionsOf(args);
    const target = options.target ?? session.newConfigPath();
    if (target === undefined) throw new Error('Open a folder first: the imported configuration is written to <folder>/.vscode/entra-zendesk.json.');
    const existingText = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    let mode: 'new' | 'update' | 'overwrite' = existingText === undefined ? 'new' : (options.importMode ?? 'update');
    if (existingText !== undefined && options.importMode === undefined && !options.assumeYes) {
      const update = 'Update in Place';
      const overwrite = 'Overwrite';
      const choice = await vscode.window.showWarningMessage(
        `${path.basename(target)} already exists. Update it with the job's mappings and scope, or replace it?`,
        { modal: true, detail: 'Update in Place keeps your comments, order and settings the job does not hold. Overwrite writes a new file from the job (identity from the current configuration).' },
        update,
        overwrite,
      );
      if (choice === undefined) throw new UserCancelledError('the import');
      mode = choice === overwrite ? 'overwrite' : 'update';
    }
    const imported = await withEntraJob(session, (job, run) =>
      progress(`Importing from the Entra provisioning job${suffix(session)}…`, (signal) =>
        // Decision: a new file takes its identity (tenant, Zendesk subdomain and admin) from the active configuration:
        // the job's saved secrets, which hold Domain and UserName, cannot be read back on v1.0 (reference §8.5).
        job.importConfig({
          signal,
          tenantId: run.loaded.config.entra.tenantId,
          identity: { subdomain: run.loaded.config.zendesk.subdomain, adminEmail: run.loaded.config.zendesk.adminEmail },
          ...(mode === 'update' && existingText !== undefined ? { existingText } : {}),
        }),
      ),
    );
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, imported.text);
    log.info('entra-job', `imported the job's configuration into ${target} (${mode}); ${imported.unsupported.length} item(s) not expressible`);
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
    if (imported.unsupported.length > 0 || imported.warnings.length > 0) await openDocument(importReport(target, imported.unsupported, imported.warnings, session.sandbox !== undefined));
    if (target === session.configPath()) await session.reload();
    void vscode.window.showInformationMessage(`Imported the Entra job's configuration into ${path.basename(path.dirname(target))}/${path.basename(target)}${imported.unsupported.length > 0 ? ` — ${imported.unsupported.length} item(s) could not be expressed (see the report)` : ''}.`);
    return { path: target, mode, unsupported: imported.unsupported, warnings: imported.warnings };
  });

  reg(CommandIds.validateEntraCredentials, 'Validate Entra Job Credentials', async (...args): Promise<CredentialCheck> => {
    const options = optionsOf(args);
    const check = await withEntraJob(session, async (job, run) => {
      const config = run.loaded.config;
      const credentials: ZendeskCredentials | undefined = options.apiToken !== undefined ? { adminEmail: config.zendesk.adminEmail, apiToken: options.apiToken, subdomain: config.zendesk.subdomain } : undefined;
      if (credentials !== undefined) registerSecrets([credentials.apiToken]);
      return progress(`Validating the job's Zendesk credentials${suffix(session)}…`, (signal) => job.validateCredentials(credentials, { signal }));
    });
    if (check.ok) void vscode.window.showInformationMessage(`Entra validated the Zendesk credentials${suffix(session)}: the provisioning service can reach Zendesk.`);
    else void vscode.window.showWarningMessage(`Entra refused the Zendesk credentials: ${check.message} Fix: ${check.fix}`);
    log.info('entra-job', check.ok ? 'credentials valid' : `credentials refused: ${check.message}`);
    return check;
  });

  reg(CommandIds.provisionOnDemandViaEntra, 'Provision on Demand via Entra', async (...args): Promise<OnDemandOutcome> => {
    const given = userArgument(args);
    const user = given !== undefined ? { id: given, label: userLabel(session, given) } : await pickUser(session, 'Provision on Demand via Entra');
    const outcome = await withEntraJob(session, (job) => progress(`Provisioning ${user.label} through Entra${suffix(session)}…`, (signal) => job.provisionOnDemand(user.id, { signal })));
    await openDocument(onDemandDocument(outcome, user.label, session.sandbox !== undefined));
    log.info('entra-job', `on demand for ${user.label}: ${outcome.result}${outcome.errorCode ? ` (${outcome.errorCode})` : ''}`);
    if (outcome.result === 'Failure') void vscode.window.showWarningMessage(`Provision on demand of ${user.label} failed: ${outcome.errorCode ?? ''} ${outcome.errorMessage ?? ''}`.trim());
    return outcome;
  });

  reg(CommandIds.startEntraJob, 'Start Entra Provisioning Job', async () => {
    await withEntraJob(session, (job) => progress(`Starting the Entra provisioning job${suffix(session)}…`, (signal) => job.start({ signal })));
    void vscode.window.showInformationMessage(`Entra provisioning job started${suffix(session)}: cycles run on the service's schedule (about every 40 minutes).`);
  });

  reg(CommandIds.pauseEntraJob, 'Pause Entra Provisioning Job', async () => {
    await withEntraJob(session, (job) => progress(`Pausing the Entra provisioning job${suffix(session)}…`, (signal) => job.pause({ signal })));
    void vscode.window.showInformationMessage(`Entra provisioning job paused${suffix(session)}: no cycles run until you start it; its state is kept.`);
  });

  reg(CommandIds.restartEntraJob, 'Restart Entra Provisioning Job', async (...args) => {
    const options = optionsOf(args);
    let flags: ReadonlyArray<ResetScopeFlag>;
    if (options.resetScope !== undefined) {
      flags = options.resetScope;
    } else {
      const items = RESET_OPTIONS.map((o) => ({ label: o.label, description: o.flag, detail: o.detail, flag: o.flag }));
      const picked = await vscode.window.showQuickPick(items, {
        title: `Restart the Entra provisioning job${suffix(session)}`,
        placeHolder: 'Pick what to reset (none picked = the portal\'s "Restart provisioning")',
        canPickMany: true,
        matchOnDetail: true,
        ignoreFocusOut: true,
      });
      if (picked === undefined) throw new UserCancelledError('the restart');
      flags = picked.map((p) => p.flag);
    }
    if (flags.includes('ForceDeletes')) {
      const ok = await confirm(
        options,
        `Apply the deletions held back by the accidental-deletion threshold${suffix(session)}?`,
        'ForceDeletes ("Allow deletes") lets the next cycle disable or delete every Zendesk account the threshold stopped. Review the staged deletions in the provisioning logs first; this cannot be undone from here.',
        'Allow Deletes',
      );
      if (!ok) throw new UserCancelledError('the restart');
    }
    await withEntraJob(session, (job) => progress(`Restarting the Entra provisioning job${suffix(session)}…`, (signal) => job.restart(flags, { signal })));
    const what = flags.length === 0 ? 'default reset' : flags.join(', ');
    log.info('entra-job', `restarted (${what})`);
    void vscode.window.showInformationMessage(`Entra provisioning job restarted (${what})${suffix(session)}.`);
    return flags;
  });

  reg(CommandIds.compareExpressionWithEntra, 'Compare Expression with Entra', async (...args): Promise<ExpressionComparison> => {
    const options = optionsOf(args);
    let given = options.expression ?? (typeof args[0] === 'string' ? args[0] : undefined);
    if (given === undefined) {
      const typed = await vscode.window.showInputBox({
        title: `Compare Expression with Entra${suffix(session)}`,
        prompt: 'An attribute-mapping expression, evaluated by this tool and by Entra\'s parseExpression on one user',
        value: selectedExpression(),
        placeHolder: 'Join(" ", [givenName], [surname])',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Enter an expression, or press Escape to cancel.' : undefined),
      });
      if (typed === undefined) throw new UserCancelledError('the expression');
      given = typed.trim();
    }
    const expression = given;
    const user = options.user !== undefined ? { id: options.user, label: userLabel(session, options.user) } : await pickUser(session, 'Compare Expression with Entra: evaluate on');
    const comparison = await withEntraJob(session, (job) => progress(`Evaluating with Entra${suffix(session)}…`, (signal) => job.compareExpression(expression, user.id, { signal })));
    await openDocument(comparisonDocument(comparison, user.label, session.sandbox !== undefined));
    if (!comparison.agree) void vscode.window.showWarningMessage(`This tool and Entra disagree: ${comparison.verdict}`);
    return comparison;
  });
}
