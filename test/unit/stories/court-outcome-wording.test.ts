// One ruling told from each side: the court "did not err" in listing the company, the company
// "loses its fight". Finding the government did not err upholds what it did, and upholding the
// listing is denying the challenge, so the two headlines report the same act.
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../../src/stories/story-index.ts';
import { CATALOG, at, buildDoc } from './story-corpus.ts';

const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });

const RULING = buildDoc({
  itemKey: 'docket-ruling',
  entityIds: ['huawei'],
  category: 'litigation',
  title: 'Judge rules Pentagon did not err in listing Huawei',
  summary: 'A federal judge in Washington granted summary judgment to the Defense Department, finding the record supported its conclusion. Huawei said it was reviewing its options.',
  at: at('2025-09-26T22:00:00Z'),
});

describe('story index: a ruling worded by the court’s side and by the loser’s', () => {
  it('puts "loses its fight" in the story of "did not err"', () => {
    const index = newIndex();
    index.add('ruling', RULING);
    const loser = buildDoc({
      itemKey: 'gadget-loses',
      entityIds: ['huawei'],
      category: 'litigation',
      title: 'Huawei loses its fight to get off the Pentagon list',
      summary: 'The company stays on the list; the decision does not change whether you can buy its phones.',
      at: at('2025-09-27T14:00:00Z'),
    });
    expect(index.findStory(loser)?.storyId).toBe('ruling');
  });

});
