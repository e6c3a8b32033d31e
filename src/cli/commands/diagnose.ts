/**
 * `entra-zendesk diagnose [--config path] [--json] [--offline]` — the connector-limitation lint (reference
 * entra-provisioning.md §4.4): the configuration, and unless `--offline` a full read-only import of both sides, checked
 * for what makes Zendesk provisioning fail, skip users or surprise the admin. Each finding has its severity, what is
 * wrong, why, the fix and, for configuration findings, the JSON path with line and column. Nothing is written.
 * Exit 0 no errors (warnings allowed), 1 errors found (or a side can't be read), 2 bad input.
 */
import type { Command } from 'commander';
import { compileConfig, EngineConfigurationError, importModel, type ImportedModel } from '../../core/engine';
import { diagnose, type Finding } from '../../core/diagnostics';
import { DEFAULT_CONFIG_PATH, readConfigFile } from '../config-file';
import { openRun } from '../engine-run';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { printJson, printLines } from '../io';
import { runCommand } from '../run-command';

const MARK: Readonly<Record<Finding['severity'], string>> = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' };

export function renderFindings(findings: ReadonlyArray<Finding>, configPath: string, offline: boolean): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${MARK[f.severity]} ${f.title}  [${f.code}]`);
    if (f.path !== undefined) {
      lines.push(f.line !== undefined ? `        at ${configPath}:${f.line}:${f.column ?? 1} (${f.path})` : `        at ${f.path} (a default, not written in ${configPath})`);
    }
    lines.push(`        ${f.detail}`, `        Fix: ${f.fix}`, '');
  }
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)${offline ? ' — configuration only (--offline): tenant checks were not run' : ''}.`,
  );
  return lines;
}

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
        const loaded = readConfigFile(options.config);
        let model: ImportedModel | undefined;
        // An uncompilable configuration is itself a finding: report it instead of connecting.
        let compiles = true;
        try {
          compileConfig(loaded.config);
        } catch (error) {
          if (!(error instanceof EngineConfigurationError)) throw error;
          compiles = false;
        }
        if (!options.offline && compiles) {
          const run = openRun({ config: options.config, ...(options.state !== undefined ? { state: options.state } : {}) }, {}, loaded);
          try {
            model = await importModel(run.connections.ports, run.compiled, await run.store.load());
          } finally {
            run.close();
          }
        }
        const findings = diagnose(loaded.config, loaded.document.text, model);
        const errors = findings.some((f) => f.severity === 'error');
        if (options.json) printJson({ ok: !errors, offline: model === undefined, findings });
        else printLines(renderFindings(findings, options.config, model === undefined));
        return errors ? EXIT_FAILURES : EXIT_OK;
      }),
    );
}
