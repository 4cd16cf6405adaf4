import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryDoc, type StoryIndex, type StoryIndexOptions } from '../../../src/stories/story-index.ts';
import {
  ALL_STORIES,
  CATALOG,
  ENTITY_LIST_HUAWEI,
  ENTITY_LIST_SMIC_DJI,
  EO_13971_SIGNED,
  HOUR,
  TIKTOK_DELAY_A,
  TIKTOK_DELAY_B,
  TIKTOK_STORE_BAN,
  TIKTOK_STORE_INJUNCTION,
  WECHAT_BAN_ANNOUNCED,
  WECHAT_BAN_ZH,
  WECHAT_INJUNCTION,
  WECHAT_INJUNCTION_ZH,
  at,
  buildDoc,
  type CorpusStory,
} from './story-corpus.ts';

const newIndex = (options: StoryIndexOptions = {}): StoryIndex => createStoryIndex({ entity: (id) => CATALOG[id], ...options });

/** What the pipeline does with each item: join the story found, or start one. Returns itemKey → story. */
function assign(index: StoryIndex, docs: StoryDoc[], prefix = 'story'): Map<string, string> {
  const out = new Map<string, string>();
  let n = 0;
  for (const doc of [...docs].sort((a, b) => a.at - b.at)) {
    const storyId = index.findStory(doc)?.storyId ?? `${prefix}-${n++}`;
    index.add(storyId, doc);
    out.set(doc.itemKey, storyId);
  }
  return out;
}

const storiesOf = (assigned: Map<string, string>, story: CorpusStory) => new Set(story.docs.map((d) => assigned.get(d.itemKey)));

describe('story index: rewrites group', () => {
  it('puts four outlets’ reports of the EO 13971 signing in one story, including one a classifier called a ban', () => {
    const assigned = assign(newIndex(), EO_13971_SIGNED.docs);
    expect(storiesOf(assigned, EO_13971_SIGNED).size).toBe(1);
  });

  it('groups three Chinese-language rewrites of the WeChat prohibitions and keeps the Chinese injunction report apart', () => {
    const assigned = assign(newIndex(), [...WECHAT_BAN_ZH.docs, ...WECHAT_INJUNCTION_ZH.docs]);
    expect(storiesOf(assigned, WECHAT_BAN_ZH).size).toBe(1);
    const [ban] = storiesOf(assigned, WECHAT_BAN_ZH);
    expect(assigned.get('zh-pi-1')).not.toBe(ban);
  });

  it('joins a Chinese report of the WeChat injunction to the English story of it, not to the story of the ban it blocks', () => {
    const index = newIndex();
    const [ban] = WECHAT_BAN_ANNOUNCED.docs;
    const [blocked] = WECHAT_INJUNCTION.docs;
    index.add('ban', ban!);
    index.add('injunction', blocked!);
    const [zh] = WECHAT_INJUNCTION_ZH.docs;
    expect(index.findStory(zh!)?.storyId).toBe('injunction');
    expect(index.explain(zh!)[0]?.notes).toContain('compared across languages');
  });

  it('still joins a report whose body cites a base order as background and names no number of its own', () => {
    const index = newIndex();
    index.add('eo13971', EO_13971_SIGNED.docs[1]!); // "Executive Order 13971 targets …", cites EO 13971
    const background = buildDoc({
      itemKey: 'wh-text',
      entityIds: ['alipay', 'wechat-pay', 'camscanner', 'wps-office'],
      category: 'executive-order',
      title: 'Executive order on the threat posed by Chinese-developed applications',
      summary:
        'Citing the national emergency declared in Executive Order 13873, the order directs Commerce to identify within 45 days prohibited transactions with those who develop or control Alipay, CamScanner, WeChat Pay, WPS Office and other apps.',
      at: at('2021-01-06T02:00:00Z'),
    });
    const [candidate] = index.explain(background);
    expect(candidate?.notes).toContain('different order numbers');
    expect(index.findStory(background)?.storyId).toBe('eo13971');
  });

  it('returns the joined story with its score, and explain() shows why', () => {
    const index = newIndex();
    const [first, second] = WECHAT_BAN_ANNOUNCED.docs;
    index.add('wechat-ban', first!);
    const match = index.findStory(second!);
    expect(match?.storyId).toBe('wechat-ban');
    expect(match?.score).toBeGreaterThan(0);
    const [candidate] = index.explain(second!);
    expect(candidate).toMatchObject({ storyId: 'wechat-ban', relation: 'direct', accepted: true });
  });
});

describe('story index: different developments stay apart', () => {
  it('keeps "order signed" and "judge blocks the order" apart on the same day, same app and same EO number', () => {
    const index = newIndex();
    const signed = buildDoc({
      itemKey: 'signed',
      category: 'executive-order',
      title: 'Trump signs Executive Order 13942 barring transactions with TikTok owner ByteDance',
      summary: 'The order on TikTok prohibits transactions with ByteDance after 45 days under emergency powers, the White House said.',
      at: at('2020-08-06T23:00:00Z'),
    });
    const blocked = buildDoc({
      itemKey: 'blocked',
      category: 'litigation',
      title: 'Judge blocks Executive Order 13942 barring transactions with TikTok owner ByteDance',
      summary: 'A court enjoined the order on TikTok that prohibits transactions with ByteDance after 45 days under emergency powers.',
      at: at('2020-08-07T05:00:00Z'),
    });
    index.add('signed', signed);
    expect(index.findStory(blocked)).toBeUndefined();
    expect(index.explain(blocked)[0]?.notes.join()).toMatch(/never joins/);
  });

  it('keeps "TikTok asks a judge to halt the ban" apart from "judge halts the ban" two days later', () => {
    const index = newIndex();
    const asks = buildDoc({
      itemKey: 'asks',
      category: 'litigation',
      title: 'TikTok asks federal judge to halt app store ban',
      summary: 'TikTok filed a motion for a preliminary injunction in Washington, arguing the Commerce ban on app store downloads exceeds emergency powers and should be halted before Sunday.',
      at: at('2020-09-25T14:00:00Z'),
    });
    const halts = buildDoc({
      itemKey: 'halts',
      category: 'litigation',
      title: 'Federal judge halts TikTok app store ban',
      summary: 'A judge in Washington granted TikTok a preliminary injunction against the Commerce ban on app store downloads, hours before it was due to take effect on Sunday.',
      at: at('2020-09-27T23:00:00Z'),
    });
    index.add('asks', asks);
    expect(index.findStory(halts)).toBeUndefined();
    expect(index.explain(halts)[0]?.notes.join()).toMatch(/act not shared \(intent\)/);
  });

  it('keeps the TikTok app-store ban taking effect and the injunction against it as two stories', () => {
    const assigned = assign(newIndex(), [...TIKTOK_STORE_BAN.docs, ...TIKTOK_STORE_INJUNCTION.docs]);
    const ban = storiesOf(assigned, TIKTOK_STORE_BAN);
    const injunction = storiesOf(assigned, TIKTOK_STORE_INJUNCTION);
    for (const id of ban) expect(injunction.has(id)).toBe(false);
  });

  it('keeps near-identical Entity List reports about different companies on the same day apart', () => {
    const assigned = assign(newIndex(), [...ENTITY_LIST_SMIC_DJI.docs, ...ENTITY_LIST_HUAWEI.docs]);
    expect(storiesOf(assigned, ENTITY_LIST_SMIC_DJI).has(assigned.get('el-huawei-1'))).toBe(false);
  });

  it('keeps two enforcement-delay orders with different EO numbers apart although worded alike', () => {
    const assigned = assign(newIndex(), [...TIKTOK_DELAY_A.docs, ...TIKTOK_DELAY_B.docs]);
    expect(storiesOf(assigned, TIKTOK_DELAY_A).has(assigned.get('delay-b-1'))).toBe(false);
  });

  it('scores a report with a different deadline lower than the same report with the story’s deadline', () => {
    const index = newIndex();
    const base = {
      category: 'ban' as const,
      entityIds: ['tiktok'],
      title: 'Commerce sets TikTok shutdown date for hosting and delivery services',
      at: at('2020-09-18T12:00:00Z'),
    };
    index.add('s', buildDoc({ ...base, itemKey: 'a', summary: 'Hosting and content delivery for TikTok are prohibited from Nov. 12, Commerce said.' }));
    const sameDate = index.explain(buildDoc({ ...base, itemKey: 'b', summary: 'Commerce said hosting and content delivery for TikTok are prohibited from November 12.' }))[0];
    const otherDate = index.explain(buildDoc({ ...base, itemKey: 'c', summary: 'Commerce said hosting and content delivery for TikTok are prohibited from September 20.' }))[0];
    expect(otherDate?.notes).toContain('different dates');
    expect((sameDate?.score ?? 0) - (otherDate?.score ?? 0)).toBeGreaterThan(0.05);
  });

  it('does not let a story about a parent company absorb a loosely related app story, but does join a near-copy', () => {
    const index = newIndex();
    const [wechatBan] = WECHAT_BAN_ANNOUNCED.docs;
    index.add('wechat-ban', wechatBan!);
    const copyNamingParent = { ...wechatBan!, itemKey: 'copy', entityIds: ['tencent'], at: wechatBan!.at + HOUR };
    expect(index.findStory(copyNamingParent)?.storyId).toBe('wechat-ban');
    expect(index.explain(copyNamingParent)[0]?.relation).toBe('family');
    const loose = buildDoc({
      itemKey: 'loose',
      entityIds: ['tencent'],
      category: 'ban',
      title: 'Tencent says US rules will not hurt its games business',
      summary: 'Tencent told investors its overseas games are not covered by the Commerce prohibitions announced on Friday.',
      at: wechatBan!.at + 2 * HOUR,
    });
    expect(index.findStory(loose)).toBeUndefined();
  });

  it('never groups an item that names no watched entity, even an exact copy', () => {
    const index = newIndex();
    const [first] = WECHAT_BAN_ANNOUNCED.docs;
    index.add('wechat-ban', first!);
    const orphan = { ...first!, itemKey: 'orphan', entityIds: [] };
    expect(index.findStory(orphan)).toBeUndefined();
    index.add('orphan-story', orphan);
    expect(index.size).toBe(2);
  });

  it('lets a no-signal ("other") item join only when its text agrees strongly', () => {
    const index = newIndex();
    const [first] = WECHAT_BAN_ANNOUNCED.docs;
    index.add('wechat-ban', first!);
    const copy = { ...first!, itemKey: 'copy-other', category: 'other' as const };
    const vague = buildDoc({ itemKey: 'vague', entityIds: ['wechat'], category: 'other', title: 'Five things to know about WeChat', summary: 'The app is used by many Chinese-American families to stay in touch.', at: first!.at });
    expect(index.findStory(copy)?.storyId).toBe('wechat-ban');
    expect(index.findStory(vague)).toBeUndefined();
  });
});

describe('story index: time window and pruning', () => {
  const [first, second] = WECHAT_BAN_ANNOUNCED.docs as [StoryDoc, StoryDoc];

  it('joins a rewrite inside the 72 h window and starts a new story for the same rewrite after it', () => {
    const index = newIndex();
    index.add('wechat-ban', first);
    expect(index.findStory({ ...second, at: first.at + 71 * HOUR })?.storyId).toBe('wechat-ban');
    expect(index.findStory({ ...second, at: first.at + 73 * HOUR })).toBeUndefined();
    expect(index.findStory({ ...second, at: first.at - 73 * HOUR })).toBeUndefined();
  });

  it('measures the window from the story’s latest report, so an ongoing story stays joinable', () => {
    const index = newIndex();
    index.add('wechat-ban', first);
    index.add('wechat-ban', { ...second, at: first.at + 60 * HOUR });
    const third = WECHAT_BAN_ANNOUNCED.docs[2]!;
    expect(index.findStory({ ...third, at: first.at + 120 * HOUR })?.storyId).toBe('wechat-ban');
  });

  it('honours a configured window', () => {
    const index = newIndex({ windowMs: 6 * HOUR });
    index.add('wechat-ban', first);
    expect(index.findStory({ ...second, at: first.at + 7 * HOUR })).toBeUndefined();
  });

  it('prune drops stories whose last report is older than the window, with their index entries', () => {
    const index = newIndex();
    index.add('wechat-ban', first);
    index.add('smic', { ...ENTITY_LIST_SMIC_DJI.docs[0]!, at: first.at + HOUR });
    const late = { ...TIKTOK_STORE_BAN.docs[0]!, at: first.at + 100 * HOUR };
    index.add('tiktok', late);
    expect(index.size).toBe(3);

    index.prune(first.at + 100 * HOUR);
    expect(index.size).toBe(1);
    // The WeChat postings are gone: a rewrite dated inside the old story's span finds no candidate
    // and costs no comparison.
    const before = index.comparisons;
    expect(index.findStory({ ...second, at: first.at })).toBeUndefined();
    expect(index.explain({ ...second, at: first.at })).toEqual([]);
    expect(index.comparisons).toBe(before);
    expect(index.findStory({ ...TIKTOK_STORE_BAN.docs[1]!, at: late.at + HOUR })?.storyId).toBe('tiktok');
  });

  it('prune keeps a story whose latest report is exactly at the edge of the window', () => {
    const index = newIndex();
    index.add('wechat-ban', first);
    index.prune(first.at + 72 * HOUR);
    expect(index.size).toBe(1);
    index.prune(first.at + 72 * HOUR + 1);
    expect(index.size).toBe(0);
  });
});

describe('story index: determinism and bounded cost', () => {
  const corpus = ALL_STORIES.flatMap((s) => s.docs);

  it('gives the same assignments when the same docs are added in the same order', () => {
    expect([...assign(newIndex(), corpus)]).toEqual([...assign(newIndex(), corpus)]);
  });

  it('rebuilt from recorded assignments (as at start-up), decides later docs exactly as the original did', () => {
    const sorted = [...corpus].sort((a, b) => a.at - b.at);
    const half = Math.floor(sorted.length / 2);
    const original = newIndex();
    const recorded = assign(original, sorted.slice(0, half), 'first');
    const rebuilt = newIndex();
    for (const doc of sorted.slice(0, half)) rebuilt.add(recorded.get(doc.itemKey)!, doc);
    for (const doc of sorted.slice(half)) {
      const a = original.findStory(doc);
      expect(rebuilt.findStory(doc)).toEqual(a);
      const id = a?.storyId ?? `later-${doc.itemKey}`;
      original.add(id, doc);
      rebuilt.add(id, doc);
    }
    expect(rebuilt.size).toBe(original.size);
  });

  it('answers for an entity no story names with zero text comparisons while holding 20,000 other stories', () => {
    const index = newIndex();
    const t0 = at('2021-01-05T00:00:00Z');
    for (let i = 0; i < 20_000; i++) {
      index.add(`s${i}`, buildDoc({ itemKey: `k${i}`, entityIds: [`company-${i % 400}`], category: 'export-control', title: `Company ${i} added to list`, summary: `Listing number ${i}.`, at: t0 + (i % 48) * HOUR }));
    }
    expect(index.size).toBe(20_000);
    const before = index.comparisons;
    expect(index.findStory(buildDoc({ itemKey: 'new', entityIds: ['tiktok'], category: 'ban', title: 'TikTok banned', at: t0 + 10 * HOUR }))).toBeUndefined();
    expect(index.comparisons).toBe(before);
    // One of the 400 companies: only its 50 stories are candidates, not 20,000.
    index.findStory(buildDoc({ itemKey: 'one', entityIds: ['company-7'], category: 'export-control', title: 'Company 7 added to list', at: t0 + 10 * HOUR }));
    expect(index.comparisons - before).toBe(50);
  });

  it('keeps matching a story reprinted many times, and re-adding an item replaces it', () => {
    const index = newIndex({ maxMembers: 4 });
    const [first, second] = WECHAT_BAN_ANNOUNCED.docs as [StoryDoc, StoryDoc];
    index.add('wechat-ban', first);
    for (let i = 0; i < 30; i++) index.add('wechat-ban', { ...second, itemKey: `reprint-${i}`, at: second.at + i * 60_000 });
    index.add('wechat-ban', { ...second, itemKey: 'reprint-3' });
    expect(index.size).toBe(1);
    expect(index.findStory(WECHAT_BAN_ANNOUNCED.docs[2]!)?.storyId).toBe('wechat-ban');
  });

  it('throws a clear error for a doc without a usable time', () => {
    expect(() => newIndex().add('s', buildDoc({ itemKey: 'x', title: 'x', at: Number.NaN }))).toThrow(/has at=NaN/);
  });
});

describe('story index: the whole hand-written corpus', () => {
  it('never puts two developments in one story and groups most rewrites', () => {
    const corpus = ALL_STORIES.flatMap((s) => s.docs.map((d) => ({ story: s.name, d })));
    const assigned = assign(newIndex(), corpus.map((c) => c.d));
    const developmentsPerStory = new Map<string, Set<string>>();
    for (const { story, d } of corpus) {
      const id = assigned.get(d.itemKey)!;
      developmentsPerStory.set(id, (developmentsPerStory.get(id) ?? new Set()).add(story));
    }
    for (const [id, developments] of developmentsPerStory) expect([id, [...developments]]).toEqual([id, [...developments].slice(0, 1)]);
    // Pairwise recall: of the pairs of reports that tell one development, how many share a story.
    let pairs = 0;
    let grouped = 0;
    for (let i = 0; i < corpus.length; i++) {
      for (let j = i + 1; j < corpus.length; j++) {
        if (corpus[i]!.story !== corpus[j]!.story) continue;
        pairs++;
        if (assigned.get(corpus[i]!.d.itemKey) === assigned.get(corpus[j]!.d.itemKey)) grouped++;
      }
    }
    expect(grouped / pairs).toBeGreaterThanOrEqual(0.8);
  });
});
