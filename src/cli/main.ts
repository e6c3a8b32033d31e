/**
 * `entra-zendesk` — the headless CLI over the shared application layer (src/app) and core. Each command lives in its
 * own module under ./commands and registers itself on the program; this file only wires them together and maps errors
 * to exit codes (0 ok, 1 failures during a run, 2 bad input).
 */
import { Command } from 'commander';
import packageJson from '../../package.json';
import { registerCommands } from './commands';
import { EXIT_BAD_INPUT } from './exit-codes';

export function buildProgram(): Command {
  const program = new Command('entra-zendesk')
    .description('Set up, trial and troubleshoot user provisioning from Microsoft Entra ID to Zendesk.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride((error) => {
      // commander's own usage errors are bad input; help/version exit 0.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        process.exit(0);
      }
      process.exit(EXIT_BAD_INPUT);
    });
  registerCommands(program);
  return program;
}

// One version, package.json's: esbuild inlines the JSON into the bundle (only `version` is used after tree shaking).
const VERSION: string = packageJson.version;

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT_BAD_INPUT);
    });
}
