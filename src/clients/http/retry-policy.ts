/**
 * When and how long to wait before retrying a failed HTTP call. Pure functions so they can be tested alone.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries: 5` means at most 6 attempts). */
  readonly maxRetries: number;
  /** First back-off delay for 5xx / network failures; doubles per attempt, with full jitter. */
  readonly baseDelayMs: number;
  /** Upper bound of a single back-off delay (not of a server-sent Retry-After). */
  readonly maxDelayMs: number;
  /** Wait used for a 429/503 without a usable `Retry-After` (Zendesk's reference says 10 s). */
  readonly defaultRetryAfterMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with the 429/503 so the caller can decide. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  defaultRetryAfterMs: 10_000,
  maxRetryAfterMs: 15 * 60_000,
};

/** Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Socket-level failures after which the request may or may not have reached the server. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/**
 * Parses `Retry-After` into milliseconds: delta-seconds (fractions accepted, because the sandbox sends them when it
 * compresses time) or an HTTP date. Returns undefined for a missing or unreadable header.
 */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential back-off with full jitter: a random delay in [0, min(max, base·2^attempt)]. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}
