import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse-feed.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

async function parseOk(xml: string, feedUrl = 'https://trade-desk.example/feed.xml') {
  const result = await parseFeed(xml, feedUrl);
  if (result.kind !== 'ok') throw new Error(`expected a feed, got ${result.message}`);
  return result;
}

const rss = (items: string, channelTitle = 'T') => `<?xml version="1.0"?><rss version="2.0"><channel><title>${channelTitle}</title>${items}</channel></rss>`;

describe('parseFeed: RSS 2.0', () => {
  it('reads title as plain text, keeps the description HTML, and takes content, guid, link, date and author', async () => {
    const feed = await parseOk(fixture('rss2.xml'));
    expect(feed.title).toBe('Capitol Trade Desk & Wire');
    expect(feed.items[0]).toEqual({
      feedUrl: 'https://trade-desk.example/feed.xml',
      feedTitle: 'Capitol Trade Desk & Wire',
      guid: 'trade-desk-0001',
      link: 'https://trade-desk.example/2021/01/wechat-pay-order',
      title: 'Commerce names WeChat Pay in new order',
      description: '<p>The order covers <b>Alipay</b> and <i>WeChat Pay</i>.</p>',
      content: '<p>Full text: the order lists eight applications, among them <b>Alipay</b>, CamScanner and WPS Office.</p>',
      publishedAt: '2021-01-05T22:15:00.000Z',
      author: 'Desk Reporter',
    });
  });

  it('uses a permalink guid as the link and leaves out a date it cannot read', async () => {
    const item = (await parseOk(fixture('rss2.xml'))).items.find((i) => i.title === 'Item whose guid is its permalink');
    expect(item?.link).toBe('https://trade-desk.example/2021/01/permalink-only');
    expect(item).not.toHaveProperty('publishedAt');
  });

  it('resolves a relative link against the feed URL and drops a javascript: link', async () => {
    const items = (await parseOk(fixture('rss2.xml'))).items;
    expect(items.find((i) => i.title.startsWith('Relative'))?.link).toBe('https://trade-desk.example/2021/01/relative');
    const hostile = items.find((i) => i.title === 'Script link is dropped');
    expect(hostile).toBeDefined();
    expect(hostile).not.toHaveProperty('link');
  });

  it('keeps an item that has only a description and drops one with no title, description or link', async () => {
    const items = (await parseOk(fixture('rss2.xml'))).items;
    expect(items.map((i) => i.description)).toContain('<p>Only a description, no title or link.</p>');
    expect(items.some((i) => i.guid === 'empty-0002')).toBe(false);
    expect(items).toHaveLength(5);
  });

  it('parses a feed with blank lines before the XML declaration (common WordPress output)', async () => {
    const feed = await parseOk(`\n\n   ${rss('<item><title>Spaced</title></item>')}`);
    expect(feed.items.map((i) => i.title)).toEqual(['Spaced']);
  });

  it('parses RSS 0.91 with its external DOCTYPE and decodes character references in titles', async () => {
    const feed = await parseOk(fixture('rss091-doctype.xml'));
    expect(feed.items[0]).toMatchObject({ title: 'Café report on Huawei', link: 'https://old.example/huawei' });
  });

  it('reads an <rss> without a version attribute as RSS 2.0', async () => {
    const feed = await parseOk('<rss><channel><title>No version</title><item><title>Still read</title></item></channel></rss>');
    expect(feed.items[0]?.title).toBe('Still read');
  });

  it('does not resolve relative links for a feed read from a local file', async () => {
    const feed = await parseOk(rss('<item><title>x</title><link>/relative</link></item>'), '/srv/feeds/local.xml');
    expect(feed.items[0]).not.toHaveProperty('link');
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('reads items beside the channel, with dc:date as the publication date and dc:creator as author', async () => {
    const feed = await parseOk(fixture('rss1-rdf.xml'), 'https://agency-notices.example/rss');
    expect(feed.title).toBe('Agency Notices (RSS 1.0)');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      title: 'Addition of Entities to the Entity List',
      link: 'https://agency-notices.example/notice/2020-28031',
      description: 'The rule adds SMIC and DJI to the Entity List.',
      publishedAt: '2020-12-22T14:00:00.000Z',
      author: 'Industry and Security Bureau',
    });
    expect(feed.items[1]?.publishedAt).toBe('2021-01-08T00:00:00.000Z');
  });
});

describe('parseFeed: Atom', () => {
  it('takes the alternate link, summary as description, content, id, published date and author name', async () => {
    const feed = await parseOk(fixture('atom.xml'), 'https://court-watch.example/atom.xml');
    expect(feed.title).toBe('Court & Policy Watch');
    expect(feed.items[0]).toMatchObject({
      guid: 'tag:court-watch.example,2020:wechat-injunction',
      link: 'https://court-watch.example/2020/09/wechat-injunction',
      title: 'Judge blocks WeChat ban',
      description: '<p>A preliminary injunction halts the WeChat prohibitions.</p>',
      publishedAt: '2020-09-20T03:00:00.000Z',
      author: 'Court Desk',
    });
    expect(feed.items[0]?.content).toContain('<p>The court found the users likely to succeed.</p>');
  });

  it('keeps an entry with an unreadable date (without the date) instead of rejecting the whole feed', async () => {
    const feed = await parseOk(fixture('atom.xml'), 'https://court-watch.example/atom.xml');
    expect(feed.items).toHaveLength(2);
    const second = feed.items[1]!;
    expect(second).not.toHaveProperty('publishedAt');
    expect(second.link).toBe('https://court-watch.example/2020/12/tiktok-appeal');
    // An XHTML title still yields its words.
    expect(second.title.split(' ').sort()).toEqual(['TikTok', 'appealed', 'ruling']);
  });

  it('uses the content as description when an entry has no summary, so matching sees the text', async () => {
    const second = (await parseOk(fixture('atom.xml'))).items[1]!;
    expect(second.description).toBe('<p>Only content, no summary: the appeal was filed.</p>');
  });
});

describe('parseFeed: documents that are not feeds', () => {
  it.each([
    ['an HTML page', fixture('html-page.html'), /HTML page, not an RSS or Atom feed/],
    ['an HTML page without a doctype', '<html><head><title>x</title></head><body></body></html>', /HTML page/],
    ['truncated XML', fixture('truncated.xml'), /malformed XML: Unclosed root tag at line \d+, column \d+ \(the document looks truncated\)/],
    ['an entity-expansion bomb', fixture('entity-bomb.xml'), /declares XML entities in its DOCTYPE/],
    ['an unterminated DOCTYPE', '<?xml version="1.0"?><!DOCTYPE rss [ <!ELEMENT rss ANY>', /unterminated DOCTYPE/],
    ['JSON', '{"version":"https://jsonfeed.org/version/1.1","items":[]}', /not XML \(it looks like JSON\)/],
    ['plain text', 'Service Unavailable', /not XML: it starts with "Service Unavailable"/],
    ['an empty body', '   \n', /empty/],
    ['another XML document', '<?xml version="1.0"?><opml version="2.0"><body/></opml>', /root element is <opml>/],
    ['mismatched tags', rss('<item><title>x</item></title>'), /malformed XML: Unexpected close tag/],
    ['RSS without a channel', '<rss version="2.0"></rss>', /not laid out as RSS or Atom/],
  ])('answers not-a-feed for %s with a message saying why', async (_name, text, message) => {
    const result = await parseFeed(text, 'https://x.example/feed');
    expect(result.kind).toBe('not-a-feed');
    expect(result.kind === 'not-a-feed' && result.message).toMatch(/^not a feed: /);
    expect(result.kind === 'not-a-feed' && result.message).toMatch(message);
  });

});

describe('parseFeed: hostile content', () => {
  it('caps a 100 KB title with control characters at 1,000 characters of clean text', async () => {
    const title = `Alipay\u0001\u0007 ${'A'.repeat(100_000)}`;
    const feed = await parseOk(rss(`<item><title>${title}</title><link>https://x.example/1</link></item>`));
    const parsed = feed.items[0]!.title;
    expect(parsed.length).toBe(1_000);
    expect(parsed.startsWith('Alipay A')).toBe(true);
    expect(parsed).not.toMatch(/[\u0000-\u001f]/);
  });

  it('caps description and content at 100,000 characters', async () => {
    const big = 'x'.repeat(250_000);
    const feed = await parseOk(`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><item><title>Big</title><description>${big}</description><content:encoded>${big}</content:encoded></item></channel></rss>`);
    expect(feed.items[0]!.description.length).toBe(100_000);
    expect(feed.items[0]!.content?.length).toBe(100_000);
  });

  it('does not cut a title in the middle of a surrogate pair', async () => {
    const title = `${'a'.repeat(999)}😀tail`;
    const parsed = (await parseOk(rss(`<item><title>${title}</title></item>`))).items[0]!.title;
    expect(parsed).toBe('a'.repeat(999));
  });

  it('turns a title made only of child elements into text instead of an object', async () => {
    const parsed = (await parseOk(rss('<item><title><b>TikTok</b> <i>ban</i></title><link>https://x.example/a</link></item>'))).items[0]!;
    expect(parsed.title).toBe('TikTok ban');
  });

  it('keeps the feed title optional when the channel has none', async () => {
    const feed = await parseOk('<rss version="2.0"><channel><item><title>Only item</title></item></channel></rss>');
    expect(feed).not.toHaveProperty('title');
    expect(feed.items[0]).not.toHaveProperty('feedTitle');
  });
});
