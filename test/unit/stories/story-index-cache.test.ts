import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryDoc, type StoryIndex } from '../../../src/stories/story-index.ts';
import { ALL_STORIES, CATALOG } from './story-corpus.ts';

// The index keeps each member's weighted vector between lookups and recomputes it only when the
// IDF of one of its terms changes. Nothing it caches may show in a score: a long-running index
// must score exactly (to the last bit) as one rebuilt from the same adds, whose caches are cold.

/** Few members per story, so evictions (and the document frequencies they change) happen often. */
const newIndex = (): StoryIndex => createStoryIndex({ entity: (id) => CATALOG[id], maxMembers: 3 });

describe('story index: cached vectors', () => {
  const corpus = ALL_STORIES.flatMap((s) => s.docs).sort((a, b) => a.at - b.at);

  it('scores exactly as an index rebuilt from scratch, after every add, eviction and replaced item', () => {
    const running = newIndex();
    const adds: Array<[string, StoryDoc]> = [];
    corpus.forEach((doc, i) => {
      const id = running.findStory(doc)?.storyId ?? `story-${i}`;
      running.add(id, doc);
      adds.push([id, doc]);
      if (i % 4 === 3) {
        // Re-adding an earlier item replaces its member (with the same text here).
        const [earlierId, earlier] = adds[i - 2]!;
        running.add(earlierId, earlier);
        adds.push([earlierId, earlier]);
      }
      const rebuilt = newIndex();
      for (const [storyId, d] of adds) rebuilt.add(storyId, d);
      for (const probe of corpus) {
        const explained = running.explain(probe);
        expect(explained).toEqual(rebuilt.explain(probe));
        // findStory() skips work explain() does: it must still pick the same story and score.
        const best = explained.find((c) => c.accepted);
        expect(running.findStory(probe)).toEqual(best ? { storyId: best.storyId, score: best.score } : undefined);
      }
    });
  });
});
