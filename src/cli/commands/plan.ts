/**
 * `entra-zendesk plan [--config path] [--all] [--json]` — a full import of both sides and the plan: for every object
 * the action, the Zendesk request and the modified properties (old → new). Nothing is written, state included.
 * Exit 0 (a plan with errors still exits 0: they are the plan's content), 2 bad input, 1 when a side can't be read.
 */
import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH } from '../../app/config-file';
import { openRun, planFull } from '../../app/engine-run';
import { EXIT_OK } from '../exit-codes';
import { printJson, printLines } from '../io';
import { planJson } from '../engine-json';
import { renderPlan } from '../../app/engine-text';
import { runCommand } from '../run-command';

export function register(program: Command): void {
  program
    .command('plan')
    .description('Show what a full sync would do in Zendesk — every create, update, suspend and delete with its changes — without writing anything.')
    .option('--config <path>', 'configuration file', DEFAULT_CONFIG_PATH)
    .option('--state <path>', 'engine state file (default: entra-zendesk.state.json next to the configuration)')
    .option('--all', 'list skipped objects too')
    .option('--json', 'print the plan as JSON')
    .action((options: { config: string; state?: string; all?: boolean; json?: boolean }) =>
      runCommand('plan', async () => {
        const run = openRun({ config: options.config, ...(options.state !== undefined ? { state: options.state } : {}) });
        try {
          const { plan } = await planFull(run);
          if (options.json) printJson(planJson(plan, options.all === true));
          else printLines(renderPlan(plan, options.all === true));
          return EXIT_OK;
        } finally {
          run.close();
        }
      }),
    );
}
