import { describe, expect, it } from 'vitest';
import { NO_PREDICTION, confusion, scoreCounts, scoreEntities, scorePairwise } from '../../eval/metrics.ts';

describe('scoreCounts', () => {
  it('computes precision, recall and F1 from tp=3 fp=1 fn=2 as 0.75, 0.6 and 2/3', () => {
    const s = scoreCounts({ tp: 3, fp: 1, fn: 2 });
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.6);
    expect(s.f1).toBeCloseTo(2 / 3);
  });

  it('reports a ratio as null when its denominator is zero, and F1 as 0 when nothing is right', () => {
    expect(scoreCounts({ tp: 0, fp: 0, fn: 0 })).toMatchObject({ precision: null, recall: null, f1: null });
    expect(scoreCounts({ tp: 0, fp: 2, fn: 0 })).toMatchObject({ precision: 0, recall: null, f1: 0 });
    expect(scoreCounts({ tp: 0, fp: 0, fn: 3 })).toMatchObject({ precision: null, recall: 0, f1: 0 });
  });
});

describe('scoreEntities', () => {
  const pairs = [
    { gold: ['alipay', 'wechat'], predicted: ['alipay'] },
    { gold: [], predicted: ['tiktok'] },
    { gold: ['tiktok'], predicted: ['tiktok', 'tiktok'] },
    { gold: ['wechat'], predicted: ['wechat-pay'] },
  ];

  it('counts each item×entity decision once and micro-averages over them (2 tp, 2 fp, 2 fn → 0.5)', () => {
    const { micro } = scoreEntities(pairs);
    expect(micro).toMatchObject({ tp: 2, fp: 2, fn: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('scores every entity seen in labels or predictions, a predicted-only id included', () => {
    const { perEntity } = scoreEntities(pairs);
    expect(Object.keys(perEntity)).toEqual(['alipay', 'tiktok', 'wechat', 'wechat-pay']);
    expect(perEntity.alipay).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(perEntity.tiktok).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(perEntity.tiktok!.f1).toBeCloseTo(2 / 3);
    expect(perEntity.wechat).toMatchObject({ tp: 0, fp: 0, fn: 2, precision: null, recall: 0, f1: 0 });
    expect(perEntity['wechat-pay']).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: 0 });
  });
});

describe('confusion', () => {
  const pairs = [
    { gold: 'ban', predicted: 'ban' },
    { gold: 'ban', predicted: 'litigation' },
    { gold: 'litigation', predicted: 'litigation' },
    { gold: 'revocation', predicted: 'executive-order' },
    { gold: 'other', predicted: undefined },
  ];

  it('gives accuracy 2/5 and puts each item in the cell [label][prediction]', () => {
    const c = confusion(pairs, ['executive-order', 'ban', 'litigation', 'revocation', 'other']);
    expect(c.accuracy).toBeCloseTo(0.4);
    expect(c.correct).toBe(2);
    expect(c.total).toBe(5);
    expect(c.matrix.ban).toEqual({ ban: 1, litigation: 1 });
    expect(c.matrix.revocation).toEqual({ 'executive-order': 1 });
    expect(c.matrix.other).toEqual({ [NO_PREDICTION]: 1 });
  });

  it('orders rows and columns as asked, with unknown predictions after and a missing prediction last', () => {
    const c = confusion([...pairs, { gold: 'ban', predicted: 'banned' }], ['executive-order', 'ban', 'litigation', 'revocation', 'other']);
    expect(c.rows).toEqual(['ban', 'litigation', 'revocation', 'other']);
    expect(c.columns).toEqual(['executive-order', 'ban', 'litigation', 'banned', NO_PREDICTION]);
  });

  it('reports accuracy as null when there is nothing to score', () => {
    expect(confusion([]).accuracy).toBeNull();
  });
});

describe('scorePairwise', () => {
  it('scores a tiny clustering by hand: 1 shared pair of 2 predicted and 4 labeled → P 0.5, R 0.25, F1 1/3', () => {
    // Labeled: {a,b,c} {d,e} {f}. Predicted: {a,b} {c,d} {e} and f without a story.
    const s = scorePairwise([
      { gold: 'S1', predicted: 'P1' },
      { gold: 'S1', predicted: 'P1' },
      { gold: 'S1', predicted: 'P2' },
      { gold: 'S2', predicted: 'P2' },
      { gold: 'S2', predicted: 'P3' },
      { gold: 'S3', predicted: undefined },
    ]);
    expect(s).toMatchObject({ tp: 1, predictedPairs: 2, goldPairs: 4, precision: 0.5, recall: 0.25 });
    expect(s.f1).toBeCloseTo(1 / 3);
    expect(s.goldClusters).toBe(3);
    expect(s.predictedClusters).toBe(4);
  });

  it('scores a perfect grouping as 1 even when the predicted ids differ from the labeled ones', () => {
    const s = scorePairwise([
      { gold: 'x', predicted: 'st_9' },
      { gold: 'x', predicted: 'st_9' },
      { gold: 'y', predicted: 'st_2' },
      { gold: 'y', predicted: 'st_2' },
      { gold: 'z', predicted: 'st_5' },
    ]);
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('never groups two items that have no predicted story, so they cost recall', () => {
    const s = scorePairwise([
      { gold: 'x', predicted: null },
      { gold: 'x', predicted: undefined },
    ]);
    expect(s).toMatchObject({ tp: 0, predictedPairs: 0, goldPairs: 1, precision: null, recall: 0, f1: 0 });
  });

  it('gives null scores when neither side has a pair (all singletons)', () => {
    expect(scorePairwise([{ gold: 'a', predicted: '1' }, { gold: 'b', predicted: '2' }])).toMatchObject({ precision: null, recall: null, f1: null });
  });
});
