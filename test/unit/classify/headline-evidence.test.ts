import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classify.ts';
import { headlineCategory } from '../../../src/classify/headline-evidence.ts';

describe('headline evidence: who acts', () => {
  it('files the President’s own order under executive-order, whatever it restricts', () => {
    expect(headlineCategory('Trump bars U.S. investment in companies the Pentagon ties to China’s military', 'investment-restriction')).toBe('executive-order');
    expect(headlineCategory('Biden widens ban on U.S. investment in Chinese firms to 59 companies', 'investment-restriction')).toBe('executive-order');
    expect(headlineCategory('New Executive Order Prohibits U.S. Investment in “Communist Chinese Military Companies”', 'investment-restriction')).toBe('executive-order');
    expect(headlineCategory('Analysis: EO 14032 replaces the CCMC regime', 'investment-restriction')).toBe('executive-order');
    expect(headlineCategory('特朗普签署行政令 禁止与支付宝、微信支付等8款中国应用进行交易', 'ban')).toBe('executive-order');
    // The order named as the headline's topic, and an amended order acting.
    expect(headlineCategory('Eight More Chinese Apps in the Crosshairs: Executive Order 13971', 'ban')).toBe('executive-order');
    expect(headlineCategory('Investors told to sell: amended order extends China military-company ban to existing holdings', 'ban')).toBe('executive-order');
  });

  it('leaves an agency carrying an order out, a President’s threat, and a revocation as they are', () => {
    expect(headlineCategory('Commerce bars WeChat from US app stores under the executive order', 'ban')).toBeUndefined();
    expect(headlineCategory('Commerce bars WeChat transactions under Executive Order 13943', 'ban')).toBeUndefined();
    expect(headlineCategory('Trump says TikTok will be shut down unless it is sold by Sept. 15', 'ban')).toBeUndefined();
    expect(headlineCategory('Biden revokes Trump orders on TikTok and WeChat', 'revocation')).toBeUndefined();
  });

  it('changes what classify answers, and says why in its signals', () => {
    const c = classify({ title: 'Trump bars U.S. investment in companies tied to China’s military', text: 'The order prohibits Americans from buying securities of listed Chinese military companies such as Huawei.', feedUrl: 'https://news.example/feed', mentions: [{ entityId: 'huawei', matched: 'Huawei', field: 'description', weak: false }] });
    expect(c.category).toBe('executive-order');
    expect(c.signals.join(' ')).toContain('the President or an order acting');
  });
});
