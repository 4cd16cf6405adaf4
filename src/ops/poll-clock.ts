// When polls happen, read from POLL_SCHEDULE itself: how far apart they are (the health check
// allows three intervals without a good cycle) and when the first poll after a moment is (a feed
// backing off is tried again at that poll, not the moment its backoff ends).
import { createTask } from 'node-cron';

export interface PollClock {
  /** The gap between the next two polls, in ms. */
  intervalMs(): number;
  /** The first poll at or after `notBefore` (ms), or undefined when it is too far to look ahead. */
  nextPollAt(notBefore: number): number | undefined;
  /** Frees the schedule. */
  close(): Promise<void>;
}

/** Looking further than this many polls ahead costs more than the answer is worth. */
const LOOK_AHEAD = 400;

export function createPollClock(schedule: string): PollClock {
  // A task that is never started: node-cron's own reading of the expression, no timers.
  const task = createTask(schedule, () => undefined, { name: 'poll-clock' });
  return {
    intervalMs() {
      const [a, b] = task.getNextRuns(2);
      return a && b ? b.getTime() - a.getTime() : 600_000;
    },
    nextPollAt(notBefore) {
      const next = task.getNextRun();
      if (next && next.getTime() >= notBefore) return next.getTime();
      return task
        .getNextRuns(LOOK_AHEAD)
        .map((d) => d.getTime())
        .find((t) => t >= notBefore);
    },
    async close() {
      await task.destroy();
    },
  };
}

/**
 * How a failure's log line says when the feed is tried again: at the first poll once its backoff
 * has passed ("next try at 12:40:00 UTC (in 10 min)"), not when the backoff alone ends.
 */
export function describeNextTry(now: number, retryAt: number, nextPollAt?: (notBefore: number) => number | undefined | null): string {
  const at = nextPollAt?.(retryAt);
  if (at === null) return 'not tried again by this run'; // a one-shot run (scan, demo) polls once
  const when = at ?? retryAt;
  const wait = when - now;
  const inText = wait < 90_000 ? `${Math.max(1, Math.round(wait / 1000))} s` : wait < 5_400_000 ? `${Math.round(wait / 60_000)} min` : `${(wait / 3_600_000).toFixed(1)} h`;
  const clock = new Date(when).toISOString().slice(11, 19);
  // Beyond the look-ahead the poll is not known exactly: say so rather than guess.
  return at === undefined && nextPollAt ? `next try at the first poll after ${clock} UTC (in ${inText} or more)` : `next try at ${clock} UTC (in ${inText})`;
}
