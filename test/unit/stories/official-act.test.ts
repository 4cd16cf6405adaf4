// An official text that names no watched entity and cites nothing the news cites ("Addressing the
// Threat From Securities Investments…") meets the news of the act it records on the act alone:
// same kind, dates that agree, and words that meet.
import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryDoc } from '../../../src/stories/story-index.ts';
import { CATALOG, at, buildDoc } from './story-corpus.ts';

const newIndex = () => createStoryIndex({ entity: (id) => CATALOG[id] });

/** The Federal Register's text of the order, printed four days after it was signed; it names no watched company. */
const ORDER_TEXT: StoryDoc = buildDoc({
  itemKey: 'fr-ccmc',
  entityIds: [],
  official: true,
  category: 'executive-order',
  title: 'Addressing the Threat From Securities Investments That Finance Communist Chinese Military Companies',
  summary: 'Executive Order of November 12, 2020. Presidential document filed for public inspection.',
  at: at('2020-11-16T13:45:00Z'),
});

const SIGNING_NEWS: StoryDoc = buildDoc({
  itemKey: 'news-ccmc',
  entityIds: ['huawei'],
  category: 'executive-order',
  title: 'Trump bars Americans from investing in firms tied to Chinese military',
  summary: 'President Trump signed an executive order on Thursday banning U.S. investments in companies the Pentagon says are owned or controlled by China’s military, among them Huawei.',
  at: at('2020-11-13T11:20:00Z'),
});

describe('story index: an official text naming no entity and the news of its act', () => {
  it('puts the news of a signing in the story of the order’s text, when the text came first', () => {
    const index = newIndex();
    index.add('order-text', ORDER_TEXT);
    expect(index.findStory(SIGNING_NEWS)?.storyId).toBe('order-text');
  });

  it('puts the order’s text in the story of the news of its signing', () => {
    const index = newIndex();
    index.add('news', SIGNING_NEWS);
    expect(index.findStory(ORDER_TEXT)?.storyId).toBe('news');
  });

  it('keeps apart news of an order signed on other dates than the text gives, however alike the words', () => {
    const index = newIndex();
    index.add('order-text', ORDER_TEXT);
    const earlier = { ...SIGNING_NEWS, itemKey: 'news-earlier', at: at('2020-11-10T11:20:00Z') };
    expect(index.findStory(earlier)).toBeUndefined();
    expect(index.explain(earlier)[0]?.notes).toContain('the official text and the news give different dates');
  });

  it('keeps a court’s step on the order apart from the order’s text', () => {
    const index = newIndex();
    index.add('order-text', ORDER_TEXT);
    const suit = buildDoc({
      itemKey: 'news-suit',
      entityIds: ['huawei'],
      category: 'litigation',
      title: 'Huawei sues to block Trump order barring investment in Chinese military firms',
      summary: 'The suit, filed on Friday, says the executive order signed on Thursday singles out the company.',
      at: at('2020-11-14T11:20:00Z'),
    });
    expect(index.findStory(suit)).toBeUndefined();
  });

  it('does not join an official text to news of another government act on its dates alone', () => {
    const index = newIndex();
    index.add('order-text', ORDER_TEXT);
    const other = buildDoc({
      itemKey: 'news-other',
      entityIds: ['huawei'],
      category: 'export-control',
      title: 'US adds more Huawei units to trade blacklist',
      summary: 'The Commerce Department added more Huawei affiliates to the Entity List on Friday, restricting US exports to them.',
      at: at('2020-11-13T18:00:00Z'),
    });
    expect(index.findStory(other)).toBeUndefined();
  });

  it('puts the text of an order that revokes others in the story of the revocation, though its title never says revoke', () => {
    // Tried: news that the President revoked the app bans by executive order, then the order's
    // text under its formal title (naming no watched company), printed five days later. Must
    // hold: it joins; news of an order signed on other dates still does not.
    const index = newIndex();
    const revoked = buildDoc({
      itemKey: 'news-revoke',
      entityIds: ['tiktok', 'wechat'],
      category: 'revocation',
      title: 'Biden revokes Trump bans on TikTok and WeChat, orders review of foreign apps',
      summary: 'President Biden signed an executive order on Wednesday revoking the orders that sought to ban TikTok and WeChat and directing a review of apps tied to foreign adversaries that may put Americans’ sensitive data at risk.',
      at: at('2021-06-09T20:00:00Z'),
    });
    index.add('revoke', revoked);
    const text = buildDoc({
      itemKey: 'fr-14034',
      entityIds: [],
      official: true,
      category: 'executive-order',
      title: "Protecting Americans' Sensitive Data From Foreign Adversaries",
      summary: '',
      at: at('2021-06-14T13:45:00Z'),
    });
    expect(index.findStory(text)?.storyId).toBe('revoke');
    expect(index.findStory({ ...text, itemKey: 'fr-later', at: at('2021-06-24T13:45:00Z') })).toBeUndefined();
  });

  it('never files an order’s text under the story of the promise to sign it', () => {
    // Tried: the story of a promise to sign an order (a day before), the story of its signing, then
    // the order's text on the White House site. Must hold: the text joins the signing.
    const index = newIndex();
    index.add('promise', buildDoc({ itemKey: 'promise', entityIds: ['tiktok'], category: 'executive-order', title: 'Trump promises an order to pause the TikTok ban as the app goes dark', summary: 'President-elect Trump said he would sign an executive order on Monday to delay enforcement of the TikTok ban.', at: at('2025-01-19T15:00:00Z') }));
    index.add('signing', buildDoc({ itemKey: 'signing', entityIds: ['tiktok'], category: 'executive-order', title: 'Trump signs order pausing TikTok ban enforcement for 75 days', summary: 'President Trump signed an executive order on Monday directing the attorney general not to enforce the TikTok law for 75 days.', at: at('2025-01-21T02:00:00Z') }));
    const text = buildDoc({
      itemKey: 'wh-14166',
      entityIds: ['tiktok'],
      official: true,
      category: 'executive-order',
      title: 'Application of Protecting Americans From Foreign Adversary Controlled Applications Act to TikTok',
      summary: 'By the authority vested in me as President, I hereby order the Attorney General not to take any action to enforce the Act for a period of 75 days.',
      link: 'https://www.whitehouse.gov/presidential-actions/2025/01/application-of-protecting-americans-from-foreign-adversary-controlled-applications-act-to-tiktok/',
      at: at('2025-01-21T01:00:00Z'),
    });
    expect(index.findStory(text)?.storyId).toBe('signing');
    expect(index.explain(text).find((c) => c.storyId === 'promise')?.notes).toContain('rejected: an official text of the act, and a story of its promise or request');
  });

  it('does not read the order an official text cites as its authority as the order it is about', () => {
    // Tried: the story holds the White House text of the apps order, which cites the emergency of
    // Executive Order 13873 as its authority, and news of the signing; a client note then names the
    // new order by its number, 13971. Must hold: no "different order numbers" against it; it joins.
    const index = newIndex();
    const text = buildDoc({
      itemKey: 'wh-apps',
      entityIds: ['alipay', 'wechat-pay'],
      official: true,
      category: 'executive-order',
      title: 'Executive Order on Addressing the Threat Posed by Applications and Other Software Developed or Controlled by Chinese Companies',
      summary: 'By the authority vested in me as President, and in order to take additional steps with respect to the national emergency declared in Executive Order 13873, I find that Alipay, WeChat Pay and other applications threaten the national security.',
      link: 'https://www.whitehouse.gov/presidential-actions/executive-order-addressing-threat-posed-applications/',
      at: at('2021-01-05T23:00:00Z'),
    });
    index.add('apps', text);
    const note = buildDoc({
      itemKey: 'note',
      entityIds: ['alipay', 'wechat-pay'],
      category: 'executive-order',
      title: 'EO 13971 targets developers of eight Chinese apps; Commerce to identify transactions',
      summary: 'The Jan. 5 order reaches persons that develop or control the listed apps, Alipay and WeChat Pay among them. Prohibitions cannot take effect before Feb. 19.',
      at: at('2021-01-06T15:00:00Z'),
    });
    expect(index.explain(note)[0]?.notes).not.toContain('different order numbers');
    expect(index.findStory(note)?.storyId).toBe('apps');
  });
});
