import { describe, expect, it } from 'vitest';
import { foldText, lookupKey, matchKey, sourceSpan } from '../../../src/match/fold-text.ts';

describe('foldText', () => {
  it('reads full-width letters, accents, curly apostrophes and typographic dashes as plain ASCII', () => {
    const folded = foldText('ＷｅＣｈａｔ Zìjié ByteDance’s TikTok‐style');
    expect(folded.norm).toBe("WeChat Zijie ByteDance's TikTok-style");
    expect(folded.low).toBe("wechat zijie bytedance's tiktok style");
  });

  it('keeps norm and low the same length so one offset serves both', () => {
    for (const text of ['İstanbul Ａｌｉｐａｙ', 'ﬁnance — 腾讯', 'plain ascii - text']) {
      const folded = foldText(text);
      expect(folded.low.length, text).toBe(folded.norm.length);
    }
  });

  it('maps a folded span back to the characters as written', () => {
    const text = 'Über ＱＱ钱包 news';
    const folded = foldText(text);
    const start = folded.low.indexOf('qq钱包');
    const [from, to] = sourceSpan(folded, start, start + 'qq钱包'.length);
    expect(text.slice(from, to)).toBe('ＱＱ钱包');
  });

  it('maps spans back even when folding changes lengths (ligature, ellipsis, combining accents)', () => {
    const text = 'ﬁnal… Zi\u0300jie\u0301 said ＱＱ钱包 ok';
    const folded = foldText(text);
    expect(folded.norm).toBe('final... Zijie said QQ钱包 ok');
    for (const word of ['final', 'zijie', 'qq钱包', 'ok']) {
      const start = folded.low.indexOf(word);
      const [from, to] = sourceSpan(folded, start, start + word.length);
      expect(foldText(text.slice(from, to)).low, word).toBe(word);
    }
  });

  it('drops soft hyphens, which readers never see', () => {
    expect(foldText('Hua\u00adwei é').low).toBe('huawei e');
  });

  it('gives the same result with or without a shared per-character cache', () => {
    const cache = new Map();
    const text = '微信支付 and ＷｅＣｈａｔ’s “Pay”';
    expect(foldText(text, cache)).toEqual(foldText(text));
    expect(foldText(text, cache)).toEqual(foldText(text));
  });
});

describe('matchKey and lookupKey', () => {
  it('matchKey keeps word breaks (hyphens as spaces) so boundaries can be checked', () => {
    expect(matchKey('  Da-Jiang   Innovations ')).toBe('da jiang innovations');
  });

  it('lookupKey folds every spelling of a name to one key', () => {
    const keys = ['WeChat Pay', 'wechat-pay', 'wechatpay', 'ＷｅＣｈａｔ　Ｐａｙ', 'WeChat_Pay!'].map(lookupKey);
    expect(new Set(keys)).toEqual(new Set(['wechatpay']));
    expect(lookupKey('Zìjié Tiàodòng')).toBe('zijietiaodong');
  });
});
