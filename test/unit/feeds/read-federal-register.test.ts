import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFederalRegister, readPublicInspection } from '../../../src/feeds/read-federal-register.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/official/${name}`, import.meta.url), 'utf8');
const URL_DOCS = 'https://www.federalregister.gov/api/v1/documents.json';

describe('readFederalRegister', () => {
  it('turns each document into an item carrying its structured facts', () => {
    const r = readFederalRegister(fixture('fr-documents.json'), URL_DOCS);
    if (r.kind !== 'ok') throw new Error(r.message);
    expect(r.items).toHaveLength(4);
    const [eo, rule] = r.items;
    expect(eo).toMatchObject({
      guid: 'fr:2027-01234',
      title: 'Addressing the Continuing Threat Posed by TikTok and Other Connected Applications',
      link: 'https://www.federalregister.gov/documents/2027/01/19/2027-01234/addressing-the-continuing-threat-posed-by-tiktok-and-other-c',
      publishedAt: '2027-01-19T00:00:00.000Z',
      documentType: 'Presidential Document',
      documentNumber: '2027-01234',
      official: {
        source: 'federal-register',
        type: 'PRESDOCU',
        presidentialDocumentType: 'executive_order',
        eoNumber: '14601',
        citation: '92 FR 4410',
        documentNumber: '2027-01234',
        agencies: ['executive-office-of-the-president'],
        agencyNames: ['Executive Office of the President'],
        signingDate: '2027-01-14',
        publicationDate: '2027-01-19',
        pdfUrl: 'https://www.govinfo.gov/content/pkg/FR-2027-01-19/pdf/2027-01234.pdf',
      },
    });
    // A presidential document without an abstract still says what it is, in words the pipeline reads.
    expect(eo?.description).toBe('Executive Order 14601 signed 2027-01-14. Published 2027-01-19 at 92 FR 4410 (FR Doc 2027-01234). Agencies: Executive Office of the President.');
    expect(rule?.official).toMatchObject({ type: 'RULE', agencies: ['commerce-department', 'industry-and-security-bureau'], citation: '92 FR 3902' });
    expect(rule?.description).toMatch(/^In this rule, the Bureau of Industry and Security amends .* SZ DJI Technology Co\., Ltd\. in China\. Published/);
  });

  it('reads a single-document response (documents/{number}.json) too', () => {
    const r = readFederalRegister(fixture('fr-document-2027-01150.json'), 'https://www.federalregister.gov/api/v1/documents/2027-01150.json');
    expect(r.kind === 'ok' && r.items.map((i) => i.documentNumber)).toEqual(['2027-01150']);
  });

  it('names what is wrong with a body that is not the API response', () => {
    expect(readFederalRegister('<?xml version="1.0"?><rss/>', URL_DOCS)).toEqual({
      kind: 'not-a-feed',
      message: expect.stringMatching(/^not a Federal Register API documents response: the body is not JSON \(it looks like XML: for documents.rss use "kind": "rss"\)/),
    });
    expect(readFederalRegister('{"errors":{"per_page":"too large"}}', URL_DOCS)).toEqual({ kind: 'not-a-feed', message: 'not a Federal Register API documents response: no "results" array and no "document_number"' });
  });

  it('drops documents without a usable number and links that are not http(s)', () => {
    const body = JSON.stringify({ results: [{ title: 'No number' }, { document_number: '2027-00001', title: 'Ok', html_url: 'javascript:alert(1)', type: 'Notice' }, 'junk'] });
    const r = readFederalRegister(body, URL_DOCS);
    expect(r.kind === 'ok' && r.items.map((i) => [i.documentNumber, i.link])).toEqual([['2027-00001', undefined]]);
  });
});

describe('readPublicInspection', () => {
  it('says when each filed document is to be published, keyed apart from the published one', () => {
    const r = readPublicInspection(fixture('public-inspection-current.json'), 'https://www.federalregister.gov/api/v1/public-inspection-documents/current.json');
    if (r.kind !== 'ok') throw new Error(r.message);
    const [order, rule] = r.items;
    expect(order).toMatchObject({
      guid: 'fr-pi:2027-01234',
      publishedAt: '2027-01-16T13:45:00.000Z',
      official: { source: 'public-inspection', type: 'PRESDOCU', publicationDate: '2027-01-19', documentNumber: '2027-01234', pdfUrl: 'https://public-inspection.federalregister.gov/2027-01234.pdf' },
    });
    expect(order?.description).toBe('On public inspection, to be published 2027-01-19 (FR Doc 2027-01234). Agencies: Executive Office of the President.');
    expect(rule?.official?.agencyNames).toEqual(['Commerce Department', 'Industry and Security Bureau']);
  });
});
