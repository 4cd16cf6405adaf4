// GET /healthz: whether the watcher is doing its job. Unhealthy (503) when no cycle has succeeded
// for three poll intervals (counted from start until the first one does) or when the database
// cannot be written; otherwise 200, with the counts an operator looks at first.
import type { FeedRow, FeedStore, KeyValueStore, OutboxStore } from '../ports/storage.ts';

export interface HealthReport {
  status: 'ok' | 'failing';
  /** Why it is failing, when it is. */
  reason?: string;
  /** When the last cycle succeeded (ISO 8601), or null before the first one. */
  lastCycleAt: string | null;
  feeds: { total: number; failing: number };
  outbox: { pending: number; failing: number };
}

export interface Health {
  /** Records a finished cycle: `ok` false when it threw. */
  recordCycle(ok: boolean): void;
  check(): HealthReport;
}

export function createHealth(deps: { store: Pick<FeedStore, 'listFeeds'> & Pick<OutboxStore, 'outboxHealth'> & { kv: KeyValueStore }; now: () => number; intervalMs: () => number; feedFilter?: (feed: FeedRow) => boolean }): Health {
  const startedAt = deps.now();
  let lastCycleAt: number | undefined;
  return {
    recordCycle(ok) {
      if (ok) lastCycleAt = deps.now();
    },
    check() {
      const now = deps.now();
      let reason: string | undefined;
      let feeds = { total: 0, failing: 0 };
      let outbox = { pending: 0, failing: 0 };
      try {
        // A real write (one key, overwritten each time): a full disk or a read-only mount shows here.
        deps.store.kv.set('health:probe', new Date(now).toISOString());
        const polled = deps.store.listFeeds().filter((f) => deps.feedFilter?.(f) ?? true);
        feeds = { total: polled.length, failing: polled.filter((f) => f.consecutiveFailures > 0).length };
        outbox = deps.store.outboxHealth();
      } catch (error) {
        reason = `database cannot be written: ${(error as Error).message}`;
      }
      const limit = 3 * deps.intervalMs();
      if (!reason && now - (lastCycleAt ?? startedAt) > limit) {
        reason = lastCycleAt ? `no cycle has succeeded for ${Math.round((now - lastCycleAt) / 60_000)} min (three poll intervals)` : 'no cycle has succeeded since start (three poll intervals)';
      }
      return { status: reason ? 'failing' : 'ok', ...(reason ? { reason } : {}), lastCycleAt: lastCycleAt ? new Date(lastCycleAt).toISOString() : null, feeds, outbox };
    },
  };
}
