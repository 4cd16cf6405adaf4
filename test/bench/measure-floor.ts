// The floor of the watcher's own stack: what parsing the same feed bytes with rss-parser alone, and
// inserting as many rows with better-sqlite3 alone (one transaction, an items table like ours),
// costs. No pipeline can be faster than its parser and its database; the ratio says how much the
// watcher adds on top (fetching, matching, classifying, grouping, routing).
import Database from 'better-sqlite3';
import Parser from 'rss-parser';

export interface FloorResult {
  feeds: number;
  items: number;
  bytes: number;
  parseMs: number;
  /** Process CPU time (user + system) of the parsing. */
  parseCpuMs: number;
  insertMs: number;
  /** parseMs + insertMs */
  ms: number;
  itemsPerSecond: number;
}

/** The items table of migration 1, with its unique key and indexes: inserting into it costs the same. */
const SCHEMA = `
  CREATE TABLE items (
    id INTEGER PRIMARY KEY, feed_url TEXT NOT NULL, item_key TEXT NOT NULL, content_hash TEXT NOT NULL, guid TEXT, link TEXT,
    title TEXT NOT NULL, summary TEXT NOT NULL, published_at TEXT, category TEXT NOT NULL, severity TEXT NOT NULL,
    official INTEGER NOT NULL DEFAULT 0, citation TEXT, story_id TEXT, first_seen_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    UNIQUE (feed_url, item_key)
  );
  CREATE INDEX items_story ON items (story_id);
  CREATE INDEX items_seen ON items (first_seen_at);
`;

/**
 * Parses every body, then inserts one row per parsed item into a fresh database at `dbPath`.
 * @param bodies feed URL → the document as served
 */
export async function measureFloor(bodies: ReadonlyMap<string, string>, dbPath: string): Promise<FloorResult> {
  const parser = new Parser();
  const parsed: Array<{ url: string; items: Parser.Item[] }> = [];
  let bytes = 0;
  const parseStart = performance.now();
  const cpu = process.cpuUsage();
  for (const [url, body] of bodies) {
    const feed = await parser.parseString(body);
    parsed.push({ url, items: feed.items });
  }
  const parseMs = performance.now() - parseStart;
  const used = process.cpuUsage(cpu);
  for (const body of bodies.values()) bytes += Buffer.byteLength(body);

  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT INTO items (feed_url, item_key, content_hash, guid, link, title, summary, published_at, category, severity, official, citation, story_id, first_seen_at, updated_at)
     VALUES (@feedUrl, @key, @hash, @guid, @link, @title, @summary, @publishedAt, 'other', 'low', 0, NULL, NULL, @now, @now)`,
  );
  let items = 0;
  const now = Date.now();
  const insertStart = performance.now();
  db.transaction(() => {
    for (const { url, items: list } of parsed) {
      for (const it of list) {
        const guid = it.guid ?? (it as { id?: string }).id ?? it.link ?? '';
        insert.run({
          feedUrl: url,
          key: `guid:${guid}`,
          hash: guid,
          guid,
          link: it.link ?? null,
          title: it.title ?? '',
          summary: (it.contentSnippet ?? '').slice(0, 400),
          publishedAt: it.isoDate ?? null,
          now,
        });
        items++;
      }
    }
  })();
  const insertMs = performance.now() - insertStart;
  db.close();
  const ms = parseMs + insertMs;
  return { feeds: bodies.size, items, bytes, parseMs, parseCpuMs: (used.user + used.system) / 1000, insertMs, ms, itemsPerSecond: items / (ms / 1000) };
}
