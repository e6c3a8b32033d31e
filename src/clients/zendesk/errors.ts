/**
 * `ZendeskApiError`: every failure of the Zendesk client, with what an admin needs to act — the status, Zendesk's
 * error code, field details, the request id for Zendesk support, and which call failed (method + path, never
 * credentials or query strings). Zendesk has three error envelopes (reference §3); all are read here.
 */
import type { HttpFailure } from '../http';

export type ZendeskFieldErrors = Record<string, Array<{ description: string; error: string }>>;

export class ZendeskApiError extends Error {
  override readonly name = 'ZendeskApiError';
  /** HTTP status, or undefined when no response came (network failure). */
  readonly status: number | undefined;
  /** Zendesk's code (`RecordInvalid`, `RecordNotFound`, `TooManyJobs`, `invalid_token`, `Forbidden`, …) or the socket code. */
  readonly code: string | undefined;
  readonly description: string | undefined;
  /** 422 field errors: `{"email":[{"description":"Email: … already being used …","error":"DuplicateValue"}]}`. */
  readonly details: ZendeskFieldErrors | undefined;
  readonly requestId: string | undefined;
  /** `"POST /users/create_many"` */
  readonly call: string;
  /** Seconds Zendesk asked to wait (429/503), when it said. */
  readonly retryAfterSeconds: number | undefined;
  readonly attempts: number;

  constructor(init: {
    message: string;
    status?: number;
    code?: string;
    description?: string;
    details?: ZendeskFieldErrors;
    requestId?: string;
    call: string;
    retryAfterSeconds?: number;
    attempts?: number;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.description = init.description;
    this.details = init.details;
    this.requestId = init.requestId;
    this.call = init.call;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts ?? 1;
  }
}

/** Reads Zendesk's three envelopes: `{error, description, details}`, `{error:{title,message}}`, `{errors:[{code,…}]}`. */
function readEnvelope(body: unknown): { code?: string; description?: string; details?: ZendeskFieldErrors } {
  if (typeof body === 'string') return { description: body.trim().slice(0, 300) || undefined };
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'string') {
    const description =
      typeof record.description === 'string' ? record.description : typeof record.error_description === 'string' ? record.error_description : undefined;
    const details = record.details && typeof record.details === 'object' ? (record.details as ZendeskFieldErrors) : undefined;
    return { code: record.error, description, details };
  }
  if (record.error && typeof record.error === 'object') {
    const nested = record.error as { title?: unknown; message?: unknown };
    return { code: typeof nested.title === 'string' ? nested.title : undefined, description: typeof nested.message === 'string' ? nested.message : undefined };
  }
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const first = record.errors[0] as { code?: unknown; title?: unknown; detail?: unknown };
    return {
      code: typeof first.code === 'string' ? first.code : undefined,
      description: typeof first.detail === 'string' ? first.detail : typeof first.title === 'string' ? first.title : undefined,
    };
  }
  return {};
}

/** What to do about it, per status (the sentence an admin acts on). */
function advice(status: number, code: string | undefined): string {
  if (status === 401) {
    return code === 'invalid_token'
      ? 'The OAuth access token is expired or revoked; check the OAuth client id and secret.'
      : 'Check the admin e-mail and API token (or the OAuth client), and that "Allow API token access" is on in Admin Center › Apps and integrations › APIs.';
  }
  if (status === 403) {
    return 'The account behind these credentials lacks permission for this call (an admin is needed for user writes), the plan lacks the feature (custom roles need Enterprise), the OAuth scope is too narrow, or bulk user imports are not enabled for the account.';
  }
  if (status === 404) return code === 'InvalidEndpoint' ? 'Check the Zendesk URL (subdomain) — this endpoint does not exist there.' : 'The record does not exist (or was permanently deleted).';
  if (status === 422) return 'Fix the values listed and retry.';
  if (status === 429) return code === 'TooManyJobs' ? 'Too many bulk jobs are running; wait for them to finish.' : 'Zendesk rate limit reached; slow down or retry later.';
  if (status >= 500) return 'Zendesk had a server problem; retry later.';
  return '';
}

export function toZendeskApiError(failure: HttpFailure): ZendeskApiError {
  if (failure.kind === 'network') {
    return new ZendeskApiError({
      message: `Zendesk did not answer ${failure.call}: ${failure.code ?? 'network error'}${failure.cause ? ` (${failure.cause.message})` : ''}. Check the Zendesk URL and the network, then retry.`,
      code: failure.code,
      call: failure.call,
      attempts: failure.attempts,
    });
  }
  const status = failure.status ?? 0;
  const { code, description, details } = readEnvelope(failure.body);
  const fieldText = details
    ? Object.values(details)
        .flat()
        .map((detail) => detail.description)
        .join('; ')
    : undefined;
  const retryAfter = failure.headers?.['retry-after'];
  const retryAfterSeconds = retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  const parts = [`Zendesk ${status}${code ? ` ${code}` : ''} on ${failure.call}`];
  const what = fieldText || description;
  if (what) parts.push(`: ${what}`);
  parts.push('.');
  const hint = advice(status, code);
  if (hint) parts.push(` ${hint}`);
  if (retryAfterSeconds !== undefined) parts.push(` (Retry-After ${retryAfterSeconds} s)`);
  if (failure.requestId) parts.push(` [request id ${failure.requestId}]`);
  return new ZendeskApiError({
    message: parts.join(''),
    status,
    code,
    description,
    details,
    requestId: failure.requestId,
    call: failure.call,
    retryAfterSeconds,
    attempts: failure.attempts,
  });
}
