// The acts a headline names decide close calls: each act the story's first headline names must be
// in a rewrite's. Three cases where that reading was too literal, each with the reading that must
// still hold beside it.
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../../src/stories/story-index.ts';
import { CATALOG, HOUR, at, buildDoc } from './story-corpus.ts';

const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });

describe('story index: the acts headlines name', () => {
  it('does not require of an English rewrite the act a Chinese first report’s verb maps to', () => {
    // Tried: the story starts with a Chinese report whose verb (暂缓) maps to "delay"; an English
    // rewrite says the exchange "halts" the listing. Must hold: it joins, and the act the Chinese
    // verb maps to is not counted against it.
    const index = newIndex();
    const T0 = at('2020-11-03T12:00:00Z');
    index.add(
      'halt',
      buildDoc({ itemKey: 'zh', entityIds: ['ant-group'], category: 'corporate', title: '上交所暂缓蚂蚁集团科创板上市', summary: '上海证券交易所决定暂缓蚂蚁科技集团股份有限公司科创板上市，原定11月5日挂牌。', at: T0 }),
    );
    const english = buildDoc({
      itemKey: 'en',
      entityIds: ['ant-group'],
      category: 'corporate',
      title: 'Shanghai exchange halts Ant Group listing two days before debut',
      summary: 'The Shanghai Stock Exchange suspended the STAR Market listing of Ant Group, which was due to start trading on Nov. 5.',
      at: T0 + 2 * HOUR,
    });
    expect(index.findStory(english)?.storyId).toBe('halt');
    expect(index.explain(english)[0]?.notes).not.toContain('act not shared (delay)');
  });

  it('takes an aggregator listing two reports together over a verb that reads as a plan', () => {
    // Tried: a Chinese report says suppliers now "need to apply" (申请) for licences, which reads as
    // asking; a Google News cluster lists it beside the English report of the listing. Must hold:
    // the cluster puts them together; without the listing the verb keeps them apart as before.
    const T0 = at('2019-05-16T12:00:00Z');
    const listing = buildDoc({
      itemKey: 'gn',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'Commerce adds Huawei to Entity List, cutting off U.S. suppliers',
      summary: 'The Commerce Department added Huawei and affiliates to the Entity List.',
      link: 'https://news.example/huawei-entity-list',
      related: [{ headline: '美国商务部将华为列入实体清单 美企供货需申请许可', url: 'https://zh.example/huawei' }],
      at: T0,
    });
    const chinese = buildDoc({
      itemKey: 'zh',
      entityIds: ['huawei'],
      category: 'export-control',
      title: '美国商务部将华为列入实体清单 美企供货需申请许可',
      summary: '美国商务部宣布将华为及其关联公司列入实体清单，美国企业向华为供货需申请许可。',
      link: 'https://zh.example/huawei',
      at: T0 + 3 * HOUR,
    });
    const index = newIndex();
    index.add('listing', listing);
    expect(index.findStory(chinese)?.storyId).toBe('listing');
    expect(index.explain(chinese)[0]?.notes).toContain('listed together as related coverage');
  });

  it('reads the court in the headline’s first clause only: a signing the company vows to fight in court is no court step', () => {
    // Tried: "Biden signs law…; company says it will fight in court" after the story of the
    // signing. Must hold: it joins the signing; a headline whose first clause is the suit still
    // stays out of it.
    const T0 = at('2024-04-24T16:00:00Z');
    const signing = buildDoc({
      itemKey: 'sign',
      entityIds: ['tiktok', 'bytedance'],
      category: 'legislation',
      title: 'Biden signs TikTok divest-or-ban bill into law',
      summary: 'President Biden signed the foreign-aid package that includes a law giving ByteDance nine months to sell TikTok.',
      at: T0,
    });
    const vow = buildDoc({
      itemKey: 'vow',
      entityIds: ['tiktok', 'bytedance'],
      category: 'legislation',
      title: 'Biden signs law forcing sale of TikTok; company says it will fight in court',
      summary: 'The law signed on Wednesday gives ByteDance up to a year to sell TikTok. TikTok called it unconstitutional.',
      at: T0 + 4 * HOUR,
    });
    const index = newIndex();
    index.add('sign', signing);
    expect(index.findStory(vow)?.storyId).toBe('sign');
    const suit = buildDoc({ ...vow, itemKey: 'suit', category: 'litigation', title: 'TikTok sues to block law forcing its sale; Biden signed it last month', at: T0 + 13 * 24 * HOUR });
    expect(index.findStory(suit)).toBeUndefined();
  });

  it('reads a response after a development as a reaction to it, but not a government step after another', () => {
    // Tried: "Beijing threatens countermeasures after U.S. export rule targeting Huawei" (a plan in
    // its own words) after the story of the rule. Must hold: it joins the rule; "Commerce adds
    // Huawei units to Entity List after chip rule" is a step of its own and does not.
    const T0 = at('2020-05-15T14:00:00Z');
    const rule = buildDoc({
      itemKey: 'rule',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'US tightens export rules to cut Huawei off from chips made with American tools',
      summary: 'The Commerce Department changed the foreign direct product rule so that chips Huawei designs may not be made abroad with US equipment without a licence.',
      at: T0,
    });
    const response = buildDoc({
      itemKey: 'beijing',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'Beijing threatens countermeasures after U.S. export rule targeting Huawei',
      summary: 'China’s commerce ministry said it would take all necessary measures to defend Chinese companies after the US changed its export rules on chips for Huawei.',
      at: T0 + 20 * HOUR,
    });
    const index = newIndex();
    index.add('rule', rule);
    expect(index.findStory(response)?.storyId).toBe('rule');
    const step = buildDoc({ ...response, itemKey: 'units', title: 'Commerce adds Huawei units to Entity List after chip rule', summary: 'The Commerce Department added 38 Huawei affiliates to the Entity List.' });
    expect(index.explain(step)[0]?.notes ?? []).not.toContain('reaction or analysis piece');
  });

  it('reads a party losing its case as a court step, though no court is named', () => {
    // Tried: "DJI loses Pentagon list case" beside the story of the ruling. Must hold: it joins the
    // ruling; the Pentagon's listing, a day earlier, never takes it.
    const T0 = at('2025-09-26T20:00:00Z');
    const index = newIndex();
    index.add('listing', buildDoc({ itemKey: 'listing', entityIds: ['dji'], category: 'investment-restriction', title: 'Pentagon keeps DJI on its Chinese military company list', summary: 'The Defense Department kept DJI on its Section 1260H list.', at: T0 - 20 * HOUR }));
    index.add('ruling', buildDoc({ itemKey: 'ruling', entityIds: ['dji'], category: 'litigation', title: 'Judge rejects DJI bid to get off Pentagon military list', summary: 'A federal judge in Washington ruled the Defense Department did not err in listing DJI as a Chinese military company.', at: T0 }));
    const loses = buildDoc({ itemKey: 'loses', entityIds: ['dji'], category: 'investment-restriction', title: 'DJI loses Pentagon list case', summary: 'The drone maker stays on the list after the ruling.', at: T0 + 5 * HOUR });
    expect(index.findStory(loses)?.storyId).toBe('ruling');
    const bid = buildDoc({ ...loses, itemKey: 'bid', title: 'DJI loses bid for emergency stay of Pentagon listing' });
    expect(index.findStory(bid)?.storyId).toBe('ruling');
  });

  it('keeps regulators summoning a company apart from its listing halted the next day', () => {
    // Tried: the story of Ant's executives summoned by regulators (told in Chinese), then an English
    // report that the exchange halted Ant's listing, whose words overlap through the IPO both
    // mention. Must hold: it starts its own story; an English rewrite of the summons joins.
    const T0 = at('2020-11-02T14:00:00Z');
    const index = newIndex();
    index.add('summons', buildDoc({ itemKey: 'zh', entityIds: ['ant-group'], category: 'investigation', title: '四部门联合约谈马云及蚂蚁集团高管', summary: '中国人民银行、银保监会、证监会和外汇局对蚂蚁集团实际控制人马云等进行了监管约谈，蚂蚁集团即将在上海和香港上市。', at: T0 }));
    const halt = buildDoc({ itemKey: 'halt', entityIds: ['ant-group'], category: 'corporate', title: 'Shanghai exchange suspends Ant Group listing days before its IPO', summary: 'The Shanghai Stock Exchange suspended Ant Group’s STAR Market IPO after four regulators summoned Jack Ma and Ant executives for talks; the Hong Kong listing was suspended too.', at: T0 + 26 * HOUR });
    expect(index.findStory(halt)).toBeUndefined();
    const summons = buildDoc({ itemKey: 'en', entityIds: ['ant-group'], category: 'investigation', title: 'Chinese regulators summon Jack Ma and Ant Group executives', summary: 'Four regulators held talks with Jack Ma and Ant executives ahead of the IPO.', at: T0 + 3 * HOUR });
    expect(index.findStory(summons)?.storyId).toBe('summons');
  });
});
