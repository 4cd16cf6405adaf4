import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../src/catalog/edit-distance.ts';

describe('editDistance', () => {
  it.each([
    ['tencent', 'tencent', 0],
    ['tencnet', 'tencent', 1],
    ['alipy', 'alipay', 1],
    ['huawie', 'huawei', 1],
    ['', 'zte', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%s → %s costs %i (a swap of neighbours costs one)', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
