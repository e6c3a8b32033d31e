/**
 * Runs the CLI the way users do: one esbuild bundle of src/cli/main.ts (the same options as esbuild.js's CLI entry),
 * built once per test run into a temp folder and executed with `node`. Building here rather than using dist/ means the
 * tests never run a stale build.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

let bundle: string | undefined;
let bundleDir: string | undefined;

export function cliBundle(): string {
  if (bundle) return bundle;
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-cli-'));
  bundle = path.join(bundleDir, 'cli.js');
  buildSync({
    entryPoints: [path.join(REPO_ROOT, 'src/cli/main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return bundle;
}

/** Deletes the bundle; call from a root `after` hook. */
export function removeCliBundle(): void {
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
  bundle = undefined;
  bundleDir = undefined;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `entra-zendesk <args>` synchronously with the given working directory (default: a fixtures folder). */
export function runCli(args: ReadonlyArray<string>, options: { cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [cliBundle(), ...args], {
    cwd: options.cwd ?? FIXTURES,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 15_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp file with the given content, removed by the returned cleanup. */
export function tempFile(name: string, content: string): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entra-zendesk-input-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs the CLI bundle without blocking this process — for tests whose sandboxes answer from this process — with only
 * PATH and the given environment (no inherited secrets), killed after 60 s.
 */
export function runCliAsync(args: ReadonlyArray<string>, env: Record<string, string | undefined>, cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle(), ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
