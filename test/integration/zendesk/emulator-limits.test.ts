import assert from 'node:assert/strict';
import { startZendeskSandbox } from '../../../src/sandbox/zendesk';
import { call, ManualClock, useSandbox } from './helpers';

describe('Zendesk sandbox: rate limits (reference §10)', () => {
  const clock = new ManualClock();
  const ctx = useSandbox({ seed: 'demo', now: clock.now });

  it('every API response carries x-rate-limit* and ratelimit-* headers; Retry-After only on 429', async () => {
    const ok = await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    assert.equal(ok.headers.get('x-rate-limit'), '700');
    assert.equal(ok.headers.get('x-rate-limit-remaining'), '699');
    assert.equal(ok.headers.get('ratelimit-limit'), '700');
    assert.equal(ok.headers.get('ratelimit-remaining'), '699');
    assert.equal(ok.headers.get('ratelimit-reset'), '60');
    assert.equal(ok.headers.get('x-zendesk-api-version'), 'v2');
    assert.ok(ok.headers.get('x-request-id'));
    for (const response of [ok, await call(ctx.sandbox, 'GET', '/api/v2/users/1.json'), await call(ctx.sandbox, 'POST', '/api/v2/users.json', { body: { user: {} } })]) {
      assert.equal(response.headers.get('retry-after'), null);
    }
  });

  it('plan presets: Essential 10, Team 200, Growth/Professional 400, Enterprise 700, Enterprise Plus 2500; High Volume raises to 2500', async () => {
    const expected: Array<[string, string]> = [['essential', '10'], ['team', '200'], ['growth', '400'], ['professional', '400'], ['enterprise', '700'], ['enterprise_plus', '2500']];
    for (const [plan, limit] of expected) {
      ctx.sandbox.setAccount({ plan: plan as 'team' });
      assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).headers.get('x-rate-limit'), limit, plan);
    }
    ctx.sandbox.setAccount({ plan: 'professional', high_volume: true });
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).headers.get('x-rate-limit'), '2500');
  });

  it('account limit exhausted → 429 with the text body and Retry-After; the next window is open again', async () => {
    ctx.sandbox.setAccount({ plan: 'essential' });
    for (let i = 0; i < 10; i += 1) assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).status, 200);
    clock.advance(20_000);
    const limited = await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    assert.equal(limited.status, 429);
    assert.equal(limited.text, 'Number of allowed API requests per minute exceeded');
    assert.match(limited.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(limited.headers.get('retry-after'), '40');
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    clock.advance(40_000);
    assert.equal((await call(ctx.sandbox, 'GET', '/api/v2/users.json')).status, 200);
  });

  it('update user: 5 per minute per user → 429 with Zendesk-RateLimit-create-update-user', async () => {
    const [user, other] = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user');
    for (let i = 0; i < 5; i += 1) {
      const response = await call(ctx.sandbox, 'PUT', `/api/v2/users/${user!.id}.json`, { body: { user: { notes: `n${i}` } } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('zendesk-ratelimit-create-update-user') ?? '', new RegExp(`^total=5; remaining=${4 - i}; resets=\\d+$`));
      clock.advance(1000);
    }
    const limited = await call(ctx.sandbox, 'PUT', `/api/v2/users/${user!.id}.json`, { body: { user: { notes: 'x' } } });
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get('retry-after'));
    assert.match(limited.headers.get('zendesk-ratelimit-create-update-user') ?? '', /remaining=0/);
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/users/${other!.id}.json`, { body: { user: { notes: 'x' } } })).status, 200);
  });

  it('update user: 1 per second per account', async () => {
    const [a, b] = ctx.sandbox.state.liveUsers().filter((u) => u.role === 'end-user');
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/users/${a!.id}.json`, { body: { user: { notes: 'x' } } })).status, 200);
    const second = await call(ctx.sandbox, 'PUT', `/api/v2/users/${b!.id}.json`, { body: { user: { notes: 'x' } } });
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '1');
    clock.advance(1000);
    assert.equal((await call(ctx.sandbox, 'PUT', `/api/v2/users/${b!.id}.json`, { body: { user: { notes: 'x' } } })).status, 200);
  });

  it('timeScale compresses the windows with the same ratios (Retry-After in real, fractional seconds)', async () => {
    const sandbox = await startZendeskSandbox({ seed: 'empty', timeScale: 60, now: clock.now });
    try {
      sandbox.setAccount({ plan: 'essential' });
      for (let i = 0; i < 10; i += 1) await call(sandbox, 'GET', '/api/v2/users/me.json');
      clock.advance(250);
      const limited = await call(sandbox, 'GET', '/api/v2/users/me.json');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '0.75');
      clock.advance(750);
      assert.equal((await call(sandbox, 'GET', '/api/v2/users/me.json')).status, 200);
    } finally {
      await sandbox.close();
    }
  });
});

describe('Zendesk sandbox: fault injection (seeded, deterministic)', () => {
  const ctx = useSandbox({ seed: 'demo' });
  afterEach(() => ctx.sandbox.setFaults({ rate429: 0, rate500: 0, rate503: 0, rateReset: 0, latencyMs: 0 }));

  it('rate429 → 429 text body + Retry-After (retryAfterSeconds)', async () => {
    ctx.sandbox.setFaults({ rate429: 1, retryAfterSeconds: 3 });
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '3');
  });

  it('rate500 → 500 {"status":500,"error":"Internal Server Error"}', async () => {
    ctx.sandbox.setFaults({ rate500: 1 });
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    assert.deepEqual([response.status, response.body], [500, { status: 500, error: 'Internal Server Error' }]);
  });

  it('rate503 → 503 with Retry-After', async () => {
    ctx.sandbox.setFaults({ rate503: 1 });
    const response = await call(ctx.sandbox, 'GET', '/api/v2/users.json');
    assert.equal(response.status, 503);
    assert.ok(response.headers.get('retry-after'));
  });

  it('rateReset → the connection is reset without a response', async () => {
    ctx.sandbox.setFaults({ rateReset: 1 });
    await assert.rejects(call(ctx.sandbox, 'GET', '/api/v2/users.json'));
    assert.equal(ctx.sandbox.requestCounts()['fault.reset'], 1);
  });

  it('latencyMs delays every API request', async () => {
    ctx.sandbox.setFaults({ latencyMs: 60 });
    const started = Date.now();
    await call(ctx.sandbox, 'GET', '/api/v2/users/me.json');
    assert.ok(Date.now() - started >= 55);
  });

  it('the same seed gives the same fault sequence; control calls draw nothing', async () => {
    const run = async () => {
      ctx.sandbox.setFaults({ seed: 42, rate429: 0.2, rate500: 0.2, rate503: 0.2 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        statuses.push((await call(ctx.sandbox, 'GET', '/api/v2/users/me.json')).status);
        await call(ctx.sandbox, 'GET', '/__sandbox/requests', { auth: null });
      }
      return statuses;
    };
    const first = await run();
    ctx.sandbox.reset();
    assert.deepEqual(await run(), first);
    assert.ok(new Set(first).size > 1, `a mix of outcomes: ${first.join(',')}`);
  });
});
