import type { Command } from 'commander';

/**
 * Every CLI command, registered in the order `--help` lists them. Add a command by writing a module in this folder
 * that exports `register(program)` and listing it here.
 */
export function registerCommands(_program: Command): void {
  // Commands are added by the issues that build them (expr, scope, sandbox, ...).
}
