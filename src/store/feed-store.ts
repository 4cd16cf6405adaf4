// Feeds, their scopes and schedule, WebSub subscriptions and learned boilerplate.
import type Database from 'better-sqlite3';
import type { FeedRow, FeedStore, WebSubRow } from '../ports/storage.ts';
import { nul, num, str, type Row } from './rows.ts';

export function createFeedStore(db: Database.Database) {
  const q = {
    // feeds
    insertFeed: db.prepare(`INSERT INTO feeds (url, title, added_by, created_at) VALUES (@url, @title, @addedBy, @now) ON CONFLICT (url) DO NOTHING`),
    deleteFeed: db.prepare(`DELETE FROM feeds WHERE url = ?`),
    feeds: db.prepare(`SELECT f.*, (SELECT count(*) FROM items i WHERE i.feed_url = f.url) AS item_count FROM feeds f ORDER BY f.created_at, f.rowid`),
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
    // feed boilerplate (most recently seen first, so the cap keeps what the feed still uses)
    boilerplateOf: db.prepare(`SELECT unit FROM feed_boilerplate WHERE feed_url = ? AND last_seen_at >= ? ORDER BY last_seen_at DESC, unit LIMIT 200`),
    upsertBoilerplate: db.prepare(
      `INSERT INTO feed_boilerplate (feed_url, unit, items, learned_at, last_seen_at) VALUES (@feedUrl, @unit, @items, @now, @now)
       ON CONFLICT (feed_url, unit) DO UPDATE SET items = max(items, excluded.items), last_seen_at = excluded.last_seen_at`,
    ),
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

  const api: FeedStore = {
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
    /** The boilerplate units (keys) of a feed seen since `since` (ms). */
    boilerplateOf(feedUrl: string, since: number): string[] {
      return (q.boilerplateOf.all(feedUrl, since) as Row[]).map((r) => String(r.unit));
    },
    /** Records units learned from (or found again in) a feed's body; `items` is how many items held it. */
    recordBoilerplate(feedUrl: string, units: Array<{ unit: string; items: number }>, now: number): void {
      for (const u of units) q.upsertBoilerplate.run({ feedUrl, unit: u.unit, items: u.items, now });
    },
  };
  return { statements: q, api };
}
