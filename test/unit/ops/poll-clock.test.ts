import { describe, expect, it } from 'vitest';
import { createPollClock, describeNextTry } from '../../../src/ops/poll-clock.ts';

describe('describeNextTry', () => {
  const now = Date.parse('2026-01-01T12:30:08Z');
  it('names the poll after the backoff, not the end of the backoff', () => {
    const nextPollAt = (notBefore: number) => Math.ceil(notBefore / 600_000) * 600_000; // every 10 minutes
    expect(describeNextTry(now, now + 52_000, nextPollAt)).toBe('next try at 12:40:00 UTC (in 10 min)');
  });
  it('says when the poll is beyond what it looked at, and falls back to the backoff without a schedule', () => {
    expect(describeNextTry(now, now + 52_000, () => undefined)).toBe('next try at the first poll after 12:31:00 UTC (in 52 s or more)');
    expect(describeNextTry(now, now + 52_000)).toBe('next try at 12:31:00 UTC (in 52 s)');
    expect(describeNextTry(now, now + 52_000, () => null)).toBe('not tried again by this run');
  });
});

describe('createPollClock', () => {
  it('reads the interval and the next poll from the cron expression', async () => {
    const clock = createPollClock('*/10 * * * *');
    expect(clock.intervalMs()).toBe(600_000);
    const at = clock.nextPollAt(Date.now() + 25 * 60_000);
    expect(at && new Date(at).getUTCMinutes() % 10).toBe(0);
    expect(at && at - Date.now()).toBeGreaterThanOrEqual(25 * 60_000);
    await clock.close();
  });
});
