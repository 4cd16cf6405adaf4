// The general signals a story decision rests on (issue 12): the kind a headline names, the court
// boundary, reaction pieces, official texts published days later, citations for reports that name
// no entity, and related coverage.
import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryDoc } from '../../../src/stories/story-index.ts';
import { at, buildDoc, CATALOG, HOUR } from './story-corpus.ts';

const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });
const T0 = at('2020-09-18T13:00:00Z');

const BAN: StoryDoc = buildDoc({
  itemKey: 'ban',
  entityIds: ['wechat', 'tiktok'],
  category: 'ban',
  title: 'Commerce bars WeChat and TikTok from US app stores starting Sunday',
  summary: 'The Commerce Department will prohibit app stores from offering WeChat and TikTok from Sept. 20 and bar transfers through WeChat.',
  link: 'https://ledger.example/ban',
  at: T0,
});
const RULING: StoryDoc = buildDoc({
  itemKey: 'ruling',
  entityIds: ['wechat'],
  category: 'litigation',
  title: 'Judge blocks Commerce ban on WeChat hours before it takes effect',
  summary: 'A magistrate judge in San Francisco granted WeChat users a preliminary injunction against the Commerce prohibitions.',
  at: T0 + 36 * HOUR,
});

/** A Google News item whose headline shares almost no words with BAN; only its related list can link them. */
const AGGREGATED: StoryDoc = buildDoc({
  itemKey: 'gn',
  entityIds: ['tiktok'],
  category: 'ban',
  title: 'Sunday cutoff set for two Chinese apps - Harbor Courier',
  summary: 'Washington named the date.',
  at: T0 + 2 * HOUR,
});

describe('story signals', () => {
  it('reads the court boundary from the headline: a misread rewrite of the ruling joins it, the ban never does', () => {
    const index = newIndex();
    index.add('ban', BAN);
    index.add('ruling', RULING);
    const misread = buildDoc({ ...RULING, itemKey: 'misread', category: 'corporate', title: 'Federal judge halts WeChat ban in San Francisco ruling', at: RULING.at + HOUR });
    expect(index.findStory(misread)?.storyId).toBe('ruling');
    const explained = index.explain(misread).find((c) => c.storyId === 'ban');
    expect(explained?.notes).toContain('a court step never joins the act it is about');
  });

  it('does not take a rewrite the classifier read as a court step for one when its headline opens with another actor', () => {
    const index = newIndex();
    const revoked = buildDoc({
      itemKey: 'revoked',
      entityIds: ['tiktok', 'wechat'],
      category: 'revocation',
      title: 'Biden revokes Trump bans on TikTok and WeChat, orders review of foreign apps',
      summary: 'President Biden revoked the orders against TikTok and WeChat and ordered a review of apps tied to foreign adversaries.',
      at: T0,
    });
    index.add('revoked', revoked);
    const misread = buildDoc({
      itemKey: 'misread',
      entityIds: ['tiktok', 'wechat'],
      category: 'litigation',
      title: 'Biden revokes TikTok and WeChat bans, orders review of foreign apps',
      summary: 'The orders against TikTok and WeChat, already blocked in court, were revoked.',
      at: T0 + 3 * HOUR,
    });
    expect(index.findStory(misread)?.storyId).toBe('revoked');
    // A headline naming the court stays on the court's side.
    const ruling = { ...misread, itemKey: 'ruling', title: 'Judge dismisses TikTok and WeChat ban cases after Biden revokes orders' };
    expect(index.explain(ruling)[0]?.notes).toContain('a court step never joins the act it is about');
  });

  it('takes a request for information for the inquiry itself, but a request to act for a plan', () => {
    const index = newIndex();
    index.add('ask', buildDoc({ itemKey: 'ask', entityIds: ['huawei'], category: 'investigation', title: 'Commerce seeking information on chip in Huawei phone', at: T0 }));
    const inquiry = buildDoc({ itemKey: 'inquiry', entityIds: ['huawei'], category: 'investigation', title: 'US looks into how Huawei got its new chip', at: T0 + 3 * HOUR });
    expect(index.findStory(inquiry)?.storyId).toBe('ask');
    const plan = newIndex();
    plan.add('ask', buildDoc({ itemKey: 'ask', entityIds: ['huawei'], category: 'investigation', title: 'Lawmakers ask Commerce to look into chip in Huawei phone', at: T0 }));
    expect(plan.explain(inquiry)[0]?.notes.join(' ')).toContain('act not shared (intent)');
  });

  it('reads a headline saying what readers should take from a development as analysis of it', () => {
    const index = newIndex();
    index.add('plea', buildDoc({ itemKey: 'plea', entityIds: ['huawei'], category: 'litigation', title: 'Huawei unit to plead guilty, pay $500 million over Iran shipments', at: T0 }));
    const piece = buildDoc({ itemKey: 'piece', entityIds: ['huawei'], category: 'litigation', title: "Huawei's $500 million deal: what compliance officers should take from it", at: T0 + 20 * HOUR });
    expect(index.explain(piece)[0]?.notes).toContain('reaction or analysis piece');
    expect(index.findStory(piece)?.storyId).toBe('plea');
  });

  it('joins a market-reaction piece to the development and gives it the development’s category', () => {
    const index = newIndex();
    index.add('ban', BAN);
    const reaction = buildDoc({
      itemKey: 'shares',
      entityIds: ['wechat'],
      category: 'corporate',
      title: 'Tencent shares slide after US moves to pull WeChat from app stores',
      summary: 'Investors sold Tencent as the WeChat prohibitions neared.',
      at: T0 + 3 * HOUR,
    });
    expect(index.findStory(reaction)).toMatchObject({ storyId: 'ban', category: 'ban' });
    expect(index.findStory({ ...BAN, itemKey: 'copy', at: T0 + HOUR })?.category).toBeUndefined();
  });

  it('joins a market reaction to a ruling with the ruling, across the court boundary, when its words say so', () => {
    // Tried: the ban and the ruling blocking it are both live; a piece on shares edging up after
    // the app "wins a reprieve" arrives (the classifier reads it as a ban). Must hold: it joins the
    // ruling, which a report of the ban itself never could, and takes its category.
    const index = newIndex();
    index.add('ban', BAN);
    index.add('ruling', RULING);
    const reaction = buildDoc({
      itemKey: 'shares-reprieve',
      entityIds: ['wechat'],
      category: 'ban',
      title: 'Tencent shares edge up after WeChat wins reprieve from US ban',
      summary: 'Investors welcomed the preliminary injunction a magistrate judge granted to WeChat users against the Commerce prohibitions.',
      at: RULING.at + 5 * HOUR,
    });
    expect(index.findStory(reaction)).toMatchObject({ storyId: 'ruling', category: 'litigation' });
    // The same words as a report, not a reaction, stay on the ban's side of the boundary.
    const report = buildDoc({ ...reaction, itemKey: 'reprieve-report', title: 'WeChat wins reprieve from US ban' });
    expect(index.findStory(report)?.storyId).not.toBe('ruling');
  });

  it('places an official text up to a week after the news of it, and keeps two official documents apart', () => {
    const index = newIndex();
    index.add('ban', BAN);
    const fr = buildDoc({
      itemKey: 'fr',
      entityIds: ['wechat', 'tiktok'],
      category: 'ban',
      title: 'Identification of Prohibited Transactions To Implement Executive Order 13943 and Address the Threat Posed by WeChat',
      summary: 'The Secretary of Commerce identifies transactions with WeChat and TikTok that are prohibited, including app store distribution.',
      citations: ['FR Doc 2020-21164'],
      official: true,
      at: T0 + 5 * 24 * HOUR,
    });
    expect(index.findStory(fr)?.storyId).toBe('ban');
    expect(index.findStory({ ...fr, official: false })).toBeUndefined();
    index.add('ban', fr);
    const other = { ...fr, itemKey: 'fr-2', citations: ['FR Doc 2020-21165'], at: fr.at + HOUR };
    expect(index.explain(other).find((c) => c.storyId === 'ban')?.notes.join(' ')).toContain('different official document');
  });

  it('joins an official text to the news of its act days before, on entity, kind and timing, though its title shares few words', () => {
    const index = newIndex();
    const signed = buildDoc({
      itemKey: 'signed',
      entityIds: ['tiktok'],
      category: 'executive-order',
      title: 'Trump signs order barring dealings with TikTok owner in 45 days',
      summary: 'The president signed an executive order on Thursday.',
      at: T0,
    });
    index.add('signed', signed);
    const text = buildDoc({
      itemKey: 'fr-text',
      entityIds: ['tiktok'],
      category: 'executive-order',
      title: 'Addressing the Threat Posed by TikTok, and Taking Additional Steps To Address the National Emergency',
      official: true,
      at: T0 + 4 * 24 * HOUR,
    });
    expect(index.findStory(text)?.storyId).toBe('signed');
    expect(index.explain(text)[0]?.notes).toContain('official text of the reported act');
    // The same words from an outlet, or printed more than a week after the news, are no such evidence.
    expect(index.findStory({ ...text, official: false })).toBeUndefined();
    expect(index.findStory({ ...text, at: T0 + 9 * 24 * HOUR })).toBeUndefined();
    // Nor is a court's step about the entity: the court boundary holds.
    expect(index.findStory({ ...text, category: 'litigation' })).toBeUndefined();
  });

  it('lets a report naming no entity join the story citing its order, and never start one', () => {
    const index = newIndex();
    const signed = buildDoc({
      itemKey: 'signed',
      entityIds: ['alipay'],
      category: 'executive-order',
      title: 'Trump signs order banning transactions with Alipay and seven other apps',
      summary: 'Executive Order 13971 directs Commerce to identify prohibited transactions within 45 days.',
      at: at('2021-01-06T00:30:00Z'),
    });
    index.add('signed', signed);
    const text = buildDoc({
      itemKey: 'wh',
      entityIds: [],
      category: 'executive-order',
      title: 'Executive Order 13971 on addressing the threat posed by applications developed by Chinese companies',
      summary: 'By the authority vested in me as President, I hereby order that within 45 days the Secretary of Commerce identify prohibited transactions.',
      at: signed.at + 3 * HOUR,
    });
    expect(index.findStory(text)?.storyId).toBe('signed');
    expect(index.explain(text)[0]?.relation).toBe('citation');
    expect(newIndex().findStory(text)).toBeUndefined();
  });

  it('joins reports a news aggregator lists together, however differently worded', () => {
    const index = newIndex();
    index.add('ban', BAN);
    const worded = AGGREGATED;
    expect(index.findStory(worded)).toBeUndefined();
    const listed = { ...worded, related: [{ headline: 'Commerce bars WeChat and TikTok from US app stores starting Sunday - Ledger', url: 'https://ledger.example/ban' }] };
    expect(index.findStory(listed)?.storyId).toBe('ban');
    expect(index.explain(listed)[0]?.notes).toContain('listed together as related coverage');
  });

  it('recognises a listed report whose own feed words its headline a little differently, but not another headline about the same entity', () => {
    const index = newIndex();
    index.add('ban', BAN);
    const worded = AGGREGATED;
    // The aggregator shows the ledger's report without "US" and with "from Sunday".
    const reworded = { ...worded, related: [{ headline: 'Commerce bars WeChat and TikTok from app stores from Sunday - Ledger' }] };
    expect(index.findStory(reworded)?.storyId).toBe('ban');
    expect(index.explain(reworded)[0]?.notes).toContain('listed together as related coverage');
    const other = { ...worded, related: [{ headline: 'Commerce bars WeChat transfers in US as TikTok talks drag on - Ledger' }] };
    expect(index.findStory(other)).toBeUndefined();
  });
});
