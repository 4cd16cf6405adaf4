// A failing feed is retried later and later, so a dead site is not hammered every cycle, but never
// less often than `maxMs`, so a site that comes back is noticed the same day.

export interface BackoffOptions {
  /** Delay after the first failure. @default 60_000 (one minute) */
  baseMs?: number;
  /** Longest delay. @default 21_600_000 (six hours) */
  maxMs?: number;
  /**
   * Spread retries of feeds that failed together: returns a number in [0, 1); the delay is scaled
   * into [50 %, 100 %] of its value. @default none (deterministic)
   */
  random?: () => number;
}

/**
 * How long to wait before the next attempt after `consecutiveFailures` failures in a row:
 * 0 for none, then `baseMs`, doubling each failure, capped at `maxMs`.
 * @throws RangeError when a number is negative or not finite (a bug in the caller)
 */
export function nextAttemptDelay(consecutiveFailures: number, options: BackoffOptions = {}): number {
  const { baseMs = 60_000, maxMs = 6 * 60 * 60_000, random } = options;
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures < 0) {
    throw new RangeError(`Expected \`consecutiveFailures\` to be a finite number >= 0, got ${consecutiveFailures}`);
  }
  if (!Number.isFinite(baseMs) || baseMs < 0) throw new RangeError(`Expected \`baseMs\` to be a finite number >= 0, got ${baseMs}`);
  if (!Number.isFinite(maxMs) || maxMs < baseMs) throw new RangeError(`Expected \`maxMs\` to be a finite number >= baseMs (${baseMs}), got ${maxMs}`);
  if (consecutiveFailures === 0) return 0;
  // Past 2^40 the product is far beyond any cap; clamping the exponent keeps it finite.
  const exponent = Math.min(Math.floor(consecutiveFailures) - 1, 40);
  const delay = Math.min(maxMs, baseMs * 2 ** exponent);
  if (!random) return delay;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(delay / 2 + (delay / 2) * r);
}
