// RETENTION_DAYS: old items, delivered alerts and closed stories are deleted after each cycle, a
// few hundred rows per transaction with a turn of the event loop between batches, so a command or
// a send is never held up for long and a cycle never waits on a big delete. Official timelines live
// in the catalog and watchlists in their own tables: neither is ever pruned.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import type { RetentionStore } from '../ports/storage.ts';
import { plural } from '../text/plural.ts';

export interface Retention {
  /** Prunes what is due, up to `maxBatches` batches; concurrent calls share one run. */
  run(): Promise<{ items: number; outbox: number; stories: number }>;
  /** Stops after the current batch and waits for it. */
  stop(): Promise<void>;
}

export function createRetention(deps: { store: RetentionStore; days: number; log: Logger; now: () => number; batchSize?: number; maxBatches?: number }): Retention {
  const batchSize = deps.batchSize ?? 500;
  const maxBatches = deps.maxBatches ?? 40;
  let running: Promise<{ items: number; outbox: number; stories: number }> | undefined;
  let stopped = false;

  async function prune() {
    const total = { items: 0, outbox: 0, stories: 0 };
    if (deps.days <= 0) return total;
    const cutoff = deps.now() - deps.days * 86_400_000;
    for (let batch = 0; batch < maxBatches && !stopped; batch++) {
      const n = deps.store.pruneBatch(cutoff, batchSize);
      total.items += n.items;
      total.outbox += n.outbox;
      total.stories += n.stories;
      if (n.items < batchSize && n.outbox < batchSize && n.stories < batchSize) break;
      await nextTurn();
    }
    if (total.items || total.outbox || total.stories) {
      deps.log.info(`retention: deleted ${plural(total.items, 'item')}, ${plural(total.outbox, 'delivered alert')} and ${plural(total.stories, 'closed story', 'closed stories')} older than ${plural(deps.days, 'day')}`);
    }
    return total;
  }

  return {
    run() {
      running ??= prune().finally(() => {
        running = undefined;
      });
      return running;
    },
    async stop() {
      stopped = true;
      await running?.catch(() => undefined);
    },
  };
}
