import type { Command } from 'commander';
import { registerSandboxGraph } from './sandbox-graph';
import { registerSandboxZendesk } from './sandbox-zendesk';

/**
 * `entra-zendesk sandbox …` — the local emulators. Each emulator module adds its subcommand through a registrar
 * listed here (`sandbox zendesk`, `sandbox graph`); the engine issue makes bare `sandbox` start both.
 */
const sandboxRegistrars: Array<(sandbox: Command) => void> = [registerSandboxZendesk, registerSandboxGraph];

export function register(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('Run local emulators of the Zendesk Support API and Microsoft Graph, seeded with a demo tenant.');
  for (const registrar of sandboxRegistrars) registrar(sandbox);
}
