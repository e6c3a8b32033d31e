/**
 * `entra-zendesk diagnose [--config path] [--json] [--offline]` — the connector-limitation lint (reference
 * entra-provisioning.md §4.4; run by src/app/diagnose.ts): the configuration, and unless `--offline` a full read-only
 * import of both sides, checked for what makes Zendesk provisioning fail, skip users or surprise the admin. Each
 * finding has its severity, what is wrong, why, the fix and, for configuration findings, the JSON path with line and
 * column. Nothing is written. Exit 0 no errors (warnings allowed), 1 errors found (or a side can't be read), 2 bad
 * input.
 */
import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH } from '../../app/config-file';
import { renderFindings, runDiagnose } from '../../app/diagnose';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { printJson, printLines } from '../io';
import { runCommand } from '../run-command';

export function register(program: Command): void {
  program
    .command('diagnose')
    .description('Check the configuration and both tenants for known Zendesk connector problems (role names, multi-role users, Default Access, duplicate e-mails, Switch mappings, API-token retirement …) and how to fix them.')
    .option('--config <path>', 'configuration file', DEFAULT_CONFIG_PATH)
    .option('--state <path>', 'engine state file (default: entra-zendesk.state.json next to the configuration)')
    .option('--offline', 'check the configuration only; read neither Entra nor Zendesk')
    .option('--json', 'print the findings as JSON')
    .action((options: { config: string; state?: string; offline?: boolean; json?: boolean }) =>
      runCommand('diagnose', async () => {
        const { findings, offline } = await runDiagnose(options.config, {
          ...(options.state !== undefined ? { state: options.state } : {}),
          ...(options.offline ? { offline: true } : {}),
        });
        const errors = findings.some((f) => f.severity === 'error');
        if (options.json) printJson({ ok: !errors, offline, findings });
        else printLines(renderFindings(findings, options.config, offline));
        return errors ? EXIT_FAILURES : EXIT_OK;
      }),
    );
}
