/**
 * `startZendeskSandbox()` — a local emulator of the Zendesk Support API on 127.0.0.1, faithful to
 * /work/shared/reference/zendesk-api.md: auth, users, bulk jobs, groups, memberships, custom roles, user fields,
 * incremental export, rate limits with plan presets, seeded fault injection, and a control API under `/__sandbox/`
 * (never under `/api/v2`). The engine, the CLI demo, the extension and every test embed it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { FaultInjector, type FaultSettings } from '../shared/faults';
import { BodyError, closeServer, listenLocal, readBody } from '../shared/http-helpers';
import { authenticate, checkScope, issueToken, type Actor } from './auth';
import { ApiError, couldNotAuthenticate, forbidden, invalidEndpoint } from './errors';
import { JobQueue, type JobTiming } from './jobs';
import type { ZendeskAccount, ZendeskSeed } from './model';
import { ZendeskRateLimits } from './rate-limits';
import { anonymousUser } from './render';
import { INCREMENTAL_ROUTES, renderMe, ROUTES, type Reply, type SandboxInternals } from './routes';
import { authenticityToken, ZendeskState } from './state';
import demoSeedJson from './seeds/demo.json';

/** The demo seed: ~60 users, groups, memberships, custom roles (one colliding with "Agent"), user fields. */
export const DEMO_SEED = demoSeedJson as unknown as ZendeskSeed;

export interface ZendeskSandboxOptions {
  /** Port on 127.0.0.1; 0 (default) = a random free port. */
  readonly port?: number;
  /** Initial data: a seed object, `'demo'` (default) or `'empty'` (only the sandbox's admin and credentials). */
  readonly seed?: ZendeskSeed | 'demo' | 'empty';
  /**
   * Zendesk seconds per real second (default 1). 60 plays a Zendesk hour in a real minute: rate-limit windows, job
   * durations, token lifetimes and Retry-After shrink by this factor with the same ratios.
   */
  readonly timeScale?: number;
  readonly faults?: Partial<FaultSettings>;
  /** Real milliseconds jobs stay queued / working (default 1 s / 3 s of Zendesk time, scaled). */
  readonly jobTiming?: Partial<JobTiming>;
  /** Access-token lifetime in Zendesk seconds (default 1800: 30 min, the 2026 default for new clients). */
  readonly oauthTokenLifetimeSeconds?: number;
  /** Load the state from this file when it exists (instead of the seed); save it on close and on `POST /__sandbox/save`. */
  readonly stateFile?: string;
  /** Seed of the id generator (deterministic ids per seed). */
  readonly randomSeed?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

export interface ZendeskSandbox {
  /** Base URL before `/api/v2`, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly subdomain: string;
  readonly adminEmail: string;
  readonly apiToken: string;
  readonly oauthClientId: string;
  readonly oauthClientSecret: string;
  /** The live state (records in API shapes). */
  readonly state: ZendeskState;
  readonly jobs: JobQueue;
  readonly limits: ZendeskRateLimits;
  readonly faults: FaultInjector;
  /** Requests per endpoint name (`users.list`, `oauth.tokens`, `unknown`), control calls excluded. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  /** Changes account settings / scenario switches (plan, bulk imports, token access, …). */
  setAccount(changes: Partial<ZendeskAccount>): void;
  setFaults(changes: Partial<FaultSettings>): void;
  /** Replaces the state with a seed (validated; throws with the offending path). */
  loadSeed(seed: ZendeskSeed): void;
  /** Back to the initial seed; clears jobs, tokens, rate-limit windows and request counts (faults stay as set). */
  reset(): void;
  /** The `{"zendesk": {...}}` object the CLI prints. */
  connectionInfo(): { zendesk: { url: string; subdomain: string; adminEmail: string; apiToken: string; oauthClientId: string; oauthClientSecret: string } };
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export async function startZendeskSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const timeScale = options.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new RangeError(`timeScale must be a number > 0, got ${String(options.timeScale)}`);
  const now = options.now ?? Date.now;
  const msPerZendeskSecond = 1000 / timeScale;
  const state = new ZendeskState(now, options.randomSeed ?? 1);
  const initialSeed: ZendeskSeed = options.seed === undefined || options.seed === 'demo' ? DEMO_SEED : options.seed === 'empty' ? {} : options.seed;
  if (options.stateFile && existsSync(options.stateFile)) {
    state.loadSeed(JSON.parse(readFileSync(options.stateFile, 'utf8')) as ZendeskSeed);
  } else {
    state.loadSeed(initialSeed);
  }
  const jobs = new JobQueue(
    now,
    { queuedMs: options.jobTiming?.queuedMs ?? msPerZendeskSecond, workingMs: options.jobTiming?.workingMs ?? 3 * msPerZendeskSecond },
    msPerZendeskSecond,
    options.randomSeed ?? 1,
  );
  const limits = new ZendeskRateLimits(timeScale, now);
  limits.configure(state.account);
  const faults = new FaultInjector(options.faults);
  const tokenLifetimeMs = (options.oauthTokenLifetimeSeconds ?? 1800) * msPerZendeskSecond;
  const internals: SandboxInternals = { state, jobs, limits };
  let counts: Record<string, number> = {};
  const count = (name: string): void => {
    counts[name] = (counts[name] ?? 0) + 1;
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { status: 500, error: 'Internal Server Error' }, {});
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__sandbox/') || url.pathname === '/__sandbox') {
      await control(req, res, method, url);
      return;
    }
    const base = `http://${req.headers.host ?? '127.0.0.1'}/api/v2`;
    const isApi = url.pathname.startsWith('/api/v2/');
    const isToken = url.pathname === '/oauth/tokens';
    if (!isApi && !isToken) {
      count('unknown');
      reply(res, invalidEndpoint());
      return;
    }
    // Fault injection: one draw per API request (reference: FaultInjector contract).
    const fault = faults.decide();
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.kind === 'reset') {
      count('fault.reset');
      req.socket.destroy();
      return;
    }
    if (fault.kind !== 'none') {
      count(`fault.${fault.kind}`);
      const retryAfter = limits.zendeskSeconds(faults.settings.retryAfterSeconds);
      if (fault.kind === '429') send(res, 429, 'Number of allowed API requests per minute exceeded', { 'Retry-After': retryAfter });
      else if (fault.kind === '503') send(res, 503, { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' }, { 'Retry-After': retryAfter });
      else send(res, 500, { status: 500, error: 'Internal Server Error' }, {});
      return;
    }
    try {
      if (isToken) {
        count('oauth.tokens');
        if (method !== 'POST') throw invalidEndpoint();
        const body = await readBody(req);
        send(res, 200, issueToken(body, req.headers.authorization, state, { defaultLifetimeMs: tokenLifetimeMs, msPerZendeskSecond }), {});
        return;
      }
      await api(req, res, method, url, base);
    } catch (error) {
      if (error instanceof BodyError) reply(res, new ApiError(400, { error: 'InvalidJSON', description: error.message }));
      else if (error instanceof ApiError) reply(res, error);
      else throw error;
    }
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL, base: string): Promise<void> {
    // Paths work with and without `.json` (reference §12.1).
    const path = url.pathname.slice('/api/v2/'.length).replace(/\.json$/, '').replace(/\/+$/, '');
    const standard = { 'x-zendesk-api-version': 'v2', 'x-request-id': randomUUID() };
    let actor: Actor;
    try {
      actor = authenticate(req.headers.authorization, state);
    } catch (error) {
      count(method === 'GET' && path === 'users/me' ? 'users.me' : 'auth.rejected');
      if (error instanceof ApiError) return reply(res, error, standard);
      throw error;
    }
    const verdict = limits.account.take();
    const rateHeaders = { ...standard, ...limits.accountHeaders(verdict) };
    if (!verdict.allowed) {
      count('rate_limited');
      return reply(res, limits.accountExceeded(verdict), standard);
    }
    if (method === 'GET' && path === 'users/me') {
      count('users.me');
      if (actor.kind === 'anonymous') return send(res, 200, { user: anonymousUser(authenticityToken()) }, rateHeaders);
      return send(res, 200, renderMe(actor.user, base), rateHeaders);
    }
    let match: { route: (typeof ROUTES)[number]; params: string[] } | undefined;
    for (const candidate of ROUTES) {
      if (candidate.method !== method) continue;
      const found = candidate.pattern.exec(path);
      if (found) {
        match = { route: candidate, params: found.slice(1) };
        break;
      }
    }
    if (!match) {
      count('unknown');
      return reply(res, invalidEndpoint(), rateHeaders);
    }
    const { route, params } = match;
    count(route.name);
    try {
      if (actor.kind === 'anonymous') throw couldNotAuthenticate();
      if (actor.user.role === 'end-user' || (route.role === 'admin' && actor.user.role !== 'admin')) throw forbidden();
      checkScope(actor, route.resource, method !== 'GET');
      const extra: Record<string, string> = {};
      if (INCREMENTAL_ROUTES.has(route.name)) {
        const incremental = limits.incrementalExports.take();
        if (!incremental.allowed) throw limits.incrementalExceeded(incremental);
        extra['zendesk-ratelimit-incremental-exports'] = limits.bucket(incremental);
      }
      const body = method === 'GET' ? undefined : await readBody(req);
      const result: Reply = route.handler({ method, params, query: url.searchParams, body, base, actor, sandbox: internals });
      send(res, result.status ?? 200, result.body, { ...rateHeaders, ...extra, ...result.headers });
    } catch (error) {
      if (error instanceof ApiError) return reply(res, error, rateHeaders);
      if (error instanceof BodyError) return reply(res, new ApiError(400, { error: 'InvalidJSON', description: error.message }), rateHeaders);
      throw error;
    }
  }

  async function control(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    const path = url.pathname.replace(/^\/__sandbox\/?/, '').replace(/\/+$/, '');
    try {
      const body = method === 'GET' ? undefined : await readBody(req);
      const key = `${method} ${path}`;
      switch (key) {
        case 'GET state':
          return send(res, 200, state.dump(), {});
        case 'PUT state':
        case 'POST seed':
          sandbox.loadSeed(body as ZendeskSeed);
          return send(res, 200, { ok: true }, {});
        case 'POST reset':
          sandbox.reset();
          return send(res, 200, { ok: true }, {});
        case 'GET requests':
          return send(res, 200, { total: Object.values(counts).reduce((a, b) => a + b, 0), byEndpoint: counts }, {});
        case 'DELETE requests':
          counts = {};
          return send(res, 200, { ok: true }, {});
        case 'GET settings':
          return send(res, 200, { account: state.account, faults: faults.settings, timeScale }, {});
        case 'PUT settings':
        case 'PATCH settings':
        case 'POST settings': {
          const changes = (body ?? {}) as { account?: Partial<ZendeskAccount>; faults?: Partial<FaultSettings> };
          if (changes.account) sandbox.setAccount(changes.account);
          if (changes.faults) faults.update(changes.faults);
          return send(res, 200, { account: state.account, faults: faults.settings, timeScale }, {});
        }
        case 'POST oauth/expire':
          for (const token of state.oauthTokens.values()) token.expiresAt = now();
          return send(res, 200, { ok: true }, {});
        case 'POST jobs/complete':
          jobs.completeAll();
          return send(res, 200, { ok: true }, {});
        case 'POST save':
          if (!options.stateFile) throw new Error('no stateFile was configured for this sandbox (start it with stateFile)');
          writeFileSync(options.stateFile, JSON.stringify(state.dump(), null, 2));
          return send(res, 200, { ok: true, file: options.stateFile }, {});
        default:
          return send(res, 404, { error: 'UnknownControlEndpoint', description: `No control endpoint ${key}; see src/sandbox/zendesk/server.ts` }, {});
      }
    } catch (error) {
      send(res, 400, { error: 'InvalidControlRequest', description: error instanceof Error ? error.message : String(error) }, {});
    }
  }

  const port = await listenLocal(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const sandbox: ZendeskSandbox = {
    url,
    get subdomain() {
      return state.account.subdomain;
    },
    get adminEmail() {
      return state.adminEmail;
    },
    get apiToken() {
      return (state.apiTokens.find((token) => token.active) ?? state.apiTokens[0])!.token;
    },
    get oauthClientId() {
      return state.oauthClients[0]!.identifier;
    },
    get oauthClientSecret() {
      return state.oauthClients[0]!.secret;
    },
    state,
    jobs,
    limits,
    faults,
    requestCounts: () => ({ ...counts }),
    resetRequestCounts: () => {
      counts = {};
    },
    setAccount(changes) {
      const next = { ...state.account, ...changes };
      if (!(next.plan in { essential: 1, team: 1, growth: 1, professional: 1, enterprise: 1, enterprise_plus: 1 })) {
        throw new Error(`account.plan must be one of essential, team, growth, professional, enterprise, enterprise_plus; got ${JSON.stringify(next.plan)}`);
      }
      state.account = next;
      limits.configure(next);
    },
    setFaults: (changes) => faults.update(changes),
    loadSeed(seed) {
      // Validate on a scratch state first so a bad seed leaves the running state untouched.
      new ZendeskState(now, options.randomSeed ?? 1).loadSeed(seed);
      state.loadSeed(seed);
      jobs.clear();
      limits.configure(state.account);
    },
    reset() {
      state.loadSeed(initialSeed);
      jobs.clear();
      limits.reset();
      limits.configure(state.account);
      counts = {};
    },
    connectionInfo() {
      return {
        zendesk: {
          url, subdomain: sandbox.subdomain, adminEmail: sandbox.adminEmail, apiToken: sandbox.apiToken,
          oauthClientId: sandbox.oauthClientId, oauthClientSecret: sandbox.oauthClientSecret,
        },
      };
    },
    async close() {
      if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state.dump(), null, 2));
      await closeServer(server);
    },
  };
  return sandbox;
}

function reply(res: http.ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  send(res, error.status, error.body, { ...headers, ...error.headers });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  if (typeof body === 'string') {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}
