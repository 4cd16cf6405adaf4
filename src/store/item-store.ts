// Items and the mentions found in them.
import type Database from 'better-sqlite3';
import type { Category, Mention, Severity } from '../model.ts';
import type { ItemRecord, ItemStore, StoredItem } from '../ports/storage.ts';
import { nul, str, type Row } from './rows.ts';

/** `stories`: the story family's statements that a new item updates (its publication range). */
export function createItemStore(db: Database.Database, stories: { storyPublished: Database.Statement; storyReported: Database.Statement }) {
  const q = {
    // items
    itemByKey: db.prepare(`SELECT id, content_hash, link, title FROM items WHERE feed_url = ? AND item_key = ?`),
    insertItem: db.prepare(
      `INSERT INTO items (feed_url, item_key, content_hash, guid, link, title, summary, published_at, category, severity, official, citation, citations, related, story_id, first_seen_at, updated_at)
       VALUES (@feedUrl, @key, @contentHash, @guid, @link, @title, @summary, @publishedAt, @category, @severity, @official, @citation, @citations, @related, @storyId, @now, @now)`,
    ),
    updateItem: db.prepare(
      `UPDATE items SET content_hash = @contentHash, guid = @guid, link = @link, title = @title, summary = @summary, published_at = @publishedAt,
         category = @category, severity = @severity, official = @official, citation = @citation, citations = @citations, related = @related, updated_at = @now WHERE id = @id`,
    ),
    deleteMentions: db.prepare(`DELETE FROM mentions WHERE item_id = ?`),
    insertMention: db.prepare(`INSERT INTO mentions (item_id, entity_id, matched, field, weak) VALUES (@itemId, @entityId, @matched, @field, @weak) ON CONFLICT DO NOTHING`),
    itemsOfStory: db.prepare(
      `SELECT i.*, f.title AS feed_title FROM items i LEFT JOIN feeds f ON f.url = i.feed_url WHERE i.story_id = ? ORDER BY i.first_seen_at, i.id`,
    ),
    itemsSince: db.prepare(
      `SELECT i.*, (SELECT group_concat(entity_id) FROM mentions m WHERE m.item_id = i.id) AS entity_ids
         FROM items i WHERE i.first_seen_at >= ? AND i.story_id IS NOT NULL ORDER BY i.first_seen_at, i.id`,
    ),
    countItems: db.prepare(`SELECT count(*) AS n FROM items`),
    moveStoryItems: db.prepare(`UPDATE items SET story_id = @into WHERE story_id = @from`),
    mentionsOfItem: db.prepare(`SELECT entity_id, matched, field, weak FROM mentions WHERE item_id = ? ORDER BY rowid`),
  };

  const toItem = (r: Row): StoredItem => ({
    id: Number(r.id),
    feedUrl: String(r.feed_url),
    feedTitle: str(r.feed_title),
    key: String(r.item_key),
    contentHash: String(r.content_hash),
    guid: str(r.guid),
    link: str(r.link),
    title: String(r.title),
    summary: String(r.summary),
    publishedAt: str(r.published_at),
    category: r.category as Category,
    severity: r.severity as Severity,
    official: r.official === 1,
    citation: str(r.citation),
    citations: JSON.parse(String(r.citations ?? '[]')) as string[],
    ...(r.related ? { related: JSON.parse(String(r.related)) as NonNullable<ItemRecord['related']> } : {}),
    storyId: str(r.story_id),
    firstSeenAt: Number(r.first_seen_at),
    updatedAt: Number(r.updated_at),
    entityIds: r.entity_ids ? String(r.entity_ids).split(',') : [],
  });

  const api: ItemStore = {
    findItem(feedUrl: string, key: string): { id: number; contentHash: string; link?: string; title: string } | undefined {
      const r = q.itemByKey.get(feedUrl, key) as Row | undefined;
      return r && { id: Number(r.id), contentHash: String(r.content_hash), ...(r.link ? { link: String(r.link) } : {}), title: String(r.title ?? '') };
    },
    insertItem(item: ItemRecord, mentions: Mention[], now: number): number {
      const id = Number(q.insertItem.run(itemParams(item, now)).lastInsertRowid);
      for (const m of mentions) q.insertMention.run({ itemId: id, entityId: m.entityId, matched: m.matched, field: m.field, weak: m.weak ? 1 : 0 });
      if (item.storyId !== undefined) {
        stories.storyPublished.run({ id: item.storyId, published: publishedIso(item.publishedAt, now) ?? null });
        stories.storyReported.run(item.storyId);
      }
      return id;
    },
    updateItem(id: number, item: ItemRecord, mentions: Mention[], now: number): void {
      q.updateItem.run({ ...itemParams(item, now), id });
      q.deleteMentions.run(id);
      for (const m of mentions) q.insertMention.run({ itemId: id, entityId: m.entityId, matched: m.matched, field: m.field, weak: m.weak ? 1 : 0 });
    },
    itemsOfStory(storyId: string): StoredItem[] {
      return (q.itemsOfStory.all(storyId) as Row[]).map(toItem);
    },
    moveStoryItems(from: string, into: string, now: number): StoredItem[] {
      const moved = (q.itemsOfStory.all(from) as Row[]).map(toItem);
      q.moveStoryItems.run({ from, into });
      // The story's publication range widens as if each had joined it.
      for (const item of moved) stories.storyPublished.run({ id: into, published: publishedIso(item.publishedAt, now) ?? null });
      if (moved.length) stories.storyReported.run(into);
      return moved.map((item) => ({ ...item, storyId: into }));
    },
    /** Items that joined a story since `since` (ms), oldest first: what the story index is rebuilt from. */
    storyItemsSince(since: number): StoredItem[] {
      return (q.itemsSince.all(since) as Row[]).map(toItem);
    },
    /** What matched in an item, as recorded: entity, the words, the field (`/sanctions why`). */
    mentionsOfItem(itemId: number): Mention[] {
      return (q.mentionsOfItem.all(itemId) as Row[]).map((r) => ({ entityId: String(r.entity_id), matched: String(r.matched), field: r.field as Mention['field'], weak: r.weak === 1 }));
    },
    countItems(): number {
      return Number((q.countItems.get() as Row).n);
    },
  };
  function itemParams(item: ItemRecord, now: number) {
    return {
      feedUrl: item.feedUrl,
      key: item.key,
      contentHash: item.contentHash,
      guid: nul(item.guid),
      link: nul(item.link),
      title: item.title,
      summary: item.summary,
      publishedAt: nul(item.publishedAt),
      category: item.category,
      severity: item.severity,
      official: item.official ? 1 : 0,
      citation: nul(item.citation),
      citations: JSON.stringify(item.citations),
      related: item.related?.length ? JSON.stringify(item.related) : null,
      storyId: nul(item.storyId),
      now,
    };
  }
  return { statements: q, api };
}

/**
 * A feed's publication date as ISO UTC, or undefined when it has none or an unreadable one. A date
 * after the bot first saw the item is a feed's mistake: it counts as the time seen.
 */
function publishedIso(publishedAt: string | undefined, seenAt: number): string | undefined {
  const ms = publishedAt === undefined ? NaN : Date.parse(publishedAt);
  return Number.isNaN(ms) ? undefined : new Date(Math.min(ms, seenAt)).toISOString();
}
