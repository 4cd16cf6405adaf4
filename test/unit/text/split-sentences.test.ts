import { describe, expect, it } from 'vitest';
import { isSpace, splitSentences } from '../../../src/text/split-sentences.ts';

describe('isSpace', () => {
  it('agrees with \\s and with trim on every code unit', () => {
    const disagree: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      if (isSpace(code) !== /\s/.test(ch) || isSpace(code) !== (`${ch}x`.trim() === 'x')) disagree.push(code.toString(16));
    }
    expect(disagree).toEqual([]);
  });
});

describe('splitSentences', () => {
  it('trims sentences and keeps their offsets in the text', () => {
    const text = ' \u00a0The U.S. Commerce Dept. acted.\u2028 Then J. Smith spoke.  Co. Ltd. and more. ';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['The U.S. Commerce Dept. acted.', 'Then J. Smith spoke.', 'Co. Ltd. and more.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('breaks after a bracketed word longer than any abbreviation, and not after a bracketed abbreviation', () => {
    const long = splitSentences('He said ("approximately. 5 more") it ended. Then more.');
    expect(long.length).toBe(3);
    expect(long.map((s) => s.text)).toEqual(['He said ("approximately.', '5 more") it ended.', 'Then more.']);
    expect(splitSentences('Filed by ("Corp. 5 units") today. Then more.').map((s) => s.text)).toEqual(['Filed by ("Corp. 5 units") today.', 'Then more.']);
  });
});
