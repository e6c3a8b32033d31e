/**
 * Seeded, deterministic fault injection shared by the Zendesk and Graph emulators. Each emulator asks `decide()`
 * once per API request (never for `/__sandbox/` control calls) and renders the fault in its own service's shape.
 */
import { seededRandom } from './seeded-random';

export interface FaultSettings {
  /** Seed of the PRNG; the same seed and request sequence give the same faults. */
  readonly seed: number;
  /** Probability (0–1) that a request is answered 429 with Retry-After. */
  readonly rate429: number;
  /** Probability (0–1) of a 500. */
  readonly rate500: number;
  /** Probability (0–1) of a 503. */
  readonly rate503: number;
  /** Probability (0–1) that the connection is reset without a response. */
  readonly rateReset: number;
  /** Latency added to every request, in milliseconds. */
  readonly latencyMs: number;
  /** Retry-After seconds sent with injected 429s (the emulator may scale this by its time compression). */
  readonly retryAfterSeconds: number;
}

export type FaultKind = 'none' | '429' | '500' | '503' | 'reset';

export interface FaultDecision {
  readonly kind: FaultKind;
  readonly latencyMs: number;
}

export const NO_FAULTS: FaultSettings = {
  seed: 1,
  rate429: 0,
  rate500: 0,
  rate503: 0,
  rateReset: 0,
  latencyMs: 0,
  retryAfterSeconds: 1,
};

export class FaultInjector {
  private settingsValue: FaultSettings;
  private random: () => number;

  constructor(settings: Partial<FaultSettings> = {}) {
    this.settingsValue = validateFaultSettings({ ...NO_FAULTS, ...settings });
    this.random = seededRandom(this.settingsValue.seed);
  }

  get settings(): FaultSettings {
    return this.settingsValue;
  }

  /** Changes settings; a new `seed` restarts the deterministic sequence. */
  update(partial: Partial<FaultSettings>): void {
    const next = validateFaultSettings({ ...this.settingsValue, ...partial });
    if (partial.seed !== undefined) this.random = seededRandom(next.seed);
    this.settingsValue = next;
  }

  /** One draw per request: which fault (if any) to inject, and the added latency. */
  decide(): FaultDecision {
    const s = this.settingsValue;
    const draw = this.random();
    const bands: ReadonlyArray<readonly [FaultKind, number]> = [
      ['429', s.rate429],
      ['500', s.rate500],
      ['503', s.rate503],
      ['reset', s.rateReset],
    ];
    let kind: FaultKind = 'none';
    let upper = 0;
    for (const [candidate, rate] of bands) {
      upper += rate;
      if (draw < upper) {
        kind = candidate;
        break;
      }
    }
    return { kind, latencyMs: s.latencyMs };
  }
}

/** Rejects settings an emulator cannot honour, naming the field. */
export function validateFaultSettings(settings: FaultSettings): FaultSettings {
  for (const key of ['rate429', 'rate500', 'rate503', 'rateReset'] as const) {
    const value = settings[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RangeError(`faults.${key} must be a probability between 0 and 1, got ${JSON.stringify(value)}`);
    }
  }
  const total = settings.rate429 + settings.rate500 + settings.rate503 + settings.rateReset;
  if (total > 1) throw new RangeError(`faults: the rates add up to ${total}, more than 1`);
  if (typeof settings.latencyMs !== 'number' || settings.latencyMs < 0) {
    throw new RangeError(`faults.latencyMs must be a number ≥ 0, got ${JSON.stringify(settings.latencyMs)}`);
  }
  if (!Number.isInteger(settings.seed)) throw new RangeError(`faults.seed must be an integer, got ${JSON.stringify(settings.seed)}`);
  if (typeof settings.retryAfterSeconds !== 'number' || settings.retryAfterSeconds < 0) {
    throw new RangeError(`faults.retryAfterSeconds must be a number ≥ 0, got ${JSON.stringify(settings.retryAfterSeconds)}`);
  }
  return settings;
}
