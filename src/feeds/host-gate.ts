// Politeness per host: at most `perHost` requests in flight to one host, consecutive requests to it at
// least `minGapMs` apart, and at most `total` requests in flight overall. Twenty news searches on one
// host are spread out instead of arriving together; a slow host does not hold up the others.
import { CodedError } from '../errors.ts';

export interface HostGateOptions {
  /** Requests in flight overall (FEED_CONCURRENCY). */
  total: number;
  /** Requests in flight to one host (FEED_HOST_CONCURRENCY). */
  perHost: number;
  /** Least time between the starts of two requests to one host (FEED_HOST_MIN_GAP_MS). */
  minGapMs: number;
  now: () => number;
  /** Hosts exempt from the per-host rules (still counted in `total`). @default none */
  exempt?: (host: string) => boolean;
  /** Resolves once the clock reads `at` (tests and the bench pass a virtual clock's). @default setTimeout */
  waitUntil?: (at: number) => Promise<void>;
}

export interface HostGate {
  /** Waits for a slot for `host`; call the returned function when the request has ended. */
  acquire(host: string): Promise<() => void>;
  /** How many acquirers are waiting (for a slot or for their host's gap). */
  waiting(): number;
  /** Stops the gate: every waiting and later `acquire` rejects with a GateClosedError (the bot is stopping). */
  close(): void;
}

/** What `acquire` rejects with once the gate is closed: the request was never started. */
export class GateClosedError extends CodedError {
  constructor() {
    super('feed/gate-closed', 'the host gate is closed (stopping)');
  }
}

/**
 * Creates a gate. Slots go out in the order asked; a host's gap is reserved when its slot is taken,
 * so requests to one host start at least `minGapMs` apart whatever order they finish in.
 * @throws RangeError for limits under 1 or a negative gap
 */
export function createHostGate(o: HostGateOptions): HostGate {
  for (const [name, v, min] of [['total', o.total, 1], ['perHost', o.perHost, 1], ['minGapMs', o.minGapMs, 0]] as const) {
    if (!Number.isFinite(v) || v < min) throw new RangeError(`Expected \`${name}\` to be a number >= ${min}, got ${v}`);
  }
  // Not unref'd: a poll waiting for its host's turn is work the bot still has to do. With stdin
  // closed (systemd, Docker) it can be all that keeps the process alive during the first poll.
  const waitUntil = o.waitUntil ?? ((at: number) => new Promise<void>((resolve) => void setTimeout(resolve, Math.max(0, at - o.now()))));
  let total = 0;
  const inFlight = new Map<string, number>();
  /** When the next request to a host may start (reservations, in the order asked). */
  const nextStart = new Map<string, number>();
  /** When the last request to a host actually started. */
  const lastStart = new Map<string, number>();
  const queue: Array<{ host: string; grant: () => void }> = [];
  let blocked = 0;
  let closed = false;
  // Rejects every wait at once when the gate closes, so stopping never waits out a host's gap.
  let onClose!: (error: Error) => void;
  const closing = new Promise<never>((_, reject) => (onClose = reject));
  closing.catch(() => undefined);
  const orClosed = <T>(p: Promise<T>): Promise<T> => Promise.race([p, closing]);

  const take = (host: string) => {
    total++;
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
  };
  const free = (host: string) => total < o.total && (o.exempt?.(host) || (inFlight.get(host) ?? 0) < o.perHost);
  function pump(): void {
    for (let i = 0; i < queue.length; ) {
      const entry = queue[i]!;
      if (!free(entry.host)) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      // Counted here, not when the waiter resumes: the rest of this loop must see the slot taken.
      take(entry.host);
      entry.grant();
    }
  }

  const untake = (host: string) => {
    total--;
    const n = (inFlight.get(host) ?? 1) - 1;
    if (n) inFlight.set(host, n);
    else inFlight.delete(host);
    pump();
  };
  const slot = async (host: string) => {
    if (free(host) && !queue.some((q) => q.host === host)) take(host);
    else await orClosed(new Promise<void>((grant) => queue.push({ host, grant })));
    if (closed) {
      untake(host);
      throw new GateClosedError();
    }
  };

  return {
    async acquire(host) {
      if (closed) throw new GateClosedError();
      blocked++;
      const exempt = o.exempt?.(host) ?? false;
      try {
        // The host's gap is waited out before taking a slot: a request waiting for its turn on a
        // busy host must not hold one of the `total` slots that other hosts' requests could use.
        let at = exempt ? o.now() : Math.max(o.now(), nextStart.get(host) ?? 0);
        if (!exempt) nextStart.set(host, at + o.minGapMs);
        for (;;) {
          if (at > o.now()) await orClosed(waitUntil(at));
          await slot(host);
          // Waiting for the slot may have let another request to the host start meanwhile.
          const earliest = exempt ? -Infinity : (lastStart.get(host) ?? -Infinity) + o.minGapMs;
          if (o.now() >= earliest) break;
          untake(host);
          at = earliest;
          nextStart.set(host, Math.max(nextStart.get(host) ?? 0, earliest + o.minGapMs));
        }
        lastStart.set(host, o.now());
      } finally {
        blocked--;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        untake(host);
      };
    },
    waiting: () => blocked,
    close() {
      closed = true;
      onClose(new GateClosedError());
    },
  };
}
