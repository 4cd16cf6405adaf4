// Storage for official sources: the last state of each screening list, entry by entry,
// and the official actions learned from official documents and list changes. It shares the main
// store's connection, so its writes join the feed's transaction.
import type Database from 'better-sqlite3';
import type { LearnedAction, OfficialStore, StoredListEntry } from '../ports/storage.ts';

import { str, type Row } from './rows.ts';

export type { LearnedAction, OfficialStore, StoredListEntry } from '../ports/storage.ts';

/** Prepares the statements once on the store's connection. */
export function createOfficialStore(db: Database.Database): OfficialStore {
  const q = {
    entry: db.prepare(`SELECT * FROM list_entries WHERE feed_url = ? AND entry_key = ?`),
    hash: db.prepare(`SELECT hash FROM list_entries WHERE feed_url = ? AND entry_key = ?`).pluck(),
    countEntries: db.prepare(`SELECT count(*) FROM list_entries WHERE feed_url = ?`).pluck(),
    keys: db.prepare(`SELECT entry_key FROM list_entries WHERE feed_url = ?`).pluck(),
    upsert: db.prepare(
      `INSERT INTO list_entries (feed_url, entry_key, hash, source, name, alt_names, fr_notice, start_date)
       VALUES (@feedUrl, @key, @hash, @source, @name, @altNames, @frNotice, @startDate)
       ON CONFLICT (feed_url, entry_key) DO UPDATE SET hash = excluded.hash, source = excluded.source, name = excluded.name,
         alt_names = excluded.alt_names, fr_notice = excluded.fr_notice, start_date = excluded.start_date`,
    ),
    remove: db.prepare(`DELETE FROM list_entries WHERE feed_url = ? AND entry_key = ?`),
    insertAction: db.prepare(
      `INSERT INTO official_actions (entity_id, item_key, feed_url, date, action, citation, source, link, removal, created_at)
       VALUES (@entityId, @itemKey, @feedUrl, @date, @action, @citation, @source, @link, @removal, @createdAt) ON CONFLICT DO NOTHING`,
    ),
    actionsOf: db.prepare(`SELECT * FROM official_actions WHERE entity_id = ? ORDER BY date, created_at, item_key`),
  };
  const toEntry = (r: Row): StoredListEntry => ({
    key: String(r.entry_key),
    hash: String(r.hash),
    source: String(r.source),
    name: String(r.name),
    altNames: JSON.parse(String(r.alt_names)) as string[],
    frNotice: str(r.fr_notice),
    startDate: str(r.start_date),
  });

  return {
    listEntry(feedUrl: string, key: string): StoredListEntry | undefined {
      const r = q.entry.get(feedUrl, key) as Row | undefined;
      return r && toEntry(r);
    },
    /** The stored hash of one entry: all a poll reads for an entry that has not changed. */
    listEntryHash(feedUrl: string, key: string): string | undefined {
      return q.hash.get(feedUrl, key) as string | undefined;
    },
    countListEntries(feedUrl: string): number {
      return Number(q.countEntries.get(feedUrl));
    },
    /** The stored keys of a list, one at a time (a list of tens of thousands is never loaded whole). */
    listEntryKeys(feedUrl: string): IterableIterator<string> {
      return q.keys.iterate(feedUrl) as IterableIterator<string>;
    },
    saveListEntry(feedUrl: string, e: StoredListEntry): void {
      q.upsert.run({ feedUrl, key: e.key, hash: e.hash, source: e.source, name: e.name, altNames: JSON.stringify(e.altNames), frNotice: e.frNotice ?? null, startDate: e.startDate ?? null });
    },
    removeListEntry(feedUrl: string, key: string): void {
      q.remove.run(feedUrl, key);
    },
    /** Records an action once per entity and item. */
    recordAction(a: LearnedAction): void {
      q.insertAction.run({ ...a, citation: a.citation ?? null, link: a.link ?? null, removal: a.removal ? 1 : 0 });
    },
    actionsOf(entityId: string): LearnedAction[] {
      return (q.actionsOf.all(entityId) as Row[]).map((r) => ({
        entityId: String(r.entity_id),
        itemKey: String(r.item_key),
        feedUrl: String(r.feed_url),
        date: String(r.date),
        action: String(r.action),
        citation: str(r.citation),
        source: String(r.source),
        link: str(r.link),
        removal: r.removal === 1,
        createdAt: Number(r.created_at),
      }));
    },
  };
}
