import { describe, expect, it } from 'vitest';
import { categoryCompatibility } from '../../../src/stories/category-compatibility.ts';
import { CATEGORIES } from '../../../src/model.ts';

describe('categoryCompatibility', () => {
  it('never joins a court case with the order or ban it is about, in either direction', () => {
    for (const other of ['executive-order', 'ban', 'export-control', 'sanctions'] as const) {
      expect(categoryCompatibility('litigation', other)).toBeUndefined();
      expect(categoryCompatibility(other, 'litigation')).toBeUndefined();
    }
  });

  it('lets an order join a ban only on the same order or strong text, and is symmetric', () => {
    expect(categoryCompatibility('executive-order', 'ban')).toBe('citation-or-strong-text');
    expect(categoryCompatibility('ban', 'executive-order')).toBe('citation-or-strong-text');
  });

  it('joins the same category freely and an unclassified item only on strong text', () => {
    for (const c of CATEGORIES) expect(categoryCompatibility(c, c)).toBe('none');
    expect(categoryCompatibility('other', 'litigation')).toBe('strong-text');
  });
});
