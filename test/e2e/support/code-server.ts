/**
 * Starts and stops code-server (a real VS Code workbench with a Node extension host) for the extension-host and UI
 * suites. Each server gets its own HOME, XDG, user-data and extensions folders under one temp dir, so nothing leaks
 * into the user's home and runs don't see each other's state.
 *
 * code-server runs as the leader of its own process group (setsid(2) through `detached: true`), and stopping it kills
 * the whole group: killing only the Node wrapper can orphan its file-watcher and extension-host children. Groups still
 * alive when the test process exits (a crashed test, Ctrl-C) are killed by an exit hook, so no server outlives a run.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, type TestTools } from './tools';

/** The folders one code-server instance owns. Short paths: VS Code's IPC socket paths have a length limit. */
export interface CodeServerDirs {
  readonly root: string;
  readonly home: string;
  readonly xdg: string;
  readonly userData: string;
  readonly extensions: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
}

export interface StartCodeServerOptions {
  readonly tools: TestTools;
  /** Folders to use (e.g. prepared by installExtension); default: fresh ones, removed again by stop(). */
  readonly dirs?: CodeServerDirs;
  /** Folder the workbench opens; default `dirs.workspace`. */
  readonly folder?: string;
  /**
   * Start with `--vscode-option enable-smoke-test-driver`: VS Code then honours the `payload` URL parameter
   * (extensionDevelopmentPath / extensionTestsPath) and reports through window.codeAutomationLog/Exit. The flag also
   * hides notification toasts, so UI checks run on a server started without it.
   */
  readonly smokeTestDriver?: boolean;
  /** How long to wait for /healthz; the default allows for a busy 2-core CI machine. */
  readonly startTimeoutMs?: number;
  /** Loopback port to bind (`npm run try --port`); default: a free one. */
  readonly port?: number;
}

export interface CodeServer {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly dirs: CodeServerDirs;
  /** The folder the workbench opens. */
  readonly folder: string;
  /** The workbench URL for `folder`, with an optional VS Code `payload` (list of [name, value] pairs). */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** code-server's stdout and stderr so far (last lines), for failure reports. */
  output(): string;
  /** Kills the process group, waits until it is gone, and removes the folders it created. Safe to call twice. */
  stop(): Promise<void>;
}

const OUTPUT_LINES_KEPT = 300;
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * User settings for every test server: no welcome page, chat or secondary side bar competing for the screen (they
 * make screenshots busy and steal focus), and no update or telemetry traffic (there is no internet here anyway).
 */
const TEST_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/** Creates the per-server folders under a fresh temp dir, with TEST_USER_SETTINGS. */
export function createCodeServerDirs(prefix = 'ezp-cs-'): CodeServerDirs {
  const dirs = codeServerDirsIn(mkdtempSync(path.join(os.tmpdir(), prefix)));
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(TEST_USER_SETTINGS, null, 2));
  return dirs;
}

/** The per-server folder layout under `root`, created if missing (the tests' temp dirs and `npm run try`'s kept one). */
export function codeServerDirsIn(root: string): CodeServerDirs {
  const dirs: CodeServerDirs = {
    root,
    home: path.join(root, 'home'),
    xdg: path.join(root, 'xdg'),
    userData: path.join(root, 'udd'),
    extensions: path.join(root, 'ext'),
    workspace: path.join(root, 'workspace'),
  };
  for (const dir of [dirs.home, dirs.xdg, path.join(dirs.userData, 'User'), dirs.extensions, dirs.workspace]) {
    mkdirSync(dir, { recursive: true });
  }
  return dirs;
}

export function removeCodeServerDirs(dirs: CodeServerDirs): void {
  rmSync(dirs.root, { recursive: true, force: true });
}

/** The .vsix that `npm run package` writes. */
export const VSIX_PATH = path.join(REPO_ROOT, 'dist', 'entra-zendesk-provisioning.vsix');

/** Builds the .vsix the way a release is built (`npm run package`) and returns its path. */
export async function packageExtension(): Promise<string> {
  await promisify(execFile)('npm', ['run', 'package'], { cwd: REPO_ROOT, timeout: 120_000 });
  if (!existsSync(VSIX_PATH)) throw new Error(`npm run package did not produce ${VSIX_PATH}`);
  return VSIX_PATH;
}

/** Installs a packaged extension into `dirs` with code-server's own `--install-extension`; returns its output. */
export async function installExtension(tools: TestTools, dirs: CodeServerDirs, vsixPath: string): Promise<string> {
  const args = [
    tools.codeServerEntry,
    '--extensions-dir', dirs.extensions,
    '--user-data-dir', dirs.userData,
    '--install-extension', vsixPath,
  ];
  return new Promise((resolve, reject) => {
    execFile(tools.node24, args, { env: codeServerEnv(dirs), timeout: 120_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error) {
        reject(new Error(`code-server --install-extension ${vsixPath} failed (${error.message}):\n${output}`));
      } else {
        resolve(output);
      }
    });
  });
}

export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer> {
  const ownsDirs = options.dirs === undefined;
  const dirs = options.dirs ?? createCodeServerDirs();
  const folder = options.folder ?? dirs.workspace;
  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const args = [
    options.tools.codeServerEntry,
    '--bind-addr', host,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '5',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  const child = spawn(options.tools.node24, args, {
    env: codeServerEnv(dirs),
    detached: true, // setsid(2): the child leads a new process group, which stop() kills as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) {
    if (ownsDirs) removeCodeServerDirs(dirs);
    throw new Error(`could not start code-server (${options.tools.node24} ${options.tools.codeServerEntry})`);
  }
  trackGroup(pgid);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped: Promise<void> | undefined;
  const server: CodeServer = {
    host,
    port,
    url: `http://${host}/`,
    dirs,
    folder,
    workbenchUrl(payload) {
      const query = new URLSearchParams({ folder });
      if (payload !== undefined) query.set('payload', JSON.stringify(payload));
      return `http://${host}/?${query.toString()}`;
    },
    output: () => lines.join('\n'),
    stop() {
      stopped ??= (async () => {
        await killGroup(pgid, child, exited);
        if (ownsDirs) removeCodeServerDirs(dirs);
      })();
      return stopped;
    },
  };

  try {
    await waitForHealthz(port, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${server.output()}`, { cause: error });
  }
  return server;
}

/** HOME/XDG point into the run's folders; inherited VSCODE_* variables (from a VS Code terminal) would confuse it. */
function codeServerEnv(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdg,
    XDG_DATA_HOME: dirs.xdg,
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during start-up (code ${child.exitCode ?? child.signalCode})`);
    }
    if (await healthzAnswers(port)) return;
    await delay(100);
  }
  throw new Error(`code-server did not answer http://127.0.0.1:${port}/healthz within ${timeoutMs} ms`);
}

function healthzAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

async function killGroup(pgid: number, child: ChildProcess, exited: Promise<void>): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const gone = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
  // SIGKILL the rest of the group either way: a watcher child may ignore SIGTERM or outlive its parent.
  signalGroup(pgid, 'SIGKILL');
  if (!gone) await exited;
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await delay(50);
  liveGroups.delete(pgid);
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
