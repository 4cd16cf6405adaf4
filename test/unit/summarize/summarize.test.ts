import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/model.ts';
import { splitSentences } from '../../../src/text/split-sentences.ts';
import { MAX_SUMMARY, summarize, truncateAtWord } from '../../../src/summarize/summarize.ts';
import type { SummarizeInput } from '../../../src/summarize/summarize.ts';

const ENTITY_NAMES: Record<string, string> = { smic: 'SMIC', tiktok: 'TikTok', wechat: 'WeChat', alibaba: 'Alibaba', zte: 'ZTE' };

function buildMention(entityId: string, matched = ENTITY_NAMES[entityId]!): Mention {
  return { entityId, matched, field: 'description', weak: false };
}

function buildInput(title: string, text: string, entityIds: string[] = []): SummarizeInput {
  return { title, text, mentions: entityIds.map((id) => buildMention(id)), entityNames: ENTITY_NAMES };
}

/** 3 KB of prose with no watched entity, in sentences of about 150 characters. */
const FILLER = Array.from(
  { length: 22 },
  (_, i) => `Paragraph ${i + 1} of the analysis walks through how supply chains for consumer electronics have shifted over the past decade across several countries.`,
).join(' ');

describe('summarize: what it picks', () => {
  it('prefers the sentences that name the watched entity and carry a development, in original order', () => {
    const text =
      'Markets were calm on Friday morning. Traders watched oil prices. ' +
      'The Commerce Department added SMIC to the Entity List, cutting off American suppliers. ' +
      'Analysts expect more announcements. SMIC said it would comply with the law.';
    const summary = summarize(buildInput('US moves against Chinese chipmaker', text, ['smic']));
    expect(summary).toBe(
      'The Commerce Department added SMIC to the Entity List, cutting off American suppliers. SMIC said it would comply with the law.',
    );
  });

  it('finds the entity by its display name even when the mention matched another alias', () => {
    const text = 'Weather was mild. Regulators opened an antitrust probe into Alibaba on Thursday.';
    const input = { ...buildInput('Probe', text), mentions: [buildMention('alibaba', '阿里巴巴')] };
    expect(summarize(input)).toContain('Regulators opened an antitrust probe into Alibaba on Thursday.');
  });

  it('uses at most three sentences', () => {
    const text = Array.from({ length: 6 }, (_, i) => `TikTok was banned in country ${i + 1}.`).join(' ');
    const summary = summarize(buildInput('TikTok bans spread', text, ['tiktok']));
    expect(splitSentences(summary)).toHaveLength(3);
  });

  it('falls back to the title when the text is empty or only boilerplate', () => {
    expect(summarize(buildInput('Biden revokes TikTok and WeChat orders', ''))).toBe('Biden revokes TikTok and WeChat orders');
    expect(summarize(buildInput('Biden revokes TikTok and WeChat orders', 'Click here to read more. Subscribe to our newsletter.'))).toBe(
      'Biden revokes TikTok and WeChat orders',
    );
  });

  it('does not print the title twice when the description only repeats it (with the outlet name)', () => {
    const summary = summarize(buildInput('Judge blocks WeChat ban', 'Judge blocks WeChat ban  The Verge', ['wechat']));
    expect(summary).toBe('Judge blocks WeChat ban');
  });

  it('keeps a first sentence that starts with the title but goes on to say more', () => {
    const text = 'Judge blocks WeChat ban, saying the order likely violates the free speech rights of the app users in America.';
    expect(summarize(buildInput('Judge blocks WeChat ban', text, ['wechat']))).toBe(text);
  });
});

describe('summarize: boilerplate', () => {
  it('drops datelines, bylines, "click here", "subscribe", "read more", bare dates and "The post … appeared first on …"', () => {
    const text =
      'By Jane Doe | Reuters WASHINGTON (Reuters) - ZTE agreed to pay a $1.19 billion penalty for violating export controls. ' +
      'December 24, 2020. Click here for our full coverage. Subscribe to our newsletter for daily updates. ' +
      'Read more: how export controls work. ' +
      'The post ZTE agrees to pay penalty. Details inside appeared first on Trade Daily.';
    expect(summarize(buildInput('ZTE settles', text, ['zte']))).toBe('ZTE agreed to pay a $1.19 billion penalty for violating export controls.');
  });

  it('strips an all-capitals dateline but leaves ordinary prose that looks similar', () => {
    const dateline = summarize(buildInput('Probe', 'BEIJING — Regulators opened an antitrust probe into Alibaba on Thursday.', ['alibaba']));
    expect(dateline).toBe('Regulators opened an antitrust probe into Alibaba on Thursday.');
    const prose = 'Alibaba - the largest retailer - faces a probe. Investors want to read more into the antitrust probe of Alibaba.';
    expect(summarize(buildInput('Probe', prose, ['alibaba']))).toBe(prose);
  });

  it('drops Chinese agency datelines and editor credits', () => {
    const text = '新华社北京12月19日电 美国商务部周五宣布将中芯国际列入实体清单。责任编辑：张三';
    const input = { ...buildInput('美国商务部将中芯国际列入实体清单', text), mentions: [buildMention('smic', '中芯国际')] };
    expect(summarize(input)).toBe('美国商务部周五宣布将中芯国际列入实体清单。');
  });
});

describe('summarize: length', () => {
  it('stays within 400 characters on a 3 KB text and cuts at a word boundary with an ellipsis', () => {
    const oneLongSentence = FILLER.replace(/\./g, ',');
    expect(oneLongSentence.length).toBeGreaterThan(3_000);
    const summary = summarize(buildInput('Supply chains', oneLongSentence));
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary.endsWith('…')).toBe(true);
    const head = summary.slice(0, -1);
    expect(oneLongSentence.startsWith(head)).toBe(true);
    // The character after the cut in the source is a space or punctuation: no word was split.
    expect(oneLongSentence[head.length]).toMatch(/[\s,]/);
  });

  it('never exceeds 400 characters when whole sentences are chosen', () => {
    const summary = summarize(buildInput('Supply chains', FILLER));
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary.endsWith('.')).toBe(true);
  });

  it('cuts Chinese text between characters and never splits a surrogate pair', () => {
    const text = `中芯国际${'美国商务部宣布新的出口管制措施'.repeat(40)}`;
    const cut = truncateAtWord(`😀${'a'.repeat(397)}😀😀`, 400);
    const summary = summarize({ ...buildInput('标题', text), mentions: [buildMention('smic', '中芯国际')] });
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
    expect(summary.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(400);
    expect(cut).not.toMatch(/[\ud800-\udbff]…$/);
  });

  it('truncateAtWord leaves short text alone and drops a trailing comma before the ellipsis', () => {
    expect(truncateAtWord('short text', 400)).toBe('short text');
    expect(truncateAtWord('alpha beta, gamma delta', 13)).toBe('alpha beta…');
  });
});

describe('summarize: hostile input', () => {
  it('outputs no HTML or control characters; a literal <!channel> stays harmless text for the adapters to escape', () => {
    const text =
      '<p>TikTok <script>alert("x")</script>was <b>banned</b> by Commerce.\u0007\u202e <!channel> please read.</p><img src=x onerror=alert(1)>';
    const summary = summarize(buildInput('<i>TikTok</i> news', text, ['tiktok']));
    expect(summary).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(summary).not.toContain('alert');
     
    expect(summary).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
    expect(summary).toContain('TikTok was banned by Commerce.');
    expect(summary).toContain('<!channel>');
  });

  it('renders markup in the title fallback too', () => {
    expect(summarize(buildInput('<b>WeChat</b> &amp; TikTok orders revoked', ''))).toBe('WeChat & TikTok orders revoked');
  });
});

describe('splitSentences', () => {
  it('does not break on U.S., Corp., Co., Ltd., Inc., No., Jan., E.O. or decimals', () => {
    const text =
      'The U.S. Commerce Dept. fined ZTE Corp. $1.19 billion on Jan. 5 under E.O. 13971 and rule No. 7. ' +
      'Huawei Technologies Co. Ltd. and Apple Inc. CEO Tim Cook met in Washington. It was over.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'The U.S. Commerce Dept. fined ZTE Corp. $1.19 billion on Jan. 5 under E.O. 13971 and rule No. 7.',
      'Huawei Technologies Co. Ltd. and Apple Inc. CEO Tim Cook met in Washington.',
      'It was over.',
    ]);
  });

  it('ends a sentence at U.S. or Corp. when the next word plainly starts a new one', () => {
    const text = 'The app was banned in the U.S. The company objected. It listed Semiconductor Manufacturing International Corp. Shares of suppliers fell.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'The app was banned in the U.S.',
      'The company objected.',
      'It listed Semiconductor Manufacturing International Corp.',
      'Shares of suppliers fell.',
    ]);
  });

  it('splits Chinese text on 。！？ and keeps offsets into the original text', () => {
    const text = '美国宣布禁令。中方回应了吗？回应了！ Then English.';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['美国宣布禁令。', '中方回应了吗？', '回应了！', 'Then English.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
