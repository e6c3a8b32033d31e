/**
 * `entra-zendesk provision <user> [--dry-run] [--config path] [--json]` — provision on demand: one user (object id or
 * UPN) through the same pipeline as a cycle, showing the service's steps (import, scope, match, action). `--dry-run`
 * shows the exact request without sending it. Exit 0 when the action succeeded or was a skip, 1 when it failed.
 */
import type { Command } from 'commander';
import { TrialSubjectNotFoundError } from '../../core/engine';
import { openRun, trialProvision } from '../../app/engine-run';
import { DEFAULT_CONFIG_PATH } from '../../app/config-file';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { printJson, printLines } from '../io';
import { renderProvision } from '../../app/engine-text';
import { runCommand } from '../run-command';

interface ProvisionOptions {
  config: string;
  state?: string;
  log?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('provision')
    .description('Provision one user now (provision on demand) and show each step; --dry-run shows the request without sending it.')
    .argument('<user>', 'the Entra user: object id or user principal name')
    .option('--dry-run', 'show the exact request, send nothing')
    .option('--config <path>', 'configuration file', DEFAULT_CONFIG_PATH)
    .option('--state <path>', 'engine state file (default: entra-zendesk.state.json next to the configuration)')
    .option('--log <path>', 'provisioning log (default: entra-zendesk.log.jsonl next to the configuration)')
    .option('--json', 'print {entry, requests, record, calls} as JSON')
    .action((user: string, options: ProvisionOptions) =>
      runCommand('provision', async () => {
        const run = openRun({ config: options.config, state: options.state, log: options.log });
        try {
          const dryRun = options.dryRun === true;
          let result;
          try {
            result = await trialProvision(run, user, { dryRun });
          } catch (error) {
            if (error instanceof TrialSubjectNotFoundError) throw new InputError(error.message);
            throw error;
          }
          if (options.json) {
            printJson({ action: result.trial.entry.action, dryRun, requests: result.displayRequests, outcome: result.trial.outcome, record: result.trial.record, calls: result.trial.calls });
          } else {
            printLines(renderProvision(result, dryRun));
          }
          const failed = result.trial.entry.action === 'error' || result.trial.outcome?.status === 'failure';
          return failed ? EXIT_FAILURES : EXIT_OK;
        } finally {
          run.close();
        }
      }),
    );
}
