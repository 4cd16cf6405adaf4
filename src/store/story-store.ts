// Stories and the entities they are about.
import type Database from 'better-sqlite3';
import type { Category, Severity, Story } from '../model.ts';
import type { StoryStore } from '../ports/storage.ts';
import { nul, str, type Row } from './rows.ts';

export function createStoryStore(db: Database.Database) {
  const q = {
    // stories
    insertStory: db.prepare(
      `INSERT INTO stories (id, title, link, summary, category, severity, entity_ids, first_seen_at, last_seen_at, source_count)
       VALUES (@id, @title, @link, @summary, @category, @severity, @entityIds, @now, @now, 1)`,
    ),
    touchStory: db.prepare(
      `UPDATE stories SET last_seen_at = @now, source_count = source_count + 1, severity = @severity, entity_ids = @entityIds WHERE id = @id`,
    ),
    // A new report of a story widens its publication range (ISO strings compare as dates).
    storyPublished: db.prepare(
      `UPDATE stories SET
         first_published = CASE WHEN @published IS NULL THEN first_published WHEN first_published IS NULL OR @published < first_published THEN @published ELSE first_published END,
         last_published = CASE WHEN @published IS NULL THEN last_published WHEN last_published IS NULL OR @published > last_published THEN @published ELSE last_published END
       WHERE id = @id`,
    ),
    storyReported: db.prepare(`UPDATE stories SET reported_at = COALESCE(last_published, strftime('%Y-%m-%dT%H:%M:%fZ', last_seen_at / 1000.0, 'unixepoch')) WHERE id = ?`),
    story: db.prepare(`SELECT * FROM stories WHERE id = ?`),
    upsertStoryEntity: db.prepare(
      `INSERT INTO story_entities (entity_id, story_id, last_seen_at) VALUES (?, ?, ?) ON CONFLICT (entity_id, story_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    ),
    recentStories: db.prepare(`SELECT * FROM stories ORDER BY reported_at DESC, id DESC LIMIT ?`),
    latestStoriesOf: db.prepare(
      `SELECT s.* FROM story_entities se JOIN stories s ON s.id = se.story_id WHERE se.entity_id = ? ORDER BY s.reported_at DESC, s.id DESC LIMIT ?`,
    ),
  };

  const toStory = (r: Row): Story => ({
    id: String(r.id),
    title: String(r.title),
    link: str(r.link),
    summary: String(r.summary),
    category: r.category as Category,
    severity: r.severity as Severity,
    entityIds: JSON.parse(String(r.entity_ids)) as string[],
    firstSeen: new Date(Number(r.first_seen_at)).toISOString(),
    lastSeen: new Date(Number(r.last_seen_at)).toISOString(),
    ...(r.first_published ? { firstPublished: String(r.first_published) } : {}),
    ...(r.last_published ? { lastPublished: String(r.last_published) } : {}),
    sourceCount: Number(r.source_count),
  });

  const api: StoryStore = {
    createStory(s: { id: string; title: string; link?: string; summary: string; category: Category; severity: Severity; entityIds: string[] }, now: number): void {
      q.insertStory.run({ ...s, link: nul(s.link), entityIds: JSON.stringify(s.entityIds), now });
      q.storyReported.run(s.id);
      for (const e of s.entityIds) q.upsertStoryEntity.run(e, s.id, now);
    },
    /** Records one more source for a story: severity and entities only ever grow. */
    addToStory(id: string, v: { severity: Severity; entityIds: string[] }, now: number): void {
      q.touchStory.run({ id, severity: v.severity, entityIds: JSON.stringify(v.entityIds), now });
      q.storyReported.run(id);
      for (const e of v.entityIds) q.upsertStoryEntity.run(e, id, now);
    },
    getStory(id: string): Story | undefined {
      const r = q.story.get(id) as Row | undefined;
      return r && toStory(r);
    },
    recentStories(limit: number): Story[] {
      return (q.recentStories.all(limit) as Row[]).map(toStory);
    },
    latestStoriesForEntity(entityId: string, limit: number): Story[] {
      return (q.latestStoriesOf.all(entityId, limit) as Row[]).map(toStory);
    },
  };
  return { statements: q, api };
}
