// Digest mode against a real store: what is held, what goes out at once, and one digest per slot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDigestScheduler, makeDueDigests } from '../../../src/digest/make-digests.ts';
import { silentLogger } from '../../../src/log.ts';
import { nextDigestAt, type DigestSchedule } from '../../../src/digest/digest-schedule.ts';
import type { AnalyzedItem } from '../../../src/pipeline/analyze-item.ts';
import { routeAlerts } from '../../../src/pipeline/route-alerts.ts';
import type { Severity } from '../../../src/model.ts';
import { createSqliteStore, type Store } from '../../../src/store/test-helpers.ts';

const DAILY: DigestSchedule = { every: 'daily', hour: 9, minute: 0, timeZone: 'Europe/Berlin' };
const T0 = Date.parse('2026-03-27T10:00:00Z');
const DUE = Date.parse('2026-03-28T08:00:00Z');

const analyzed = (key: string, severity: Severity): AnalyzedItem => ({
  item: { feedUrl: 'https://x.example/feed', title: `Item ${key}`, link: `https://x.example/${key}` },
  key,
  contentHash: key,
  mentions: [{ entityId: 'tiktok', matched: 'TikTok', field: 'title', weak: false }],
  classification: { category: 'ban', severity, signals: [], official: false },
  summary: 'TikTok downloads are barred.',
  citations: [],
});

let store: Store;
let channelKey: string;
const route = (key: string, severity: Severity, storyId: string, source = 'Wire') =>
  routeAlerts(store, { analyzed: analyzed(key, severity), storyId, entityNames: { tiktok: 'TikTok' }, source }, { followUpMs: 30 * 60_000, now: T0 });
// In the order the items were routed (rows of one instant are stored in id order).
const statuses = () =>
  store
    .outboxOfChannel(channelKey)
    .sort((a, b) => a.alert.title.localeCompare(b.alert.title))
    .map((r) => `${r.kind}:${r.status}`);

beforeEach(() => {
  store = createSqliteStore(':memory:');
  channelKey = store.ensureChannel({ platform: 'console', id: 'desk' }, 0).key;
  store.addWatches(channelKey, ['tiktok']);
  store.setDigest(channelKey, DAILY, nextDigestAt(DAILY, T0));
});
afterEach(() => store.close());

describe('digest mode', () => {
  it('holds alerts below high; high goes out at once', () => {
    route('a', 'low', 'st_1');
    route('b', 'medium', 'st_2');
    route('c', 'high', 'st_3');
    expect(statuses()).toEqual(['new:held', 'new:held', 'new:pending']);
  });

  it('with digest severity none, holds high alerts too; with medium, holds only low ones', () => {
    store.setDigestAtOnce(channelKey, 'none');
    route('a', 'high', 'st_1');
    store.setDigestAtOnce(channelKey, 'medium');
    route('b', 'medium', 'st_2');
    route('c', 'low', 'st_3');
    expect(statuses()).toEqual(['new:held', 'new:pending', 'new:held']);
  });

  it('makes one digest per slot, grouped by story with counts, most serious first', () => {
    route('a', 'low', 'st_1', 'Wire');
    route('b', 'low', 'st_1', 'Daily');
    route('c', 'low', 'st_1', 'Wire');
    route('d', 'medium', 'st_2', 'Daily');
    expect(makeDueDigests(store, DUE - 1)).toBe(0);
    expect(makeDueDigests(store, DUE)).toBe(1);
    expect(makeDueDigests(store, DUE)).toBe(0);
    const digest = store.outboxOfChannel(channelKey).find((r) => r.kind === 'digest')!;
    expect(digest.status).toBe('pending');
    expect(digest.alert.digest?.items).toBe(4);
    expect(digest.alert.digest?.stories.map((s) => [s.storyId, s.severity, s.items, s.sources])).toEqual([
      ['st_2', 'medium', 1, ['Daily']],
      ['st_1', 'low', 3, ['Wire', 'Daily']],
    ]);
    expect(statuses().filter((s) => s.endsWith(':held'))).toEqual([]);
    expect(store.getChannelByKey(channelKey)?.digestNextAt).toBe(Date.parse('2026-03-29T07:00:00Z'));
  });

  it('a slot with nothing held posts nothing and moves on', () => {
    expect(makeDueDigests(store, DUE)).toBe(0);
    expect(store.outboxOfChannel(channelKey)).toEqual([]);
    expect(store.getChannelByKey(channelKey)?.digestNextAt).toBe(Date.parse('2026-03-29T07:00:00Z'));
  });

  it('turning digest mode off sends what was held instead of dropping it', () => {
    route('a', 'low', 'st_1');
    store.setDigest(channelKey, undefined, undefined);
    expect(store.releaseHeld(channelKey, T0)).toBe(1);
    expect(statuses()).toEqual(['new:pending']);
    expect(makeDueDigests(store, DUE)).toBe(0);
  });
});

describe('digest scheduler', () => {
  it('keeps one node-cron task per channel in digest mode, waking at the channel’s time in its zone', async () => {
    const scheduler = createDigestScheduler({ store, log: silentLogger, onDue: async () => undefined });
    try {
      scheduler.sync();
      expect(scheduler.size).toBe(1);
      // node-cron and our own due time agree (both count from the real clock here).
      expect(scheduler.nextRun(channelKey)?.getTime()).toBe(nextDigestAt(DAILY, Date.now()));
      const weekly: DigestSchedule = { every: 'weekly', day: 1, hour: 7, minute: 30, timeZone: 'America/New_York' };
      store.setDigest(channelKey, weekly, nextDigestAt(weekly, T0));
      scheduler.sync();
      expect(scheduler.nextRun(channelKey)?.getTime()).toBe(nextDigestAt(weekly, Date.now()));
      store.setDigest(channelKey, undefined, undefined);
      scheduler.sync();
      expect(scheduler.size).toBe(0);
    } finally {
      await scheduler.stop();
    }
  });
});
