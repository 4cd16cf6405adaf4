import { describe, expect, it } from 'vitest';
import { extractDates, extractIssueDates } from '../../../src/stories/extract-dates.ts';

describe('extractDates', () => {
  it('reads one date however it is written, in English, ISO or Chinese', () => {
    for (const text of ['from Sept. 20', 'on September 20, 2020', 'on 20 September', 'effective 2020-09-20', '自9月20日起', 'Sunday, Sep 20th']) {
      expect([text, extractDates(text).dates]).toEqual([text, ['d:9-20']]);
    }
  });

  it('tells different deadlines apart and lists each once', () => {
    expect(extractDates('downloads end Sept. 20; hosting ends Nov. 12; again Sept 20').dates).toEqual(['d:9-20', 'd:11-12']);
  });

  it('reads periods ("45 days", "90-day", "75天") and ignores a month with only a year', () => {
    expect(extractDates('within 45 days, a 90-day extension, 延期75天, signed in Nov 2020')).toEqual({ dates: [], periods: ['p:45d', 'p:90d', 'p:75d'] });
  });

  it('reads the date an official text gives its act, and not deadlines or other dates', () => {
    expect(extractIssueDates('Executive Order 13942 of August 6, 2020. Prohibits transactions from Sept. 20.')).toEqual(['d:8-6']);
    expect(extractIssueDates('Memorandum of June 9, 2021 on data security')).toEqual(['d:6-9']);
    expect(extractIssueDates('The ban takes effect on September 20; the order was signed Aug. 6.')).toEqual([]);
  });
});
