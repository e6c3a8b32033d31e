/**
 * Diagnose: the connector-limitation lint (src/core/diagnostics/) in VS Code. Findings become problems on the
 * configuration file (Problems panel, squiggles) and, when the command runs, a report document worded like the CLI's
 * `diagnose`. The problems are refreshed, without the report, after every snapshot reload and every save of the
 * configuration, so they never describe a configuration or a tenant that is no longer there.
 */
import * as vscode from 'vscode';
import { renderFindings } from '../../app/diagnose';
import { readConfigFile } from '../../app/config-file';
import { diagnose, type Finding, type FindingSeverity } from '../../core/diagnostics';
import { CommandIds, SANDBOX_SUFFIX } from '../constants';
import { registerCommand } from '../errors';
import { log } from '../log';
import type { ProvisioningSession, Snapshot } from '../services/session';
import { openDocument } from './index';

/** `Diagnostic.source`: what the Problems panel shows next to each finding. */
export const DIAGNOSTIC_SOURCE = 'Entra Zendesk';

const SEVERITY: Readonly<Record<FindingSeverity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * One finding as a problem on the configuration text. The range runs from the finding's 1-based line/column to the end
 * of that line (the value the JSON path names starts there); findings without a position (tenant findings, settings
 * left to their default) sit on the first line, so they still show in the Problems panel under the file.
 */
export function findingDiagnostic(finding: Finding, configText: string): vscode.Diagnostic {
  const lines = configText.split(/\r?\n/);
  let range: vscode.Range;
  if (finding.line !== undefined && finding.line >= 1 && finding.line <= lines.length) {
    const line = finding.line - 1;
    const text = lines[line] ?? '';
    const start = Math.min(Math.max((finding.column ?? 1) - 1, 0), text.length);
    range = new vscode.Range(line, start, line, Math.max(text.trimEnd().length, start));
  } else {
    range = new vscode.Range(0, 0, 0, (lines[0] ?? '').length);
  }
  const diagnostic = new vscode.Diagnostic(range, `${finding.title}. Fix: ${finding.fix}`, SEVERITY[finding.severity]);
  diagnostic.code = finding.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The report document: a count line, then the rendering the CLI prints too (src/app/diagnose.ts: one wording of a finding for both). */
export function diagnoseReport(findings: ReadonlyArray<Finding>, configPath: string, offline: boolean, sandbox: boolean): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return [
    `# Diagnose${sandbox ? ` ${SANDBOX_SUFFIX}` : ''}`,
    '',
    findings.length === 0 ? '**No known connector problems found.**' : `**${findings.length} finding${findings.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}.** They are also listed in the Problems panel on the configuration file.`,
    '',
    '```text',
    ...renderFindings(findings, configPath, offline),
    '```',
  ].join('\n');
}

/** Runs the lint on the active configuration (and the loaded snapshot, if any) and publishes the problems. */
function publish(session: ProvisioningSession, collection: vscode.DiagnosticCollection): { findings: Finding[]; configPath: string; offline: boolean } {
  const configPath = session.configPath();
  if (configPath === undefined) {
    collection.clear();
    throw new Error('No configuration to diagnose: run "Open Configuration" to create one, or "Start Sandbox Tenant" to try it on local emulators.');
  }
  const loaded = readConfigFile(configPath);
  const model = session.snapshot?.model;
  const findings = diagnose(loaded.config, loaded.document.text, model);
  collection.clear();
  collection.set(vscode.Uri.file(configPath), findings.map((f) => findingDiagnostic(f, loaded.document.text)));
  return { findings, configPath, offline: model === undefined };
}

/**
 * Registers Diagnose and keeps its problems current. The command returns the findings (for the extension-host tests
 * and other extensions); from the palette it also opens the report.
 */
export function registerDiagnose(context: vscode.ExtensionContext, session: ProvisioningSession): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('entraZendesk');
  context.subscriptions.push(collection);

  registerCommand(context, CommandIds.diagnose, 'Diagnose', async () => {
    const { findings, configPath, offline } = publish(session, collection);
    log.info('diagnose', `${findings.length} finding(s)${offline ? ' (configuration only: nothing loaded from the tenants yet)' : ''}`);
    await openDocument(diagnoseReport(findings, configPath, offline, session.sandbox !== undefined));
    return findings;
  });

  // Quiet refresh: an unreadable or invalid configuration is already reported by the schema and the views, so a
  // failure here clears the stale problems and goes to the log only.
  const refresh = (reason: string): void => {
    try {
      if (session.configPath() === undefined) collection.clear();
      else publish(session, collection);
    } catch (error) {
      collection.clear();
      log.info('diagnose', `not refreshed after ${reason}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // After each reload settles (a new snapshot, or a new state such as signed out): the configuration-only findings
  // show even before both tenants can be read. The lint is pure and fast, so re-running it costs nothing noticeable.
  let last: { snapshot: Snapshot | undefined; state: string } | undefined;
  context.subscriptions.push(
    session.onDidChange(() => {
      if (session.state === 'loading') return;
      if (last !== undefined && last.snapshot === session.snapshot && last.state === session.state) return;
      last = { snapshot: session.snapshot, state: session.state };
      refresh('a reload');
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.fsPath === session.configPath()) refresh('a save');
    }),
  );
  return collection;
}
