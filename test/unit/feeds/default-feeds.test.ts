import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateFeedUrl } from '../../../src/feeds/address-guard.ts';
import { impliedSourceKind } from '../../../src/feeds/source-kind.ts';

const { feeds } = JSON.parse(readFileSync(new URL('../../../data/feeds.json', import.meta.url), 'utf8')) as { feeds: Array<{ url: string; title: string }> };

describe('data/feeds.json', () => {
  it('lists distinct feeds, each with a title and a URL the feed command would accept unchanged', () => {
    expect(feeds.length).toBeGreaterThanOrEqual(6);
    expect(new Set(feeds.map((f) => f.url)).size).toBe(feeds.length);
    for (const feed of feeds) {
      expect(feed.title.trim(), feed.url).not.toBe('');
      // Stored exactly as validateFeedUrl normalizes it, so `/sanctions feeds remove <url>` finds it.
      expect(validateFeedUrl(feed.url), feed.url).toEqual({ ok: true, url: feed.url });
      expect(feed.url.startsWith('https://'), feed.url).toBe(true);
      expect(feed.url, 'brackets must be encoded as %5B %5D').not.toMatch(/[[\]]/);
    }
  });

  it('covers the official sources: Federal Register presidential documents, BIS, OFAC and the White House', () => {
    const params = feeds.map((f) => new URL(f.url)).filter((u) => u.hostname === 'www.federalregister.gov').map((u) => u.searchParams);
    expect(params.some((p) => p.getAll('conditions[type][]').includes('PRESDOCU') && /TikTok/.test(p.get('conditions[term]') ?? ''))).toBe(true);
    expect(params.some((p) => p.getAll('conditions[agencies][]').includes('industry-and-security-bureau'))).toBe(true);
    expect(params.some((p) => p.getAll('conditions[agencies][]').includes('foreign-assets-control-office'))).toBe(true);
    expect(feeds.some((f) => f.url === 'https://www.whitehouse.gov/presidential-actions/feed/')).toBe(true);
  });

  it('reads the official APIs as data: FR documents with the fields the reader needs, newest first; public inspection; the screening list', () => {
    const kinds = feeds.map((f) => impliedSourceKind(f.url));
    expect(kinds.filter((k) => k === 'public-inspection')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'csl')).toHaveLength(1);
    const documents = feeds.filter((f) => impliedSourceKind(f.url) === 'federal-register').map((f) => new URL(f.url).searchParams);
    expect(documents.length).toBeGreaterThanOrEqual(3);
    for (const p of documents) {
      expect(p.get('order')).toBe('newest');
      // Without fields[] the API leaves out the EO number, signing date and citation.
      expect(p.getAll('fields[]')).toEqual(expect.arrayContaining(['document_number', 'executive_order_number', 'citation', 'signing_date', 'publication_date', 'type', 'agencies', 'html_url', 'pdf_url', 'title']));
      expect(p.get('conditions[term]')).toMatch(/TikTok/);
    }
  });

  it('searches Google News for the EO 13971 apps in English and for their Chinese names in a zh-CN search', () => {
    const searches = feeds.map((f) => new URL(f.url)).filter((u) => u.hostname === 'news.google.com');
    const queries = searches.map((u) => u.searchParams.get('q') ?? '');
    for (const name of ['Alipay', '"WeChat Pay"', '"QQ Wallet"', 'CamScanner', 'SHAREit', 'VMate', '"WPS Office"', 'TikTok']) {
      expect(queries.some((q) => q.includes(name)), name).toBe(true);
    }
    const chinese = searches.find((u) => u.searchParams.get('hl') === 'zh-CN');
    expect(chinese?.searchParams.get('q')).toMatch(/支付宝 OR 微信支付/);
    expect(searches.every((u) => u.searchParams.get('ceid') && u.searchParams.get('gl'))).toBe(true);
  });

  it('asks the Federal Register every 2 minutes in so many words: its blanket day-long Cache-Control then does not stretch the wait', () => {
    const fr = (feeds as Array<{ url: string; interval?: string }>).filter((f) => new URL(f.url).hostname === 'www.federalregister.gov');
    expect(fr.length).toBeGreaterThanOrEqual(4);
    for (const f of fr) expect(f.interval, f.url).toBe('2m');
  });
});
