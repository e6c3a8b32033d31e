/**
 * Graph's identity-and-access throttling model (graph-api.md §8.2): each request costs "resource units" (RU) —
 * `GET users` 2, `GET groups/{id}/members` 3, `…/transitiveMembers` 5, any other request 1; `$select` −1, `$expand` +1,
 * `$top` < 20 −1, minimum 1 — drawn from a token bucket per app + tenant sized by tenant: S (< 50 users) 3,500 / 10 s,
 * M (50–500) 5,000 / 10 s, L (> 500) 8,000 / 10 s. `$batch` sub-requests are costed individually.
 * Over the limit → 429 with Retry-After (seconds until the bucket holds the cost again); above 80 % use, responses
 * carry `x-ms-throttle-limit-percentage`.
 */

export type ThrottleLimit = number | 'auto' | 'off';

export interface ThrottleOutcome {
  readonly allowed: boolean;
  readonly cost: number;
  /** Seconds until the request would fit (when not allowed). */
  readonly retryAfterSeconds?: number;
  /** Used share of the window (0.8–1.8) when above 0.8, for `x-ms-throttle-limit-percentage`. */
  readonly limitPercentage?: number;
}

const WINDOW_MS = 10_000;

/** RU quota per 10 s for the tenant size (S/M/L). */
export function tierLimit(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

/** Resource-unit cost of one (sub-)request from its method and version-relative URL. */
export function resourceUnitCost(method: string, url: string, body?: unknown): number {
  const parsed = new URL(url, 'https://sandbox.invalid');
  const segments = parsed.pathname.split('/').filter((s) => s !== '');
  if (segments[0] === '$batch') {
    const requests = (body as { requests?: Array<{ method?: string; url?: string }> } | undefined)?.requests;
    if (!Array.isArray(requests)) return 1;
    return requests.reduce((sum, r) => sum + resourceUnitCost(String(r.method ?? 'GET'), String(r.url ?? '/')), 0) || 1;
  }
  if (method.toUpperCase() !== 'GET') return 1;
  let base = 1;
  if (segments[0] === 'users' && (segments.length === 1 || segments[1] === 'delta')) base = 2;
  else if (segments[0] === 'groups' && segments[2] === 'members') base = 3;
  else if (segments[0] === 'groups' && segments[2] === 'transitiveMembers') base = 5;
  const query = parsed.searchParams;
  const has = (name: string): boolean => query.has(`$${name}`) || query.has(name);
  let cost = base;
  if (has('select')) cost -= 1;
  if (has('expand')) cost += 1;
  const top = Number(query.get('$top') ?? query.get('top'));
  if (Number.isFinite(top) && top > 0 && top < 20) cost -= 1;
  return Math.max(1, cost);
}

export class ResourceUnitBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: () => number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit();
    this.updatedAt = now();
  }

  take(cost: number): ThrottleOutcome {
    const limit = this.limit();
    const now = this.now();
    this.tokens = Math.min(limit, this.tokens + ((now - this.updatedAt) * limit) / WINDOW_MS);
    this.updatedAt = now;
    const used = 1 - this.tokens / limit;
    const limitPercentage = used > 0.8 ? Math.round(Math.min(1.8, used) * 100) / 100 : undefined;
    if (this.tokens < cost) {
      const retryAfterSeconds = Math.max(1, Math.ceil((((cost - this.tokens) * WINDOW_MS) / limit) / 1000));
      return { allowed: false, cost, retryAfterSeconds, limitPercentage };
    }
    this.tokens -= cost;
    return { allowed: true, cost, limitPercentage };
  }
}
