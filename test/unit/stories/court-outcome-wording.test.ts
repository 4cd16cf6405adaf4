// One ruling told from each side: the court "did not err" in listing the company, the company
// "loses its fight". Finding the government did not err upholds what it did, and upholding the
// listing is denying the challenge, so the two headlines report the same act; a court that "won't
// block" denies, and a Chinese report of a loss at first instance (一审败诉) is a court step.
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../../src/stories/story-index.ts';
import { CATALOG, HOUR, at, buildDoc } from './story-corpus.ts';

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

  it('puts "court upholds the designation" in the story of "judge rejects the bid", and a Chinese 一审败诉 there too', () => {
    // Tried: the ruling's story starts with a denial; a rewrite says the court upheld the listing;
    // a Chinese report says the company lost at first instance (一审败诉), naming no court. Must
    // hold: both join the ruling, not the listing of the day before.
    const T0 = at('2025-09-26T20:00:00Z');
    const index = newIndex();
    index.add('listing', buildDoc({ itemKey: 'listing', entityIds: ['huawei'], category: 'investment-restriction', title: 'Pentagon keeps Huawei on Chinese military company list', summary: 'The Defense Department kept Huawei on its Section 1260H list.', at: T0 - 20 * HOUR }));
    index.add('ruling', buildDoc({ itemKey: 'deny', entityIds: ['huawei'], category: 'litigation', title: 'Judge rejects Huawei bid to get off Pentagon military list', summary: 'A federal judge ruled the Defense Department did not err in listing Huawei.', at: T0 }));
    const upholds = buildDoc({ itemKey: 'upholds', entityIds: ['huawei'], category: 'litigation', title: 'Huawei v. Department of Defense: Court Upholds the 1260H Designation', summary: 'The court granted summary judgment to the Department of Defense on the 1260H designation of Huawei.', at: T0 + 6 * HOUR });
    expect(index.findStory(upholds)?.storyId).toBe('ruling');
    const chinese = buildDoc({ itemKey: 'zh', entityIds: ['huawei'], category: 'investment-restriction', title: '华为诉美国国防部案一审败诉', summary: '美国联邦法官裁定国防部将华为列入中国军事企业清单并无不当。', at: T0 + 8 * HOUR });
    expect(index.findStory(chinese)?.storyId).toBe('ruling');
  });

  it('reads a court that "won\'t block" an order as denying the request, not halting the order', () => {
    // Tried: the story of a denied restraining order, then "judge won't block TikTok curbs". Must
    // hold: it joins the denial; "judge blocks TikTok curbs" a day later does not.
    const T0 = at('2020-09-26T18:00:00Z');
    const index = newIndex();
    index.add('denied', buildDoc({ itemKey: 'denied', entityIds: ['tiktok'], category: 'litigation', title: 'Judge denies TikTok creators a restraining order against Commerce curbs', summary: 'A federal judge in Pennsylvania denied a temporary restraining order sought by three TikTok creators.', at: T0 }));
    const wont = buildDoc({ itemKey: 'wont', entityIds: ['tiktok'], category: 'litigation', title: 'Pennsylvania judge won’t block TikTok curbs for creators', summary: 'The judge said the creators had not shown the harm a restraining order needs.', at: T0 + 4 * HOUR });
    expect(index.findStory(wont)?.storyId).toBe('denied');
    const blocks = buildDoc({ itemKey: 'blocks', entityIds: ['tiktok'], category: 'litigation', title: 'Judge blocks TikTok curbs for creators', summary: 'A federal judge blocked the Commerce Department prohibitions.', at: T0 + 28 * HOUR });
    expect(index.findStory(blocks)).toBeUndefined();
  });

  it('reads a court pausing an order, or a reprieve after a ruling, as the court halting it', () => {
    // Tried: the story of a judge enjoining an app-store ban, then "TikTok wins reprieve: no
    // download ban tonight after court ruling". Must hold: it joins (a court's reprieve is no
    // delay of the order by its maker).
    const T0 = at('2020-09-27T23:30:00Z');
    const index = newIndex();
    index.add('injunction', buildDoc({ itemKey: 'nichols', entityIds: ['tiktok'], category: 'litigation', title: 'Judge Nichols enjoins TikTok app-store prohibition', summary: 'A federal judge in Washington granted a preliminary injunction against the Commerce Department ban on TikTok downloads set to start at midnight.', at: T0 }));
    const reprieve = buildDoc({ itemKey: 'reprieve', entityIds: ['tiktok'], category: 'litigation', title: 'TikTok wins reprieve: no download ban tonight after court ruling', summary: 'Users can keep downloading the app for now.', at: T0 + 2 * HOUR });
    expect(index.findStory(reprieve)?.storyId).toBe('injunction');
    expect(index.explain(reprieve)[0]?.notes).not.toContain('act not shared (delay)');
  });
});
