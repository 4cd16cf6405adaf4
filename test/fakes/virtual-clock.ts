// A clock that only moves when told: timers fire in time order as the test (or the benchmark's
// simulated day) advances it. Nothing waits on real time.

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

export interface VirtualClock {
  now(): number;
  /** Resolves when the clock reaches `at` (at once if it has). */
  waitUntil(at: number): Promise<void>;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  /** The time of the earliest pending timer. */
  nextAt(): number | undefined;
  /** Moves to the earliest pending timer (never past `limit`) and fires every timer due then; false if none was due by `limit`. */
  fireNext(limit?: number): boolean;
  /** Sets the clock forward (timers due by then are not fired: use fireNext). */
  set(t: number): void;
}

export function createVirtualClock(start: number): VirtualClock {
  let t = start;
  let seq = 0;
  const timers: Timer[] = [];
  const add = (at: number, fire: () => void) => {
    timers.push({ at, seq: seq++, fire });
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };
  return {
    now: () => t,
    waitUntil: (at) => new Promise<void>((resolve) => (at <= t ? resolve() : add(at, resolve))),
    setInterval(fn, ms) {
      const handle = { cancelled: false };
      const arm = () =>
        add(t + ms, () => {
          if (handle.cancelled) return;
          arm();
          fn();
        });
      arm();
      return handle;
    },
    clearInterval(handle) {
      (handle as { cancelled: boolean }).cancelled = true;
    },
    nextAt: () => timers[0]?.at,
    fireNext(limit = Infinity) {
      const first = timers[0];
      if (!first || first.at > limit) return false;
      t = Math.max(t, first.at);
      while (timers[0] && timers[0].at <= t) timers.shift()!.fire();
      return true;
    },
    set(to) {
      t = Math.max(t, to);
    },
  };
}
