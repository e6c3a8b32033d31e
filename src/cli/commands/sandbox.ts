import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { parse as parseJsonc } from 'jsonc-parser';
import { validateSeed, type GraphSeed } from '../../sandbox/graph';
import type { ZendeskSeed } from '../../sandbox/zendesk';
import { EXIT_BAD_INPUT } from '../exit-codes';
import { InputError } from '../../app/input-error';
import { readJsonFile } from '../io';
import { startLocalSandbox, type LocalSandbox } from '../../app/local-sandbox';
import { closeOnSignal } from '../serve';
import { registerSandboxGraph } from './sandbox-graph';
import { registerSandboxZendesk } from './sandbox-zendesk';

/**
 * `entra-zendesk sandbox …` — the local emulators. Bare `sandbox [--graph-seed g.json] [--zendesk-seed z.json]
 * [--write-config path]` starts both (demo seeds by default) and prints ONE JSON line first:
 * `{"graph": {...}, "zendesk": {...}, "env": {...}}` — `env` holds the environment variables (secrets and
 * NODE_EXTRA_CA_CERTS) with which every other command given `--config <written file>` works against this sandbox —
 * then serves until stopped. Each emulator module adds its own subcommand through a registrar listed here.
 */
const sandboxRegistrars: Array<(sandbox: Command) => void> = [registerSandboxZendesk, registerSandboxGraph];

interface SandboxBothOptions {
  graphSeed?: string;
  zendeskSeed?: string;
  writeConfig?: string;
  timeScale: string;
}

export function register(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('Run local emulators of Microsoft Graph and the Zendesk Support API (both, or one with a subcommand), seeded with a demo tenant.')
    .option('--graph-seed <file.json>', 'Graph seed ({"servicePrincipals": [...], "users": [...], "groups": [...], "appRoleAssignments": [...]}); default: the demo tenant')
    .option('--zendesk-seed <file.json>', 'Zendesk seed in the API\'s own shapes ({"users": [...], "groups": [...], ...}); default: the demo account')
    .option('--write-config <path>', 'write a configuration file pointing at both emulators (use it as --config in another shell)')
    .option('--time-scale <n>', 'Zendesk seconds per real second (60 = an hour of rate limits in a minute)', '1')
    // `sandbox zendesk --time-scale 5` must reach the subcommand, not this command's option of the same name.
    .enablePositionalOptions()
    .action(async (options: SandboxBothOptions) => {
      try {
        await serveBoth(options);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        process.stderr.write(`entra-zendesk sandbox: ${error.message}\n`);
        process.exit(EXIT_BAD_INPUT);
      }
    });
  for (const registrar of sandboxRegistrars) registrar(sandbox);
}

async function serveBoth(options: SandboxBothOptions): Promise<void> {
  const timeScale = Number(options.timeScale);
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new InputError(`--time-scale must be a number > 0, got "${options.timeScale}"`);
  let graphSeed: GraphSeed | undefined;
  if (options.graphSeed !== undefined) {
    const parsed = readJsonFile(options.graphSeed, '--graph-seed');
    try {
      graphSeed = validateSeed(parsed, options.graphSeed);
    } catch (error) {
      throw new InputError(`--graph-seed: ${(error as Error).message}`);
    }
  }
  const zendeskSeed = options.zendeskSeed !== undefined ? (readJsonFile(options.zendeskSeed, '--zendesk-seed') as ZendeskSeed) : undefined;
  if (options.writeConfig !== undefined) checkWritable(options.writeConfig);
  let sandbox: LocalSandbox;
  try {
    sandbox = await startLocalSandbox({ graphSeed, zendeskSeed, zendeskTimeScale: timeScale });
  } catch (error) {
    throw new InputError(`cannot start the sandbox: ${(error as Error).message}`);
  }
  if (options.writeConfig !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(options.writeConfig)), { recursive: true });
    fs.writeFileSync(options.writeConfig, sandbox.configText());
  }
  process.stdout.write(`${JSON.stringify(sandbox.info())}\n`);
  const exports = Object.entries(sandbox.env).map(([name, value]) => `export ${name}='${value}'`);
  const configHint = options.writeConfig !== undefined ? `--config ${options.writeConfig}` : '--config <file> (start with --write-config <file> to get one)';
  process.stderr.write(
    [
      'Sandbox running (Ctrl+C to stop). In another shell:',
      ...exports.map((line) => `  ${line}`),
      `  entra-zendesk test-connection ${configHint}`,
      '',
    ].join('\n'),
  );
  closeOnSignal(() => sandbox.close());
}

/**
 * Decision: `--write-config` replaces a file only when it is missing or is itself a sandbox configuration (its Zendesk
 * endpoint is on the loopback), so a real workspace configuration is never overwritten by accident.
 */
function checkWritable(file: string): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new InputError(`--write-config "${file}": ${(error as Error).message}`);
  }
  const value = parseJsonc(text) as { endpoints?: { zendeskBaseUrl?: unknown } } | undefined;
  const url = value?.endpoints?.zendeskBaseUrl;
  if (typeof url === 'string' && /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(url)) return;
  throw new InputError(`--write-config "${file}": the file exists and is not a sandbox configuration; refusing to overwrite it. Choose another path (e.g. .vscode/entra-zendesk.sandbox.json) or delete the file first.`);
}
