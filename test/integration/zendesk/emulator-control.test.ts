import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { startZendeskSandbox, SANDBOX_ADMIN_EMAIL } from '../../../src/sandbox/zendesk';
import { basic, call, useSandbox } from './helpers';

describe('Zendesk sandbox: control API and seeds', () => {
  const ctx = useSandbox({ seed: 'demo' });

  it('the demo seed is realistic: ~60 users of every kind, custom roles incl. "Agent", groups with memberships, user fields', () => {
    const users = [...ctx.sandbox.state.users.values()];
    assert.ok(users.length >= 55 && users.length <= 65, `${users.length} users`);
    for (const role of ['admin', 'agent', 'end-user']) assert.ok(users.some((s) => s.user.role === role), role);
    assert.ok(users.some((s) => s.user.suspended));
    assert.equal(users.filter((s) => s.deletedAt !== undefined).length, 1);
    assert.ok([...ctx.sandbox.state.customRoles.values()].some((r) => r.name === 'Agent'));
    assert.ok(ctx.sandbox.state.memberships.size > 5);
    assert.ok(ctx.sandbox.state.userFields.length > 0);
    assert.equal(ctx.sandbox.state.account.bulk_import_enabled, true);
  });

  it('control API lives under /__sandbox/ (never /api/v2): dump, load, reset, request counts, settings', async () => {
    await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    const counts = await call(ctx.sandbox, 'GET', '/__sandbox/requests', { auth: null });
    assert.equal(counts.body.byEndpoint['users.list'], 2);
    const dump = await call(ctx.sandbox, 'GET', '/__sandbox/state', { auth: null });
    assert.equal(dump.body.users.length, ctx.sandbox.state.users.size);
    const load = await call(ctx.sandbox, 'PUT', '/__sandbox/state', { auth: null, body: { users: [{ name: 'Only', email: 'only@x.example', role: 'end-user' }] } });
    assert.equal(load.status, 200);
    assert.equal(ctx.sandbox.state.users.size, 2, 'the seeded user plus the sandbox admin');
    const settings = await call(ctx.sandbox, 'PATCH', '/__sandbox/settings', { auth: null, body: { account: { plan: 'team' }, faults: { latencyMs: 0 } } });
    assert.equal(settings.body.account.plan, 'team');
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).headers.get('x-rate-limit'), '200');
    await call(ctx.sandbox, 'POST', '/__sandbox/reset', { auth: null });
    assert.ok(ctx.sandbox.state.users.size > 50);
    assert.equal((await call(ctx.sandbox, 'GET', '/__sandbox/nope', { auth: null })).status, 404);
  });

  it('a bad seed is refused with a message naming the problem', async () => {
    const response = await call(ctx.sandbox, 'PUT', '/__sandbox/state', { auth: null, body: { users: [{ email: 'x@y.example' }] } });
    assert.equal(response.status, 400);
    assert.match(response.body.description, /seed users\[0\] needs a name/);
    assert.match((await call(ctx.sandbox, 'PUT', '/__sandbox/state', { auth: null, body: { usres: [] } })).body.description, /unknown key "usres"/);
  });

  it('a seed without an admin or OAuth client gets the sandbox\'s own, so the printed credentials work', async () => {
    const sandbox = await startZendeskSandbox({ seed: { users: [{ name: 'Customer', email: 'c@x.example' }] } });
    try {
      assert.equal(sandbox.adminEmail, SANDBOX_ADMIN_EMAIL);
      const me = await call(sandbox, 'GET', '/api/v2/users/me.json', { auth: basic(sandbox.adminEmail, sandbox.apiToken) });
      assert.equal(me.body.user.role, 'admin');
      const token = await call(sandbox, 'POST', '/oauth/tokens', {
        auth: null,
        body: { grant_type: 'client_credentials', client_id: sandbox.oauthClientId, client_secret: sandbox.oauthClientSecret },
      });
      assert.equal(token.status, 200);
    } finally {
      await sandbox.close();
    }
  });

  it('state can be saved to a file and is loaded from it on the next start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zd-sandbox-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startZendeskSandbox({ seed: 'empty', stateFile });
      await call(first, 'POST', '/api/v2/groups.json', { auth: basic(first.adminEmail, first.apiToken), body: { group: { name: 'Persisted' } } });
      await first.close();
      const second = await startZendeskSandbox({ seed: 'empty', stateFile });
      try {
        assert.ok([...second.state.groups.values()].some((g) => g.name === 'Persisted'));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI `sandbox zendesk --seed file` prints one JSON line first, and its credentials work', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'zd-cli-'));
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify({ account: { subdomain: 'acme' }, users: [{ name: 'Customer', email: 'c@acme.example' }] }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', 'zendesk', '--port', '0', '--seed', seedFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as { zendesk: { url: string; subdomain: string; adminEmail: string; apiToken: string; oauthClientId: string; oauthClientSecret: string } };
      assert.deepEqual(Object.keys(info.zendesk), ['url', 'subdomain', 'adminEmail', 'apiToken', 'oauthClientId', 'oauthClientSecret']);
      assert.equal(info.zendesk.subdomain, 'acme');
      assert.match(info.zendesk.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const me = await fetch(`${info.zendesk.url}/api/v2/users/me.json`, { headers: { Authorization: basic(info.zendesk.adminEmail, info.zendesk.apiToken) } });
      assert.equal(((await me.json()) as { user: { role: string } }).user.role, 'admin');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI refuses an unreadable seed with exit code 2 and a clear message', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', 'zendesk', '--seed', '/nonexistent/seed.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /--seed \/nonexistent\/seed\.json: .*ENOENT/);
  });
});
