/**
 * `entra-zendesk job <verb>` — the Zendesk app's provisioning job in Microsoft's own provisioning service, through the
 * Graph synchronization API (the same facade the extension uses, src/clients/graph/entra-job.ts):
 *
 *   job status [--logs N]                          state explained, quarantine with its fix, last cycle counts
 *   job push [--dry-run] [--yes]                   schema diff, then schema + settings + secrets
 *   job import [--out path] [--force]              the job's schema as a configuration file
 *   job validate-credentials                       Zendesk credentials tested by the service
 *   job provision <user>                           provision on demand through the service, with its steps
 *   job start | pause                              run control
 *   job restart [--reset Watermark,Escrows,…]      restart with reset flags (explained in --help)
 *   job logs [--since] [--status] [--action] [--max]   provisioning logs of the job
 *   job compare-expression <expression> --user <upn|id>  our evaluator next to the service's parseExpression
 *
 * Every verb takes `--config path` (Entra sign-in and the enterprise app) and `--json`. Exit codes: 0 ok, 1 the service
 * refused or something failed (permission, quarantine, throttling, a failed provision), 2 bad input.
 *
 * Zendesk credentials for the job come from what wiring.ts reads: the configuration's `zendesk.adminEmail` and
 * `zendesk.subdomain` with `ZENDESK_API_TOKEN`. The gallery connector only takes an API token (no OAuth), and Zendesk
 * retires API tokens on 2027-04-30: every verb that sends one says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  describeInterval,
  EntraJobNotFoundError,
  EntraProvisioningJob,
  EntraUserNotFoundError,
  GraphApiError,
  JobQuarantinedError,
  RESET_OPTIONS,
  RESET_SCOPE_FLAGS,
  SynchronizationClient,
  SynchronizationPermissionError,
  SynchronizationThrottledError,
  type ExecutionSummary,
  type JobOverview,
  type OnDemandOutcome,
  type ProvisioningLogQuery,
  type ProvisioningLogRecord,
  type ResetScopeFlag,
} from '../../clients/graph';
import { ConfigError, type EntraZendeskConfig } from '../../core/config';
import { CredentialInputError, type ZendeskCredentials } from '../../core/sync-schema';
import { DEFAULT_CONFIG_PATH, readConfigFile } from '../../app/config-file';
import { EXIT_BAD_INPUT, EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { printErrorLines, printJson, printLines } from '../io';
import { runCommand } from '../run-command';
import { renderTable } from '../../app/text-table';
import { connect } from '../../app/wiring';

/** Said whenever a verb sends (or would need) the Zendesk API token. */
export const API_TOKEN_NOTICE =
  'The Entra gallery connector for Zendesk signs in with an admin\'s API token only (no OAuth). Zendesk no longer lets accounts create API tokens (since 2026-10-27) and retires all of them on 2027-04-30: plan for the connector\'s replacement before then.';

interface CommonOptions {
  config: string;
  json?: boolean;
}

interface Session {
  readonly config: EntraZendeskConfig;
  readonly job: EntraProvisioningJob;
  close(): void;
}

async function openJob(options: CommonOptions, createIfMissing = false): Promise<Session> {
  const { config } = readConfigFile(options.config);
  const connections = connect(config, { requireZendesk: false });
  try {
    const sync = new SynchronizationClient(connections.graph);
    const job = await EntraProvisioningJob.locate(connections.graph, sync, config.entra, { createIfMissing });
    return { config, job, close: () => connections.close() };
  } catch (error) {
    connections.close();
    throw error;
  }
}

/** Opens the job, runs `body` on it, and closes the connections however `body` ends. */
async function withJob(options: CommonOptions, body: (session: Session) => Promise<number>): Promise<number> {
  const session = await openJob(options);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}

/** The Zendesk credentials for the job: the configuration's admin e-mail and subdomain + `ZENDESK_API_TOKEN`, if set. */
function jobCredentials(config: EntraZendeskConfig): ZendeskCredentials | undefined {
  const token = process.env.ZENDESK_API_TOKEN?.trim();
  if (!token) return undefined;
  return { adminEmail: config.zendesk.adminEmail, apiToken: token, subdomain: config.zendesk.subdomain };
}

/** Turns the job's typed errors into what the admin reads; bad input becomes an InputError (exit 2). */
export function describeJobError(error: unknown): Error {
  if (error instanceof InputError) return error;
  if (error instanceof EntraUserNotFoundError || error instanceof CredentialInputError) return new InputError(error.message);
  if (error instanceof ConfigError) return new InputError(error.message);
  if (error instanceof SynchronizationPermissionError) {
    return new Error(`permission missing: this call needs ${error.requiredPermission}. ${error.message}`);
  }
  if (error instanceof SynchronizationThrottledError || (error instanceof GraphApiError && error.status === 429)) {
    const seconds = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
    return new Error(`throttled by Microsoft Graph (429)${seconds === undefined ? '' : `: Retry-After ${seconds} s — try again then`}. Provision on demand and provisioning logs allow 5 requests per 10 s. ${error.message}`);
  }
  if (error instanceof JobQuarantinedError) return new Error(`${error.message}`);
  if (error instanceof EntraJobNotFoundError) return error;
  return error instanceof Error ? error : new Error(String(error));
}

function jobCommand<A extends unknown[]>(name: string, body: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return (...args: A) =>
    runCommand(`job ${name}`, async () => {
      try {
        return await body(...args);
      } catch (error) {
        throw describeJobError(error);
      }
    });
}

function withCommon(command: Command): Command {
  return command.option('--config <path>', 'configuration file (Entra sign-in and the enterprise app)', DEFAULT_CONFIG_PATH).option('--json', 'print the result as JSON');
}

// ------------------------------------------------------------------------------------------------------ rendering

const dash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : value);

function executionRow(label: string, e: ExecutionSummary | null): string[] {
  if (!e) return [label, 'never', '—', '—', '—', '—', '—', '—', '—'];
  return [label, e.state, dash(e.began), dash(e.ended), String(e.imported), String(e.exported), String(e.escrowed), String(e.entitled), e.error ? `${e.error.code}: ${e.error.message}` : '—'];
}

export function renderOverview(o: JobOverview): string[] {
  const lines = [
    `Provisioning job ${o.target.jobId} (template ${o.target.templateId}) of "${o.target.servicePrincipalName}" (${o.target.servicePrincipalId})`,
    `State: ${o.code}. ${o.summary}`,
    `Schedule: ${o.schedule.state}, ${describeInterval(o.schedule.interval) === 'never' ? 'no interval' : `every ${describeInterval(o.schedule.interval)}`} (${o.schedule.interval})`,
  ];
  if (o.quarantine) {
    const q = o.quarantine;
    lines.push(
      `Quarantine: ${q.reason} since ${dash(q.since)}, next attempt ${dash(q.nextAttempt)}`,
      `  Meaning: ${q.meaning}`,
      `  Fix: ${q.fix}`,
      ...(q.error ? [`  Service error: ${q.error.code}: ${q.error.message}`] : []),
    );
  }
  lines.push('', ...renderTable(['Cycle', 'State', 'Began', 'Ended', 'Imported', 'Exported', 'Escrowed', 'Entitled', 'Error'], [executionRow('last', o.lastExecution), executionRow('last successful', o.lastSuccessfulExecution)]));
  lines.push('', `Steady state last reached: ${dash(o.steadyStateLastAchieved) === '—' ? 'never' : o.steadyStateLastAchieved}`);
  if (o.synchronizedEntries.length > 0) lines.push(`In sync: ${o.synchronizedEntries.map((e) => `${e.count} ${e.type}`).join(', ')}`);
  return lines;
}

const stepMark = (status: string): string => {
  const s = status.toLowerCase();
  return s === 'success' ? 'ok' : s === 'skipped' ? 'skipped' : s === 'failure' ? 'FAILED' : s;
};

export function renderLogs(records: ReadonlyArray<ProvisioningLogRecord>): string[] {
  if (records.length === 0) return ['No provisioning-log records match.'];
  const rows = records.map((r) => {
    const info = r.provisioningStatusInfo.errorInformation;
    return [
      r.activityDateTime,
      r.provisioningAction,
      r.provisioningStatusInfo.status,
      dash(r.sourceIdentity.displayName ?? r.sourceIdentity.id),
      dash(r.targetIdentity.displayName ?? r.targetIdentity.id),
      r.provisioningSteps.map((s) => `${s.provisioningStepType} ${stepMark(s.status)}`).join(', '),
      info ? `${info.errorCode}: ${info.reason}` : '—',
    ];
  });
  const lines = renderTable(['Time', 'Action', 'Status', 'Source', 'Target', 'Steps', 'Error'], rows);
  const problems = records.filter((r) => r.provisioningStatusInfo.errorInformation?.recommendedAction);
  for (const r of problems) lines.push(`  ${r.activityDateTime} ${dash(r.sourceIdentity.displayName)}: ${r.provisioningStatusInfo.errorInformation!.recommendedAction}`);
  return lines;
}

export function renderOnDemand(user: string, outcome: OnDemandOutcome): string[] {
  const lines = [`Provision on demand via Entra: ${user} → ${outcome.result}${outcome.details ? ` (action ${outcome.details.action})` : ''}`];
  if (outcome.errorCode || outcome.errorMessage) lines.push(`  ${dash(outcome.errorCode)}: ${dash(outcome.errorMessage)}`);
  const steps = outcome.details?.steps ?? [];
  if (steps.length > 0) lines.push('', ...renderTable(['#', 'Step', 'Type', 'Status', 'Description'], steps.map((s, i) => [String(i + 1), s.name, s.type, s.status, s.description])));
  const modified = outcome.details?.modifiedProperties ?? [];
  if (modified.length > 0) lines.push('', ...renderTable(['Property', 'Old', 'New'], modified.map((p) => [p.displayName, dash(p.oldValue), dash(p.newValue)])));
  return lines;
}

// --------------------------------------------------------------------------------------------------------- parsing

/** `--reset Watermark,Escrows` → flags; an unknown one is bad input naming the valid flags. */
export function parseResetFlags(text: string): ResetScopeFlag[] {
  const valid = RESET_SCOPE_FLAGS.filter((f) => f !== 'None');
  const flags = text.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const out: ResetScopeFlag[] = [];
  for (const flag of flags) {
    const known = valid.find((v) => v.toLowerCase() === flag.toLowerCase());
    if (!known) throw new InvalidArgumentError(`unknown reset flag "${flag}". Valid flags: ${valid.join(', ')}.`);
    if (!out.includes(known)) out.push(known);
  }
  if (out.length === 0) throw new InvalidArgumentError(`give at least one flag, e.g. --reset Watermark,Escrows. Valid flags: ${valid.join(', ')}.`);
  return out;
}

/** `--since`: an ISO date/time, or a age like `30m`, `12h`, `7d`. */
export function parseSince(text: string, now: number = Date.now()): Date {
  const relative = /^(\d+)\s*([mhd])$/i.exec(text.trim());
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2]!.toLowerCase() as 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw new InvalidArgumentError(`"${text}" is neither a date (2026-11-27, 2026-11-27T09:00:00Z) nor an age (30m, 12h, 7d).`);
  return new Date(parsed);
}

function parsePositive(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError(`"${text}" is not a whole number from 1 to 1000.`);
  return n;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new InputError('the push needs confirmation but stdin is not a terminal: review the diff with --dry-run, then pass --yes to push without asking.');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

// ----------------------------------------------------------------------------------------------------------- verbs

/** Words wrapped to `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join(`\n${indent}`);
}

const RESET_HELP = `\nReset flags (--reset, comma-separated; reference §8.4):\n${RESET_OPTIONS.map((o) => `  ${o.flag.padEnd(20)}${wrap(`${o.label}: ${o.detail}`, 78, ' '.repeat(22))}`).join('\n')}\n\nWithout --reset the service restarts as the portal's "Restart provisioning" does (≈ QuarantineState, Watermark, Escrows).`;

export function register(program: Command): void {
  const job = program
    .command('job')
    .description('Drive the Zendesk app\'s provisioning job in Microsoft Entra\'s own provisioning service (Graph synchronization API).');

  withCommon(job.command('status'))
    .summary('the job\'s state explained, last cycle, recent logs')
    .description('Show the job\'s state explained: quarantine with its fix, last cycle counts; --logs N adds recent provisioning logs. Exit 1 while in quarantine.')
    .option('--logs <n>', 'also show the N most recent provisioning-log records', parsePositive)
    .action(
      jobCommand('status', async (options: CommonOptions & { logs?: number }) => {
        return withJob(options, async (session) => {
          const overview = await session.job.overview();
          const logs = options.logs !== undefined ? await session.job.recentLogs({ max: options.logs, top: Math.min(options.logs, 100) }) : undefined;
          if (options.json) printJson({ ...overview, ...(logs ? { logs } : {}) });
          else printLines([...renderOverview(overview), ...(logs ? ['', `Recent provisioning logs (${logs.length}):`, ...renderLogs(logs)] : [])]);
          return overview.code === 'Quarantine' ? EXIT_FAILURES : EXIT_OK;
        });
      }),
    );

  withCommon(job.command('push'))
    .summary('push the configuration (schema diff first)')
    .description('Push the configuration to the job: shows the schema diff, asks, then writes the schema, settings and secrets (creates the job from the Zendesk template if needed).')
    .option('--dry-run', 'show the diff and what would be written, write nothing')
    .option('--yes', 'push without asking for confirmation')
    .addHelpText('after', `\n${wrap(`Credentials: zendesk.adminEmail and zendesk.subdomain from the configuration with ZENDESK_API_TOKEN. Without the token no secret is written once the job has saved credentials (PUT replaces every secret, and the saved ones cannot be read back), so they are kept; exit 1 then.`, 100, '')}\n\n${wrap(API_TOKEN_NOTICE, 100, '')}`)
    .action(
      jobCommand('push', async (options: CommonOptions & { dryRun?: boolean; yes?: boolean }) => {
        // A real push creates the job from the template when there is none (before asking: an unconfigured job
        // changes nothing); a dry run writes nothing, so it needs the job to exist.
        const session = await openJob(options, options.dryRun !== true).catch((error: unknown) => {
          if (options.dryRun && error instanceof EntraJobNotFoundError) {
            throw new EntraJobNotFoundError(`${error.message.replace(/ Fix: .*$/, '')} A push without --dry-run creates it from the Zendesk template; its diff is then against the template's default schema.`);
          }
          throw error;
        });
        try {
          const { config, job: entraJob } = session;
          const plan = await entraJob.planPush(config);
          const credentials = jobCredentials(config);
          const settingsChanged = JSON.stringify(plan.jobSettings) !== JSON.stringify(plan.currentJobSettings ?? []);
          const header = [
            ...(plan.jobCreated ? [`Created provisioning job ${plan.target.jobId} from the Zendesk template.`] : []),
            `Schema changes for job ${plan.target.jobId} of "${plan.target.servicePrincipalName}":`,
            plan.diffText,
            ...(plan.unsupported.length > 0 ? ['', 'Not expressible in the job\'s schema (not pushed):', ...plan.unsupported.map((u) => `  ${u.message}`)] : []),
            '',
            `Job settings: ${plan.jobSettings.map((s) => `${s.name} = ${s.value}`).join(', ')}${settingsChanged ? ' (changed)' : ' (unchanged)'}`,
            `Secrets: ${[...(plan.settingsSecretKeys ?? []), ...(credentials ? plan.credentialKeys : [])].join(', ')}${credentials ? '' : ' (no ZENDESK_API_TOKEN: credentials not sent)'}`,
          ];
          if (options.json && options.dryRun) {
            printJson({ dryRun: true, target: plan.target, changes: plan.changes, diffText: plan.diffText, unsupported: plan.unsupported, jobSettings: plan.jobSettings, credentialKeys: plan.credentialKeys, credentialsGiven: credentials !== undefined });
            return EXIT_OK;
          }
          if (!options.json) printLines(header);
          printErrorLines([credentials ? `Note: ${API_TOKEN_NOTICE}` : `Note: ZENDESK_API_TOKEN is not set, so no Zendesk credentials are sent. ${API_TOKEN_NOTICE}`]);
          if (options.dryRun) return EXIT_OK;
          if (!options.yes && !(await confirm(`Push to job ${plan.target.jobId}?`))) {
            printErrorLines(['Nothing was pushed.']);
            return EXIT_FAILURES;
          }
          const result = await entraJob.push(plan, config, credentials ? { credentials } : {});
          if (options.json) {
            printJson({ target: plan.target, jobCreated: plan.jobCreated === true, changes: plan.changes.length, ...result });
          } else {
            printLines([
              '',
              result.schemaChanged ? `Pushed ${plan.changes.length} schema change(s).` : 'Schema unchanged: nothing to push for the mappings and scope.',
              ...(result.jobSettingsWritten && result.jobSettingsWritten.length > 0 ? [`Job settings written: ${result.jobSettingsWritten.join(', ')}.`] : []),
              result.secretsWritten.length > 0 ? `Secrets written: ${result.secretsWritten.join(', ')}.` : 'No secrets written.',
              ...(result.notes ?? []),
            ]);
          }
          if (result.secretsSkipped) {
            printErrorLines([`Not written: ${result.secretsSkipped.keys.join(', ')}. ${result.secretsSkipped.reason}`]);
            return EXIT_FAILURES;
          }
          return EXIT_OK;
        } finally {
          session.close();
        }
      }),
    );

  withCommon(job.command('import'))
    .summary('write the job as a configuration file')
    .description('Write the job\'s mappings, scope and settings as a configuration file (the migration path from the portal).')
    .option('--out <path>', 'file to write (default: the --config file)')
    .option('--force', 'update the file in place when it exists (its comments and other settings are kept)')
    .action(
      jobCommand('import', async (options: CommonOptions & { out?: string; force?: boolean }) => {
        const out = path.resolve(options.out ?? options.config);
        const exists = fs.existsSync(out);
        if (exists && !options.force) {
          throw new InputError(`"${options.out ?? options.config}" exists: pass --force to update it in place (comments and settings the job doesn't hold are kept), or --out a new path.`);
        }
        return withJob(options, async (session) => {
          const { config, job: entraJob } = session;
          const imported = await entraJob.importConfig({
            ...(exists ? { existingText: fs.readFileSync(out, 'utf8') } : {}),
            identity: {
              tenantId: config.entra.tenantId,
              subdomain: config.zendesk.subdomain,
              adminEmail: config.zendesk.adminEmail,
            },
          });
          fs.mkdirSync(path.dirname(out), { recursive: true });
          fs.writeFileSync(out, imported.text);
          if (options.json) printJson({ file: out, updated: exists, unsupported: imported.unsupported, warnings: imported.warnings });
          else {
            printLines([
              `${exists ? 'Updated' : 'Wrote'} ${out} from job ${entraJob.target.jobId}.`,
              ...(imported.unsupported.length > 0 ? ['Not expressible in the configuration:', ...imported.unsupported.map((u) => `  ${u.message}`)] : []),
              ...imported.warnings.map((w) => `Warning: ${JSON.stringify(w)}`),
            ]);
          }
          return EXIT_OK;
        });
      }),
    );

  withCommon(job.command('validate-credentials'))
    .summary('have the service test the Zendesk credentials')
    .description('Have the provisioning service test the Zendesk credentials: ZENDESK_API_TOKEN with the configuration\'s admin e-mail and subdomain, else the ones saved in the job.')
    .addHelpText('after', `\n${wrap(API_TOKEN_NOTICE, 100, '')}`)
    .action(
      jobCommand('validate-credentials', async (options: CommonOptions) => {
        return withJob(options, async (session) => {
          const credentials = jobCredentials(session.config);
          const tested = credentials ? `${credentials.adminEmail} on ${credentials.subdomain} with ZENDESK_API_TOKEN` : 'the credentials saved in the job';
          const check = await session.job.validateCredentials(credentials);
          if (options.json) printJson({ tested: credentials ? 'given' : 'saved', ...check });
          else if (check.ok) printLines([`Credentials OK: the provisioning service signed in to Zendesk with ${tested}.`]);
          else printLines([`Credentials refused (${tested}): ${check.message}`, `Fix: ${check.fix}`]);
          printErrorLines([`Note: ${API_TOKEN_NOTICE}`]);
          return check.ok ? EXIT_OK : EXIT_FAILURES;
        });
      }),
    );

  withCommon(job.command('provision'))
    .summary('provision one user on demand via Entra')
    .description('Provision one user now through the provisioning service (provision on demand via Entra) and show its steps.')
    .argument('<user>', 'the Entra user: object id or user principal name')
    .action(
      jobCommand('provision', async (user: string, options: CommonOptions) => {
        return withJob(options, async (session) => {
          const outcome = await session.job.provisionOnDemand(user);
          if (options.json) printJson(outcome);
          else printLines(renderOnDemand(user, outcome));
          return outcome.result === 'Failure' ? EXIT_FAILURES : EXIT_OK;
        });
      }),
    );

  for (const verb of ['start', 'pause'] as const) {
    withCommon(job.command(verb))
      .summary(verb === 'start' ? 'start or resume the job' : 'pause the job')
      .description(verb === 'start' ? 'Start or resume the job (also lifts quarantine).' : 'Pause the job; start resumes where it stopped.')
      .action(
        jobCommand(verb, async (options: CommonOptions) => {
          return withJob(options, async (session) => {
            await session.job[verb]();
            const overview = await session.job.overview();
            if (options.json) printJson({ done: verb, code: overview.code, summary: overview.summary });
            else printLines([`${verb === 'start' ? 'Started' : 'Paused'} job ${session.job.target.jobId}.`, `State: ${overview.code}. ${overview.summary}`]);
            return EXIT_OK;
          });
        }),
      );
  }

  withCommon(job.command('restart'))
    .summary('restart the job with reset flags')
    .description('Restart the job, optionally resetting state (see the flags below).')
    .addOption(new Option('--reset <flags>', `comma-separated reset flags: ${RESET_SCOPE_FLAGS.filter((f) => f !== 'None').join(', ')}`).argParser(parseResetFlags))
    .addHelpText('after', RESET_HELP)
    .action(
      jobCommand('restart', async (options: CommonOptions & { reset?: ResetScopeFlag[] }) => {
        return withJob(options, async (session) => {
          const flags = options.reset ?? [];
          await session.job.restart(flags);
          const overview = await session.job.overview();
          if (options.json) printJson({ done: 'restart', resetScope: flags, code: overview.code, summary: overview.summary });
          else printLines([`Restarted job ${session.job.target.jobId}${flags.length > 0 ? ` resetting ${flags.join(', ')}` : ' (portal default: QuarantineState, Watermark, Escrows)'}.`, `State: ${overview.code}. ${overview.summary}`]);
          return EXIT_OK;
        });
      }),
    );

  withCommon(job.command('logs'))
    .summary('the job\'s provisioning logs')
    .description('List the job\'s provisioning logs, newest first, with each record\'s steps and error.')
    .option('--since <when>', 'only records from then on: a date/time or an age (30m, 12h, 7d)', (v: string) => parseSince(v))
    .addOption(new Option('--status <status>', 'only this outcome').choices(['success', 'failure', 'skipped', 'warning']))
    .addOption(new Option('--action <action>', 'only this action').choices(['create', 'update', 'delete', 'disable', 'stagedDelete', 'other']))
    .option('--max <n>', 'at most this many records (default 50)', parsePositive)
    .action(
      jobCommand('logs', async (options: CommonOptions & { since?: Date; status?: ProvisioningLogQuery['status']; action?: ProvisioningLogQuery['action']; max?: number }) => {
        return withJob(options, async (session) => {
          const max = options.max ?? 50;
          const records = await session.job.recentLogs({
            max,
            top: Math.min(max, 100),
            ...(options.since ? { since: options.since } : {}),
            ...(options.status ? { status: options.status } : {}),
            ...(options.action ? { action: options.action } : {}),
          });
          if (options.json) printJson(records);
          else printLines(renderLogs(records));
          return EXIT_OK;
        });
      }),
    );

  withCommon(job.command('compare-expression'))
    .summary('our evaluation next to the service\'s')
    .description('Evaluate an expression with this tool and with the provisioning service (parseExpression) on one user\'s attributes, and say whether they agree.')
    .argument('<expression>', 'the mapping expression, e.g. \'Join(" ", [givenName], [surname])\'')
    .requiredOption('--user <upn|id>', 'the Entra user whose attributes are the test input')
    .action(
      jobCommand('compare-expression', async (expression: string, options: CommonOptions & { user: string }) => {
        return withJob(options, async (session) => {
          const c = await session.job.compareExpression(expression, options.user);
          if (options.json) printJson(c);
          else {
            const show = (values: ReadonlyArray<string>): string => (values.length === 0 ? '(no value)' : values.map((v) => JSON.stringify(v)).join(', '));
            const inputRows = Object.entries(c.input).map(([k, v]) => [k, Array.isArray(v) ? JSON.stringify(v) : JSON.stringify(v)]);
            printLines([
              `Expression: ${c.expression}`,
              ...(inputRows.length > 0 ? ['', ...renderTable(['Attribute', 'Value'], inputRows), ''] : ['Input: (no attributes)']),
              `This tool: ${c.ours.ok ? show(c.ours.values ?? (c.ours.value === null ? [] : [c.ours.value])) : `error — ${c.ours.error}`}`,
              `Entra:     ${c.entra.parsingSucceeded && c.entra.evaluationSucceeded ? show(c.entra.evaluationResult) : `error — ${c.entra.error?.code ?? ''}: ${c.entra.error?.message ?? ''}`}`,
              `Verdict:   ${c.verdict}`,
            ]);
          }
          if (!c.ours.ok && !c.entra.parsingSucceeded) return EXIT_BAD_INPUT;
          return c.agree ? EXIT_OK : EXIT_FAILURES;
        });
      }),
    );
}
