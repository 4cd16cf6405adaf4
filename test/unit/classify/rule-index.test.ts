import { describe, expect, it } from 'vitest';
import { lowerCase } from '../../../src/classify/phrase-pattern.ts';
import { createRuleIndex, findMatches } from '../../../src/classify/rule-index.ts';
import type { CompiledRule } from '../../../src/classify/signal-rules.ts';
import { SIGNAL_RULES } from '../../../src/classify/signal-rules.ts';

/** Every match a plain global scan of the rule's pattern finds. */
function fullScan(rule: CompiledRule, lower: string): Array<[number, number]> {
  return findMatches({ ...rule, sticky: undefined }, lower, []);
}

/** A small seeded generator, so a failure can be replayed. */
function buildRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One wording of a phrase of the rule language: an alternative per token, gaps filled, suffixes added. */
function buildInstance(phrase: string, random: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const words: string[] = [];
  for (const token of phrase.split(/\s+/)) {
    const gap = /^~(\d+)$/.exec(token);
    if (gap) {
      for (let i = Math.floor(random() * (Number(gap[1]) + 2)); i > 0; i--) words.push(pick(['the', 'new', 'us', 'its']));
      continue;
    }
    if (token.endsWith('?') && random() < 0.5) continue;
    const alt = pick(token.replace(/\?$/, '').split('|'));
    words.push(alt.endsWith('*') ? alt.slice(0, -1) + pick(['', 's', 'ed', 'ing', 'es', 'd']) : alt);
  }
  return words.join(' ');
}

/**
 * Texts made of wordings of the rule table's phrases, its single words, filler, and the
 * characters that sit at word edges (underscores, accents, apostrophes, hyphens, Han script),
 * joined in random order.
 */
function buildTexts(count: number, seed: number): string[] {
  const random = buildRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const phrases = SIGNAL_RULES.flatMap((r) => (typeof r.phrase === 'string' ? [r.phrase] : r.phrase instanceof RegExp ? [] : [...r.phrase]));
  const words = [
    ...new Set(SIGNAL_RULES.flatMap((r) => (r.requires ?? []).flat(2))),
    ...['the', 'a', 'of', 'white house passed', 'eo 13942', 'e.o. 14032', 'sb 419', 'h.r. 7521', 'is law', 'is law enforcement'],
    ...['ordered bytedance to sell', 'in order to sell', 'pub. l. 118-50', '3:20-cv-05910', '_ban', 'ban_', 'éban', 'won’t', "won't"],
  ];
  const joiners = [' ', ' ', ' ', ' ', ', ', '. ', '; ', '-', '’', "'", '\n', '', '_', '。', ' (', ') ', ': '];
  return Array.from({ length: count }, () => {
    let text = '';
    for (let i = 0; i < 40; i++) text += (random() < 0.5 ? buildInstance(pick(phrases), random) : pick(words)) + pick(joiners);
    return text;
  });
}

describe('createRuleIndex', () => {
  const index = createRuleIndex(SIGNAL_RULES);

  it('finds, for every rule, exactly the matches a full scan of the text finds', () => {
    const compared = new Set<number>();
    for (const text of buildTexts(100, 7)) {
      const lower = lowerCase(text);
      const scan = index.scan(lower);
      const candidates = new Set(index.candidateList(scan));
      for (const [i, rule] of SIGNAL_RULES.entries()) {
        const expected = fullScan(rule, lower);
        const actual = candidates.has(i) ? findMatches(rule, lower, index.starts(scan, i)) : [];
        if (expected.length) compared.add(i);
        expect(actual, `rule ${i} (${String(rule.phrase)}) on "${text.slice(0, 120)}…"`).toEqual(expected);
      }
    }
    // The generated texts set off nearly every rule, so the comparison is not an empty one.
    expect(compared.size).toBeGreaterThan(SIGNAL_RULES.length * 0.9);
  });

  it('agrees with the patterns on where a word ends, for every character next to a key word', () => {
    const bans = SIGNAL_RULES.findIndex((r) => r.phrase === 'bans|banned|banning');
    const rule = SIGNAL_RULES[bans]!;
    for (let c = 0; c < 0x2100; c++) {
      if (c >= 0xd800) break;
      const ch = String.fromCharCode(c);
      const lower = lowerCase(`${ch}bans${ch} x${ch}banned`);
      const scan = index.scan(lower);
      const actual = index.candidateList(scan).includes(bans) ? findMatches(rule, lower, index.starts(scan, bans)) : [];
      expect(actual, `U+${c.toString(16)}`).toEqual(fullScan(rule, lower));
    }
  });

  it('runs no keyed rule on a text without any of the words the rules need', () => {
    const scan = index.scan(lowerCase('The weather stayed mild over the weekend, with light rain.'));
    const keyed = SIGNAL_RULES.map((rule, i) => (rule.keys && index.candidateList(scan).includes(i) ? i : -1)).filter((i) => i >= 0);
    expect(keyed).toEqual([]);
  });

  it('does not run a phrase when only its first word is in the text', () => {
    const toBan = SIGNAL_RULES.findIndex((r) => r.phrase === 'to ban');
    expect(index.candidateList(index.scan('they agreed to meet'))).not.toContain(toBan);
    expect(index.candidateList(index.scan('they agreed to ban it'))).toContain(toBan);
  });

  it('reports where extra words start, in text order', () => {
    const withVerbs = createRuleIndex(SIGNAL_RULES, ['blocks', 'outlaws']);
    const scan = withVerbs.scan('pakistan outlaws x; india blocks y');
    expect(withVerbs.startsOf(scan, ['blocks', 'outlaws'])).toEqual([9, 26]);
  });

  it('refuses a key with a character the index cannot hold, naming it', () => {
    const rule: CompiledRule = { category: 'ban', phrase: 'x', weight: 2, pattern: /café/g, keys: ['café'], requires: [[['café']]] };
    expect(() => createRuleIndex([rule])).toThrow(/café/);
  });
});
