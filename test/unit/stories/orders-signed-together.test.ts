// Two executive orders signed together (the TikTok and the WeChat orders of 6 August 2020) are one
// development under two numbers: the Federal Register prints their texts side by side, each naming
// its own company. Orders of other days, or unrelated orders of the same day, stay apart.
import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryDoc } from '../../../src/stories/story-index.ts';
import { CATALOG, at, buildDoc } from './story-corpus.ts';

const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });

const orderText = (itemKey: string, entityIds: string[], app: string, summary: string, printed = '2020-08-11T09:00:00Z'): StoryDoc =>
  buildDoc({
    itemKey,
    entityIds,
    official: true,
    category: 'executive-order',
    title: `Addressing the Threat Posed by ${app}, and Taking Additional Steps To Address the National Emergency With Respect to the Information and Communications Technology and Services Supply Chain`,
    summary,
    at: at(printed),
  });

const WECHAT_TEXT = orderText('fr-wechat', ['wechat', 'tencent'], 'WeChat', 'Executive Order 13943 of August 6, 2020. Presidential document.');
const TIKTOK_TEXT = orderText('fr-tiktok', ['tiktok', 'bytedance'], 'TikTok', 'Executive Order 13942 of August 6, 2020. Presidential document.');

describe('story index: orders signed together', () => {
  it('puts the text of one order in the story of the order signed with it, though the numbers and companies differ', () => {
    const index = newIndex();
    index.add('wechat-order', WECHAT_TEXT);
    expect(index.findStory(TIKTOK_TEXT)?.storyId).toBe('wechat-order');
    expect(index.explain(TIKTOK_TEXT)[0]?.notes).toContain('official texts of orders signed the same day');
  });

  it('puts the text of one order in the story of the news of both, which already holds the other text', () => {
    // Tried: news of the two signings (naming TikTok and WeChat) starts the story, the WeChat text
    // joins it, then the TikTok text arrives: it shares an entity with the story and a signing day
    // with the WeChat text. Must hold: it joins (two document numbers of one signing are no
    // disagreement), not a story of its own.
    const index = newIndex();
    index.add(
      'news',
      buildDoc({
        itemKey: 'news',
        entityIds: ['tiktok', 'wechat'],
        category: 'executive-order',
        title: 'Trump signs orders barring dealings with owners of TikTok and WeChat in 45 days',
        summary: 'President Trump signed two executive orders on Thursday prohibiting transactions with ByteDance and with Tencent over WeChat, effective in 45 days.',
        at: at('2020-08-07T01:00:00Z'),
      }),
    );
    // Each text carries its Federal Register document number, as the reader gives it.
    const wechat = { ...WECHAT_TEXT, citations: ['2020-17700'] };
    const tiktok = { ...TIKTOK_TEXT, citations: ['2020-17699'] };
    expect(index.findStory(wechat)?.storyId).toBe('news');
    index.add('news', wechat);
    expect(index.findStory(tiktok)?.storyId).toBe('news');
  });

  it('reads texts that give no signing date as printed together on the same day', () => {
    const index = newIndex();
    index.add('wechat-order', { ...WECHAT_TEXT, summary: '' });
    expect(index.findStory({ ...TIKTOK_TEXT, summary: '' })?.storyId).toBe('wechat-order');
  });

  it('keeps apart an order signed on another day, however alike its title', () => {
    const index = newIndex();
    index.add('wechat-order', WECHAT_TEXT);
    const later = orderText('fr-tiktok-later', ['tiktok', 'bytedance'], 'TikTok', 'Executive Order 13950 of August 8, 2020. Presidential document.', '2020-08-13T09:00:00Z');
    expect(index.findStory(later)).toBeUndefined();
  });

  it('keeps apart an unrelated order signed the same day', () => {
    const index = newIndex();
    index.add('wechat-order', WECHAT_TEXT);
    const unrelated = buildDoc({
      itemKey: 'fr-drug-pricing',
      entityIds: ['camscanner'],
      official: true,
      category: 'executive-order',
      title: 'Ensuring Essential Medicines, Medical Countermeasures, and Critical Inputs Are Made in the United States',
      summary: 'Executive Order 13944 of August 6, 2020. Presidential document.',
      at: at('2020-08-11T09:00:00Z'),
    });
    expect(index.findStory(unrelated)).toBeUndefined();
  });
});
