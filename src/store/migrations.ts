// Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
// Append new steps; never edit one that has shipped.

export const MIGRATIONS: readonly string[] = [
  // 1: feeds, items, mentions, stories, channels, watchlists, outbox.
  `
  CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    added_by TEXT NOT NULL DEFAULT 'config',
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    polled_once INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    last_success_at INTEGER,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    feed_url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    guid TEXT,
    link TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    published_at TEXT,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    official INTEGER NOT NULL DEFAULT 0,
    citation TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    story_id TEXT,
    first_seen_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (feed_url, item_key)
  );
  CREATE INDEX items_story ON items (story_id);
  CREATE INDEX items_seen ON items (first_seen_at);
  CREATE TABLE mentions (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    matched TEXT NOT NULL,
    field TEXT NOT NULL,
    weak INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, entity_id)
  );
  CREATE INDEX mentions_entity ON mentions (entity_id, item_id);
  CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    link TEXT,
    summary TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    entity_ids TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    source_count INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX stories_last_seen ON stories (last_seen_at);
  CREATE TABLE story_entities (
    entity_id TEXT NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (entity_id, story_id)
  );
  CREATE INDEX story_entities_latest ON story_entities (entity_id, last_seen_at);
  CREATE TABLE channels (
    channel_key TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    workspace TEXT NOT NULL DEFAULT '',
    channel_id TEXT NOT NULL,
    min_severity TEXT NOT NULL DEFAULT 'low',
    mention_role_id TEXT,
    failing_reason TEXT,
    failing_since INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE watches (
    channel_key TEXT NOT NULL REFERENCES channels (channel_key) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (channel_key, entity_id)
  );
  CREATE INDEX watches_entity ON watches (entity_id, channel_key);
  CREATE TABLE custom_entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    channel_key TEXT NOT NULL REFERENCES channels (channel_key) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    message_ref TEXT,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER
  );
  CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
  CREATE INDEX outbox_story ON outbox (channel_key, story_id, status);
  CREATE TABLE story_deliveries (
    channel_key TEXT NOT NULL REFERENCES channels (channel_key) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    alert_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    last_follow_up_at INTEGER,
    PRIMARY KEY (channel_key, story_id)
  );
  CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: when a send began whose outcome was never recorded (a crash mid-send): the next try first
  // asks the platform whether the alert went out.
  `ALTER TABLE outbox ADD COLUMN send_started_at INTEGER;`,
  // 3: when a story's reports were published (not when the bot first saw them), so lookups and
  // `recent` list developments newest first by date of publication. A date after the bot saw the
  // item is a feed's mistake and counts as the time it was seen. `reported_at` is the sort key:
  // the latest publication, else the last time seen.
  `
  ALTER TABLE stories ADD COLUMN first_published TEXT;
  ALTER TABLE stories ADD COLUMN last_published TEXT;
  ALTER TABLE stories ADD COLUMN reported_at TEXT;
  UPDATE stories SET
    first_published = (SELECT MIN(MIN(i.published_at, strftime('%Y-%m-%dT%H:%M:%fZ', i.first_seen_at / 1000.0, 'unixepoch'))) FROM items i WHERE i.story_id = stories.id AND i.published_at IS NOT NULL),
    last_published = (SELECT MAX(MIN(i.published_at, strftime('%Y-%m-%dT%H:%M:%fZ', i.first_seen_at / 1000.0, 'unixepoch'))) FROM items i WHERE i.story_id = stories.id AND i.published_at IS NOT NULL);
  UPDATE stories SET reported_at = COALESCE(last_published, strftime('%Y-%m-%dT%H:%M:%fZ', last_seen_at / 1000.0, 'unixepoch'));
  CREATE INDEX stories_reported ON stories (reported_at);
  `,
  // 4: text a feed repeats on most of its items (footers, app prompts), learned per feed
  // and left out of matching and summaries; kept so a restart, or a body of one new item, still knows it.
  `
  CREATE TABLE feed_boilerplate (
    feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    unit TEXT NOT NULL,
    items INTEGER NOT NULL,
    learned_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed_url, unit)
  );
  `,
  // 5: digest mode per channel (schedule as JSON, the severity that still alerts at once, when the
  // next digest is due) and the mention's display name; held outbox rows name the digest that took them.
  `
  ALTER TABLE channels ADD COLUMN mention_label TEXT;
  ALTER TABLE channels ADD COLUMN digest_schedule TEXT;
  ALTER TABLE channels ADD COLUMN digest_at_once TEXT NOT NULL DEFAULT 'high';
  ALTER TABLE channels ADD COLUMN digest_next_at INTEGER;
  ALTER TABLE outbox ADD COLUMN digest_id TEXT;
  CREATE INDEX channels_digest_due ON channels (digest_next_at);
  `,
  // 6: the last stored state of each screening list, one row per entry (a hash plus the
  // few fields a change alert quotes, so the previous list is never held in memory), and the
  // official actions learned from official sources, shown by lookups until the catalog has them.
  `
  CREATE TABLE list_entries (
    feed_url TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    hash TEXT NOT NULL,
    source TEXT NOT NULL,
    name TEXT NOT NULL,
    alt_names TEXT NOT NULL DEFAULT '[]',
    fr_notice TEXT,
    start_date TEXT,
    PRIMARY KEY (feed_url, entry_key)
  ) WITHOUT ROWID;
  CREATE TABLE official_actions (
    entity_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    date TEXT NOT NULL,
    action TEXT NOT NULL,
    citation TEXT,
    source TEXT NOT NULL,
    link TEXT,
    removal INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (entity_id, feed_url, item_key)
  );
  `,
  // 7: each feed's own schedule (when to poll next, the interval adaptation reached);
  // feeds a workspace/guild added for itself (a feed with rows here reaches only those scopes);
  // operator feeds a workspace turned off for itself; WebSub subscriptions.
  `
  ALTER TABLE feeds ADD COLUMN next_poll_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feeds ADD COLUMN poll_interval_ms INTEGER;
  CREATE TABLE feed_scopes (
    feed_url TEXT NOT NULL,
    scope TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (feed_url, scope)
  );
  CREATE TABLE feed_opt_outs (
    feed_url TEXT NOT NULL,
    scope TEXT NOT NULL,
    disabled_by TEXT NOT NULL,
    disabled_at INTEGER NOT NULL,
    PRIMARY KEY (feed_url, scope)
  );
  CREATE TABLE websub_subscriptions (
    feed_url TEXT PRIMARY KEY,
    hub TEXT NOT NULL,
    topic TEXT NOT NULL,
    secret TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    verified_at INTEGER,
    lease_until INTEGER
  );
  `,
  // 8: the other reports an aggregator listed with an item (a Google News cluster), as JSON, so the
  // story index rebuilt at start-up still joins reports that list each other.
  `ALTER TABLE items ADD COLUMN related TEXT;`,
];
