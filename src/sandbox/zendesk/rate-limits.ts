/**
 * The Support API's rate limits (reference §10) over configurable windows: one "Zendesk minute" lasts
 * `60 000 / timeScale` real milliseconds, so a benchmark can play an hour in a minute (timeScale 60) with the same
 * ratios. Every number a client sees (`ratelimit-reset`, `Retry-After`, bucket `resets=`) is in **real** seconds, so a
 * client that honours them literally behaves correctly; with timeScale ≠ 1 they carry fractions (e.g. `0.25`), which
 * HTTP's delta-seconds grammar doesn't allow — a documented deviation of the compressed mode only.
 */
import { FixedWindowCounter, type WindowVerdict } from '../shared/fixed-window';
import { ApiError } from './errors';
import { PLAN_RATE_LIMITS, type ZendeskAccount } from './model';

/** Update User / Create-or-Update User: 5 per minute per user (reference §10). */
export const UPDATE_USER_PER_USER = 5;
/** … and 1 per second per account. */
export const UPDATE_USER_PER_ACCOUNT_PER_SECOND = 1;
export const INCREMENTAL_EXPORTS_PER_MINUTE = 10;
export const INCREMENTAL_EXPORTS_PER_MINUTE_HIGH_VOLUME = 30;
/** Permanent user deletion: 700 per 10 minutes. */
export const PERMANENT_DELETIONS_PER_10_MINUTES = 700;

export class ZendeskRateLimits {
  readonly account: FixedWindowCounter;
  readonly updateUserPerUser: FixedWindowCounter;
  readonly updateUserPerAccount: FixedWindowCounter;
  readonly incrementalExports: FixedWindowCounter;
  readonly permanentDeletions: FixedWindowCounter;
  private timeScaleValue: number;

  constructor(timeScale: number, now: () => number) {
    this.timeScaleValue = timeScale;
    const minute = 60_000 / timeScale;
    this.account = new FixedWindowCounter(PLAN_RATE_LIMITS.professional, minute, now);
    this.updateUserPerUser = new FixedWindowCounter(UPDATE_USER_PER_USER, minute, now);
    this.updateUserPerAccount = new FixedWindowCounter(UPDATE_USER_PER_ACCOUNT_PER_SECOND, 1000 / timeScale, now);
    this.incrementalExports = new FixedWindowCounter(INCREMENTAL_EXPORTS_PER_MINUTE, minute, now);
    this.permanentDeletions = new FixedWindowCounter(PERMANENT_DELETIONS_PER_10_MINUTES, 10 * minute, now);
  }

  get timeScale(): number {
    return this.timeScaleValue;
  }

  /** Applies the account's plan / High Volume add-on (High Volume raises the limit *to* 2,500). */
  configure(account: ZendeskAccount): void {
    this.account.limit = account.high_volume ? Math.max(2500, PLAN_RATE_LIMITS[account.plan]) : PLAN_RATE_LIMITS[account.plan];
    this.incrementalExports.limit = account.high_volume ? INCREMENTAL_EXPORTS_PER_MINUTE_HIGH_VOLUME : INCREMENTAL_EXPORTS_PER_MINUTE;
  }

  reset(): void {
    for (const counter of [this.account, this.updateUserPerUser, this.updateUserPerAccount, this.incrementalExports, this.permanentDeletions]) counter.reset();
  }

  /** Real seconds as a header value: whole seconds (at least 1) at timeScale 1, else 3 decimals. */
  seconds(realMs: number): string {
    if (this.timeScaleValue === 1) return String(Math.max(1, Math.ceil(realMs / 1000)));
    return String(Math.max(0.001, Math.round(realMs) / 1000));
  }

  /** A span of Zendesk time (e.g. "60 seconds") as a real-seconds header value. */
  zendeskSeconds(seconds: number): string {
    return this.seconds((seconds * 1000) / this.timeScaleValue);
  }

  /** `x-rate-limit*` and `ratelimit-*` headers for the account verdict (sent on every API response). */
  accountHeaders(verdict: WindowVerdict): Record<string, string> {
    return {
      'x-rate-limit': String(verdict.limit),
      'x-rate-limit-remaining': String(verdict.remaining),
      'ratelimit-limit': String(verdict.limit),
      'ratelimit-remaining': String(verdict.remaining),
      'ratelimit-reset': this.seconds(verdict.resetMs),
    };
  }

  /** `total=N; remaining=N; resets=N` (bucket header format). */
  bucket(verdict: WindowVerdict): string {
    return `total=${verdict.limit}; remaining=${verdict.remaining}; resets=${this.seconds(verdict.resetMs)}`;
  }

  /** The account limit's 429: a **text** body (reference §3, AB-429) + `Retry-After`. */
  accountExceeded(verdict: WindowVerdict): ApiError {
    return new ApiError(429, 'Number of allowed API requests per minute exceeded', {
      'Retry-After': this.seconds(verdict.resetMs),
      ...this.accountHeaders(verdict),
    });
  }

  /**
   * Update-user 429 (per user or per account). Choice: the body is not published; we answer the JSON shape of the
   * documented incremental-export 429 with an update-user description, plus the bucket header.
   */
  updateUserExceeded(verdict: WindowVerdict, perUser: boolean): ApiError {
    return new ApiError(
      429,
      {
        error: 'APIRateLimitExceeded',
        description: perUser
          ? 'Number of allowed update requests per minute for this user exceeded'
          : 'Number of allowed update user API requests per second exceeded',
      },
      { 'Retry-After': this.seconds(verdict.resetMs), 'Zendesk-RateLimit-create-update-user': this.bucket(verdict) },
    );
  }

  incrementalExceeded(verdict: WindowVerdict): ApiError {
    return new ApiError(
      429,
      { error: 'APIRateLimitExceeded', description: 'Number of allowed incremental export API requests per minute exceeded' },
      { 'Retry-After': this.seconds(verdict.resetMs), 'zendesk-ratelimit-incremental-exports': this.bucket(verdict) },
    );
  }
}
