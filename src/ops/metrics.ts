// GET /metrics in the Prometheus text format, through prom-client. One registry per app (never
// the library's global one), so tests and several apps in one process do not share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryResult } from '../model.ts';

export interface CycleFigures {
  /** Items read from feeds that changed (new, updated and already seen). */
  itemsFetched: number;
  newItems: number;
  alertsQueued: number;
  alertsDelivered: number;
  feedFailures: number;
  seconds: number;
}

export interface Metrics {
  recordCycle(figures: CycleFigures): void;
  /** One send's outcome; failures are counted by kind (retry, rejected, channel-failed). */
  recordDelivery(kind: DeliveryResult['kind']): void;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * @param backlog the outbox rows waiting to be sent, read at each scrape
 * @param processMetrics also export the process's CPU, memory and event-loop figures @default true
 */
export function createMetrics(deps: { backlog: () => number; processMetrics?: boolean }): Metrics {
  const registry = new Registry();
  const prefix = 'sanctions_watch_';
  if (deps.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const counter = (name: string, help: string, labelNames: string[] = []) => new Counter({ name: prefix + name, help, labelNames, registers: [registry] });
  const itemsFetched = counter('items_fetched_total', 'Items read from feeds whose body changed');
  const newItems = counter('new_items_total', 'Items seen for the first time');
  const queued = counter('alerts_queued_total', 'Alerts written to the outbox');
  const delivered = counter('alerts_delivered_total', 'Alerts the platform accepted');
  const failures = counter('delivery_failures_total', 'Sends that failed, by kind (retry: tried again later; rejected: dropped; channel-failed: channel held)', ['kind']);
  const feedFailures = counter('feed_failures_total', 'Feed fetches or parses that failed');
  const cycles = new Histogram({
    name: `${prefix}cycle_duration_seconds`,
    help: 'How long a polling cycle took (fetch, analysis, storage and dispatch)',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  new Gauge({
    name: `${prefix}outbox_backlog`,
    help: 'Alerts waiting in the outbox to be sent',
    registers: [registry],
    collect() {
      this.set(deps.backlog());
    },
  });
  // Every label value exists from the start, so a rate() over it works before the first failure.
  for (const kind of ['retry', 'rejected', 'channel-failed']) failures.inc({ kind }, 0);
  return {
    recordCycle(f) {
      itemsFetched.inc(f.itemsFetched);
      newItems.inc(f.newItems);
      queued.inc(f.alertsQueued);
      delivered.inc(f.alertsDelivered);
      feedFailures.inc(f.feedFailures);
      cycles.observe(f.seconds);
    },
    recordDelivery(kind) {
      if (kind !== 'delivered') failures.inc({ kind });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
