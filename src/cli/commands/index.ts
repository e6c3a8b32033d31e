import type { Command } from 'commander';
import * as sandbox from './sandbox';
import * as scope from './scope';
import * as expr from './expr';
import * as demo from './demo';
import * as testConnection from './test-connection';
import * as plan from './plan';
import * as provision from './provision';
import * as sync from './sync';
import * as logs from './logs';
import * as diagnose from './diagnose';
import * as job from './job';

/**
 * Every CLI command, registered in the order `--help` lists them. Add a command by writing a module in this folder
 * that exports `register(program)` and listing it here.
 */
export function registerCommands(program: Command): void {
  sandbox.register(program);
  expr.register(program);
  scope.register(program);
  testConnection.register(program);
  plan.register(program);
  provision.register(program);
  sync.register(program);
  logs.register(program);
  diagnose.register(program);
  job.register(program);
  demo.register(program);
}
