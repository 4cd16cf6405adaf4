import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/model.ts';
import { MIGRATIONS } from '../../../src/store/migrations.ts';
import { channelKey, createSqliteStore, type Store } from '../../../src/store/sqlite-store.ts';

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
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
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

  it('answers every lookup path through an index, not a table scan', () => {
    const plans: Array<[string, unknown[]]> = [
      ['SELECT id, content_hash FROM items WHERE feed_url = ? AND item_key = ?', ['f', 'k']],
      ['SELECT s.* FROM story_entities se JOIN stories s ON s.id = se.story_id WHERE se.entity_id = ? ORDER BY se.last_seen_at DESC LIMIT 5', ['alipay']],
      ['SELECT * FROM stories ORDER BY last_seen_at DESC LIMIT 10', []],
      ["SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 100", [1]],
      ['SELECT DISTINCT channel_key FROM watches WHERE entity_id = ?', ['alipay']],
      ['SELECT * FROM items WHERE story_id = ?', ['st_1']],
      ['SELECT * FROM items WHERE first_seen_at >= ?', [1]],
    ];
    for (const [sql, params] of plans) {
      const detail = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      expect(detail, sql).not.toMatch(/\bSCAN (items|stories|outbox|watches|story_entities)\b(?! USING)/);
    }
  });

  it('stores custom entities and deleting one removes every watch on it', () => {
    store.saveCustomEntity({ id: 'custom-acme', name: 'Acme Robotics', aliases: ['Acme Robotics', 'AcmeBot'] }, 'U1', 1);
    const ch = store.ensureChannel({ platform: 'console', id: 'console' }, 1);
    store.addWatches(ch.key, ['custom-acme']);
    expect(store.customEntities()).toEqual([expect.objectContaining({ id: 'custom-acme', custom: true, aliases: ['Acme Robotics', 'AcmeBot'] })]);
    expect(store.deleteCustomEntity('custom-acme')).toBe(true);
    expect(store.getChannelByKey(ch.key)?.watches).toEqual([]);
  });
});
