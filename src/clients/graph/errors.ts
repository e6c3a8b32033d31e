/**
 * `GraphApiError`: every failed Graph call, typed. Match on `code` (Graph's error code), never on `message`
 * (graph-api.md §8.1). The message says which call failed, what Graph said, and how to fix the usual causes.
 */
import type { HttpFailure } from '../http';
import { parseRetryAfterMs } from '../http';

export class GraphApiError extends Error {
  /** HTTP status; undefined for network failures. */
  readonly status: number | undefined;
  /** Graph's `error.code` (`Authorization_RequestDenied`, `Request_UnsupportedQuery`, …), or the socket code. */
  readonly code: string;
  /** `"GET /users"` — method and path without query string. */
  readonly call: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  /** From `Retry-After` on 429/503. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  /** The Graph message as sent. */
  readonly graphMessage: string;

  constructor(init: { status?: number; code: string; call: string; graphMessage: string; requestId?: string; clientRequestId?: string; retryAfterMs?: number; attempts: number; hint?: string; cause?: unknown }) {
    const where = init.status === undefined ? `${init.call} failed (${init.code})` : `${init.call} failed: ${init.status} ${init.code}`;
    const id = init.requestId ? ` [request-id ${init.requestId}]` : '';
    super(`${where} — ${init.graphMessage}${init.hint ? ` ${init.hint}` : ''}${id}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GraphApiError';
    this.status = init.status;
    this.code = init.code;
    this.call = init.call;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
    this.graphMessage = init.graphMessage;
  }
}

/** 410 on a delta link: the service lost the sync state; start a full round. */
export function isResyncRequired(error: unknown): boolean {
  return error instanceof GraphApiError && (error.status === 410 || error.code === 'syncStateNotFound' || error.code === 'resyncRequired');
}

function hintFor(status: number | undefined, code: string): string | undefined {
  if (status === 401) return 'Check the credential (tenant, client id, secret/certificate) and that the token is for https://graph.microsoft.com.';
  if (status === 403) return 'Grant the app the Graph permission this call needs (see src/auth/scopes.ts LEAST_PRIVILEGE) and admin-consent it.';
  if (status === 429) return 'Graph throttled the call; it was retried after Retry-After until the retry budget ran out.';
  if (code === 'Request_UnsupportedQuery') return 'This query needs advanced query (ConsistencyLevel: eventual and $count=true) or is not supported on this property.';
  return undefined;
}

/** The `mapError` hook for the shared HTTP layer. */
export function toGraphApiError(failure: HttpFailure): GraphApiError {
  if (failure.kind === 'network') {
    return new GraphApiError({
      code: failure.code ?? 'NetworkError',
      call: failure.call,
      graphMessage: `no response from Microsoft Graph (${failure.code ?? 'network error'}) after ${failure.attempts} attempt(s).`,
      attempts: failure.attempts,
      cause: failure.cause,
    });
  }
  const body = failure.body as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } } | string | undefined;
  const error = typeof body === 'object' && body !== null ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `Http${failure.status ?? ''}`;
  const graphMessage = typeof error?.message === 'string' ? error.message : typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no error body';
  const headers = failure.headers ?? {};
  return new GraphApiError({
    status: failure.status,
    code,
    call: failure.call,
    graphMessage,
    requestId: headers['request-id'] ?? (error?.innerError?.['request-id'] as string | undefined) ?? failure.requestId,
    clientRequestId: headers['client-request-id'],
    retryAfterMs: parseRetryAfterMs(headers['retry-after']),
    attempts: failure.attempts,
    hint: hintFor(failure.status, code),
  });
}
