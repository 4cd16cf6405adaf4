// The shape readers, through the feed port (parseFeed) and the analysis a cycle runs on its items.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/catalog.ts';
import { parseFeed } from '../../../src/feeds/parse-feed.ts';
import { decodeDoubleEscaped } from '../../../src/feeds/read-shapes.ts';
import { createMatcher } from '../../../src/match/matcher.ts';
import type { FeedItem } from '../../../src/model.ts';
import { analyzeItem } from '../../../src/pipeline/analyze-item.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const catalog = loadCatalog(fileURLToPath(new URL('../../../data/entities.json', import.meta.url)));
const matcher = createMatcher(catalog.entities());
const entityNames = Object.fromEntries(catalog.entities().map((e) => [e.id, e.name]));
const analyze = (item: FeedItem) => analyzeItem(item, { matcher, entityNames });

async function itemsOf(xml: string, feedUrl = 'https://feeds.example.test/feed.xml'): Promise<FeedItem[]> {
  const result = await parseFeed(xml, feedUrl);
  if (result.kind !== 'ok') throw new Error(result.message);
  return result.items;
}

describe('Google News search items', () => {
  it('split "Headline - Outlet", keep the outlet and its URL, and list the other reports of a cluster apart from the text', async () => {
    const [clustered] = await itemsOf(fixture('google-news-search.xml'));
    expect(clustered).toMatchObject({
      title: 'Trump order targets Alipay, WeChat Pay and six other Chinese apps',
      outlet: 'Harbor Ledger',
      outletUrl: 'https://harbor-ledger.example.test/',
      description: '',
    });
    expect(clustered?.related).toEqual([
      {
        headline: 'White House moves against CamScanner and QQ Wallet in parting order',
        outlet: 'Meridian Post',
        url: 'https://news.google.com/rss/articles/CBMiOWh0dHBzOi8vbWVyaWRpYW4tcG9zdC5leGFtcGxlLnRlc3QvYXBwcy1lby0xMzk3MdIBAA?oc=5',
      },
      {
        headline: 'Executive order gives Commerce 45 days to define banned app transactions',
        outlet: 'Trade Bulletin',
        url: 'https://news.google.com/rss/articles/CBMiNWh0dHBzOi8vdHJhZGUtYnVsbGV0aW4uZXhhbXBsZS50ZXN0L2VvLTEzOTcxLWFwcHPSAQA?oc=5',
      },
    ]);
  });

  it('match and summarise the headline and lead only: neither the outlet name nor the related headlines count', async () => {
    const [clustered, tencentOutlet, chinese] = await itemsOf(fixture('google-news-search.xml'));
    const order = analyze(clustered!);
    expect(order.mentions.map((m) => m.entityId)).toEqual(['alipay', 'wechat-pay']);
    expect(order.summary).not.toMatch(/CamScanner|Meridian|Harbor Ledger/);
    expect(analyze(tencentOutlet!).mentions.map((m) => m.entityId)).toEqual(['ant-group']);
    // A lead after the headline link is the item's description, and its summary.
    expect(chinese).toMatchObject({ title: '美国总统签署行政令 禁止与支付宝等八款应用交易', outlet: '环球财讯' });
    expect(analyze(chinese!).summary).toBe('行政令给商务部45天时间界定被禁止的交易。');
  });

  it('find the item\'s own entry wherever the cluster lists it, and skip the "View Full Coverage" link', async () => {
    const li = (href: string, headline: string, outlet: string) => `&lt;li&gt;&lt;a href="${href}" target="_blank"&gt;${headline}&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;${outlet}&lt;/font&gt;&lt;/li&gt;`;
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>SMIC added to Entity List - Dune Times</title>
      <link>https://news.google.com/rss/articles/OWN?oc=5</link><source url="https://dune-times.example.test">Dune Times</source>
      <description>&lt;ol&gt;${li('https://news.google.com/rss/articles/OTHER?oc=5', 'Chipmaker blacklisted', 'Mesa Daily')}${li('https://news.google.com/rss/articles/OWN?oc=5', 'SMIC added to Entity List', 'Dune Times')}&lt;li&gt;&lt;strong&gt;&lt;a href="https://news.google.com/stories/XYZ?oc=5" target="_blank"&gt;View Full Coverage on Google News&lt;/a&gt;&lt;/strong&gt;&lt;/li&gt;&lt;/ol&gt;</description>
    </item></channel></rss>`;
    const [item] = await itemsOf(xml);
    expect(item?.related).toEqual([{ headline: 'Chipmaker blacklisted', outlet: 'Mesa Daily', url: 'https://news.google.com/rss/articles/OTHER?oc=5' }]);
    expect(item?.description).toBe('');
  });

  it('take the outlet from the title when the item has no <source>, and leave a plain item with a dash alone', async () => {
    const xml = `<rss version="2.0"><channel><title>t</title>
      <item><title>Huawei loses another licence - Ridge Courier</title><link>https://news.google.com/rss/articles/XYZ?oc=5</link><guid isPermaLink="false">XYZ</guid>
      <description>&lt;a href="https://news.google.com/rss/articles/XYZ?oc=5"&gt;Huawei loses another licence&lt;/a&gt;</description></item>
      <item><title>ZTE settles (again) | THE PORT REVIEW</title><link>https://news.google.com/rss/articles/ABC?oc=5</link><source url="https://port-review.example.test">The Port Review</source></item>
      <item><title>Rates steady - for now</title><link>https://wire.example.test/rates</link><description>Nothing else.</description></item>
    </channel></rss>`;
    const [gn, piped, plain] = await itemsOf(xml);
    expect(gn).toMatchObject({ title: 'Huawei loses another licence', outlet: 'Ridge Courier', description: '' });
    expect(piped).toMatchObject({ title: 'ZTE settles (again)', outlet: 'The Port Review', outletUrl: 'https://port-review.example.test/' });
    expect(plain).toMatchObject({ title: 'Rates steady - for now', description: 'Nothing else.' });
    expect(plain).not.toHaveProperty('outlet');
  });
});

describe('Federal Register items', () => {
  it('decode the doubly escaped abstract and take the document type and number from categories and link', async () => {
    const [eo, rule, titled] = await itemsOf(fixture('federal-register-documents.xml'));
    expect(eo).toMatchObject({ description: '', documentType: 'Presidential Document', documentNumber: '2021-00305' });
    expect(rule).toMatchObject({ documentType: 'Rule', documentNumber: '2020-28031' });
    expect(rule?.description).toMatch(/^<p>The Bureau of Industry and Security/);
    const analyzed = analyze(rule!);
    expect(analyzed.summary).toContain('to the “Entity List.”');
    expect(analyzed.summary).not.toMatch(/&lt;|&#|<p>/);
    expect(analyzed.mentions.map((m) => m.entityId)).toEqual(['smic', 'dji']);
    // No category: the title names a presidential document.
    expect(titled).toMatchObject({ documentType: 'Presidential Document', documentNumber: '2020-17699' });
  });

  it('never read the agency in dc:creator or the categories as text', async () => {
    const xml = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>FR</title><item>
      <title>Notice of Meeting of the Advisory Committee</title>
      <link>https://www.federalregister.gov/documents/2021/02/01/2021-01999/notice-of-meeting</link>
      <description>&amp;lt;p&amp;gt;The committee will meet by teleconference.&amp;lt;/p&amp;gt;</description>
      <dc:creator>Huawei Oversight Office</dc:creator><category>Notice</category><category>TikTok Review Board</category>
    </item></channel></rss>`;
    const [notice] = await itemsOf(xml);
    expect(notice).toMatchObject({ documentType: 'Notice', documentNumber: '2021-01999' });
    expect(analyze(notice!).mentions).toEqual([]);
  });

  it('decode one level of escaping only where markup or a reference was escaped twice', () => {
    expect(decodeDoubleEscaped('&lt;p&gt;A &amp;amp; B&lt;/p&gt;')).toBe('<p>A &amp; B</p>');
    expect(decodeDoubleEscaped('<p>5 &lt; 6</p>')).toBe('<p>5 &lt; 6</p>');
    expect(decodeDoubleEscaped('the &amp;#8220;Entity List&amp;#8221;')).toBe('the &#8220;Entity List&#8221;');
  });
});

describe('WordPress items', () => {
  it('read content:encoded instead of the teaser, without the "appeared first on" line, category or dc:creator', async () => {
    const [alert, closure] = await itemsOf(fixture('wordpress-blog.xml'));
    expect(alert?.description).toContain('The list includes <strong>WeChat Pay</strong> and QQ Wallet');
    expect(alert?.description).not.toMatch(/appeared first on|\[…\]|\[&#8230;\]/);
    expect(alert).not.toHaveProperty('content');
    expect(alert?.author).toBe('Tencent Liu');
    // Alipay is only a category and the site's name; Tencent only the author's name.
    expect(analyze(alert!).mentions.map((m) => m.entityId)).toEqual(['wechat-pay', 'qq-wallet']);
    // An item without a guid is kept, by its link.
    expect(closure).toMatchObject({ link: 'https://tradewinds-counsel.example.test/2020/12/22/holiday-closure/', description: expect.stringContaining('duty partner') });
  });
});
