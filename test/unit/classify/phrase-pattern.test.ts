import { describe, expect, it } from 'vitest';
import { inflections, lowerCase, phraseKeys, phrasePattern } from '../../../src/classify/phrase-pattern.ts';

const matches = (phrase: string | string[], text: string) => {
  const pattern = phrasePattern(phrase);
  pattern.lastIndex = 0;
  return pattern.test(lowerCase(text));
};

describe('phrasePattern', () => {
  it('matches every inflection of a starred word: revoke, bans, blocks', () => {
    for (const text of ['revoke', 'revokes', 'revoked', 'revoking']) expect(matches('revoke*', text)).toBe(true);
    for (const text of ['ban', 'bans', 'banned', 'banning']) expect(matches('ban*', text)).toBe(true);
    for (const text of ['blocks', 'blocked', 'blocking']) expect(matches('block*', text)).toBe(true);
    expect(inflections('deny')).toEqual(expect.arrayContaining(['denies', 'denied', 'denying']));
    expect(inflections('uphold')).toContain('upheld');
  });

  it('never matches inside a longer word', () => {
    expect(matches('ban*', 'The bank opened a branch in Kabang.')).toBe(false);
    expect(matches('sdn', 'sdnlist')).toBe(false);
  });

  it('skips up to N words with ~N, but not more', () => {
    expect(matches('judge ~4 block*', 'A federal judge on Sunday temporarily blocked the order')).toBe(true);
    expect(matches('judge ~2 block*', 'A federal judge on Sunday temporarily blocked the order')).toBe(false);
  });

  it('treats a word ending in ? as optional and an array as alternative phrases', () => {
    expect(matches('removed from the? entity list', 'removed from Entity List')).toBe(true);
    expect(matches('removed from the? entity list', 'removed from the entity list')).toBe(true);
    expect(matches(['signed into law', 'public law'], 'It became Public Law 118-50.')).toBe(true);
  });

  it('matches Chinese words without word boundaries and mixed with Latin names', () => {
    expect(matches('实体清单', '美国将中芯国际列入实体清单。')).toBe(true);
    expect(matches('禁止 ~2 tiktok', '美国禁止TikTok')).toBe(true);
  });

  it('rejects a phrase that starts or ends with a gap', () => {
    expect(() => phrasePattern('~2 ban')).toThrow(/must start and end with a word/);
  });
});

describe('phraseKeys', () => {
  it('keys a phrase on the forms of its first word, and lists every word it needs', () => {
    const keys = phraseKeys('sign* ~3 order|orders')!;
    expect(keys.keys).toEqual(expect.arrayContaining(['sign', 'signs', 'signed', 'signing']));
    expect(keys.anchored).toBe(true);
    expect(keys.requires).toHaveLength(1);
    expect(keys.requires[0]![1]).toEqual(expect.arrayContaining(['order', 'orders']));
  });

  it('keys a word with an apostrophe or hyphen on its leading letters, and leaves optional words out of what is needed', () => {
    expect(phraseKeys("won't ~1 block")!.keys).toEqual(['won']);
    expect(phraseKeys('non-enforcement')!.keys).toEqual(['non']);
    expect(phraseKeys('removed from the? entity list')!.requires[0]).toHaveLength(4);
  });

  it('keys Han words on a character and does not anchor them, since they have no word boundaries', () => {
    const keys = phraseKeys(['实体清单', '列入 ~4 清单'])!;
    expect(keys.keys).toEqual(['实', '列']);
    expect(keys.anchored).toBe(false);
    expect(keys.requires).toEqual([[['实']], [['列'], ['清']]]);
  });
});

describe('lowerCase', () => {
  it('keeps every offset, even for the dotted capital I', () => {
    const text = 'İstanbul court BANS app';
    expect(lowerCase(text)).toHaveLength(text.length);
    expect(lowerCase(text).indexOf('bans')).toBe(text.indexOf('BANS'));
  });
});
