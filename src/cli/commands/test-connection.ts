/**
 * `entra-zendesk test-connection [--config path] [--json]` — runs the connection checks (src/app/connection-checks.ts)
 * and prints them. Exit 0 all ok (warnings allowed), 1 a check failed, 2 bad input (configuration, missing secret).
 */
import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH, readConfigFile } from '../../app/config-file';
import { renderChecks, runConnectionChecks } from '../../app/connection-checks';
import { connect } from '../../app/wiring';
import { EXIT_FAILURES, EXIT_OK } from '../exit-codes';
import { printJson, printLines } from '../io';
import { runCommand } from '../run-command';

export function register(program: Command): void {
  program
    .command('test-connection')
    .description('Check the Zendesk and Entra connections, credentials, permissions and account settings; each failure comes with its fix.')
    .option('--config <path>', 'configuration file', DEFAULT_CONFIG_PATH)
    .option('--json', 'print {"ok": bool, "checks": [...]} instead of a table')
    .action((options: { config: string; json?: boolean }) =>
      runCommand('test-connection', async () => {
        const { config } = readConfigFile(options.config);
        const connections = connect(config);
        try {
          const checks = await runConnectionChecks(config, connections);
          const ok = checks.every((c) => c.status !== 'fail');
          if (options.json) printJson({ ok, checks });
          else printLines(renderChecks(checks));
          return ok ? EXIT_OK : EXIT_FAILURES;
        } finally {
          connections.close();
        }
      }),
    );
}
