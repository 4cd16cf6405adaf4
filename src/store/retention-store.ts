// Retention: old rows deleted in small batches.
import type Database from 'better-sqlite3';
import type { RetentionStore } from '../ports/storage.ts';
import type { Row } from './rows.ts';

export function createRetentionStore(db: Database.Database) {
  const q = {
    // retention (small batches): dated items first seen and last changed before the cutoff (an
    // undated item is kept: if its feed still lists it, nothing else would tell it from a new one),
    // delivered alerts, then stories no item or alert refers to any more
    pruneItems: db.prepare(
      `DELETE FROM items WHERE id IN (SELECT id FROM items WHERE first_seen_at < @cutoff AND updated_at < @cutoff AND published_at < @cutoffIso LIMIT @limit)`,
    ),
    pruneOutbox: db.prepare(`DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'delivered' AND delivered_at < @cutoff LIMIT @limit)`),
    closedStories: db.prepare(
      `SELECT s.id FROM stories s WHERE s.last_seen_at < @cutoff
         AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id)
         -- CROSS JOIN keeps channels (few) outside, so outbox is searched by (channel_key, story_id)
         AND NOT EXISTS (SELECT 1 FROM channels c CROSS JOIN outbox o ON o.channel_key = c.channel_key AND o.story_id = s.id)
       LIMIT @limit`,
    ),
    deleteStory: db.prepare(`DELETE FROM stories WHERE id = ?`),
    deleteStoryDeliveries: db.prepare(`DELETE FROM story_deliveries WHERE channel_key IN (SELECT channel_key FROM channels) AND story_id = ?`),
  };


  const api: RetentionStore = {
    /**
     * Deletes at most `limit` rows of each kind older than `cutoff` (ms), in one transaction:
     * items (with their mentions), delivered alerts, and stories nothing refers to any more.
     * Watchlists, channels, feeds and custom entities are never touched.
     */
    pruneBatch(cutoff: number, limit: number): { items: number; outbox: number; stories: number } {
      return db.transaction(() => {
        const items = q.pruneItems.run({ cutoff, cutoffIso: new Date(cutoff).toISOString(), limit }).changes;
        const outbox = q.pruneOutbox.run({ cutoff, limit }).changes;
        const ids = (q.closedStories.all({ cutoff, limit }) as Row[]).map((r) => String(r.id));
        for (const id of ids) {
          q.deleteStoryDeliveries.run(id);
          q.deleteStory.run(id);
        }
        return { items, outbox, stories: ids.length };
      })();
    },
  };
  return { statements: q, api };
}
