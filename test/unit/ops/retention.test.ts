import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.ts';
import type { Alert } from '../../../src/model.ts';
import { createRetention } from '../../../src/ops/retention.ts';
import { createSqliteStore, type ItemRecord, type Store } from '../../../src/store/test-helpers.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-07-01T00:00:00Z');
let dir: string;
let store: Store;

const item = (key: string, storyId: string | undefined, publishedAt: string | undefined): ItemRecord => ({
  feedUrl: 'https://wire.example/rss',
  key,
  contentHash: key,
  title: `Item ${key}`,
  summary: '',
  category: 'other',
  severity: 'low',
  official: false,
  citations: [],
  ...(storyId ? { storyId } : {}),
  ...(publishedAt ? { publishedAt } : {}),
});
const alert = (id: string, storyId: string): Alert => ({
  id,
  kind: 'new',
  storyId,
  title: 't',
  source: 's',
  summary: '',
  entities: [],
  category: 'other',
  severity: 'low',
  matches: [],
  official: false,
  previousAttempts: 0,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-retention-'));
  store = createSqliteStore(join(dir, 'r.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention', () => {
  it('prunes old dated items, delivered alerts and closed stories in batches, and keeps watchlists, undated items and what is still referred to', async () => {
    const old = NOW - 200 * DAY;
    const oldIso = new Date(old).toISOString();
    store.ensureFeed('https://wire.example/rss', {}, old);
    const channel = store.ensureChannel({ platform: 'console', id: 'c' }, old);
    store.addWatches(channel.key, ['alipay', 'tiktok']);
    store.createStory({ id: 'st_old', title: 'old', summary: '', category: 'other', severity: 'low', entityIds: ['alipay'] }, old);
    store.createStory({ id: 'st_pending', title: 'held', summary: '', category: 'other', severity: 'low', entityIds: ['alipay'] }, old);
    for (let i = 0; i < 7; i++) store.insertItem(item(`old-${i}`, 'st_old', oldIso), [{ entityId: 'alipay', matched: 'Alipay', field: 'title', weak: false }], old);
    store.insertItem(item('undated', undefined, undefined), [], old);
    store.insertItem(item('recent', undefined, new Date(NOW - DAY).toISOString()), [], NOW - DAY);
    store.enqueueAlert({ channelKey: channel.key, alert: alert('al_old', 'st_old'), nextAttemptAt: old }, old);
    store.markDelivered('al_old', 'ts', old);
    store.recordStoryDelivery({ channelKey: channel.key, storyId: 'st_old', alertId: 'al_old', severity: 'low' }, old);
    store.enqueueAlert({ channelKey: channel.key, alert: alert('al_pending', 'st_pending'), nextAttemptAt: old }, old);

    const retention = createRetention({ store, days: 180, log: silentLogger, now: () => NOW, batchSize: 3 });
    expect(await retention.run()).toEqual({ items: 7, outbox: 1, stories: 1 });
    expect(store.countItems()).toBe(2); // the undated one and the recent one
    expect(store.getStory('st_old')).toBeUndefined();
    expect(store.storyDelivery(channel.key, 'st_old')).toBeUndefined();
    expect(store.getStory('st_pending')).toBeDefined(); // a pending alert still refers to it
    expect(store.getOutbox('al_pending')?.status).toBe('pending');
    expect(store.getChannelByKey(channel.key)?.watches).toEqual(['alipay', 'tiktok']);
    expect(await retention.run()).toEqual({ items: 0, outbox: 0, stories: 0 });
  });

  it('keeps everything with RETENTION_DAYS=0', async () => {
    store.ensureFeed('https://wire.example/rss', {}, 0);
    store.insertItem(item('ancient', undefined, '2001-01-01T00:00:00.000Z'), [], 0);
    expect(await createRetention({ store, days: 0, log: silentLogger, now: () => NOW }).run()).toEqual({ items: 0, outbox: 0, stories: 0 });
    expect(store.countItems()).toBe(1);
  });
});
