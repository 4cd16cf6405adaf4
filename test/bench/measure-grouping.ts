// Story grouping against a long history (issue 4): the cost of deciding which story a new item
// belongs to must depend on what the story window holds, not on how many items were ever stored.
// Runs the real cycle (fetch, parse, analyse, group, store) on a database that already holds a
// history, with the real story index rebuilt from the store as the app does at start-up, and times
// the index's calls from inside the cycle.
import { silentLogger } from '../../src/log.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import type { Matcher } from '../../src/match/matcher.ts';
import { createCycleRunner, rebuildStoryIndex } from '../../src/pipeline/run-cycle.ts';
import { createStoryIndex, type StoryIndex } from '../../src/stories/story-index.ts';
import { createSqliteStore } from '../../src/store/test-helpers.ts';

export interface GroupingOptions {
  /** A database holding the history (a copy: the run adds to it). */
  dbPath: string;
  now: number;
  windowMs: number;
  /** The feeds of new items to group. */
  feedUrls: readonly string[];
  matcher: Matcher;
  /** Parent/child relations for the index, as the app gives it. */
  catalog: Catalog;
  names: Record<string, string>;
}

export interface GroupingResult {
  storedItems: number;
  /** Stories in the index after the rebuild (what the window holds). */
  windowStories: number;
  rebuildMs: number;
  newItems: number;
  /** New items that named an entity, so went through the story index. */
  grouped: number;
  /** Of those, how many joined an existing story. */
  joined: number;
  /** findStory + add, per grouped item. */
  groupingUsPerItem: number;
  /** Story text comparisons per grouped item. */
  comparisonsPerItem: number;
  cycleMs: number;
  /** Whole-cycle time per new item. */
  cycleUsPerItem: number;
}

/** Rebuilds the index from the store, polls the feeds once and times the grouping. */
export async function measureGrouping(o: GroupingOptions): Promise<GroupingResult> {
  const store = createSqliteStore(o.dbPath);
  try {
    const storedItems = store.countItems();
    for (const url of o.feedUrls) store.ensureFeed(url, { addedBy: 'config' }, o.now);
    const index = createStoryIndex({ windowMs: o.windowMs, entity: (id) => o.catalog.get(id) });
    const rebuildStart = performance.now();
    rebuildStoryIndex(index, store, o.now - o.windowMs);
    const rebuildMs = performance.now() - rebuildStart;
    const windowStories = index.size;

    const timing = { ms: 0, finds: 0, joined: 0 };
    const timed: StoryIndex = {
      findStory(doc) {
        const t = performance.now();
        const found = index.findStory(doc);
        timing.ms += performance.now() - t;
        timing.finds++;
        if (found) timing.joined++;
        return found;
      },
      explain: (doc) => index.explain(doc),
      add(storyId, doc) {
        const t = performance.now();
        index.add(storyId, doc);
        timing.ms += performance.now() - t;
      },
      remove: (storyId) => index.remove(storyId),
      prune: (now) => index.prune(now),
      get size() {
        return index.size;
      },
      get comparisons() {
        return index.comparisons;
      },
    };
    const wanted = new Set(o.feedUrls);
    const runner = createCycleRunner({
      store,
      entities: () => ({ matcher: o.matcher, names: o.names }),
      storyIndex: timed,
      log: silentLogger,
      now: () => o.now,
      fetchOptions: { timeoutMs: 30_000, maxBytes: 5_000_000, allowPrivate: true },
      followUpMs: 30 * 60_000,
      feedFilter: (f) => wanted.has(f.url),
    });
    const comparisonsBefore = index.comparisons;
    const cycleStart = performance.now();
    const report = await runner.runCycle();
    const cycleMs = performance.now() - cycleStart;
    const failed = report.feeds.filter((f) => f.status !== 'ok');
    if (failed.length) throw new Error(`grouping cycle: ${failed.length} feeds did not load (${failed[0]?.url}: ${failed[0]?.error ?? failed[0]?.status})`);
    const grouped = Math.max(1, timing.finds);
    return {
      storedItems,
      windowStories,
      rebuildMs,
      newItems: report.newItems,
      grouped: timing.finds,
      joined: timing.joined,
      groupingUsPerItem: (timing.ms * 1000) / grouped,
      comparisonsPerItem: (index.comparisons - comparisonsBefore) / grouped,
      cycleMs,
      cycleUsPerItem: (cycleMs * 1000) / Math.max(1, report.newItems),
    };
  } finally {
    store.close();
  }
}
