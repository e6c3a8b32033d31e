import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, QuotaRateLimiter, parseRetryAfterMs, type HttpClientOptions, type HttpFailure } from '../../../../src/clients/http';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A tiny server answering each request with the next scripted handler (the last one repeats). */
async function scriptedServer(handlers: Handler[]): Promise<{ url: string; seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>; close(): Promise<void> }> {
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const handler = handlers[Math.min(seen.length - 1, handlers.length - 1)]!;
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
const reset: Handler = (req) => req.socket.destroy();

class TestError extends Error {
  constructor(readonly failure: HttpFailure) {
    super(`${failure.call} failed: ${failure.status ?? failure.code}`);
  }
}

function client(url: string, extra: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    baseURL: url,
    mapError: (failure) => new TestError(failure),
    retry: { baseDelayMs: 1, maxDelayMs: 5, defaultRetryAfterMs: 5 },
    ...extra,
  });
}

describe('clients/http: HttpClient', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function setup(handlers: Handler[], extra: Partial<HttpClientOptions> = {}) {
    const server = await scriptedServer(handlers);
    const http = client(server.url, extra);
    cleanups.push(() => http.close(), () => server.close());
    return { server, http };
  }

  it('sends JSON with query parameters (arrays repeat the key) and returns parsed data', async () => {
    const { server, http } = await setup([json(200, { ok: true })]);
    const response = await http.request<{ ok: boolean }>({ method: 'POST', path: '/things', query: { 'role[]': ['a', 'b'], skip: undefined, n: 2 }, body: { x: 1 } });
    assert.deepEqual(response.data, { ok: true });
    assert.equal(response.attempts, 1);
    assert.equal(server.seen[0]!.url, '/api/things?role%5B%5D=a&role%5B%5D=b&n=2');
    assert.equal(server.seen[0]!.headers['content-type'], 'application/json');
    assert.equal(server.seen[0]!.body, '{"x":1}');
  });

  it('retries a 429 after Retry-After, even for POST', async () => {
    const { server, http } = await setup([json(429, { error: 'slow down' }, { 'Retry-After': '0.05' }), json(201, { id: 1 })]);
    const started = Date.now();
    const response = await http.request({ method: 'POST', path: '/things', body: {} });
    assert.equal(response.status, 201);
    assert.equal(server.seen.length, 2);
    assert.ok(Date.now() - started >= 45, 'waited for Retry-After');
    assert.equal(http.stats.rateLimited, 1);
    assert.equal(http.stats.retries, 1);
  });

  it('waits for a 503\'s Retry-After before retrying an idempotent call', async () => {
    const { server, http } = await setup([json(503, {}, { 'Retry-After': '0.08' }), json(200, {})]);
    const started = Date.now();
    await http.request({ method: 'PUT', path: '/x', body: {} });
    assert.equal(server.seen.length, 2);
    assert.ok(Date.now() - started >= 70, `waited ${Date.now() - started} ms`);
  });

  it('retries 5xx for idempotent methods with back-off', async () => {
    const { server, http } = await setup([json(500, {}), json(503, {}), json(200, { ok: 1 })]);
    const response = await http.request({ method: 'GET', path: '/x' });
    assert.equal(response.attempts, 3);
    assert.equal(server.seen.length, 3);
  });

  it('does not retry a 500 on a POST unless marked retrySafe', async () => {
    const { server, http } = await setup([json(500, { status: 500 }), json(201, {})]);
    await assert.rejects(http.request({ method: 'POST', path: '/users', body: {} }), (error: TestError) => {
      assert.equal(error.failure.status, 500);
      assert.equal(error.failure.call, 'POST /users');
      return true;
    });
    assert.equal(server.seen.length, 1);
    const safe = await http.request({ method: 'POST', path: '/users', body: {}, retrySafe: true });
    assert.equal(safe.status, 201);
  });

  it('retries a connection reset for GET but not for POST', async () => {
    const { server, http } = await setup([reset, json(200, { ok: 1 })]);
    const response = await http.request({ method: 'GET', path: '/x' });
    assert.equal(response.attempts, 2);
    server.seen.length = 0;
    const second = await scriptedServer([reset]);
    cleanups.push(() => second.close());
    const http2 = client(second.url);
    cleanups.push(() => http2.close());
    await assert.rejects(http2.request({ method: 'POST', path: '/x', body: {} }), (error: TestError) => {
      assert.equal(error.failure.kind, 'network');
      assert.equal(error.failure.code, 'ECONNRESET');
      return true;
    });
    assert.equal(second.seen.length, 1);
  });

  it('gives up after maxRetries and reports the attempts', async () => {
    const { server, http } = await setup([json(503, {})], { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await assert.rejects(http.request({ method: 'GET', path: '/x' }), (error: TestError) => error.failure.attempts === 3);
    assert.equal(server.seen.length, 3);
  });

  it('refreshes credentials once on 401 and retries', async () => {
    let token = 'old';
    let refreshes = 0;
    const { server, http } = await setup([json(401, { error: 'invalid_token' }), json(200, { ok: 1 })], {
      auth: {
        headers: async () => ({ Authorization: `Bearer ${token}` }),
        refresh: async () => {
          refreshes += 1;
          token = 'new';
          return true;
        },
      },
    });
    await http.request({ method: 'GET', path: '/me' });
    assert.equal(refreshes, 1);
    assert.equal(server.seen[0]!.headers.authorization, 'Bearer old');
    assert.equal(server.seen[1]!.headers.authorization, 'Bearer new');
  });

  it('does not loop on a persistent 401', async () => {
    let refreshes = 0;
    const { server, http } = await setup([json(401, { error: 'nope' })], {
      auth: { headers: async () => ({ Authorization: 'Bearer x' }), refresh: async () => (refreshes += 1) > 0 },
    });
    await assert.rejects(http.request({ method: 'GET', path: '/me' }), (error: TestError) => error.failure.status === 401);
    assert.equal(refreshes, 1);
    assert.equal(server.seen.length, 2);
  });

  it('maps failures with the request id and without the query string or credentials', async () => {
    const { http } = await setup([json(404, { error: 'RecordNotFound' }, { 'X-Request-Id': 'req-1' })], {
      auth: { headers: async () => ({ Authorization: 'Basic c2VjcmV0' }) },
    });
    await assert.rejects(http.request({ method: 'GET', path: '/users/1', query: { email: 'a@b.c' } }), (error: TestError) => {
      assert.equal(error.failure.requestId, 'req-1');
      assert.equal(error.failure.path, '/users/1');
      assert.deepEqual(error.failure.body, { error: 'RecordNotFound' });
      assert.doesNotMatch(JSON.stringify({ ...error.failure, cause: undefined }), /c2VjcmV0|a@b\.c/);
      return true;
    });
  });

  it('aborts a call waiting on Retry-After', async () => {
    const { http } = await setup([json(429, {}, { 'Retry-After': '30' })]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(http.request({ method: 'GET', path: '/x', signal: controller.signal }), { name: 'AbortError' });
  });

  it('rejects at once with an already aborted signal, sending nothing', async () => {
    const { server, http } = await setup([json(200, {})]);
    await assert.rejects(http.request({ method: 'GET', path: '/x', signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(server.seen.length, 0);
  });

  it('fails instead of waiting for a Retry-After beyond maxRetryAfterMs', async () => {
    const { http } = await setup([json(429, {}, { 'Retry-After': '3600' })], { retry: { maxRetryAfterMs: 1000 } });
    await assert.rejects(http.request({ method: 'GET', path: '/x' }), (error: TestError) => error.failure.status === 429);
  });

  it('counts every attempt through onRequest', async () => {
    const events: Array<number | undefined> = [];
    const { http } = await setup([json(500, {}), json(200, {})], { onRequest: (event) => events.push(event.status) });
    await http.request({ method: 'GET', path: '/x' });
    assert.deepEqual(events, [500, 200]);
    assert.equal(http.stats.requests, 2);
  });

  it('holds calls when the remaining-quota header reaches 0, until the reset', async () => {
    const limiter = new QuotaRateLimiter({ headers: { remaining: ['x-rate-limit-remaining'], resetSeconds: ['ratelimit-reset'] } });
    const { http } = await setup([json(200, {}, { 'x-rate-limit-remaining': '0', 'ratelimit-reset': '0.1' }), json(200, {}, { 'x-rate-limit-remaining': '10' })], { rateLimiter: limiter });
    await http.request({ method: 'GET', path: '/a' });
    assert.ok(limiter.pauseRemainingMs > 0);
    const started = Date.now();
    await http.request({ method: 'GET', path: '/b' });
    assert.ok(Date.now() - started >= 80, `waited ${Date.now() - started} ms`);
  });

  it('pauses concurrent calls together after a 429', async () => {
    const limiter = new QuotaRateLimiter({ headers: { remaining: [], resetSeconds: [] } });
    let first = true;
    const once429: Handler = (req, res) => {
      if (first && req.url === '/api/a') {
        first = false;
        res.writeHead(429, { 'Retry-After': '0.1' });
        res.end('slow down');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    };
    const { server, http } = await setup([once429], { rateLimiter: limiter });
    const started = Date.now();
    const a = http.request({ method: 'GET', path: '/a' });
    await new Promise((resolve) => setTimeout(resolve, 30)); // the 429 has arrived and paused the client
    const times: number[] = [];
    await Promise.all([a, ...[1, 2, 3].map(() => http.request({ method: 'GET', path: '/b' }).then(() => times.push(Date.now() - started)))]);
    assert.ok(times.every((t) => t >= 90), `the other calls waited for the pause too: ${times.join(',')}`);
    assert.equal(server.seen.length, 5);
  });

  it('an auth hook that itself calls through the client does not deadlock when every slot is busy', async () => {
    let token: string | undefined;
    let pending: Promise<string> | undefined;
    const holder: { http?: HttpClient } = {};
    const { server, http } = await setup([json(200, { access_token: 't' })], {
      maxConcurrency: 1,
      auth: {
        headers: async () => {
          pending ??= holder.http!.request<{ access_token: string }>({ method: 'POST', path: '/token', anonymous: true }).then((r) => (token = r.data.access_token));
          return { Authorization: `Bearer ${token ?? (await pending)}` };
        },
      },
    });
    holder.http = http;
    await Promise.all([1, 2, 3].map(() => http.request({ method: 'GET', path: '/x' })));
    assert.equal(server.seen.filter((s) => s.url === '/api/token').length, 1);
    assert.equal(server.seen.filter((s) => s.headers.authorization === 'Bearer t').length, 3);
  });

  it('limits concurrency to maxConcurrency', async () => {
    let inFlight = 0;
    let maxSeen = 0;
    const slow: Handler = (_req, res) => {
      inFlight += 1;
      maxSeen = Math.max(maxSeen, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      }, 20);
    };
    const { http } = await setup([slow], { maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => http.request({ method: 'GET', path: `/s${i}` })));
    assert.equal(maxSeen, 2);
  });
});

describe('clients/http: QuotaRateLimiter', () => {
  it('spreads calls over the rest of the window when remaining falls to the reserve', async () => {
    const limiter = new QuotaRateLimiter({ headers: { remaining: ['x-rate-limit-remaining'], resetSeconds: ['ratelimit-reset'] }, reserve: 4 });
    limiter.observe({ 'x-rate-limit-remaining': '50', 'ratelimit-reset': '1' });
    let started = Date.now();
    for (let i = 0; i < 4; i += 1) await limiter.acquire();
    assert.ok(Date.now() - started < 50, 'no pacing above the reserve');
    limiter.observe({ 'x-rate-limit-remaining': '4', 'ratelimit-reset': '0.08' });
    started = Date.now();
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await limiter.acquire();
      times.push(Date.now() - started);
    }
    // 80 ms / 4 remaining = one call every 20 ms.
    assert.ok(times[3]! >= 55, `spread: ${times.join(',')}`);
  });

  it('ignores responses without quota headers', async () => {
    const limiter = new QuotaRateLimiter({ headers: { remaining: ['x-rate-limit-remaining'], resetSeconds: [] } });
    limiter.observe({});
    assert.equal(limiter.pauseRemainingMs, 0);
    const started = Date.now();
    await limiter.acquire();
    assert.ok(Date.now() - started < 50);
  });
});

describe('clients/http: parseRetryAfterMs', () => {
  it('reads seconds, fractional seconds and HTTP dates', () => {
    assert.equal(parseRetryAfterMs('10'), 10_000);
    assert.equal(parseRetryAfterMs('0.25'), 250);
    assert.equal(parseRetryAfterMs(new Date(61_000).toUTCString(), 1_000), 60_000);
    assert.equal(parseRetryAfterMs(undefined), undefined);
    assert.equal(parseRetryAfterMs('soon'), undefined);
  });
});
