/**
 * `entra-zendesk demo [--json] [--time-scale N] [--keep-files]` — the main job end to end on the local sandbox, in
 * process: start both emulators (demo seeds), test the connection, provision one user on demand, show the plan, run a
 * full sync, make a scripted change in Entra through the Graph sandbox's admin API (rename one user, disable
 * another), run an incremental sync that picks up exactly that, and print a summary. Everything lives in a temp
 * folder removed at the end (unless `--keep-files`); nothing touches a real tenant.
 *
 * Decision: the demo runs the Zendesk sandbox at `--time-scale 10` by default (bulk jobs finish in 0.4 s instead of
 * 4 s, rate-limit windows shrink alike), so the whole demo takes seconds. Exit 0 when every step ran — the demo
 * tenant contains deliberate errors (a user with two app roles) that the output points out — 1 when a step failed.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config';
import { openRun, runSync, trialProvision, type SyncResult } from '../../app/engine-run';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { printJson, printLines } from '../io';
import { startLocalSandbox, type LocalSandbox } from '../../app/local-sandbox';
import { renderPlan, renderProvision } from '../../app/engine-text';
import { runCommand } from '../run-command';
import { renderTable } from '../../app/text-table';
import { renderChecks, runConnectionChecks } from '../../app/connection-checks';

/** Demo people (src/sandbox/graph/seeds/graph-demo.json): one to provision on demand, two for the scripted change. */
const TRIAL_USER = 'greta.jansen@contoso.example';
const RENAMED_USER = 'carlos.ruiz@contoso.example';
const DISABLED_USER = 'diego.soto@contoso.example';

interface DemoOptions {
  json?: boolean;
  timeScale: string;
  keepFiles?: boolean;
}

/** A Graph admin action through the sandbox's control API (`POST /__sandbox/actions/<name>`), as an admin would. */
function adminAction(sandbox: LocalSandbox, name: string, body: Record<string, unknown>): Promise<void> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      `${sandbox.graph.url}/__sandbox/actions/${name}`,
      { method: 'POST', ca: sandbox.graph.ca, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => ((response.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`sandbox action ${name} answered ${response.statusCode}: ${text.slice(0, 200)}`))));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function cycleRow(label: string, result: SyncResult): string[] {
  const u = result.plan.summary.users;
  const applied = result.apply?.counts;
  return [label, String(u.create), String(u.update), String(u.suspend + u.delete), String(u.reactivate), String(result.plan.summary.memberships.create), String(applied?.failed ?? 0), String(result.requests.zendesk), `${(result.durationMs / 1000).toFixed(1)} s`];
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the whole job on a local sandbox tenant: test the connection, provision one user, plan, full sync, a change in Entra, incremental sync.')
    .option('--time-scale <n>', 'Zendesk sandbox seconds per real second (1 = real-time bulk jobs and rate limits)', '10')
    .option('--keep-files', 'keep the demo folder (configuration, state, provisioning log) and print where it is')
    .option('--json', 'print one JSON summary at the end instead of the narrative')
    .action((options: DemoOptions) =>
      runCommand('demo', async () => {
        const timeScale = Number(options.timeScale);
        if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new InputError(`--time-scale must be a number > 0, got "${options.timeScale}"`);
        const say = (lines: string[]): void => {
          if (!options.json) printLines(lines);
        };
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-demo-'));
        const sandbox = await startLocalSandbox({ zendeskTimeScale: timeScale });
        try {
          const configPath = path.join(folder, 'entra-zendesk.json');
          fs.writeFileSync(configPath, sandbox.configText());
          const run = openRun({ config: configPath }, { env: { ...sandbox.env }, ca: sandbox.graph.ca, zendeskTimeScale: timeScale }, loadConfig(sandbox.configText(), configPath));
          try {
            say([`Sandbox: Graph ${sandbox.graph.url}, Zendesk ${sandbox.zendesk.url} (demo tenant "contoso"). Files in ${folder}.`, '']);

            say(['== 1. Test connection']);
            const checks = await runConnectionChecks(run.loaded.config, run.connections);
            say([...renderChecks(checks), '']);
            if (checks.some((c) => c.status === 'fail')) throw new Error('the sandbox connection test failed; see the checks above');

            say([`== 2. Provision on demand: ${TRIAL_USER}`]);
            const trial = await trialProvision(run, TRIAL_USER, { dryRun: false });
            say([...renderProvision(trial, false), '']);

            say(['== 3. Plan (full import, nothing written)']);
            const planned = await runSync(run, { mode: 'full', dryRun: true });
            const preview = renderPlan(planned.plan);
            say([...preview.slice(0, 14), ...(preview.length > 14 ? ['  … (entra-zendesk plan shows every entry)'] : []), '']);

            say(['== 4. Full sync']);
            const full = await runSync(run, { mode: 'full' });
            say([`${full.apply!.counts.succeeded} changes applied, ${full.apply!.counts.failed} failed, ${full.requests.zendesk} Zendesk requests, ${(full.durationMs / 1000).toFixed(1)} s.`]);
            for (const [entry, outcome] of full.apply!.outcomes) {
              if (outcome.status === 'failure') say([`  expected failure: ${'displayName' in entry ? entry.displayName : entry.message}: ${outcome.error.code} — ${outcome.error.reason}`]);
            }
            say(['']);

            say([`== 5. A change in Entra ID (sandbox admin actions): rename ${RENAMED_USER}, disable ${DISABLED_USER}`]);
            const renamedId = (await run.connections.graph.getUser(RENAMED_USER, ['id']))!.id;
            const disabledId = (await run.connections.graph.getUser(DISABLED_USER, ['id']))!.id;
            await adminAction(sandbox, 'update-user', { id: renamedId, changes: { displayName: 'Carlos Ruiz-Moreno' } });
            await adminAction(sandbox, 'disable-user', { id: disabledId });
            say(['']);

            say(['== 6. Incremental sync (Graph delta since the full sync)']);
            const incremental = await runSync(run, { mode: 'incremental' });
            say([...renderPlan(incremental.plan), '']);

            say(['== Summary']);
            say(renderTable(['Cycle', 'created', 'updated', 'suspended', 'reactivated', 'memberships', 'failed', 'Zendesk requests', 'time'], [cycleRow('full', full), cycleRow('incremental', incremental)]));
            const logged = full.records.length + incremental.records.length + 1;
            say(['', options.keepFiles ? `Provisioning log: ${logged} records — entra-zendesk logs --config ${configPath}` : `Provisioning log: ${logged} records (--keep-files keeps them for \`entra-zendesk logs\`).`]);
            if (options.json) {
              printJson({
                trial: { action: trial.trial.entry.action, outcome: trial.trial.outcome, calls: trial.trial.calls },
                checks: checks.map((c) => ({ check: `${c.side}: ${c.check}`, status: c.status })),
                plan: planned.plan.summary,
                full: { summary: full.plan.summary, applied: full.apply?.counts, requests: full.requests, durationMs: full.durationMs },
                incremental: { summary: incremental.plan.summary, applied: incremental.apply?.counts, requests: incremental.requests, durationMs: incremental.durationMs },
                ...(options.keepFiles ? { folder } : {}),
              });
            }
            const incrementalOk = incremental.apply !== null && incremental.apply.counts.failed === 0 && incremental.plan.summary.users.update >= 1 && incremental.plan.summary.users.suspend >= 1;
            return incrementalOk ? EXIT_OK : EXIT_FAILURES;
          } finally {
            run.close();
          }
        } finally {
          await sandbox.close();
          if (!options.keepFiles) fs.rmSync(folder, { recursive: true, force: true });
        }
      }),
    );
}

