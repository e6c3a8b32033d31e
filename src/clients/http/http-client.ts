/**
 * The one HTTP layer every service client (Zendesk, Microsoft Graph) is built on: axios with `proxy: false` (VS Code
 * routes proxies itself), plus what real tenants need and a naive client gets wrong.
 *
 * - **Auth hook**: an async function adds headers to every attempt; on a 401 the hook's `refresh()` is called once and
 *   the call retried once (an expired OAuth token), never in a loop.
 * - **Retries**: 429 is always retried (the server rejected it before doing anything) after `Retry-After`; 5xx, 503
 *   included, and socket failures (ECONNRESET, ETIMEDOUT, …) are retried only for idempotent methods (GET, PUT,
 *   DELETE, …) or when the caller marks the request `retrySafe` — a POST that created a user must not be replayed
 *   blindly. 503 waits for its `Retry-After` when it has one, otherwise back-off with full jitter.
 * - **Rate limiting**: a shared {@link QuotaRateLimiter} fed by the service's remaining-quota headers, and paused by
 *   every `Retry-After`, so concurrent calls stop together.
 * - **Cancellation**: every call takes an AbortSignal that also cancels back-off and limiter waits.
 * - **Observation**: `onRequest` sees every attempt (tests and benches count requests and 429s); `stats` keeps totals.
 * - **Errors**: the layer never throws raw axios errors. A final failure is described as an {@link HttpFailure}
 *   ("which call" = method + path without query string or credentials) and handed to the client's `mapError`, which
 *   returns the client's typed error (`ZendeskApiError`, `GraphApiError`). Aborts reject with an `AbortError`.
 *
 * Usage:
 * ```ts
 * const http = new HttpClient({ baseURL: 'https://acme.zendesk.com/api/v2', auth, mapError: toZendeskError,
 *   rateLimiter: new QuotaRateLimiter({ headers: { remaining: ['x-rate-limit-remaining'], resetSeconds: ['ratelimit-reset'] } }) });
 * const { data } = await http.request<{ user: User }>({ method: 'GET', path: '/users/me', signal });
 * ```
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { abortError, isAbortError, sleep, throwIfAborted } from './abort';
import { QuotaRateLimiter } from './rate-limiter';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  isIdempotentMethod,
  isRetryableNetworkCode,
  parseRetryAfterMs,
  type RetryPolicy,
} from './retry-policy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path relative to `baseURL` (`/users/me`), or an absolute URL returned by the server (a `links.next`). */
  readonly path: string;
  /** Query parameters; `undefined`/`null` are dropped; an array repeats the key (`role[]=a&role[]=b`). */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** The caller guarantees that repeating this non-idempotent request is harmless, so 5xx/resets may be retried. */
  readonly retrySafe?: boolean;
  /** Send without the auth hook's headers (the OAuth token request itself). */
  readonly anonymous?: boolean;
}

export interface HttpResponse<T> {
  readonly status: number;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly data: T;
  /** Attempts made, 1 when the first one succeeded. */
  readonly attempts: number;
}

/** Everything a client needs to build its own typed error. Never contains credentials. */
export interface HttpFailure {
  /** `status`: the server answered with a non-2xx status; `network`: no usable response. */
  readonly kind: 'status' | 'network';
  readonly method: HttpMethod;
  /** Path without query string, relative to the base URL when it was under it. */
  readonly path: string;
  /** `"GET /users/42"` — the call that failed, for messages and logs. */
  readonly call: string;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the text body. */
  readonly body?: unknown;
  /** Socket error code (`ECONNRESET`, …) for network failures. */
  readonly code?: string;
  readonly requestId?: string;
  readonly attempts: number;
  /** For network failures: an Error with the socket message and code only (never the request config or headers). */
  readonly cause?: Error;
}

export interface AuthHook {
  /** Headers to add to an attempt (e.g. `Authorization`). Called before every attempt so refreshed tokens apply. */
  headers(signal?: AbortSignal): Promise<Readonly<Record<string, string>>>;
  /** Called once after a 401; return true when new credentials were obtained and the call should be retried. */
  refresh?(signal?: AbortSignal): Promise<boolean>;
}

/** One attempt, as seen by `onRequest` (after it completed). */
export interface RequestEvent {
  readonly method: HttpMethod;
  readonly path: string;
  readonly attempt: number;
  readonly status?: number;
  readonly errorCode?: string;
  readonly durationMs: number;
}

export interface HttpStats {
  /** Attempts sent (retries included). */
  requests: number;
  retries: number;
  /** Responses with status 429. */
  rateLimited: number;
  networkErrors: number;
  /** Milliseconds spent waiting for Retry-After, back-off and the quota limiter. */
  waitedMs: number;
  byStatus: Record<number, number>;
}

export interface HttpClientOptions {
  readonly baseURL: string;
  readonly mapError: (failure: HttpFailure) => Error;
  readonly auth?: AuthHook;
  readonly retry?: Partial<RetryPolicy>;
  readonly rateLimiter?: QuotaRateLimiter;
  /** Calls in flight at once through this client (default 10). */
  readonly maxConcurrency?: number;
  /** Per-attempt timeout (default 60 s); a timeout counts as ETIMEDOUT. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  /** Response headers that carry the request id, first present wins. */
  readonly requestIdHeaders?: readonly string[];
  readonly onRequest?: (event: RequestEvent) => void;
  /** Random source for jitter (tests pass a fixed one). */
  readonly random?: () => number;
  /**
   * Extra CA certificate(s) to trust for this client's HTTPS connections only (the sandbox's self-signed CA, a TLS
   * inspection proxy's root); the system store stays in use. No global TLS change.
   */
  readonly ca?: string | Buffer;
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, rateLimited: 0, networkErrors: 0, waitedMs: 0, byStatus: {} };
  readonly rateLimiter: QuotaRateLimiter | undefined;
  private readonly axios: AxiosInstance;
  private readonly options: HttpClientOptions;
  private readonly policy: RetryPolicy;
  private readonly baseURL: URL;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.rateLimiter = options.rateLimiter;
    this.baseURL = new URL(options.baseURL.replace(/\/+$/, ''));
    this.httpsAgent = new https.Agent({ keepAlive: true, ...(options.ca ? { ca: withSystemRoots(options.ca) } : {}) });
    this.axios = axios.create({
      proxy: false,
      timeout: options.timeoutMs ?? 60_000,
      // Every status comes back as a response; this layer decides what is an error.
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      headers: { Accept: 'application/json', ...(options.userAgent ? { 'User-Agent': options.userAgent } : {}) },
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** The absolute URL a request path resolves to (query included). */
  urlFor(path: string, query?: Readonly<Record<string, QueryValue>>): string {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(this.baseURL.href + (path.startsWith('/') ? path : `/${path}`));
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
      else url.searchParams.set(key, String(value));
    }
    return url.href;
  }

  async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const { signal } = request;
    throwIfAborted(signal);
    const url = this.urlFor(request.path, request.query);
    const path = this.describePath(url);
    const retryable5xx = request.retrySafe === true || isIdempotentMethod(request.method);
    let refreshed = false;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      if (this.rateLimiter) await this.timed(() => this.rateLimiter!.acquire(signal));
      // Credentials first, outside the concurrency slot: fetching an OAuth token is itself a request through this
      // client, and holding a slot while waiting for it would deadlock when every slot does the same.
      const authHeaders = request.anonymous || !this.options.auth ? {} : await this.options.auth.headers(signal);
      const outcome = await this.withSlot(signal, () => this.attempt(request, url, path, attempt, authHeaders));
      if (outcome.kind === 'response') {
        const response = outcome.response;
        const headers = normalizeHeaders(response.headers);
        this.rateLimiter?.observe(headers);
        const status = response.status;
        if (status >= 200 && status < 300) {
          return { status, headers, data: response.data as T, attempts: attempt };
        }
        const failure = (): HttpFailure => this.statusFailure(request.method, path, status, headers, response.data, attempt);
        if (status === 401 && !refreshed && !request.anonymous && this.options.auth?.refresh) {
          refreshed = true;
          if (await this.options.auth.refresh(signal)) {
            attempt -= 1; // a credential refresh is not a retry of the same failure
            this.stats.retries += 1;
            continue;
          }
          throw this.options.mapError(failure());
        }
        const canRetry = attempt <= this.policy.maxRetries && (status === 429 || (status >= 500 && retryable5xx));
        if (!canRetry) throw this.options.mapError(failure());
        let delay: number;
        if (status === 429 || status === 503) {
          const retryAfter = parseRetryAfterMs(headers['retry-after']);
          if (retryAfter !== undefined && retryAfter > this.policy.maxRetryAfterMs) throw this.options.mapError(failure());
          delay = retryAfter ?? (status === 429 ? this.policy.defaultRetryAfterMs : backoffDelayMs(this.policy, attempt - 1, this.options.random));
          // Everyone waits, not only this call.
          if (retryAfter !== undefined) this.rateLimiter?.pauseFor(retryAfter);
        } else {
          delay = backoffDelayMs(this.policy, attempt - 1, this.options.random);
        }
        this.stats.retries += 1;
        await this.timed(() => sleep(delay, signal));
        continue;
      }
      // No response.
      const { code, cause } = outcome;
      if (attempt <= this.policy.maxRetries && retryable5xx && isRetryableNetworkCode(code)) {
        this.stats.retries += 1;
        await this.timed(() => sleep(backoffDelayMs(this.policy, attempt - 1, this.options.random), signal));
        continue;
      }
      throw this.options.mapError({
        kind: 'network',
        method: request.method,
        path,
        call: `${request.method} ${path}`,
        code,
        attempts: attempt,
        cause,
      });
    }
  }

  private async attempt(
    request: HttpRequest,
    url: string,
    path: string,
    attempt: number,
    authHeaders: Readonly<Record<string, string>>,
  ): Promise<{ kind: 'response'; response: AxiosResponse } | { kind: 'network'; code: string | undefined; cause: Error }> {
    const { signal } = request;
    const started = Date.now();
    this.stats.requests += 1;
    try {
      const response = await this.axios.request({
        method: request.method,
        url,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...request.headers,
          ...authHeaders,
        },
        signal,
      });
      this.stats.byStatus[response.status] = (this.stats.byStatus[response.status] ?? 0) + 1;
      if (response.status === 429) this.stats.rateLimited += 1;
      this.options.onRequest?.({ method: request.method, path, attempt, status: response.status, durationMs: Date.now() - started });
      return { kind: 'response', response };
    } catch (error) {
      if (signal?.aborted || isAbortError(error)) throw abortError(signal);
      const rawCode = (error as { code?: unknown }).code;
      let code = typeof rawCode === 'string' ? rawCode : undefined;
      // axios reports its own timeout as ECONNABORTED; it is a timeout.
      if (code === 'ECONNABORTED' && /timeout/i.test(String((error as Error).message))) code = 'ETIMEDOUT';
      if (code === 'ERR_BAD_RESPONSE' || (error as Error).message === 'socket hang up') code = 'ECONNRESET';
      this.stats.networkErrors += 1;
      // Keep only message and code: the axios error holds the request config, auth headers included.
      const cause = Object.assign(new Error((error as Error).message), { code });
      this.options.onRequest?.({ method: request.method, path, attempt, errorCode: code, durationMs: Date.now() - started });
      return { kind: 'network', code, cause };
    }
  }

  private statusFailure(method: HttpMethod, path: string, status: number, headers: Record<string, string>, body: unknown, attempts: number): HttpFailure {
    const names = this.options.requestIdHeaders ?? ['x-request-id', 'request-id', 'x-zendesk-request-id', 'client-request-id'];
    const requestId = names.map((name) => headers[name]).find((value) => value !== undefined && value !== '');
    return { kind: 'status', method, path, call: `${method} ${path}`, status, headers, body, requestId, attempts };
  }

  /** Path without query string (queries may carry e-mail addresses), relative to the base when under it. */
  private describePath(url: string): string {
    const parsed = new URL(url);
    const basePath = this.baseURL.pathname.replace(/\/+$/, '');
    if (parsed.origin === this.baseURL.origin && basePath !== '' && parsed.pathname.startsWith(basePath)) {
      return parsed.pathname.slice(basePath.length) || '/';
    }
    return parsed.pathname;
  }

  private async withSlot<R>(signal: AbortSignal | undefined, run: () => Promise<R>): Promise<R> {
    const limit = this.options.maxConcurrency ?? 10;
    while (this.active >= limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      throwIfAborted(signal);
    }
    this.active += 1;
    try {
      return await run();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }

  private async timed(wait: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await wait();
    } finally {
      this.stats.waitedMs += Date.now() - started;
    }
  }
}

function normalizeHeaders(raw: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const source = raw && typeof (raw as { toJSON?: unknown }).toJSON === 'function' ? (raw as { toJSON(): unknown }).toJSON() : raw;
  for (const [key, value] of Object.entries((source ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}

/** `ca` replaces Node's default roots for an agent, so keep them and add the extra certificate(s). */
function withSystemRoots(extra: string | Buffer): string[] {
  return [...tls.rootCertificates, extra.toString()];
}
