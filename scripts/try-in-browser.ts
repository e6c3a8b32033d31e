/**
 * `npm run try`: the extension in a browser, for people without VS Code at hand.
 *
 * Starts code-server (the same cached install the UI tests use) with the packaged extension installed, on 127.0.0.1,
 * prints the URL to open, and serves until Ctrl-C. Every step reuses the test harness (test/e2e/support/) so the
 * try-out and the tests cannot drift apart:
 *   1. the tools cache (`npm run test:tools`) is installed when missing;
 *   2. `dist/entra-zendesk-provisioning.vsix` is rebuilt (`npm run package`) when missing or older than its sources;
 *   3. it is installed into a persistent user-data folder (default `.cache/try/`, so settings and sign-ins survive a
 *      restart) when it changed since the last install;
 *   4. code-server starts in its own process group, which Ctrl-C (SIGINT) or SIGTERM kills as a whole.
 *
 * "Sandbox on": VS Code cannot run a command at startup from the command line, so code-server gets
 * ENTRA_ZENDESK_SANDBOX=1 in its environment (inherited by the extension host) for the extension to start its
 * sandbox tenant on activation, and the printed instructions name the welcome view's "Start Sandbox Tenant" button
 * for when it has not started.
 *
 *   tsx scripts/try-in-browser.ts [--port N] [--data-dir DIR]
 *     --port N        port on 127.0.0.1 (default 8080, or a free one when 8080 is taken; 0 = any free port)
 *     --data-dir DIR  the persistent folders (default .cache/try/ in the clone)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { codeServerDirsIn, freePort, installExtension, startCodeServer, VSIX_PATH, type CodeServerDirs } from '../test/e2e/support/code-server';
import { REPO_ROOT, resolveTestTools, type TestTools } from '../test/e2e/support/tools';

const DEFAULT_PORT = 8080;
/** What `npm run package` reads (see .vscodeignore and esbuild.js): newer than the .vsix means the .vsix is stale. */
const PACKAGE_INPUTS = ['src', 'webview/src', 'media', 'schemas', 'package.json', 'package.nls.json', 'esbuild.js', 'README.md', 'CHANGELOG.md'];
/** Settings for a first try-out: nothing competing with the extension's view; the user may change them later. */
const TRY_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

class UsageError extends Error {}

interface Options {
  /** undefined: the default (8080, else a free one). */
  readonly port: number | undefined;
  readonly dataDir: string;
}

function parseOptions(argv: readonly string[]): Options {
  let values: { port?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Usage: npm run try -- [--port N] [--data-dir DIR]`);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(`--port ${values.port}: expected a whole number from 0 (any free port) to 65535, e.g. --port 8080`);
    }
  }
  const dataDir = path.resolve(values['data-dir'] ?? path.join(REPO_ROOT, '.cache/try'));
  return { port, dataDir };
}

/** Resolves the tools, running the installer once when any is missing (it says what it does, and needs root). */
function ensureTools(): TestTools {
  try {
    return resolveTestTools();
  } catch (error) {
    console.log(`${(error as Error).message.split('. Run')[0]}: installing them now (npm run test:tools)…`);
  }
  run('bash', [path.join(REPO_ROOT, 'scripts/test-tools/install.sh')], 'npm run test:tools');
  return resolveTestTools();
}

function newestMtime(file: string): number {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file shows only in its folder's mtime
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

function ensurePackage(): void {
  const vsix = statSync(VSIX_PATH, { throwIfNoEntry: false });
  const sources = Math.max(...PACKAGE_INPUTS.map((input) => newestMtime(path.join(REPO_ROOT, input))));
  if (vsix !== undefined && vsix.mtimeMs >= sources) return;
  console.log(vsix === undefined ? 'Packaging the extension (npm run package)…' : 'Sources changed since the last package: repackaging (npm run package)…');
  try {
    run('npm', ['run', 'package'], 'npm run package');
  } catch (error) {
    // A half-edited working tree should not stop a try-out when a previous package exists: use it, and say so.
    if (vsix === undefined) throw error;
    console.warn(`WARNING: ${(error as Error).message.split(';')[0]}; trying the previous package (${new Date(vsix.mtimeMs).toISOString()}) instead.`);
  }
}

/** The persistent folders, in the shape the harness uses; user settings are written once, then left to the user. */
function prepareDirs(root: string): CodeServerDirs {
  const dirs = codeServerDirsIn(root);
  const settings = path.join(dirs.userData, 'User', 'settings.json');
  if (!existsSync(settings)) writeFileSync(settings, `${JSON.stringify(TRY_USER_SETTINGS, null, 2)}\n`);
  return dirs;
}

/** Installs the .vsix unless this exact file (size + mtime) is the one installed last time. */
async function ensureInstalled(tools: TestTools, dirs: CodeServerDirs): Promise<void> {
  const vsix = statSync(VSIX_PATH);
  const stamp = `${vsix.size}:${vsix.mtimeMs}`;
  const stampFile = path.join(dirs.root, 'installed-vsix.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  console.log('Installing the extension into code-server…');
  await installExtension(tools, dirs, VSIX_PATH);
  writeFileSync(stampFile, stamp);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function choosePort(requested: number | undefined): Promise<number> {
  if (requested === 0) return freePort();
  if (requested !== undefined) {
    if (!(await portIsFree(requested))) {
      throw new UsageError(`--port ${requested}: 127.0.0.1:${requested} is already in use; pick another or use --port 0 for any free port`);
    }
    return requested;
  }
  return (await portIsFree(DEFAULT_PORT)) ? DEFAULT_PORT : freePort();
}

function run(command: string, args: readonly string[], label: string): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${label} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); fix the cause above and run npm run try again`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const tools = ensureTools();
  ensurePackage();
  const dirs = prepareDirs(options.dataDir);
  await ensureInstalled(tools, dirs);
  const port = await choosePort(options.port);

  // Inherited by code-server and its extension host: the extension starts its sandbox tenant when it activates.
  process.env.ENTRA_ZENDESK_SANDBOX = '1';
  console.log(`Starting code-server ${tools.codeServerVersion} on 127.0.0.1:${port}…`);
  const server = await startCodeServer({ tools, dirs, port, startTimeoutMs: 120_000 });
  // The harness kills the server's process group on SIGINT/SIGTERM and exits; this only says so first.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependOnceListener(signal, () => console.log('\nStopping code-server…'));
  }
  console.log(
    [
      '',
      `Open ${server.workbenchUrl()} in a browser`,
      '',
      'Then open the "Entra → Zendesk" container in the activity bar. The sandbox tenant starts with the extension;',
      'if the views still say "No configuration found", click "Start Sandbox Tenant" in the welcome view.',
      `Settings and state persist in ${dirs.root}. Press Ctrl-C to stop.`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`npm run try: ${(error as Error).message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
