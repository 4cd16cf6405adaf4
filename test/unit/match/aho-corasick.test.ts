import { describe, expect, it } from 'vitest';
import { buildAutomaton } from '../../../src/match/aho-corasick.ts';

/** Every (key, end) pair by brute force, for comparison. */
function naive(keys: string[], text: string): string[] {
  const found: string[] = [];
  keys.forEach((key, index) => {
    if (key === '') return;
    for (let i = text.indexOf(key); i !== -1; i = text.indexOf(key, i + 1)) found.push(`${index}@${i + key.length}`);
  });
  return found.sort();
}

function scanAll(keys: string[], text: string): string[] {
  const found: string[] = [];
  buildAutomaton(keys).scan(text, (index, end) => found.push(`${index}@${end}`));
  return found.sort();
}

describe('buildAutomaton', () => {
  it('reports overlapping and nested keys, each at every place it occurs', () => {
    const keys = ['wechat', 'wechat pay', 'chat', 'at', 'hat', 'pay'];
    const text = 'wechat pay, wechat, chat pay';
    expect(scanAll(keys, text)).toEqual(naive(keys, text));
    expect(scanAll(keys, text)).toContain('1@10');
  });

  it('finds CJK keys and keys that are suffixes of other keys', () => {
    const keys = ['中兴', '中兴通讯', '通讯', 'qq钱包', 'qq'];
    const text = '中兴通讯和qq钱包，还有中兴';
    expect(scanAll(keys, text)).toEqual(naive(keys, text));
  });

  it('agrees with a brute-force search on random texts over a small alphabet', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (len: number) => Array.from({ length: len }, () => 'abc'[rand(3)]).join('');
    for (let round = 0; round < 50; round++) {
      const keys = Array.from({ length: 6 }, () => word(1 + rand(4)));
      const text = word(60);
      expect(scanAll(keys, text), `${keys.join(',')} / ${text}`).toEqual(naive(keys, text));
    }
  });

  it('ignores empty keys and finds nothing in text made of other characters', () => {
    expect(scanAll(['', 'x'], 'abc')).toEqual([]);
  });
});
