/**
 * `entra-zendesk logs [--config path] [--log file] [--user text] [--action a] [--status s] [--cycle id] [--limit N]
 * [--json]` — reads the provisioning log (JSON Lines of provisioningObjectSummary records), newest last.
 */
import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH } from '../../app/config-file';
import { EXIT_OK } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { printJson, printLines } from '../io';
import { renderLogRecords } from '../../app/engine-text';
import { runCommand } from '../run-command';
import { defaultLogPath, readLogRecords } from '../../app/state-files';

interface LogsOptions {
  config: string;
  log?: string;
  user?: string;
  action?: string;
  status?: string;
  cycle?: string;
  limit: string;
  json?: boolean;
}

const ACTIONS = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'];
const STATUSES = ['success', 'failure', 'skipped', 'warning'];

export function register(program: Command): void {
  program
    .command('logs')
    .description('Show the provisioning log: one record per object per run, with the error, its reason and the fix.')
    .option('--config <path>', 'configuration file (the log is found next to it)', DEFAULT_CONFIG_PATH)
    .option('--log <path>', 'provisioning log file (default: entra-zendesk.log.jsonl next to the configuration)')
    .option('--user <text>', 'only records whose source or target identity contains this (id, UPN, e-mail)')
    .option('--action <action>', `only this provisioning action (${ACTIONS.join(', ')})`)
    .option('--status <status>', `only this status (${STATUSES.join(', ')})`)
    .option('--cycle <id>', 'only this cycle')
    .option('--limit <n>', 'the last N records', '50')
    .option('--json', 'print the records as JSON Lines')
    .action((options: LogsOptions) =>
      runCommand('logs', async () => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new InputError(`--limit must be a whole number ≥ 1, got "${options.limit}"`);
        if (options.action !== undefined && !ACTIONS.includes(options.action)) throw new InputError(`--action must be one of ${ACTIONS.join(', ')}; got "${options.action}"`);
        if (options.status !== undefined && !STATUSES.includes(options.status)) throw new InputError(`--status must be one of ${STATUSES.join(', ')}; got "${options.status}"`);
        const needle = options.user?.toLowerCase();
        const records = readLogRecords(options.log ?? defaultLogPath(options.config)).filter(
          (r) =>
            (options.action === undefined || r.provisioningAction === options.action) &&
            (options.status === undefined || r.provisioningStatusInfo.status === options.status) &&
            (options.cycle === undefined || r.cycleId === options.cycle) &&
            (needle === undefined || JSON.stringify([r.sourceIdentity, r.targetIdentity]).toLowerCase().includes(needle)),
        );
        const shown = records.slice(-limit);
        if (options.json) for (const record of shown) printJson(record);
        else printLines(renderLogRecords(shown));
        return EXIT_OK;
      }),
    );
}
