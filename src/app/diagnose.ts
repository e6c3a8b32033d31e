/**
 * The connector-limitation lint (src/core/diagnostics, reference entra-provisioning.md §4.4) as both front ends run
 * it: {@link runDiagnose} checks a configuration file and, unless offline, a full read-only import of both sides;
 * {@link renderFindings} is the one text wording of a finding (the CLI prints it, the extension's report shows it).
 * Nothing is written.
 */
import { diagnose, type Finding } from '../core/diagnostics';
import { compileConfig, EngineConfigurationError, importModel, type ImportedModel } from '../core/engine';
import { readConfigFile } from './config-file';
import { openRun } from './engine-run';

export interface DiagnoseResult {
  readonly findings: Finding[];
  /** True when only the configuration was checked: offline was asked for, or the configuration does not compile. */
  readonly offline: boolean;
}

/**
 * Lints the configuration at `configPath` and, unless `offline`, both tenants (a full import, read-only; `state` is
 * the engine state file, default next to the configuration). Bad input (unreadable configuration, missing secret)
 * throws an InputError; an uncompilable configuration is itself a finding, reported without connecting.
 */
export async function runDiagnose(configPath: string, options: { readonly state?: string; readonly offline?: boolean } = {}): Promise<DiagnoseResult> {
  const loaded = readConfigFile(configPath);
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
    const run = openRun({ config: configPath, ...(options.state !== undefined ? { state: options.state } : {}) }, {}, loaded);
    try {
      model = await importModel(run.connections.ports, run.compiled, await run.store.load());
    } finally {
      run.close();
    }
  }
  return { findings: diagnose(loaded.config, loaded.document.text, model), offline: model === undefined };
}

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
