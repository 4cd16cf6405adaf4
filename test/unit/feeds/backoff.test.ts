import { describe, expect, it } from 'vitest';
import { nextAttemptDelay } from '../../../src/feeds/backoff.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('nextAttemptDelay', () => {
  it('waits nothing before any failure, one minute after the first, then doubles', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => nextAttemptDelay(n))).toEqual([0, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 16 * MINUTE]);
  });

  it('never waits longer than six hours, even after thousands of failures', () => {
    expect(nextAttemptDelay(9)).toBe(256 * MINUTE);
    expect(nextAttemptDelay(10)).toBe(6 * HOUR);
    expect(nextAttemptDelay(10_000)).toBe(6 * HOUR);
  });

  it('honours a custom base and cap', () => {
    expect(nextAttemptDelay(1, { baseMs: 1_000, maxMs: 5_000 })).toBe(1_000);
    expect(nextAttemptDelay(3, { baseMs: 1_000, maxMs: 5_000 })).toBe(4_000);
    expect(nextAttemptDelay(4, { baseMs: 1_000, maxMs: 5_000 })).toBe(5_000);
  });

  it('gives the same answer every time without injected randomness', () => {
    expect(new Set(Array.from({ length: 20 }, () => nextAttemptDelay(6))).size).toBe(1);
  });

  it('spreads the delay between half and all of it with injected randomness', () => {
    expect(nextAttemptDelay(3, { random: () => 0 })).toBe(2 * MINUTE);
    expect(nextAttemptDelay(3, { random: () => 0.5 })).toBe(3 * MINUTE);
    expect(nextAttemptDelay(3, { random: () => 0.999_999 })).toBe(4 * MINUTE);
  });

  it('throws for a negative or non-finite failure count, quoting it', () => {
    expect(() => nextAttemptDelay(-1)).toThrow('Expected `consecutiveFailures` to be a finite number >= 0, got -1');
    expect(() => nextAttemptDelay(Number.NaN)).toThrow(RangeError);
    expect(() => nextAttemptDelay(1, { baseMs: 10, maxMs: 5 })).toThrow(/maxMs/);
  });
});
