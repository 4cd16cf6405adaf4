// Synthetic RSS 2.0 and Atom feeds shaped like the real ones the watcher polls: 1–3 KB items of
// HTML (paragraphs, links, images, lists, character references, CDATA or escaped markup), most
// naming no watched entity, some naming one to three (Latin or Chinese names), a few reporting
// the same development in several feeds, some written in Chinese. Deterministic for a seed.
import type { SeededRandom } from './seeded-random.ts';
import { createSeededRandom } from './seeded-random.ts';
import {
  chineseMentionText,
  chinesePlainHeadline,
  chinesePlainSentence,
  createDevelopment,
  developmentText,
  mentionText,
  plainHeadline,
  plainSentence,
  type BenchEntity,
  type Development,
} from './synthetic-text.ts';

export interface SyntheticFeedOptions {
  feeds: number;
  itemsPerFeed: number;
  seed: number;
  /** Items are dated in the `spanMs` before this (ms). */
  now: number;
  entities: readonly BenchEntity[];
  /** Share of items naming one to three entities in passing. @default 0.15 */
  mentionShare?: number;
  /** Share of items reporting one of the shared developments (rewrites across feeds). @default 0.05 */
  rewriteShare?: number;
  /** Share of items written in Chinese (half of them name an entity). @default 0.08 */
  chineseShare?: number;
  /** @default 72 h */
  spanMs?: number;
  /** URL path prefix of every feed. @default '/feeds/' */
  prefix?: string;
}

export interface SyntheticFeed {
  /** URL path on the feed server, e.g. `/feeds/007.xml`. */
  path: string;
  format: 'rss' | 'atom';
  body: string;
  items: number;
}

export interface CorpusStats {
  feeds: number;
  items: number;
  bytes: number;
  /** Items naming at least one watched entity (by construction). */
  naming: number;
  chinese: number;
  rewrites: number;
  developments: number;
}

interface BuiltItem {
  guid: string;
  title: string;
  link: string;
  at: number;
  author: string;
  section: string;
  /** Full HTML. */
  html: string;
  /** First paragraph, as teaser, when the feed carries both. */
  teaser: string;
}

const HOUR = 3_600_000;
const OUTLET_A = ['Harbor', 'Meridian', 'Capital', 'Pacific', 'Northgate', 'Summit', 'Lantern', 'Keystone', 'Bridgewater', 'Silverline', 'Granite', 'Eastbay'];
const OUTLET_B = ['Ledger', 'Courier', 'Wire', 'Dispatch', 'Review', 'Times', 'Monitor', 'Observer', 'Post', 'Journal'];
const SECTIONS = ['Markets', 'Technology', 'Policy', 'World', 'Business', 'Asia', 'Trade'];
const AUTHORS = ['Dana Whitfield', 'Marcus Lee', 'Priya Raman', 'Tomás Ortega', 'Helen Zhou', 'Sam Okafor', 'Li Wei', 'Chen Jing', 'Ruth Adler', 'Kenji Sato'];

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escXml(s).replace(/"/g, '&quot;');

/** Builds the feeds. The same options always give the same bytes. */
export function buildSyntheticFeeds(options: SyntheticFeedOptions): { feeds: SyntheticFeed[]; stats: CorpusStats } {
  const rng = createSeededRandom(options.seed);
  const spanMs = options.spanMs ?? 72 * HOUR;
  const mentionShare = options.mentionShare ?? 0.15;
  const rewriteShare = options.rewriteShare ?? 0.05;
  const chineseShare = options.chineseShare ?? 0.08;
  const prefix = options.prefix ?? '/feeds/';
  const { entities } = options;
  const withChinese = entities.filter((e) => e.chinese.length > 0);

  const total = options.feeds * options.itemsPerFeed;
  // About five reports per development, as when a wire story is picked up by several outlets.
  const developments: Development[] = [];
  const developmentCount = Math.max(3, Math.round((total * rewriteShare) / 5));
  for (let i = 0; i < developmentCount; i++) {
    const named = rng.sample(withChinese, rng.chance(0.3) ? 2 : 1);
    developments.push(createDevelopment(rng, i, named, options.now - Math.floor(rng.next() * spanMs * 0.8)));
  }

  const stats: CorpusStats = { feeds: options.feeds, items: 0, bytes: 0, naming: 0, chinese: 0, rewrites: 0, developments: developmentCount };
  const feeds: SyntheticFeed[] = [];
  for (let f = 0; f < options.feeds; f++) {
    const format = f % 2 === 0 ? 'rss' : 'atom';
    const host = `outlet${f}.example`;
    const outlet = `${rng.pick(OUTLET_A)} ${rng.pick(OUTLET_B)}`;
    const section = rng.pick(SECTIONS);
    const items: BuiltItem[] = [];
    for (let i = 0; i < options.itemsPerFeed; i++) {
      const roll = rng.next();
      let title: string;
      let sentences: string[];
      let chinese = false;
      let at = options.now - Math.floor(rng.next() * spanMs);
      if (roll < rewriteShare) {
        const dev = rng.pick(developments);
        chinese = rng.chance(0.15);
        ({ title, sentences } = developmentText(rng, dev, chinese));
        at = Math.min(options.now, dev.at + Math.floor(rng.next() * 12 * HOUR));
        stats.rewrites++;
        stats.naming++;
      } else if (roll < rewriteShare + chineseShare) {
        chinese = true;
        if (rng.chance(0.5)) {
          ({ title, sentences } = chineseMentionText(rng, rng.pick(withChinese)));
          stats.naming++;
        } else {
          title = chinesePlainHeadline(rng);
          sentences = [chinesePlainSentence(rng)];
        }
      } else if (roll < rewriteShare + chineseShare + mentionShare) {
        ({ title, sentences } = mentionText(rng, rng.sample(entities, rng.pick([1, 1, 1, 2, 2, 3]))));
        stats.naming++;
      } else {
        title = plainHeadline(rng);
        sentences = [plainSentence(rng)];
      }
      if (chinese) stats.chinese++;
      const { html, teaser } = articleHtml(rng, sentences, chinese, host);
      const slug = chinese ? `a${f}-${i}` : `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}-${i}`;
      items.push({ guid: `${host}/${i}`, title, link: `https://${host}/${new Date(at).toISOString().slice(0, 10).replace(/-/g, '/')}/${slug}`, at, author: rng.pick(AUTHORS), section, html, teaser });
    }
    items.sort((a, b) => b.at - a.at); // newest first, as feeds list them
    const title = `${outlet} — ${section}`;
    const path = `${prefix}${String(f).padStart(3, '0')}.${format === 'rss' ? 'xml' : 'atom'}`;
    const body = format === 'rss' ? rssDocument(rng, title, host, path, items, options.now) : atomDocument(title, host, path, items, options.now);
    stats.items += items.length;
    stats.bytes += Buffer.byteLength(body);
    feeds.push({ path, format, body, items: items.length });
  }
  return { feeds, stats };
}

/** The article as HTML of 0.7–2.3 KB: the substantive sentences first, then ordinary copy. */
function articleHtml(rng: SeededRandom, sentences: string[], chinese: boolean, host: string): { html: string; teaser: string } {
  const target = rng.int(700, 2_300);
  const filler = () => (chinese ? chinesePlainSentence(rng) : plainSentence(rng));
  const curly = rng.chance(0.5);
  const inline = (s: string) => {
    let html = escXml(s);
    if (curly) html = html.replace(/'/g, '&#8217;');
    if (rng.chance(0.15)) html = `<strong>${html}</strong>`;
    else if (rng.chance(0.1)) html = `<em>${html}</em>`;
    return html;
  };
  const paragraphs: string[] = [];
  const lede = sentences.map(inline).join(chinese ? '' : ' ');
  paragraphs.push(rng.chance(0.2) ? `<figure><img src="https://cdn.${host}/img/${rng.int(1, 99_999)}.jpg" alt="" width="640" height="360"/></figure><p>${lede}</p>` : `<p>${lede}</p>`);
  let length = paragraphs[0]!.length;
  while (length < target) {
    let block: string;
    const r = rng.next();
    if (r < 0.1) block = `<ul>${[filler(), filler()].map((s) => `<li>${inline(s)}</li>`).join('')}</ul>`;
    else if (r < 0.2) block = `<p>Related: <a href="https://${host}/related/${rng.int(1, 99_999)}" rel="noopener">${escXml(chinese ? chinesePlainHeadline(rng) : plainHeadline(rng))}</a></p>`;
    else block = `<p>${Array.from({ length: rng.int(2, 4) }, () => inline(filler())).join(chinese ? '' : ' ')}</p>`;
    paragraphs.push(block);
    length += block.length;
  }
  return { html: paragraphs.join('\n'), teaser: paragraphs[0]! };
}

function rssDocument(rng: SeededRandom, title: string, host: string, path: string, items: BuiltItem[], now: number): string {
  const cdata = rng.chance(0.6); // many feeds wrap HTML in CDATA, the others escape it
  const html = (s: string) => (cdata ? `<![CDATA[${s}]]>` : escXml(s));
  const entries = items.map((it) => {
    const full = rng.chance(0.3); // a teaser in <description>, the article in <content:encoded>
    return [
      '<item>',
      `<title>${escXml(it.title)}</title>`,
      `<link>${escXml(it.link)}</link>`,
      rng.chance(0.5) ? `<guid isPermaLink="false">${escXml(it.guid)}</guid>` : `<guid>${escXml(it.link)}</guid>`,
      `<pubDate>${new Date(it.at).toUTCString()}</pubDate>`,
      `<dc:creator>${escXml(it.author)}</dc:creator>`,
      `<category>${escXml(it.section)}</category>`,
      `<description>${html(full ? it.teaser : it.html)}</description>`,
      full ? `<content:encoded>${html(it.html)}</content:encoded>` : '',
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    `<channel><title>${escXml(title)}</title><link>https://${host}/</link><description>${escXml(title)}</description><language>en-us</language>`,
    `<lastBuildDate>${new Date(now).toUTCString()}</lastBuildDate><atom:link href="https://${host}${path}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    '</channel></rss>',
    '',
  ].join('\n');
}

function atomDocument(title: string, host: string, path: string, items: BuiltItem[], now: number): string {
  const entries = items.map((it) =>
    [
      '<entry>',
      `<title type="html">${escXml(it.title)}</title>`,
      `<id>tag:${host},2024:${escXml(it.guid)}</id>`,
      `<link rel="alternate" type="text/html" href="${escAttr(it.link)}"/>`,
      `<published>${new Date(it.at).toISOString()}</published><updated>${new Date(it.at).toISOString()}</updated>`,
      `<author><name>${escXml(it.author)}</name></author>`,
      `<category term="${escAttr(it.section)}"/>`,
      `<summary type="html">${escXml(it.teaser)}</summary>`,
      `<content type="html">${escXml(it.html)}</content>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<title>${escXml(title)}</title><id>tag:${host},2024:feed</id><updated>${new Date(now).toISOString()}</updated>`,
    `<link rel="self" href="https://${host}${path}"/><link rel="alternate" href="https://${host}/"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
