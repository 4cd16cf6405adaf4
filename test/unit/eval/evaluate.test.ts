import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { naiveMatch, readCatalogNames } from '../../eval/baseline.ts';
import { readLabels } from '../../eval/corpus.ts';
import type { Labels } from '../../eval/corpus.ts';
import { checkThresholds, evaluate, parsePredictions } from '../../eval/evaluate.ts';

const labels: Labels = {
  a: { entities: ['tiktok'], category: 'litigation', story: 's1' },
  b: { entities: ['tiktok', 'bytedance'], category: 'litigation', story: 's1' },
  c: { entities: [], category: 'other', story: 'neg-c' },
  d: { entities: ['huawei'], category: 'export-control', story: 's2' },
};

const line = (o: object) => JSON.stringify(o);

describe('parsePredictions', () => {
  it('reads one object per line, skipping blank lines and reporting lines it cannot use', () => {
    const { predictions, problems } = parsePredictions(
      [
        line({ guid: 'a', entities: ['tiktok'], category: 'litigation', story: 'st1' }),
        '',
        'scan finished',
        line({ title: 'no guid' }),
        line({ guid: 'a', entities: [] }),
        line({ guid: 'b', entities: ['tiktok', 7], story: '' }),
      ].join('\n'),
    );
    expect([...predictions.keys()]).toEqual(['a', 'b']);
    expect(predictions.get('a')).toMatchObject({ entities: ['tiktok'], category: 'litigation', story: 'st1' });
    expect(predictions.get('b')).toMatchObject({ entities: ['tiktok'], story: undefined });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/line 3: not JSON/);
    expect(problems[1]).toMatch(/line 4: expected an object with a string "guid"/);
    expect(problems[2]).toMatch(/guid a repeated/);
  });
});

describe('evaluate', () => {
  const predictions = parsePredictions(
    [
      line({ guid: 'a', entities: ['tiktok'], category: 'litigation', story: 'p1' }),
      line({ guid: 'b', entities: ['tiktok'], category: 'ban', story: 'p1' }),
      line({ guid: 'c', entities: ['dji'], category: 'other', story: 'p2' }),
      line({ guid: 'zzz', entities: ['zte'], category: 'ban', story: 'p9' }),
    ].join('\n'),
  ).predictions;

  it('scores a labeled item missing from the output as "found nothing" and lists it', () => {
    const f = evaluate({ labels, predictions });
    expect(f.counts.missing).toEqual(['d']);
    expect(f.entities.perEntity.huawei).toMatchObject({ tp: 0, fn: 1 });
    expect(f.errors.entities).toContainEqual({ guid: 'd', missing: ['huawei'], extra: [] });
  });

  it('ignores printed guids that have no label', () => {
    const f = evaluate({ labels, predictions });
    expect(f.counts.unlabeled).toEqual(['zzz']);
    expect(f.entities.perEntity.zte).toBeUndefined();
  });

  it('counts a false alarm on an item with no labeled entity against entity precision', () => {
    const f = evaluate({ labels, predictions });
    expect(f.entities.perEntity.dji).toMatchObject({ tp: 0, fp: 1 });
    expect(f.entities.micro).toMatchObject({ tp: 2, fp: 1, fn: 2 });
  });

  it('computes category accuracy only over items with a labeled entity (3 items, 1 right)', () => {
    const f = evaluate({ labels, predictions });
    expect(f.category.total).toBe(3);
    expect(f.category.correct).toBe(1);
    expect(f.errors.categories.map((e) => e.guid)).toEqual(['b', 'd']);
  });

  it('scores story grouping over every labeled item', () => {
    const f = evaluate({ labels, predictions });
    // Labeled pairs: (a,b). Predicted pairs: (a,b). The missing item d is alone.
    expect(f.stories).toMatchObject({ tp: 1, predictedPairs: 1, goldPairs: 1, f1: 1 });
  });

  it('scores the baseline against the same labels when it is given', () => {
    const baseline = new Map([['a', ['tiktok']], ['b', ['tiktok', 'bytedance']], ['c', ['ant-group']], ['d', ['huawei']]]);
    const f = evaluate({ labels, predictions, baseline });
    expect(f.baseline?.micro).toMatchObject({ tp: 4, fp: 1, fn: 0 });
    expect(evaluate({ labels, predictions }).baseline).toBeNull();
  });
});

describe('checkThresholds', () => {
  const figures = evaluate({
    labels,
    predictions: parsePredictions(
      ['a', 'b', 'c', 'd'].map((g) => line({ guid: g, entities: labels[g]!.entities, category: labels[g]!.category, story: labels[g]!.story })).join('\n'),
    ).predictions,
  });

  it('passes perfect predictions at the default thresholds', () => {
    expect(checkThresholds(figures, { minEntityF1: 0.95, minCategoryAccuracy: 0.85, minStoryF1: 0 })).toEqual([]);
  });

  it('fails when a figure is below its threshold and says which one and by how much', () => {
    const weak = { ...figures, category: { ...figures.category, accuracy: 0.5 } };
    expect(checkThresholds(weak, { minEntityF1: 0.95, minCategoryAccuracy: 0.85, minStoryF1: 0 })).toEqual([
      'category accuracy 0.500 is below the minimum 0.85',
    ]);
  });

  it('fails a figure that cannot be measured unless its threshold is 0', () => {
    const none = { ...figures, stories: { ...figures.stories, f1: null } };
    expect(checkThresholds(none, { minEntityF1: 0, minCategoryAccuracy: 0, minStoryF1: 0 })).toEqual([]);
    expect(checkThresholds(none, { minEntityF1: 0, minCategoryAccuracy: 0, minStoryF1: 0.5 })).toEqual(['story pairwise F1 could not be measured is below the minimum 0.5']);
  });
});

describe('naive baseline', () => {
  const entries = [
    { id: 'tiktok', aliases: ['TikTok'], weakAliases: [] },
    { id: 'ant-group', aliases: ['Ant Group'], weakAliases: ['Ant'] },
    { id: 'wechat-pay', aliases: ['WeChat Pay'], weakAliases: [] },
  ];

  it('matches any alias or weak alias as a case-insensitive substring, as keyword bots do', () => {
    expect(naiveMatch(entries, 'tiktok creators sue')).toEqual(['tiktok']);
    // The weak alias "Ant" hides inside "important"; the name inside a link URL also matches.
    expect(naiveMatch(entries, 'An important note <a href="https://www.tiktok.com/x">video</a>')).toEqual(['tiktok', 'ant-group']);
    // Raw HTML defeats it: "WeChat&nbsp;Pay" is not the substring "wechat pay".
    expect(naiveMatch(entries, 'WeChat&nbsp;Pay')).toEqual([]);
  });
});

describe('corpus files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('rejects a malformed labels file naming the bad guid and what it holds', () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-labels-'));
    const path = join(dir, 'labels.json');
    writeFileSync(path, JSON.stringify({ ok: { entities: [], category: 'other', story: 's' }, broken: { entities: 'tiktok', category: 'ban' } }));
    expect(() => readLabels(path)).toThrow(/broken: expected \{entities: string\[\], category: string, story: string\}, got \{"entities":"tiktok","category":"ban"\}/);
  });

  it('reports a missing catalog instead of failing, so the evaluation can run without a baseline', () => {
    dir = mkdtempSync(join(tmpdir(), 'eval-catalog-'));
    expect(readCatalogNames(join(dir, 'entities.json'))).toMatchObject({ kind: 'missing' });
    writeFileSync(join(dir, 'bad.json'), '{"entities": 3}');
    expect(readCatalogNames(join(dir, 'bad.json'))).toMatchObject({ kind: 'invalid' });
  });
});
