/**
 * The code-server launcher itself: isolated folders, /healthz, and a stop() that leaves no process behind.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from './support/code-server';
import { resolveTestTools } from './support/tools';

describe('code-server launcher', function () {
  this.timeout(120_000);
  let server: CodeServer | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('reports every missing tool and how to install it', () => {
    assert.throws(
      () => resolveTestTools({ ENTRA_ZENDESK_TOOLS: '/nonexistent/tools', CHROMIUM_PATH: '/nonexistent/chromium' }),
      (error: Error) =>
        /Node 24 \(\/nonexistent\/tools\/node-/.test(error.message) &&
        /code-server \(\/nonexistent\/tools\/code-server-/.test(error.message) &&
        /Chromium \(\/nonexistent\/chromium\)/.test(error.message) &&
        /npm run test:tools/.test(error.message),
    );
  });

  it('starts on a free loopback port with its own folders and stops its whole process group', async () => {
    server = await startCodeServer({ tools: resolveTestTools() });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(`${server.url}healthz`);
    assert.equal(response.status, 200);
    // code-server wrote its config into the run's XDG folder, not the user's home.
    assert.ok(existsSync(path.join(server.dirs.xdg, 'code-server', 'config.yaml')), 'config.yaml in the run XDG dir');
    assert.equal(server.workbenchUrl([['a', 'b']]).includes(`payload=${encodeURIComponent('[["a","b"]]')}`), true);

    const group = processGroupOf(server.port);
    assert.ok(group.length > 0, 'code-server processes found');
    const root = server.dirs.root;
    await server.stop();
    assert.deepEqual(group.filter(isAlive), [], 'processes left after stop()');
    assert.equal(existsSync(root), false, 'run folders removed');
    await server.stop(); // a second stop is harmless
  });
});

/** PIDs of the processes in the group of whatever listens on `port` (via /proc, no extra tools). */
function processGroupOf(port: number): number[] {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const leader = pids.find((pid) => commandLine(pid).includes(`127.0.0.1:${port}`));
  if (leader === undefined) return [];
  const pgid = processGroup(leader);
  return pids.filter((pid) => processGroup(pid) === pgid);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function processGroup(pid: number): number | undefined {
  try {
    // Field 5 of /proc/PID/stat, counted after the parenthesised command name (which may contain spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
