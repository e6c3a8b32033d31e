/**
 * `entra-zendesk sandbox zendesk [--port N] [--seed file.json] [--time-scale N] [--state-file file.json]` — starts the
 * Zendesk Support API emulator, prints ONE JSON line first (`{"zendesk":{url, subdomain, adminEmail, apiToken,
 * oauthClientId, oauthClientSecret}}`, machine-readable for scripts and the extension), then serves until stopped.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { startZendeskSandbox, type ZendeskSeed } from '../../sandbox/zendesk';
import { EXIT_BAD_INPUT } from '../exit-codes';
import { closeOnSignal } from '../serve';

interface SandboxZendeskOptions {
  port: string;
  seed?: string;
  timeScale: string;
  stateFile?: string;
}

export function registerSandboxZendesk(sandbox: Command): void {
  sandbox
    .command('zendesk')
    .description('Run the Zendesk Support API emulator on 127.0.0.1 (prints one JSON line with its URL and credentials, then serves).')
    .option('--port <n>', 'port on 127.0.0.1 (0 = a random free port)', '0')
    .option('--seed <file.json>', 'seed in the API\'s own shapes ({"users": [...], "groups": [...], ...}); default: the demo seed')
    .option('--time-scale <n>', 'Zendesk seconds per real second (60 = an hour of rate limits in a minute)', '1')
    .option('--state-file <file.json>', 'load state from this file if it exists, save it there on exit')
    .action(async (options: SandboxZendeskOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be an integer from 0 to 65535, got "${options.port}"`);
      const timeScale = Number(options.timeScale);
      if (!(Number.isFinite(timeScale) && timeScale > 0)) fail(`--time-scale must be a number > 0, got "${options.timeScale}"`);
      let seed: ZendeskSeed | undefined;
      if (options.seed) {
        try {
          seed = JSON.parse(readFileSync(options.seed, 'utf8')) as ZendeskSeed;
        } catch (error) {
          fail(`--seed ${options.seed}: ${(error as Error).message} (expected a JSON file like {"users": [...], "groups": [...]})`);
        }
      }
      let sandboxServer;
      try {
        sandboxServer = await startZendeskSandbox({ port, seed, timeScale, stateFile: options.stateFile });
      } catch (error) {
        fail(`cannot start the Zendesk sandbox: ${(error as Error).message}`);
      }
      process.stdout.write(`${JSON.stringify(sandboxServer.connectionInfo())}\n`);
      closeOnSignal(() => sandboxServer.close());
    });
}

function fail(message: string): never {
  process.stderr.write(`entra-zendesk sandbox zendesk: ${message}\n`);
  process.exit(EXIT_BAD_INPUT);
}
