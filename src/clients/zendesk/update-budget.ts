/**
 * Client-side pacing for single-user updates (`PUT /users/{id}`, `create_or_update`): Zendesk allows 5 per minute per
 * user and 1 per second per account (reference §10). Waiting here avoids 429s rather than recovering from them; the
 * server's 429 + Retry-After is still honoured by the HTTP layer if another tool shares the budget.
 *
 * The server starts its window when a request *arrives*, which we cannot see; so each slot is stamped again when the
 * call *finishes* (an upper bound of the arrival) and the next call is timed from that stamp.
 */
import { sleep } from '../http';

export class UpdateUserBudget {
  private readonly perUser = new Map<string, Array<{ time: number }>>();
  private nextAccountSlot = 0;

  constructor(
    /** Real ms of one Zendesk minute (60 000 / timeScale). */
    private readonly minuteMs: number,
    private readonly perUserPerMinute = 5,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot; call the returned function when the request has finished (whatever its outcome). */
  async acquire(userKey: string, signal?: AbortSignal): Promise<() => void> {
    const accountSpacing = this.minuteMs / 60;
    // Margins absorb the gap between our clock and the server's windows.
    const margin = Math.max(2, this.minuteMs * 0.01);
    const accountMargin = Math.max(2, accountSpacing * 0.05);
    for (;;) {
      const now = this.now();
      const recent = (this.perUser.get(userKey) ?? []).filter((slot) => now - slot.time < this.minuteMs + margin);
      this.perUser.set(userKey, recent);
      const userWait = recent.length >= this.perUserPerMinute ? recent[0]!.time + this.minuteMs + margin - now : 0;
      const accountWait = this.nextAccountSlot - now;
      const wait = Math.max(userWait, accountWait);
      if (wait <= 0) {
        const slot = { time: now };
        recent.push(slot);
        this.nextAccountSlot = now + accountSpacing + accountMargin;
        if (this.perUser.size > 10_000) this.prune(now);
        return () => {
          const finished = this.now();
          slot.time = finished;
          this.nextAccountSlot = Math.max(this.nextAccountSlot, finished + accountSpacing + accountMargin);
        };
      }
      await sleep(wait, signal);
    }
  }

  private prune(now: number): void {
    for (const [key, slots] of this.perUser) if (slots.every((slot) => now - slot.time >= this.minuteMs)) this.perUser.delete(key);
  }
}
