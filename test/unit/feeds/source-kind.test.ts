import { describe, expect, it } from 'vitest';
import { freshFederalRegisterUrl, impliedSourceKind, sourceKindOf } from '../../../src/feeds/source-kind.ts';

describe('impliedSourceKind', () => {
  it('recognises the official APIs by host and route, and reads everything else as RSS', () => {
    expect(impliedSourceKind('https://www.federalregister.gov/api/v1/documents.json?conditions%5Bterm%5D=TikTok')).toBe('federal-register');
    expect(impliedSourceKind('https://www.federalregister.gov/api/v1/documents/2021-00305.json')).toBe('federal-register');
    expect(impliedSourceKind('https://www.federalregister.gov/api/v1/public-inspection-documents/current.json')).toBe('public-inspection');
    expect(impliedSourceKind('https://api.trade.gov/static/consolidated_screening_list/consolidated.json')).toBe('csl');
    expect(impliedSourceKind('https://www.federalregister.gov/api/v1/documents.rss?conditions%5Btype%5D%5B%5D=PRESDOCU')).toBe('rss');
    expect(impliedSourceKind('https://federalregister.gov.example.com/api/v1/documents.json')).toBe('rss');
    expect(impliedSourceKind('data/demo/1-lantern-wire.xml')).toBe('rss');
  });
  it('lets the feeds file say otherwise', () => {
    expect(sourceKindOf('http://127.0.0.1:8080/list.json', 'csl')).toBe('csl');
    expect(sourceKindOf('http://127.0.0.1:8080/list.json')).toBe('rss');
  });
});

describe('freshFederalRegisterUrl', () => {
  const now = Date.parse('2027-01-31T09:00:00Z');
  it('adds a publication-date condition that changes daily, so a day-long public cache cannot hide a new document', () => {
    expect(freshFederalRegisterUrl('https://www.federalregister.gov/api/v1/documents.json?conditions%5Bterm%5D=TikTok&order=newest', now)).toBe(
      'https://www.federalregister.gov/api/v1/documents.json?conditions%5Bterm%5D=TikTok&order=newest&conditions%5Bpublication_date%5D%5Bgte%5D=2027-01-01',
    );
  });
  it('leaves a URL with its own date condition, and other hosts, as they are', () => {
    const dated = 'https://www.federalregister.gov/api/v1/documents.json?conditions%5Bpublication_date%5D%5Bgte%5D=2026-01-01';
    expect(freshFederalRegisterUrl(dated, now)).toBe(dated);
    expect(freshFederalRegisterUrl('http://127.0.0.1:9000/api/v1/documents.json', now)).toBe('http://127.0.0.1:9000/api/v1/documents.json');
  });
});
