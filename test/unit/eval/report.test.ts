import { describe, expect, it } from 'vitest';
import type { Labels } from '../../eval/corpus.ts';
import { evaluate, parsePredictions } from '../../eval/evaluate.ts';
import { formatReport, formatTable } from '../../eval/report.ts';

describe('formatTable', () => {
  it('pads every column to its widest cell, right-aligning where asked', () => {
    const text = formatTable(['entity', 'F1'], [['alipay', '1.000'], ['wechat-pay', '0.5']], ['l', 'r']);
    expect(text.split('\n')).toEqual(['entity         F1', '----------  -----', 'alipay      1.000', 'wechat-pay    0.5']);
  });
});

describe('formatReport', () => {
  const labels: Labels = {
    a: { entities: ['tiktok'], category: 'litigation', story: 's1' },
    b: { entities: ['tiktok'], category: 'litigation', story: 's1' },
  };
  const figures = evaluate({
    labels,
    predictions: parsePredictions(
      [
        JSON.stringify({ guid: 'a', entities: ['tiktok'], category: 'litigation', story: 'x' }),
        JSON.stringify({ guid: 'b', entities: [], category: 'ban', story: 'y' }),
      ].join('\n'),
    ).predictions,
  });
  const thresholds = { minEntityF1: 0.95, minCategoryAccuracy: 0.85, minStoryF1: 0 };

  it('shows the micro row, the confusion cell and the verdict a reader acts on', () => {
    const text = formatReport(figures, { thresholds, failures: ['entity F1 (micro) 0.667 is below the minimum 0.95'], source: 'test', baselineNote: 'no catalog' });
    expect(text).toMatch(/^MICRO\s+2\s+1\.000\s+0\.500\s+0\.667\s+1\s+0\s+1$/m);
    expect(text).toMatch(/^litigation\s+1\s+1\s+2\s+0\.500$/m);
    expect(text).toContain('baseline: not computed (no catalog)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL: entity F1 (micro) 0.667 is below the minimum 0.95');
  });

  it('lists mistakes by item title and feed when asked', () => {
    const items = new Map([
      ['a', { feed: 'bench.xml', title: 'Judge blocks ban' }],
      ['b', { feed: 'ledger.xml', title: 'Court halts ban' }],
    ]);
    const text = formatReport(figures, { thresholds, failures: [], source: 'test', showErrors: 5, items });
    expect(text).toContain('missed tiktok :: [ledger.xml] Court halts ban');
    expect(text).toContain('litigation → ban :: [ledger.xml] Court halts ban');
    expect(text).toContain('labeled story split s1: x (bench) | y (ledger)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('PASS');
  });
});
