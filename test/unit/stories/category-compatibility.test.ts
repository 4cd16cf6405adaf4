import { describe, expect, it } from 'vitest';
import { categoryCompatibility } from '../../../src/stories/category-compatibility.ts';
import { CATEGORIES } from '../../../src/model.ts';

describe('categoryCompatibility', () => {
  it('never joins a court case with the order, ban, listing, law, revocation or probe it is about, in either direction', () => {
    for (const other of ['executive-order', 'ban', 'export-control', 'sanctions', 'investment-restriction', 'legislation', 'revocation', 'investigation'] as const) {
      expect(categoryCompatibility('litigation', other)).toBeUndefined();
      expect(categoryCompatibility(other, 'litigation')).toBeUndefined();
    }
  });

  it('lets an order join a ban on the same order or strong text, and a revoking order join only on a shared citation', () => {
    expect(categoryCompatibility('executive-order', 'ban')).toBe('citation-or-strong-text');
    expect(categoryCompatibility('ban', 'executive-order')).toBe('citation-or-strong-text');
    expect(categoryCompatibility('revocation', 'executive-order')).toBe('citation-and-strong-text');
  });

  it('lets any other pair a classifier may mix up join on strong text (an order read as corporate news, a probe read as a listing)', () => {
    expect(categoryCompatibility('corporate', 'executive-order')).toBe('strong-text');
    expect(categoryCompatibility('investigation', 'export-control')).toBe('strong-text');
    expect(categoryCompatibility('revocation', 'export-control')).toBe('strong-text');
    expect(categoryCompatibility('litigation', 'corporate')).toBe('strong-text');
  });

  it('joins the same category freely and an unclassified item only on strong text', () => {
    for (const c of CATEGORIES) expect(categoryCompatibility(c, c)).toBe('none');
    expect(categoryCompatibility('other', 'litigation')).toBe('strong-text');
  });
});
