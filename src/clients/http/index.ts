/** The shared HTTP layer (axios + retries + quota limiter + abort) that every service client is built on. */
export { HttpClient } from './http-client';
export type { AuthHook, HttpClientOptions, HttpFailure, HttpMethod, HttpRequest, HttpResponse, HttpStats, QueryValue, RequestEvent } from './http-client';
export { QuotaRateLimiter } from './rate-limiter';
export type { QuotaHeaderNames, QuotaRateLimiterOptions } from './rate-limiter';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, isIdempotentMethod, isRetryableNetworkCode, parseRetryAfterMs } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export { abortable, abortError, isAbortError, sleep, throwIfAborted } from './abort';
