import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '../../../src/pipeline/analyze-item.ts';
import { MAX_FOLLOW_UP_SOURCES, routeAlerts } from '../../../src/pipeline/route-alerts.ts';
import type { Severity } from '../../../src/model.ts';
import { createSqliteStore, databaseOf, type Store } from '../../../src/store/test-helpers.ts';

const analyzed = (key: string, severity: Severity, link = `https://x.example/${key}`): AnalyzedItem => ({
  item: { feedUrl: 'https://x.example/feed', title: `Story item ${key}`, link },
  key,
  contentHash: key,
  mentions: [{ entityId: 'tiktok', matched: 'TikTok', field: 'title', weak: false }],
  classification: { category: 'ban', severity, signals: [], official: false },
  summary: 'TikTok downloads are barred.',
  citations: [],
});

let store: Store;
let channelKey: string;
const route = (key: string, severity: Severity, now: number, link?: string) =>
  routeAlerts(store, { analyzed: analyzed(key, severity, link), storyId: 'st_1', entityNames: { tiktok: 'TikTok' }, source: 'Wire' }, { followUpMs: 30 * 60_000, now });

beforeEach(() => {
  store = createSqliteStore(':memory:');
  channelKey = store.ensureChannel({ platform: 'console', id: 'desk' }, 0).key;
  store.addWatches(channelKey, ['tiktok']);
});
afterEach(() => store.close());

describe('routeAlerts', () => {
  it('posts the first item of a story, folds later sources into one follow-up due after the interval', () => {
    route('a', 'medium', 1_000);
    route('b', 'medium', 2_000);
    route('c', 'medium', 3_000);
    route('c-dup', 'medium', 4_000, 'https://x.example/c'); // same link again: not listed twice
    const rows = store.outboxOfChannel(channelKey);
    expect(rows.map((r) => r.kind)).toEqual(['new', 'follow-up']);
    expect(rows[1]?.alert.extraSources?.map((s) => s.title)).toEqual(['Story item b', 'Story item c']);
    expect(rows[1]?.nextAttemptAt).toBe(1_000 + 30 * 60_000);
  });

  it('posts a new alert (escalation) when a later item of the story is more severe, and not again at the same level', () => {
    route('a', 'medium', 1_000);
    route('b', 'high', 2_000);
    route('c', 'high', 3_000);
    expect(store.outboxOfChannel(channelKey).map((r) => [r.kind, r.alert.severity])).toEqual([
      ['new', 'medium'],
      ['escalation', 'high'],
      ['follow-up', 'high'],
    ]);
  });

  it('routing the same item twice (a replayed transaction) writes nothing new', () => {
    expect(route('a', 'high', 1_000)).toBe(1);
    databaseOf(store).prepare('DELETE FROM story_deliveries').run();
    expect(route('a', 'high', 1_000)).toBe(0);
    expect(store.outboxOfChannel(channelKey)).toHaveLength(1);
  });
});

describe('routeAlerts follow-up size', () => {
  it('lists at most MAX_FOLLOW_UP_SOURCES sources in one follow-up, however many rewrites arrive', () => {
    const s = createSqliteStore(':memory:');
    const key = s.ensureChannel({ platform: 'console', id: 'desk' }, 0).key;
    s.addWatches(key, ['tiktok']);
    for (let i = 0; i < MAX_FOLLOW_UP_SOURCES + 15; i++) {
      routeAlerts(s, { analyzed: analyzed(`k${i}`, 'medium'), storyId: 'st_9', entityNames: { tiktok: 'TikTok' }, source: 'Wire' }, { followUpMs: 60_000, now: i });
    }
    const followUp = s.outboxOfChannel(key).find((r) => r.kind === 'follow-up');
    expect(followUp?.alert.extraSources).toHaveLength(MAX_FOLLOW_UP_SOURCES);
    s.close();
  });
});
