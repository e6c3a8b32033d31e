import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGraphSandbox } from '../../../src/sandbox/graph';
import { smallSeed } from './helpers';

const MAIN = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');

function post(url: string, ca: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = new URLSearchParams(form).toString();
    const request = https.request(url, { method: 'POST', ca, agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

describe('CLI: entra-zendesk sandbox graph', function () {
  this.timeout(30_000);

  it('prints one JSON line first ({"graph": {...}}), serves a working token endpoint, and cleans up on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'sandbox', 'graph', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const newline = buffered.indexOf('\n');
          if (newline >= 0) resolve(buffered.slice(0, newline));
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
      });
      const info = (JSON.parse(line) as { graph: Record<string, string> }).graph;
      assert.deepEqual(Object.keys(info).sort(), ['authorityHost', 'caCertPath', 'clientId', 'clientSecret', 'tenantId', 'url']);
      assert.equal(info.authorityHost, info.url);
      const ca = fs.readFileSync(info.caCertPath!, 'utf8');
      const token = await post(`${info.url}/${info.tenantId}/oauth2/v2.0/token`, ca, {
        grant_type: 'client_credentials',
        client_id: info.clientId!,
        client_secret: info.clientSecret!,
        scope: 'https://graph.microsoft.com/.default',
      });
      assert.equal(token.status, 200);
      assert.equal(token.body.token_type, 'Bearer');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(fs.existsSync(info.caCertPath!), false, 'the certificate directory is removed on exit');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with a precise message for an invalid seed or port', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'graph-cli-')), 'seed.json');
    fs.writeFileSync(file, JSON.stringify({ users: [{ id: 'x', userPrincipalName: 'a@b' }] }));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sandbox', 'graph', '--seed', file], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /users\[0\]\.id must be a GUID/);
    const port = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sandbox', 'graph', '--port', '70000'], { encoding: 'utf8' });
    assert.equal(port.status, 2);
    assert.match(port.stderr, /--port must be an integer/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('NODE_EXTRA_CA_CERTS=<caCertPath> makes a child process trust the sandbox without a ca option', async () => {
    const sandbox = await startGraphSandbox({ seed: smallSeed(12) });
    try {
      const script = path.join(__dirname, 'fixtures', 'extra-ca-client.ts');
      const args = ['--import', 'tsx', script, sandbox.url, sandbox.tenantId, sandbox.clientId, sandbox.clientSecret];
      const run = (env: NodeJS.ProcessEnv, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [...args, ...extra], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
          child.once('exit', (code) => resolve({ code, stdout, stderr }));
        });
      const trusted = await run({ NODE_EXTRA_CA_CERTS: sandbox.caCertPath });
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.equal(trusted.stdout.trim(), '12');
      const untrusted = await run({ NODE_EXTRA_CA_CERTS: '' }, [sandbox.mintToken()]);
      assert.equal(untrusted.code, 1, 'without the CA the TLS handshake fails');
      assert.match(untrusted.stderr, /SELF_SIGNED|certificate/i);
    } finally {
      await sandbox.close();
    }
  });
});
