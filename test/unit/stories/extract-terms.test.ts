import { describe, expect, it } from 'vitest';
import { analyzeText, extractTerms, stem } from '../../../src/stories/extract-terms.ts';

const terms = (text: string) => [...extractTerms(text).keys()];
const concepts = (text: string) => analyzeText(text).concepts.map((c) => c.name);

describe('extractTerms', () => {
  it('stems the forms outlets use for one verb to one term', () => {
    expect(new Set(['blocks', 'blocked', 'blocking', 'block'].map(stem)).size).toBe(1);
    expect(new Set(['bans', 'banned', 'banning', 'ban'].map(stem)).size).toBe(1);
    expect(new Set(['prohibits', 'prohibited', 'prohibition', 'prohibitions'].map(stem)).size).toBe(1);
  });

  it('drops stop words and newsroom filler, and keeps content words whatever their order', () => {
    const a = terms('The Commerce Department said on Friday it will ban TikTok downloads');
    const b = terms('TikTok downloads ban announced by Commerce');
    expect(a).not.toContain('the');
    expect(a).not.toContain('friday');
    for (const t of ['commerc', 'ban', 'tiktok', 'download']) {
      expect(a).toContain(t);
      expect(b).toContain(t);
    }
  });

  it('cuts Chinese text into character bigrams, not across particles', () => {
    const t = terms('美国商务部的禁令');
    expect(t).toEqual(expect.arrayContaining(['美国', '国商', '商务', '务部', '禁令']));
    expect(t).not.toContain('部禁');
    expect(t).not.toContain('的禁');
  });

  it('keeps counts and identifiers but not the day of a date', () => {
    const t = terms('46 affiliates added on Sept. 20 under order 13971; 9月20日');
    expect(t).toContain('46');
    expect(t).toContain('13971');
    expect(t).not.toContain('20');
  });

  it('gives synonyms and their Chinese equivalents one concept term', () => {
    expect(concepts('Judge halts WeChat ban')).toEqual(['court', 'halt', 'ban']);
    expect(concepts('美国法官裁定暂停执行微信禁令')).toEqual(['court', 'halt', 'ban']);
    expect(concepts('Court enjoins prohibition on WeChat')).toEqual(['court', 'halt', 'ban']);
  });

  it('does not read the White House as the House', () => {
    expect(concepts('White House welcomes vote')).toEqual(['president']);
    expect(concepts('House passes TikTok bill')).toEqual(['house', 'bill']);
  });

  it('plays down the terms a caller names (the entity’s own name) without dropping them', () => {
    const weighted = extractTerms('TikTok app store ban', (t) => (t === 'tiktok' ? 0.3 : 1));
    expect(weighted.get('tiktok')).toBeCloseTo(0.3);
    expect(weighted.get('ban')).toBe(1);
  });

  it('names the same act for the words courts and prosecutors use, and for a cancelled licence', () => {
    expect(concepts('Huawei CFO enters deferred prosecution agreement')).toEqual(expect.arrayContaining(['delay', 'sue', 'settle']));
    expect(concepts('孟晚舟与司法部达成暂缓起诉协议')).toEqual(expect.arrayContaining(['delay', 'sue', 'settle']));
    expect(concepts('TikTok petitions appeals court over the law')).toEqual(expect.arrayContaining(['sue', 'court']));
    expect(concepts('TikTok petitions appeals court over the law')).not.toContain('intent');
    expect(concepts('Washington cancels chip export licences for Huawei')).toContain('revoke');
    expect(concepts('美国宣布解除对该公司的制裁')).toContain('revoke');
    // Suspending puts on hold, as 暂缓 does.
    expect(concepts('Shanghai exchange suspends Ant Group listing')).toContain('delay');
    expect(concepts('上交所暂缓蚂蚁集团上市')).toContain('delay');
    // A reprieve, or more time, is a delay told plainly.
    expect(concepts('Trump gives TikTok 75 more days')).toContain('delay');
    expect(concepts('TikTok gets a 75-day reprieve')).toContain('delay');
    // Losing at first instance names the court in Chinese as "judge" does in English.
    expect(concepts('大疆诉美国防部案一审败诉')).toEqual(expect.arrayContaining(['court', 'deny']));
    // A guilty plea is a prosecution's step, in either language.
    expect(concepts('ZTE to plead guilty and pay $1.19 billion')).toContain('sue');
    expect(concepts('中兴通讯同意认罪并支付罚款')).toContain('sue');
  });

  it('gives company results and places one concept in English and Chinese', () => {
    expect(concepts('Tencent profit beats estimates, raises dividend')).toEqual(expect.arrayContaining(['earnings', 'rise']));
    expect(concepts('腾讯三季度净利润增长')).toEqual(expect.arrayContaining(['earnings', 'rise']));
    expect(concepts('India bans 59 Chinese apps')).toContain('india');
    expect(concepts('印度宣布禁用59款中国应用')).toContain('india');
  });
});
