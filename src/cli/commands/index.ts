import type { Command } from 'commander';
import * as sandbox from './sandbox';

/**
 * Every CLI command, registered in the order `--help` lists them. Add a command by writing a module in this folder
 * that exports `register(program)` and listing it here.
 */
export function registerCommands(program: Command): void {
  sandbox.register(program);
}
