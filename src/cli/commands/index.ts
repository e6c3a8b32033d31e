import type { Command } from 'commander';
import * as sandbox from './sandbox';
import * as scope from './scope';
import * as expr from './expr';
import * as demo from './demo';

/**
 * Every CLI command, registered in the order `--help` lists them. Add a command by writing a module in this folder
 * that exports `register(program)` and listing it here.
 */
export function registerCommands(program: Command): void {
  sandbox.register(program);
  expr.register(program);
  scope.register(program);
  demo.register(program);
}
