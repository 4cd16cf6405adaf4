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
    expect(grouped / pairs).toBeGreaterThanOrEqual(0.95);
  });
});

describe('story index: rewrites worded apart still group (timing, entities, implied acts, languages)', () => {
  const licence = buildDoc({
    itemKey: 'licence-1',
    entityIds: ['huawei'],
    category: 'export-control',
    title: 'Huawei loses its last Qualcomm licence',
    summary: 'Commerce withdrew the permits that let Qualcomm keep shipping 4G chips to Huawei, people briefed on the decision said.',
    at: at('2024-05-07T15:00:00Z'),
  });
  const reworded = buildDoc({
    itemKey: 'licence-2',
    entityIds: ['huawei'],
    category: 'export-control',
    title: 'US ends Qualcomm sales to Huawei',
    summary: 'Washington told the chipmaker it may no longer supply processors for Huawei laptops, a spokesperson confirmed.',
    at: at('2024-05-07T17:00:00Z'),
  });

  it('joins a loosely worded rewrite published two hours after the first report, but not the same text two days later', () => {
    const index = newIndex();
    index.add('licence', licence);
    expect(index.findStory(reworded)?.storyId).toBe('licence');
    expect(index.findStory({ ...reworded, at: reworded.at + 48 * HOUR })).toBeUndefined();
  });

  it('gives no leniency for closeness in time to a report that names another date', () => {
    const index = newIndex();
    index.add('licence', { ...licence, summary: `${licence.summary} The cut-off applies from May 7.` });
    const summary = 'Washington told the chipmaker it may no longer supply 4G chips to Huawei from May 7, a spokesperson confirmed.';
    expect(index.findStory({ ...reworded, summary })?.storyId).toBe('licence');
    const otherDate = { ...reworded, summary: summary.replace('May 7', 'June 30') };
    expect(index.findStory(otherDate)).toBeUndefined();
    expect(index.explain(otherDate)[0]?.notes).toContain('different dates');
  });

  it('joins reports naming the same two unrelated companies a day apart, where the same texts about one company stay apart', () => {
    const listing = buildDoc({
      itemKey: 'ccmc-1',
      entityIds: ['smic', 'cnooc'],
      category: 'investment-restriction',
      title: 'Pentagon names SMIC and CNOOC Chinese military companies',
      summary: 'The Defense Department added the chipmaker and the offshore oil producer to its list, bringing the total to 35 companies.',
      at: at('2020-12-03T23:00:00Z'),
    });
    const slide = buildDoc({
      itemKey: 'ccmc-2',
      entityIds: ['smic', 'cnooc'],
      category: 'investment-restriction',
      // Not a market-reaction headline ("… slide on …"): those join their development on time alone.
      title: 'SMIC, CNOOC in Hong Kong under US designation',
      summary: 'Shares of SMIC and CNOOC fell in early trade after Washington designated both firms, a step that bars US investors from buying them.',
      at: at('2020-12-05T01:00:00Z'),
    });
    const both = newIndex();
    both.add('ccmc', listing);
    expect(both.findStory(slide)?.storyId).toBe('ccmc');
    expect(both.explain(slide)[0]?.notes).toContain('2 companies shared');
    const one = newIndex();
    one.add('ccmc', { ...listing, entityIds: ['smic'] });
    expect(one.findStory({ ...slide, entityIds: ['smic'] })).toBeUndefined();
  });

  it('reads a court-case headline that names no act as a court’s step, so a case caption joins the ruling', () => {
    const index = newIndex();
    index.add(
      'upheld',
      buildDoc({
        itemKey: 'scotus-1',
        category: 'litigation',
        title: 'Supreme Court upholds law that could ban TikTok',
        summary: 'The justices ruled unanimously that the divest-or-ban law does not violate the First Amendment, clearing the way for the ban to start on Sunday.',
        at: at('2025-01-17T15:30:00Z'),
      }),
    );
    const caption = buildDoc({
      itemKey: 'scotus-2',
      entityIds: ['tiktok', 'bytedance'],
      category: 'litigation',
      title: 'TikTok v. Garland: per curiam opinion applies intermediate scrutiny',
      summary: 'The unanimous opinion holds that the divest-or-ban Act, as applied to TikTok and ByteDance, survives First Amendment scrutiny, so the ban can start on Sunday.',
      at: at('2025-01-17T22:00:00Z'),
    });
    expect(index.findStory(caption)?.storyId).toBe('upheld');
  });

  it('does not treat a headline about a plan as a request when it names nothing the story’s headlines name', () => {
    const index = newIndex();
    index.add(
      'split',
      buildDoc({
        itemKey: 'split-1',
        entityIds: ['alibaba'],
        category: 'corporate',
        title: 'Alibaba to split into six business groups',
        summary: 'Alibaba will reorganise into six units, each with its own chief executive and board, and most may raise outside money or seek their own listings.',
        at: at('2023-03-28T14:00:00Z'),
      }),
    );
    const reaction = buildDoc({
      itemKey: 'split-2',
      entityIds: ['alibaba'],
      category: 'corporate',
      title: 'Alibaba shares jump on breakup plan',
      summary: 'Investors cheered the plan to split Alibaba into six business groups, each with its own chief executive and board, sending the stock up 10% in New York.',
      at: at('2023-03-28T20:00:00Z'),
    });
    expect(index.findStory(reaction)?.storyId).toBe('split');
  });

  it('joins a Chinese report of quarterly results to the English story of them, and a Latin identifier in Chinese text counts', () => {
    const index = newIndex();
    index.add(
      'results',
      buildDoc({
        itemKey: 'q3-en',
        entityIds: ['tencent'],
        category: 'corporate',
        title: 'Tencent quarterly profit jumps as advertising rebounds',
        summary: 'Tencent reported a 39% rise in third-quarter profit, helped by video ads inside WeChat and a recovery in domestic games.',
        at: at('2023-11-15T09:30:00Z'),
      }),
    );
    const zh = buildDoc({ itemKey: 'q3-zh', entityIds: ['tencent'], category: 'corporate', title: '腾讯三季度净利润大增', summary: '腾讯公布第三季度业绩，净利润同比增长39%，广告收入回暖，国内游戏业务恢复增长。', at: at('2023-11-15T11:00:00Z') });
    expect(index.findStory(zh)?.storyId).toBe('results');
    expect(index.explain(zh)[0]?.notes).toContain('compared across languages');

    index.add(
      'list',
      buildDoc({
        itemKey: '1260h-en',
        entityIds: ['tencent'],
        category: 'investment-restriction',
        title: "Pentagon's 1260H list now includes Tencent",
        summary: 'The Defense Department added Tencent and battery maker CATL to its annual 1260H list of Chinese military companies.',
        at: at('2025-01-07T01:00:00Z'),
      }),
    );
    const named = buildDoc({ itemKey: '1260h-zh', entityIds: ['tencent'], category: 'investment-restriction', title: '腾讯回应被列入1260H清单', summary: '腾讯表示，公司不是军事企业或军事供应商，被列入1260H清单不会对业务造成影响。', at: at('2025-01-07T06:00:00Z') });
    const unnamed = { ...named, title: '腾讯回应被列入美方清单', summary: '腾讯表示，公司不是军事企业或军事供应商，被列入清单不会对业务造成影响。' };
    expect(index.findStory(named)?.storyId).toBe('list');
    expect(index.explain(named)[0]!.score!).toBeGreaterThan(index.explain(unnamed)[0]!.score!);
  });

  it('joins the Federal Register text of an order to its signing four days later because it dates the order, not an undated copy', () => {
    const index = newIndex();
    index.add('signed', buildDoc({ itemKey: 'wh-1', entityIds: ['wechat', 'tencent'], category: 'executive-order', title: 'Trump signs order barring transactions with WeChat', summary: 'President Trump signed an executive order late Thursday that will bar US transactions related to WeChat in 45 days.', at: at('2020-08-07T01:30:00Z') }));
    index.add('signed', buildDoc({ itemKey: 'wh-2', entityIds: ['wechat'], category: 'executive-order', title: 'WeChat order gives US users 45 days', summary: 'The White House order on WeChat takes effect in 45 days and leaves Commerce to identify which transactions are covered.', at: at('2020-08-07T09:00:00Z') }));
    const published = buildDoc({
      itemKey: 'fr-1',
      entityIds: ['wechat', 'tencent'],
      category: 'executive-order',
      title: 'Addressing the Threat Posed by WeChat',
      summary: 'Executive Order 13943 of August 6, 2020. Prohibits, 45 days after the date of the order, transactions related to WeChat with Tencent Holdings Ltd., to be identified by the Secretary of Commerce.',
      at: at('2020-08-11T12:45:00Z'),
    });
    expect(index.findStory(published)?.storyId).toBe('signed');
    const undated = { ...published, summary: published.summary.replace(' of August 6, 2020', '') };
    expect(index.findStory(undated)).toBeUndefined();
    expect(index.explain(undated)[0]?.notes.join()).toMatch(/outside window/);
  });
});

describe('story index: vocabulary and memory', () => {
  it('after pruning part of its history, decides exactly as an index holding only the surviving and new stories', () => {
    const corpus = ALL_STORIES.flatMap((s) => s.docs).sort((a, b) => a.at - b.at);
    const old = corpus.filter((d) => d.at < at('2020-12-01T00:00:00Z'));
    const recent = corpus.filter((d) => d.at >= at('2020-12-01T00:00:00Z'));
    const pruned = newIndex();
    const recorded = assign(pruned, old, 'old');
    expect(pruned.size).toBeGreaterThan(3);
    // Far after the old reports, with a few recent ones already in: prune drops the old stories and
    // their terms, whose ids the next stories reuse.
    const fresh = newIndex();
    const [first, second] = recent;
    for (const index of [pruned, fresh]) {
      index.add('r1', first!);
      index.add('r2', second!);
    }
    pruned.prune(at('2020-12-19T12:00:00Z'));
    expect(pruned.size).toBe(2);
    expect(recorded.size).toBe(old.length);
    for (const doc of recent.slice(2)) {
      const expected = fresh.explain(doc);
      expect(pruned.explain(doc)).toEqual(expected);
      const id = expected.find((c) => c.accepted)?.storyId ?? `r-${doc.itemKey}`;
      pruned.add(id, doc);
      fresh.add(id, doc);
    }
  });
});

describe('story index: long stories', () => {
  it('scores a doc the same on the first and the next call when a story holds many long Chinese reports', () => {
    // Twelve members of ~380 distinct characters each hold thousands of character bigrams: more
    // than the index's scratch space holds at first, which must grow without losing what it held.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const han = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 5000))).join('');
    const shared = '美国商务部宣布禁止微信交易并将字节跳动列入实体清单';
    const start = Date.UTC(2024, 0, 1);
    const index = createStoryIndex();
    for (let i = 0; i < 13; i++) {
      index.add('s1', { itemKey: `k${i}`, entityIds: ['wechat'], category: 'ban', title: shared + han(40), summary: shared + han(340), citations: [], at: start + i * 60_000 });
    }
    const probe: StoryDoc = { itemKey: 'q', entityIds: ['wechat'], category: 'ban', title: '美国' + han(30), summary: han(200), citations: [], at: start + 20 * 60_000 };
    const first = index.explain(probe)[0]!;
    const second = index.explain(probe)[0]!;
    expect(first.score).toBe(second.score);
  });
});
