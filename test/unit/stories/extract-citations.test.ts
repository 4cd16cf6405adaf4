import { describe, expect, it } from 'vitest';
import { extractCitations, normalizeCitations } from '../../../src/stories/extract-citations.ts';

const keys = (text: string) => extractCitations(text).map((c) => c.key);

describe('extractCitations', () => {
  it('reads the ways outlets write an EO number (English and Chinese) as one key', () => {
    for (const text of ['Executive Order 13971', 'E.O. 13971', 'EO 13971', 'executive order no. 13971', '第13971号行政令', '行政命令第13971号']) {
      expect([text, keys(text)]).toEqual([text, ['eo:13971']]);
    }
  });

  it('reads every number of a list of orders', () => {
    expect(keys('Executive Orders 13942, 13943 and 13971 are revoked')).toEqual(['eo:13942', 'eo:13943', 'eo:13971']);
  });

  it('reads Federal Register cites, FR document numbers, dockets and public laws, each once', () => {
    expect(keys('See 85 Fed. Reg. 60,061 (85 FR 60061), FR Doc. 2020-21193, TikTok Inc. v. Trump, No. 1:20-cv-02658, and Pub. L. 118-50.')).toEqual([
      'fr:85:60061',
      'frdoc:2020-21193',
      'docket:1:20-cv-02658',
      'publaw:118-50',
    ]);
  });

  it('does not take an ISO date or a bare year for a document number', () => {
    expect(keys('Effective 2020-09-20, announced in 2020.')).toEqual([]);
  });
});

describe('normalizeCitations', () => {
  it('accepts a bare order number and keeps an unrecognised identifier as folded text', () => {
    expect(normalizeCitations(['13971', 'EO 13971', 'OFAC Notice  X-1'])).toEqual([
      { kind: 'eo', key: 'eo:13971' },
      { kind: 'other', key: 'other:ofac notice x-1' },
    ]);
  });
});
