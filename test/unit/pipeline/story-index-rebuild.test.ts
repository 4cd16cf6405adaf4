// The story index is rebuilt from the store at start-up: a restart must change no decision. Tried:
// a Google News report whose cluster lists another outlet's article is stored, the bot restarts,
// and that article arrives. Must hold: it joins the stored report's story, as it would have without
// the restart (the related list is stored with the item).
import { describe, expect, it } from 'vitest';
import { rebuildStoryIndex, storyDoc } from '../../../src/pipeline/run-cycle.ts';
import { createStoryIndex } from '../../../src/stories/story-index.ts';
import { createSqliteStore } from '../../../src/store/test-helpers.ts';
import { CATALOG } from '../stories/story-corpus.ts';

const T0 = Date.parse('2020-09-18T13:00:00Z');
const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });

const CLUSTERED = {
  feedUrl: 'https://news.google.com/rss/search?q=tiktok',
  key: 'guid:gn-1',
  contentHash: 'h1',
  link: 'https://news.google.com/rss/articles/abc',
  title: 'Sunday cutoff set for two Chinese apps',
  summary: 'Washington named the date.',
  publishedAt: new Date(T0).toISOString(),
  category: 'ban' as const,
  severity: 'high' as const,
  official: false,
  citations: [],
  related: [{ headline: 'Commerce bars WeChat and TikTok from US app stores starting Sunday', outlet: 'Ledger', url: 'https://ledger.example/ban' }],
  storyId: 'st_cluster',
};
const LISTED = storyDoc({
  key: 'guid:ledger-1',
  entityIds: ['wechat', 'tiktok'],
  category: 'ban',
  title: 'Commerce bars WeChat and TikTok from US app stores starting Sunday',
  summary: 'The Commerce Department will prohibit app stores from offering WeChat and TikTok from Sept. 20.',
  citations: [],
  publishedAt: new Date(T0 + 2 * 3_600_000).toISOString(),
  firstSeenAt: T0 + 2 * 3_600_000,
  link: 'https://ledger.example/ban',
});

describe('the story index rebuilt at start-up', () => {
  it('keeps the related coverage a stored report listed, so a listed article still joins after a restart', () => {
    const store = createSqliteStore(':memory:');
    store.createStory({ id: 'st_cluster', title: CLUSTERED.title, summary: CLUSTERED.summary, category: 'ban', severity: 'high', entityIds: ['tiktok'] }, T0);
    store.insertItem(CLUSTERED, [{ entityId: 'tiktok', matched: 'TikTok', field: 'title', weak: false }], T0);
    expect(store.storyItemsSince(T0 - 1)[0]?.related).toEqual(CLUSTERED.related);

    const rebuilt = newIndex();
    rebuildStoryIndex(rebuilt, store, T0 - 1);
    expect(rebuilt.findStory(LISTED)?.storyId).toBe('st_cluster');

    // What decides it is the stored list: without it the two reports share too little.
    const withoutList = newIndex();
    const { related: _related, ...bare } = CLUSTERED;
    withoutList.add('st_cluster', storyDoc({ ...bare, entityIds: ['tiktok'], firstSeenAt: T0 }));
    expect(withoutList.findStory(LISTED)).toBeUndefined();
    store.close();
  });
});
