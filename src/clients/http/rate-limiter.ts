/**
 * A client-side limiter fed by the server's remaining-quota headers. It knows nothing about a particular API: the
 * client tells it which headers carry "remaining" and "seconds until reset" (Zendesk sends several spellings; Graph
 * sends none, in which case only the 429 pause applies).
 *
 * Two mechanisms, both shared by every call made through one HTTP client:
 * - **pause**: after a 429/503 with `Retry-After`, every call waits until that moment (not just the one that got it),
 *   so a burst of concurrent calls does not keep hammering a server that already said "stop";
 * - **pacing**: when `remaining` falls to `reserve` or below, calls are spread evenly over the rest of the window
 *   (reset seconds ÷ remaining), and held until the reset when nothing remains.
 */
import { sleep } from './abort';

export interface QuotaHeaderNames {
  /** Headers carrying the remaining requests in the current window, first present wins. */
  readonly remaining: readonly string[];
  /** Headers carrying the seconds until the window resets, first present wins. */
  readonly resetSeconds: readonly string[];
}

export interface QuotaRateLimiterOptions {
  readonly headers: QuotaHeaderNames;
  /** Start pacing when the remaining quota is at or below this (default 0: only hold when exhausted). */
  readonly reserve?: number;
  /** Assumed window when a server reports `remaining` but no reset (default 60 s). */
  readonly defaultResetSeconds?: number;
  readonly now?: () => number;
}

type HeaderBag = Readonly<Record<string, unknown>>;

export class QuotaRateLimiter {
  private readonly options: QuotaRateLimiterOptions;
  private readonly now: () => number;
  /** No call starts before this epoch-ms moment. */
  private pausedUntil = 0;
  /** Next slot for a paced call (epoch ms). */
  private nextSlot = 0;
  private pacingIntervalMs = 0;
  private pacingEndsAt = 0;

  constructor(options: QuotaRateLimiterOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Waits until a call may start. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      let waitUntil = this.pausedUntil;
      if (this.pacingIntervalMs > 0 && now < this.pacingEndsAt) {
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + this.pacingIntervalMs;
        waitUntil = Math.max(waitUntil, slot);
      }
      if (waitUntil <= now) return;
      await sleep(waitUntil - now, signal);
      // Re-check: a 429 seen meanwhile may have extended the pause.
      if (this.pausedUntil <= this.now()) return;
    }
  }

  /** Feeds the quota headers of a response (any status). */
  observe(headers: HeaderBag): void {
    const remaining = readNumber(headers, this.options.headers.remaining);
    if (remaining === undefined) return;
    const resetSeconds = readNumber(headers, this.options.headers.resetSeconds) ?? this.options.defaultResetSeconds ?? 60;
    const now = this.now();
    const resetAt = now + Math.max(0, resetSeconds) * 1000;
    const reserve = this.options.reserve ?? 0;
    if (remaining <= 0) {
      this.pausedUntil = Math.max(this.pausedUntil, resetAt);
      this.pacingIntervalMs = 0;
    } else if (remaining <= reserve) {
      this.pacingIntervalMs = (resetAt - now) / remaining;
      this.pacingEndsAt = resetAt;
    } else {
      this.pacingIntervalMs = 0;
    }
  }

  /** Holds every call until `ms` from now (after a 429/503 with Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Milliseconds until calls may start again (0 when not paused); for diagnostics and tests. */
  get pauseRemainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}

function readNumber(headers: HeaderBag, names: readonly string[]): number | undefined {
  for (const name of names) {
    const raw = headers[name.toLowerCase()];
    if (raw === undefined || raw === null) continue;
    const value = Number(String(raw).trim());
    if (Number.isFinite(value)) return value;
  }
  return undefined;
}
