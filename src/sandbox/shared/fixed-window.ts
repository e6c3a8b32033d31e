/**
 * Fixed-window request counters for emulated rate limits, with a configurable window length so a benchmark can play
 * an hour of service time in seconds with the same ratios (e.g. "400 per minute" with `windowMs = 1000`).
 * Shared by the Zendesk and Graph emulators.
 */
export interface WindowVerdict {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  readonly remaining: number;
  /** Milliseconds until the current window ends. */
  readonly resetMs: number;
}

export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    public limit: number,
    public windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` when allowed; a refused request does not consume quota. */
  take(key = ''): WindowVerdict {
    return this.check(key, true);
  }

  /** The verdict a request would get, without counting it. */
  peek(key = ''): WindowVerdict {
    return this.check(key, false);
  }

  reset(): void {
    this.windows.clear();
  }

  private check(key: string, consume: boolean): WindowVerdict {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      // Keep the map small: drop windows that have ended.
      if (this.windows.size > 10_000) {
        for (const [otherKey, other] of this.windows) if (now - other.start >= this.windowMs) this.windows.delete(otherKey);
      }
    }
    const resetMs = Math.max(0, window.start + this.windowMs - now);
    if (window.count >= this.limit) return { allowed: false, limit: this.limit, remaining: 0, resetMs };
    if (consume) window.count += 1;
    return { allowed: true, limit: this.limit, remaining: this.limit - window.count, resetMs };
  }
}
