/**
 * `npm run try` (scripts/try-in-browser.ts) end to end: it prints the workbench URL, code-server answers /healthz and
 * serves the workbench with the extension installed and ENTRA_ZENDESK_SANDBOX=1 in its environment, and Ctrl-C (SIGINT
 * to the script's process group, as a terminal sends it) leaves no process behind.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './support/tools';

const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(REPO_ROOT, 'scripts/try-in-browser.ts');

interface Run {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

function startTry(args: readonly string[]): Run {
  let output = '';
  const child = spawn(TSX, [SCRIPT, ...args], {
    cwd: REPO_ROOT,
    detached: true, // its own process group, like a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, output: () => output, exited };
}

describe('npm run try (code-server in a browser)', function () {
  this.timeout(300_000);
  let dataRoot: string;
  let run: Run | undefined;
  /** code-server's own process group, killed in afterEach if a failed test left it running. */
  let serverGroup: number | undefined;

  beforeEach(() => {
    dataRoot = mkdtempSync(path.join(os.tmpdir(), 'ezp-try-'));
  });

  afterEach(async () => {
    if (run?.child.pid !== undefined && run.child.exitCode === null && run.child.signalCode === null) {
      signalGroup(run.child.pid, 'SIGKILL');
      await run.exited;
    }
    if (serverGroup !== undefined) signalGroup(serverGroup, 'SIGKILL');
    serverGroup = undefined;
    run = undefined;
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('rejects a bad --port with exit 2 and says what it expects', async () => {
    run = startTry(['--port', 'eighty', '--data-dir', path.join(dataRoot, 'd')]);
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /--port eighty: expected a whole number from 0 \(any free port\) to 65535/);
  });

  it('prints the URL, serves the workbench with the extension and the sandbox flag, and stops cleanly on Ctrl-C', async () => {
    run = startTry(['--port', '0', '--data-dir', path.join(dataRoot, 'd')]);
    const url = await waitForUrl(run, 280_000);
    const { origin, searchParams } = new URL(url);
    assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(searchParams.get('folder'), path.join(dataRoot, 'd', 'workspace'));

    const health = await fetch(`${origin}/healthz`);
    assert.equal(health.status, 200);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /workbench-web-configuration/, 'the workbench page');

    const installed = readdirSync(path.join(dataRoot, 'd', 'ext'));
    assert.ok(installed.some((name) => name.startsWith('entra-zendesk.entra-zendesk-provisioning-')), `installed: ${installed.join(', ')}`);

    const port = new URL(url).port;
    const server = processesListeningOn(port);
    assert.ok(server.length > 0, 'code-server process found');
    assert.ok(environ(server[0]).includes('ENTRA_ZENDESK_SANDBOX=1'), 'code-server has ENTRA_ZENDESK_SANDBOX=1');
    const group = processGroup(server[0]);
    assert.ok(group !== undefined);
    serverGroup = group;
    assert.notEqual(group, run.child.pid, 'code-server runs in its own process group');

    signalGroup(run.child.pid as number, 'SIGINT'); // what Ctrl-C in a terminal does
    await run.exited;
    assert.match(run.output(), /Stopping code-server/);
    const deadline = Date.now() + 10_000;
    while (membersOf(group as number).length > 0 && Date.now() < deadline) await delay(100);
    assert.deepEqual(membersOf(group as number), [], 'code-server processes left after Ctrl-C');
  });
});

async function waitForUrl(run: Run, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = /^Open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+) in a browser$/m.exec(run.output());
    if (found) return found[1];
    if (run.child.exitCode !== null || run.child.signalCode !== null) break;
    await delay(250);
  }
  throw new Error(`npm run try printed no URL:\n${run.output()}`);
}

function pids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function processesListeningOn(port: string): number[] {
  return pids().filter((pid) => readProc(pid, 'cmdline').replace(/\0/g, ' ').includes(`127.0.0.1:${port}`));
}

function environ(pid: number): string[] {
  return readProc(pid, 'environ').split('\0');
}

function processGroup(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  // Field 5 of /proc/PID/stat, counted after the parenthesised command name (which may contain spaces).
  return stat === '' ? undefined : Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function membersOf(group: number): number[] {
  return pids().filter((pid) => processGroup(pid) === group && !readProc(pid, 'stat').includes(') Z '));
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
