// The one place that talks SQL. Synchronous on purpose: better-sqlite3 transactions cannot span an
// `await`, and a feed's items, mentions, stories and outbox rows must commit together.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Alert, Category, ChannelRef, Entity, Mention, Severity, Story } from '../model.ts';
import { MIGRATIONS } from './migrations.ts';
import type { DigestAtOnce, DigestSchedule } from '../digest/digest-schedule.ts';

export interface FeedRow {
  url: string;
  title?: string;
  addedBy: string;
  etag?: string;
  lastModified?: string;
  bodyHash?: string;
  polledOnce: boolean;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
  consecutiveFailures: number;
  nextAttemptAt: number;
  /** When the scheduler plans the next poll (0: at once). */
  nextPollAt: number;
  /** The interval adaptation has reached, if the feed was polled on a schedule yet. */
  pollIntervalMs?: number;
  itemCount: number;
}

/** A WebSub subscription asked of a hub for a feed. */
export interface WebSubRow {
  feedUrl: string;
  hub: string;
  topic: string;
  secret: string;
  requestedAt: number;
  verifiedAt?: number;
  leaseUntil?: number;
}

export interface ItemRecord {
  feedUrl: string;
  key: string;
  contentHash: string;
  guid?: string;
  link?: string;
  title: string;
  summary: string;
  publishedAt?: string;
  category: Category;
  severity: Severity;
  official: boolean;
  citation?: string;
  /** Every official identifier in the item (story grouping keys). */
  citations: string[];
  storyId?: string;
}

export interface StoredItem extends ItemRecord {
  id: number;
  firstSeenAt: number;
  updatedAt: number;
  feedTitle?: string;
  entityIds: string[];
}

export interface ChannelRow {
  key: string;
  ref: ChannelRef;
  minSeverity: Severity;
  mentionRoleId?: string;
  /** The role's or user group's name, when the adapter knew it. */
  mentionLabel?: string;
  failingReason?: string;
  failingSince?: number;
  /** Digest mode: when set, alerts below `digestAtOnce` wait for the digest. */
  digestSchedule?: DigestSchedule;
  digestAtOnce: DigestAtOnce;
  /** When the next digest is due (ms), while digest mode is on. */
  digestNextAt?: number;
  watches: string[];
}

/** `held`: waiting for the channel's digest; `digested`: taken into a digest row (`digestId`). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'held' | 'digested';

export interface OutboxRow {
  id: string;
  channelKey: string;
  channel: ChannelRef;
  storyId: string;
  kind: Alert['kind'];
  alert: Alert;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  messageRef?: string;
  /** Set while a send is under way; still set on a pending row, it is a send a crash cut short. */
  sendStartedAt?: number;
  createdAt: number;
}

export interface StoryDelivery {
  channelKey: string;
  storyId: string;
  alertId: string;
  severity: Severity;
  /** When the channel last got a post about the story (alert or follow-up). */
  lastFollowUpAt: number;
}

/** The key a channel is stored under: platform, workspace and id together. */
export const channelKey = (ref: ChannelRef): string => `${ref.platform}:${ref.workspace ?? ''}:${ref.id}`;

type Row = Record<string, unknown>;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** Thrown when the database cannot be opened or migrated; the message says what to check. */
export class StoreError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
}

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * @param path a file path, or `:memory:` for a throwaway store
 */
export function createSqliteStore(path: string) {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new StoreError(`Cannot open the database at ${path} (check DATABASE_PATH and that its folder is writable): ${(error as Error).message}`, { cause: error });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  migrate(db);

  const q = {
    // feeds
    insertFeed: db.prepare(`INSERT INTO feeds (url, title, added_by, created_at) VALUES (@url, @title, @addedBy, @now) ON CONFLICT (url) DO NOTHING`),
    deleteFeed: db.prepare(`DELETE FROM feeds WHERE url = ?`),
    feeds: db.prepare(`SELECT f.*, (SELECT count(*) FROM items i WHERE i.feed_url = f.url) AS item_count FROM feeds f ORDER BY f.created_at, f.url`),
    feed: db.prepare(`SELECT f.*, (SELECT count(*) FROM items i WHERE i.feed_url = f.url) AS item_count FROM feeds f WHERE url = ?`),
    feedOk: db.prepare(
      `UPDATE feeds SET etag = @etag, last_modified = @lastModified, body_hash = COALESCE(@bodyHash, body_hash), title = COALESCE(title, @title),
         last_attempt_at = @now, last_success_at = @now, last_error = NULL, consecutive_failures = 0, next_attempt_at = 0 WHERE url = @url`,
    ),
    feedFailed: db.prepare(
      `UPDATE feeds SET last_attempt_at = @now, last_error = @error, consecutive_failures = consecutive_failures + 1, next_attempt_at = @nextAttemptAt WHERE url = @url`,
    ),
    feedPolled: db.prepare(`UPDATE feeds SET polled_once = 1 WHERE url = ?`),
    feedSchedule: db.prepare(`UPDATE feeds SET next_poll_at = @nextPollAt, poll_interval_ms = @intervalMs WHERE url = @url`),
    operatorFeed: db.prepare(`UPDATE feeds SET added_by = 'config' WHERE url = ?`),
    feedScopes: db.prepare(`SELECT scope FROM feed_scopes WHERE feed_url = ? ORDER BY scope`),
    addFeedScope: db.prepare(`INSERT INTO feed_scopes (feed_url, scope, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    removeFeedScope: db.prepare(`DELETE FROM feed_scopes WHERE feed_url = ? AND scope = ?`),
    feedOptOuts: db.prepare(`SELECT scope FROM feed_opt_outs WHERE feed_url = ? ORDER BY scope`),
    addOptOut: db.prepare(`INSERT INTO feed_opt_outs (feed_url, scope, disabled_by, disabled_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    removeOptOut: db.prepare(`DELETE FROM feed_opt_outs WHERE feed_url = ? AND scope = ?`),
    websub: db.prepare(`SELECT * FROM websub_subscriptions WHERE feed_url = ?`),
    websubs: db.prepare(`SELECT * FROM websub_subscriptions ORDER BY feed_url`),
    upsertWebsub: db.prepare(
      `INSERT INTO websub_subscriptions (feed_url, hub, topic, secret, requested_at) VALUES (@feedUrl, @hub, @topic, @secret, @now)
       ON CONFLICT (feed_url) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, secret = excluded.secret, requested_at = excluded.requested_at, verified_at = NULL`,
    ),
    websubVerified: db.prepare(`UPDATE websub_subscriptions SET verified_at = ?, lease_until = ? WHERE feed_url = ?`),
    deleteWebsub: db.prepare(`DELETE FROM websub_subscriptions WHERE feed_url = ?`),
    // items
    itemByKey: db.prepare(`SELECT id, content_hash, link, title FROM items WHERE feed_url = ? AND item_key = ?`),
    insertItem: db.prepare(
      `INSERT INTO items (feed_url, item_key, content_hash, guid, link, title, summary, published_at, category, severity, official, citation, citations, story_id, first_seen_at, updated_at)
       VALUES (@feedUrl, @key, @contentHash, @guid, @link, @title, @summary, @publishedAt, @category, @severity, @official, @citation, @citations, @storyId, @now, @now)`,
    ),
    updateItem: db.prepare(
      `UPDATE items SET content_hash = @contentHash, guid = @guid, link = @link, title = @title, summary = @summary, published_at = @publishedAt,
         category = @category, severity = @severity, official = @official, citation = @citation, citations = @citations, updated_at = @now WHERE id = @id`,
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
    mentionsOfItem: db.prepare(`SELECT entity_id, matched, field, weak FROM mentions WHERE item_id = ? ORDER BY rowid`),
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
    // channels
    insertChannel: db.prepare(
      `INSERT INTO channels (channel_key, platform, workspace, channel_id, created_at) VALUES (@key, @platform, @workspace, @id, @now) ON CONFLICT DO NOTHING`,
    ),
    channel: db.prepare(`SELECT * FROM channels WHERE channel_key = ?`),
    channels: db.prepare(`SELECT * FROM channels ORDER BY created_at, channel_key`),
    watchesOf: db.prepare(`SELECT entity_id FROM watches WHERE channel_key = ? ORDER BY entity_id`),
    addWatch: db.prepare(`INSERT INTO watches (channel_key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING`),
    removeWatch: db.prepare(`DELETE FROM watches WHERE channel_key = ? AND entity_id = ?`),
    // One query per routed item: the channels (not failing) watching any of a JSON array of entity ids.
    watchingChannels: db.prepare(
      `SELECT c.* FROM channels c WHERE c.failing_reason IS NULL
         AND c.channel_key IN (SELECT w.channel_key FROM watches w WHERE w.entity_id IN (SELECT value FROM json_each(?)))
       ORDER BY c.channel_key`,
    ),
    setMinSeverity: db.prepare(`UPDATE channels SET min_severity = ? WHERE channel_key = ?`),
    setMentionRole: db.prepare(`UPDATE channels SET mention_role_id = ?, mention_label = ? WHERE channel_key = ?`),
    setDigest: db.prepare(`UPDATE channels SET digest_schedule = ?, digest_next_at = ? WHERE channel_key = ?`),
    setDigestAtOnce: db.prepare(`UPDATE channels SET digest_at_once = ? WHERE channel_key = ?`),
    digestsDue: db.prepare(`SELECT * FROM channels WHERE digest_next_at <= ? ORDER BY digest_next_at, channel_key`),
    digestChannels: db.prepare(`SELECT * FROM channels WHERE digest_next_at IS NOT NULL ORDER BY channel_key`),
    setFailing: db.prepare(`UPDATE channels SET failing_reason = ?, failing_since = COALESCE(failing_since, ?) WHERE channel_key = ?`),
    clearFailing: db.prepare(`UPDATE channels SET failing_reason = NULL, failing_since = NULL WHERE channel_key = ?`),
    // outbox
    insertOutbox: db.prepare(
      `INSERT INTO outbox (id, channel_key, story_id, kind, payload, status, next_attempt_at, created_at) VALUES (@id, @channelKey, @storyId, @kind, @payload, @status, @nextAttemptAt, @now)
       ON CONFLICT (id) DO NOTHING`,
    ),
    held: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.channel_key = ? AND o.status = 'held' ORDER BY o.created_at, o.id`,
    ),
    digested: db.prepare(`UPDATE outbox SET status = 'digested', digest_id = ? WHERE id = ? AND status = 'held'`),
    release: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE channel_key = ? AND status = 'held'`),
    pendingFollowUp: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.channel_key = ? AND o.story_id = ? AND o.kind = 'follow-up' AND o.status = 'pending' LIMIT 1`,
    ),
    updatePayload: db.prepare(`UPDATE outbox SET payload = ? WHERE id = ? AND status = 'pending'`),
    due: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key
        WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND c.failing_reason IS NULL ORDER BY o.next_attempt_at, o.created_at, o.id LIMIT ?`,
    ),
    outboxRow: db.prepare(`SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key WHERE o.id = ?`),
    outboxOf: db.prepare(
      `SELECT o.*, c.platform, c.workspace, c.channel_id FROM outbox o JOIN channels c ON c.channel_key = o.channel_key WHERE o.channel_key = ? ORDER BY o.created_at, o.id`,
    ),
    sending: db.prepare(`UPDATE outbox SET send_started_at = ? WHERE id = ?`),
    delivered: db.prepare(
      `UPDATE outbox SET status = 'delivered', message_ref = ?, delivered_at = ?, attempts = attempts + 1, last_error = NULL, send_started_at = NULL WHERE id = ?`,
    ),
    retry: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, send_started_at = NULL WHERE id = ?`),
    failed: db.prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, send_started_at = NULL WHERE id = ?`),
    sendEnded: db.prepare(`UPDATE outbox SET send_started_at = NULL WHERE id = ?`),
    storyDelivery: db.prepare(`SELECT * FROM story_deliveries WHERE channel_key = ? AND story_id = ?`),
    upsertStoryDelivery: db.prepare(
      `INSERT INTO story_deliveries (channel_key, story_id, alert_id, severity, last_follow_up_at) VALUES (@channelKey, @storyId, @alertId, @severity, @now)
       ON CONFLICT (channel_key, story_id) DO UPDATE SET alert_id = excluded.alert_id, severity = excluded.severity, last_follow_up_at = excluded.last_follow_up_at`,
    ),
    followUpAt: db.prepare(`UPDATE story_deliveries SET last_follow_up_at = ? WHERE channel_key = ? AND story_id = ?`),
    outboxCounts: db.prepare(`SELECT status, count(*) AS n FROM outbox GROUP BY status`),
    // feed boilerplate (most recently seen first, so the cap keeps what the feed still uses)
    boilerplateOf: db.prepare(`SELECT unit FROM feed_boilerplate WHERE feed_url = ? AND last_seen_at >= ? ORDER BY last_seen_at DESC, unit LIMIT 200`),
    upsertBoilerplate: db.prepare(
      `INSERT INTO feed_boilerplate (feed_url, unit, items, learned_at, last_seen_at) VALUES (@feedUrl, @unit, @items, @now, @now)
       ON CONFLICT (feed_url, unit) DO UPDATE SET items = max(items, excluded.items), last_seen_at = excluded.last_seen_at`,
    ),
    // health: pending rows, and those among them whose last try failed or whose channel is held
    outboxHealth: db.prepare(
      `SELECT count(*) AS pending, coalesce(sum(o.last_error IS NOT NULL OR EXISTS (SELECT 1 FROM channels c WHERE c.channel_key = o.channel_key AND c.failing_reason IS NOT NULL)), 0) AS failing
         FROM outbox o WHERE o.status = 'pending'`,
    ),
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
    // custom entities and key-value
    customEntities: db.prepare(`SELECT * FROM custom_entities ORDER BY id`),
    insertCustom: db.prepare(
      `INSERT INTO custom_entities (id, name, aliases, created_by, created_at) VALUES (@id, @name, @aliases, @createdBy, @now)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases`,
    ),
    deleteCustom: db.prepare(`DELETE FROM custom_entities WHERE id = ?`),
    deleteWatchesOf: db.prepare(`DELETE FROM watches WHERE entity_id = ?`),
    kvGet: db.prepare(`SELECT value FROM kv WHERE key = ?`),
    kvSet: db.prepare(`INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    kvDelete: db.prepare(`DELETE FROM kv WHERE key = ?`),
  };

  const toFeed = (r: Row): FeedRow => ({
    url: String(r.url),
    title: str(r.title),
    addedBy: String(r.added_by),
    etag: str(r.etag),
    lastModified: str(r.last_modified),
    bodyHash: str(r.body_hash),
    polledOnce: r.polled_once === 1,
    lastAttemptAt: num(r.last_attempt_at),
    lastSuccessAt: num(r.last_success_at),
    lastError: str(r.last_error),
    consecutiveFailures: Number(r.consecutive_failures),
    nextAttemptAt: Number(r.next_attempt_at),
    nextPollAt: Number(r.next_poll_at ?? 0),
    pollIntervalMs: num(r.poll_interval_ms),
    itemCount: Number(r.item_count ?? 0),
  });
  const toWebSub = (r: Row): WebSubRow => ({
    feedUrl: String(r.feed_url),
    hub: String(r.hub),
    topic: String(r.topic),
    secret: String(r.secret),
    requestedAt: Number(r.requested_at),
    verifiedAt: num(r.verified_at),
    leaseUntil: num(r.lease_until),
  });
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
    storyId: str(r.story_id),
    firstSeenAt: Number(r.first_seen_at),
    updatedAt: Number(r.updated_at),
    entityIds: r.entity_ids ? String(r.entity_ids).split(',') : [],
  });
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
  const toChannelSettings = (r: Row): Omit<ChannelRow, 'watches'> => ({
    key: String(r.channel_key),
    ref: { platform: r.platform as ChannelRef['platform'], id: String(r.channel_id), ...(r.workspace ? { workspace: String(r.workspace) } : {}) },
    minSeverity: r.min_severity as Severity,
    mentionRoleId: str(r.mention_role_id),
    mentionLabel: str(r.mention_label),
    failingReason: str(r.failing_reason),
    failingSince: num(r.failing_since),
    ...(r.digest_schedule ? { digestSchedule: JSON.parse(String(r.digest_schedule)) as DigestSchedule } : {}),
    digestAtOnce: (str(r.digest_at_once) ?? 'high') as DigestAtOnce,
    digestNextAt: num(r.digest_next_at),
  });
  const toChannel = (r: Row): ChannelRow => ({ ...toChannelSettings(r), watches: (q.watchesOf.all(r.channel_key) as Row[]).map((w) => String(w.entity_id)) });
  const toOutbox = (r: Row): OutboxRow => ({
    id: String(r.id),
    channelKey: String(r.channel_key),
    channel: { platform: r.platform as ChannelRef['platform'], id: String(r.channel_id), ...(r.workspace ? { workspace: String(r.workspace) } : {}) },
    storyId: String(r.story_id),
    kind: r.kind as Alert['kind'],
    alert: JSON.parse(String(r.payload)) as Alert,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: str(r.last_error),
    messageRef: str(r.message_ref),
    sendStartedAt: num(r.send_started_at),
    createdAt: Number(r.created_at),
  });
  const nul = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

  return {
    db,
    /** The SQL of every prepared statement, by name (a test checks each one's query plan). */
    statementSql: Object.fromEntries(Object.entries(q).map(([name, statement]) => [name, statement.source])) as Record<keyof typeof q, string>,
    /** Runs `fn` in one transaction (nested calls join the outer one). */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close(): void {
      if (db.open) db.close();
    },

    // ── feeds ──
    /** Registers a feed; returns false if it was already known. */
    ensureFeed(url: string, opts: { title?: string; addedBy?: string }, now: number): boolean {
      return q.insertFeed.run({ url, title: nul(opts.title), addedBy: opts.addedBy ?? 'config', now }).changes > 0;
    },
    removeFeed(url: string): boolean {
      return q.deleteFeed.run(url).changes > 0;
    },
    listFeeds(): FeedRow[] {
      return (q.feeds.all() as Row[]).map(toFeed);
    },
    getFeed(url: string): FeedRow | undefined {
      const r = q.feed.get(url) as Row | undefined;
      return r && toFeed(r);
    },
    recordFeedSuccess(url: string, v: { etag?: string; lastModified?: string; bodyHash?: string; title?: string }, now: number): void {
      q.feedOk.run({ url, etag: nul(v.etag), lastModified: nul(v.lastModified), bodyHash: nul(v.bodyHash), title: nul(v.title), now });
    },
    recordFeedFailure(url: string, error: string, nextAttemptAt: number, now: number): void {
      q.feedFailed.run({ url, error, nextAttemptAt, now });
    },
    markFeedPolled(url: string): void {
      q.feedPolled.run(url);
    },
    /** Records the feed's next planned poll and the interval adaptation reached. */
    setFeedSchedule(url: string, v: { nextPollAt: number; intervalMs: number }): void {
      q.feedSchedule.run({ url, nextPollAt: v.nextPollAt, intervalMs: v.intervalMs });
    },
    /** Marks a feed as the operator's (the feeds file or FEED_URLS name it): it reaches every workspace. */
    markOperatorFeed(url: string): void {
      q.operatorFeed.run(url);
    },
    /** The workspaces/guilds (`platform:workspace`) that added this feed for themselves. */
    feedScopes(url: string): string[] {
      return (q.feedScopes.all(url) as Row[]).map((r) => String(r.scope));
    },
    addFeedScope(url: string, scope: string, addedBy: string, now: number): boolean {
      return q.addFeedScope.run(url, scope, addedBy, now).changes > 0;
    },
    removeFeedScope(url: string, scope: string): boolean {
      return q.removeFeedScope.run(url, scope).changes > 0;
    },
    /** The scopes that turned this (operator) feed off for themselves. */
    feedOptOuts(url: string): string[] {
      return (q.feedOptOuts.all(url) as Row[]).map((r) => String(r.scope));
    },
    setFeedOptOut(url: string, scope: string, off: boolean, by: string, now: number): boolean {
      return (off ? q.addOptOut.run(url, scope, by, now) : q.removeOptOut.run(url, scope)).changes > 0;
    },

    // ── WebSub ──
    webSub(feedUrl: string): WebSubRow | undefined {
      const r = q.websub.get(feedUrl) as Row | undefined;
      return r && toWebSub(r);
    },
    webSubs(): WebSubRow[] {
      return (q.websubs.all() as Row[]).map(toWebSub);
    },
    /** Records a subscription request (unverified until the hub's GET is answered). */
    requestWebSub(v: { feedUrl: string; hub: string; topic: string; secret: string }, now: number): void {
      q.upsertWebsub.run({ ...v, now });
    },
    markWebSubVerified(feedUrl: string, now: number, leaseUntil: number | undefined): void {
      q.websubVerified.run(now, nul(leaseUntil), feedUrl);
    },
    deleteWebSub(feedUrl: string): void {
      q.deleteWebsub.run(feedUrl);
    },

    // ── items ──
    findItem(feedUrl: string, key: string): { id: number; contentHash: string; link?: string; title: string } | undefined {
      const r = q.itemByKey.get(feedUrl, key) as Row | undefined;
      return r && { id: Number(r.id), contentHash: String(r.content_hash), ...(r.link ? { link: String(r.link) } : {}), title: String(r.title ?? '') };
    },
    insertItem(item: ItemRecord, mentions: Mention[], now: number): number {
      const id = Number(q.insertItem.run(itemParams(item, now)).lastInsertRowid);
      for (const m of mentions) q.insertMention.run({ itemId: id, entityId: m.entityId, matched: m.matched, field: m.field, weak: m.weak ? 1 : 0 });
      if (item.storyId !== undefined) {
        q.storyPublished.run({ id: item.storyId, published: publishedIso(item.publishedAt, now) ?? null });
        q.storyReported.run(item.storyId);
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

    // ── stories ──
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

    // ── channels and watchlists ──
    ensureChannel(ref: ChannelRef, now: number): ChannelRow {
      const key = channelKey(ref);
      q.insertChannel.run({ key, platform: ref.platform, workspace: ref.workspace ?? '', id: ref.id, now });
      return toChannel(q.channel.get(key) as Row);
    },
    getChannel(ref: ChannelRef): ChannelRow | undefined {
      const r = q.channel.get(channelKey(ref)) as Row | undefined;
      return r && toChannel(r);
    },
    getChannelByKey(key: string): ChannelRow | undefined {
      const r = q.channel.get(key) as Row | undefined;
      return r && toChannel(r);
    },
    listChannels(): ChannelRow[] {
      return (q.channels.all() as Row[]).map(toChannel);
    },
    /** Returns the ids that were not watched before. */
    addWatches(key: string, entityIds: string[]): string[] {
      return entityIds.filter((e) => q.addWatch.run(key, e).changes > 0);
    },
    /** Returns the ids that were watched and are not any more. */
    removeWatches(key: string, entityIds: string[]): string[] {
      return entityIds.filter((e) => q.removeWatch.run(key, e).changes > 0);
    },
    /** Channels (not failing) watching any of the entities, by key; without their watch lists, which routing does not read. */
    channelsWatching(entityIds: string[]): Array<Omit<ChannelRow, 'watches'>> {
      return (q.watchingChannels.all(JSON.stringify(entityIds)) as Row[]).map(toChannelSettings);
    },
    setMinSeverity(key: string, severity: Severity): void {
      q.setMinSeverity.run(severity, key);
    },
    setMentionRole(key: string, roleId: string | undefined, label?: string): void {
      q.setMentionRole.run(nul(roleId), nul(roleId && label), key);
    },
    /** Turns digest mode on (with when the first digest is due) or off (`undefined`). */
    setDigest(key: string, schedule: DigestSchedule | undefined, nextAt: number | undefined): void {
      q.setDigest.run(schedule ? JSON.stringify(schedule) : null, schedule ? nul(nextAt) : null, key);
    },
    setDigestAtOnce(key: string, atOnce: DigestAtOnce): void {
      q.setDigestAtOnce.run(atOnce, key);
    },
    /** Channels whose digest is due at `now`, by key; without their watch lists. */
    digestsDue(now: number): Array<Omit<ChannelRow, 'watches'>> {
      return (q.digestsDue.all(now) as Row[]).map(toChannelSettings);
    },
    /** Channels in digest mode; without their watch lists. */
    digestChannels(): Array<Omit<ChannelRow, 'watches'>> {
      return (q.digestChannels.all() as Row[]).map(toChannelSettings);
    },
    setChannelFailing(key: string, reason: string, now: number): void {
      q.setFailing.run(reason, now, key);
    },
    clearChannelFailing(key: string): void {
      q.clearFailing.run(key);
    },

    // ── outbox ──
    /** Queues an alert; `held` keeps it for the channel's digest instead of sending it. */
    enqueueAlert(row: { channelKey: string; alert: Alert; nextAttemptAt: number; held?: boolean }, now: number): boolean {
      const { alert } = row;
      const status: OutboxStatus = row.held ? 'held' : 'pending';
      return q.insertOutbox.run({ id: alert.id, channelKey: row.channelKey, storyId: alert.storyId, kind: alert.kind, payload: JSON.stringify(alert), status, nextAttemptAt: row.nextAttemptAt, now }).changes > 0;
    },
    /** A channel's alerts waiting for its digest, oldest first. */
    heldAlerts(key: string): OutboxRow[] {
      return (q.held.all(key) as Row[]).map(toOutbox);
    },
    /** Records that held rows went into the digest row `digestId` (same transaction as that row). */
    markDigested(ids: string[], digestId: string): void {
      for (const id of ids) q.digested.run(digestId, id);
    },
    /** Sends a channel's held alerts as ordinary ones (digest mode turned off); returns how many. */
    releaseHeld(key: string, now: number): number {
      return q.release.run(now, key).changes;
    },
    pendingFollowUp(channelKeyValue: string, storyId: string): OutboxRow | undefined {
      const r = q.pendingFollowUp.get(channelKeyValue, storyId) as Row | undefined;
      return r && toOutbox(r);
    },
    replacePendingAlert(alert: Alert): void {
      q.updatePayload.run(JSON.stringify(alert), alert.id);
    },
    dueAlerts(now: number, limit = 100): OutboxRow[] {
      return (q.due.all(now, limit) as Row[]).map(toOutbox);
    },
    getOutbox(id: string): OutboxRow | undefined {
      const r = q.outboxRow.get(id) as Row | undefined;
      return r && toOutbox(r);
    },
    outboxOfChannel(key: string): OutboxRow[] {
      return (q.outboxOf.all(key) as Row[]).map(toOutbox);
    },
    /** Rows by status; `held` and `digested` appear only for channels in digest mode. */
    outboxCounts(): Record<'pending' | 'delivered' | 'failed', number> & Partial<Record<OutboxStatus, number>> {
      const counts: Record<'pending' | 'delivered' | 'failed', number> & Partial<Record<OutboxStatus, number>> = { pending: 0, delivered: 0, failed: 0 };
      for (const r of q.outboxCounts.all() as Row[]) counts[r.status as OutboxStatus] = Number(r.n);
      return counts;
    },
    /** For /healthz: alerts waiting, and those among them that are failing (last try failed, or channel held). */
    outboxHealth(): { pending: number; failing: number } {
      const r = q.outboxHealth.get() as Row;
      return { pending: Number(r.pending), failing: Number(r.failing) };
    },
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
    /** Records that a send begins, before the platform is called (see OutboxRow.sendStartedAt). */
    markSending(id: string, now: number): void {
      q.sending.run(now, id);
    },
    /** Records that a send ended without an outcome for the row itself (its channel is held). */
    markSendEnded(id: string): void {
      q.sendEnded.run(id);
    },
    markDelivered(id: string, messageRef: string | undefined, now: number): void {
      q.delivered.run(nul(messageRef), now, id);
    },
    markRetry(id: string, error: string, nextAttemptAt: number): void {
      q.retry.run(error, nextAttemptAt, id);
    },
    markFailed(id: string, error: string): void {
      q.failed.run(error, id);
    },
    storyDelivery(key: string, storyId: string): StoryDelivery | undefined {
      const r = q.storyDelivery.get(key, storyId) as Row | undefined;
      return (
        r && {
          channelKey: String(r.channel_key),
          storyId: String(r.story_id),
          alertId: String(r.alert_id),
          severity: r.severity as Severity,
          lastFollowUpAt: Number(r.last_follow_up_at ?? 0),
        }
      );
    },
    /** Records the alert a channel got for a story; the follow-up interval counts from `now`. */
    recordStoryDelivery(v: { channelKey: string; storyId: string; alertId: string; severity: Severity }, now: number): void {
      q.upsertStoryDelivery.run({ ...v, now });
    },
    recordFollowUp(key: string, storyId: string, now: number): void {
      q.followUpAt.run(now, key, storyId);
    },

    // ── feed boilerplate ──
    /** The boilerplate units (keys) of a feed seen since `since` (ms). */
    boilerplateOf(feedUrl: string, since: number): string[] {
      return (q.boilerplateOf.all(feedUrl, since) as Row[]).map((r) => String(r.unit));
    },
    /** Records units learned from (or found again in) a feed's body; `items` is how many items held it. */
    recordBoilerplate(feedUrl: string, units: Array<{ unit: string; items: number }>, now: number): void {
      for (const u of units) q.upsertBoilerplate.run({ feedUrl, unit: u.unit, items: u.items, now });
    },

    // ── custom entities ──
    customEntities(): Entity[] {
      return (q.customEntities.all() as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        kind: 'company' as const,
        aliases: JSON.parse(String(r.aliases)) as string[],
        weakAliases: [],
        timeline: [],
        custom: true,
      }));
    },
    saveCustomEntity(e: { id: string; name: string; aliases: string[] }, createdBy: string, now: number): void {
      q.insertCustom.run({ id: e.id, name: e.name, aliases: JSON.stringify(e.aliases), createdBy, now });
    },
    /** Deletes a custom entity and every watch on it. */
    deleteCustomEntity(id: string): boolean {
      q.deleteWatchesOf.run(id);
      return q.deleteCustom.run(id).changes > 0;
    },

    // ── key-value (adapter state such as Slack installations) ──
    kv: {
      get: (key: string): string | undefined => str((q.kvGet.get(key) as Row | undefined)?.value),
      set: (key: string, value: string): void => void q.kvSet.run(key, value),
      delete: (key: string): void => void q.kvDelete.run(key),
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
      storyId: nul(item.storyId),
      now,
    };
  }
}

export type Store = ReturnType<typeof createSqliteStore>;

/**
 * A feed's publication date as ISO UTC, or undefined when it has none or an unreadable one. A date
 * after the bot first saw the item is a feed's mistake: it counts as the time seen.
 */
function publishedIso(publishedAt: string | undefined, seenAt: number): string | undefined {
  const ms = publishedAt === undefined ? NaN : Date.parse(publishedAt);
  return Number.isNaN(ms) ? undefined : new Date(Math.min(ms, seenAt)).toISOString();
}

function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new StoreError(`The database schema (version ${version}) is newer than this build knows (${MIGRATIONS.length}); upgrade sanctions-watch or point DATABASE_PATH elsewhere.`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
