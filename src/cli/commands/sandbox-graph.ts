/**
 * `entra-zendesk sandbox graph [--port N] [--seed file.json] [--delta-page-size N]` — starts the Microsoft Graph
 * emulator (HTTPS + token endpoint), prints ONE JSON line first
 * (`{"graph":{url, tenantId, clientId, clientSecret, authorityHost, caCertPath}}`, url = the base before `/v1.0`),
 * then serves until stopped. The printed app registration works with any seed (the sandbox always adds it).
 * Clients trust the certificate through `caCertPath` (an https.Agent `ca`, or NODE_EXTRA_CA_CERTS=<caCertPath>).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { startGraphSandbox, validateSeed, type GraphSandbox, type GraphSeed } from '../../sandbox/graph';
import { EXIT_BAD_INPUT } from '../exit-codes';
import { closeOnSignal } from '../serve';

interface SandboxGraphOptions {
  port: string;
  seed?: string;
  deltaPageSize: string;
}

export function registerSandboxGraph(sandbox: Command): void {
  sandbox
    .command('graph')
    .description('Run the Microsoft Graph emulator (HTTPS, with a token endpoint) on 127.0.0.1; prints one JSON line with its URL and credentials, then serves.')
    .option('--port <n>', 'port on 127.0.0.1 (0 = a random free port)', '0')
    .option('--seed <file.json>', 'seed in Graph shapes ({"servicePrincipals": [...], "users": [...], "groups": [...], "appRoleAssignments": [...]}); default: the demo tenant')
    .option('--delta-page-size <n>', 'objects per /users/delta and /groups/delta page', '100')
    .action(async (options: SandboxGraphOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be an integer from 0 to 65535, got "${options.port}"`);
      const deltaPageSize = Number(options.deltaPageSize);
      if (!Number.isInteger(deltaPageSize) || deltaPageSize < 1 || deltaPageSize > 999) fail(`--delta-page-size must be an integer from 1 to 999, got "${options.deltaPageSize}"`);
      let seed: GraphSeed | undefined;
      if (options.seed) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(options.seed, 'utf8'));
        } catch (error) {
          fail(`--seed ${options.seed}: ${(error as Error).message} (expected a JSON file like {"users": [...], "groups": [...]})`);
        }
        try {
          seed = validateSeed(parsed, options.seed);
        } catch (error) {
          fail((error as Error).message);
        }
      }
      let server: GraphSandbox;
      try {
        server = await startGraphSandbox({ port, seed, deltaPageSize });
      } catch (error) {
        fail(`cannot start the Graph sandbox: ${(error as Error).message}`);
      }
      process.stdout.write(`${JSON.stringify({ graph: server.info() })}\n`);
      closeOnSignal(() => server.close());
    });
}

function fail(message: string): never {
  process.stderr.write(`entra-zendesk sandbox graph: ${message}\n`);
  process.exit(EXIT_BAD_INPUT);
}
