/**
 * `entra-zendesk sync [--full] [--dry-run] [--yes] [--allow-deletes] [--watch [--interval 40m]] [--config path]
 * [--json]` — one provisioning cycle (incremental from the saved watermark, or full with `--full` or when none is
 * saved), or with `--watch` a cycle every interval like the service (40 minutes by default), backing off — doubling
 * up to daily — while cycles stop on failures, and back to the interval after a good one.
 *
 * Decision: a plan that suspends or deletes asks for confirmation on a terminal; `--yes` answers it, and without a
 * terminal such a plan needs `--yes` (exit 2 otherwise), so a script never deprovisions by surprise. `--watch`
 * implies `--yes` for its later cycles only if given. Exit 0 all applied, 1 failures or a stopped run, 2 bad input.
 */
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import type { ProvisioningPlan } from '../../core/engine';
import { DEFAULT_CONFIG_PATH } from '../../app/config-file';
import { openRun, runSync, type EngineRun, type SyncResult } from '../../app/engine-run';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { printJson, printLines } from '../io';
import { renderSync } from '../../app/engine-text';
import { runCommand } from '../run-command';
import { progressBar } from '../progress-bar';

interface SyncCommandOptions {
  config: string;
  state?: string;
  log?: string;
  full?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  allowDeletes?: boolean;
  watch?: boolean;
  interval: string;
  json?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `40m`, `90s`, `2h`, `1d` → milliseconds. */
export function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (!match) throw new InputError(`--interval must be a number with a unit s, m, h or d (e.g. 40m); got "${text}"`);
  const ms = Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS }[match[2] as 's' | 'm' | 'h' | 'd'];
  if (ms < 1_000) throw new InputError(`--interval must be at least 1s; got "${text}"`);
  return ms;
}

function deprovisions(plan: ProvisioningPlan): number {
  return [...plan.users, ...plan.groups].filter((e) => !e.staged && (e.action === 'suspend' || e.action === 'delete')).length;
}

function confirmer(yes: boolean): (plan: ProvisioningPlan) => Promise<boolean> {
  return async (plan) => {
    const count = deprovisions(plan);
    if (yes || count === 0) return true;
    if (!process.stdin.isTTY) throw new InputError(`this cycle would suspend or delete ${count} Zendesk object${count === 1 ? '' : 's'}; review it with \`entra-zendesk plan\` and rerun with --yes to apply`);
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`This cycle suspends or deletes ${count} Zendesk object${count === 1 ? '' : 's'}. Apply? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}

function failed(result: SyncResult): boolean {
  return result.apply !== null && (result.apply.stopped !== null || result.apply.counts.failed > 0);
}

async function cycle(run: EngineRun, options: SyncCommandOptions, full: boolean, signal: AbortSignal): Promise<SyncResult> {
  const showProgress = !options.json && process.stderr.isTTY === true;
  const result = await runSync(run, {
    mode: full ? 'full' : 'auto',
    dryRun: options.dryRun === true,
    allowDeletes: options.allowDeletes === true,
    signal,
    confirm: confirmer(options.yes === true),
    ...(showProgress ? { onProgress: (p) => process.stderr.write(`\r${progressBar(p.done, p.total, `${p.phase}${p.failed > 0 ? `, ${p.failed} failed` : ''}`)}`) } : {}),
  });
  if (showProgress) process.stderr.write('\n');
  if (options.json) {
    printJson({
      mode: result.mode,
      cycleId: result.cycleId,
      dryRun: options.dryRun === true,
      declined: result.declined,
      summary: result.plan.summary,
      quarantine: result.plan.quarantine,
      applied: result.apply === null ? null : { ...result.apply.counts, stopped: result.apply.stopped },
      bulkFallback: result.bulkFallback,
      requests: result.requests,
      durationMs: result.durationMs,
    });
  } else {
    printLines(renderSync(result));
  }
  return result;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function register(program: Command): void {
  program
    .command('sync')
    .description('Run a provisioning cycle: incremental from the last one (or full), applying the plan to Zendesk; --watch keeps cycling like the service.')
    .option('--full', 'a full cycle: re-read everything (also when no cycle ran before)')
    .option('--dry-run', 'plan only: show what the cycle would do, write nothing')
    .option('--yes', 'apply suspends and deletes without asking')
    .option('--allow-deletes', 'apply suspends/deletes held back by the accidental-deletion threshold')
    .option('--watch', 'keep running cycles every --interval until stopped (Ctrl+C)')
    .option('--interval <duration>', 'time between cycles with --watch (s, m, h, d)', '40m')
    .option('--config <path>', 'configuration file', DEFAULT_CONFIG_PATH)
    .option('--state <path>', 'engine state file (default: entra-zendesk.state.json next to the configuration)')
    .option('--log <path>', 'provisioning log (default: entra-zendesk.log.jsonl next to the configuration)')
    .option('--json', 'print one JSON summary line per cycle')
    .action((options: SyncCommandOptions) =>
      runCommand('sync', async () => {
        const interval = parseInterval(options.interval);
        if (options.watch && options.dryRun) throw new InputError('--watch and --dry-run do not go together: a dry run writes nothing, so every cycle would show the same plan');
        const run = openRun({ config: options.config, state: options.state, log: options.log });
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          if (!options.watch) return failed(await cycle(run, options, options.full === true, controller.signal)) ? EXIT_FAILURES : EXIT_OK;
          let wait = interval;
          let first = true;
          let lastFailed = false;
          while (!controller.signal.aborted) {
            try {
              const result = await cycle(run, options, first && options.full === true, controller.signal);
              lastFailed = failed(result);
            } catch (error) {
              if (controller.signal.aborted) break;
              if (error instanceof InputError) throw error;
              lastFailed = true;
              process.stderr.write(`cycle failed: ${error instanceof Error ? error.message : String(error)}\n`);
            }
            first = false;
            // Like the service: keep the interval while healthy; while stopped on failures, back off up to once a day.
            wait = lastFailed ? Math.min(DAY_MS, wait * 2) : interval;
            if (!options.json) process.stderr.write(`next cycle in ${Math.round(wait / 1000)} s${lastFailed ? ' (backing off after failures)' : ''}\n`);
            await sleep(wait, controller.signal);
          }
          return lastFailed ? EXIT_FAILURES : EXIT_OK;
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          run.close();
        }
      }),
    );
}
