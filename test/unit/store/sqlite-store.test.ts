import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/model.ts';
import { MIGRATIONS } from '../../../src/store/migrations.ts';
import { channelKey, createSqliteStore, databaseOf, statementSqlOf, type Store } from '../../../src/store/test-helpers.ts';

const buildAlert = (id: string, storyId = 'st_1'): Alert => ({
  id,
  kind: 'new',
  storyId,
  title: 'Order names Alipay',
  source: 'Test Wire',
  summary: 'An order names Alipay.',
  entities: [{ id: 'alipay', name: 'Alipay' }],
  category: 'executive-order',
  severity: 'high',
  matches: [{ entityId: 'alipay', matched: 'Alipay', field: 'title', weak: false }],
  official: false,
  previousAttempts: 0,
});

/** The table behind an alias in a query (`items i` → items). */
function tableOf(sql: string, alias: string): string {
  const m = new RegExp(`\\b(?:FROM|JOIN)\\s+(\\w+)\\s+(?:AS\\s+)?${alias}\\b`, 'i').exec(sql);
  return m?.[1] ?? alias;
}

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-store-'));
  store = createSqliteStore(join(dir, 'nested', 'watch.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createSqliteStore', () => {
  it('creates the file and its folder, migrates to the latest version in WAL mode, and keeps data across a reopen', () => {
    const path = join(dir, 'nested', 'watch.db');
    expect(databaseOf(store).pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(databaseOf(store).pragma('journal_mode', { simple: true })).toBe('wal');
    store.ensureFeed('https://a.test/feed', { title: 'A' }, 1);
    store.close();
    const again = createSqliteStore(path);
    expect(again.listFeeds().map((f) => f.url)).toEqual(['https://a.test/feed']);
    again.close();
  });

  it('refuses a database written by a newer version instead of damaging it', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => createSqliteStore(path)).toThrow(/newer than this build/);
  });

  it('reports an unopenable path with the variable to check', () => {
    // A regular file where a folder should be: the folder cannot be created.
    writeFileSync(join(dir, 'plain-file'), 'x');
    expect(() => createSqliteStore(join(dir, 'plain-file', 'sub', 'watch.db'))).toThrow(/DATABASE_PATH/);
  });

  it('adds and removes watches, reporting only real changes, and routes only to channels that are not failing', () => {
    const a = store.ensureChannel({ platform: 'slack', workspace: 'T1', id: 'C1' }, 1);
    const b = store.ensureChannel({ platform: 'discord', workspace: 'G1', id: '42' }, 1);
    expect(store.addWatches(a.key, ['alipay', 'wechat'])).toEqual(['alipay', 'wechat']);
    expect(store.addWatches(a.key, ['alipay'])).toEqual([]);
    store.addWatches(b.key, ['wechat']);
    expect(store.channelsWatching(['wechat']).map((c) => c.key).sort()).toEqual([a.key, b.key].sort());
    store.setChannelFailing(b.key, 'missing access', 5);
    expect(store.channelsWatching(['wechat']).map((c) => c.key)).toEqual([a.key]);
    expect(store.getChannelByKey(b.key)?.failingReason).toBe('missing access');
    expect(store.removeWatches(a.key, ['alipay', 'tiktok'])).toEqual(['alipay']);
    expect(store.getChannel({ platform: 'slack', workspace: 'T1', id: 'C1' })?.watches).toEqual(['wechat']);
  });

  it('keeps one outbox row per alert id, hands out due rows in order, and never again once delivered', () => {
    const ch = store.ensureChannel({ platform: 'console', id: 'console' }, 1);
    expect(store.enqueueAlert({ channelKey: ch.key, alert: buildAlert('al_1'), nextAttemptAt: 10 }, 1)).toBe(true);
    expect(store.enqueueAlert({ channelKey: ch.key, alert: buildAlert('al_1'), nextAttemptAt: 10 }, 1)).toBe(false);
    store.enqueueAlert({ channelKey: ch.key, alert: buildAlert('al_2'), nextAttemptAt: 20 }, 1);
    expect(store.dueAlerts(5).map((r) => r.id)).toEqual([]);
    expect(store.dueAlerts(15).map((r) => r.id)).toEqual(['al_1']);
    store.markRetry('al_1', 'rate limited', 30);
    expect(store.dueAlerts(25).map((r) => r.id)).toEqual(['al_2']);
    store.markDelivered('al_2', 'ts-2', 26);
    const due = store.dueAlerts(35);
    expect(due.map((r) => r.id)).toEqual(['al_1']);
    expect(due[0]?.attempts).toBe(1);
    expect(due[0]?.alert.title).toBe('Order names Alipay');
    expect(store.getOutbox('al_2')).toMatchObject({ status: 'delivered', messageRef: 'ts-2' });
    expect(store.outboxCounts()).toEqual({ pending: 1, delivered: 1, failed: 0 });
  });

  it('keys channels by platform, workspace and id', () => {
    expect(channelKey({ platform: 'slack', workspace: 'T1', id: 'C1' })).not.toBe(channelKey({ platform: 'slack', workspace: 'T2', id: 'C1' }));
  });

  it('answers every query it prepares through an index: no full scan of a table that grows with history', () => {
    const growing = ['items', 'mentions', 'stories', 'story_entities', 'outbox', 'watches', 'story_deliveries', 'kv', 'feed_boilerplate'];
    // Whole-table walks on purpose: counting every row, and the newest stories in index order
    // where LIMIT stops the walk after n rows.
    const walksOnPurpose = new Set(['countItems', 'outboxCounts', 'recentStories']);
    const reads = Object.entries(statementSqlOf(store)).filter(([name, sql]) => /^\s*SELECT/i.test(sql) && !walksOnPurpose.has(name));
    expect(reads.length).toBeGreaterThan(15);
    for (const [name, sql] of reads) {
      // Parameters are bound as NULL: the plan depends on the shape of the query, not the values.
      const plan = (databaseOf(store).prepare(`EXPLAIN QUERY PLAN ${sql.replace(/\?|@\w+/g, 'NULL')}`).all() as Array<{ detail: string }>).map((r) => r.detail);
      for (const step of plan) {
        const scanned = /^SCAN (\w+)\b/.exec(step)?.[1]; // with or without USING INDEX: a walk over every row
        const table = scanned && tableOf(sql, scanned);
        expect(growing.includes(table ?? ''), `${name}: ${step}`).toBe(false);
      }
    }
  });

  it('remembers the boilerplate of a feed across a reopen, forgets what the feed stopped repeating, and drops it with the feed', () => {
    const url = 'https://jiangpan.example.test/rss';
    store.ensureFeed(url, {}, 1);
    store.recordBoilerplate(url, [{ unit: 'follow us on wechat.', items: 9 }, { unit: 'old footer.', items: 5 }], 1_000);
    store.recordBoilerplate(url, [{ unit: 'follow us on wechat.', items: 1 }], 5_000);
    store.close();
    store = createSqliteStore(join(dir, 'nested', 'watch.db'));
    expect(store.boilerplateOf(url, 0)).toEqual(['follow us on wechat.', 'old footer.']);
    expect(store.boilerplateOf(url, 2_000)).toEqual(['follow us on wechat.']);
    expect(store.boilerplateOf('https://other.example.test/rss', 0)).toEqual([]);
    store.removeFeed(url);
    expect(store.boilerplateOf(url, 0)).toEqual([]);
  });

  it('stores custom entities and deleting one removes every watch on it', () => {
    store.saveCustomEntity({ id: 'custom-acme', name: 'Acme Robotics', aliases: ['Acme Robotics', 'AcmeBot'] }, 'U1', 1);
    const ch = store.ensureChannel({ platform: 'console', id: 'console' }, 1);
    store.addWatches(ch.key, ['custom-acme']);
    expect(store.customEntities()).toEqual([expect.objectContaining({ id: 'custom-acme', custom: true, aliases: ['Acme Robotics', 'AcmeBot'] })]);
    expect(store.deleteCustomEntity('custom-acme')).toBe(true);
    expect(store.getChannelByKey(ch.key)?.watches).toEqual([]);
  });

  it('upgrades a version-2 database: stories learn when their reports were published, and list newest first by that date', () => {
    const path = join(dir, 'v2.db');
    const raw = new Database(path);
    for (const step of MIGRATIONS.slice(0, 2)) raw.exec(step);
    raw.pragma('user_version = 2');
    const seen = Date.parse('2026-12-07T12:00:00Z');
    const story = raw.prepare(
      `INSERT INTO stories (id, title, summary, category, severity, entity_ids, first_seen_at, last_seen_at, source_count) VALUES (?, ?, '', 'ban', 'high', '["tiktok"]', ?, ?, ?)`,
    );
    const item = raw.prepare(
      `INSERT INTO items (feed_url, item_key, content_hash, title, summary, published_at, category, severity, story_id, first_seen_at, updated_at) VALUES ('f', ?, 'h', 't', '', ?, 'ban', 'high', ?, ?, ?)`,
    );
    story.run('old', 'Old order seen today', seen, seen, 2);
    item.run('a', '2020-09-18T10:00:00.000Z', 'old', seen, seen);
    item.run('b', '2020-09-24T10:00:00.000Z', 'old', seen, seen);
    story.run('new', 'Seen yesterday, published last week', seen - 86_400_000, seen - 86_400_000, 1);
    item.run('c', '2026-11-30T10:00:00.000Z', 'new', seen - 86_400_000, seen - 86_400_000);
    raw.close();
    const upgraded = createSqliteStore(path);
    try {
      expect(upgraded.getStory('old')).toMatchObject({ firstPublished: '2020-09-18T10:00:00.000Z', lastPublished: '2020-09-24T10:00:00.000Z' });
      expect(upgraded.recentStories(5).map((s) => s.id)).toEqual(['new', 'old']);
    } finally {
      upgraded.close();
    }
  });
});
